//! Stream: a small brook babbling over stones.
//!
//! Six narrow resonant bands of noise, each in its own register between about 300 Hz and
//! 2.6 kHz and at its own place in the stereo field, burst into short gurgles at random: a
//! gurgle retunes its band a little, swells in a few milliseconds, glides upward in pitch
//! (as a bubble does) and dies away over tens of milliseconds. Under them runs a soft bed of
//! low-passed noise, independent in each channel, whose level and the gurgling rate drift
//! slowly as the flow changes. The bands are computed at half the sample rate and
//! interpolated up.
//!
//! As it calms ([`BlockCtx::calm`]) the brook quietens: fewer gurgles ([`gurgle_rate`])
//! and a darker sound ([`Darken`]).

use crate::audio::dsp::{OnePole, Rng};
use crate::audio::generator::BlockCtx;

use super::common::{
    ControlRate, Darken, Drift, Lerp, Reson, calmed, decay_mul, log_range, noise2, pan,
    upsample_linear,
};

/// Frames between control updates.
const CTL: usize = 32;
/// The bands run at half the sample rate (they sit below 5 kHz) and are interpolated up.
const DIV: usize = 2;
/// Low-rate samples per control period.
const SUB: usize = CTL / DIV;
/// Resonant bands.
const BANDS: usize = 6;
/// Gurgles per second per band at average flow.
const GURGLE_RATE: f32 = 14.0;
/// Calibrates the output to about −27 LUFS (see `tests/it/audio_generators.rs`).
const GAIN: f32 = 0.103;
/// Make-up for the energy the bed's 700 Hz one-pole removes from white noise.
const BED_MAKEUP: f32 = 1.2;

/// One resonant band.
struct Band {
    bp: Reson,
    home: f32,
    hz: f32,
    glide: f32,
    q: f32,
    norm: f32,
    amp: f32,
    target: f32,
    fall: f32,
    gain: Lerp,
    gl: f32,
    gr: f32,
}

/// Gurgles per second in each band at average flow, for `calm` (0..1): down to a third.
pub fn gurgle_rate(calm: f32) -> f32 {
    GURGLE_RATE * calmed(1.0, 0.35, calm)
}

/// A babbling brook.
pub struct Stream {
    rate: f32,
    events: Rng,
    bed_noise: Rng,
    band_noise: Rng,
    bed_lp: [OnePole; 2],
    bed_gain: Lerp,
    bands: [Band; BANDS],
    flow: Drift,
    rise: f32,
    tick: usize,
    last: [f32; 2],
    buf: [[f32; 2]; CTL],
    ctl_left: usize,
    darken: Darken,
}

impl Stream {
    /// A brook at `rate` samples per second, its gurgles decided by `seed`.
    pub fn new(rate: f32, seed: u64) -> Self {
        let mut root = Rng::new(seed);
        let sr = rate / CTL as f32;
        let mut setup = root.fork();
        let bands = std::array::from_fn(|i| {
            let home = 300.0
                * (2_600.0f32 / 300.0).powf((i as f32 + setup.range(0.0, 0.6)) / BANDS as f32);
            // Alternate sides, so the channels differ.
            let side = if i % 2 == 0 { -1.0 } else { 1.0 };
            let (gl, gr) = pan(side * setup.range(0.3, 0.9));
            Band {
                bp: Reson::new(home, 8.0, rate / DIV as f32),
                home,
                hz: home,
                glide: 1.0,
                q: 8.0,
                norm: 0.0,
                amp: 0.0,
                target: 0.0,
                fall: 1.0,
                gain: Lerp::at(0.0),
                gl,
                gr,
            }
        });
        Self {
            rate,
            events: root.fork(),
            bed_noise: root.fork(),
            band_noise: root.fork(),
            bed_lp: std::array::from_fn(|_| OnePole::lowpass(700.0, rate)),
            bed_gain: Lerp::at(0.0),
            bands,
            flow: Drift::new(&mut root, 0.6, 1.4, 6.0, 25.0, sr),
            rise: 1.0 - decay_mul(0.004, sr),
            tick: 0,
            last: [0.0; 2],
            buf: [[0.0; 2]; CTL],
            ctl_left: 0,
            darken: Darken::new(2_000.0, rate),
        }
    }
}

impl ControlRate for Stream {
    const CTL: usize = CTL;

    /// Once per control period: the flow, new gurgles and glides, then the period's
    /// gurgles, ready to be mixed into the bed.
    fn control(&mut self, ctx: &BlockCtx) {
        let flow = self.flow.step();
        self.bed_gain.go(0.3f32 * flow + 0.7, CTL as f32);
        let chance = gurgle_rate(ctx.calm) * flow * CTL as f32 / self.rate;
        let sr = self.rate / CTL as f32;
        let low_rate = self.rate / DIV as f32;
        self.tick = (self.tick + 1) % BANDS;
        for (i, band) in self.bands.iter_mut().enumerate() {
            let r = &mut self.events;
            if r.chance(chance) {
                // A new gurgle: retune, set its strength, how fast it fades and glides.
                band.hz = band.home * log_range(r, 0.8, 1.25);
                band.q = r.range(7.0, 14.0);
                band.norm = (band.q * low_rate / (std::f32::consts::PI * band.hz)).sqrt();
                let u = r.unit();
                band.target = 0.15 + 0.85 * u * u;
                let life = r.range(0.02, 0.07);
                band.fall = decay_mul(life, sr);
                band.glide = log_range(r, 1.1, 1.4).powf(1.0 / (life * 2.0 * sr));
                band.bp.set(band.hz, band.q, low_rate);
            } else if i == self.tick && band.amp > 1e-3 {
                // Round-robin: one band's glide is applied per step.
                band.hz *= band.glide.powf(BANDS as f32);
                band.bp.set(band.hz, band.q, low_rate);
            }
            band.amp += self.rise * (band.target - band.amp);
            band.target *= band.fall;
            if band.amp < 1e-9 {
                // Silent: flush to zero rather than decay into subnormal numbers.
                band.amp = 0.0;
                band.target = 0.0;
            }
            band.gain.go(band.amp * band.norm, SUB as f32);
        }
        // The period's gurgles at the low rate, every band in one pass (their feedback paths
        // run side by side)…
        let mut lo = [[0.0f32; 2]; SUB];
        for frame in &mut lo {
            let (white_a, white_b) = noise2(&mut self.band_noise);
            let (mut l, mut r) = (0.0, 0.0);
            for (i, band) in self.bands.iter_mut().enumerate() {
                let y = band.bp.process(if i % 2 == 0 { white_a } else { white_b }) * band.gain.v;
                band.gain.v += band.gain.inc;
                l += y * band.gl;
                r += y * band.gr;
            }
            *frame = [l, r];
        }
        // …and up to the full rate by linear interpolation.
        upsample_linear::<DIV>(&lo, &mut self.last, &mut self.buf);
    }

    /// The bed, with the period's gurgles added.
    fn run(&mut self, frames: &mut [[f32; 2]], start: usize) {
        let [lp_l, lp_r] = &mut self.bed_lp;
        let bed = &mut self.bed_gain;
        for (frame, bands) in frames.iter_mut().zip(self.buf.iter().skip(start)) {
            let (a, b) = noise2(&mut self.bed_noise);
            let l = lp_l.process(a * BED_MAKEUP) * bed.v + bands[0];
            let r = lp_r.process(b * BED_MAKEUP) * bed.v + bands[1];
            bed.v += bed.inc;
            *frame = [l * GAIN, r * GAIN];
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
    fn a_calmer_stream_gurgles_less() {
        let calms: Vec<f32> = (0..=10).map(|i| i as f32 / 10.0).collect();
        for pair in calms.windows(2) {
            assert!(gurgle_rate(pair[1]) < gurgle_rate(pair[0]));
        }
    }
}
