//! Settings → Voice: on or off, the engine and its voice (the installed ones listed), the
//! rate, the level, what is spoken, and "Test the voice".

use egui::{RichText, Ui};

use super::common::{heading_label, secondary};
use crate::domain::soundscape::{Guidance, RATE_RANGE, SpeechSettings};
use crate::ui::intent::Intent;
use crate::ui::model::AppState;
use crate::ui::theme::{font, size};

/// The engines Settings offers, with their labels ("" = the first installed).
const ENGINES: [(&str, &str); 4] = [
    ("", "Automatic"),
    ("flite", "flite"),
    ("espeak-ng", "eSpeak NG"),
    ("custom", "Your own command"),
];

/// Draws the voice card's contents, editing `next` (the voice settings being edited).
pub fn ui(ui: &mut Ui, state: &AppState, next: &mut SpeechSettings, out: &mut Vec<Intent>) {
    let v = &state.settings.audio.voice;
    heading_label(
        ui,
        RichText::new("Voice")
            .font(font(size::SUBHEADING, state.look.scale))
            .strong(),
        2,
    );
    ui.label("A voice says each step, so you can follow with your eyes closed. V turns it on or off while a routine plays.");
    if let Some(problem) = &state.voice_problem {
        ui.label(RichText::new(problem).strong());
    }
    let mut on = v.on;
    if ui.checkbox(&mut on, "Spoken guidance").changed() {
        next.on = on;
    }
    ui.add_enabled_ui(v.on, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.label("Say:");
            for g in [Guidance::Full, Guidance::TitlesOnly] {
                if ui.radio(v.guidance == g, g.label()).clicked() {
                    next.guidance = g;
                }
            }
        });
        let mut words = v.breath_words;
        if ui
            .checkbox(
                &mut words,
                "Breathing words (\"breathe in\", \"hold\", \"breathe out\")",
            )
            .changed()
        {
            next.breath_words = words;
        }
        let mut counts = v.counts;
        if ui
            .add_enabled(
                v.breath_words,
                egui::Checkbox::new(&mut counts, "Count the seconds of each breath"),
            )
            .changed()
        {
            next.counts = counts;
        }
        let mut ten = v.ten_seconds;
        if ui
            .checkbox(
                &mut ten,
                "Say \"ten seconds\" before a long step ends (instead of the tick)",
            )
            .changed()
        {
            next.ten_seconds = ten;
        }
        engine_ui(ui, state, v, next);
        let mut rate = v.rate();
        if ui
            .add(super::common::percent(
                egui::Slider::new(&mut rate, RATE_RANGE.0..=RATE_RANGE.1).text("Speaking rate"),
            ))
            .changed()
        {
            next.rate = rate;
        }
        let mut level = v.level;
        if ui
            .add(super::common::percent(
                egui::Slider::new(&mut level, 0.0..=1.5).text("Voice volume"),
            ))
            .changed()
        {
            next.level = level;
        }
        if secondary(ui, "Test the voice") {
            out.push(Intent::TestVoice);
        }
    });
}

/// A voice's name with a word on what it sounds like (flite's names say nothing).
fn voice_label(name: &str) -> String {
    let what = match name {
        "rms" => "male, clear",
        "slt" => "female",
        "awb" => "male, Scottish",
        "kal16" => "male, older style",
        "kal" => "male, telephone quality",
        "en-us+f3" => "female, American",
        "en-us" => "male, American",
        "en-gb" | "en" => "male, British",
        _ => return name.to_owned(),
    };
    format!("{name} ({what})")
}

fn engine_ui(ui: &mut Ui, state: &AppState, v: &SpeechSettings, next: &mut SpeechSettings) {
    let engines = state.voice_engines.as_deref().unwrap_or_default();
    ui.horizontal_wrapped(|ui| {
        ui.label("Engine:");
        for (name, label) in ENGINES {
            let installed =
                name.is_empty() || name == "custom" || engines.iter().any(|(n, _)| n == name);
            let text = if installed {
                label.to_owned()
            } else {
                format!("{label} (not installed)")
            };
            if ui.radio(v.engine == name, text).clicked() && v.engine != name {
                name.clone_into(&mut next.engine);
                next.voice.clear();
            }
        }
    });
    let chosen = if v.engine.is_empty() {
        engines.first()
    } else {
        engines.iter().find(|(n, _)| *n == v.engine)
    };
    if let Some((_, voices)) = chosen {
        ui.horizontal_wrapped(|ui| {
            ui.label("Voice:");
            for (i, voice) in voices.iter().enumerate() {
                let selected = v.voice == *voice || (v.voice.is_empty() && i == 0);
                if ui.radio(selected, voice_label(voice)).clicked() {
                    next.voice = if i == 0 { String::new() } else { voice.clone() };
                }
            }
        });
    }
    if v.engine == "custom" {
        let label =
            ui.label("Command (reads the words on its input, writes raw 16-bit mono sound):");
        let mut command = v.custom_command.clone();
        if ui
            .add(egui::TextEdit::singleline(&mut command).desired_width(f32::INFINITY))
            .labelled_by(label.id)
            .changed()
        {
            next.custom_command = command;
        }
        let mut rate = v.custom_rate;
        if ui
            .add(
                egui::DragValue::new(&mut rate)
                    .range(8_000..=192_000)
                    .suffix(" Hz"),
            )
            .changed()
        {
            next.custom_rate = rate;
        }
    }
}
