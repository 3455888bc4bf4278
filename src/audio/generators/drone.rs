//! Drone: a warm, slowly breathing pad on an open A chord.
//!
//! Five partials in just intonation on A (110, 165, 220, 330 and 440 Hz: A, E, A, E, A),
//! so no two of them beat against each other. Each partial is a pair of recursive sine
//! oscillators detuned by 0.04–0.25 Hz, which gives a very slow swell but never a beat
//! faster than a quarter of a hertz. The right channel hears each partial shifted in phase
//! by 65–115° (its own angle, either way), from the oscillators' quadrature outputs, so the
//! channels are decorrelated (|r| under about 0.45 in any second) without any delay line. Every
//! partial's level drifts on its own over tens of seconds, and a slow brightness drift
//! lifts and lowers the upper partials, so the chord is always moving, never looping. The
//! partials are computed at a quarter of the sample rate and interpolated up, which is
//! plenty for a chord whose top note is 440 Hz.
//!
//! When breath-synced, the level and brightness follow the lung fill instead (rising with
//! the inhale), and hand back to the drone's own drift gradually when the breathing stops.
//!
//! As it calms ([`BlockCtx::calm`]) the chord lowers: it glides down a whole tone
//! ([`pitch_ratio`]), its upper partials fade back ([`brightness`]) and it darkens
//! ([`Darken`]).

use std::f32::consts::TAU;

use crate::audio::dsp::Rng;
use crate::audio::generator::BlockCtx;

use super::common::{
    BreathFollow, ControlRate, Darken, Drift, Lerp, Osc, blend, calmed, upsample_linear,
};

/// Frames between control updates.
const CTL: usize = 64;
/// The partials run at a quarter of the sample rate; linear interpolation back up leaves
/// their images more than 55 dB down, above 11 kHz.
const DIV: usize = 4;
/// Low-rate samples per control period.
const SUB: usize = CTL / DIV;
/// The root, A2.
const ROOT_HZ: f32 = 110.0;
/// The partials, as multiples of the root.
const RATIOS: [f32; 5] = [1.0, 1.5, 2.0, 3.0, 4.0];
/// Their levels at full brightness.
const WEIGHTS: [f32; 5] = [1.0, 0.75, 0.5, 0.3, 0.18];
/// How strongly the brightness tilts each partial (upper ones most).
const TILT: [i32; 5] = [0, 1, 1, 2, 3];
/// How much of the second, detuned oscillator is mixed in.
const CROSS: f32 = 0.2;
/// Seconds of fade-in when the drone starts.
const FADE_IN_SECS: f32 = 1.0;
/// Calibrates the output to about −27 LUFS (see `tests/it/audio_generators.rs`).
const GAIN: f32 = 0.0631;

/// The chord's pitch for `calm` (0..1), against its pitch at 0: down a whole tone at 1.
pub fn pitch_ratio(calm: f32) -> f32 {
    2f32.powf(-2.0 * calm.clamp(0.0, 1.0) / 12.0)
}

/// How bright the chord is for `calm`, against its brightness at 0.
pub fn brightness(calm: f32) -> f32 {
    calmed(1.0, 0.6, calm)
}

/// One partial: a detuned pair of oscillators and a drifting level.
struct Partial {
    osc: [Osc; 2],
    /// The oscillators' frequencies at calm 0.
    hz: [f32; 2],
    level: Drift,
    gain: Lerp,
    /// The right channel's phase shift, as (cos, sin).
    shift: (f32, f32),
}

/// A warm, slowly evolving pad.
pub struct Drone {
    partials: [Partial; 5],
    bright: Drift,
    swell: Drift,
    breath: BreathFollow,
    fade: f32,
    fade_step: f32,
    last: [f32; 2],
    buf: [[f32; 2]; CTL],
    ctl_left: usize,
    low_rate: f32,
    /// The calm the oscillators are tuned for.
    tuned: f32,
    darken: Darken,
}

impl Drone {
    /// A drone at `rate` samples per second, its movement decided by `seed`.
    pub fn new(rate: f32, seed: u64) -> Self {
        let mut root = Rng::new(seed);
        let sr = rate / CTL as f32;
        let low_rate = rate / DIV as f32;
        let partials = std::array::from_fn(|i| {
            let hz = ROOT_HZ * RATIOS[i];
            let detune = root.range(0.04, 0.25);
            let mut rng = root.fork();
            Partial {
                osc: [
                    Osc::new(hz - 0.5 * detune, low_rate, rng.range(0.0, TAU)),
                    Osc::new(hz + 0.5 * detune, low_rate, rng.range(0.0, TAU)),
                ],
                hz: [hz - 0.5 * detune, hz + 0.5 * detune],
                level: Drift::new(&mut rng, 0.6, 1.0, 12.0, 40.0, sr),
                gain: Lerp::at(0.0),
                shift: {
                    let angle = rng.range(1.13, 2.0);
                    let sign = if rng.chance(0.5) { 1.0 } else { -1.0 };
                    let (sin, cos) = angle.sin_cos();
                    (cos, sign * sin)
                },
            }
        });
        Self {
            partials,
            bright: Drift::new(&mut root, 0.45, 1.0, 15.0, 50.0, sr),
            swell: Drift::new(&mut root, 0.7, 1.0, 10.0, 30.0, sr),
            breath: BreathFollow::new(sr),
            fade: 0.0,
            fade_step: 1.0 / (FADE_IN_SECS * sr),
            last: [0.0; 2],
            buf: [[0.0; 2]; CTL],
            ctl_left: 0,
            low_rate,
            tuned: 0.0,
            darken: Darken::new(700.0, rate),
        }
    }
}

impl ControlRate for Drone {
    const CTL: usize = CTL;

    /// Once per control period: levels, then the period's audio, ready to be copied out.
    fn control(&mut self, ctx: &BlockCtx) {
        self.breath.step(ctx.breath);
        let w = self.breath.weight();
        let fill = self.breath.fill();
        let bright = blend(self.bright.step(), 0.7 * fill + 0.25, w) * brightness(ctx.calm);
        // Retuned in steps of a thousandth of calm: a fifth of a cent, never heard as a step.
        if (ctx.calm - self.tuned).abs() >= 1e-3 {
            self.tuned = ctx.calm;
            let ratio = pitch_ratio(ctx.calm);
            for p in &mut self.partials {
                for (osc, hz) in p.osc.iter_mut().zip(p.hz) {
                    osc.set_freq(hz * ratio, self.low_rate);
                }
            }
        }
        let swell = blend(self.swell.step(), 0.45 * fill + 0.55, w);
        self.fade = (self.fade + self.fade_step).min(1.0);
        let level = swell * self.fade * self.fade * GAIN;

        // The period at the low rate…
        let mut lo = [[0.0f32; 2]; SUB];
        for (i, p) in self.partials.iter_mut().enumerate() {
            let g = WEIGHTS[i] * bright.powi(TILT[i]) * p.level.step() * level;
            p.gain.go(g, SUB as f32);
            let [a, b] = &mut p.osc;
            a.renormalise();
            b.renormalise();
            let gain = &mut p.gain;
            let (cos, sin) = p.shift;
            for frame in &mut lo {
                a.step();
                b.step();
                let sine = CROSS * b.s + a.s;
                let quadrature = CROSS * b.c + a.c;
                frame[0] += sine * gain.v;
                frame[1] += (sine * cos + quadrature * sin) * gain.v;
                gain.v += gain.inc;
            }
        }
        // …and up to the full rate by linear interpolation.
        upsample_linear::<DIV>(&lo, &mut self.last, &mut self.buf);
    }

    /// Copies out the period's audio, worked out in `control`.
    fn run(&mut self, frames: &mut [[f32; 2]], start: usize) {
        for (frame, src) in frames.iter_mut().zip(self.buf.iter().skip(start)) {
            *frame = *src;
        }
    }

    /// Frames left in the current control period.
    fn ctl_left(&mut self) -> &mut usize {
        &mut self.ctl_left
    }

    fn darken(&mut self) -> &mut Darken {
        &mut self.darken
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_calmer_drone_is_lower_and_darker() {
        let calms: Vec<f32> = (0..=10).map(|i| i as f32 / 10.0).collect();
        for pair in calms.windows(2) {
            assert!(pitch_ratio(pair[1]) < pitch_ratio(pair[0]));
            assert!(brightness(pair[1]) < brightness(pair[0]));
        }
        assert!((pitch_ratio(1.0) - 0.890_9).abs() < 1e-3, "a whole tone");
    }
}
