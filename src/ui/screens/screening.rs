//! The screening questionnaire: plain yes/no questions in groups, one condition each.
//! Every question needs an answer; "prefer not to say" is not an option that unlocks anything.

use egui::{RichText, Ui};

use super::common::{actions, card, heading, heading_label, muted, page, para, primary, secondary};
use crate::domain::safety::{Condition, Group};
use crate::domain::tag::Area;
use crate::ui::intent::Intent;
use crate::ui::model::AppState;
use crate::ui::theme::{font, size, space};

/// Draws the questionnaire; `cancellable` when saved answers are being reviewed (Cancel
/// leaves them as they were).
pub fn ui(ui: &mut Ui, state: &AppState, cancellable: bool, out: &mut Vec<Intent>) {
    let p = state.palette();
    let scale = state.look.scale;
    let draft = &state.draft;
    let total = Condition::ALL.iter().filter(|c| asked(state, **c)).count();
    let missing = Condition::ALL
        .iter()
        .filter(|c| asked(state, **c) && !state.answered.contains(c))
        .count();
    page(ui, "screening", |ui| {
        heading(ui, "A few questions about your health", scale);
        para(
            ui,
            "Answer each question. Lull uses your answers only to leave out or change steps that may not suit you. You can change them any time in Settings.",
        );
        progress(ui, total - missing, total);
        for group in Group::ALL {
            ui.add_space(space::M);
            card(ui, &p, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal(|ui| {
                    heading_label(
                        ui,
                        RichText::new(group.label())
                            .font(font(size::SUBHEADING, state.look.scale))
                            .strong(),
                        2,
                    );
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        if ui
                            .small_button(format!(
                                "None of these: {}",
                                group.label().to_lowercase()
                            ))
                            .clicked()
                        {
                            out.push(Intent::NoneInGroup(group));
                        }
                    });
                });
                for &c in Condition::ALL
                    .iter()
                    .filter(|c| c.group() == group && asked(state, **c))
                {
                    question(ui, state, c, out);
                }
            });
        }
        ui.add_space(space::M);
        let mut skip = draft.skip_breath_holds;
        if ui
            .checkbox(
                &mut skip,
                "I prefer not to hold my breath (holds are always optional)",
            )
            .changed()
        {
            out.push(Intent::SetSkipHolds(skip));
        }
        actions(ui, |ui| {
            ui.add_enabled_ui(missing == 0, |ui| {
                if primary(ui, "See what this means", &p) {
                    out.push(Intent::SubmitScreening);
                }
            });
            if cancellable && secondary(ui, "Cancel — keep my saved answers") {
                out.push(Intent::CancelScreening);
            }
            if missing > 0 {
                muted(
                    ui,
                    &format!(
                        "{missing} {} still {} a yes or no.",
                        if missing == 1 {
                            "question"
                        } else {
                            "questions"
                        },
                        if missing == 1 { "needs" } else { "need" },
                    ),
                    &p,
                );
            }
        });
    });
}

/// "12 of 22 answered", as text and as a named progress bar.
fn progress(ui: &mut Ui, done: usize, total: usize) {
    let text = format!("{done} of {total} questions answered");
    ui.add_space(space::S);
    #[expect(clippy::cast_precision_loss, reason = "a few dozen questions")]
    let fraction = if total == 0 {
        1.0
    } else {
        done as f32 / total as f32
    };
    // The bar's text is its accessible name.
    ui.add(
        egui::ProgressBar::new(fraction)
            .text(text)
            .desired_width(ui.available_width().min(480.0)),
    );
}

/// The question `c` follows up on, if any: it is asked only after a "Yes" there.
const fn follows_up(c: Condition) -> Option<Condition> {
    match c {
        Condition::VaricoseVeinsSevere => Some(Condition::VaricoseVeinsMild),
        _ => None,
    }
}

/// Whether `c` is asked now (a follow-up only after a "Yes" to its question).
fn asked(state: &AppState, c: Condition) -> bool {
    follows_up(c).is_none_or(|first| state.draft.has(first))
}

fn question(ui: &mut Ui, state: &AppState, c: Condition, out: &mut Vec<Intent>) {
    let answered = state.answered.contains(&c);
    let yes = state.draft.has(c);
    ui.add_space(space::S);
    ui.add(egui::Label::new(c.question()).wrap());
    ui.horizontal(|ui| {
        if choice(ui, answered && !yes, "No", c).clicked() {
            out.push(Intent::SetCondition(c, false));
            // "No" answers its follow-ups too.
            for &next in Condition::ALL.iter().filter(|&&n| follows_up(n) == Some(c)) {
                out.push(Intent::SetCondition(next, false));
            }
        }
        if choice(ui, answered && yes, "Yes", c).clicked() {
            out.push(Intent::SetCondition(c, true));
        }
    });
    if yes && c.asks_where() {
        ui.indent(("where", c.as_str()), |ui| {
            ui.label("Where? Tick every area Lull should never touch:");
            ui.horizontal_wrapped(|ui| {
                for &area in Area::ALL {
                    let mut on = state.draft.areas_for(c).any(|a| a == area);
                    let response = ui.checkbox(&mut on, area.label());
                    // The accessible name says which question the area answers.
                    let name = format!("{}: {}", c.label(), area.label());
                    response.widget_info(|| {
                        egui::WidgetInfo::selected(egui::Role::CheckBox, true, on, &name)
                    });
                    if response.changed() {
                        out.push(Intent::SetAvoidArea(c, area, on));
                    }
                }
            });
            if c == Condition::ContagiousSkinCondition {
                ui.label("If your hands are affected, or you leave this empty, all hands-on massage is switched off.");
            }
        });
    }
    if yes && c == Condition::Pregnancy {
        ui.indent("weeks", |ui| {
            ui.horizontal(|ui| {
                let mut known = state.draft.pregnancy_weeks.is_some();
                let mut weeks = u32::from(state.draft.pregnancy_weeks.unwrap_or(12));
                let label = ui.label("How many weeks?");
                if ui.checkbox(&mut known, "I know").changed() {
                    out.push(Intent::SetPregnancyWeeks(known.then_some(weeks as u8)));
                }
                if known
                    && ui
                        .add(
                            egui::DragValue::new(&mut weeks)
                                .range(0..=45)
                                .suffix(" weeks"),
                        )
                        .labelled_by(label.id)
                        .changed()
                {
                    out.push(Intent::SetPregnancyWeeks(Some(weeks as u8)));
                }
            });
            if state.draft.pregnancy_weeks.is_none() {
                ui.label("Not sure: Lull treats this as 20 weeks or more (no lying on your back).");
            } else {
                ui.label("Lull counts the weeks on from today, so the changes from 20 weeks come on the right day.");
            }
        });
    }
}

/// A "Yes" or "No" choice whose accessible name says which question it answers
/// ("Yes: Heart condition"), so screen readers (and tests) can tell the buttons apart.
fn choice(ui: &mut Ui, selected: bool, text: &str, c: Condition) -> egui::Response {
    // A real button (with a background), so an unanswered question clearly asks for a click.
    let response = ui.add(
        egui::Button::new(text)
            .selected(selected)
            .min_size(egui::vec2(72.0, 30.0)),
    );
    let name = format!("{text}: {}", c.label());
    response
        .widget_info(|| egui::WidgetInfo::selected(egui::Role::RadioButton, true, selected, &name));
    response
}
