//! Settings: look, motion, text size, sound, the voice, the emergency number and the safety
//! answers.

use egui::{RichText, Ui};

use super::common::{actions, card, heading, heading_label, page, primary, secondary};
use crate::domain::schedule::WindDownPlan;
use crate::ui::intent::Intent;
use crate::ui::model::{AppState, NO_SOUND_NOTICE};
use crate::ui::theme::{Theme, font, size, space};

/// Draws Settings.
pub fn ui(ui: &mut Ui, state: &AppState, out: &mut Vec<Intent>) {
    let p = state.palette();
    let s = &state.settings;
    // Every control edits this copy; one intent carries it when anything changed.
    let mut next = s.clone();
    page(ui, "settings", |ui| {
        heading(ui, "Settings", state.look.scale);
        card(ui, &p, |ui| {
            ui.set_width(ui.available_width());
            heading_label(
                ui,
                RichText::new("Look")
                    .font(font(size::SUBHEADING, state.look.scale))
                    .strong(),
                2,
            );
            ui.horizontal(|ui| {
                for theme in Theme::ALL {
                    if ui
                        .selectable_label(s.theme == theme, theme.label())
                        .clicked()
                    {
                        next.theme = theme;
                    }
                }
            });
            let mut scale = s.text_scale;
            if ui
                .add(super::common::percent(
                    egui::Slider::new(&mut scale, 0.8..=2.0).text("Text size"),
                ))
                .changed()
            {
                next.text_scale = scale;
            }
            let mut reduce = s.reduce_motion;
            if ui
                .checkbox(
                    &mut reduce,
                    "Reduce motion (the pacer shows words and a still bar)",
                )
                .changed()
            {
                next.reduce_motion = reduce;
            }
            let mut evening = s.night_look_before_bed;
            if ui
                .checkbox(
                    &mut evening,
                    format!(
                        "Night look from an hour before bedtime ({}) until morning",
                        s.wind_down.bedtime
                    ),
                )
                .changed()
            {
                next.night_look_before_bed = evening;
            }
            ui.label("Sleep routines always use the dim, warm night look.");
            let mut streak = s.show_streak;
            if ui
                .checkbox(
                    &mut streak,
                    "Show my streak in History (days in a row; a day runs from 04:00 to 04:00)",
                )
                .changed()
            {
                next.show_streak = streak;
            }
        });
        ui.add_space(space::M);
        card(ui, &p, |ui| {
            ui.set_width(ui.available_width());
            heading_label(
                ui,
                RichText::new("Sound")
                    .font(font(size::SUBHEADING, state.look.scale))
                    .strong(),
                2,
            );
            if !state.sound_available {
                ui.label(NO_SOUND_NOTICE);
            }
            let a = &s.audio;
            let mut muted = a.muted;
            if ui.checkbox(&mut muted, "Mute").changed() {
                out.push(Intent::ToggleMute);
            }
            let mut volume = a.master;
            if ui
                .add(super::common::percent(
                    egui::Slider::new(&mut volume, 0.0..=2.0).text("Volume"),
                ))
                .changed()
            {
                next.audio.master = volume;
            }
            let mut cues = a.cues_enabled;
            if ui
                .checkbox(&mut cues, "Chimes at step changes and the end")
                .changed()
            {
                next.audio.cues_enabled = cues;
            }
            let mut cue_volume = a.cue_volume;
            if ui
                .add(super::common::percent(
                    egui::Slider::new(&mut cue_volume, 0.0..=1.0).text("Chime volume"),
                ))
                .changed()
            {
                next.audio.cue_volume = cue_volume;
            }
            let mut ticks = a.ticks_enabled;
            if ui
                .checkbox(&mut ticks, "A soft tick ten seconds before a step ends")
                .changed()
            {
                next.audio.ticks_enabled = ticks;
            }
            let mut tone = a.pacer_tone_enabled;
            if ui
                .checkbox(
                    &mut tone,
                    "Pacer tone (rises as you breathe in, falls as you breathe out)",
                )
                .changed()
            {
                next.audio.pacer_tone_enabled = tone;
            }
            let mut sync = a.breath_sync_enabled;
            if ui
                .checkbox(
                    &mut sync,
                    "Ambience breathes with you during breathing steps",
                )
                .changed()
            {
                next.audio.breath_sync_enabled = sync;
            }
        });
        ui.add_space(space::M);
        card(ui, &p, |ui| {
            ui.set_width(ui.available_width());
            super::voice_settings::ui(ui, state, &mut next.audio.voice, out);
        });
        ui.add_space(space::M);
        card(ui, &p, |ui| {
            ui.set_width(ui.available_width());
            wind_down_ui(ui, state, &mut next.wind_down, out);
            let mut awake = s.keep_awake_while_sound;
            if ui
                .checkbox(
                    &mut awake,
                    "Keep the computer awake while the ambience plays on (off: it sleeps as usual, and the sound stops with it)",
                )
                .changed()
            {
                next.keep_awake_while_sound = awake;
            }
        });
        ui.add_space(space::M);
        card(ui, &p, |ui| {
            ui.set_width(ui.available_width());
            let title = heading_label(
                ui,
                RichText::new("Emergency number")
                    .font(font(size::SUBHEADING, state.look.scale))
                    .strong(),
                2,
            );
            ui.label("Shown large on the emergency screen.");
            let mut number = s.emergency_number.clone();
            if ui
                .add(egui::TextEdit::singleline(&mut number).desired_width(f32::INFINITY))
                .labelled_by(title.id)
                .changed()
            {
                next.emergency_number = number;
            }
        });
        ui.add_space(space::M);
        card(ui, &p, |ui| {
            ui.set_width(ui.available_width());
            heading_label(
                ui,
                RichText::new("Your safety answers")
                    .font(font(size::SUBHEADING, state.look.scale))
                    .strong(),
                2,
            );
            if let Some(record) = &state.record {
                ui.label(format!(
                    "Answered on {}. Lull asks again every 90 days.",
                    record.answered_on
                ));
            }
            if secondary(ui, "Review my safety answers") {
                out.push(Intent::EditSafetyAnswers);
            }
        });
        actions(ui, |ui| {
            if primary(ui, "Close settings", &p) {
                out.push(Intent::CloseSettings);
            }
        });
    });
    if next != *s {
        out.push(Intent::ChangeSettings(Box::new(next)));
    }
}

/// The nightly wind-down's controls, editing `changed` (the plan in the settings being
/// edited).
fn wind_down_ui(ui: &mut Ui, state: &AppState, changed: &mut WindDownPlan, out: &mut Vec<Intent>) {
    use crate::domain::schedule::{Day, Tail, parse_time};
    use crate::domain::vocabulary::Program;
    let plan = &state.settings.wind_down;
    heading_label(
        ui,
        RichText::new("Nightly wind-down")
            .font(font(size::SUBHEADING, state.look.scale))
            .strong(),
        2,
    );
    ui.label("A sleep routine with ambience that plays on and fades out. The screen goes dark; the sounds guide you.");
    ui.checkbox(
        &mut changed.enabled,
        "Remind me at bedtime (while Lull is open)",
    );
    ui.horizontal(|ui| {
        let label = ui.label("Bedtime (24-hour, HH:MM)");
        ui.add(egui::TextEdit::singleline(&mut changed.bedtime).desired_width(80.0))
            .labelled_by(label.id);
        if parse_time(&changed.bedtime).is_none() {
            ui.label(RichText::new("Use a time like 22:30").color(state.palette().caution));
        }
    });
    ui.horizontal_wrapped(|ui| {
        if changed.days.is_empty() {
            ui.label(RichText::new("Choose at least one day").color(state.palette().caution));
        }
        for &day in Day::ALL {
            let mut on = changed.days.contains(&day);
            if ui.checkbox(&mut on, day.as_str()).changed() {
                if on {
                    changed.days.insert(day);
                } else {
                    changed.days.remove(&day);
                }
            }
        }
    });
    let routines: Vec<_> = state.catalogue.program(Program::Sleep).collect();
    let current = routines
        .iter()
        .find(|r| r.id == changed.routine)
        .map_or_else(|| changed.routine.to_string(), |r| r.title.clone());
    egui::ComboBox::from_label("Routine")
        .selected_text(current)
        .show_ui(ui, |ui| {
            for r in &routines {
                ui.selectable_value(&mut changed.routine, r.id.clone(), &r.title);
            }
        });
    let presets = &state.mixer.presets;
    let ambience = presets
        .iter()
        .find(|(id, _)| changed.ambience.as_ref() == Some(id))
        .map_or_else(|| "The routine's own".to_owned(), |(_, name)| name.clone());
    egui::ComboBox::from_label("Ambience")
        .selected_text(ambience)
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut changed.ambience, None, "The routine's own");
            for (id, name) in presets {
                ui.selectable_value(&mut changed.ambience, Some(id.clone()), name);
            }
        });
    ui.horizontal_wrapped(|ui| {
        ui.label("Sound after the routine:");
        for choice in Tail::CHOICES {
            ui.selectable_value(&mut changed.tail, choice, choice.label());
        }
    });
    ui.add(
        egui::Slider::new(&mut changed.fade_minutes, 0..=30).text("minutes of fade-out at the end"),
    );
    if let Some(next) = &state.next_bedtime {
        ui.label(format!("Next reminder: {next}"));
    }
    autostart(ui, state, plan, out);
    if ui.button("Start the wind-down now").clicked() {
        out.push(Intent::StartWindDown);
    }
}

/// The bedtime timer: whether the wind-down starts by itself when Lull is closed, with the
/// button that switches it.
fn autostart(ui: &mut Ui, state: &AppState, plan: &WindDownPlan, out: &mut Vec<Intent>) {
    let view = state.autostart;
    ui.add_space(space::S);
    if view.busy {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("Setting up the bedtime timer…");
        });
        return;
    }
    if view.on {
        let days: Vec<&str> = plan.days.iter().map(|d| d.as_str()).collect();
        ui.add(
            egui::Label::new(format!(
                "Starts by itself at {} ({}), even when Lull is closed.",
                plan.bedtime,
                days.join(", ")
            ))
            .wrap(),
        );
        if ui.button("Stop starting automatically").clicked() {
            out.push(Intent::SetAutostart(false));
        }
    } else {
        let ready = plan.problem().is_none();
        if ui
            .add_enabled(ready, egui::Button::new("Start automatically at bedtime"))
            .clicked()
        {
            out.push(Intent::SetAutostart(true));
        }
        ui.label(
            RichText::new("Opens Lull into the wind-down at bedtime even when it is closed (a systemd timer for your user).")
                .color(state.palette().text_muted),
        );
    }
}
