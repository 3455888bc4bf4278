//! "Just sound": the library's card that sets up an ambience alone with a sleep timer, the
//! screen while it plays (time left, ±15 min, pause, stop; dark after a few seconds), and
//! the screen when it has ended.

use std::time::Duration;

use egui::{RichText, Ui};

use super::common::{actions, card, heading, heading_label, muted, page, para, primary, secondary};
use crate::domain::sound_session::{
    MAX_FADE_MINUTES, SoundCommand, SoundPlan, SoundState, SoundTimer, fade_for, minutes_text,
    preset_for,
};
use crate::domain::vocabulary::Program;
use crate::ui::intent::Intent;
use crate::ui::model::{AppState, SCREEN_OFF_AFTER_SECS};
use crate::ui::theme::{font, size, space};

/// The settings with the sound plan changed by `change`.
fn with_plan(state: &AppState, change: impl FnOnce(&mut SoundPlan)) -> Intent {
    let mut next = state.settings.clone();
    change(&mut next.sound);
    Intent::ChangeSettings(Box::new(next))
}

/// The library's "Just sound" card on `program`'s tab: the ambience, how long, the fade,
/// what happens at the end, and Start.
pub fn card_ui(ui: &mut Ui, state: &AppState, program: Program, out: &mut Vec<Intent>) {
    let p = state.palette();
    ui.horizontal(|ui| {
        ui.add_space(space::M);
        card(ui, &p, |ui| {
            ui.set_width(ui.available_width() - space::M);
            // A card in a row lays its content out in a row: this one is a column.
            ui.vertical(|ui| card_body(ui, state, program, out));
        });
    });
}

fn card_body(ui: &mut Ui, state: &AppState, program: Program, out: &mut Vec<Intent>) {
    let p = state.palette();
    let plan = &state.settings.sound;
    let preset = plan
        .preset
        .clone()
        .filter(|id| state.mixer.presets.iter().any(|(p, _)| p == id))
        .unwrap_or_else(|| preset_for(program));
    let name = state
        .mixer
        .presets
        .iter()
        .find(|(id, _)| *id == preset)
        .map_or_else(|| preset.to_string(), |(_, n)| n.clone());
    heading_label(
        ui,
        RichText::new("Just sound")
            .font(font(size::SUBHEADING, state.look.scale))
            .strong(),
        2,
    );
    ui.add(
        egui::Label::new(
            "An ambience alone, with a timer. It fades away at the end; the screen \
                     can go dark.",
        )
        .wrap(),
    );
    ui.horizontal_wrapped(|ui| {
        egui::ComboBox::from_label("Sound")
            .selected_text(&name)
            .show_ui(ui, |ui| {
                for (id, label) in &state.mixer.presets {
                    if ui.selectable_label(*id == preset, label).clicked() {
                        let id = id.clone();
                        out.push(with_plan(state, |p| p.preset = Some(id)));
                    }
                }
            });
    });
    ui.horizontal_wrapped(|ui| {
        ui.label("Play for");
        for timer in SoundTimer::CHOICES {
            if ui
                .selectable_label(plan.timer == timer, timer.label())
                .clicked()
            {
                out.push(with_plan(state, |p| p.timer = timer));
            }
        }
    });
    if let Some(length) = plan.timer.length() {
        let mut fade = plan.fade_minutes;
        let slider = egui::Slider::new(&mut fade, 0..=MAX_FADE_MINUTES)
            .text("minutes of fade-out at the end");
        if ui.add(slider).changed() {
            out.push(with_plan(state, |p| p.fade_minutes = fade));
        }
        let used = fade_for(plan.fade_minutes, Some(length));
        if used < Duration::from_mins(u64::from(plan.fade_minutes)) {
            muted(
                ui,
                &format!(
                    "The fade takes at most half the time: {} here.",
                    minutes_text(used)
                ),
                &p,
            );
        }
        let mut suspend = plan.suspend_at_end;
        if ui
            .checkbox(
                &mut suspend,
                "Put the computer to sleep when the sound has faded away",
            )
            .changed()
        {
            out.push(with_plan(state, |p| p.suspend_at_end = suspend));
        }
    }
    let mut dark = plan.dark_screen;
    if ui
        .checkbox(&mut dark, "Let the screen go dark while it plays")
        .changed()
    {
        out.push(with_plan(state, |p| p.dark_screen = dark));
    }
    let mut ratings = plan.ratings;
    if ui
        .checkbox(&mut ratings, "Ask how I feel afterwards")
        .changed()
    {
        out.push(with_plan(state, |p| p.ratings = ratings));
    }
    ui.add_space(space::S);
    let label = match plan.timer {
        SoundTimer::Minutes(m) => format!("Play {name} for {m} min"),
        SoundTimer::UntilStopped => format!("Play {name}"),
    };
    if super::common::primary(ui, &label, &p) {
        out.push(Intent::StartSound(preset.clone(), program));
    }
}

/// Whether the sound screen is dark at `now` (playing, asked for, and still for 10 s).
pub fn is_dark(state: &AppState, last_input: Duration) -> bool {
    state.settings.sound.dark_screen
        && state
            .sound_session
            .as_ref()
            .is_some_and(|s| s.state(state.now) == SoundState::Playing)
        && state.now.saturating_sub(last_input) >= Duration::from_secs(SCREEN_OFF_AFTER_SECS)
}

/// The screen while the sound plays.
pub fn playing_ui(ui: &mut Ui, state: &AppState, last_input: Duration, out: &mut Vec<Intent>) {
    let p = state.palette();
    let Some(session) = &state.sound_session else {
        return;
    };
    if is_dark(state, last_input) {
        let dark_at = last_input + Duration::from_secs(SCREEN_OFF_AFTER_SECS);
        super::common::dark_screen(ui, &p, state.now.saturating_sub(dark_at), out);
        return;
    }
    let now = state.now;
    let playing = session.state(now) == SoundState::Playing;
    page(ui, "sound", |ui| {
        heading(ui, &session.name, state.look.scale);
        let big = match session.left(now) {
            Some(left) => format!("{} left", minutes_text(left)),
            None => "Playing until you stop it".to_owned(),
        };
        heading_label(
            ui,
            RichText::new(big)
                .font(font(size::HEADING * 1.3, state.look.scale))
                .color(p.text),
            2,
        );
        let fade = session.fade();
        let mut lines = Vec::new();
        if !playing {
            lines.push("Paused. Press Space or Play to go on.".to_owned());
        }
        if !fade.is_zero() {
            lines.push(format!(
                "It fades away over the last {}, and grows calmer as it does.",
                minutes_text(fade)
            ));
        }
        if session.suspend_at_end {
            lines.push("Then the computer goes to sleep.".to_owned());
        }
        for line in lines {
            para(ui, &line);
        }
        actions(ui, |ui| {
            let toggle = if playing { "Pause" } else { "Play" };
            if primary(ui, toggle, &p) {
                out.push(Intent::SoundSession(SoundCommand::TogglePause));
            }
            if session.length().is_some() {
                if ui
                    .add_enabled(session.can_shorten(now), egui::Button::new("−15 min"))
                    .clicked()
                {
                    out.push(Intent::SoundSession(SoundCommand::Shorter));
                }
                if ui
                    .add_enabled(session.can_lengthen(now), egui::Button::new("+15 min"))
                    .clicked()
                {
                    out.push(Intent::SoundSession(SoundCommand::Longer));
                }
            }
            if secondary(ui, "Stop") {
                out.push(Intent::SoundSession(SoundCommand::Stop));
            }
        });
        ui.add_space(space::M);
        let mut volume = state.settings.audio.master;
        let slider =
            super::common::percent(egui::Slider::new(&mut volume, 0.0..=2.0)).text("Volume");
        if ui.add(slider).changed() {
            let mut next = state.settings.clone();
            next.audio.master = volume;
            out.push(Intent::ChangeSettings(Box::new(next)));
        }
        muted(
            ui,
            "Space: pause or play · Left and Right arrows: 15 minutes less or more · Esc: stop",
            &p,
        );
    });
}

/// The screen after the sound: ended or stopped, with the optional rating.
pub fn ended_ui(ui: &mut Ui, state: &AppState, completed: bool, out: &mut Vec<Intent>) {
    page(ui, "sound-ended", |ui| {
        if completed {
            heading(ui, "The sound has faded away", state.look.scale);
        } else {
            heading(ui, "Sound stopped", state.look.scale);
        }
        super::rating::after_ui(ui, state, out);
        actions(ui, |ui| {
            if secondary(ui, "Back") {
                out.push(Intent::LeaveSound);
            }
        });
    });
}
