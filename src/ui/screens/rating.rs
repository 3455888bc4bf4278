//! Ratings before and after a routine (always skippable), and the wind-down tail screen.

use std::time::Duration;

use egui::{RichText, Ui};

use super::common::{actions, heading_label, muted, page, para, secondary};
use crate::domain::diary::{PAINKILLER_QUESTION, Painkiller};
use crate::domain::history::RatingKind;
use crate::ui::intent::Intent;
use crate::ui::model::{AppState, DiaryAnswers, MAX_NOTE_CHARS};
use crate::ui::theme::{font, size, space};

/// A 0–10 scale of buttons (easier to hit than a slider, and each has a name).
pub fn scale_ui(
    ui: &mut Ui,
    value: Option<u8>,
    label: &str,
    out: &mut Vec<Intent>,
    make: fn(u8) -> Intent,
) {
    let scale = super::common::text_scale(ui);
    ui.horizontal_wrapped(|ui| {
        for v in 0..=10u8 {
            let button =
                egui::Button::new(RichText::new(v.to_string()).font(font(size::BODY * 1.2, scale)))
                    .selected(value == Some(v))
                    .min_size(egui::vec2(44.0, 40.0) * scale);
            let response = ui.add(button);
            let name = format!("{label}: {v}");
            response.widget_info(|| {
                egui::WidgetInfo::selected(egui::Role::RadioButton, true, value == Some(v), &name)
            });
            if response.clicked() {
                out.push(make(v));
            }
        }
    });
}

/// The optional before-rating, offered at the top of the player during the first step.
pub fn before_strip(ui: &mut Ui, state: &AppState, kind: RatingKind, out: &mut Vec<Intent>) {
    let p = state.palette();
    super::common::card(ui, &p, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("Before you start:").color(p.text_strong));
            ui.label(kind.question());
        });
        scale_ui(ui, None, "Before", out, Intent::SetBeforeRating);
        ui.horizontal_wrapped(|ui| {
            if secondary(ui, "Not now") {
                out.push(Intent::SkipBeforeRating);
            }
            muted(
                ui,
                "Optional. It stays on your computer and shows you, over time, what helps.",
                &p,
            );
        });
    });
}

/// The after-rating, shown on the finished screen; after a headache routine, with the
/// diary's optional questions (a painkiller today, notes) and its calm notice.
pub fn after_ui(ui: &mut Ui, state: &AppState, out: &mut Vec<Intent>) {
    let Some(after) = &state.after_rating else {
        return;
    };
    ui.add_space(space::M);
    para(ui, &format!("And now? {}", after.kind.question()));
    scale_ui(ui, after.saved, "After", out, Intent::SaveAfterRating);
    if after.saved.is_some() {
        muted(ui, "Saved. Thank you.", &state.palette());
    }
    if let Some(diary) = &after.diary {
        diary_ui(ui, state, diary, out);
    }
}

/// "Did you take a painkiller today?" and notes, for the headache diary.
fn diary_ui(ui: &mut Ui, state: &AppState, diary: &DiaryAnswers, out: &mut Vec<Intent>) {
    let p = state.palette();
    ui.add_space(space::M);
    para(ui, PAINKILLER_QUESTION);
    for &kind in Painkiller::ALL {
        if ui
            .radio(diary.painkiller == Some(kind), kind.label())
            .clicked()
        {
            out.push(Intent::SetPainkiller(kind));
        }
    }
    ui.add_space(space::S);
    let label = ui.label("Notes for your diary");
    let mut typed = diary.notes.clone();
    let field = ui
        .add(
            egui::TextEdit::multiline(&mut typed)
                .desired_rows(2)
                .desired_width(f32::INFINITY)
                .char_limit(MAX_NOTE_CHARS),
        )
        .labelled_by(label.id);
    if field.changed() {
        out.push(Intent::SetDiaryNotes(typed));
    }
    if !diary.notes_saved {
        if secondary(ui, "Save note") {
            out.push(Intent::SaveDiaryNotes);
        }
    } else if !diary.notes.trim().is_empty() {
        muted(ui, "Note saved.", &p);
    }
    muted(
        ui,
        "Optional. It stays on your computer, in the diary you can give your doctor (“Diary for my doctor” in History).",
        &p,
    );
    if let Some(notice) = &diary.notice {
        ui.add_space(space::S);
        super::common::card(ui, &p, |ui| {
            ui.set_width(ui.available_width());
            para(ui, notice);
        });
    }
}

/// The ambience playing on after a wind-down routine: dark after 10 s, any key wakes it.
pub fn tail_ui(
    ui: &mut Ui,
    state: &AppState,
    until: Option<Duration>,
    last_input: Duration,
    out: &mut Vec<Intent>,
) {
    let p = state.palette();
    let dark_at = last_input + Duration::from_secs(crate::ui::model::SCREEN_OFF_AFTER_SECS);
    let rect = ui.max_rect();
    if state.now >= dark_at {
        super::common::dark_screen(ui, &p, state.now.saturating_sub(dark_at), out);
        return;
    }
    ui.painter().rect_filled(rect, 0.0, p.background);
    page(ui, "tail", |ui| {
        heading_label(
            ui,
            RichText::new("Sleep well")
                .font(font(size::HEADING, state.look.scale))
                .color(p.text),
            1,
        );
        let left = until.map(|u| u.saturating_sub(state.now));
        let text = match left {
            Some(l) => format!(
                "The sound goes on for {} more minutes and then fades away.",
                l.as_secs().div_ceil(60)
            ),
            None => "The sound goes on until you stop it.".to_owned(),
        };
        ui.label(RichText::new(text).color(p.text_muted));
        actions(ui, |ui| {
            if ui
                .button(RichText::new("Stop the sound").color(p.text))
                .clicked()
            {
                out.push(Intent::StopTail);
            }
        });
    });
}
