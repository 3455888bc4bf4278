//! True peak (ITU-R BS.1770-4 Annex 2): the signal oversampled 4× by the standard's
//! 48-tap interpolation filter (four phases of 12 taps), and the largest absolute value.
//!
//! Exact, and cheap on long signals: every output is a sum of 12 samples times one phase's
//! taps, so it can never exceed [`GAIN_BOUND`] times the largest of those samples. A stretch
//! whose samples are all below the peak found so far divided by that bound cannot raise it,
//! and is not interpolated at all. On noise, after its first seconds, that is nearly every
//! stretch (BENCHMARKS.md: the export's meters).

/// The standard's filter: `PHASES[p][k]` multiplies `x[n − k]` for the output at `n + p/4`.
const PHASES: [[f32; TAPS]; 4] = [
    [
        0.001_708_984_4,
        0.010_986_328,
        -0.019_653_32,
        0.033_203_125,
        -0.059_448_242,
        0.137_329_1,
        0.972_167_97,
        -0.102_294_92,
        0.047_607_42,
        -0.026_611_328,
        0.014_892_578,
        -0.008_300_781,
    ],
    [
        -0.029_174_805,
        0.029_296_875,
        -0.051_757_812,
        0.089_111_33,
        -0.166_503_9,
        0.465_087_9,
        0.779_785_16,
        -0.200_317_38,
        0.101_562_5,
        -0.058_227_54,
        0.033_081_055,
        -0.018_920_898,
    ],
    [
        -0.018_920_898,
        0.033_081_055,
        -0.058_227_54,
        0.101_562_5,
        -0.200_317_38,
        0.779_785_16,
        0.465_087_9,
        -0.166_503_9,
        0.089_111_33,
        -0.051_757_812,
        0.029_296_875,
        -0.029_174_805,
    ],
    [
        -0.008_300_781,
        0.014_892_578,
        -0.026_611_328,
        0.047_607_42,
        -0.102_294_92,
        0.972_167_97,
        0.137_329_1,
        -0.059_448_242,
        0.033_203_125,
        -0.019_653_32,
        0.010_986_328,
        0.001_708_984_4,
    ],
];

/// Taps per phase.
const TAPS: usize = 12;

/// Outputs looked at together: one bound for each stretch of this many samples.
const STRETCH: usize = 16;

/// No output exceeds this many times the largest sample it is made of: the largest sum of
/// one phase's absolute taps (phase 1 and 2: 2.023), rounded up.
pub const GAIN_BOUND: f32 = 2.03;

/// Measures the true peak of interleaved stereo, chunk after chunk.
#[derive(Clone, Debug)]
pub struct TruePeak {
    /// The last `TAPS − 1` samples of each channel, oldest first.
    history: [[f32; TAPS - 1]; 2],
    /// The largest absolute oversampled value so far.
    peak: f32,
    /// One channel's samples with its history in front (reused).
    lane: Vec<f32>,
}

impl Default for TruePeak {
    fn default() -> Self {
        Self::new()
    }
}

impl TruePeak {
    /// A meter that has heard silence.
    pub const fn new() -> Self {
        Self {
            history: [[0.0; TAPS - 1]; 2],
            peak: 0.0,
            lane: Vec::new(),
        }
    }

    /// Adds interleaved stereo frames.
    pub fn add(&mut self, frames: &[f32]) {
        let mut lane = std::mem::take(&mut self.lane);
        for channel in 0..2 {
            lane.clear();
            lane.extend_from_slice(&self.history[channel]);
            lane.extend(frames.iter().skip(channel).step_by(2).copied());
            self.peak = self.peak.max(lane_peak(&lane, self.peak));
            let keep = lane.len() - (TAPS - 1);
            self.history[channel].copy_from_slice(&lane[keep..]);
        }
        self.lane = lane;
    }

    /// The true peak so far, as a linear value (1.0 is full scale).
    pub const fn peak(&self) -> f32 {
        self.peak
    }
}

/// The largest oversampled value of `lane` (its first `TAPS − 1` samples are history) that
/// beats `known`; `known` if none can.
fn lane_peak(lane: &[f32], known: f32) -> f32 {
    let mut peak = known;
    let outputs = lane.len() + 1 - TAPS;
    let mut start = 0;
    while start < outputs {
        let end = (start + STRETCH).min(outputs);
        // The outputs start..end are made of lane[start .. end + TAPS − 1].
        let loudest = lane[start..end + TAPS - 1]
            .iter()
            .fold(0.0_f32, |m, x| m.max(x.abs()));
        if loudest * GAIN_BOUND > peak {
            for n in start..end {
                let window = &lane[n..n + TAPS];
                for phase in &PHASES {
                    // window[TAPS − 1] is x[n], the newest: tap 0 multiplies it.
                    let y: f32 = phase
                        .iter()
                        .zip(window.iter().rev())
                        .map(|(h, x)| h * x)
                        .sum();
                    peak = peak.max(y.abs());
                }
            }
        }
        start = end;
    }
    peak
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every output, no skipping: what the bound must agree with.
    fn brute(frames: &[f32]) -> f32 {
        let mut peak = 0.0_f32;
        for channel in 0..2 {
            let mut lane = vec![0.0; TAPS - 1];
            lane.extend(frames.iter().skip(channel).step_by(2));
            for n in 0..=lane.len() - TAPS {
                for phase in &PHASES {
                    let y: f32 = phase
                        .iter()
                        .zip(lane[n..n + TAPS].iter().rev())
                        .map(|(h, x)| h * x)
                        .sum();
                    peak = peak.max(y.abs());
                }
            }
        }
        peak
    }

    fn noise(frames: usize, seed: u64) -> Vec<f32> {
        let mut x = seed;
        (0..frames * 2)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                ((x >> 40) as f32 / (1u64 << 24) as f32 - 0.5) * 0.6
            })
            .collect()
    }

    #[test]
    fn the_bound_holds_for_every_phase() {
        for phase in &PHASES {
            let sum: f32 = phase.iter().map(|h| h.abs()).sum();
            assert!(sum <= GAIN_BOUND, "{sum}");
        }
    }

    #[test]
    fn skipping_stretches_gives_the_same_peak_as_interpolating_everything() {
        let signal = noise(20_000, 7);
        let mut meter = TruePeak::new();
        // In uneven chunks, so the history is carried across chunk edges.
        for chunk in signal.chunks(2 * 333) {
            meter.add(chunk);
        }
        let exact = brute(&signal);
        assert!(
            (meter.peak() - exact).abs() < 1e-6,
            "{} {exact}",
            meter.peak()
        );
    }

    #[test]
    fn a_sine_near_a_quarter_of_the_rate_peaks_between_its_samples() {
        // 11 025 Hz at 44.1 kHz, phase 45°: every sample reads 0.707 of the true peak.
        let frames: Vec<f32> = (0..4_410)
            .flat_map(|i| {
                let v = (std::f32::consts::FRAC_PI_2 * i as f32 + std::f32::consts::FRAC_PI_4)
                    .sin()
                    * 0.5;
                [v, v]
            })
            .collect();
        let sample_peak = frames.iter().fold(0.0_f32, |m, x| m.max(x.abs()));
        let mut meter = TruePeak::new();
        meter.add(&frames);
        assert!((sample_peak - 0.354).abs() < 1e-3, "{sample_peak}");
        // The standard allows +0.2 / −0.4 dB around the real 0.5.
        let db = 20.0 * (meter.peak() / 0.5).log10();
        assert!((-0.4..=0.2).contains(&db), "{db} dB");
    }
}
