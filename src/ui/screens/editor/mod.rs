//! The routine editor: a routine's fields, its steps (add, duplicate, delete, reorder by drag
//! or by buttons), one step's form with its tags chosen (areas picked on the body figure or
//! in a list, never typed), custom breathing patterns with a pacer preview, and what the
//! user's safety answers would change. Every problem the loader finds is shown at its field;
//! Save is offered only for a routine that loads.
//!
//! The view edits a copy of the editor and returns it as one intent when anything changed;
//! the app settles the tags and checks it.

use egui::{RichText, Ui};

mod step;

use step::step_form;

use super::common::{card, heading, muted, page, subheading};
use crate::domain::breathing::builtin;
use crate::domain::routine::{DraftPattern, DraftStep, DraftTiming};
use crate::domain::vocabulary::{Position, Program};
use crate::ui::intent::Intent;
use crate::ui::model::{AppState, Editor};
use crate::ui::theme::{Palette, space};
use crate::ui::widgets::pacer::pacer;

/// Deepest gentler version the editor offers (the loader's limit).
const MAX_DEPTH: usize = 3;

/// Draws the editor.
pub fn ui(ui: &mut Ui, state: &AppState, out: &mut Vec<Intent>) {
    let Some(editor) = &state.editor else {
        return;
    };
    let p = state.palette();
    let mut next = editor.clone();
    page(ui, "editor", |ui| {
        let title = match &editor.file {
            None => "New routine".to_owned(),
            Some(_) => format!("Edit “{}”", editor.draft.title),
        };
        heading(ui, &title, state.look.scale);
        save_bar(ui, editor, &p, out);
        ui.add_space(space::M);
        card(ui, &p, |ui| {
            ui.set_width(ui.available_width());
            routine_fields(ui, state, &mut next, &p);
        });
        ui.add_space(space::M);
        card(ui, &p, |ui| {
            ui.set_width(ui.available_width());
            step_list(ui, &mut next, &p);
        });
        ui.add_space(space::M);
        card(ui, &p, |ui| {
            ui.set_width(ui.available_width());
            step_form(ui, &mut next, &p);
        });
        ui.add_space(space::M);
        card(ui, &p, |ui| {
            ui.set_width(ui.available_width());
            patterns(ui, state, &mut next, &p);
        });
        ui.add_space(space::M);
        card(ui, &p, |ui| {
            ui.set_width(ui.available_width());
            subheading(ui, "With your safety answers");
            for line in &editor.preview {
                ui.add(egui::Label::new(line.as_str()).wrap());
            }
        });
        if !editor.warnings.is_empty() {
            ui.add_space(space::M);
            card(ui, &p, |ui| {
                ui.set_width(ui.available_width());
                subheading(ui, "Words to check");
                muted(
                    ui,
                    "Lull's safety rules read the tags, not the words: say in the tags what the words say.",
                    &p,
                );
                for line in &editor.warnings {
                    ui.add(egui::Label::new(RichText::new(line).color(p.caution)).wrap());
                }
            });
        }
    });
    if next != *editor {
        out.push(Intent::ChangeDraft(Box::new(next)));
    }
}

fn save_bar(ui: &mut Ui, editor: &Editor, p: &Palette, out: &mut Vec<Intent>) {
    ui.horizontal_wrapped(|ui| {
        let ok = editor.problems.is_empty();
        let save = ui.add_enabled(
            ok,
            egui::Button::new(RichText::new("Save").color(p.on_accent).strong()).fill(p.accent),
        );
        if save.clicked() {
            out.push(Intent::SaveDraft);
        }
        let close = if editor.changed {
            "Close without saving"
        } else {
            "Close"
        };
        if ui.button(close).clicked() {
            out.push(Intent::CloseEditor);
        }
        let status = match editor.problems.len() {
            0 if editor.changed => "Ready to save.".to_owned(),
            0 => "No changes yet.".to_owned(),
            1 => "1 thing to fix before it can be saved (shown where it is).".to_owned(),
            n => format!("{n} things to fix before it can be saved (shown where they are)."),
        };
        let colour = if editor.problems.is_empty() {
            p.text_muted
        } else {
            p.caution
        };
        ui.label(RichText::new(status).color(colour));
    });
}

/// The problems `lines` under a field, in the caution colour.
fn problems<'a>(ui: &mut Ui, lines: impl Iterator<Item = &'a str>, p: &Palette) {
    for line in lines {
        ui.add(egui::Label::new(RichText::new(format!("To fix: {line}")).color(p.caution)).wrap());
    }
}

fn text_field(ui: &mut Ui, label: &str, text: &mut String, multiline: bool) {
    let name = ui.label(label);
    let edit = if multiline {
        egui::TextEdit::multiline(text).desired_rows(3)
    } else {
        egui::TextEdit::singleline(text)
    };
    ui.add(edit.desired_width(f32::INFINITY))
        .labelled_by(name.id);
}

fn routine_fields(ui: &mut Ui, state: &AppState, next: &mut Editor, p: &Palette) {
    let editor = next.clone();
    subheading(ui, "About the routine");
    text_field(ui, "Title", &mut next.draft.title, false);
    problems(ui, editor.problems_of_routine("title"), p);
    problems(ui, editor.problems_of_routine("id"), p);
    text_field(
        ui,
        "What it is for (one line)",
        &mut next.draft.summary,
        false,
    );
    problems(ui, editor.problems_of_routine("summary"), p);
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Program");
        egui::ComboBox::from_id_salt("editor-program")
            .height(f32::INFINITY)
            .selected_text(next.draft.program.label())
            .show_ui(ui, |ui| {
                for &program in Program::ALL {
                    ui.selectable_value(&mut next.draft.program, program, program.label());
                }
            })
            .response
            .labelled_by(label.id);
        let label = ui.label("Position");
        egui::ComboBox::from_id_salt("editor-position")
            .height(f32::INFINITY)
            .selected_text(position_label(next.draft.position))
            .show_ui(ui, |ui| {
                for &position in Position::ALL {
                    ui.selectable_value(
                        &mut next.draft.position,
                        position,
                        position_label(position),
                    );
                }
            })
            .response
            .labelled_by(label.id);
        let label = ui.label("Sound");
        let shown = next
            .draft
            .ambience
            .as_ref()
            .and_then(|id| state.mixer.presets.iter().find(|(p, _)| p.as_str() == id))
            .map_or("Lull's choice", |(_, name)| name.as_str());
        egui::ComboBox::from_id_salt("editor-ambience")
            .height(f32::INFINITY)
            .selected_text(shown)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut next.draft.ambience, None, "Lull's choice");
                for (id, name) in &state.mixer.presets {
                    ui.selectable_value(
                        &mut next.draft.ambience,
                        Some(id.to_string()),
                        name.as_str(),
                    );
                }
            })
            .response
            .labelled_by(label.id);
    });
    problems(ui, editor.problems_of_routine("program"), p);
    problems(ui, editor.problems_of_routine("position"), p);
    problems(ui, editor.problems_of_routine("ambience"), p);
    let mut sources = next.draft.sources.join("\n");
    text_field(
        ui,
        "Where it comes from (one a line: who showed you, a book, a web page)",
        &mut sources,
        true,
    );
    if sources != editor.draft.sources.join("\n") {
        next.draft.sources = sources.lines().map(str::to_owned).collect();
    }
    problems(ui, editor.problems_of_routine("sources"), p);
}

const fn position_label(position: Position) -> &'static str {
    match position {
        Position::Seated => "Seated",
        Position::Lying => "Lying down",
        Position::Standing => "Standing",
        Position::Any => "Any position",
    }
}

fn length_of(step: &DraftStep, draft: &crate::domain::routine::Draft) -> String {
    let secs = match &step.timing {
        DraftTiming::Fixed(secs) => u64::from(*secs),
        DraftTiming::Breathing { pattern, cycles } => {
            let cycle = crate::domain::routine::pattern_named(pattern, &draft.patterns);
            cycle.map_or(0, |c| u64::from(c.cycle_ms()) * u64::from(*cycles) / 1_000)
        }
    };
    format!("{}:{:02}", secs / 60, secs % 60)
}

/// The steps: pick one to edit, move it (drag the handle, or the arrows), copy, remove, add.
fn step_list(ui: &mut Ui, next: &mut Editor, p: &Palette) {
    let editor = next.clone();
    subheading(ui, "Steps");
    muted(
        ui,
        "Pick a step to change it below. Drag it by “Drag”, or use Up and Down, to change the order.",
        p,
    );
    let count = editor.draft.steps.len();
    let mut moved: Option<(usize, usize)> = None;
    for (i, step) in editor.draft.steps.iter().enumerate() {
        let row = ui.horizontal(|ui| {
            let handle = ui
                .dnd_drag_source(ui.make_persistent_id(("editor-step-drag", i)), i, |ui| {
                    ui.label("Drag");
                })
                .response;
            handle.on_hover_text("Drag to move");
            let name = if step.title.trim().is_empty() {
                "(no title yet)"
            } else {
                step.title.as_str()
            };
            let issues = match editor.step_problem_count(i) {
                0 => String::new(),
                n => format!(" · {n} to fix"),
            };
            let text = format!(
                "{}. {name} · {}{issues}",
                i + 1,
                length_of(step, &editor.draft)
            );
            let selected = editor.step == i;
            let pick = ui.selectable_label(selected, text);
            if pick.clicked() {
                next.step = i;
                next.depth = 0;
            }
            let up = ui.add_enabled(i > 0, egui::Button::new("Up").small());
            up.widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::Role::Button,
                    i > 0,
                    format!("Move step {} up", i + 1),
                )
            });
            if up.clicked() {
                moved = Some((i, i - 1));
            }
            let down = ui.add_enabled(i + 1 < count, egui::Button::new("Down").small());
            down.widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::Role::Button,
                    i + 1 < count,
                    format!("Move step {} down", i + 1),
                )
            });
            if down.clicked() {
                moved = Some((i, i + 1));
            }
            let copy = ui.small_button("Duplicate");
            copy.widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::Role::Button,
                    true,
                    format!("Duplicate step {}", i + 1),
                )
            });
            if copy.clicked() {
                next.draft.steps.insert(i + 1, step.clone());
                next.step = i + 1;
                next.depth = 0;
            }
            let remove = ui.add_enabled(count > 1, egui::Button::new("Delete").small());
            remove.widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::Role::Button,
                    count > 1,
                    format!("Delete step {}", i + 1),
                )
            });
            if remove.clicked() {
                next.draft.steps.remove(i);
                next.step = next.step.min(next.draft.steps.len() - 1);
                next.depth = 0;
            }
        });
        if let Some(from) = row.response.dnd_release_payload::<usize>() {
            moved = Some((*from, i));
        }
    }
    if let Some((from, to)) = moved
        && from != to
        && from < next.draft.steps.len()
        && to < next.draft.steps.len()
    {
        let step = next.draft.steps.remove(from);
        next.draft.steps.insert(to, step);
        next.step = to;
        next.depth = 0;
    }
    if ui.button("Add a step").clicked() {
        next.draft.steps.push(DraftStep::new());
        next.step = next.draft.steps.len() - 1;
        next.depth = 0;
    }
}

/// The routine's own breathing patterns, each with a live pacer.
fn patterns(ui: &mut Ui, state: &AppState, next: &mut Editor, p: &Palette) {
    let editor = next.clone();
    subheading(ui, "Your breathing patterns");
    muted(
        ui,
        "Seconds, in steps of 0.5. Holds are always optional: someone who skips them breathes the same pattern without them.",
        p,
    );
    let mut gone = None;
    for (name, pattern) in &mut next.draft.patterns {
        ui.add_space(space::S);
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(name).strong());
            for (label, value) in [
                ("In", &mut pattern.inhale),
                ("Top-up", &mut pattern.top_up),
                ("Hold", &mut pattern.hold_in),
                ("Out", &mut pattern.exhale),
                ("Hold", &mut pattern.hold_out),
            ] {
                let l = ui.label(label);
                ui.add(
                    egui::DragValue::new(value)
                        .range(0.0..=30.0)
                        .speed(0.1)
                        .fixed_decimals(1),
                )
                .labelled_by(l.id);
            }
            let delete = ui.small_button("Delete");
            let label = format!("Delete the pattern {name}");
            delete.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
            if delete.clicked() {
                gone = Some(name.clone());
            }
        });
        problems(
            ui,
            editor.problems_of_routine(&format!("patterns.{name}")),
            p,
        );
        let timings = pattern.pattern();
        if timings.cycle_ms() > 0 {
            let t = state.now.as_millis() % u128::from(timings.cycle_ms());
            let t = u64::try_from(t).unwrap_or(0);
            let phase = timings.phase_at(std::time::Duration::from_millis(t));
            pacer(ui, &phase, state.settings.reduce_motion, p, 120.0);
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(50));
        }
    }
    if let Some(name) = gone {
        next.draft.patterns.remove(&name);
    }
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("New pattern's name");
        ui.add(egui::TextEdit::singleline(&mut next.new_pattern).desired_width(160.0))
            .labelled_by(label.id);
        let name = next.new_pattern.trim().to_owned();
        let free = !name.is_empty()
            && crate::domain::routine::is_kebab_case(&name)
            && builtin(&name).is_none()
            && !next.draft.patterns.contains_key(&name);
        if ui
            .add_enabled(free, egui::Button::new("Add the pattern"))
            .clicked()
        {
            next.draft.patterns.insert(
                name.clone(),
                DraftPattern {
                    inhale: 4.0,
                    top_up: 0.0,
                    hold_in: 0.0,
                    exhale: 6.0,
                    hold_out: 0.0,
                },
            );
            next.new_pattern.clear();
        }
        if !name.is_empty() && !free {
            ui.label(
                RichText::new("Use lowercase letters, digits and dashes, and a name not taken")
                    .color(p.caution),
            );
        }
    });
}
