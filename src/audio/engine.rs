//! The audio engine: layers with ramped gains, a master gain, breath-synced swells, cues
//! scheduled on the session timeline, the pacer tone and a limiter. Pure sample
//! processing: the same engine plays on the device and renders exports offline.

use std::sync::Arc;
use std::time::Duration;

use super::cue_voice::CueVoice;
use super::dsp::{Curve, MIN_RAMP_SECS, Ramp};
use super::generator::{BLOCK_FRAMES, BlockCtx, Generate};
use super::limiter::Limiter;
use super::pacer_tone::PacerTone;
use super::voice_bus::VoiceBus;
use crate::domain::soundscape::{Cue, Timeline, TimelineItem};

/// Default fade-in when sound starts, in seconds.
pub const FADE_IN_SECS: f32 = 3.0;
/// Fade when layers are swapped, in seconds.
pub const CROSSFADE_SECS: f32 = 1.5;
/// How long calm takes to glide to where the timeline says when it jumps there (a timer
/// made shorter, a new session part-way through its fade), in seconds: slow enough that
/// nothing clicks or lurches.
pub const CALM_GLIDE_SECS: f32 = 4.0;
/// Ramp of the pacer tone when it starts or stops (turned on or off, pause, skip), and of
/// the cue level when the cue volume changes, in seconds.
pub const SWITCH_RAMP_SECS: f32 = 0.03;

/// A layer ready to play: a generator and its settings.
pub struct LayerSpec {
    /// The sound.
    pub generator: Box<dyn Generate>,
    /// Level 0..=2.
    pub level: f32,
    /// Whether it swells with the breath.
    pub breath_sync: bool,
}

/// A change to what the engine plays. Sent from the app thread; applied between blocks.
pub enum EngineCommand {
    /// Replace the layers: the old ones fade out, the new ones fade in, over `fade_secs`.
    SetLayers {
        /// The new layers.
        layers: Vec<LayerSpec>,
        /// Crossfade length ([`CROSSFADE_SECS`] is the usual).
        fade_secs: f32,
    },
    /// Add a layer to those playing (it fades in over [`CROSSFADE_SECS`]).
    AddLayer(LayerSpec),
    /// Change one layer's level (ramped).
    SetLevel {
        /// Index in the last `SetLayers`.
        index: usize,
        /// New level 0..=2.
        level: f32,
    },
    /// Change the master gain over `secs` (at least the minimum ramp). Cues follow it
    /// (up to 1), ramped the same way.
    SetMaster {
        /// New gain (0 = silent).
        gain: f32,
        /// Ramp length.
        secs: f32,
    },
    /// Replace the session timeline; session time is `timeline.from` now.
    SetTimeline {
        /// Cues and breathing from now on.
        timeline: Timeline,
        /// Whether session time is advancing (false while paused).
        running: bool,
    },
    /// Fade the bed and the pacer tone (not the cues) out over `secs`: the end of an
    /// export, where the session bell must still ring fully.
    FadeBed {
        /// Fade length.
        secs: f32,
    },
    /// Start or stop session time (pause and resume).
    SetRunning(bool),
    /// Cue volume 0..=1 (0 = no cues).
    SetCueVolume(f32),
    /// Pacer tone on or off.
    SetPacerTone(bool),
    /// Breath-synced layers on or off.
    SetBreathSync(bool),
    /// Play a cue now.
    PlayCue(Cue),
    /// A spoken clip (mono, at the engine rate, at its loudness) for the lines saying `text`.
    AddClip {
        /// The words.
        text: String,
        /// The samples.
        clip: Arc<[f32]>,
    },
    /// Voice level 0..=1.5 (0 = no voice).
    SetVoiceLevel(f32),
    /// Say `text` now (its clip must have been added), outside any session.
    Say(String),
}

struct Voice {
    generator: Box<dyn Generate>,
    gain: Ramp,
    breath_sync: bool,
    retiring: bool,
}

/// The engine. Render with [`Engine::render`]; change it with [`Engine::apply`].
pub struct Engine {
    rate: f32,
    voices: Vec<Voice>,
    master: Ramp,
    /// Cue volume setting (0..=1).
    cue_volume: f32,
    /// The master gain last asked for (cues follow it, up to 1).
    user_master: f32,
    /// The gain applied to cues: cue volume × master (up to 1), ramped.
    cue_level: Ramp,
    cues: Vec<CueVoice>,
    cue_buf: Vec<f32>,
    pacer: PacerTone,
    pacer_enabled: bool,
    /// Fades the pacer tone in and out when it starts or stops.
    pacer_gain: Ramp,
    /// The pacer tone's last level and pitch (held while it fades out).
    pacer_last: (f32, f32),
    breath_sync: bool,
    timeline: Timeline,
    next_item: usize,
    /// Session time in frames (session time × rate).
    session_frames: u64,
    running: bool,
    limiter: Limiter,
    layer_buf: Vec<f32>,
    frames_rendered: u64,
    voice: VoiceBus,
    /// Voice level setting (0..=1.5).
    voice_volume: f32,
    /// The timeline's fade-out (a wind-down's, a sleep timer's): its first session frame
    /// and its length in frames. The bed's gain follows it by session time, so a pause
    /// holds it, a new timeline moves it and a new engine joins it where it is.
    fade: Option<(u64, u64)>,
    /// The bed's gain along that fade (1 before it, 0 after), ramped block by block.
    fade_gain: Ramp,
    /// The gain applied to the voice: voice level × master (up to 1), ramped.
    voice_level: Ramp,
    /// How calm the generators are (the timeline's calm, by session time), ramped.
    calm: Ramp,
}

fn secs_to_frames(secs: f32, rate: f32) -> u64 {
    (secs.max(0.0) * rate).round() as u64
}

/// Session time of frame `frames` (exact integer arithmetic).
fn frames_to_duration(frames: u64, rate: f32) -> Duration {
    let nanos = u128::from(frames) * 1_000_000_000 / u128::from(rate as u32).max(1);
    Duration::from_nanos(u64::try_from(nanos).unwrap_or(u64::MAX))
}

fn duration_to_frames(d: Duration, rate: f32) -> u64 {
    (d.as_secs_f64() * f64::from(rate)).round() as u64
}

impl Engine {
    /// A silent engine at `rate` samples per second; the master fades in over
    /// [`FADE_IN_SECS`] once layers are set.
    pub fn new(rate: u32) -> Self {
        let rate = rate as f32;
        let mut master = Ramp::at(0.0);
        master.go(1.0, secs_to_frames(FADE_IN_SECS, rate), Curve::Smooth);
        Self {
            rate,
            voices: Vec::new(),
            master,
            cue_volume: 1.0,
            user_master: 1.0,
            cue_level: Ramp::at(1.0),
            cues: Vec::new(),
            cue_buf: vec![0.0; BLOCK_FRAMES * 2],
            pacer: PacerTone::default(),
            pacer_enabled: false,
            pacer_gain: Ramp::at(0.0),
            pacer_last: (0.0, 0.0),
            breath_sync: true,
            timeline: Timeline::default(),
            next_item: 0,
            session_frames: 0,
            running: false,
            limiter: Limiter::new(rate, 0.002),
            layer_buf: vec![0.0; BLOCK_FRAMES * 2],
            frames_rendered: 0,
            voice: VoiceBus::new(rate),
            voice_volume: 1.0,
            voice_level: Ramp::at(1.0),
            fade: None,
            fade_gain: Ramp::at(1.0),
            calm: Ramp::at(0.0),
        }
    }

    /// The same engine with a different fade-in length (for short test sounds).
    #[must_use]
    pub fn with_fade_in(mut self, secs: f32) -> Self {
        self.master = Ramp::at(0.0);
        self.master
            .go(1.0, secs_to_frames(secs, self.rate), Curve::Smooth);
        self
    }

    /// Sample rate.
    pub const fn rate(&self) -> f32 {
        self.rate
    }

    /// Frames rendered so far.
    pub const fn frames_rendered(&self) -> u64 {
        self.frames_rendered
    }

    /// Session time as the engine counts it.
    pub fn session_time(&self) -> Duration {
        frames_to_duration(self.session_frames, self.rate)
    }

    /// How many spoken lines have started.
    pub const fn lines_spoken(&self) -> u64 {
        self.voice.lines_started()
    }

    /// Whether the voice is speaking.
    pub const fn is_speaking(&self) -> bool {
        self.voice.is_speaking()
    }

    /// Output latency added by the limiter, in frames.
    pub const fn latency_frames(&self) -> usize {
        self.limiter.latency()
    }

    /// Applies a command (between blocks).
    pub fn apply(&mut self, command: EngineCommand) {
        let rate = self.rate;
        let ramp = secs_to_frames(MIN_RAMP_SECS, rate);
        match command {
            EngineCommand::SetLayers { layers, fade_secs } => {
                let fade = secs_to_frames(fade_secs.max(MIN_RAMP_SECS), rate);
                self.voices.retain(|v| !v.retiring);
                for v in &mut self.voices {
                    v.retiring = true;
                    v.gain.go(0.0, fade, Curve::Smooth);
                }
                // A new mix after a fade ended (or was left): back to full as it comes in.
                if self.fade.is_none() && !layers.is_empty() {
                    self.fade_gain.go(1.0, fade, Curve::Smooth);
                    self.calm.go(0.0, fade, Curve::Linear);
                }
                for spec in layers {
                    let mut gain = Ramp::at(0.0);
                    gain.go(spec.level.clamp(0.0, 2.0), fade, Curve::Smooth);
                    self.voices.push(Voice {
                        generator: spec.generator,
                        gain,
                        breath_sync: spec.breath_sync,
                        retiring: false,
                    });
                }
            }
            EngineCommand::AddLayer(spec) => {
                let mut gain = Ramp::at(0.0);
                gain.go(
                    spec.level.clamp(0.0, 2.0),
                    secs_to_frames(CROSSFADE_SECS, rate),
                    Curve::Smooth,
                );
                self.voices.push(Voice {
                    generator: spec.generator,
                    gain,
                    breath_sync: spec.breath_sync,
                    retiring: false,
                });
            }
            EngineCommand::SetLevel { index, level } => {
                if let Some(v) = self.voices.iter_mut().filter(|v| !v.retiring).nth(index) {
                    v.gain.go(level.clamp(0.0, 2.0), ramp, Curve::Linear);
                }
            }
            EngineCommand::SetMaster { gain, secs } => {
                let frames = secs_to_frames(secs.max(MIN_RAMP_SECS), rate);
                self.master.go(gain.clamp(0.0, 4.0), frames, Curve::Smooth);
                self.user_master = gain.clamp(0.0, 1.0);
                self.cue_level
                    .go(self.cue_volume * self.user_master, frames, Curve::Smooth);
                self.voice_level
                    .go(self.voice_volume * self.user_master, frames, Curve::Smooth);
            }
            EngineCommand::FadeBed { secs } => {
                let frames = secs_to_frames(secs.max(MIN_RAMP_SECS), rate);
                self.master.go(0.0, frames, Curve::Smooth);
            }
            EngineCommand::SetTimeline { timeline, running } => {
                let to = duration_to_frames(timeline.from, rate);
                // A jump (skip, back) or a pause silences the line being said; the same
                // timeline sent again (a setting changed) lets it finish.
                if !running || to.abs_diff(self.session_frames) > secs_to_frames(0.05, rate) {
                    self.voice.cut();
                }
                self.session_frames = to;
                self.set_fade(&timeline);
                self.timeline = timeline;
                self.next_item = 0;
                self.running = running;
                self.skip_past_items();
            }
            EngineCommand::SetRunning(running) => {
                if !running {
                    self.voice.cut();
                }
                self.running = running;
            }
            EngineCommand::SetCueVolume(v) => {
                self.cue_volume = v.clamp(0.0, 1.0);
                self.cue_level.go(
                    self.cue_volume * self.user_master,
                    secs_to_frames(SWITCH_RAMP_SECS, rate),
                    Curve::Linear,
                );
            }
            EngineCommand::SetPacerTone(on) => self.pacer_enabled = on,
            EngineCommand::SetBreathSync(on) => self.breath_sync = on,
            EngineCommand::PlayCue(cue) => self.cues.push(CueVoice::new(cue, rate)),
            EngineCommand::AddClip { text, clip } => self.voice.add_clip(text, clip),
            EngineCommand::SetVoiceLevel(v) => {
                self.voice_volume = v.clamp(0.0, 1.5);
                self.voice_level.go(
                    self.voice_volume * self.user_master,
                    secs_to_frames(SWITCH_RAMP_SECS, rate),
                    Curve::Linear,
                );
            }
            EngineCommand::Say(text) => {
                self.voice.cut();
                self.voice.queue(text, self.session_frames, u64::MAX);
            }
        }
    }

    /// Takes the fade-out of a new timeline. A timeline without one leaves the gain where
    /// it is (the sound is stopping, or a new mix fades in over it: `SetLayers`). A new
    /// engine starts at the fade's level; a running one glides there.
    fn set_fade(&mut self, timeline: &Timeline) {
        let rate = self.rate;
        self.fade = timeline.items.iter().find_map(|i| match *i {
            TimelineItem::FadeOut { at, secs } => {
                Some((duration_to_frames(at, rate), secs_to_frames(secs, rate)))
            }
            _ => None,
        });
        if self.frames_rendered == 0 {
            if self.fade.is_some() {
                self.fade_gain = Ramp::at(self.fade_target(self.session_frames));
            }
            // A new engine joins the calm where it is.
            self.calm = Ramp::at(timeline.calm_at(timeline.from));
        }
    }

    /// Moves calm on to where the timeline has it at the end of a block of `frames`, and
    /// returns the calm for this block: along the timeline block by block, or gliding over
    /// [`CALM_GLIDE_SECS`] when it jumped. Calm stays where it is without a timeline's
    /// calm: a stopped timer's sound does not brighten again as it goes.
    fn advance_calm(&mut self, frames: usize) -> f32 {
        let end = self.session_frames + if self.running { frames as u64 } else { 0 };
        let has_calm = self
            .timeline
            .items
            .iter()
            .any(|i| matches!(i, TimelineItem::Calm { .. }));
        if has_calm {
            let target = self.timeline.calm_at(frames_to_duration(end, self.rate));
            if (target - self.calm.target()).abs() > 1e-6 {
                let jump = (target - self.calm.value()).abs() > 0.01;
                let len = if jump {
                    secs_to_frames(CALM_GLIDE_SECS, self.rate)
                } else {
                    frames as u64
                };
                self.calm.go(target, len, Curve::Linear);
            }
        }
        let calm = self.calm.value();
        self.calm.skip(frames as u64);
        calm
    }

    /// The fade's gain at session frame `at` (1 with no fade).
    fn fade_target(&self, at: u64) -> f32 {
        let Some((start, len)) = self.fade else {
            return self.fade_gain.target();
        };
        if at <= start {
            return 1.0;
        }
        let t = ((at - start) as f32 / len.max(1) as f32).min(1.0);
        1.0 - t * t * (3.0 - 2.0 * t)
    }

    /// Moves the fade's gain on to where it is at the end of a block of `frames`: along
    /// the fade, or, when the fade moved (a timer made longer), gliding there over a second.
    fn advance_fade(&mut self, frames: usize) {
        let end = self.session_frames + if self.running { frames as u64 } else { 0 };
        let target = self.fade_target(end);
        if (target - self.fade_gain.target()).abs() > 1e-6 {
            let jump = (target - self.fade_gain.value()).abs() > 0.02;
            let len = if jump {
                secs_to_frames(1.0, self.rate)
            } else {
                frames as u64
            };
            self.fade_gain.go(target, len, Curve::Linear);
        }
    }

    fn skip_past_items(&mut self) {
        let rate = self.rate;
        while let Some(item) = self.timeline.items.get(self.next_item) {
            let at = item.at();
            if duration_to_frames(at, rate) < self.session_frames {
                self.next_item += 1;
            } else {
                break;
            }
        }
    }

    /// Renders interleaved stereo into `out` (any whole number of frames).
    pub fn render(&mut self, out: &mut [f32]) {
        for block in out.chunks_mut(BLOCK_FRAMES * 2) {
            self.render_block(block);
        }
    }

    /// The pacer tone, interpolated across the block from the breath phase at its edges,
    /// with a short fade whenever it starts or stops (turned on or off, pause, skip).
    fn render_pacer(&mut self, out: &mut [f32]) {
        let rate = self.rate;
        let frames = out.len() / 2;
        let mut shape = None;
        if self.pacer_enabled && self.running {
            let t0 = frames_to_duration(self.session_frames, rate);
            let t1 = frames_to_duration(self.session_frames + frames as u64, rate);
            let edges = (self.timeline.breath_at(t0), self.timeline.breath_at(t1));
            if let (Some((s0, p0)), Some((s1, p1))) = edges
                && s0 == s1
                && p0 == p1
            {
                let (l0, h0) = PacerTone::shape(&p0.phase_at(t0.saturating_sub(s0)));
                let (l1, h1) = PacerTone::shape(&p1.phase_at(t1.saturating_sub(s1)));
                shape = Some((l0, h0, l1, h1));
            }
        }
        let target = if shape.is_some() { 1.0 } else { 0.0 };
        if self.pacer_gain.target() != target {
            self.pacer_gain.go(
                target,
                secs_to_frames(SWITCH_RAMP_SECS, rate),
                Curve::Linear,
            );
        }
        if shape.is_none() && self.pacer_gain.value() == 0.0 {
            return;
        }
        // While fading out, hold the last level and pitch.
        let (l, h) = self.pacer_last;
        let (l0, h0, l1, h1) = shape.unwrap_or((l, h, l, h));
        self.pacer
            .add_block(out, (l0, l1), 0.5 * (h0 + h1), &mut self.pacer_gain, rate);
        self.pacer_last = (l1, h1);
    }

    fn render_block(&mut self, out: &mut [f32]) {
        let frames = out.len() / 2;
        let rate = self.rate;
        out.fill(0.0);
        // Nothing to play and nothing due: the idle app costs (almost) nothing.
        let now = frames_to_duration(self.session_frames, rate);
        let pacer_ahead = self.pacer_enabled
            && self
                .timeline
                .items
                .iter()
                .any(|i| matches!(*i, TimelineItem::Breath { end, .. } if end > now));
        let nothing_due =
            !self.running || (self.next_item >= self.timeline.items.len() && !pacer_ahead);
        if self.voices.is_empty()
            && self.cues.is_empty()
            && self.voice.is_idle()
            && nothing_due
            && self.pacer_gain.value() == 0.0
            && self.limiter.is_idle()
        {
            self.advance_fade(frames);
            self.advance_calm(frames);
            if self.running {
                self.session_frames += frames as u64;
            }
            self.master.skip(frames as u64);
            self.fade_gain.skip(frames as u64);
            self.cue_level.skip(frames as u64);
            self.voice_level.skip(frames as u64);
            self.frames_rendered += frames as u64;
            return;
        }

        // Where the breath is, at the middle of this block.
        let mid = self.session_frames + if self.running { frames as u64 / 2 } else { 0 };
        let t_mid = frames_to_duration(mid, rate);
        let breath = self
            .timeline
            .breath_at(t_mid)
            .map(|(start, pattern)| pattern.phase_at(t_mid.saturating_sub(start)));
        let calm = self.advance_calm(frames);
        let synced = BlockCtx {
            breath: breath.filter(|_| self.breath_sync).map(|b| b.fill_0_to_1),
            calm,
        };
        let free = BlockCtx { breath: None, calm };

        // Layers.
        let buf = &mut self.layer_buf[..frames * 2];
        for voice in &mut self.voices {
            let ctx = if voice.breath_sync { &synced } else { &free };
            voice.generator.render(buf, ctx);
            if voice.gain.done() {
                // Steady gain: no per-sample ramp.
                let g = voice.gain.value();
                for (src, dst) in buf.iter().zip(out.iter_mut()) {
                    *dst += src * g;
                }
            } else {
                for frame in buf.chunks_exact(2).zip(out.chunks_exact_mut(2)) {
                    let g = voice.gain.tick();
                    frame.1[0] += frame.0[0] * g;
                    frame.1[1] += frame.0[1] * g;
                }
            }
        }
        self.voices.retain(|v| !(v.retiring && v.gain.done()));

        self.render_pacer(out);

        // The ambience and pacer go down while the voice speaks (and just before it does).
        // Only for a line that will be heard: its clip is here and the voice is not at 0.
        let voice = &self.voice;
        let soon = self.timeline.items[self.next_item.min(self.timeline.items.len())..]
            .iter()
            .find_map(|i| match i {
                TimelineItem::Speak { at, line, .. } if voice.has_clip(&line.text) => {
                    Some(duration_to_frames(*at, rate))
                }
                _ => None,
            })
            .filter(|_| self.running);
        let now_frame = self.session_frames;
        let audible = self.voice_level.value() > 0.0 || self.voice_level.target() > 0.0;
        self.voice
            .duck(out, now_frame, soon.filter(|_| audible), audible);

        // Master gain, times the timeline's fade, on the bed and pacer.
        self.advance_fade(frames);
        if self.master.done() && self.fade_gain.done() {
            let g = self.master.value() * self.fade_gain.value();
            if g != 1.0 {
                for s in out.iter_mut() {
                    *s *= g;
                }
            }
        } else {
            for frame in out.chunks_exact_mut(2) {
                let g = self.master.tick() * self.fade_gain.tick();
                frame[0] *= g;
                frame[1] *= g;
            }
        }

        // Cues (into their own buffer, then at the ramped cue level). The master's fades
        // (an export's end, a wind-down) do not quieten them: the session bell rings fully.
        let cue_buf = &mut self.cue_buf[..frames * 2];
        let mut any_cue = !self.cues.is_empty();
        if any_cue {
            cue_buf.fill(0.0);
        }
        for voice in &mut self.cues {
            voice.add_to(cue_buf, 0, 1.0);
        }
        self.cues.retain(|v| !v.finished());

        // Cues due in this block start on their exact frame.
        if self.running {
            let end = self.session_frames + frames as u64;
            while let Some(item) = self.timeline.items.get(self.next_item) {
                match *item {
                    TimelineItem::Cue { at, cue } => {
                        let at = duration_to_frames(at, rate);
                        if at >= end {
                            break;
                        }
                        let offset = at.saturating_sub(self.session_frames) as usize;
                        if !any_cue {
                            cue_buf.fill(0.0);
                            any_cue = true;
                        }
                        let mut voice = CueVoice::new(cue, rate);
                        voice.add_to(cue_buf, offset, 1.0);
                        self.cues.push(voice);
                    }
                    TimelineItem::FadeOut { at, .. } | TimelineItem::Calm { start: at, .. } => {
                        // The fade and calm follow session time (`advance_fade`,
                        // `advance_calm`), not these items.
                        if duration_to_frames(at, rate) >= end {
                            break;
                        }
                    }
                    TimelineItem::Speak {
                        at,
                        until,
                        ref line,
                        ..
                    } => {
                        let at = duration_to_frames(at, rate);
                        if at >= end {
                            break;
                        }
                        let until = duration_to_frames(until, rate);
                        self.voice.queue(line.text.clone(), at, until);
                    }
                    TimelineItem::Breath { .. } => {}
                }
                self.next_item += 1;
            }
            self.session_frames = end;
        }
        if any_cue {
            if self.cue_level.done() {
                let g = self.cue_level.value();
                for (src, dst) in cue_buf.iter().zip(out.iter_mut()) {
                    *dst += src * g;
                }
            } else {
                for (src, dst) in cue_buf.chunks_exact(2).zip(out.chunks_exact_mut(2)) {
                    let g = self.cue_level.tick();
                    dst[0] += src[0] * g;
                    dst[1] += src[1] * g;
                }
            }
        } else {
            self.cue_level.skip(frames as u64);
        }

        // The voice, at its own level (which follows the master up to 1, not its fades).
        let level = if self.voice_level.done() {
            self.voice_level.value()
        } else {
            let g = self.voice_level.value();
            self.voice_level.skip(frames as u64);
            g
        };
        self.voice.render(out, now_frame, level);

        self.limiter.process(out);
        self.frames_rendered += frames as u64;
    }
}
