//! The bar at the top of every screen but the player: the name, then Settings, History and
//! the shortcuts, with a margin all round. "Routines" shows only where the screen has no way
//! back of its own (no "Back" or "Back to my routines" beside it).

use egui::{Align, Layout, RichText, Ui};

use crate::ui::intent::Intent;
use crate::ui::model::{AppState, Screen};
use crate::ui::theme::{font, size, space};

/// Whether `screen` offers "Routines" in the top bar (it has no way back of its own).
pub const fn offers_routines(screen: &Screen) -> bool {
    matches!(
        screen,
        Screen::Settings { .. } | Screen::History | Screen::Tail { .. }
    )
}

/// Draws the top bar and the notices under it.
pub fn ui(ui: &mut Ui, state: &AppState, out: &mut Vec<Intent>) {
    let p = state.palette();
    let scale = state.look.scale;
    ui.add_space(space::S);
    ui.horizontal(|ui| {
        ui.add_space(space::L);
        ui.label(
            RichText::new("Lull")
                .font(font(size::SUBHEADING, scale))
                .color(p.accent),
        );
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            ui.add_space(space::L);
            if ui.button("?").on_hover_text("Keyboard shortcuts").clicked() {
                out.push(Intent::ToggleHelp);
            }
            let in_flow = matches!(
                state.screen,
                Screen::Welcome | Screen::Screening { .. } | Screen::Emergency { .. }
            );
            if !in_flow
                // Not while sound plays on its own: History waits until it ends.
                && !matches!(
                    state.screen,
                    Screen::History | Screen::Tail { .. } | Screen::Sound { .. }
                )
                && state.record.is_some()
                && ui.button("History").clicked()
            {
                out.push(Intent::OpenHistory);
            }
            if !in_flow
                && !matches!(state.screen, Screen::Settings { .. })
                && ui.button("Settings").clicked()
            {
                out.push(Intent::OpenSettings);
            }
            if offers_routines(&state.screen)
                && state.record.is_some()
                && ui.button("Routines").clicked()
            {
                out.push(Intent::BackToLibrary);
            }
        });
    });
    for (i, n) in state.notices.iter().enumerate() {
        ui.horizontal(|ui| {
            ui.add_space(space::L);
            let colour = if n.warning { p.caution } else { p.text_muted };
            // The words wrap short of the right edge, so the dismiss button always shows.
            let buttons = if n.undo.is_some() { 7.0 } else { 3.0 };
            let reserve = space::L + buttons * ui.text_style_height(&egui::TextStyle::Button);
            ui.allocate_ui(
                egui::vec2((ui.available_width() - reserve).max(0.0), 0.0),
                |ui| ui.add(egui::Label::new(RichText::new(&n.text).color(colour)).wrap()),
            );
            if n.undo.is_some() && ui.small_button("Undo").clicked() {
                out.push(Intent::UndoDelete(i));
            }
            let dismiss = ui.small_button("×");
            dismiss.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Button, true, "Dismiss this notice")
            });
            if dismiss.clicked() {
                out.push(Intent::DismissNotice(i));
            }
        });
        if let Some(detail) = &n.detail {
            ui.horizontal(|ui| {
                ui.add_space(space::L);
                egui::CollapsingHeader::new("Details")
                    .id_salt(("notice-details", i))
                    .show(ui, |ui| {
                        ui.add(egui::Label::new(RichText::new(detail).color(p.text_muted)).wrap());
                    });
            });
        }
    }
    ui.add_space(space::XS);
}
