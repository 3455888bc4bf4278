//! Fire: a wood fire burning steadily, its low roar fluttering, with crackles and the
//! occasional pop.
//!
//! The roar is low noise (two one-pole low-passes on white noise), independent in each channel, with a soft breathy band of flame above it;
//! both flutter with a fast random drift, like flames. Crackles are short bursts of
//! band-passed noise (1.2–4 kHz, broad, so they tick rather than hiss) whose arrivals
//! cluster like real ones: each crackle makes more crackles likely for a moment, on top of
//! a rate that drifts with how lively the fire is. Now and then a pop (a lower, longer
//! burst) sets off a little shower of crackles. Every burst has a two-exponential envelope
//! that rises over a few milliseconds, so nothing clicks and nothing is harsh.
//!
//! As it calms ([`BlockCtx::calm`]) the fire burns down: fewer crackles and pops
//! ([`crackle_rate`], [`pop_rate`]), softer ones, and a darker sound ([`Darken`]).

use crate::audio::dsp::{OnePole, Rng};
use crate::audio::generator::BlockCtx;

use super::common::{
    ControlRate, Darken, Drift, Lerp, Reson, Tick, add_ticks, calmed, decay_mul, log_range, noise2,
};

/// Frames between control updates.
const CTL: usize = 32;
/// Most crackles sounding at once.
const VOICES: usize = 10;
/// Calibrates the output to about −27 LUFS (see `tests/it/audio_generators.rs`).
const GAIN: f32 = 0.135;
/// Make-up for the energy the roar's 150 Hz one-pole removes from white noise.
const ROAR_MAKEUP: f32 = 8.0;
/// Crackles per second when the fire is at its liveliest, before clustering.
const CRACKLE_RATE: f32 = 4.0;
/// Pops per second.
const POP_RATE: f32 = 0.12;
/// How much each crackle raises the crackle rate (per second), and how long that lasts.
const EXCITE: f32 = 11.0;
const EXCITE_SECS: f32 = 0.06;

/// Crackles per second at the fire's liveliest for `calm` (0..1): down to a quarter.
pub fn crackle_rate(calm: f32) -> f32 {
    CRACKLE_RATE * calmed(1.0, 0.25, calm)
}

/// Pops per second for `calm`: down to a fifth.
pub fn pop_rate(calm: f32) -> f32 {
    POP_RATE * calmed(1.0, 0.2, calm)
}

/// A crackling fire.
pub struct Fire {
    rate: f32,
    events: Rng,
    noise: Rng,
    flame_noise: Rng,
    spark_noise: Rng,
    roar_pre: [OnePole; 2],
    roar_lp: [OnePole; 2],
    flame: [Reson; 2],
    roar_gain: [Lerp; 2],
    flame_gain: [Lerp; 2],
    flicker: [Drift; 2],
    glow: Drift,
    liveliness: Drift,
    excite: f32,
    excite_fall: f32,
    sparks: [Tick; VOICES],
    buf: [f32; CTL],
    ctl_left: usize,
    /// The sparks' level for the current calm.
    spark_gain: f32,
    darken: Darken,
}

impl Fire {
    /// A fire at `rate` samples per second, its crackles decided by `seed`.
    pub fn new(rate: f32, seed: u64) -> Self {
        let mut root = Rng::new(seed);
        let sr = rate / CTL as f32;
        Self {
            rate,
            events: root.fork(),
            noise: root.fork(),
            flame_noise: root.fork(),
            spark_noise: root.fork(),
            roar_pre: std::array::from_fn(|_| OnePole::lowpass(150.0, rate)),
            roar_lp: std::array::from_fn(|_| OnePole::lowpass(600.0, rate)),
            flame: std::array::from_fn(|_| Reson::new(900.0, 0.7, rate)),
            roar_gain: Default::default(),
            flame_gain: Default::default(),
            flicker: [
                Drift::new(&mut root, 0.55, 1.0, 0.06, 0.35, sr),
                Drift::new(&mut root, 0.55, 1.0, 0.06, 0.35, sr),
            ],
            glow: Drift::new(&mut root, 0.8, 1.15, 5.0, 20.0, sr),
            liveliness: Drift::new(&mut root, 0.25, 1.0, 5.0, 25.0, sr),
            excite: 0.0,
            excite_fall: decay_mul(EXCITE_SECS, sr),
            sparks: Default::default(),
            buf: [0.0; CTL],
            ctl_left: 0,
            spark_gain: 1.0,
            darken: Darken::new(2_500.0, rate),
        }
    }

    fn spawn(&mut self, pop: bool) {
        let Some(spark) = self.sparks.iter_mut().find(|s| !s.active()) else {
            return;
        };
        let r = &mut self.events;
        let (hz, q, attack, decay, level) = if pop {
            (
                log_range(r, 250.0, 700.0),
                r.range(1.2, 2.0),
                0.002,
                r.range(0.03, 0.07),
                r.range(0.7, 1.0),
            )
        } else {
            let u = r.unit();
            (
                log_range(r, 1_200.0, 4_000.0),
                r.range(0.8, 1.8),
                r.range(0.0010, 0.0014),
                r.range(0.005, 0.012),
                0.1 + 0.9 * u * u * u,
            )
        };
        spark.start(
            hz,
            q,
            (attack, decay),
            level * q.sqrt() * self.spark_gain,
            r.range(-0.7, 0.7),
            self.rate,
        );
    }
}

impl ControlRate for Fire {
    const CTL: usize = CTL;

    /// Once per control period: flicker and glow, new crackles and pops (their rate
    /// drifting and raised by recent crackles), then the period's noise for the sparks.
    fn control(&mut self, ctx: &BlockCtx) {
        self.spark_gain = calmed(1.0, 0.6, ctx.calm);
        let glow = self.glow.step();
        for ch in 0..2 {
            let f = self.flicker[ch].step();
            self.roar_gain[ch].go(glow * f, CTL as f32);
            self.flame_gain[ch].go(glow * f * f, CTL as f32);
        }
        let dt = CTL as f32 / self.rate;
        let lively = self.liveliness.step();
        self.excite *= self.excite_fall;
        if self.excite < 1e-6 {
            self.excite = 0.0;
        }
        // Calmer, each crackle sets off fewer others.
        let excite = EXCITE * calmed(1.0, 0.5, ctx.calm);
        if self.events.chance(pop_rate(ctx.calm) * dt) {
            self.spawn(true);
            self.excite += 4.0 * excite;
        }
        let rate = crackle_rate(ctx.calm) * lively + self.excite;
        if self.events.chance(rate * dt) {
            self.spawn(false);
            self.excite = (self.excite + excite).min(80.0);
        }
        // The period's excitation noise for the sparks (two samples a draw), if any sound.
        if self.sparks.iter().any(Tick::active) {
            for pair in self.buf.chunks_exact_mut(2) {
                let (a, b) = noise2(&mut self.spark_noise);
                pair.copy_from_slice(&[a * 1.732, b * 1.732]);
            }
        }
    }

    /// The roar and the flame band, then the sparks on the period's excitation noise.
    fn run(&mut self, frames: &mut [[f32; 2]], start: usize) {
        let [pre_l, pre_r] = &mut self.roar_pre;
        let [lp_l, lp_r] = &mut self.roar_lp;
        let [fl_l, fl_r] = &mut self.flame;
        let [rg_l, rg_r] = &mut self.roar_gain;
        let [fg_l, fg_r] = &mut self.flame_gain;
        for frame in &mut *frames {
            // Independent white noise for the roar and the flame band, so they never
            // cancel where their bands meet.
            let (a, b) = noise2(&mut self.noise);
            let (c, d) = noise2(&mut self.flame_noise);
            let low_l = lp_l.process(pre_l.process(a * ROAR_MAKEUP));
            let low_r = lp_r.process(pre_r.process(b * ROAR_MAKEUP));
            let flame_l = fl_l.process(c);
            let flame_r = fl_r.process(d);
            *frame = [
                (low_l * rg_l.v + 0.25 * flame_l * fg_l.v) * GAIN,
                (low_r * rg_r.v + 0.25 * flame_r * fg_r.v) * GAIN,
            ];
            rg_l.v += rg_l.inc;
            rg_r.v += rg_r.inc;
            fg_l.v += fg_l.inc;
            fg_r.v += fg_r.inc;
        }
        if let Some(noise) = self.buf.get(start..start + frames.len()) {
            add_ticks(&mut self.sparks, frames, noise, GAIN);
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
    fn a_calmer_fire_crackles_and_pops_less() {
        let calms: Vec<f32> = (0..=10).map(|i| i as f32 / 10.0).collect();
        for pair in calms.windows(2) {
            assert!(crackle_rate(pair[1]) < crackle_rate(pair[0]));
            assert!(pop_rate(pair[1]) < pop_rate(pair[0]));
        }
    }
}
