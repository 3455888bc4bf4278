//! The routine editor's step form: kind, side, words, timing, and the tags, chosen (areas
//! picked on the body figure or in a list, pressure, acupoints with what the safety rules
//! do with them, what the step involves), and its gentler version.

use egui::Ui;

use super::{MAX_DEPTH, problems, text_field};
use crate::domain::breathing::BUILTIN_PATTERNS;
use crate::domain::routine::{DraftPattern, DraftStep, DraftTiming, MAX_STEP_SECS, MIN_STEP_SECS};
use crate::domain::tag::{Acupoint, Area, Tag};
use crate::domain::vocabulary::{Side, StepKind};
use crate::ui::model::Editor;
use crate::ui::screens::common::{muted, subheading};
use crate::ui::theme::{Palette, space};
use crate::ui::widgets::figure::{Figure, Highlight, figure_for, picker};

/// The shown step's form.
pub(super) fn step_form(ui: &mut Ui, next: &mut Editor, p: &Palette) {
    let editor = next.clone();
    let (index, depth) = (editor.step, editor.depth);
    if Editor::version(&editor.draft, index, depth).is_none() {
        return;
    }
    if depth == 0 {
        subheading(ui, &format!("Step {}", index + 1));
    } else {
        subheading(ui, &format!("Step {}: its gentler version", index + 1));
        muted(
            ui,
            "Played instead of the step for someone whose safety answers rule the step out.",
            p,
        );
        if ui.button("Back to the step").clicked() {
            next.depth -= 1;
            return;
        }
    }
    let patterns = editor.draft.patterns.clone();
    let figure = editor.figure;
    let Some(form) = Editor::version_mut(&mut next.draft, index, depth) else {
        return;
    };
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Kind of step");
        egui::ComboBox::from_id_salt("editor-kind")
            .height(f32::INFINITY)
            .selected_text(kind_label(form.kind))
            .show_ui(ui, |ui| {
                for &kind in StepKind::ALL {
                    ui.selectable_value(&mut form.kind, kind, kind_label(kind));
                }
            })
            .response
            .labelled_by(label.id);
        let label = ui.label("Side");
        egui::ComboBox::from_id_salt("editor-side")
            .height(f32::INFINITY)
            .selected_text(side_label(form.side))
            .show_ui(ui, |ui| {
                for side in [None, Some(Side::Left), Some(Side::Right), Some(Side::Both)] {
                    ui.selectable_value(&mut form.side, side, side_label(side));
                }
            })
            .response
            .labelled_by(label.id);
    });
    problems(ui, editor.problems_of_step("kind"), p);
    problems(ui, editor.problems_of_step("side"), p);
    text_field(ui, "Step title", &mut form.title, false);
    problems(ui, editor.problems_of_step("title"), p);
    text_field(
        ui,
        "What to do (one to four short sentences)",
        &mut form.instruction,
        true,
    );
    problems(ui, editor.problems_of_step("instruction"), p);
    text_field(
        ui,
        "Spoken words (optional: shorter, for the ear; the instruction is said when empty)",
        &mut form.say,
        true,
    );
    problems(ui, editor.problems_of_step("say"), p);
    timing(ui, form, &patterns);
    problems(ui, editor.problems_of_step("duration_secs"), p);
    problems(ui, editor.problems_of_step("breathing"), p);
    ui.add_space(space::S);
    let mut chosen_figure = figure;
    tags(ui, form, &mut chosen_figure, p);
    problems(ui, editor.problems_of_step("tags"), p);
    if depth == 0 {
        ui.checkbox(
            &mut form.core,
            "Needed: if this step is ruled out for someone, the routine cannot be done without it",
        );
        problems(ui, editor.problems_of_step("core"), p);
    }
    ui.add_space(space::S);
    let mut open_substitute = false;
    let has_substitute = form.substitute.is_some();
    ui.horizontal_wrapped(|ui| {
        if has_substitute {
            if ui.button("Edit the gentler version").clicked() {
                open_substitute = true;
            }
            if ui.button("Remove the gentler version").clicked() {
                form.substitute = None;
            }
        } else if depth < MAX_DEPTH
            && ui
                .button("Add a gentler version")
                .on_hover_text("Played instead when someone's answers rule this step out")
                .clicked()
        {
            let mut gentle = form.clone();
            gentle.substitute = None;
            gentle.core = false;
            gentle.title = format!("{} (gentler)", form.title);
            form.substitute = Some(Box::new(gentle));
            open_substitute = true;
        }
    });
    problems(ui, editor.problems_of_step("substitute"), p);
    next.figure = chosen_figure;
    if open_substitute {
        next.depth += 1;
    }
}

const fn kind_label(kind: StepKind) -> &'static str {
    match kind {
        StepKind::Prepare => "Getting ready",
        StepKind::Massage => "Massage (hands-on)",
        StepKind::Breathing => "Breathing",
        StepKind::TenseRelease => "Tense and release",
        StepKind::BodyScan => "Body scan",
        StepKind::Rest => "Rest",
    }
}

const fn side_label(side: Option<Side>) -> &'static str {
    match side {
        None => "Not one side",
        Some(Side::Left) => "Left",
        Some(Side::Right) => "Right",
        Some(Side::Both) => "Both sides",
    }
}

fn timing(
    ui: &mut Ui,
    form: &mut DraftStep,
    patterns: &std::collections::BTreeMap<String, DraftPattern>,
) {
    let fixed = matches!(form.timing, DraftTiming::Fixed(_));
    ui.horizontal_wrapped(|ui| {
        if ui.radio(fixed, "A set time").clicked() && !fixed {
            form.timing = DraftTiming::Fixed(60);
        }
        if ui.radio(!fixed, "Breathing cycles").clicked() && fixed {
            form.timing = DraftTiming::Breathing {
                pattern: "resonance-5-5".to_owned(),
                cycles: 6,
            };
        }
    });
    ui.horizontal_wrapped(|ui| match &mut form.timing {
        DraftTiming::Fixed(secs) => {
            let label = ui.label("Seconds");
            ui.add(egui::DragValue::new(secs).range(MIN_STEP_SECS..=MAX_STEP_SECS))
                .labelled_by(label.id);
        }
        DraftTiming::Breathing { pattern, cycles } => {
            let label = ui.label("Pattern");
            let names: Vec<(String, String)> = BUILTIN_PATTERNS
                .iter()
                .map(|b| (b.name.to_owned(), b.label.to_owned()))
                .chain(
                    patterns
                        .keys()
                        .map(|name| (name.clone(), format!("Yours: {name}"))),
                )
                .collect();
            let shown = names
                .iter()
                .find(|(n, _)| n == pattern)
                .map_or_else(|| pattern.clone(), |(_, l)| l.clone());
            egui::ComboBox::from_id_salt("editor-pattern")
                .height(f32::INFINITY)
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    for (name, label) in &names {
                        ui.selectable_value(pattern, name.clone(), label.as_str());
                    }
                })
                .response
                .labelled_by(label.id);
            let label = ui.label("Cycles");
            ui.add(egui::DragValue::new(cycles).range(1..=600))
                .labelled_by(label.id);
        }
    });
}

/// What the step involves: the editor writes these tags (the app settles the ones that
/// follow from the kind and the breathing pattern).
fn tags(ui: &mut Ui, form: &mut DraftStep, figure: &mut Figure, p: &Palette) {
    let massage = form.kind == StepKind::Massage;
    let thermal = form.tags.contains(&Tag::Heat) || form.tags.contains(&Tag::Cold);
    if massage || thermal {
        subheading(ui, "Where");
        muted(
            ui,
            "Click an area on the figure (the one the player will show), or tick it in the list. Never the front or sides of the neck.",
            p,
        );
        ui.horizontal_wrapped(|ui| {
            for f in Figure::ALL {
                ui.selectable_value(figure, f, figure_name(f));
            }
        });
        let chosen: Vec<Highlight> = form
            .tags
            .iter()
            .filter_map(|t| match *t {
                Tag::Area(a) => Some(Highlight::Area(a)),
                Tag::Acupoint(pt) if massage => Some(Highlight::Point(pt)),
                _ => None,
            })
            .collect();
        ui.horizontal(|ui| {
            let (_, picked) = picker(ui, *figure, &chosen, p, 220.0);
            if let Some(h) = picked {
                let tag = match h {
                    Highlight::Area(a) => Some(Tag::Area(a)),
                    Highlight::Point(pt) => massage.then_some(Tag::Acupoint(pt)),
                };
                if let Some(tag) = tag
                    && !form.tags.remove(&tag)
                {
                    form.tags.insert(tag);
                }
            }
            ui.vertical(|ui| {
                for &area in Area::ALL {
                    toggle(ui, &mut form.tags, Tag::Area(area), &area_name(area));
                }
            });
        });
        if let Some((shown, _)) = figure_for(&form.tags) {
            muted(ui, &format!("The player shows {}.", shown.label()), p);
        }
    }
    if massage {
        subheading(ui, "Pressure");
        ui.horizontal_wrapped(|ui| {
            for (tag, label) in [
                (Tag::PressureLight, "Light: gliding strokes"),
                (Tag::PressureModerate, "Moderate: kneading, circles"),
                (Tag::PressurePoints, "Points: pressing and holding"),
            ] {
                let on = form.tags.contains(&tag);
                if ui.radio(on, label).clicked() && !on {
                    form.tags.retain(|t| !t.is_pressure());
                    form.tags.insert(tag);
                }
            }
        });
        subheading(ui, "Acupressure points");
        for &point in Acupoint::ALL {
            let label = format!("{point}: {}{}", point.label(), point_note(point));
            toggle(ui, &mut form.tags, Tag::Acupoint(point), &label);
        }
    }
    subheading(ui, "What it involves");
    ui.horizontal_wrapped(|ui| {
        for (tag, label) in [
            (Tag::Heat, "A warm pack"),
            (Tag::Cold, "A cold pack"),
            (Tag::MuscleTensing, "Tensing muscles hard"),
            (Tag::NeckMovement, "Moving the neck"),
            (Tag::LyingDown, "Lying on your back"),
            (Tag::EyesClosed, "Eyes closed"),
            (Tag::ScreenOff, "The screen may go dark"),
            (Tag::PacedBreathing, "Paced breathing"),
        ] {
            toggle(ui, &mut form.tags, tag, label);
        }
        if matches!(form.timing, DraftTiming::Fixed(_)) {
            // A breathing pattern's holds are the pattern's; a timed step says its own.
            toggle(ui, &mut form.tags, Tag::BreathHold, "Holding the breath");
            toggle(
                ui,
                &mut form.tags,
                Tag::BreathHoldLong,
                "Holding it 7 s or more",
            );
        }
    });
}

fn toggle(ui: &mut Ui, tags: &mut std::collections::BTreeSet<Tag>, tag: Tag, label: &str) {
    let mut on = tags.contains(&tag);
    if ui.checkbox(&mut on, label).changed() {
        if on {
            tags.insert(tag);
        } else {
            tags.remove(&tag);
        }
    }
}

const fn figure_name(figure: Figure) -> &'static str {
    match figure {
        Figure::HeadFront => "Head from the front",
        Figure::HeadSide => "Head from the side",
        Figure::HeadBack => "Back of the head",
        Figure::Shoulders => "Shoulders and back",
        Figure::Hand => "Hand",
        Figure::Forearm => "Forearm",
        Figure::Foot => "Lower leg and foot",
    }
}

/// The list reads as names: "Scalp", "Back of the neck".
fn area_name(area: Area) -> String {
    let label = area.label();
    let mut chars = label.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// What the safety rules do with a point, said where it is chosen.
const fn point_note(point: Acupoint) -> &'static str {
    match point {
        Acupoint::Li4 | Acupoint::Sp6 | Acupoint::Gb21 | Acupoint::Bl60 => {
            " (left out in pregnancy)"
        }
        Acupoint::Gb20 | Acupoint::Yintang => {
            " (on the head: left out with headache warning signs)"
        }
    }
}
