//! Ratings before and after a routine (always skippable), and the wind-down tail screen.

use std::time::Duration;

use egui::{RichText, Ui};

use super::common::{actions, heading_label, muted, page, para, secondary};
use crate::domain::history::RatingKind;
use crate::ui::intent::Intent;
use crate::ui::model::AppState;
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

/// The after-rating, shown on the finished screen.
pub fn after_ui(ui: &mut Ui, state: &AppState, out: &mut Vec<Intent>) {
    let Some((_, kind, saved)) = &state.after_rating else {
        return;
    };
    ui.add_space(space::M);
    para(ui, &format!("And now? {}", kind.question()));
    scale_ui(ui, *saved, "After", out, Intent::SaveAfterRating);
    if saved.is_some() {
        muted(ui, "Saved. Thank you.", &state.palette());
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
