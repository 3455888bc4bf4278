//! The breathing pacer, built like egui's `toggle_switch` in four steps: size, allocate,
//! interact, paint. It is driven by the domain's `phase_at` (passed in as a `BreathPhase`),
//! never by egui's animation state, so the picture and the pacer tone always agree.

use egui::{Align2, Response, Sense, Stroke, Ui, Vec2, WidgetInfo};

use crate::domain::breathing::BreathPhase;
use crate::ui::theme::{Palette, font, size};

/// The text a screen reader hears, and tests look for: "Breathe in, 3".
pub fn describe(phase: &BreathPhase) -> String {
    format!(
        "{}, {}",
        phase.kind.word(),
        phase.remaining_ms.div_ceil(1_000)
    )
}

/// Draws the pacer for `phase`, `diameter` points wide: a breathing circle with the count
/// inside it (sized to fit the smallest circle, so it never spills over). With
/// `reduce_motion`, the count over a bar that moves once a second instead. The phase word is
/// not drawn here: the player shows it as a label under the pacer, which screen readers
/// announce.
pub fn pacer(
    ui: &mut Ui,
    phase: &BreathPhase,
    reduce_motion: bool,
    palette: &Palette,
    diameter: f32,
) -> Response {
    // 1. Decide a size (the text scales with the pacer, which the caller scales with the
    // user's text scale).
    let diameter = diameter.max(40.0);
    let scale = diameter / 240.0;
    let desired = if reduce_motion {
        Vec2::new(diameter, 100.0 * scale)
    } else {
        Vec2::splat(diameter)
    };
    // 2. Allocate space.
    let (rect, response) = ui.allocate_exact_size(desired, Sense::hover());
    // 3. Interaction: none; but tell assistive technology what it shows.
    let text = describe(phase);
    response.widget_info(|| {
        WidgetInfo::labeled(egui::Role::Label, true, format!("Breathing pacer: {text}"))
    });
    // 4. Paint.
    if ui.is_rect_visible(rect) {
        let painter = ui.painter();
        let count = phase.remaining_ms.div_ceil(1_000).to_string();
        if reduce_motion {
            painter.text(
                rect.center_top() + Vec2::new(0.0, 28.0 * scale),
                Align2::CENTER_CENTER,
                count,
                font(size::TIMER, scale),
                palette.text,
            );
            let bar = egui::Rect::from_min_size(
                rect.left_bottom() - Vec2::new(0.0, 28.0 * scale),
                Vec2::new(rect.width(), 14.0 * scale),
            );
            painter.rect_filled(bar, 7.0 * scale, palette.accent_soft);
            // Whole seconds only: the bar steps once a second, it does not animate.
            let total =
                (phase.remaining_ms as f32 / 1_000.0 / (1.0 - phase.progress_0_to_1).max(1e-3))
                    .round()
                    .max(1.0);
            let elapsed = (total - phase.remaining_ms.div_ceil(1_000) as f32).max(0.0);
            let mut filled = bar;
            filled.set_width(bar.width() * (elapsed / total).clamp(0.0, 1.0));
            painter.rect_filled(filled, 7.0 * scale, palette.accent);
        } else {
            let center = rect.center();
            let max_r = rect.width() / 2.0;
            let min_r = max_r * 0.42;
            let r = min_r + (max_r - min_r) * phase.fill_0_to_1;
            painter.circle_stroke(
                center,
                max_r - 1.0,
                Stroke::new(2.0 * scale, palette.accent_soft),
            );
            painter.circle_filled(center, r, palette.accent_soft);
            painter.circle_stroke(center, r, Stroke::new(3.0 * scale, palette.accent));
            // The count fits inside the smallest circle (two digits at most).
            painter.text(
                center,
                Align2::CENTER_CENTER,
                count,
                font(size::TIMER, scale),
                palette.text_strong,
            );
        }
    }
    response
}
