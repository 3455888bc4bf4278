//! The app's side of the sound: turns presets, settings and the session timeline into
//! engine commands, keeps the current mix (so it can be saved as a preset), and adds the
//! user's own sound files. Silent (and says so) when no output device could be opened.
//!
//! The output is opened through an [`OpenOutput`] (the default device; a fake in tests),
//! only while something plays. Whenever one opens (after an idle release, or after the
//! last one was lost: headphones unplugged, a Bluetooth switch, the sound server
//! restarting) it is given everything the engine had: the settings, the voice's clips, the
//! mix and the session timeline at the current session time. A lost output is opened
//! again at once, then with growing waits while none opens; the app says so once if the
//! sound stays lost (sound/output.rs).

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use crate::audio::device::{AudioError, OpenOutput, Output};
use crate::audio::engine::{CROSSFADE_SECS, EngineCommand, LayerSpec};
use crate::audio::file_loop::{FileLoop, MediaSource, Opener, SoundFileError};
use crate::audio::layers::build_layers_notifying;
use crate::domain::id::PresetId;
use crate::domain::soundscape::{
    AudioSettings, Layer, LayerSource, Preset, Timeline, bundled_preset, bundled_presets,
};
use crate::store::AppDirs;

mod output;

use self::output::{Device, SoundNews};

/// The timeline the engine plays, as last sent: enough to send it again, at the session
/// time it has reached, to an engine on a new device.
struct Sent {
    timeline: Timeline,
    running: bool,
    /// App time it was sent.
    at: Duration,
    /// Still the engine's (false once the sound was stopped).
    live: bool,
}

impl Sent {
    /// The timeline from the session time reached at app time `now`.
    fn at(&self, now: Duration) -> Timeline {
        let mut timeline = self.timeline.clone();
        if self.running {
            timeline.from += now.saturating_sub(self.at);
        }
        timeline
    }
}

/// Controls the output (or nothing, when there is none). The device is open only while
/// something plays: it is released a few seconds after the sound stops, so an idle app
/// costs no CPU, and opened again when needed.
pub struct Sound {
    device: Device,
    opener: Box<dyn OpenOutput>,
    /// The window, for the output's watcher to wake when the output is lost.
    repaint: Arc<OnceLock<egui::Context>>,
    /// App time as last seen (each frame's tick, or a call that passes it).
    now: Duration,
    /// Failed attempts (and quick losses) in a row: the back-off.
    failures: u32,
    /// The sound-lost notice is up.
    lost_said: bool,
    news: Vec<SoundNews>,
    /// A command could not be sent: the audio thread is gone.
    send_failed: Cell<bool>,
    /// The settings last applied, re-sent when the device opens again.
    settings: AudioSettings,
    /// Faded out for the computer's sleep (until the settings are applied again).
    faded: bool,
    /// App time after which an idle device is released.
    release_at: Option<Duration>,
    dirs: Option<AppDirs>,
    seed: u64,
    /// The mix playing: a preset as chosen, then as changed in the mixer.
    mix: Option<Preset>,
    /// The user's saved presets.
    user_presets: Vec<Preset>,
    /// The timeline last sent to the engine (what the audio will do, for tests and logs).
    sent: RefCell<Option<Sent>>,
    /// Where a sound file that stops playing (unreadable on a later pass) says so.
    file_problems: (Sender<SoundFileError>, Receiver<SoundFileError>),
    /// Sound files the mix could not take again when a device opened.
    restore_problems: Vec<String>,
    /// The voice's clips (at `rate`), kept here and sent again when the device reopens.
    clips: HashMap<String, Arc<[f32]>>,
    /// The rate clips are made at: the device's.
    rate: u32,
}

fn opener(dirs: Option<&AppDirs>, name: &str) -> Option<Opener> {
    let mut open = crate::store::user_sound_opener(dirs?, name)?;
    Some(Box::new(move || {
        open().map(|f| Box::new(f) as Box<dyn MediaSource>)
    }))
}

impl Sound {
    /// Sound through what `opener` opens (tried once now: if nothing opens, Lull stays
    /// silent and the error says why), at app time `now`.
    pub fn new(
        opener: Box<dyn OpenOutput>,
        dirs: Option<AppDirs>,
        now: Duration,
    ) -> (Self, Option<AudioError>) {
        let mut sound = Self {
            device: Device::Absent,
            opener,
            repaint: Arc::new(OnceLock::new()),
            now,
            failures: 0,
            lost_said: false,
            news: Vec::new(),
            send_failed: Cell::new(false),
            clips: HashMap::new(),
            rate: 48_000,
            settings: AudioSettings::default(),
            faded: false,
            // Nothing plays yet: release the device opened at start-up.
            release_at: Some(Duration::ZERO),
            dirs,
            seed: 1,
            mix: None,
            user_presets: Vec::new(),
            file_problems: channel(),
            restore_problems: Vec::new(),
            sent: RefCell::new(None),
        };
        let problem = match sound.opener.open(sound.waker()) {
            Ok(out) => {
                sound.rate = out.rate();
                sound.device = Device::Open {
                    out,
                    at: now,
                    after_loss: false,
                };
                None
            }
            Err(e) => Some(e),
        };
        (sound, problem)
    }

    /// Sound files that stopped playing since the last call (or that the mix could not
    /// take again on a new device), one line each (the rest of the mix plays on).
    pub fn take_problems(&mut self) -> Vec<String> {
        let mut problems: Vec<String> = self
            .file_problems
            .1
            .try_iter()
            .map(|e| format!("Your sound file {} stopped playing: {}", e.file, e.reason))
            .collect();
        problems.append(&mut self.restore_problems);
        problems
    }

    /// Whether there is an output (one could be opened at start-up).
    pub const fn available(&self) -> bool {
        !matches!(self.device, Device::Absent)
    }

    /// The output playing, if one is open.
    fn output(&self) -> Option<&dyn Output> {
        match &self.device {
            Device::Open { out, .. } => Some(out.as_ref()),
            _ => None,
        }
    }

    fn send(&self, command: EngineCommand) {
        if let Some(out) = self.output()
            && !out.send(command)
            && !self.send_failed.replace(true)
        {
            log::warn!("the audio thread has stopped");
        }
    }

    /// Every preset: the bundled ones, then the user's.
    pub fn presets(&self) -> Vec<Preset> {
        let mut all = bundled_presets();
        all.extend(self.user_presets.iter().cloned());
        all
    }

    /// Replaces the user's presets (after one was saved).
    pub fn set_user_presets(&mut self, presets: Vec<Preset>) {
        self.user_presets = presets;
    }

    /// The preset with this id, bundled or the user's.
    pub fn preset(&self, id: &str) -> Option<Preset> {
        bundled_preset(id).or_else(|| self.user_presets.iter().find(|p| p.id == id).cloned())
    }

    /// Applies volume, cue and pacer settings.
    pub fn apply_settings(&mut self, settings: &AudioSettings) {
        self.settings = settings.clone();
        self.faded = false;
        self.send_settings(settings, 0.3);
    }

    fn send_settings(&self, settings: &AudioSettings, ramp_secs: f32) {
        self.send(EngineCommand::SetMaster {
            gain: settings.effective_master(),
            secs: ramp_secs,
        });
        self.send(EngineCommand::SetCueVolume(if settings.cues_enabled {
            settings.cue_volume
        } else {
            0.0
        }));
        self.send(EngineCommand::SetPacerTone(settings.pacer_tone_enabled));
        self.send(EngineCommand::SetBreathSync(settings.breath_sync_enabled));
        self.send(EngineCommand::SetVoiceLevel(if settings.voice.speaks() {
            settings.voice.level
        } else {
            0.0
        }));
    }

    /// The rate the voice's clips are made at (the device's).
    pub const fn rate(&self) -> u32 {
        self.rate
    }

    /// Keeps a clip of the voice and gives it to the engine.
    pub fn add_clip(&mut self, text: String, clip: Arc<[f32]>) {
        self.send(EngineCommand::AddClip {
            text: text.clone(),
            clip: clip.clone(),
        });
        self.clips.insert(text, clip);
    }

    /// How long the clip of `text` lasts, if it is here.
    pub fn clip_length(&self, text: &str) -> Option<Duration> {
        self.clips
            .get(text)
            .map(|c| crate::audio::voice_clip::clip_length(c, self.rate))
    }

    /// Forgets the clips (the voice changed).
    pub fn clear_clips(&mut self) {
        self.clips.clear();
    }

    /// Says `text` now, outside a session ("Test the voice"); `now` is app time. Does
    /// nothing when its clip is not here.
    pub fn say(&mut self, text: &str, now: Duration) {
        let Some(length) = self.clip_length(text) else {
            return;
        };
        self.now = self.now.max(now);
        self.ensure_output();
        if self.mix.is_none() {
            self.release_at = Some(now + length + Duration::from_secs(2));
        }
        self.send(EngineCommand::Say(text.to_owned()));
    }

    /// Plays a preset (crossfading from what was playing). Returns problems with the user's
    /// sound files, if any.
    pub fn play_preset(&mut self, id: &str) -> Vec<String> {
        let Some(preset) = self.preset(id) else {
            return vec![format!("no ambience preset \"{id}\"")];
        };
        // The mix keeps the levels as they play (normalised), so saving it sounds the same.
        let mix = Preset {
            layers: preset.normalized_layers(),
            ..preset
        };
        if self.output().is_none() {
            // Replaced at once: a device opening now need not play the old mix first.
            self.mix = None;
        }
        self.ensure_output();
        let mut problems = Vec::new();
        if let Some(rate) = self.output().map(Output::rate) {
            self.seed = self.seed.wrapping_add(1);
            let dirs = self.dirs.clone();
            let (layers, p) = build_layers_notifying(
                &mix.layers,
                rate,
                self.seed,
                &mut |name| opener(dirs.as_ref(), name),
                Some(&self.file_problems.0),
            );
            problems = p;
            self.send(EngineCommand::SetLayers {
                layers,
                fade_secs: CROSSFADE_SECS,
            });
        }
        self.mix = Some(mix);
        problems
    }

    /// Adds one of the user's sound files to the mix.
    pub fn add_file(&mut self, name: &str) -> Result<(), String> {
        let layer = Layer {
            source: LayerSource::File {
                file: name.to_owned(),
            },
            level: 1.0,
            breath_sync: false,
        };
        self.ensure_output();
        if let Some(rate) = self.output().map(Output::rate) {
            let open = opener(self.dirs.as_ref(), name)
                .ok_or_else(|| format!("{name}: not found in your sounds folder"))?;
            let file = FileLoop::new(name, open, rate)
                .map_err(|e| e.to_string())?
                .notify_to(self.file_problems.0.clone());
            self.send(EngineCommand::AddLayer(LayerSpec {
                generator: Box::new(file),
                level: 1.0,
                breath_sync: false,
            }));
        }
        let mix = self.mix.get_or_insert_with(|| Preset {
            id: PresetId::new("my-mix"),
            name: "My mix".to_owned(),
            program: None,
            layers: Vec::new(),
        });
        mix.layers.push(layer);
        Ok(())
    }

    /// The mix as a preset named `name` (for saving).
    pub fn mix_as(&self, name: &str) -> Option<Preset> {
        let mix = self.mix.as_ref()?;
        Some(Preset {
            id: PresetId::new(crate::domain::soundscape::user_preset_id(name)),
            name: name.trim().to_owned(),
            program: None,
            layers: mix.layers.clone(),
        })
    }

    /// The preset playing and its layers' (label, level).
    pub fn mixer(&self) -> (Option<PresetId>, Vec<(String, f32)>) {
        let Some(p) = &self.mix else {
            return (None, Vec::new());
        };
        let layers = p
            .layers
            .iter()
            .map(|l| {
                let label = match &l.source {
                    LayerSource::Generator(g) => g.label().to_owned(),
                    LayerSource::File { file } => file.clone(),
                };
                (label, l.level)
            })
            .collect();
        (Some(p.id.clone()), layers)
    }

    /// Changes one layer's level.
    pub fn set_level(&mut self, index: usize, level: f32) {
        if let Some(layer) = self.mix.as_mut().and_then(|m| m.layers.get_mut(index)) {
            layer.level = level.clamp(0.0, crate::domain::soundscape::MAX_LEVEL);
        }
        self.send(EngineCommand::SetLevel { index, level });
    }

    /// Sends the session timeline (`now`: the app time it is sent at, from which a device
    /// opened later is given it at the session time reached).
    pub fn set_timeline(&self, timeline: Timeline, running: bool, now: Duration) {
        self.sent.replace(Some(Sent {
            timeline: timeline.clone(),
            running,
            at: now,
            live: true,
        }));
        self.send(EngineCommand::SetTimeline { timeline, running });
    }

    /// The timeline last sent to the engine.
    pub fn last_timeline(&self) -> Option<Timeline> {
        self.sent.borrow().as_ref().map(|s| s.timeline.clone())
    }

    /// `read` of the timeline last sent to the engine, without copying it (every frame
    /// asks what is being said).
    pub fn read_timeline<R>(&self, read: impl FnOnce(Option<&Timeline>) -> R) -> R {
        read(self.sent.borrow().as_ref().map(|s| &s.timeline))
    }

    /// Fades everything (the voice and cues too) out over `fade`, keeping what plays: the
    /// computer is about to sleep. [`Self::apply_settings`] brings it back.
    pub fn fade_out(&mut self, fade: Duration) {
        self.faded = true;
        self.send(EngineCommand::SetMaster {
            gain: 0.0,
            secs: fade.as_secs_f32(),
        });
    }

    /// Fades everything out over `fade`; the device is released a little later (`now` is
    /// app time).
    pub fn stop(&mut self, fade: Duration, now: Duration) {
        self.release_at = Some(now + fade + Duration::from_secs(2));
        self.send(EngineCommand::SetLayers {
            layers: Vec::new(),
            fade_secs: fade.as_secs_f32(),
        });
        self.send(EngineCommand::SetTimeline {
            timeline: Timeline::default(),
            running: false,
        });
        if let Some(sent) = self.sent.get_mut() {
            sent.live = false;
        }
        self.mix = None;
    }
}
