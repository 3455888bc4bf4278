//! Layout helpers shared by the screens: a centred text column, headings, buttons, badges.

use egui::{Align, Button, Color32, Layout, RichText, Ui};

use crate::ui::theme::{Palette, font, size, space};

/// Lays out `add` in a centred column of readable width, scrolling when needed. A page opens
/// at the top each time it is entered (it was not drawn in the previous pass), so a second
/// headache check never opens scrolled past its emergency questions.
pub fn page(ui: &mut Ui, id: &str, add: impl FnOnce(&mut Ui)) {
    let pass = ui.ctx().cumulative_pass_nr();
    let seen = egui::Id::unique(("page-last-drawn", id));
    let last: Option<u64> = ui.data(|d| d.get_temp(seen));
    ui.data_mut(|d| d.insert_temp(seen, pass));
    let entered = last.is_none_or(|last| last + 1 < pass);
    let mut area = egui::ScrollArea::vertical()
        .id_salt(id)
        .auto_shrink([false, false]);
    if entered {
        area = area.vertical_scroll_offset(0.0);
    }
    area.show(ui, |ui| {
        let width = ui.available_width().min(space::TEXT_WIDTH);
        let margin = ((ui.available_width() - width) / 2.0).max(space::M);
        ui.horizontal(|ui| {
            ui.add_space(margin);
            ui.vertical(|ui| {
                ui.set_max_width(width);
                ui.add_space(space::XL);
                add(ui);
                ui.add_space(space::XL);
            });
        });
    });
}

/// A level slider shown in whole percent (1.0 is 100 %), typed the same way.
pub fn percent(slider: egui::Slider<'_>) -> egui::Slider<'_> {
    slider
        .custom_formatter(|v, _| format!("{:.0} %", v * 100.0))
        .custom_parser(|s| {
            s.trim()
                .trim_end_matches('%')
                .trim()
                .parse::<f64>()
                .ok()
                .map(|v| v / 100.0)
        })
}

/// A large heading: the title of a page (heading level 1 to assistive technology).
pub fn heading(ui: &mut Ui, text: &str, scale: f32) {
    heading_label(
        ui,
        RichText::new(text)
            .font(font(size::HEADING, scale))
            .strong(),
        1,
    );
    ui.add_space(space::S);
}

/// Tells assistive technology that `response`, a label reading `text`, is a heading of
/// `level` (1 a page's title, 2 a section or a routine's card, 3 a part of one), so a
/// screen-reader user can jump from heading to heading. AccessKit counts levels from 0;
/// AT-SPI shows the role only.
pub fn mark_heading(ui: &Ui, response: &egui::Response, text: &str, level: usize) {
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_role(egui::Role::Heading);
        // A label's text is its value; a heading's text is its name.
        node.clear_value();
        node.set_label(text);
        node.set_level(level.saturating_sub(1));
    });
}

/// A label that is a heading of `level` (see [`mark_heading`]).
pub fn heading_label(ui: &mut Ui, text: RichText, level: usize) -> egui::Response {
    let name = text.text().to_owned();
    let response = ui.label(text);
    mark_heading(ui, &response, &name, level);
    response
}

/// Body text that wraps.
pub fn para(ui: &mut Ui, text: &str) {
    ui.add(egui::Label::new(text).wrap());
}

/// Muted text that wraps.
pub fn muted(ui: &mut Ui, text: &str, palette: &Palette) {
    ui.add(egui::Label::new(RichText::new(text).color(palette.text_muted)).wrap());
}

/// The main action of a screen.
pub fn primary(ui: &mut Ui, text: &str, palette: &Palette) -> bool {
    ui.add(
        Button::new(RichText::new(text).color(palette.on_accent).strong())
            .fill(palette.accent)
            .min_size(egui::vec2(160.0, 40.0)),
    )
    .clicked()
}

/// A secondary action.
pub fn secondary(ui: &mut Ui, text: &str) -> bool {
    ui.add(Button::new(text).min_size(egui::vec2(120.0, 40.0)))
        .clicked()
}

/// The user's text scale, read back from the style (for helpers that get no state).
pub fn text_scale(ui: &Ui) -> f32 {
    ui.style()
        .text_styles
        .get(&egui::TextStyle::Body)
        .map_or(1.0, |f| f.size / size::BODY)
}

/// A badge: a small outlined pill in `colour` on a faint wash of it.
pub fn badge(ui: &mut Ui, text: &str, colour: Color32) -> egui::Response {
    let scale = text_scale(ui);
    egui::Frame::new()
        .fill(colour.gamma_multiply(0.10))
        .stroke(egui::Stroke::new(1.0, colour))
        .corner_radius(space::RADIUS)
        .inner_margin(egui::Margin::symmetric(
            space::S as i8,
            (space::XS / 2.0) as i8,
        ))
        .show(ui, |ui| {
            ui.label(
                RichText::new(text)
                    .color(colour)
                    .strong()
                    .font(font(size::SMALL, scale)),
            )
        })
        .inner
}

/// A badge that opens something (same look, a button to assistive technology).
pub fn badge_button(ui: &mut Ui, text: &str, colour: Color32) -> egui::Response {
    let scale = text_scale(ui);
    let saved = ui.spacing().button_padding;
    ui.spacing_mut().button_padding = egui::vec2(space::S, space::XS / 2.0);
    let response = ui.add(
        Button::new(
            RichText::new(text)
                .color(colour)
                .strong()
                .font(font(size::SMALL, scale)),
        )
        .fill(colour.gamma_multiply(0.10))
        .stroke(egui::Stroke::new(1.0, colour))
        .corner_radius(space::RADIUS)
        .min_size(egui::Vec2::ZERO),
    );
    ui.spacing_mut().button_padding = saved;
    response
}

/// The heading of a section or group (level 2).
pub fn subheading(ui: &mut Ui, text: &str) -> egui::Response {
    let scale = text_scale(ui);
    heading_label(
        ui,
        RichText::new(text)
            .font(font(size::SUBHEADING, scale))
            .strong(),
        2,
    )
}

/// A framed card.
pub fn card<R>(ui: &mut Ui, palette: &Palette, add: impl FnOnce(&mut Ui) -> R) -> R {
    egui::Frame::new()
        .fill(palette.surface)
        .corner_radius(space::RADIUS)
        .inner_margin(space::M)
        .stroke(egui::Stroke::new(1.0, palette.surface_strong))
        .show(ui, add)
        .inner
}

/// A row of buttons aligned to the left, wrapping.
pub fn actions(ui: &mut Ui, add: impl FnOnce(&mut Ui)) {
    ui.add_space(space::M);
    ui.with_layout(
        Layout::left_to_right(Align::Center).with_main_wrap(true),
        add,
    );
}

/// What the dim line says.
pub const DARK_HINT: &str = "Move the mouse or press any key to see the screen";

/// The dark screen of an audio-first step: nothing but black, until a mouse move, a click or
/// a key (the app turns those into the same `Wake`). For its first `DARK_HINT_SECS` a very
/// dim line says how to wake it.
pub fn dark_screen(
    ui: &mut Ui,
    palette: &Palette,
    dark_for: std::time::Duration,
    out: &mut Vec<crate::ui::intent::Intent>,
) {
    let rect = ui.max_rect();
    ui.painter().rect_filled(rect, 0.0, palette.blackout);
    if dark_for < std::time::Duration::from_secs(crate::ui::model::DARK_HINT_SECS) {
        let scale = text_scale(ui);
        let height = 3.0 * size::SUBHEADING * scale;
        let line = egui::Rect::from_min_max(
            egui::pos2(rect.left() + space::XL, rect.bottom() - space::XL - height),
            egui::pos2(rect.right() - space::XL, rect.bottom() - space::XL),
        );
        ui.put(
            line,
            egui::Label::new(
                RichText::new(DARK_HINT)
                    .font(font(size::SUBHEADING, scale))
                    .color(palette.blackout_hint),
            )
            .wrap()
            .selectable(false),
        );
    }
    let response = ui.allocate_rect(rect, egui::Sense::click());
    response.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::Button,
            true,
            "Screen is dark — move the mouse, click or press any key to show it",
        )
    });
    if response.clicked() {
        out.push(crate::ui::intent::Intent::Wake);
    }
}

/// A brief line at the bottom of the window (the volume after a sound key), over whatever is
/// shown; a live region, so screen readers say it.
pub fn toast(ctx: &egui::Context, palette: &Palette, text: &str) {
    egui::Area::new(egui::Id::unique("lull-toast"))
        .order(egui::Order::Tooltip)
        .anchor(egui::Align2::CENTER_BOTTOM, egui::vec2(0.0, -space::XL))
        .interactable(false)
        .show(ctx, |ui| {
            egui::Frame::new()
                .fill(palette.surface)
                .stroke(egui::Stroke::new(1.0, palette.surface_strong))
                .corner_radius(space::RADIUS)
                .inner_margin(space::M)
                .show(ui, |ui| {
                    let response = ui.label(RichText::new(text).color(palette.text_strong));
                    response
                        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Status, true, text));
                });
        });
}
