//! Wind: air moving past trees and corners, rising and falling in slow gusts.
//!
//! Each channel has its own white noise through a broad band-pass (the body of the wind),
//! a narrow band-pass (a faint whistle) and a one-pole low-pass (a low rumble). The centre
//! frequencies drift on their own, differently left and right, and rise with the gusts, as
//! real wind gets higher when it blows harder. The gust strength is the product of a slow
//! and a faster random drift, so there are calm spells as well as stronger gusts.
//!
//! When breath-synced, the gust strength (level and brightness) follows the lung fill
//! instead, and hands back to the wind's own gusts gradually when the breathing stops.
//!
//! As it calms ([`BlockCtx::calm`]) the gusts die down ([`gust_depth`]: weaker, so the
//! wind is lower, quieter and whistles less) and the sound darkens ([`Darken`]).

use crate::audio::dsp::{OnePole, Rng};
use crate::audio::generator::BlockCtx;

use super::common::{BreathFollow, ControlRate, Darken, Drift, Lerp, Reson, blend, calmed, noise2};

/// Frames between control updates.
/// Gust strength at empty lungs, breath-synced.
const BREATH_LOW: f32 = 0.15;
/// Gust strength at full lungs, breath-synced.
const BREATH_HIGH: f32 = 0.75;
const CTL: usize = 64;
/// Calibrates the output to about −27 LUFS (see `tests/it/audio_generators.rs`).
const GAIN: f32 = 0.1316;
/// Level of the rumble, set against the body: the 90 Hz one-pole keeps little of white noise.
const RUMBLE_MAKEUP: f32 = 2.0;
/// Make-up for the energy the body's band-pass removes from white noise.
const BODY_MAKEUP: f32 = 4.0;

/// How strong the gusts are for `calm` (0..1), against their strength at 0.
pub fn gust_depth(calm: f32) -> f32 {
    calmed(1.0, 0.4, calm)
}

/// Wind with a drifting pitch and gusts.
pub struct Wind {
    rate: f32,
    noise: Rng,
    body: [Reson; 2],
    whistle: [Reson; 2],
    rumble: [OnePole; 2],
    body_gain: [Lerp; 2],
    whistle_gain: [Lerp; 2],
    rumble_gain: [Lerp; 2],
    base: Drift,
    spread: [Drift; 2],
    whistle_hz: [Drift; 2],
    slow: Drift,
    fast: Drift,
    side: Drift,
    breath: BreathFollow,
    tick: u32,
    ctl_left: usize,
    darken: Darken,
}

impl Wind {
    /// Wind at `rate` samples per second, its gusts decided by `seed`.
    pub fn new(rate: f32, seed: u64) -> Self {
        let mut root = Rng::new(seed);
        let sr = rate / CTL as f32;
        Self {
            rate,
            noise: root.fork(),
            body: std::array::from_fn(|_| Reson::new(400.0, 1.2, rate)),
            whistle: std::array::from_fn(|_| Reson::new(1_000.0, 9.0, rate)),
            rumble: std::array::from_fn(|_| OnePole::lowpass(90.0, rate)),
            body_gain: Default::default(),
            whistle_gain: Default::default(),
            rumble_gain: Default::default(),
            base: Drift::new(&mut root, 260.0, 520.0, 8.0, 25.0, sr),
            spread: [
                Drift::new(&mut root, 0.8, 1.25, 3.0, 12.0, sr),
                Drift::new(&mut root, 0.8, 1.25, 3.0, 12.0, sr),
            ],
            whistle_hz: [
                Drift::new(&mut root, 700.0, 1_500.0, 4.0, 14.0, sr),
                Drift::new(&mut root, 700.0, 1_500.0, 4.0, 14.0, sr),
            ],
            slow: Drift::new(&mut root, 0.15, 1.0, 6.0, 20.0, sr),
            fast: Drift::new(&mut root, 0.0, 1.0, 2.0, 6.0, sr),
            side: Drift::new(&mut root, -0.3, 0.3, 4.0, 12.0, sr),
            breath: BreathFollow::new(sr),
            tick: 0,
            ctl_left: 0,
            darken: Darken::new(900.0, rate),
        }
    }
}

impl ControlRate for Wind {
    const CTL: usize = CTL;

    /// Once per control period: the gusts (or the breath), the levels, and one filter
    /// retuned in each channel.
    fn control(&mut self, ctx: &BlockCtx) {
        self.breath.step(ctx.breath);
        let own = self.slow.step() * (0.5f32 * (self.fast.step()) + 0.5);
        // Breath-synced, the gusts swell around the free wind's level rather than above it,
        // so the bed stays at −27 LUFS (`tests/it/audio_presets.rs`).
        let breathed = BREATH_LOW + (BREATH_HIGH - BREATH_LOW) * self.breath.fill();
        let gust = blend(own, breathed, self.breath.weight()) * gust_depth(ctx.calm);
        let base = self.base.step();
        let side = self.side.step();
        self.tick = self.tick.wrapping_add(1);
        let steps = CTL as f32;
        for ch in 0..2 {
            let spread = self.spread[ch].step();
            let whistle_hz = self.whistle_hz[ch].step();
            let lean = if ch == 0 { 1.0 - side } else { 1.0 + side };
            let level = (0.7f32 * gust + 0.3) * lean;
            self.body_gain[ch].go(level, steps);
            self.whistle_gain[ch].go(level * gust * gust * 0.9, steps);
            self.rumble_gain[ch].go((0.5f32 * gust + 0.4) * lean, steps);
            // Alternate which filter is retuned, to halve the cost; both move slowly.
            if self.tick.is_multiple_of(2) {
                self.body[ch].set(base * spread * (0.6f32 * gust + 0.75), 1.1, self.rate);
            } else {
                self.whistle[ch].set(whistle_hz * (0.4f32 * gust + 0.8), 9.0, self.rate);
            }
        }
    }

    /// The body, the whistle and the rumble of each channel.
    fn run(&mut self, frames: &mut [[f32; 2]], _start: usize) {
        for frame in frames {
            // One white sample per channel feeds the body, the whistle and the rumble.
            let (a, b) = noise2(&mut self.noise);
            for (ch, (sample, x)) in frame.iter_mut().zip([a, b]).enumerate() {
                let body = self.body[ch].process(x);
                let whistle = self.whistle[ch].process(x);
                let rumble = self.rumble[ch].process(x * RUMBLE_MAKEUP);
                let (bg, wg, rg) = (
                    &mut self.body_gain[ch],
                    &mut self.whistle_gain[ch],
                    &mut self.rumble_gain[ch],
                );
                *sample =
                    ((body * BODY_MAKEUP) * bg.v + (whistle * (wg.v * 3.0) + rumble * rg.v)) * GAIN;
                bg.v += bg.inc;
                wg.v += wg.inc;
                rg.v += rg.inc;
            }
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
    fn calmer_wind_gusts_less() {
        let calms: Vec<f32> = (0..=10).map(|i| i as f32 / 10.0).collect();
        for pair in calms.windows(2) {
            assert!(gust_depth(pair[1]) < gust_depth(pair[0]));
        }
        assert_eq!(gust_depth(0.0), 1.0);
    }
}
