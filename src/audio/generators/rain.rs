//! Rain: a soft, even hiss of rain all around, with single drops ticking nearby.
//!
//! The bed is white noise, independent in each channel, softened by one-pole low-pass at
//! 3 kHz and one-pole high-pass at 400 Hz, its level drifting slowly as the shower
//! thickens and thins. Drops arrive at random (a Poisson process whose rate follows the
//! same drift): each is a short burst of band-passed noise at its own pitch, width and place
//! in the stereo field, shaped by a two-exponential envelope that rises over a few
//! milliseconds and dies away, so no drop ever clicks. Closer drops are louder and
//! brighter; now and then a narrower band gives a small “plink”.
//!
//! As it calms ([`BlockCtx::calm`]) the shower thins: fewer drops ([`drop_rate`], down to a
//! quarter), softer ones ([`drop_level`]), a slightly quieter bed, and a darker sound (the
//! 3 kHz low-pass glides down an octave, [`Darken`]).

use crate::audio::dsp::{OnePole, Rng};
use crate::audio::generator::BlockCtx;

use super::common::{ControlRate, Darken, Drift, Lerp, Tick, add_ticks, calmed, log_range, noise2};

/// Frames between control updates.
const CTL: usize = 32;
/// Most drops sounding at once.
const VOICES: usize = 12;
/// Drops per second at average intensity.
const DROP_RATE: f32 = 26.0;
/// Calibrates the output to about −27 LUFS (see `tests/it/audio_generators.rs`).
const GAIN: f32 = 0.089;
/// Level of the drops against the bed.
const DROP_LEVEL: f32 = 1.5;

/// Drops per second at average intensity, for `calm` (0..1): 26, down to a quarter.
pub fn drop_rate(calm: f32) -> f32 {
    DROP_RATE * calmed(1.0, 0.25, calm)
}

/// How loud the drops are for `calm`, against their level at 0: down to half (−6 dB).
pub fn drop_level(calm: f32) -> f32 {
    calmed(1.0, 0.5, calm)
}

/// Rain: a filtered noise bed plus random droplets.
pub struct Rain {
    rate: f32,
    events: Rng,
    noise: Rng,
    lp: [OnePole; 2],
    cut: [OnePole; 2],
    drops: [Tick; VOICES],
    intensity: Drift,
    bed: Lerp,
    drop_buf: [f32; CTL],
    ctl_left: usize,
    /// The drops' level for the current calm.
    drop_gain: f32,
    darken: Darken,
}

impl Rain {
    /// Rain at `rate` samples per second, its drops and drift decided by `seed`.
    pub fn new(rate: f32, seed: u64) -> Self {
        let mut root = Rng::new(seed);
        let step_rate = rate / CTL as f32;
        let intensity = Drift::new(&mut root, 0.0, 1.0, 8.0, 30.0, step_rate);
        Self {
            rate,
            events: root.fork(),
            noise: root.fork(),
            lp: std::array::from_fn(|_| OnePole::lowpass(3_000.0, rate)),
            cut: std::array::from_fn(|_| OnePole::lowpass(400.0, rate)),
            drops: Default::default(),
            intensity,
            bed: Lerp::at(0.0),
            drop_buf: [0.0; CTL],
            ctl_left: 0,
            drop_gain: 1.0,
            darken: Darken::new(3_000.0, rate),
        }
    }

    fn spawn(&mut self) {
        let Some(drop) = self.drops.iter_mut().find(|d| !d.active()) else {
            return;
        };
        let r = &mut self.events;
        // Mostly soft ticks, a few closer and louder; closer drops are brighter.
        let near = r.unit();
        let level = 0.12 + 0.88 * near * near * near;
        let plink = r.chance(0.12);
        let (hz, q, decay) = if plink {
            (
                log_range(r, 1_500.0, 4_500.0),
                r.range(5.0, 10.0),
                r.range(0.020, 0.045),
            )
        } else {
            (
                log_range(r, 1_200.0, 3_500.0) * (1.0 + near),
                r.range(0.6, 2.0),
                r.range(0.006, 0.018),
            )
        };
        // Attack time constant ≥ 1 ms with a decay ≥ 5 ms puts the peak ≥ 2 ms in.
        let attack = r.range(0.0010, 0.0016);
        // Narrow bands pass less noise: lift them so plinks are heard as often as ticks.
        let peak = DROP_LEVEL * level * q.sqrt() * self.drop_gain;
        drop.start(hz, q, (attack, decay), peak, r.range(-0.9, 0.9), self.rate);
    }
}

impl ControlRate for Rain {
    const CTL: usize = CTL;

    /// Once per control period: intensity, bed level, new drops.
    fn control(&mut self, ctx: &BlockCtx) {
        let intensity = self.intensity.step();
        self.bed.go(
            (0.85 + 0.3 * intensity) * calmed(1.0, 0.8, ctx.calm),
            CTL as f32,
        );
        self.drop_gain = drop_level(ctx.calm);
        let per_tick = drop_rate(ctx.calm) * (0.6 + 0.8 * intensity) * CTL as f32 / self.rate;
        if self.events.chance(per_tick) {
            self.spawn();
        }
    }

    /// The bed, then the drops, excited by its left channel's white noise.
    fn run(&mut self, frames: &mut [[f32; 2]], _start: usize) {
        // The bed; its left channel's white noise also excites the drops.
        let [lp_l, lp_r] = &mut self.lp;
        let [cut_l, cut_r] = &mut self.cut;
        let bed = &mut self.bed;
        for (frame, dn) in frames.iter_mut().zip(self.drop_buf.iter_mut()) {
            let (white_l, white_r) = noise2(&mut self.noise);
            // Low-passed at 3 kHz, less what lies below 400 Hz.
            let l = lp_l.process(white_l);
            let r = lp_r.process(white_r);
            let l = l - cut_l.process(l);
            let r = r - cut_r.process(r);
            let g = bed.v * GAIN;
            bed.v += bed.inc;
            *frame = [l * g, r * g];
            *dn = white_l;
        }
        add_ticks(&mut self.drops, frames, &self.drop_buf, GAIN);
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
    fn calmer_rain_has_fewer_and_softer_drops() {
        let calms: Vec<f32> = (0..=10).map(|i| i as f32 / 10.0).collect();
        for pair in calms.windows(2) {
            assert!(drop_rate(pair[1]) < drop_rate(pair[0]));
            assert!(drop_level(pair[1]) < drop_level(pair[0]));
        }
        assert_eq!(drop_rate(0.0), DROP_RATE);
        assert!((drop_rate(1.0) - DROP_RATE / 4.0).abs() < 1e-4);
    }
}
