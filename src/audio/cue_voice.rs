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
