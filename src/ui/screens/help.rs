//! The keyboard shortcuts overlay (`?`).

use crate::ui::intent::Intent;
use crate::ui::model::AppState;

/// Every shortcut, as shown.
pub const SHORTCUTS: [(&str, &str); 15] = [
    ("Space", "Pause or resume"),
    ("Right arrow", "Next step"),
    ("Left arrow", "Previous step"),
    ("R", "Restart this step"),
    ("Up / Down, Page Up / Down", "Scroll the step's words"),
    ("Esc", "Pause and ask to stop (Esc again stops), or go back"),
    ("F11", "Full screen"),
    ("M", "Mute"),
    ("V", "Voice on or off (in the player)"),
    ("+ / -", "Volume up / down"),
    ("1 / 2 / 3 / 4", "Stress, sleep, headache, your routines"),
    (
        "Alt+Up / Alt+Down",
        "Move the chosen step up or down (routine editor)",
    ),
    ("Enter", "Press the focused button"),
    ("?", "Show or hide this list"),
    ("Ctrl+Q", "Quit"),
];

/// Draws the overlay.
pub fn ui(ctx: &egui::Context, _state: &AppState, out: &mut Vec<Intent>) {
    egui::Window::new("Keyboard shortcuts")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            egui::Grid::new("shortcuts")
                .num_columns(2)
                .spacing([24.0, 8.0])
                .show(ui, |ui| {
                    for (key, action) in SHORTCUTS {
                        ui.label(egui::RichText::new(key).strong());
                        ui.label(action);
                        ui.end_row();
                    }
                });
            if ui.button("Close").clicked() {
                out.push(Intent::ToggleHelp);
            }
        });
}
