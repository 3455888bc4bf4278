//! Bowls: singing bowls struck softly now and then, every 15 to 40 seconds, ringing long.
//!
//! A set of four bowls is chosen for the seed from a pentatonic scale (G A C D E G, so any
//! two that ring together agree), each slightly out of tune as real bowls are, with its own
//! place in the stereo field and its own ring time; the right channel hears each partial
//! 65–115° earlier or later, so the channels stay decorrelated. A bowl has five inharmonic
//! partials (near 1, 2.76, 5.1, 8.2 and 11.9 times its fundamental, as measured on
//! Himalayan bowls), each a recursive sine oscillator with an exponential decay: a time
//! constant of 8–20 s for the fundamental, shorter for each partial above it. Each partial
//! beats slowly (a real bowl's modes come in close pairs), its beat in a different phase
//! left and right. A strike is soft: every partial swells over some 50 ms (the difference
//! of two exponentials), and a gentler strike excites the upper partials less. Striking a
//! bowl that still rings adds to its sound, as on a real bowl. Envelopes run at control
//! rate and are interpolated; the partials are computed at half the sample rate and
//! interpolated up.
//!
//! As it calms ([`BlockCtx::calm`]) the bowls are struck less often ([`strike_gap`]: every
//! 30 to 70 s once calm) and more softly, and the sound darkens ([`Darken`]).

use std::f32::consts::TAU;

use crate::audio::dsp::Rng;
use crate::audio::generator::BlockCtx;

use super::common::{Burst, ControlRate, Darken, Lerp, Osc, calmed, pan, upsample_linear};

/// Frames between control updates.
const CTL: usize = 64;
/// The partials run at half the sample rate (the highest is below 5 kHz); linear
/// interpolation back up leaves their images far down and above 19 kHz.
const DIV: usize = 2;
/// Low-rate samples per control period.
const SUB: usize = CTL / DIV;
/// Bowls in the set.
const BOWLS: usize = 4;
/// Partials per bowl.
const PARTIALS: usize = 5;
/// Frequencies of the partials as multiples of the fundamental.
const RATIOS: [f32; PARTIALS] = [1.0, 2.76, 5.13, 8.18, 11.9];
/// Levels of the partials for a full strike.
const WEIGHTS: [f32; PARTIALS] = [1.0, 0.55, 0.3, 0.15, 0.08];
/// Fundamentals to choose the set from (G3 A3 C4 D4 E4 G4).
const PITCHES: [f32; 6] = [196.0, 220.0, 261.63, 293.66, 329.63, 392.0];
/// A partial stops (and stops costing anything) this far below its strike's peak: −55 dB.
const FLOOR: f32 = 1.8e-3;
/// The fundamental's ring time that a strike's level is set for.
const RING_REF: f32 = 14.0;
/// Calibrates the output to about −27 LUFS (see `tests/it/audio_generators.rs`).
const GAIN: f32 = 0.17;

/// One partial of a bowl.
struct Partial {
    osc: Osc,
    env: Burst,
    decay: f32,
    floor: f32,
    beat: Osc,
    depth: f32,
    cos_beat: f32,
    sin_beat: f32,
    cos_phi: f32,
    sin_phi: f32,
    left: Lerp,
    right: Lerp,
    sounding: bool,
}

impl Partial {
    /// Whether it sounds in the coming period.
    fn audible(&self) -> bool {
        self.left.v != 0.0
            || self.left.target() != 0.0
            || self.right.v != 0.0
            || self.right.target() != 0.0
    }

    /// One low-rate step: (left, right). The right channel hears the partial a little
    /// later, a phase shift of φ.
    #[inline]
    fn next(&mut self) -> (f32, f32) {
        self.osc.step();
        let (s, c) = (self.osc.s, self.osc.c);
        let out = (
            s * self.left.v,
            (s * self.cos_phi + c * self.sin_phi) * self.right.v,
        );
        self.left.v += self.left.inc;
        self.right.v += self.right.inc;
        out
    }
}

/// Adds the audible partials to the low-rate block `lo`, two at a time so their
/// oscillators' feedback paths overlap in the processor instead of waiting on each other.
fn add_partials<'a>(partials: impl Iterator<Item = &'a mut Partial>, lo: &mut [[f32; 2]]) {
    let mut audible = partials.filter(|p| p.audible());
    loop {
        match (audible.next(), audible.next()) {
            (Some(a), Some(b)) => {
                for frame in &mut *lo {
                    let (al, ar) = a.next();
                    let (bl, br) = b.next();
                    frame[0] += al + bl;
                    frame[1] += ar + br;
                }
            }
            (Some(a), None) => {
                for frame in &mut *lo {
                    let (l, r) = a.next();
                    frame[0] += l;
                    frame[1] += r;
                }
                break;
            }
            _ => break,
        }
    }
}

/// One bowl.
struct Bowl {
    partials: [Partial; PARTIALS],
    gl: f32,
    gr: f32,
}

/// Singing bowls struck now and then.
pub struct Bowls {
    events: Rng,
    set: [Bowl; BOWLS],
    step_rate: f32,
    until_strike: f32,
    last_bowl: usize,
    last: [f32; 2],
    buf: [[f32; 2]; CTL],
    ctl_left: usize,
    calm: f32,
    darken: Darken,
}

/// The shortest and longest wait between strikes, in seconds, for `calm` (0..1).
pub fn strike_gap(calm: f32) -> (f32, f32) {
    (calmed(15.0, 30.0, calm), calmed(40.0, 70.0, calm))
}

impl Bowls {
    /// Bowls at `rate` samples per second, the set and the strikes decided by `seed`.
    pub fn new(rate: f32, seed: u64) -> Self {
        let mut root = Rng::new(seed);
        let sr = rate / CTL as f32;
        let low_rate = rate / DIV as f32;
        // Pick four different pitches from the scale.
        let mut pitches = PITCHES;
        for i in (1..pitches.len()).rev() {
            let j = (root.unit() * (i + 1) as f32) as usize;
            pitches.swap(i, j.min(i));
        }
        let bowls = std::array::from_fn(|b| {
            let mut rng = root.fork();
            let fundamental = pitches[b % PITCHES.len()] * rng.range(0.994, 1.006);
            let ring = rng.range(8.0, 20.0);
            let (gl, gr) = pan(rng.range(-0.6, 0.6));
            let partials = std::array::from_fn(|k| {
                let stretch = if k == 0 { 1.0 } else { rng.range(0.985, 1.015) };
                let beat_hz = if k == 0 {
                    rng.range(0.05, 0.3)
                } else {
                    rng.range(0.15, 0.8)
                };
                // Right hears the partial 65–115° later or earlier: |r| under about 0.45.
                let x = rng.range(-1.0, 1.0);
                let phi = x.signum() * (1.13 + 0.87 * x.abs());
                let (sin_phi, cos_phi) = phi.sin_cos();
                let (sin_beat, cos_beat) = rng.range(0.8, 2.5).sin_cos();
                Partial {
                    osc: Osc::new(
                        fundamental * RATIOS[k] * stretch,
                        low_rate,
                        rng.range(0.0, TAU),
                    ),
                    env: Burst::default(),
                    decay: ring / (1.5 * k as f32 + 1.0),
                    floor: 0.0,
                    beat: Osc::new(beat_hz, sr, rng.range(0.0, TAU)),
                    depth: rng.range(0.15, 0.5),
                    cos_beat,
                    sin_beat,
                    cos_phi,
                    sin_phi,
                    left: Lerp::at(0.0),
                    right: Lerp::at(0.0),
                    sounding: false,
                }
            });
            Bowl { partials, gl, gr }
        });
        let mut events = root.fork();
        let until_strike = events.range(0.3, 1.5);
        Self {
            events,
            set: bowls,
            step_rate: sr,
            until_strike,
            last_bowl: BOWLS,
            last: [0.0; 2],
            buf: [[0.0; 2]; CTL],
            ctl_left: 0,
            calm: 0.0,
            darken: Darken::new(1_500.0, rate),
        }
    }

    fn strike(&mut self) {
        let r = &mut self.events;
        let mut which = (r.unit() * BOWLS as f32) as usize % BOWLS;
        if which == self.last_bowl {
            which = (which + 1 + (r.unit() * (BOWLS - 1) as f32) as usize) % BOWLS;
        }
        self.last_bowl = which;
        let strength = r.range(0.7, 1.0) * calmed(1.0, 0.75, self.calm);
        let attack = r.range(0.006, 0.010);
        // Every strike rings with about the same energy, short-ringing bowls a little louder.
        let mut excite = strength * (RING_REF / self.set[which].partials[0].decay).sqrt();
        for (k, p) in self.set[which].partials.iter_mut().enumerate() {
            let peak = WEIGHTS[k] * excite;
            p.env.shape(attack, p.decay, self.step_rate);
            p.env.strike(peak, attack, p.decay);
            p.floor = peak * FLOOR;
            p.sounding = true;
            // A softer strike reaches the upper partials less.
            excite *= strength;
        }
    }
}

impl ControlRate for Bowls {
    const CTL: usize = CTL;

    /// Once per control period: strikes, envelopes, then the period's audio.
    fn control(&mut self, ctx: &BlockCtx) {
        self.calm = ctx.calm;
        self.until_strike -= 1.0 / self.step_rate;
        if self.until_strike <= 0.0 {
            self.strike();
            let (shortest, longest) = strike_gap(self.calm);
            self.until_strike = self.events.range(shortest, longest);
        }
        let steps = SUB as f32;
        let mut lo = [[0.0f32; 2]; SUB];
        for bowl in &mut self.set {
            for p in &mut bowl.partials {
                if p.sounding {
                    let e = p.env.step();
                    p.env.settle();
                    p.beat.step();
                    p.beat.renormalise();
                    p.osc.renormalise();
                    let (c, s) = (p.beat.c, p.beat.s);
                    let c_right = c * p.cos_beat - s * p.sin_beat;
                    let half = 0.5 * p.depth;
                    let beat_l = half * c + 1.0 - half;
                    let beat_r = half * c_right + 1.0 - half;
                    if p.env.silent(p.floor) {
                        // Fade the last period to silence, then stop.
                        p.env.clear();
                        p.sounding = false;
                        p.left.go(0.0, steps);
                        p.right.go(0.0, steps);
                    } else {
                        p.left.go(e * beat_l * bowl.gl * GAIN, steps);
                        p.right.go(e * beat_r * bowl.gr * GAIN, steps);
                    }
                } else {
                    // After the fade to silence has run, rest exactly at zero.
                    p.left.reset(0.0);
                    p.right.reset(0.0);
                }
            }
        }
        add_partials(
            self.set.iter_mut().flat_map(|b| b.partials.iter_mut()),
            &mut lo,
        );
        // Up to the full rate by linear interpolation.
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
    fn calmer_bowls_are_struck_less_often() {
        let calms: Vec<f32> = (0..=10).map(|i| i as f32 / 10.0).collect();
        for pair in calms.windows(2) {
            let (a0, b0) = strike_gap(pair[0]);
            let (a1, b1) = strike_gap(pair[1]);
            assert!(a1 > a0 && b1 > b0);
        }
    }
}
