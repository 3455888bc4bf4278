//! The synthesised cues: soft chimes, a two-note side switch, a quiet tick and a bell.
//! Each is a few decaying sine partials with a smooth attack, so none is startling.

use super::dsp::Resonator;
use crate::domain::soundscape::Cue;

/// Peak level of the loudest cue (the session bell), linear: −12 dBFS.
pub const CUE_PEAK: f32 = 0.25;

struct Partial {
    osc: Resonator,
    amp: f32,
    decay: f32,
    delay: u32,
}

/// One sounding cue.
pub struct CueVoice {
    partials: Vec<Partial>,
    attack: u32,
    age: u32,
    length: u32,
}

impl CueVoice {
    /// A voice for `cue` at `rate`.
    pub fn new(cue: Cue, rate: f32) -> Self {
        // (frequency, amplitude, decay time constant in seconds, delay in seconds)
        let spec: &[(f32, f32, f32, f32)] = match cue {
            Cue::StepChange => &[
                (659.3, 0.13, 1.0, 0.0),
                (1_318.5, 0.035, 0.6, 0.0),
                (1_977.8, 0.012, 0.35, 0.0),
            ],
            Cue::SwitchSides => &[
                (523.3, 0.11, 0.6, 0.0),
                (1_046.5, 0.025, 0.35, 0.0),
                (784.0, 0.11, 0.8, 0.22),
                (1_568.0, 0.025, 0.45, 0.22),
            ],
            Cue::TenSecondsLeft => &[(1_174.7, 0.05, 0.05, 0.0), (2_349.3, 0.012, 0.03, 0.0)],
            Cue::SessionEnd => &[
                (392.0, 0.12, 4.0, 0.0),
                (784.6, 0.05, 3.0, 0.0),
                (1_081.9, 0.035, 2.2, 0.0),
                (2_116.8, 0.015, 1.2, 0.0),
                (293.7, 0.08, 4.5, 1.8),
                (587.9, 0.03, 3.0, 1.8),
            ],
        };
        let partials = spec
            .iter()
            .enumerate()
            .map(|(i, &(hz, amp, tau, delay))| Partial {
                osc: Resonator::new(hz, rate, i as f32 * 0.7),
                amp,
                decay: (-1.0 / (tau * rate)).exp(),
                delay: (delay * rate) as u32,
            })
            .collect::<Vec<_>>();
        let longest = spec
            .iter()
            .map(|&(_, _, tau, delay)| delay + tau * 7.0)
            .fold(0.0, f32::max);
        Self {
            partials,
            attack: (0.006 * rate) as u32,
            age: 0,
            length: (longest * rate) as u32,
        }
    }

    /// Whether the voice has died away.
    pub const fn finished(&self) -> bool {
        self.age >= self.length
    }

    /// Adds the voice into interleaved stereo `out`, starting `offset` frames in.
    pub fn add_to(&mut self, out: &mut [f32], offset: usize, gain: f32) {
        let frames = out.len() / 2;
        let settled = self
            .partials
            .iter()
            .all(|p| self.age >= p.delay.saturating_add(self.attack));
        let room = (self.length - self.age.min(self.length)) as usize;
        if settled && offset <= frames && frames - offset <= room {
            // Every partial sounds and has risen, to the block's end: no per-frame checks
            // (a chime spends nearly all its seconds here).
            for frame in out.chunks_exact_mut(2).skip(offset) {
                let mut sum = 0.0;
                for p in &mut self.partials {
                    sum += p.osc.sample() * p.amp;
                    p.amp *= p.decay;
                }
                frame[0] += sum * gain;
                frame[1] += sum * gain;
            }
            self.age += (frames - offset) as u32;
            return;
        }
        for frame in out.chunks_exact_mut(2).skip(offset) {
            if self.finished() {
                return;
            }
            let mut sum = 0.0;
            for p in &mut self.partials {
                if self.age < p.delay {
                    continue;
                }
                let since = self.age - p.delay;
                let attack = if since < self.attack {
                    let t = since as f32 / self.attack as f32;
                    t * t * (3.0 - 2.0 * t)
                } else {
                    1.0
                };
                sum += p.osc.sample() * p.amp * attack;
                p.amp *= p.decay;
            }
            frame[0] += sum * gain;
            frame[1] += sum * gain;
            self.age += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole cue in one call (from its first frame, so every frame takes the checked
    /// path) and in blocks at an offset (the settled path once every partial has risen).
    #[test]
    fn the_settled_path_renders_what_the_checked_path_does() {
        for cue in [
            Cue::StepChange,
            Cue::SwitchSides,
            Cue::TenSecondsLeft,
            Cue::SessionEnd,
        ] {
            let mut whole = CueVoice::new(cue, 48_000.0);
            let frames = whole.length as usize + 300;
            let mut one = vec![0.0; frames * 2];
            whole.add_to(&mut one, 0, 0.8);
            let mut blocks = vec![0.0; (frames + 37) * 2];
            let mut voice = CueVoice::new(cue, 48_000.0);
            voice.add_to(&mut blocks[..256 * 2], 37, 0.8);
            for block in blocks[256 * 2..].chunks_mut(256 * 2) {
                voice.add_to(block, 0, 0.8);
            }
            assert!(voice.finished());
            assert_eq!(one, blocks[37 * 2..], "{cue:?}");
        }
    }
}
