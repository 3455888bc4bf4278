//! The voice bus: spoken clips played on the session timeline, one at a time, each never
//! heard past its `until`, with the ambience ducked under them. Clips arrive as mono
//! samples at the engine rate, already at their loudness ([`super::voice_clip`]).

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use super::dsp::{Curve, Ramp, db_to_gain};

/// How far the ambience is lowered while the voice speaks, in dB.
pub const DUCK_DB: f32 = -8.0;
/// Ramp of the duck, down and up, in seconds.
pub const DUCK_RAMP_SECS: f32 = 0.15;
/// A line stopped early (its step ended, a skip, a pause) fades out over this long.
const CUT_SECS: f32 = 0.03;

/// A line waiting for the voice.
struct Pending {
    text: String,
    /// Engine frame it is due at.
    due: u64,
    /// Engine frame after which it may not be heard.
    until: u64,
}

/// The line being said.
struct Speaking {
    clip: Arc<[f32]>,
    pos: usize,
    until: u64,
    /// Set when it is being cut: the fade's gain.
    cut: Option<Ramp>,
}

impl Speaking {
    /// Starts fading the line out over `frames`, unless it already is.
    fn fade_out(&mut self, frames: u64) {
        if self.cut.is_none() {
            let mut ramp = Ramp::at(1.0);
            ramp.go(0.0, frames, Curve::Linear);
            self.cut = Some(ramp);
        }
    }
}

/// The voice's clips, its queue and the duck it applies to the ambience.
pub struct VoiceBus {
    rate: f32,
    clips: HashMap<String, Arc<[f32]>>,
    queue: VecDeque<Pending>,
    speaking: Option<Speaking>,
    /// Gain of the ambience: 1, or the duck while the voice speaks.
    duck: Ramp,
    /// How many lines have started (for tests and the speaking indicator).
    started: u64,
}

impl VoiceBus {
    /// An idle bus at `rate`.
    pub fn new(rate: f32) -> Self {
        Self {
            rate,
            clips: HashMap::new(),
            queue: VecDeque::new(),
            speaking: None,
            duck: Ramp::at(1.0),
            started: 0,
        }
    }

    fn frames(&self, secs: f32) -> u64 {
        (secs.max(0.0) * self.rate).round() as u64
    }

    /// Keeps `clip` for the lines that say `text`.
    pub fn add_clip(&mut self, text: String, clip: Arc<[f32]>) {
        self.clips.insert(text, clip);
    }

    /// Whether a clip for `text` is here.
    pub fn has_clip(&self, text: &str) -> bool {
        self.clips.contains_key(text)
    }

    /// Queues `text`, due at engine frame `due`, never heard past `until`.
    pub fn queue(&mut self, text: String, due: u64, until: u64) {
        self.queue.push_back(Pending { text, due, until });
    }

    /// Stops what is being said (with a short fade) and forgets the queue.
    pub fn cut(&mut self) {
        self.queue.clear();
        let fade = self.frames(CUT_SECS);
        if let Some(s) = &mut self.speaking {
            s.fade_out(fade);
        }
    }

    /// Whether a line is being said.
    pub const fn is_speaking(&self) -> bool {
        self.speaking.is_some()
    }

    /// Whether anything is said or waiting.
    pub fn is_idle(&self) -> bool {
        self.speaking.is_none() && self.queue.is_empty() && self.duck.done()
    }

    /// How many lines have started so far.
    pub const fn lines_started(&self) -> u64 {
        self.started
    }

    /// Whether the ambience should be (or go) down during the block `[now, now+frames)`:
    /// the voice speaks, or a line is due within the duck's ramp.
    fn wants_duck(&self, now: u64, frames: u64, soon: Option<u64>) -> bool {
        let horizon = now + frames + self.frames(DUCK_RAMP_SECS);
        self.speaking.is_some()
            || self
                .queue
                .iter()
                .any(|p| p.due < horizon && self.clips.contains_key(&p.text))
            || soon.is_some_and(|at| at < horizon)
    }

    /// Ducks `bed` (interleaved stereo, the ambience and pacer tone) for the block that
    /// starts at engine frame `now`; `soon` is the frame of the next line on the timeline.
    /// `audible`: the voice is not at level 0 (a silent voice ducks nothing).
    pub fn duck(&mut self, bed: &mut [f32], now: u64, soon: Option<u64>, audible: bool) {
        let frames = (bed.len() / 2) as u64;
        let target = if audible && self.wants_duck(now, frames, soon) {
            db_to_gain(DUCK_DB)
        } else {
            1.0
        };
        if (self.duck.target() - target).abs() > f32::EPSILON {
            self.duck
                .go(target, self.frames(DUCK_RAMP_SECS), Curve::Smooth);
        }
        if self.duck.done() {
            let g = self.duck.value();
            if (g - 1.0).abs() > f32::EPSILON {
                for s in bed.iter_mut() {
                    *s *= g;
                }
            }
        } else {
            for frame in bed.chunks_exact_mut(2) {
                let g = self.duck.tick();
                frame[0] *= g;
                frame[1] *= g;
            }
        }
    }

    /// Starts the next line that can be said, at or after `offset` in the block starting
    /// at frame `now`: lines past their `until`, or whose clip would not end by it, are
    /// dropped; a line whose clip has not arrived waits (until its `until`).
    fn start_next(&mut self, now: u64, offset: u64, frames: u64) -> Option<u64> {
        let here = now + offset;
        let mut chosen = None;
        self.queue.retain(|p| p.until > here);
        for (i, p) in self.queue.iter().enumerate() {
            if p.due >= now + frames {
                continue;
            }
            let Some(clip) = self.clips.get(&p.text) else {
                continue;
            };
            let start = p.due.max(here);
            // A line that is late (the voice was busy) and would run past its end is left
            // out; one on time plays and, if longer than planned, fades out at its end.
            if start > p.due && start + clip.len() as u64 > p.until {
                continue;
            }
            chosen = Some((i, start));
            break;
        }
        let (i, start) = chosen?;
        let p = self.queue.remove(i)?;
        let clip = self.clips.get(&p.text)?.clone();
        self.speaking = Some(Speaking {
            clip,
            pos: 0,
            until: p.until,
            cut: None,
        });
        self.started += 1;
        Some(start - now)
    }

    /// Adds the voice for the block starting at frame `now` into `out` (interleaved stereo)
    /// at `level`.
    pub fn render(&mut self, out: &mut [f32], now: u64, level: f32) {
        let frames = (out.len() / 2) as u64;
        let cut_frames = self.frames(CUT_SECS);
        let mut offset = 0;
        while offset < frames {
            if self.speaking.is_none() {
                match self.start_next(now, offset, frames) {
                    Some(start) => offset = start,
                    None => break,
                }
            }
            let Some(s) = &mut self.speaking else { break };
            let mut finished = false;
            while offset < frames {
                let frame = now + offset;
                // The fade ends at `until`: nothing is heard past it.
                if frame + cut_frames >= s.until {
                    s.fade_out(cut_frames);
                }
                let Some(&sample) = s.clip.get(s.pos) else {
                    finished = true;
                    break;
                };
                let mut g = level;
                if let Some(cut) = &mut s.cut {
                    g *= cut.tick();
                    if cut.done() {
                        finished = true;
                    }
                }
                let i = offset as usize * 2;
                out[i] += sample * g;
                out[i + 1] += sample * g;
                s.pos += 1;
                offset += 1;
                if finished {
                    break;
                }
            }
            if finished {
                self.speaking = None;
            }
        }
    }
}
