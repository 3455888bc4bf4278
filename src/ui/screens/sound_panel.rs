//! The player's sound panel (S): the preset, each layer's level, your own sound files,
//! saving the mix, volume, mute and cues.

use egui::{RichText, Ui};

use super::common::percent;

use crate::ui::intent::Intent;
use crate::ui::model::{AppState, NO_SOUND_NOTICE};
use crate::ui::theme::space;

/// The settings with one sound setting changed by `change`.
fn with_audio(
    state: &AppState,
    change: impl FnOnce(&mut crate::domain::soundscape::AudioSettings),
) -> crate::profile::settings::Settings {
    let mut next = state.settings.clone();
    change(&mut next.audio);
    next
}

/// The player's sound panel: the mix, its layers, your own sound files, volume and cues.
pub fn ui(ui: &mut Ui, state: &AppState, out: &mut Vec<Intent>) {
    egui::Window::new("Sound")
        .frame(egui::Frame::window(ui.style()).inner_margin(space::M))
        .collapsible(false)
        .resizable(false)
        .default_pos(ui.max_rect().right_top() + egui::vec2(-340.0, 80.0))
        .show(ui.ctx(), |ui| {
            // The last notice is shown below; say "no sound" here only when it is not that.
            let said = state
                .notices
                .last()
                .is_some_and(|n| n.text == NO_SOUND_NOTICE);
            if !state.sound_available && !said {
                ui.label(NO_SOUND_NOTICE);
            }
            let mut muted_now = state.settings.audio.muted;
            if ui.checkbox(&mut muted_now, "Mute").changed() {
                out.push(Intent::ToggleMute);
            }
            let mut volume = state.settings.audio.master;
            if ui
                .add(percent(
                    egui::Slider::new(&mut volume, 0.0..=2.0).text("Volume"),
                ))
                .changed()
            {
                out.push(Intent::ChangeSettings(Box::new(with_audio(state, |a| {
                    a.master = volume;
                }))));
            }
            let current = state.mixer.preset.as_ref();
            let current_name = state
                .mixer
                .presets
                .iter()
                .find(|(id, _)| Some(id) == current)
                .map_or_else(|| "My mix".to_owned(), |(_, name)| name.clone());
            egui::ComboBox::from_label("Ambience")
                .selected_text(current_name)
                .show_ui(ui, |ui| {
                    for (id, name) in &state.mixer.presets {
                        if ui.selectable_label(Some(id) == current, name).clicked() {
                            out.push(Intent::SetPreset(id.clone()));
                        }
                    }
                });
            for (i, (label, level)) in state.mixer.layers.iter().enumerate() {
                let mut l = *level;
                if ui
                    .add(percent(egui::Slider::new(&mut l, 0.0..=2.0).text(label)))
                    .changed()
                {
                    out.push(Intent::SetLayerLevel(i, l));
                }
            }
            if !state.mixer.sound_files.is_empty() {
                egui::ComboBox::from_label("Add your sound")
                    .selected_text("Choose…")
                    .show_ui(ui, |ui| {
                        for file in &state.mixer.sound_files {
                            if ui.selectable_label(false, file).clicked() {
                                out.push(Intent::AddSoundFile(file.clone()));
                            }
                        }
                    });
            }
            ui.horizontal(|ui| {
                let mut name = state.mixer.save_name.clone();
                let edit = egui::TextEdit::singleline(&mut name)
                    .hint_text("Name this mix")
                    .desired_width(160.0);
                if ui.add(edit).changed() {
                    out.push(Intent::SetMixName(name));
                }
                if ui.button("Save as my preset").clicked() {
                    out.push(Intent::SaveMix);
                }
            });
            if let Some(last) = state.notices.last() {
                ui.label(RichText::new(&last.text).color(if last.warning {
                    state.palette().caution
                } else {
                    state.palette().text_muted
                }));
            }
            let a = &state.settings.audio;
            let switches: [(&str, bool, AudioSetter); 2] = [
                (
                    "Pacer tone (rises as you breathe in)",
                    a.pacer_tone_enabled,
                    |a, on| a.pacer_tone_enabled = on,
                ),
                (
                    "Ambience breathes with you",
                    a.breath_sync_enabled,
                    |a, on| a.breath_sync_enabled = on,
                ),
            ];
            for (label, on, set) in switches {
                audio_switch(ui, state, out, (label, on), set);
            }
        });
}

/// Turns one sound setting on or off.
type AudioSetter = fn(&mut crate::domain::soundscape::AudioSettings, bool);

/// A check box (`label`, now `on`) for one sound setting: ticking it asks for the settings
/// with `set` applied.
fn audio_switch(
    ui: &mut Ui,
    state: &AppState,
    out: &mut Vec<Intent>,
    (label, on): (&str, bool),
    set: AudioSetter,
) {
    let mut value = on;
    if ui.checkbox(&mut value, label).changed() {
        out.push(Intent::ChangeSettings(Box::new(with_audio(state, |a| {
            set(a, value);
        }))));
    }
}
