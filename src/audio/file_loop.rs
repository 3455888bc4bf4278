//! A user's audio file (ogg, flac, wav, mp3) as an endless layer: decoded by rodio as it
//! plays, converted to the engine's rate and to stereo, and looped with a crossfade at the
//! seam, so there is no gap and no click.
//!
//! Every seam has the same crossfade: [`SEAM_SECS`] for files of 3 s or more; for files of
//! 2 to 3 s, the length minus [`SEAM_SECS`] but at least [`MIN_SEAM_SECS`]; a file shorter
//! than 2 s cannot hold a 1 s fade-in and fade-out, so it crossfades over half its length
//! (its whole content is then always a crossfade of two passes) and still loops forever. Files up to [`MEMORY_SECS`] are kept decoded in memory after their first pass
//! (at most a few MB); longer ones are streamed from the file on every pass.
//!
//! If the file cannot be read again at a seam, or a pass is cut short by a decoding error,
//! a [`SoundFileError`] naming the file is sent to the notice channel given with
//! [`FileLoop::notify_to`]; a file that can no longer be read fades out over the seam.
//!
//! The decoders are other people's code reading a stranger's bytes, and fuzzing found one
//! that panics on a malformed WAV header (symphonia-format-riff 0.5.5, `fix_channel_mask`):
//! every call into a decoder is made under `catch_unwind`, and a decoder that panics is
//! never called again; the file is refused, or stops with a notice, like a file that
//! cannot be decoded.

use std::collections::VecDeque;
use std::io::{BufReader, Read, Seek};
use std::sync::Arc;
use std::sync::mpsc::Sender;

use rodio::{Decoder, Source};

use super::generator::{BlockCtx, Generate};

/// Crossfade at the loop seam, in seconds (for files at least twice as long).
pub const SEAM_SECS: f32 = 1.5;
/// Shortest crossfade for files of at least twice this length, in seconds.
pub const MIN_SEAM_SECS: f32 = 1.0;
/// Files up to this long are kept decoded in memory after their first pass.
pub const MEMORY_SECS: f32 = 6.0;

/// Readable, seekable bytes of a sound file (the store opens the file; audio only reads it).
pub trait MediaSource: Read + Seek + Send + Sync {}

impl<T: Read + Seek + Send + Sync> MediaSource for T {}

/// Opens the file again from its start (provided by the store, which owns file access).
pub type Opener = Box<dyn FnMut() -> std::io::Result<Box<dyn MediaSource>> + Send>;

/// A sound file could not be played.
#[derive(Clone, Debug, thiserror::Error)]
#[error("{file}: {reason}")]
pub struct SoundFileError {
    /// The file's name.
    pub file: String,
    /// What went wrong ("not a supported audio format", "cannot open: …").
    pub reason: String,
}

type Frame = [f32; 2];

/// A decoder converted to stereo at the output rate (linear interpolation). Reads the
/// channel count and rate of every frame, so it follows a stream whose format changes, and
/// copes with decoders (Vorbis) whose first span is empty.
struct Converted {
    decoder: Decoder<BufReader<Box<dyn MediaSource>>>,
    out_rate: f64,
    step: f64,
    prev: Frame,
    next: Frame,
    frac: f64,
    /// The decoder panicked: it is not called again.
    broken: bool,
}

/// What a decoder that panicked is reported as.
const DECODER_FAILED: &str = "the audio decoder failed on it";

/// A decoded sample as the mixer may take it: a float file can hold infinities and NaNs
/// (fuzzing found one), which become silence, and samples far beyond full scale are held
/// at ±4 (the limiter brings the rest down).
fn sane(s: f32) -> f32 {
    if s.is_finite() {
        s.clamp(-4.0, 4.0)
    } else {
        0.0
    }
}

/// Runs `f`, which calls into a decoder; `None` when it panicked.
fn guarded<T>(f: impl FnOnce() -> T) -> Option<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).ok()
}

impl Converted {
    fn open(file: Box<dyn MediaSource>, out_rate: u32) -> Result<Self, String> {
        let decoder = guarded(|| Decoder::new(BufReader::new(file)))
            .ok_or_else(|| DECODER_FAILED.to_owned())?
            .map_err(|e| format!("not a playable audio file ({e})"))?;
        let mut c = Self {
            decoder,
            out_rate: f64::from(out_rate),
            step: 1.0,
            prev: [0.0; 2],
            next: [0.0; 2],
            frac: 0.0,
            broken: false,
        };
        if let Some(first) = c.read_frame() {
            c.prev = first;
            c.next = c.read_frame().unwrap_or(first);
        }
        if c.broken {
            return Err(DECODER_FAILED.to_owned());
        }
        Ok(c)
    }

    /// The next source frame, as stereo; `None` at the end, or from a decoder that panicked.
    fn read_frame(&mut self) -> Option<Frame> {
        if self.broken {
            return None;
        }
        let frame = guarded(|| self.decode_frame());
        self.broken = frame.is_none();
        frame.flatten().map(|f| f.map(sane))
    }

    fn decode_frame(&mut self) -> Option<Frame> {
        let first = self.decoder.next()?;
        // After the first sample of a frame the decoder reports that frame's format.
        let channels = self.decoder.channels().get();
        self.step = f64::from(self.decoder.sample_rate().get()) / self.out_rate;
        if channels == 1 {
            return Some([first, first]);
        }
        let second = self.decoder.next()?;
        for _ in 2..channels {
            self.decoder.next()?;
        }
        Some([first, second])
    }

    fn next_frame(&mut self) -> Option<Frame> {
        while self.frac >= 1.0 {
            self.frac -= 1.0;
            self.prev = self.next;
            self.next = self.read_frame()?;
        }
        let f = self.frac as f32;
        self.frac += self.step;
        Some([
            self.prev[0] + (self.next[0] - self.prev[0]) * f,
            self.prev[1] + (self.next[1] - self.prev[1]) * f,
        ])
    }
}

/// One pass through the file.
enum Pass {
    Stream(Box<Converted>),
    Memory { frames: Arc<Vec<Frame>>, pos: usize },
}

impl Pass {
    fn next_frame(&mut self) -> Option<Frame> {
        match self {
            Self::Stream(c) => c.next_frame(),
            Self::Memory { frames, pos } => {
                let f = frames.get(*pos).copied();
                *pos += 1;
                f
            }
        }
    }
}

/// A seam: the end of the old pass fading out while the new one fades in.
struct Seam {
    tail: VecDeque<Frame>,
    total: usize,
}

/// A looping sound file.
pub struct FileLoop {
    name: String,
    open: Opener,
    rate: u32,
    pass: Option<Pass>,
    /// Frames read ahead of the output: the last `fade` of them are the seam's fade-out.
    ahead: VecDeque<Frame>,
    seam: Option<Seam>,
    /// Crossfade length in frames (the nominal one until the file's length is known).
    fade: usize,
    /// The file's length in frames at the output rate, once the first pass has ended.
    length: Option<usize>,
    /// Frames read from the current pass.
    read: usize,
    /// The first pass, kept while it is short enough to hold in memory.
    recording: Option<Vec<Frame>>,
    memory: Option<Arc<Vec<Frame>>>,
    notices: Option<Sender<SoundFileError>>,
    gain: f32,
    dead: bool,
    /// A decoder panicked on the file: it is not opened again.
    decoder_failed: bool,
}

fn memory_frames(rate: u32) -> usize {
    (MEMORY_SECS * rate as f32) as usize
}

fn seam_frames(rate: u32) -> usize {
    (SEAM_SECS * rate as f32) as usize
}

/// The crossfade for a file of `length` frames (see the module documentation).
fn crossfade_frames(length: usize, rate: u32) -> usize {
    let min = (MIN_SEAM_SECS * rate as f32) as usize;
    let max = seam_frames(rate);
    if length >= 2 * min {
        length.saturating_sub(max).clamp(min, max)
    } else {
        (length / 2).max(1)
    }
}

impl FileLoop {
    /// Opens the file named `name` through `open` for playback at `rate`. Fails with a clear
    /// message when the file cannot be opened or decoded.
    pub fn new(name: &str, mut open: Opener, rate: u32) -> Result<Self, SoundFileError> {
        let error = |reason: String| SoundFileError {
            file: name.to_owned(),
            reason,
        };
        if rate == 0 {
            return Err(error("invalid sample rate".to_owned()));
        }
        let file = open().map_err(|e| error(format!("cannot open ({e})")))?;
        let first = Converted::open(file, rate).map_err(error)?;
        let fade = seam_frames(rate);
        let mut this = Self {
            name: name.to_owned(),
            open,
            rate,
            pass: Some(Pass::Stream(Box::new(first))),
            ahead: VecDeque::with_capacity(fade + 1),
            seam: None,
            fade,
            length: None,
            read: 0,
            // Reserved here (off the audio thread), so recording never reallocates.
            recording: Some(Vec::with_capacity(memory_frames(rate))),
            memory: None,
            notices: None,
            // Files are usually mastered far louder than a bed; sit them near the beds' level.
            gain: 0.25,
            dead: false,
            decoder_failed: false,
        };
        this.fill_ahead();
        if this.decoder_failed {
            return Err(error(DECODER_FAILED.to_owned()));
        }
        if this.ahead.is_empty() {
            return Err(error("the file has no sound in it".to_owned()));
        }
        Ok(this)
    }

    /// Sends a notice naming the file when it stops or is cut short while playing.
    #[must_use]
    pub fn notify_to(mut self, notices: Sender<SoundFileError>) -> Self {
        self.notices = Some(notices);
        self
    }

    /// The file's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The crossfade at every seam, in seconds, once the file's length is known.
    pub fn seam_secs(&self) -> Option<f32> {
        self.length.map(|_| self.fade as f32 / self.rate as f32)
    }

    /// Whether the file has stopped for good (it could not be read again).
    pub const fn stopped(&self) -> bool {
        self.dead
    }

    fn notify(&self, reason: String) {
        log::warn!("sound file {}: {reason}", self.name);
        if let Some(tx) = &self.notices {
            let _ = tx.send(SoundFileError {
                file: self.name.clone(),
                reason,
            });
        }
    }

    /// The next frame of the current pass; at its end, learns the file's length (first
    /// pass) or checks it (later passes).
    fn pull(&mut self) -> Option<Frame> {
        let pass = self.pass.as_mut()?;
        if let Some(f) = pass.next_frame() {
            self.read += 1;
            if let Some(rec) = &mut self.recording {
                if rec.len() < rec.capacity() {
                    rec.push(f);
                } else {
                    self.recording = None;
                }
            }
            return Some(f);
        }
        if let Pass::Stream(c) = pass
            && c.broken
        {
            // Never again through that decoder: the file fades out over the seam.
            self.decoder_failed = true;
            self.notify(format!("stopped playing: {DECODER_FAILED}"));
        }
        self.pass = None;
        match self.length {
            None => {
                self.length = Some(self.read);
                self.fade = crossfade_frames(self.read, self.rate);
                // No copy: the recording becomes the loop (the audio thread never copies it).
                self.memory = self.recording.take().map(Arc::new);
            }
            Some(length) if !self.decoder_failed && self.read + self.rate as usize / 2 < length => {
                self.notify(format!(
                    "a decoding error cut it short ({:.1} s of {:.1} s played)",
                    self.read as f32 / self.rate as f32,
                    length as f32 / self.rate as f32
                ));
            }
            Some(_) => {}
        }
        None
    }

    fn fill_ahead(&mut self) {
        while self.ahead.len() < self.fade {
            match self.pull() {
                Some(f) => self.ahead.push_back(f),
                None => break,
            }
        }
    }

    /// A new pass from the file's start (from memory for a short file).
    fn restart(&mut self) -> Option<Pass> {
        if self.decoder_failed {
            return None;
        }
        if let Some(frames) = &self.memory {
            return Some(Pass::Memory {
                frames: Arc::clone(frames),
                pos: 0,
            });
        }
        let file = match (self.open)() {
            Ok(f) => f,
            Err(e) => {
                self.notify(format!("stopped playing: cannot open it again ({e})"));
                return None;
            }
        };
        match Converted::open(file, self.rate) {
            Ok(c) => Some(Pass::Stream(Box::new(c))),
            Err(e) => {
                self.notify(format!("stopped playing: {e}"));
                None
            }
        }
    }

    fn next_frame(&mut self) -> Frame {
        if self.dead {
            return [0.0; 2];
        }
        if let Some(seam) = &mut self.seam {
            // Crossfade: the old pass's last frames out, the new pass in (raised cosine).
            let old = seam.tail.pop_front().unwrap_or([0.0; 2]);
            let done = seam.total - seam.tail.len();
            let x = done as f32 / seam.total.max(1) as f32;
            let w = 0.5 - 0.5 * (std::f32::consts::PI * x).cos();
            let finished = seam.tail.is_empty();
            let new = self.pull().unwrap_or([0.0; 2]);
            if finished {
                self.seam = None;
                if self.pass.is_none() && self.read == 0 {
                    // Faded out: the file could not be read again.
                    self.dead = true;
                } else {
                    self.fill_ahead();
                }
            }
            return [
                old[0] * (1.0 - w) + new[0] * w,
                old[1] * (1.0 - w) + new[1] * w,
            ];
        }
        if let Some(f) = self.pull() {
            self.ahead.push_back(f);
            return self.ahead.pop_front().unwrap_or([0.0; 2]);
        }
        // The pass has ended. Play down to the seam (the first pass read further ahead than
        // the crossfade of a short file), then crossfade what is left with a fresh pass.
        if self.ahead.len() > self.fade {
            return self.ahead.pop_front().unwrap_or([0.0; 2]);
        }
        let tail = std::mem::take(&mut self.ahead);
        if tail.is_empty() {
            self.dead = true;
            return [0.0; 2];
        }
        self.read = 0;
        self.pass = self.restart();
        let total = tail.len();
        self.seam = Some(Seam { tail, total });
        self.next_frame()
    }
}

impl Generate for FileLoop {
    fn render(&mut self, out: &mut [f32], _ctx: &BlockCtx) {
        for frame in out.chunks_exact_mut(2) {
            let [l, r] = self.next_frame();
            frame[0] = l * self.gain;
            frame[1] = r * self.gain;
        }
    }
}
