//! Writing WAV files atomically: samples go to a temporary file in the target folder, which
//! replaces the target only when complete. An interrupted export leaves nothing behind.

use std::io::BufWriter;
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use super::error::StoreError;

/// A 16-bit stereo WAV being written.
pub struct WavFile {
    writer: hound::WavWriter<BufWriter<std::fs::File>>,
    temp: tempfile::TempPath,
    target: PathBuf,
    dither: u64,
    /// Sample bytes written so far.
    bytes: u64,
}

/// Most sample bytes a WAV file can hold: its sizes are 32-bit (the header takes the rest).
pub const MAX_WAV_DATA_BYTES: u64 = u32::MAX as u64 - 64;

/// Whether `more` samples (16-bit) fit after `bytes` bytes of samples.
pub const fn fits_in_wav(bytes: u64, more: usize) -> bool {
    bytes + 2 * more as u64 <= MAX_WAV_DATA_BYTES
}

fn io_error(action: &'static str, path: &Path, source: std::io::Error) -> StoreError {
    StoreError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

fn hound_error(path: &Path, e: hound::Error) -> StoreError {
    match e {
        hound::Error::IoError(source) => io_error("cannot write", path, source),
        other => io_error(
            "cannot write",
            path,
            std::io::Error::other(other.to_string()),
        ),
    }
}

impl WavFile {
    /// Starts writing `target` (16-bit PCM, stereo, `rate` Hz).
    pub fn create(target: &Path, rate: u32) -> Result<Self, StoreError> {
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let temp = NamedTempFile::new_in(&dir)
            .map_err(|e| io_error("cannot create a file in", &dir, e))?;
        let (file, temp) = temp.into_parts();
        let spec = hound::WavSpec {
            channels: 2,
            sample_rate: rate,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let writer = hound::WavWriter::new(BufWriter::new(file), spec)
            .map_err(|e| hound_error(target, e))?;
        Ok(Self {
            writer,
            temp,
            target: target.to_path_buf(),
            dither: 0x1234_5678_9abc_def1,
            bytes: 0,
        })
    }

    fn noise(&mut self) -> f32 {
        // xorshift for TPDF dither (two uniform values, ±1 LSB).
        let mut x = self.dither;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.dither = x;
        ((x >> 40) as f32 / (1u64 << 24) as f32) - ((x & 0xFF_FFFF) as f32 / (1u64 << 24) as f32)
    }

    /// Appends interleaved stereo samples in −1..1 (dithered to 16 bits).
    pub fn write(&mut self, samples: &[f32]) -> Result<(), StoreError> {
        // hound's 16-bit writer fills a buffer and writes it once, not a call per sample
        // (a quarter of a long export's time went to the per-sample path).
        // Past 4 GiB the header's sizes would wrap and the file would be damaged: refuse.
        if !fits_in_wav(self.bytes, samples.len()) {
            return Err(io_error(
                "cannot write",
                &self.target,
                std::io::Error::other("a WAV file holds at most 4 GiB of sound"),
            ));
        }
        self.bytes += 2 * samples.len() as u64;
        let mut values = Vec::with_capacity(samples.len());
        for &s in samples {
            let scaled = s.clamp(-1.0, 1.0) * 32_767.0 + self.noise();
            // Rounded half away from zero by a truncating cast: `f32::round` is a libm call
            // on the baseline x86-64 target, and there are 5 million samples a minute.
            let rounded = (scaled + 0.5_f32.copysign(scaled)) as i32;
            values.push(rounded.clamp(-32_768, 32_767) as i16);
        }
        let len = u32::try_from(values.len()).map_err(|_| {
            io_error(
                "cannot write",
                &self.target,
                std::io::Error::other("too many samples in one write"),
            )
        })?;
        let mut writer = self.writer.get_i16_writer(len);
        for v in values {
            writer.write_sample(v);
        }
        writer.flush().map_err(|e| hound_error(&self.target, e))
    }

    /// Completes the file and moves it into place.
    pub fn finish(self) -> Result<PathBuf, StoreError> {
        let Self {
            writer,
            temp,
            target,
            ..
        } = self;
        writer.finalize().map_err(|e| hound_error(&target, e))?;
        if let Ok(file) = std::fs::File::open(&temp) {
            file.sync_all()
                .map_err(|e| io_error("cannot write", &target, e))?;
        }
        temp.persist(&target)
            .map_err(|e| io_error("cannot save", &target, e.error))?;
        Ok(target)
    }
}
