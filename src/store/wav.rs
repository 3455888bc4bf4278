//! Writing WAV files atomically: samples go to a temporary file in the target folder, which
//! replaces the target only when complete. An export that fails leaves nothing behind; one
//! killed half-way leaves its temporary (`.NAME.lull-tmp…`), which the next export into the
//! same folder removes once it is ten minutes old (`lull export` sweeps the folder first).

use std::io::{BufWriter, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use super::error::StoreError;
use super::fault;

/// A 16-bit stereo WAV being written. Its header reserves room for an RF64 `ds64` chunk
/// (as a `JUNK` chunk, which every reader skips), so a file past 4 GiB (a 10-hour night)
/// becomes RF64 (EBU Tech 3306, read by sox, ffmpeg, VLC and most players) when it is
/// finished, and a smaller one stays a plain WAV.
pub struct WavFile {
    out: BufWriter<std::fs::File>,
    temp: tempfile::TempPath,
    target: PathBuf,
    dither: u64,
    /// Sample bytes written so far.
    bytes: u64,
    /// Reused for each block's bytes.
    buffer: Vec<u8>,
}

/// Most sample bytes a plain WAV file can hold (its sizes are 32-bit); past this the file
/// is written as RF64.
pub const MAX_WAV_DATA_BYTES: u64 = u32::MAX as u64 - (HEADER_BYTES - 8);

/// Whether `more` samples (16-bit) after `bytes` bytes of samples still make a plain WAV
/// file (beyond that it is RF64).
pub const fn fits_in_wav(bytes: u64, more: usize) -> bool {
    bytes + 2 * more as u64 <= MAX_WAV_DATA_BYTES
}

/// The header: RIFF (12), JUNK or ds64 (8 + 28), fmt (8 + 16), data (8).
const HEADER_BYTES: u64 = 12 + 36 + 24 + 8;

/// Where the `data` chunk's size is.
const DATA_SIZE_AT: u64 = HEADER_BYTES - 4;

/// The header of a 16-bit stereo file at `rate`, with its sizes to be filled in.
fn header(rate: u32) -> Vec<u8> {
    let mut h = Vec::with_capacity(80);
    h.extend_from_slice(b"RIFF");
    h.extend_from_slice(&0u32.to_le_bytes());
    h.extend_from_slice(b"WAVE");
    h.extend_from_slice(b"JUNK");
    h.extend_from_slice(&28u32.to_le_bytes());
    h.extend_from_slice(&[0; 28]);
    h.extend_from_slice(b"fmt ");
    h.extend_from_slice(&16u32.to_le_bytes());
    h.extend_from_slice(&1u16.to_le_bytes()); // PCM
    h.extend_from_slice(&2u16.to_le_bytes()); // stereo
    h.extend_from_slice(&rate.to_le_bytes());
    h.extend_from_slice(&(rate * 4).to_le_bytes()); // bytes a second
    h.extend_from_slice(&4u16.to_le_bytes()); // bytes a frame
    h.extend_from_slice(&16u16.to_le_bytes()); // bits a sample
    h.extend_from_slice(b"data");
    h.extend_from_slice(&0u32.to_le_bytes());
    h
}

/// The sizes written into the header once the samples are in: `(offset, bytes)` patches.
fn size_patches(data_bytes: u64) -> Vec<(u64, Vec<u8>)> {
    let riff = HEADER_BYTES - 8 + data_bytes;
    // Both fit when the RIFF size does (it is the larger).
    if let (Ok(riff), Ok(data)) = (u32::try_from(riff), u32::try_from(data_bytes)) {
        return vec![
            (4, riff.to_le_bytes().to_vec()),
            (DATA_SIZE_AT, data.to_le_bytes().to_vec()),
        ];
    }
    // RF64: the 32-bit sizes say "see ds64", which holds the real ones.
    let mut ds64 = Vec::with_capacity(36);
    ds64.extend_from_slice(b"ds64");
    ds64.extend_from_slice(&28u32.to_le_bytes());
    ds64.extend_from_slice(&riff.to_le_bytes());
    ds64.extend_from_slice(&data_bytes.to_le_bytes());
    ds64.extend_from_slice(&(data_bytes / 4).to_le_bytes()); // frames
    ds64.extend_from_slice(&0u32.to_le_bytes()); // no table
    vec![
        (0, b"RF64".to_vec()),
        (4, u32::MAX.to_le_bytes().to_vec()),
        (12, ds64),
        (DATA_SIZE_AT, u32::MAX.to_le_bytes().to_vec()),
    ]
}

fn io_error(action: &'static str, path: &Path, source: std::io::Error) -> StoreError {
    StoreError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

impl WavFile {
    /// Starts writing `target` (16-bit PCM, stereo, `rate` Hz).
    pub fn create(target: &Path, rate: u32) -> Result<Self, StoreError> {
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        // Named as Lull's other temporaries are, so what an export killed half-way left
        // behind is recognised (and removed by `sweep_temporaries` before the next export).
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temp = fault::check()
            .and_then(|()| {
                tempfile::Builder::new()
                    .prefix(&format!(".{name}{}", super::atomic::TEMP_INFIX))
                    .tempfile_in(&dir)
            })
            .map_err(|e| io_error("cannot create a file in", &dir, e))?;
        let (file, temp) = temp.into_parts();
        let mut out = BufWriter::with_capacity(1 << 16, file);
        fault::write_all(&mut out, &header(rate))
            .map_err(|e| io_error("cannot write", target, e))?;
        Ok(Self {
            out,
            temp,
            target: target.to_path_buf(),
            dither: 0x1234_5678_9abc_def1,
            bytes: 0,
            buffer: Vec::new(),
        })
    }

    /// Two TPDF dither values (±1 LSB) from one xorshift draw: each is the difference of
    /// two 16-bit uniform values, plenty for dither, and one draw per frame keeps the
    /// generator's serial chain off every sample.
    fn noise2(&mut self) -> [f32; 2] {
        let mut x = self.dither;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.dither = x;
        let u = |shift: u32| ((x >> shift) & 0xFFFF) as f32 * (1.0 / 65_536.0);
        [u(0) - u(16), u(32) - u(48)]
    }

    /// Appends interleaved stereo samples in −1..1 (dithered to 16 bits).
    pub fn write(&mut self, samples: &[f32]) -> Result<(), StoreError> {
        let mut buffer = std::mem::take(&mut self.buffer);
        buffer.clear();
        buffer.resize(2 * samples.len(), 0);
        let convert = |s: f32, dither: f32| {
            let scaled = s.clamp(-1.0, 1.0) * 32_767.0 + dither;
            // Rounded half away from zero by a truncating cast: `f32::round` is a libm call
            // on the baseline x86-64 target, and there are 5 million samples a minute.
            let rounded = (scaled + 0.5_f32.copysign(scaled)) as i32;
            (rounded.clamp(-32_768, 32_767) as i16).to_le_bytes()
        };
        let mut frames = samples.chunks_exact(2);
        let mut bytes = buffer.chunks_exact_mut(4);
        for (frame, out) in (&mut frames).zip(&mut bytes) {
            let [dl, dr] = self.noise2();
            out[..2].copy_from_slice(&convert(frame[0], dl));
            out[2..].copy_from_slice(&convert(frame[1], dr));
        }
        // An odd sample at the end (never from the engine, which renders whole frames).
        if let ([s], [a, b]) = (frames.remainder(), bytes.into_remainder()) {
            let [d, _] = self.noise2();
            [*a, *b] = convert(*s, d);
        }
        let written = fault::write_all(&mut self.out, &buffer);
        self.bytes += buffer.len() as u64;
        self.buffer = buffer;
        written.map_err(|e| io_error("cannot write", &self.target, e))
    }

    /// Completes the file (its sizes in the header; RF64 past 4 GiB) and moves it into place.
    pub fn finish(self) -> Result<PathBuf, StoreError> {
        let Self {
            out,
            temp,
            target,
            bytes,
            ..
        } = self;
        let fail = |e: std::io::Error| io_error("cannot write", &target, e);
        let mut file = out.into_inner().map_err(|e| fail(e.into_error()))?;
        for (at, patch) in size_patches(bytes) {
            file.seek(SeekFrom::Start(at)).map_err(fail)?;
            fault::write_all(&mut file, &patch).map_err(fail)?;
        }
        file.sync_all().map_err(fail)?;
        drop(file);
        fault::check().map_err(|e| io_error("cannot save", &target, e))?;
        temp.persist(&target)
            .map_err(|e| io_error("cannot save", &target, e.error))?;
        Ok(target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u32_at(b: &[u8], at: usize) -> u32 {
        u32::from_le_bytes(b[at..at + 4].try_into().unwrap())
    }

    fn u64_at(b: &[u8], at: usize) -> u64 {
        u64::from_le_bytes(b[at..at + 8].try_into().unwrap())
    }

    fn patched(data_bytes: u64) -> Vec<u8> {
        let mut h = header(48_000);
        for (at, patch) in size_patches(data_bytes) {
            let at = usize::try_from(at).unwrap();
            h[at..at + patch.len()].copy_from_slice(&patch);
        }
        h
    }

    #[test]
    fn a_small_file_is_a_plain_wav_with_a_junk_chunk() {
        let h = patched(4_000);
        assert_eq!(h.len() as u64, HEADER_BYTES);
        assert_eq!(&h[0..4], b"RIFF");
        assert_eq!(u32_at(&h, 4), 72 + 4_000);
        assert_eq!(&h[12..16], b"JUNK");
        assert_eq!(&h[48..52], b"fmt ");
        assert_eq!(u32_at(&h, 60), 48_000);
        assert_eq!(&h[72..76], b"data");
        assert_eq!(u32_at(&h, 76), 4_000);
    }

    #[test]
    fn past_four_gib_it_becomes_rf64_with_the_real_sizes_in_ds64() {
        // Ten hours of 48 kHz stereo.
        let data = 36_000 * 48_000 * 4;
        let h = patched(data);
        assert_eq!(&h[0..4], b"RF64");
        assert_eq!(u32_at(&h, 4), u32::MAX);
        assert_eq!(&h[12..16], b"ds64");
        assert_eq!(u32_at(&h, 16), 28);
        assert_eq!(u64_at(&h, 20), 72 + data);
        assert_eq!(u64_at(&h, 28), data);
        assert_eq!(u64_at(&h, 36), data / 4);
        assert_eq!(u32_at(&h, 76), u32::MAX);
        // The last plain size still fits, one frame more does not.
        assert_eq!(&patched(MAX_WAV_DATA_BYTES)[0..4], b"RIFF");
        assert_eq!(&patched(MAX_WAV_DATA_BYTES + 4)[0..4], b"RF64");
    }
}
