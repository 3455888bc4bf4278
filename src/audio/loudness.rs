//! Loudness measurement (EBU R 128 / ITU-R BS.1770 through the `ebur128` crate): integrated
//! loudness in LUFS and true peak in dBFS, for calibrating beds and reporting exports.

use ebur128::{EbuR128, Mode};

/// Loudness of a stereo signal.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Loudness {
    /// Integrated loudness, LUFS (−inf for silence).
    pub integrated_lufs: f64,
    /// True peak over both channels, dBFS.
    pub true_peak_dbfs: f64,
    /// Largest absolute sample value.
    pub sample_peak: f32,
}

/// Accumulates stereo frames and reports their loudness.
pub struct LoudnessMeter {
    meter: Option<EbuR128>,
    sample_peak: f32,
}

impl LoudnessMeter {
    /// A meter for stereo audio at `rate`.
    pub fn new(rate: u32) -> Self {
        Self::with(rate, Mode::I | Mode::TRUE_PEAK)
    }

    /// A meter of the integrated loudness alone (its true peak reads −240 dBFS).
    pub fn integrated(rate: u32) -> Self {
        Self::with(rate, Mode::I)
    }

    /// A meter of the true peak alone (its loudness reads −∞). Measuring it oversamples,
    /// so it costs about twice the integrated loudness: exports run it on its own thread.
    pub fn true_peak(rate: u32) -> Self {
        Self::with(rate, Mode::TRUE_PEAK)
    }

    fn with(rate: u32, mode: Mode) -> Self {
        Self {
            meter: EbuR128::new(2, rate, mode).ok(),
            sample_peak: 0.0,
        }
    }

    /// Adds interleaved stereo frames.
    pub fn add(&mut self, frames: &[f32]) {
        for s in frames {
            self.sample_peak = self.sample_peak.max(s.abs());
        }
        if let Some(m) = &mut self.meter
            && m.add_frames_f32(frames).is_err()
        {
            self.meter = None;
        }
    }

    /// The loudness so far.
    pub fn result(&self) -> Loudness {
        let (integrated_lufs, true_peak) =
            self.meter.as_ref().map_or((f64::NEG_INFINITY, 0.0), |m| {
                let lufs = m.loudness_global().unwrap_or(f64::NEG_INFINITY);
                let peak = (0..2)
                    .filter_map(|c| m.true_peak(c).ok())
                    .fold(0.0_f64, f64::max);
                (lufs, peak)
            });
        Loudness {
            integrated_lufs,
            true_peak_dbfs: 20.0 * true_peak.max(1e-12).log10(),
            sample_peak: self.sample_peak,
        }
    }
}

/// Measures interleaved stereo `frames` at `rate`.
pub fn measure(frames: &[f32], rate: u32) -> Loudness {
    let mut meter = LoudnessMeter::new(rate);
    meter.add(frames);
    meter.result()
}
