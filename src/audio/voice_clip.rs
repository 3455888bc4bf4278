//! A spoken line's samples made ready for the engine: resampled once to the engine rate
//! (band-limited, rubato's FFT resampler, not rodio's linear converter), brought to about
//! −20 LUFS with its true peak at most −3 dBFS, with short fades at both ends so no clip
//! starts or stops with a click.

use std::sync::Arc;

use rubato::audioadapter_buffers::direct::InterleavedSlice;
use rubato::{Fft, FixedSync, Resampler};

use super::loudness::measure;

/// Loudness of the voice at level 1 (the beds are about −27 LUFS).
pub const VOICE_LUFS: f64 = -20.0;
/// Highest true peak of a clip, dBFS.
pub const VOICE_PEAK_DBFS: f64 = -3.0;
/// Fade at each end of a clip, seconds.
const EDGE_SECS: f32 = 0.005;
/// Longest clip accepted, seconds (a line is a few sentences).
pub const MAX_CLIP_SECS: u32 = 120;

/// Why a voice's output cannot be played.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ClipError {
    /// No samples, or only silence.
    #[error("the voice produced no sound")]
    Silent,
    /// Longer than [`MAX_CLIP_SECS`].
    #[error("the voice produced over {MAX_CLIP_SECS} s of sound for one line")]
    TooLong,
    /// A sample rate nobody uses.
    #[error("the voice's sample rate ({0} Hz) is not between 8000 and 192000 Hz")]
    Rate(u32),
    /// The resampler refused.
    #[error("cannot resample the voice: {0}")]
    Resample(String),
}

/// Mono 16-bit samples at `rate` → mono f32 at `engine_rate`, at the voice's loudness.
pub fn prepare(samples: &[i16], rate: u32, engine_rate: u32) -> Result<Arc<[f32]>, ClipError> {
    if !(8_000..=192_000).contains(&rate) {
        return Err(ClipError::Rate(rate));
    }
    if samples.len() as u64 > u64::from(MAX_CLIP_SECS) * u64::from(rate) {
        return Err(ClipError::TooLong);
    }
    if samples.iter().all(|&s| s.unsigned_abs() < 16) {
        return Err(ClipError::Silent);
    }
    let input: Vec<f32> = samples.iter().map(|&s| f32::from(s) / 32_768.0).collect();
    let mut out = resample(&input, rate, engine_rate)?;
    let mut stereo: Vec<f32> = out.iter().flat_map(|&s| [s, s]).collect();
    // Integrated loudness needs at least one 400 ms block: a shorter clip ("Hold.", "two"
    // from a quick voice) is measured repeated, which keeps its loudness.
    let block = (engine_rate as usize * 2).div_ceil(5) * 2;
    let once = stereo.len();
    while once > 0 && stereo.len() < block {
        stereo.extend_from_within(..once);
    }
    let loudness = measure(&stereo, engine_rate);
    if !loudness.integrated_lufs.is_finite() {
        return Err(ClipError::Silent);
    }
    let to_loudness = 10_f64.powf((VOICE_LUFS - loudness.integrated_lufs) / 20.0);
    let to_peak = 10_f64.powf((VOICE_PEAK_DBFS - loudness.true_peak_dbfs) / 20.0);
    let gain = to_loudness.min(to_peak) as f32;
    let edge = ((EDGE_SECS * engine_rate as f32) as usize).min(out.len() / 2);
    let len = out.len();
    for (i, s) in out.iter_mut().enumerate() {
        let from_edge = i.min(len - 1 - i);
        let fade = if from_edge < edge {
            from_edge as f32 / edge as f32
        } else {
            1.0
        };
        *s *= gain * fade;
    }
    Ok(out.into())
}

fn resample(input: &[f32], from: u32, to: u32) -> Result<Vec<f32>, ClipError> {
    if from == to {
        return Ok(input.to_vec());
    }
    let err = |e: &dyn std::fmt::Display| ClipError::Resample(e.to_string());
    let mut resampler = Fft::<f32>::new(from as usize, to as usize, 1_024, 1, FixedSync::Input)
        .map_err(|e| err(&e))?;
    let adapter = InterleavedSlice::new(input, 1, input.len()).map_err(|e| err(&e))?;
    let out = resampler
        .process_all(&adapter, input.len(), None)
        .map_err(|e| err(&e))?;
    Ok(out.take_data())
}

/// The length of `clip` at `rate`.
pub fn clip_length(clip: &[f32], rate: u32) -> std::time::Duration {
    std::time::Duration::try_from_secs_f64(clip.len() as f64 / f64::from(rate.max(1)))
        .unwrap_or_default()
}
