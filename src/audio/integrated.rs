//! Integrated loudness by ITU-R BS.1770-4 / EBU R 128 (two channels, weight 1 each): the
//! signal K-weighted (a high shelf of about +4 dB above 1.7 kHz, then a high-pass at about
//! 38 Hz), its mean square over 400 ms blocks that overlap by three quarters, and the
//! blocks gated twice (absolute at −70 LUFS, then 10 LU under the loudness of what passed).
//!
//! It replaces the `ebur128` crate on the export path, where that meter was the largest
//! cost (BENCHMARKS.md, "An ambience export against sox"): the two filters run as two
//! biquads per channel in plain `f64` arithmetic, so the four chains overlap in the
//! processor. The filters are designed from the same analogue prototypes as libebur128
//! (exact at 48 kHz, the standard's own coefficients; matched at other rates), and the
//! tests hold it to the crate within 0.01 LU.

/// Energy of −70 LUFS, the absolute gate.
const ABSOLUTE_GATE: f64 = 1.175_494_350_822_287_5e-7; // 10^((−70 + 0.691) / 10)
/// The relative gate: 10 LU under the loudness of the blocks above the absolute gate.
const RELATIVE_GATE: f64 = 0.1;

/// One biquad, transposed direct form II, with its state for two channels.
#[derive(Clone, Copy, Debug)]
struct Biquad {
    b: [f64; 3],
    a: [f64; 2],
    state: [[f64; 2]; 2],
}

impl Biquad {
    fn new(b: [f64; 3], a0: f64, a: [f64; 2]) -> Self {
        Self {
            b: b.map(|x| x / a0),
            a: a.map(|x| x / a0),
            state: [[0.0; 2]; 2],
        }
    }

    /// The K-weighting's first stage: the high shelf.
    fn shelf(rate: f64) -> Self {
        let f0 = 1_681.974_450_955_533;
        let gain_db = 3.999_843_853_973_347;
        let q = 0.707_175_236_955_419_6;
        let k = (std::f64::consts::PI * f0 / rate).tan();
        let vh = 10f64.powf(gain_db / 20.0);
        let vb = vh.powf(0.499_666_774_154_541_6);
        Self::new(
            [
                vh + vb * k / q + k * k,
                2.0 * (k * k - vh),
                vh - vb * k / q + k * k,
            ],
            1.0 + k / q + k * k,
            [2.0 * (k * k - 1.0), 1.0 - k / q + k * k],
        )
    }

    /// The K-weighting's second stage: the high-pass.
    fn high_pass(rate: f64) -> Self {
        let f0 = 38.135_470_876_024_44;
        let q = 0.500_327_037_323_877_3;
        let k = (std::f64::consts::PI * f0 / rate).tan();
        let a0 = 1.0 + k / q + k * k;
        // The numerator stays 1, −2, 1, unscaled, as in the standard's table.
        Self::new(
            [1.0, -2.0, 1.0],
            1.0,
            [2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0],
        )
    }

    #[inline]
    fn process(&mut self, ch: usize, x: f64) -> f64 {
        let [b0, b1, b2] = self.b;
        let [a1, a2] = self.a;
        let [s1, s2] = self.state[ch];
        let y = b0 * x + s1;
        self.state[ch] = [b1 * x - a1 * y + s2, b2 * x - a2 * y];
        y
    }
}

/// Accumulates interleaved stereo frames and reports their integrated loudness.
#[derive(Clone, Debug)]
pub struct IntegratedLoudness {
    shelf: Biquad,
    high_pass: Biquad,
    /// Frames in 100 ms.
    frames_per_part: usize,
    /// Frames into the current 100 ms.
    filled: usize,
    /// The current 100 ms's sum of squares (both channels).
    sum: f64,
    /// The last four 100 ms sums, oldest first, and how many there have been (up to 4).
    parts: [f64; 4],
    seen: usize,
    /// Every 400 ms block's mean square (both channels summed), one each 100 ms.
    blocks: Vec<f64>,
}

impl IntegratedLoudness {
    /// A meter for stereo audio at `rate` samples a second.
    pub fn new(rate: u32) -> Self {
        let rate_f = f64::from(rate.max(1));
        Self {
            shelf: Biquad::shelf(rate_f),
            high_pass: Biquad::high_pass(rate_f),
            frames_per_part: ((rate as usize + 5) / 10).max(1),
            filled: 0,
            sum: 0.0,
            parts: [0.0; 4],
            seen: 0,
            blocks: Vec::new(),
        }
    }

    /// Adds interleaved stereo frames (a trailing half frame is ignored).
    pub fn add(&mut self, frames: &[f32]) {
        let mut rest = frames;
        while rest.len() >= 2 {
            let room = self.frames_per_part - self.filled;
            let take = room.min(rest.len() / 2);
            let (now, later) = rest.split_at(take * 2);
            self.sum += self.weigh(now);
            self.filled += take;
            rest = later;
            if self.filled == self.frames_per_part {
                self.end_part();
            }
        }
    }

    /// K-weights `frames` and returns their sum of squares over both channels.
    #[inline]
    fn weigh(&mut self, frames: &[f32]) -> f64 {
        let (shelf, high_pass) = (&mut self.shelf, &mut self.high_pass);
        let mut sum = 0.0;
        for frame in frames.chunks_exact(2) {
            let l = high_pass.process(0, shelf.process(0, f64::from(frame[0])));
            let r = high_pass.process(1, shelf.process(1, f64::from(frame[1])));
            sum += l * l + r * r;
        }
        sum
    }

    /// Closes a 100 ms part; from the fourth on, each closes a 400 ms block.
    fn end_part(&mut self) {
        self.parts.rotate_left(1);
        self.parts[3] = self.sum;
        self.sum = 0.0;
        self.filled = 0;
        self.seen = (self.seen + 1).min(4);
        if self.seen == 4 {
            let total: f64 = self.parts.iter().sum();
            self.blocks.push(total / (4 * self.frames_per_part) as f64);
        }
    }

    /// The integrated loudness so far, LUFS (−∞ when no block passes the gates).
    pub fn lufs(&self) -> f64 {
        let mean_of = |floor: f64| {
            let (sum, n) = self
                .blocks
                .iter()
                .filter(|&&e| e >= floor)
                .fold((0.0, 0usize), |(s, n), &e| (s + e, n + 1));
            (n > 0).then(|| sum / n as f64)
        };
        let Some(ungated) = mean_of(ABSOLUTE_GATE) else {
            return f64::NEG_INFINITY;
        };
        let floor = (ungated * RELATIVE_GATE).max(ABSOLUTE_GATE);
        mean_of(floor).map_or(f64::NEG_INFINITY, |e| 10.0 * e.log10() - 0.691)
    }
}
