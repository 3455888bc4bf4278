//! Settings changes and the sound mixer: what a change does to the sound and the bedtime
//! timer, and mixes saved as presets.

use super::LullApp;
use crate::profile::settings::Settings;
use crate::ui::model::Mixer;

impl LullApp {
    /// Copies the mixer's state (presets, layers, the user's sound files) for the views.
    pub(super) fn refresh_mixer(&mut self) {
        let (preset, layers) = self.sound.mixer();
        let presets = self
            .sound
            .presets()
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect();
        let sound_files = self
            .files
            .as_ref()
            .and_then(|f| crate::store::list_sounds(&crate::store::sounds_dir(f.dirs())).ok())
            .unwrap_or_default();
        let save_name = std::mem::take(&mut self.state.mixer.save_name);
        self.state.mixer = Mixer {
            preset,
            layers,
            presets,
            sound_files,
            save_name,
        };
    }

    pub(super) fn save_mix(&mut self) {
        let name = self.state.mixer.save_name.trim().to_owned();
        let Some(preset) = self
            .sound
            .mix_as(if name.is_empty() { "My mix" } else { &name })
        else {
            return;
        };
        if let Err(problem) = preset.check() {
            self.notice(format!("Cannot save this mix: {problem}"), true);
            return;
        }
        let Some(files) = self.files.as_ref().filter(|_| self.saving.data) else {
            self.notice(
                "Your data folder cannot be written: the mix was not saved.",
                true,
            );
            return;
        };
        let dir = crate::store::presets_dir(&files.dirs().data);
        match crate::store::save_preset(&dir, &preset) {
            Ok(_) => {
                let (presets, _) = crate::store::load_presets(&dir);
                self.sound.set_user_presets(presets);
                self.notice(format!("Saved your mix \"{}\".", preset.name), false);
                self.state.mixer.save_name.clear();
                self.refresh_mixer();
            }
            Err(e) => self.notice(format!("Cannot save your mix: {e}"), true),
        }
    }

    /// Takes the whole new settings from a screen. A changed wind-down plan resets the
    /// bedtime reminder and updates an installed bedtime timer.
    pub(super) fn change_whole_settings(&mut self, next: Settings, ctx: &egui::Context) {
        let plan_changed = next.wind_down != self.state.settings.wind_down;
        self.change_settings(|s| *s = next);
        if plan_changed {
            self.bedtime_due = None;
            // (While it is busy, once more when it is done: typing a time changes the
            // plan at every key.)
            if self.state.autostart.on && self.state.settings.wind_down.problem().is_none() {
                if let Some(job) = &mut self.autostart_job {
                    job.again = true;
                } else {
                    self.start_autostart_job(true, ctx);
                }
            }
        }
    }

    pub(super) fn change_settings(&mut self, change: impl FnOnce(&mut Settings)) {
        let before = self.state.settings.audio.clone();
        let mut settings = self.state.settings.clone();
        change(&mut settings);
        self.state.settings = settings.sanitized();
        if self.state.settings.audio != before {
            self.sound.apply_settings(&self.state.settings.audio);
            self.configure_voice();
            // The same timeline as at the start (a wind-down keeps its tail and fade).
            self.send_timeline(self.clock.now());
            self.keep_sound_level();
        }
        self.save_settings();
    }

    /// A brief line saying the volume or mute state, after a sound key (M, +, −).
    pub(super) fn volume_toast(&mut self) {
        let a = &self.state.settings.audio;
        let percent = (a.master * 100.0).round();
        let text = if a.muted {
            format!("Sound muted (volume {percent:.0} %) — press M to unmute")
        } else {
            format!("Volume {percent:.0} %")
        };
        self.toast(text);
    }
}
