//! Design tokens: every colour, spacing and text size of the app lives here (clippy bans
//! colour constructors everywhere else). Three themes: light, dark, and night (dark, dim and
//! warm; forced for the sleep program).

use egui::{Color32, FontFamily, FontId, TextStyle};

pub use crate::profile::settings::Theme;

/// The colours of one theme.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Palette {
    /// Window background.
    pub background: Color32,
    /// Cards and panels.
    pub surface: Color32,
    /// A hovered or selected card.
    pub surface_strong: Color32,
    /// Body text.
    pub text: Color32,
    /// Headings and emphasised (`.strong()`) text: darker than body text on light themes,
    /// brighter on dark ones.
    pub text_strong: Color32,
    /// Secondary text.
    pub text_muted: Color32,
    /// The one accent colour.
    pub accent: Color32,
    /// A soft version of the accent (fills).
    pub accent_soft: Color32,
    /// Text on the accent colour.
    pub on_accent: Color32,
    /// A selected tab, choice or rating (under strong text): clearly different from a
    /// button's fill.
    pub selected: Color32,
    /// Advice and "adapted" badges.
    pub caution: Color32,
    /// Emergency and "blocked" badges.
    pub danger: Color32,
    /// Background of the emergency screen.
    pub danger_surface: Color32,
    /// The outline and detail lines of the body figures (3:1 on the background and on
    /// the figure's fill).
    pub figure_line: Color32,
    /// Fill of the body figures.
    pub figure_fill: Color32,
    /// The middle of a highlighted area on a figure (3:1 on the figure's fill; it fades
    /// toward its rim).
    pub figure_highlight: Color32,
    /// The rim of a highlighted area and the acupoint dots (3:1 on the figure's fill).
    pub figure_highlight_edge: Color32,
    /// The black of a dark screen (screen-off steps).
    pub blackout: Color32,
    /// The dim line on a dark screen saying how to wake it (readable, 3:1, but no glare).
    pub blackout_hint: Color32,
}

/// The palette of `theme`.
#[expect(
    clippy::disallowed_methods,
    reason = "the one place colours are defined"
)]
pub fn palette(theme: Theme) -> Palette {
    match theme {
        Theme::Light => Palette {
            background: Color32::from_rgb(246, 244, 239),
            surface: Color32::from_rgb(255, 255, 252),
            surface_strong: Color32::from_rgb(232, 240, 238),
            text: Color32::from_rgb(35, 38, 43),
            text_strong: Color32::from_rgb(8, 10, 14),
            text_muted: Color32::from_rgb(94, 101, 110),
            accent: Color32::from_rgb(38, 118, 112),
            accent_soft: Color32::from_rgb(196, 226, 222),
            on_accent: Color32::from_rgb(255, 255, 255),
            selected: Color32::from_rgb(150, 206, 199),
            caution: Color32::from_rgb(138, 88, 14),
            danger: Color32::from_rgb(176, 38, 38),
            danger_surface: Color32::from_rgb(255, 236, 234),
            figure_line: Color32::from_rgb(84, 92, 100),
            figure_fill: Color32::from_rgb(236, 231, 222),
            figure_highlight: Color32::from_rgb(66, 142, 134),
            figure_highlight_edge: Color32::from_rgb(30, 108, 102),
            blackout: Color32::from_rgb(0, 0, 0),
            blackout_hint: Color32::from_rgb(110, 96, 80),
        },
        Theme::Dark => Palette {
            background: Color32::from_rgb(22, 25, 29),
            surface: Color32::from_rgb(32, 36, 41),
            surface_strong: Color32::from_rgb(42, 52, 54),
            text: Color32::from_rgb(223, 227, 230),
            text_strong: Color32::from_rgb(250, 251, 252),
            text_muted: Color32::from_rgb(150, 158, 166),
            accent: Color32::from_rgb(88, 176, 168),
            accent_soft: Color32::from_rgb(36, 70, 68),
            on_accent: Color32::from_rgb(12, 22, 22),
            selected: Color32::from_rgb(40, 98, 93),
            caution: Color32::from_rgb(226, 178, 92),
            danger: Color32::from_rgb(248, 128, 122),
            danger_surface: Color32::from_rgb(58, 26, 26),
            figure_line: Color32::from_rgb(150, 158, 166),
            figure_fill: Color32::from_rgb(44, 49, 55),
            figure_highlight: Color32::from_rgb(76, 156, 148),
            figure_highlight_edge: Color32::from_rgb(120, 206, 198),
            blackout: Color32::from_rgb(0, 0, 0),
            blackout_hint: Color32::from_rgb(110, 96, 80),
        },
        Theme::Night => Palette {
            background: Color32::from_rgb(14, 10, 8),
            surface: Color32::from_rgb(24, 18, 14),
            surface_strong: Color32::from_rgb(36, 26, 19),
            text: Color32::from_rgb(184, 148, 114),
            text_strong: Color32::from_rgb(206, 166, 126),
            text_muted: Color32::from_rgb(164, 131, 100),
            accent: Color32::from_rgb(194, 126, 72),
            accent_soft: Color32::from_rgb(60, 38, 22),
            on_accent: Color32::from_rgb(14, 10, 8),
            selected: Color32::from_rgb(70, 42, 22),
            caution: Color32::from_rgb(190, 140, 72),
            danger: Color32::from_rgb(220, 118, 98),
            danger_surface: Color32::from_rgb(40, 18, 14),
            figure_line: Color32::from_rgb(164, 131, 100),
            figure_fill: Color32::from_rgb(36, 27, 21),
            figure_highlight: Color32::from_rgb(156, 98, 54),
            figure_highlight_edge: Color32::from_rgb(214, 146, 86),
            blackout: Color32::from_rgb(0, 0, 0),
            blackout_hint: Color32::from_rgb(110, 96, 80),
        },
    }
}

/// Spacing, in points.
pub mod space {
    /// Between small related items.
    pub const XS: f32 = 4.0;
    /// Between items.
    pub const S: f32 = 8.0;
    /// Between groups.
    pub const M: f32 = 16.0;
    /// Around sections.
    pub const L: f32 = 24.0;
    /// Page margins.
    pub const XL: f32 = 40.0;
    /// Corner radius of cards and buttons.
    pub const RADIUS: u8 = 12;
    /// Widest column of text (readable line length).
    pub const TEXT_WIDTH: f32 = 720.0;
}

/// Text sizes, in points, before the user's text scale.
pub mod size {
    /// Small print.
    pub const SMALL: f32 = 14.0;
    /// Body text.
    pub const BODY: f32 = 17.0;
    /// Buttons.
    pub const BUTTON: f32 = 17.0;
    /// Headings of a screen.
    pub const HEADING: f32 = 26.0;
    /// Headings of a section or group, and card titles.
    pub const SUBHEADING: f32 = 21.0;
    /// The player's status lines ("Step 2 of 5", time left, "Next: …"), readable from 1–2 m.
    pub const STATUS: f32 = 24.0;
    /// The player's step title (readable from 1–2 m).
    pub const STEP_TITLE: f32 = 40.0;
    /// The player's instruction.
    pub const INSTRUCTION: f32 = 26.0;
    /// The countdown and the pacer count.
    pub const TIMER: f32 = 44.0;
    /// The phase word under the breathing pacer ("Breathe in").
    pub const PHASE: f32 = 30.0;
    /// The emergency number.
    pub const EMERGENCY: f32 = 48.0;
}

/// A font of the proportional family at `points × scale`.
pub fn font(points: f32, scale: f32) -> FontId {
    FontId::new(points * scale, FontFamily::Proportional)
}

/// The design tokens in force for one frame: the theme (the night look included), its
/// colours and the text scale. The app decides it once a frame; every screen draws with it
/// and none decides it again.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Look {
    /// The theme in force (the user's, or the night look).
    pub theme: Theme,
    /// Its colours.
    pub palette: Palette,
    /// The text scale, within 0.8–2.0.
    pub scale: f32,
}

impl Look {
    /// The look of `theme` at `text_scale` (kept within 0.8–2.0).
    pub fn new(theme: Theme, text_scale: f32) -> Self {
        Self {
            theme,
            palette: palette(theme),
            scale: text_scale.clamp(0.8, 2.0),
        }
    }
}

impl Default for Look {
    fn default() -> Self {
        Self::new(Theme::Light, 1.0)
    }
}

/// Applies `look` (its theme and text scale) to the context.
pub fn apply(ctx: &egui::Context, look: Look) {
    let (theme, p) = (look.theme, look.palette);
    let mut visuals = match theme {
        Theme::Light => egui::Visuals::light(),
        Theme::Dark | Theme::Night => egui::Visuals::dark(),
    };
    visuals.panel_fill = p.background;
    visuals.window_fill = p.surface;
    visuals.extreme_bg_color = p.surface;
    visuals.faint_bg_color = p.surface_strong;
    // Text colours per widget state (not a global override, so a selected button can use
    // the colour that reads on the accent).
    visuals.override_text_color = None;
    visuals.widgets.noninteractive.fg_stroke.color = p.text;
    visuals.widgets.inactive.fg_stroke.color = p.text;
    visuals.widgets.hovered.fg_stroke.color = p.text;
    // `RichText::strong()` uses the active colour: headings and emphasis stand out.
    visuals.widgets.active.fg_stroke.color = p.text_strong;
    visuals.widgets.open.fg_stroke.color = p.text;
    // A fine outline, so buttons and check boxes stand out from the page.
    visuals.widgets.inactive.bg_stroke = egui::Stroke::new(1.0, p.text_muted.gamma_multiply(0.6));
    visuals.widgets.hovered.bg_stroke = egui::Stroke::new(1.0, p.accent);
    visuals.hyperlink_color = p.accent;
    // Selected tabs and text selections: an accent fill under strong text. The same
    // stroke outlines a focused text field, so it must show on the page.
    visuals.selection.bg_fill = p.selected;
    visuals.selection.stroke = egui::Stroke::new(2.0, p.text_strong);
    visuals.text_edit_bg_color = Some(p.surface);
    visuals.widgets.inactive.weak_bg_fill = p.surface_strong;
    visuals.widgets.inactive.bg_fill = p.surface_strong;
    visuals.widgets.hovered.weak_bg_fill = p.surface_strong;
    visuals.widgets.hovered.bg_fill = p.surface_strong;
    visuals.widgets.hovered.bg_stroke = egui::Stroke::new(1.5, p.accent);
    visuals.widgets.active.weak_bg_fill = p.accent_soft;
    visuals.widgets.active.bg_fill = p.accent_soft;
    visuals.widgets.active.bg_stroke = egui::Stroke::new(1.5, p.accent);
    // Round slider handles at every text scale (the default rounded rectangle turns into a
    // square when the handle grows).
    visuals.handle_shape = egui::style::HandleShape::Circle;
    let radius = egui::CornerRadius::same(space::RADIUS);
    visuals.widgets.inactive.corner_radius = radius;
    visuals.widgets.hovered.corner_radius = radius;
    visuals.widgets.active.corner_radius = radius;
    visuals.widgets.noninteractive.corner_radius = radius;
    let scale = look.scale;
    ctx.all_styles_mut(|style| {
        style.visuals = visuals.clone();
        style.spacing.item_spacing = egui::vec2(space::S, space::S);
        style.spacing.button_padding = egui::vec2(space::M, space::S);
        style.spacing.interact_size.y = 32.0 * scale;
        // Check boxes and radio buttons large enough to see and hit.
        style.spacing.icon_width = 20.0 * scale;
        style.spacing.icon_width_inner = 12.0 * scale;
        style.spacing.icon_spacing = 8.0;
        style.text_styles = [
            (TextStyle::Small, font(size::SMALL, scale)),
            (TextStyle::Body, font(size::BODY, scale)),
            (TextStyle::Button, font(size::BUTTON, scale)),
            (TextStyle::Heading, font(size::HEADING, scale)),
            (
                TextStyle::Monospace,
                FontId::new(size::BODY * scale, FontFamily::Monospace),
            ),
        ]
        .into();
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG 2 contrast ratio of two colours.
    fn contrast(a: Color32, b: Color32) -> f32 {
        fn lum(c: Color32) -> f32 {
            let ch = |v: u8| {
                let v = f32::from(v) / 255.0;
                if v <= 0.039_28 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * ch(c.r()) + 0.7152 * ch(c.g()) + 0.0722 * ch(c.b())
        }
        let (la, lb) = (lum(a), lum(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn every_text_reaches_4_5_to_1_on_what_it_sits_on_in_every_theme() {
        for theme in Theme::ALL {
            let p = palette(theme);
            let pairs = [
                ("text on background", p.text, p.background),
                ("text on surface", p.text, p.surface),
                ("strong text on surface", p.text_strong, p.surface),
                ("muted text on background", p.text_muted, p.background),
                ("muted text on surface", p.text_muted, p.surface),
                ("text on the accent", p.on_accent, p.accent),
                ("text on a selection", p.text, p.selected),
                ("strong text on a selection", p.text_strong, p.selected),
            ];
            for (what, fg, bg) in pairs {
                let c = contrast(fg, bg);
                assert!(c >= 4.5, "{theme:?}: {what} is {c:.2}:1");
            }
        }
    }

    /// The wake hint on a dark screen is meant to be dim (it shows for a few seconds in a
    /// dark bedroom; its words are also the screen's accessible name), but still readable:
    /// 3:1, WCAG's floor for large text, and it is drawn at subheading size.
    #[test]
    fn the_dark_screen_hint_is_dim_but_readable_in_every_theme() {
        for theme in Theme::ALL {
            let p = palette(theme);
            let c = contrast(p.blackout_hint, p.blackout);
            assert!((3.0..4.5).contains(&c), "{theme:?}: the hint is {c:.2}:1");
        }
    }

    /// WCAG 1.4.11 (non-text contrast): the parts of a figure that carry its meaning reach
    /// 3:1 on what they are drawn on. The figure's fill may be close to the page: its outline
    /// marks it. A highlight is drawn opaque at its middle, so its colour is what is seen.
    #[test]
    fn every_figure_part_reaches_3_to_1_in_every_theme() {
        for theme in Theme::ALL {
            let p = palette(theme);
            let pairs = [
                ("figure outline on background", p.figure_line, p.background),
                ("figure outline on surface", p.figure_line, p.surface),
                ("figure details on its fill", p.figure_line, p.figure_fill),
                ("highlight on the figure", p.figure_highlight, p.figure_fill),
                (
                    "highlight rim and points on the figure",
                    p.figure_highlight_edge,
                    p.figure_fill,
                ),
            ];
            for (what, fg, bg) in pairs {
                let c = contrast(fg, bg);
                assert!(c >= 3.0, "{theme:?}: {what} is {c:.2}:1");
            }
        }
    }
}
