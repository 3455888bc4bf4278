//! First screen: what Lull is and is not, and the emergency line.

use egui::{RichText, Ui};

use super::common::{actions, heading, heading_label, muted, page, para, primary};
use crate::ui::intent::Intent;
use crate::ui::model::AppState;
use crate::ui::theme::{font, size, space};

/// Draws the welcome screen.
pub fn ui(ui: &mut Ui, state: &AppState, out: &mut Vec<Intent>) {
    let p = state.palette();
    let scale = state.look.scale;
    page(ui, "welcome", |ui| {
        heading(ui, "Welcome to Lull", scale);
        para(
            ui,
            "Lull guides you through short self-massage, breathing and relaxation routines, for stress during the day, for winding down at night and for tension headaches.",
        );
        ui.add_space(space::M);
        heading_label(
            ui,
            RichText::new("What Lull is not")
                .font(font(size::SUBHEADING, state.look.scale))
                .strong(),
            2,
        );
        para(
            ui,
            "Lull supports relaxation. It is not medical care, it does not diagnose anything, and it cannot tell whether a headache or a pain is serious.",
        );
        para(
            ui,
            "Massage is not safe for everyone. The next screen asks a few yes-or-no questions so that Lull can leave out anything that may not suit you.",
        );
        para(
            ui,
            "Massage should never hurt. Stop at once if you feel pain, numbness, tingling, dizziness, or a change in your vision.",
        );
        ui.add_space(space::M);
        egui::Frame::new().fill(p.danger_surface).corner_radius(space::RADIUS).inner_margin(space::M).show(ui, |ui| {
            heading_label(ui, RichText::new("Not for emergencies").font(font(size::SUBHEADING, state.look.scale)).strong().color(p.danger), 2);
            para(ui, &format!(
                "If you think you need urgent help — a sudden severe headache, chest pain, trouble breathing or speaking, weakness on one side — call {} now.",
                state.settings.emergency_number()
            ));
        });
        ui.add_space(space::S);
        let title = heading_label(
            ui,
            RichText::new("Your local emergency number")
                .font(font(size::SUBHEADING, state.look.scale))
                .strong(),
            2,
        );
        let hint = state.emergency_suggested_from.as_ref().map_or_else(
            || "Lull shows it on its emergency screens. Type the number you would call for an ambulance where you are (for example 112, 911, 999 or 000).".to_owned(),
            |zone| format!("Suggested from your time zone ({zone}). Check it is the number you would call for an ambulance where you are, and change it if not."),
        );
        ui.add(egui::Label::new(hint).wrap());
        let mut number = state.settings.emergency_number.clone();
        if ui
            .add(egui::TextEdit::singleline(&mut number).desired_width(240.0 * scale))
            .labelled_by(title.id)
            .changed()
        {
            let mut next = state.settings.clone();
            next.emergency_number = number;
            out.push(Intent::ChangeSettings(Box::new(next)));
        }
        ui.add_space(space::S);
        muted(
            ui,
            "Your answers stay on this computer. You can change the number in Settings.",
            &p,
        );
        actions(ui, |ui| {
            if primary(ui, "I understand — continue", &p) {
                out.push(Intent::AcceptWelcome);
            }
        });
    });
}
