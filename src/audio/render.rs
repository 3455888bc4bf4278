//! Offline rendering: a whole session (ambience, cues, pacer tone, with the user's safety
//! adaptations already applied) or a soundscape alone, far faster than real time.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use super::engine::{Engine, EngineCommand, LayerSpec};
use super::loudness::{Loudness, LoudnessMeter};
use crate::domain::safety::SafeRoutine;
use crate::domain::session::Session;
use crate::domain::soundscape::{
    AudioSettings, Timeline, TimelineItem, calm_over, timeline, with_speech,
};

/// Frames rendered between progress reports.
const CHUNK_FRAMES: usize = 8_192;
/// Longest fade-out of the ambience at the end of a file.
pub const FADE_OUT: Duration = Duration::from_secs(30);
/// After the session's end (and tail) a session export runs this much longer, so the end
/// bell rings out fully before the file ends.
pub const RING_OUT: Duration = Duration::from_secs(15);
/// The very last moments of a session export, where the bell's ring-out fades to silence.
const FINAL_FADE: Duration = Duration::from_secs(4);

/// What to render.
pub struct RenderPlan {
    /// Sample rate of the output.
    pub rate: u32,
    /// The layers of the ambience.
    pub layers: Vec<LayerSpec>,
    /// Cue, pacer-tone and breath-sync settings (the master volume is applied too).
    pub settings: AudioSettings,
    /// Length of the routine part (zero for ambience only).
    pub routine: Duration,
    /// Ambience after the routine ends.
    pub tail: Duration,
    /// Fade-out of the bed (ambience and pacer tone, not cues) at the very end (included
    /// in the total).
    pub fade_out: Duration,
    /// Time after the routine and tail for the end bell to ring out (included in the
    /// total); its last four seconds fade everything, cues too, to silence.
    pub ring_out: Duration,
    /// The voice's clips (mono, at `rate`), by their words; empty: no voice. A line is
    /// said only if its clip is here, and is placed by its clip's real length.
    pub voice: HashMap<String, Arc<[f32]>>,
}

impl RenderPlan {
    /// A session export: the routine, `tail` of ambience, then [`RING_OUT`] for the bell;
    /// the bed fades over the last quarter of the routine plus the tail (at most
    /// [`FADE_OUT`]), while cues keep their full level.
    pub fn session(
        rate: u32,
        layers: Vec<LayerSpec>,
        settings: AudioSettings,
        routine: Duration,
        tail: Duration,
    ) -> Self {
        Self {
            rate,
            layers,
            settings,
            routine,
            tail,
            fade_out: FADE_OUT.min(routine / 4 + tail + RING_OUT),
            ring_out: RING_OUT,
            voice: HashMap::new(),
        }
    }

    /// A soundscape alone, `length` long, fading out over its last quarter (at most
    /// [`FADE_OUT`]).
    pub fn ambience(
        rate: u32,
        layers: Vec<LayerSpec>,
        settings: AudioSettings,
        length: Duration,
    ) -> Self {
        Self {
            rate,
            layers,
            settings,
            routine: Duration::ZERO,
            tail: length,
            fade_out: FADE_OUT.min(length / 4),
            ring_out: Duration::ZERO,
            voice: HashMap::new(),
        }
    }

    /// Total length of the output.
    pub fn total(&self) -> Duration {
        self.routine + self.tail + self.ring_out
    }

    /// Total length in frames.
    pub fn total_frames(&self) -> u64 {
        (self.total().as_secs_f64() * f64::from(self.rate)).round() as u64
    }
}

/// One meter's thread: the chunks go in, its reading comes out when the queue closes.
type Lane = (
    std::sync::mpsc::SyncSender<std::sync::Arc<[f32]>>,
    std::thread::JoinHandle<Loudness>,
);

/// The loudness meters on their own threads, beside the render instead of after each
/// chunk: the integrated loudness costs about what rendering does, and the true peak, which
/// oversamples, did twice that until it learnt to skip what cannot raise it (a few percent
/// now). Without threads they measure in line.
struct MeterThread {
    lanes: Vec<Lane>,
    inline: Option<LoudnessMeter>,
    rate: u32,
}

impl MeterThread {
    fn start(rate: u32) -> Self {
        let mut lanes = Vec::new();
        for (name, make) in [
            (
                "loudness",
                LoudnessMeter::integrated as fn(u32) -> LoudnessMeter,
            ),
            ("true-peak", LoudnessMeter::true_peak),
        ] {
            // A few chunks in flight: the render never waits unless a meter falls behind.
            let (queue, chunks) = std::sync::mpsc::sync_channel::<std::sync::Arc<[f32]>>(8);
            let worker = std::thread::Builder::new()
                .name(name.to_owned())
                .spawn(move || {
                    let mut meter = make(rate);
                    for chunk in chunks {
                        meter.add(&chunk);
                    }
                    meter.result()
                });
            match worker {
                Ok(worker) => lanes.push((queue, worker)),
                Err(e) => {
                    log::warn!("measuring loudness in line (no thread: {e})");
                    return Self {
                        lanes: Vec::new(),
                        inline: Some(LoudnessMeter::new(rate)),
                        rate,
                    };
                }
            }
        }
        Self {
            lanes,
            inline: None,
            rate,
        }
    }

    fn add(&mut self, chunk: &[f32]) {
        if let Some(meter) = &mut self.inline {
            meter.add(chunk);
            return;
        }
        let shared: std::sync::Arc<[f32]> = chunk.into();
        for (queue, _) in &self.lanes {
            queue.send(std::sync::Arc::clone(&shared)).ok();
        }
    }

    fn result(self) -> Loudness {
        if let Some(meter) = &self.inline {
            return meter.result();
        }
        let none = LoudnessMeter::new(self.rate).result();
        let results: Vec<Loudness> = self
            .lanes
            .into_iter()
            .map(|(queue, worker)| {
                drop(queue);
                worker.join().unwrap_or(none)
            })
            .collect();
        match results.as_slice() {
            [integrated, peak] => Loudness {
                integrated_lufs: integrated.integrated_lufs,
                true_peak_dbfs: peak.true_peak_dbfs,
                sample_peak: integrated.sample_peak.max(peak.sample_peak),
            },
            _ => none,
        }
    }
}

/// Renders `plan`, for `routine` if given, passing each chunk of interleaved stereo to
/// `write` and the fraction done to `progress`. Returns the measured loudness.
pub fn render<E>(
    plan: RenderPlan,
    routine: Option<&SafeRoutine>,
    write: &mut dyn FnMut(&[f32]) -> Result<(), E>,
    progress: &mut dyn FnMut(f64),
) -> Result<Loudness, E> {
    let rate = plan.rate;
    let total_frames = plan.total_frames();
    let frames_of = |d: Duration| (d.as_secs_f64() * f64::from(rate)).round() as u64;
    // Changes at set frames: the bed's fade, then (after a ring-out) the final fade.
    // The sound calms as the bed fades, as it does when it plays (`calm_over`).
    let calm = (!plan.fade_out.is_zero()).then(|| {
        let start = plan.total().saturating_sub(plan.fade_out);
        calm_over(start, plan.fade_out)
    });
    let mut events: Vec<(u64, EngineCommand)> = Vec::new();
    if !plan.fade_out.is_zero() {
        events.push((
            total_frames.saturating_sub(frames_of(plan.fade_out)),
            EngineCommand::FadeBed {
                secs: plan.fade_out.as_secs_f32(),
            },
        ));
    }
    if !plan.ring_out.is_zero() {
        let last = FINAL_FADE.min(plan.ring_out);
        events.push((
            total_frames.saturating_sub(frames_of(last)),
            EngineCommand::SetMaster {
                gain: 0.0,
                secs: last.as_secs_f32(),
            },
        ));
    }
    events.sort_by_key(|e| e.0);
    let mut events = events.into_iter().peekable();

    let mut engine = Engine::new(rate);
    engine.apply(EngineCommand::SetCueVolume(if plan.settings.cues_enabled {
        plan.settings.cue_volume
    } else {
        0.0
    }));
    engine.apply(EngineCommand::SetPacerTone(
        plan.settings.pacer_tone_enabled,
    ));
    engine.apply(EngineCommand::SetBreathSync(
        plan.settings.breath_sync_enabled,
    ));
    engine.apply(EngineCommand::SetMaster {
        gain: plan.settings.effective_master(),
        secs: super::engine::FADE_IN_SECS,
    });
    engine.apply(EngineCommand::SetLayers {
        layers: plan.layers,
        fade_secs: 0.05,
    });
    // The sound calms as the bed fades, as it does when it plays (`calm_over`).
    if let Some(routine) = routine {
        let session = Session::started(routine.clone());
        let mut items = timeline(&session, Duration::ZERO, &plan.settings);
        items.items.extend(calm);
        items.items.sort_by_key(TimelineItem::at);
        if !plan.voice.is_empty() {
            let clips = &plan.voice;
            let measure = |text: &str| {
                clips.get(text).map_or(Duration::MAX, |c| {
                    crate::audio::voice_clip::clip_length(c, rate)
                })
            };
            items = with_speech(items, &session, &plan.settings.voice, &measure);
            engine.apply(EngineCommand::SetVoiceLevel(plan.settings.voice.level));
            for (text, clip) in &plan.voice {
                engine.apply(EngineCommand::AddClip {
                    text: text.clone(),
                    clip: clip.clone(),
                });
            }
        }
        engine.apply(EngineCommand::SetTimeline {
            timeline: items,
            running: true,
        });
    } else if let Some(calm) = calm {
        engine.apply(EngineCommand::SetTimeline {
            timeline: Timeline {
                from: Duration::ZERO,
                items: vec![calm],
                end: None,
            },
            running: true,
        });
    }

    // The limiter delays its output; render that much extra and drop it from the start.
    let latency = engine.latency_frames() as u64;
    let mut skip = latency as usize * 2;
    let mut meter = MeterThread::start(rate);
    let mut buffer = vec![0.0_f32; CHUNK_FRAMES * 2];
    let mut done: u64 = 0;
    let end = total_frames + latency;
    while done < end {
        while let Some((_, command)) = events.next_if(|e| e.0 <= done) {
            engine.apply(command);
        }
        let mut frames = CHUNK_FRAMES.min((end - done) as usize);
        if let Some(&(at, _)) = events.peek() {
            frames = frames.min((at - done) as usize).max(1);
        }
        let chunk = &mut buffer[..frames * 2];
        engine.render(chunk);
        done += frames as u64;
        let usable = if skip >= chunk.len() {
            skip -= chunk.len();
            continue;
        } else {
            let from = skip;
            skip = 0;
            &chunk[from..]
        };
        meter.add(usable);
        write(usable)?;
        progress(done as f64 / end as f64);
    }
    Ok(meter.result())
}
