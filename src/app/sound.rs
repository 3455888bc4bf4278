//! The app's side of the sound: turns presets, settings and the session timeline into
//! engine commands. Silent (and says so) when no output device could be opened.

use std::time::Duration;

use crate::audio::device::AudioOutput;
use crate::audio::engine::EngineCommand;
use crate::audio::file_loop::{MediaSource, Opener};
use crate::audio::layers::build_layers;
use crate::domain::soundscape::{AudioSettings, Preset, Timeline, bundled_preset};
use crate::store::{AppDirs, sound_opener, sounds_dir};

/// Controls the output (or nothing, when there is none).
pub struct Sound {
    output: Option<AudioOutput>,
    dirs: Option<AppDirs>,
    seed: u64,
    preset: Option<Preset>,
}

impl Sound {
    /// Sound through `output`, or silence when `None`.
    pub const fn new(output: Option<AudioOutput>, dirs: Option<AppDirs>) -> Self {
        Self {
            output,
            dirs,
            seed: 1,
            preset: None,
        }
    }

    /// Whether there is an output.
    pub const fn available(&self) -> bool {
        self.output.is_some()
    }

    fn send(&self, command: EngineCommand) {
        if let Some(out) = &self.output
            && !out.send(command)
        {
            log::warn!("the audio thread has stopped");
        }
    }

    /// Applies volume, cue and pacer settings.
    pub fn apply_settings(&self, settings: &AudioSettings) {
        self.send(EngineCommand::SetMaster {
            gain: settings.effective_master(),
            secs: 0.3,
        });
        self.send(EngineCommand::SetCueVolume(if settings.cues_enabled {
            settings.cue_volume
        } else {
            0.0
        }));
        self.send(EngineCommand::SetPacerTone(settings.pacer_tone_enabled));
        self.send(EngineCommand::SetBreathSync(settings.breath_sync_enabled));
    }

    /// Plays a preset (crossfading from what was playing). Returns problems with the user's
    /// sound files, if any.
    pub fn play_preset(&mut self, id: &str) -> Vec<String> {
        let Some(preset) = bundled_preset(id) else {
            return vec![format!("no ambience preset \"{id}\"")];
        };
        let Some(out) = &self.output else {
            self.preset = Some(preset);
            return Vec::new();
        };
        self.seed = self.seed.wrapping_add(1);
        let dirs = self.dirs.clone();
        let mut open = |name: &str| -> Option<Opener> {
            let path = sounds_dir(dirs.as_ref()?).join(name);
            let mut opener = sound_opener(path);
            Some(Box::new(move || {
                opener().map(|f| Box::new(f) as Box<dyn MediaSource>)
            }))
        };
        let (layers, problems) = build_layers(
            &preset.normalized_layers(),
            out.rate(),
            self.seed,
            &mut open,
        );
        self.send(EngineCommand::SetLayers {
            layers,
            fade_secs: crate::audio::engine::CROSSFADE_SECS,
        });
        self.preset = Some(preset);
        problems
    }

    /// The preset playing and its layers' (label, level).
    pub fn mixer(&self) -> (Option<String>, Vec<(String, f32)>) {
        let Some(p) = &self.preset else {
            return (None, Vec::new());
        };
        let layers = p
            .normalized_layers()
            .iter()
            .map(|l| {
                let label = match &l.source {
                    crate::domain::soundscape::LayerSource::Generator(g) => g.label().to_owned(),
                    crate::domain::soundscape::LayerSource::File { file } => file.clone(),
                };
                (label, l.level)
            })
            .collect();
        (Some(p.id.clone()), layers)
    }

    /// Changes one layer's level.
    pub fn set_level(&self, index: usize, level: f32) {
        self.send(EngineCommand::SetLevel { index, level });
    }

    /// Sends the session timeline.
    pub fn set_timeline(&self, timeline: Timeline, running: bool) {
        self.send(EngineCommand::SetTimeline { timeline, running });
    }

    /// Fades everything out over `fade`.
    pub fn stop(&mut self, fade: Duration) {
        self.send(EngineCommand::SetLayers {
            layers: Vec::new(),
            fade_secs: fade.as_secs_f32(),
        });
        self.send(EngineCommand::SetTimeline {
            timeline: Timeline::default(),
            running: false,
        });
        self.preset = None;
    }
}
