//! The result of the questionnaire: what is switched off and why, one line each, and the
//! conditions that need a clinician's go-ahead, with a checkbox each.

use egui::{RichText, Ui};

use super::common::{actions, card, heading, heading_label, muted, page, para, primary};
use crate::domain::safety::Verdict;
use crate::ui::intent::Intent;
use crate::ui::model::AppState;
use crate::ui::theme::{font, size, space};

/// Draws the result screen.
pub fn ui(ui: &mut Ui, state: &AppState, out: &mut Vec<Intent>) {
    let p = state.palette();
    let scale = state.look.scale;
    let answers = &state.draft;
    page(ui, "result", |ui| {
        heading(ui, "What this means for you", scale);
        if answers.conditions.is_empty() && answers.areas.is_empty() && !answers.skip_breath_holds {
            para(
                ui,
                "Nothing is switched off: every routine is open to you. Massage should still never hurt — stop if anything feels wrong.",
            );
        } else {
            para(
                ui,
                "Lull has switched off what may not suit you. Routines that relied on those steps use gentler versions, or are not offered.",
            );
            ui.add_space(space::S);
            card(ui, &p, |ui| {
                ui.set_width(ui.available_width());
                for c in &answers.conditions {
                    heading_label(
                        ui,
                        RichText::new(c.label())
                            .font(font(size::SUBHEADING, state.look.scale))
                            .strong(),
                        2,
                    );
                    ui.add(egui::Label::new(c.effect()).wrap());
                    ui.add_space(space::S);
                }
                if !answers.areas.is_empty() {
                    heading_label(
                        ui,
                        RichText::new("Areas to avoid")
                            .font(font(size::SUBHEADING, state.look.scale))
                            .strong(),
                        2,
                    );
                    for (c, areas) in &answers.areas {
                        let names: Vec<&str> = areas.iter().map(|a| a.label()).collect();
                        ui.label(format!(
                            "Nothing touches your {} ({}).",
                            names.join(", "),
                            c.label().to_lowercase()
                        ));
                    }
                    ui.add_space(space::S);
                }
                if answers.skip_breath_holds {
                    heading_label(
                        ui,
                        RichText::new("No breath holds")
                            .font(font(size::SUBHEADING, state.look.scale))
                            .strong(),
                        2,
                    );
                    ui.label("Breathing patterns run without holds.");
                }
            });
        }
        let clearable: Vec<_> = answers
            .conditions
            .iter()
            .filter(|c| c.can_be_cleared())
            .collect();
        if !clearable.is_empty() {
            ui.add_space(space::M);
            heading_label(
                ui,
                RichText::new("Check with your clinician first")
                    .font(font(size::SUBHEADING, state.look.scale))
                    .strong(),
                2,
            );
            para(
                ui,
                "These need a go-ahead from your doctor, nurse or care team before the routines that involve them open. Tick one only once they have said yes.",
            );
            for &c in &clearable {
                let mut cleared = answers.cleared_by_clinician.contains(c);
                if ui
                    .checkbox(
                        &mut cleared,
                        format!("My clinician has cleared me: {}", c.label()),
                    )
                    .changed()
                {
                    out.push(Intent::SetCleared(*c, cleared));
                }
            }
        }
        ui.add_space(space::M);
        let count = |status: &str| {
            state
                .verdicts
                .iter()
                .filter(|(_, v)| v.status() == status)
                .count()
        };
        let open = count("allowed") + count("adapted");
        muted(
            ui,
            &format!(
                "{open} routines are open to you ({} adapted), {} wait for a clinician, {} are not offered.",
                count("adapted"),
                count("needs-clinician"),
                count("blocked")
            ),
            &p,
        );
        if state
            .verdicts
            .iter()
            .all(|(_, v)| !matches!(v, Verdict::Allowed(_) | Verdict::Adapted(_)))
        {
            para(
                ui,
                "No routine is open right now. Please talk to your doctor before using Lull.",
            );
        }
        actions(ui, |ui| {
            if primary(ui, "Go to my routines", &p) {
                out.push(Intent::FinishResult);
            }
            if super::common::secondary(ui, "Change my answers") {
                out.push(Intent::EditSafetyAnswers);
            }
        });
    });
}
