//! Ocean: slow swells breaking on a beach, one wave every 7 to 14 seconds.
//!
//! Each wave has its own period, strength, timing and place between the speakers. Its surge
//! is low noise (two one-pole low-passes on white noise) that swells and
//! brightens as the wave builds and breaks, then falls away; its hiss is high noise that
//! peaks a moment later, as the water washes back over the sand. Both ride on a quiet,
//! slowly drifting floor of distant surf, so the sea never stops. Every envelope is a
//! smooth curve with zero slope where one wave hands over to the next.
//!
//! When breath-synced, the swell follows the lung fill instead (the hiss trailing it by
//! about a second), smoothed so it never steps, and hands back to the waves gradually when
//! the breathing stops.
//!
//! As it calms ([`BlockCtx::calm`]) the sea settles: each new wave is slower and more
//! regular ([`wave_periods`]: 7–14 s, narrowing to 10–12 s), gentler, and its surge less
//! bright, and the whole sound darkens ([`Darken`]).

use crate::audio::dsp::{OnePole, Rng};
use crate::audio::generator::BlockCtx;

use super::common::{BreathFollow, ControlRate, Darken, Drift, Lerp, blend, calmed, ease, noise2};

/// Frames between control updates.
const CTL: usize = 32;
/// Calibrates the output to about −27 LUFS (see `tests/it/audio_generators.rs`).
const GAIN: f32 = 0.167;
/// White noise through the 400 Hz one-pole loses this much level; put it back.
const ROAR_MAKEUP: f32 = 5.0;
/// Level of the hiss against the surge.
const HISS: f32 = 0.45;

/// The swell for a lung fill (0..1) when breath-synced: around the level of the layer's own
/// waves rather than above it (the breath holds a swell much longer than a wave does), so
/// a breath-synced bed stays at the −27 LUFS of the free one (`tests/it/audio_presets.rs`).
fn breath_swell(fill: f32) -> f32 {
    BREATH_LOW + (BREATH_HIGH - BREATH_LOW) * fill
}
/// Swell at empty lungs, breath-synced.
const BREATH_LOW: f32 = 0.1;
/// Swell at full lungs, breath-synced.
const BREATH_HIGH: f32 = 0.65;

/// The shortest and longest wave period, in seconds, for `calm` (0..1): 7 to 14 s, and
/// 10 to 12 s once calm (about one wave every 11 s).
pub fn wave_periods(calm: f32) -> (f32, f32) {
    (calmed(7.0, 10.0, calm), calmed(14.0, 12.0, calm))
}

/// The strongest wave for `calm`, against the strongest at 0.
pub fn wave_strength(calm: f32) -> f32 {
    calmed(1.0, 0.7, calm)
}

/// Rise with a half-cosine to 1 at `peak`, then fall with a squared half-cosine to 0 at 1.
fn swell(p: f32, peak: f32) -> f32 {
    if p <= 0.0 || p >= 1.0 {
        0.0
    } else if p < peak {
        ease(p / peak)
    } else {
        let fall = 1.0 - ease((p - peak) / (1.0 - peak));
        fall * fall
    }
}

/// Ocean waves.
pub struct Ocean {
    rate: f32,
    waves: Rng,
    noise: Rng,
    hiss_noise: Rng,
    roar_pre: [OnePole; 2],
    roar_lp: [OnePole; 2],
    hiss_cut: [OnePole; 2],
    hiss_lp: [OnePole; 2],
    roar: [Lerp; 2],
    hiss: [Lerp; 2],
    // The current wave.
    phase: f32,
    phase_inc: f32,
    strength: f32,
    peak: [f32; 2],
    side: [f32; 2],
    floor: Drift,
    breath: BreathFollow,
    tick: u32,
    ctl_left: usize,
    calm: f32,
    darken: Darken,
}

impl Ocean {
    /// The sea at `rate` samples per second, its waves decided by `seed`.
    pub fn new(rate: f32, seed: u64) -> Self {
        let mut root = Rng::new(seed);
        let step_rate = rate / CTL as f32;
        let mut o = Self {
            rate,
            waves: root.fork(),
            noise: root.fork(),
            hiss_noise: root.fork(),
            roar_pre: std::array::from_fn(|_| OnePole::lowpass(400.0, rate)),
            roar_lp: std::array::from_fn(|_| OnePole::lowpass(500.0, rate)),
            hiss_cut: std::array::from_fn(|_| OnePole::lowpass(1_800.0, rate)),
            hiss_lp: std::array::from_fn(|_| OnePole::lowpass(8_000.0, rate)),
            roar: Default::default(),
            hiss: Default::default(),
            phase: 0.0,
            phase_inc: 0.0,
            strength: 0.0,
            peak: [0.4; 2],
            side: [1.0; 2],
            floor: Drift::new(&mut root, 0.18, 0.32, 10.0, 40.0, step_rate),
            breath: BreathFollow::new(step_rate),
            tick: 0,
            ctl_left: 0,
            calm: 0.0,
            darken: Darken::new(1_600.0, rate),
        };
        o.next_wave();
        // Begin part-way into the first wave, so the sea is already there.
        o.phase = o.waves.range(0.05, 0.3);
        o
    }

    fn next_wave(&mut self) {
        let r = &mut self.waves;
        let (shortest, longest) = wave_periods(self.calm);
        let period = r.range(shortest, longest);
        self.phase_inc = CTL as f32 / (period * self.rate);
        self.strength = r.range(0.5, 1.0) * wave_strength(self.calm);
        let peak = r.range(0.3, 0.45);
        // The wave breaks along the beach: one side a little earlier and louder.
        let skew = r.range(-0.05, 0.05);
        self.peak = [peak - skew, peak + skew];
        let side = r.range(-0.35, 0.35);
        self.side = [1.0 - side, 1.0 + side];
    }
}

impl ControlRate for Ocean {
    const CTL: usize = CTL;

    /// Once per control period: the wave's progress (or the breath), the surge and hiss
    /// levels, and every other period the surge's brightness.
    fn control(&mut self, ctx: &BlockCtx) {
        self.calm = ctx.calm;
        self.phase += self.phase_inc;
        if self.phase >= 1.0 {
            self.phase -= 1.0;
            self.next_wave();
        }
        self.breath.step(ctx.breath);
        let w = self.breath.weight();
        let floor = self.floor.step();
        let p = self.phase;
        let mut bright = 0.0;
        for ch in 0..2 {
            let peak = self.peak[ch];
            let surge_own = self.strength * self.side[ch] * swell(p, peak);
            let wash_start = peak - 0.05;
            let wash_own =
                self.strength * self.side[ch] * swell((p - wash_start) / (1.0 - wash_start), 0.3);
            let surge = blend(surge_own, breath_swell(self.breath.fill()), w);
            let wash = blend(wash_own, breath_swell(self.breath.lagged()), w);
            self.roar[ch].go((1.0 - floor) * surge + floor, CTL as f32);
            self.hiss[ch].go(0.1 + 0.9 * wash, CTL as f32);
            bright += 0.5 * surge;
        }
        self.tick = self.tick.wrapping_add(1);
        if self.tick.is_multiple_of(2) {
            let hz = 350.0 + 1_300.0 * bright * bright * calmed(1.0, 0.5, self.calm);
            for lp in &mut self.roar_lp {
                lp.set_cutoff(hz, self.rate);
            }
        }
    }

    /// The surge and the hiss.
    fn run(&mut self, frames: &mut [[f32; 2]], _start: usize) {
        let [pre_l, pre_r] = &mut self.roar_pre;
        let [lp_l, lp_r] = &mut self.roar_lp;
        let [cut_l, cut_r] = &mut self.hiss_cut;
        let [hl_l, hl_r] = &mut self.hiss_lp;
        let [rg_l, rg_r] = &mut self.roar;
        let [hg_l, hg_r] = &mut self.hiss;
        for frame in frames {
            // Independent white noise for the surge and the hiss, so they never cancel
            // where their bands meet.
            let (a, b) = noise2(&mut self.noise);
            let (c, d) = noise2(&mut self.hiss_noise);
            let roar_l = lp_l.process(pre_l.process(a * ROAR_MAKEUP));
            let roar_r = lp_r.process(pre_r.process(b * ROAR_MAKEUP));
            // The hiss: above 1.8 kHz (what the one-pole there leaves out), softened.
            let hiss_l = hl_l.process(c - cut_l.process(c));
            let hiss_r = hl_r.process(d - cut_r.process(d));
            *frame = [
                (roar_l * rg_l.v + HISS * hiss_l * hg_l.v) * GAIN,
                (roar_r * rg_r.v + HISS * hiss_r * hg_r.v) * GAIN,
            ];
            rg_l.v += rg_l.inc;
            rg_r.v += rg_r.inc;
            hg_l.v += hg_l.inc;
            hg_r.v += hg_r.inc;
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
    fn calmer_waves_are_slower_more_regular_and_gentler() {
        let calms: Vec<f32> = (0..=10).map(|i| i as f32 / 10.0).collect();
        for pair in calms.windows(2) {
            let (lo0, hi0) = wave_periods(pair[0]);
            let (lo1, hi1) = wave_periods(pair[1]);
            assert!(lo1 > lo0, "the shortest wave grows longer");
            assert!(hi1 - lo1 < hi0 - lo0, "the periods close in");
            assert!(lo1 + hi1 > lo0 + hi0, "the mean period grows");
            assert!(wave_strength(pair[1]) < wave_strength(pair[0]));
        }
        let (lo, hi) = wave_periods(1.0);
        assert!(lo >= 10.0 && hi <= 12.0);
    }
}
