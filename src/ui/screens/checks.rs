//! The checks before a routine: today's "are you unwell?", the headache red flags, and the
//! emergency, urgent and see-a-doctor screens they can lead to.

use egui::{RichText, Ui};

use super::common::{actions, card, heading, heading_label, muted, page, para, primary, secondary};
use crate::domain::safety::{self as advice, HeadacheTier, RedFlag};
use crate::domain::vocabulary::Program;
use crate::ui::intent::Intent;
use crate::ui::model::{AppState, Screen};
use crate::ui::theme::{font, size, space};

/// "Are you unwell today?"
pub fn today_ui(ui: &mut Ui, state: &AppState, out: &mut Vec<Intent>) {
    let p = state.palette();
    page(ui, "today", |ui| {
        heading(ui, "Before you start today", state.look.scale);
        para(
            ui,
            "Are you unwell today — a fever, an infection, or feeling ill?",
        );
        para(
            ui,
            "Massage is best left until you feel well again. Breathing routines are still fine.",
        );
        actions(ui, |ui| {
            if primary(ui, "No, I feel well", &p) {
                out.push(Intent::AnswerUnwell(false));
            }
            if secondary(ui, "Yes, I am unwell today") {
                out.push(Intent::AnswerUnwell(true));
            }
            if secondary(ui, "Back") {
                out.push(Intent::BackToLibrary);
            }
        });
    });
}

/// The headache red-flag questions.
pub fn headache_ui(
    ui: &mut Ui,
    state: &AppState,
    flags: &std::collections::BTreeSet<RedFlag>,
    out: &mut Vec<Intent>,
) {
    let p = state.palette();
    let from_diary: &[(RedFlag, String)] = match &state.screen {
        Screen::HeadacheCheck { from_diary, .. } => from_diary,
        _ => &[],
    };
    page(ui, "headache", |ui| {
        heading(ui, "First, a quick check", state.look.scale);
        para(
            ui,
            "Most headaches are not dangerous, but some signs need a doctor. Tick any that apply to you now.",
        );
        for tier in [
            HeadacheTier::Emergency,
            HeadacheTier::Urgent,
            HeadacheTier::SeeDoctor,
        ] {
            ui.add_space(space::S);
            card(ui, &p, |ui| {
                ui.set_width(ui.available_width());
                for &flag in RedFlag::ALL.iter().filter(|f| f.tier() == tier) {
                    let mut on = flags.contains(&flag);
                    if ui.checkbox(&mut on, flag.question()).changed() {
                        out.push(Intent::SetRedFlag(flag, on));
                    }
                    if let Some((_, why)) = from_diary.iter().find(|(f, _)| *f == flag) {
                        let text = if on {
                            format!("{why} Ticked from your diary: untick it if that is not right.")
                        } else {
                            why.clone()
                        };
                        muted(ui, &text, &p);
                    }
                }
            });
        }
        actions(ui, |ui| {
            let label = if flags.is_empty() {
                "None of these — continue"
            } else {
                "Continue"
            };
            if primary(ui, label, &p) {
                out.push(Intent::SubmitHeadacheCheck);
            }
            if secondary(ui, "Back") {
                out.push(Intent::BackToLibrary);
            }
        });
    });
}

/// The emergency screen: the number, large; don't drive; nothing starts.
pub fn emergency_ui(ui: &mut Ui, state: &AppState, fast_signs: bool, out: &mut Vec<Intent>) {
    let p = state.palette();
    let scale = state.look.scale;
    egui::Frame::new().fill(p.danger_surface).show(ui, |ui| {
        ui.set_min_size(ui.available_size());
        page(ui, "emergency", |ui| {
            heading_label(
                ui,
                RichText::new(advice::EMERGENCY_HEADLINE)
                    .font(font(size::HEADING * 1.2, scale))
                    .strong()
                    .color(p.danger),
                1,
            );
            para(ui, advice::EMERGENCY_CALL);
            ui.add_space(space::S);
            ui.label(
                RichText::new(state.settings.emergency_number())
                    .font(font(size::EMERGENCY, scale))
                    .strong()
                    .color(p.danger),
            );
            ui.add_space(space::M);
            for step in advice::EMERGENCY_STEPS {
                para(ui, &format!("• {step}"));
            }
            if fast_signs {
                ui.add_space(space::S);
                heading_label(
                    ui,
                    RichText::new(advice::FAST_TITLE)
                        .font(font(size::SUBHEADING, state.look.scale))
                        .strong(),
                    2,
                );
                para(ui, advice::FAST_SIGNS);
            }
            actions(ui, |ui| {
                // Back to the questions, not to the routines: the answers stand for the day
                // until they are changed.
                if secondary(ui, "I answered by mistake — change my answers") {
                    out.push(Intent::RecheckHeadache);
                }
            });
        });
    });
}

/// Urgent: advice today; only breathing routines are offered.
pub fn urgent_ui(ui: &mut Ui, state: &AppState, out: &mut Vec<Intent>) {
    page(ui, "urgent", |ui| {
        heading(ui, advice::URGENT_HEADLINE, state.look.scale);
        para(ui, advice::URGENT_WHERE);
        para(ui, &advice::urgent_worse(state.settings.emergency_number()));
        para(ui, advice::URGENT_OFF);
        ui.add_space(space::S);
        let breathing: Vec<_> = state
            .catalogue
            .routines()
            .iter()
            .filter(|r| r.program == Program::Stress && !r.has_touch())
            .filter(|r| state.verdict(&r.id).and_then(|v| v.routine()).is_some())
            .collect();
        for r in breathing {
            if ui.button(format!("Start {}", r.title)).clicked() {
                out.push(Intent::StartRoutine(r.id.clone()));
            }
        }
        actions(ui, |ui| {
            if secondary(ui, "Back to my routines") {
                out.push(Intent::BackToLibrary);
            }
        });
    });
}

/// See a doctor soon: advice, then the routine may start.
pub fn see_doctor_ui(ui: &mut Ui, state: &AppState, out: &mut Vec<Intent>) {
    let p = state.palette();
    page(ui, "see-doctor", |ui| {
        heading(ui, advice::SEE_DOCTOR_HEADLINE, state.look.scale);
        para(ui, advice::SEE_DOCTOR_WHY);
        para(
            ui,
            "You can still do this routine now. Stop if the headache gets worse.",
        );
        muted(
            ui,
            "Lull keeps a headache diary from your routines: the “Diary for my doctor” button in History saves it for the appointment.",
            &p,
        );
        actions(ui, |ui| {
            if primary(ui, "Continue to the routine", &p) {
                out.push(Intent::ContinueAfterAdvice);
            }
            if secondary(ui, "Back") {
                out.push(Intent::BackToLibrary);
            }
        });
    });
}
