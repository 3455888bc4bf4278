//! The voice's clips, kept on disk under the cache folder (`$XDG_CACHE_HOME/lull/voice`), one
//! mono 16-bit WAV per line, named by a hash of the engine, voice, rate and words. A file
//! that cannot be read whole is reported as corrupt, so it is rendered again, never played.
//! A cache folder that cannot be written is no error: the clip is simply not kept.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use super::error::StoreError;

/// A clip larger than this is not a line of speech (about 3 minutes at 22 kHz).
const MAX_CLIP_BYTES: u64 = 8 * 1024 * 1024;

/// Mono 16-bit sound at `rate`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pcm {
    /// Samples per second.
    pub rate: u32,
    /// The samples.
    pub samples: Vec<i16>,
}

/// Reads a mono 16-bit WAV from `bytes`. `strict`: every sample the header announces must
/// be there (a cache file); otherwise the samples up to the end of the bytes are taken (a
/// program writing to a pipe cannot go back to fill in the length).
pub fn decode_wav(bytes: &[u8], strict: bool) -> Result<Pcm, String> {
    let reader = hound::WavReader::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let spec = reader.spec();
    if spec.channels != 1
        || spec.bits_per_sample != 16
        || spec.sample_format != hound::SampleFormat::Int
    {
        return Err(format!(
            "expected 16-bit mono PCM, got {} channel(s) of {} bits",
            spec.channels, spec.bits_per_sample
        ));
    }
    let announced = reader.len() as usize;
    let mut samples = Vec::with_capacity(announced.min(bytes.len() / 2));
    for s in reader.into_samples::<i16>() {
        match s {
            Ok(s) => samples.push(s),
            Err(e) if strict => return Err(e.to_string()),
            Err(_) => break,
        }
    }
    if strict && samples.len() != announced {
        return Err(format!("{} of {announced} samples", samples.len()));
    }
    if samples.is_empty() {
        return Err("no samples".to_owned());
    }
    Ok(Pcm {
        rate: spec.sample_rate,
        samples,
    })
}

/// `pcm` as the bytes of a mono 16-bit WAV.
pub fn encode_wav(pcm: &Pcm) -> Result<Vec<u8>, String> {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: pcm.rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut bytes = Cursor::new(Vec::new());
    let mut writer = hound::WavWriter::new(&mut bytes, spec).map_err(|e| e.to_string())?;
    for &s in &pcm.samples {
        writer.write_sample(s).map_err(|e| e.to_string())?;
    }
    writer.finalize().map_err(|e| e.to_string())?;
    Ok(bytes.into_inner())
}

/// What the cache holds for a line.
#[derive(Debug)]
pub enum CacheLookup {
    /// The clip.
    Hit(Pcm),
    /// Nothing yet.
    Miss,
    /// A file that cannot be read whole (it is rendered again and replaced).
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
}

/// The clip cache.
#[derive(Clone, Debug)]
pub struct VoiceCache {
    dir: PathBuf,
}

/// FNV-1a, 64 bits: a stable hash (the standard library's may change between versions).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

impl VoiceCache {
    /// The cache in `cache_root/voice`.
    pub fn new(cache_root: &Path) -> Self {
        Self {
            dir: cache_root.join("voice"),
        }
    }

    /// The file of the clip of `text` said by `voice_key` (engine, voice and rate).
    pub fn path_of(&self, voice_key: &str, text: &str) -> PathBuf {
        let key = format!("{voice_key}\n{text}");
        self.dir.join(format!(
            "{:016x}-{:04x}.wav",
            fnv1a(key.as_bytes()),
            key.len() % 0x1_0000
        ))
    }

    /// The clip of `text` said by `voice_key`, if the cache holds it whole.
    pub fn get(&self, voice_key: &str, text: &str) -> CacheLookup {
        let path = self.path_of(voice_key, text);
        match super::read::read_limited(&path, MAX_CLIP_BYTES) {
            Ok(bytes) => match decode_wav(&bytes, true) {
                Ok(pcm) => CacheLookup::Hit(pcm),
                Err(reason) => CacheLookup::Corrupt { path, reason },
            },
            // Not there, or no cache folder can be there: nothing kept (it is not damaged).
            Err(StoreError::Io { source, .. })
                if matches!(
                    source.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                ) =>
            {
                CacheLookup::Miss
            }
            Err(e) => CacheLookup::Corrupt {
                path,
                reason: e.to_string(),
            },
        }
    }

    /// Keeps `pcm` as the clip of `text` said by `voice_key` (written atomically).
    pub fn put(&self, voice_key: &str, text: &str, pcm: &Pcm) -> Result<(), StoreError> {
        let path = self.path_of(voice_key, text);
        let bytes = encode_wav(pcm).map_err(|e| StoreError::Io {
            action: "cannot encode",
            path: path.clone(),
            source: std::io::Error::other(e),
        })?;
        super::atomic::write_atomic(&path, &bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clip_is_kept_and_a_truncated_one_is_reported_corrupt() {
        let dir = tempfile::tempdir().unwrap();
        let cache = VoiceCache::new(dir.path());
        let pcm = Pcm {
            rate: 16_000,
            samples: (0..1_600).map(|i| (i % 200 - 100) as i16 * 50).collect(),
        };
        assert!(matches!(
            cache.get("flite/slt/1.00", "Hello."),
            CacheLookup::Miss
        ));
        cache.put("flite/slt/1.00", "Hello.", &pcm).unwrap();
        assert!(matches!(cache.get("flite/slt/1.00", "Hello."), CacheLookup::Hit(p) if p == pcm));
        // Another voice or other words: another file.
        assert!(matches!(
            cache.get("flite/rms/1.00", "Hello."),
            CacheLookup::Miss
        ));
        assert!(matches!(
            cache.get("flite/slt/1.00", "Hello"),
            CacheLookup::Miss
        ));
        let path = cache.path_of("flite/slt/1.00", "Hello.");
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 100]).unwrap();
        assert!(matches!(
            cache.get("flite/slt/1.00", "Hello."),
            CacheLookup::Corrupt { .. }
        ));
        std::fs::write(&path, b"not a wav").unwrap();
        assert!(matches!(
            cache.get("flite/slt/1.00", "Hello."),
            CacheLookup::Corrupt { .. }
        ));
    }

    #[test]
    fn a_streamed_wav_with_a_placeholder_length_is_read_leniently() {
        let pcm = Pcm {
            rate: 22_050,
            samples: vec![100, -100, 200, -200],
        };
        let mut bytes = encode_wav(&pcm).unwrap();
        // What espeak-ng writes to a pipe: the data chunk's length is a placeholder.
        let data = bytes.windows(4).position(|w| w == b"data").unwrap();
        bytes[data + 4..data + 8].copy_from_slice(&0x7fff_f000_u32.to_le_bytes());
        assert_eq!(decode_wav(&bytes, false).unwrap(), pcm);
        assert!(decode_wav(&bytes, true).is_err());
    }
}
