//! A user's audio file (ogg, flac, wav, mp3) as an endless layer: decoded by rodio as it
//! plays (never loaded whole), converted to the engine's rate, and looped with a crossfade
//! of at least one second at the seam, so there is no gap and no click.

use std::collections::VecDeque;
use std::io::{BufReader, Read, Seek};
use std::num::NonZero;

use rodio::Decoder;
use rodio::source::UniformSourceIterator;

use super::generator::{BlockCtx, Generate};

/// Crossfade at the loop seam, in seconds.
pub const SEAM_SECS: f32 = 1.5;

/// Readable, seekable bytes of a sound file (the store opens the file; audio only reads it).
pub trait MediaSource: Read + Seek + Send + Sync {}

impl<T: Read + Seek + Send + Sync> MediaSource for T {}

/// Opens the file again from its start (provided by the store, which owns file access).
pub type Opener = Box<dyn FnMut() -> std::io::Result<Box<dyn MediaSource>> + Send>;

type Stream = UniformSourceIterator<Decoder<BufReader<Box<dyn MediaSource>>>>;

/// A sound file could not be played.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {reason}")]
pub struct SoundFileError {
    /// The file's name.
    pub file: String,
    /// What went wrong ("not a supported audio format", "cannot open: …").
    pub reason: String,
}

/// A looping sound file.
pub struct FileLoop {
    name: String,
    open: Opener,
    rate: NonZero<u32>,
    current: Option<Stream>,
    /// Samples read ahead of the output (the last second is the seam's fade-out).
    ahead: VecDeque<f32>,
    /// The seam being crossfaded: remaining tail of the old pass and the new stream.
    seam: Option<(VecDeque<f32>, usize)>,
    seam_samples: usize,
    gain: f32,
    dead: bool,
}

fn stream(file: Box<dyn MediaSource>, rate: NonZero<u32>) -> Result<Stream, String> {
    let decoder = Decoder::new(BufReader::new(file))
        .map_err(|e| format!("not a playable audio file ({e})"))?;
    Ok(UniformSourceIterator::new(
        decoder,
        NonZero::<u16>::MIN.saturating_add(1),
        rate,
    ))
}

impl FileLoop {
    /// Opens the file named `name` through `open` for playback at `rate`. Fails with a clear
    /// message when the file cannot be opened or decoded.
    pub fn new(name: &str, mut open: Opener, rate: u32) -> Result<Self, SoundFileError> {
        let error = |reason: String| SoundFileError {
            file: name.to_owned(),
            reason,
        };
        let rate = NonZero::new(rate).ok_or_else(|| error("invalid sample rate".to_owned()))?;
        let file = open().map_err(|e| error(format!("cannot open ({e})")))?;
        let mut first = stream(file, rate).map_err(error)?;
        let seam_samples = (SEAM_SECS * rate.get() as f32) as usize * 2;
        let mut ahead = VecDeque::with_capacity(seam_samples + 2);
        while ahead.len() < seam_samples {
            match first.next() {
                Some(s) => ahead.push_back(s),
                None => break,
            }
        }
        if ahead.is_empty() {
            return Err(error("the file has no sound in it".to_owned()));
        }
        // Files are usually mastered far louder than a bed; sit them near the beds' level.
        Ok(Self {
            name: name.to_owned(),
            open,
            rate,
            current: Some(first),
            ahead,
            seam: None,
            seam_samples,
            gain: 0.25,
            dead: false,
        })
    }

    /// The file's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    fn restart(&mut self) -> Option<Stream> {
        let file = (self.open)().ok()?;
        stream(file, self.rate).ok()
    }

    fn next_sample(&mut self) -> f32 {
        if self.dead {
            return 0.0;
        }
        if let Some((tail, total)) = &mut self.seam {
            // Crossfade: the old pass's last samples out, the new pass in.
            let old = tail.pop_front().unwrap_or(0.0);
            let done = *total - tail.len();
            let w = done as f32 / (*total).max(1) as f32;
            let new = self
                .current
                .as_mut()
                .and_then(Iterator::next)
                .unwrap_or(0.0);
            if tail.is_empty() {
                self.seam = None;
                // Read ahead again from the new pass.
                while self.ahead.len() < self.seam_samples {
                    match self.current.as_mut().and_then(Iterator::next) {
                        Some(s) => self.ahead.push_back(s),
                        None => break,
                    }
                }
            }
            return old * (1.0 - w) + new * w;
        }
        if let Some(s) = self.current.as_mut().and_then(Iterator::next) {
            self.ahead.push_back(s);
            self.ahead.pop_front().unwrap_or(0.0)
        } else {
            // End of this pass: crossfade what is left with a fresh pass.
            let tail = std::mem::take(&mut self.ahead);
            self.current = self.restart();
            if self.current.is_none() || tail.is_empty() {
                log::warn!("sound file {} stopped playing", self.name);
                self.dead = true;
                return 0.0;
            }
            let total = tail.len();
            self.seam = Some((tail, total));
            self.next_sample()
        }
    }
}

impl Generate for FileLoop {
    fn render(&mut self, out: &mut [f32], _ctx: &BlockCtx) {
        for s in out.iter_mut() {
            *s = self.next_sample() * self.gain;
        }
    }
}
