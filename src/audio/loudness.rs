//! Loudness measurement (EBU R 128 / ITU-R BS.1770): integrated loudness in LUFS
//! (`integrated.rs`), and true peak in dBFS by the standard's own filter
//! (`true_peak.rs`, which skips what cannot raise the peak), for calibrating beds and clips
//! and reporting exports.

use super::integrated::IntegratedLoudness;
use super::true_peak::TruePeak;

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
    /// The integrated loudness (`None`: not measured).
    meter: Option<IntegratedLoudness>,
    /// The true peak (`None`: not measured).
    true_peak: Option<TruePeak>,
    sample_peak: f32,
}

impl LoudnessMeter {
    /// A meter for stereo audio at `rate`: integrated loudness and true peak.
    pub fn new(rate: u32) -> Self {
        Self {
            meter: Some(IntegratedLoudness::new(rate)),
            true_peak: Some(TruePeak::new()),
            sample_peak: 0.0,
        }
    }

    /// A meter of the integrated loudness alone (its true peak reads −240 dBFS).
    pub fn integrated(rate: u32) -> Self {
        Self {
            true_peak: None,
            ..Self::new(rate)
        }
    }

    /// A meter of the true peak alone (its loudness reads −∞).
    pub fn true_peak(_rate: u32) -> Self {
        Self {
            meter: None,
            true_peak: Some(TruePeak::new()),
            sample_peak: 0.0,
        }
    }

    /// Adds interleaved stereo frames.
    pub fn add(&mut self, frames: &[f32]) {
        for s in frames {
            self.sample_peak = self.sample_peak.max(s.abs());
        }
        if let Some(m) = &mut self.meter {
            m.add(frames);
        }
        if let Some(t) = &mut self.true_peak {
            t.add(frames);
        }
    }

    /// The loudness so far.
    pub fn result(&self) -> Loudness {
        let integrated_lufs = self
            .meter
            .as_ref()
            .map_or(f64::NEG_INFINITY, IntegratedLoudness::lufs);
        let true_peak = self.true_peak.as_ref().map_or(0.0, TruePeak::peak);
        Loudness {
            integrated_lufs,
            true_peak_dbfs: 20.0 * f64::from(true_peak).max(1e-12).log10(),
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
