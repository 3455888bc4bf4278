//! The voice service: a spoken line's words → a clip the engine can play. Memory first,
//! then the clip cache on disk, then the voice engine (a process). The app runs it on a
//! worker thread, first line first, so the first step speaks at once and the rest render
//! in the background; `lull export`, `lull check` and `lull voice say` call it directly.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use crate::audio::voice_clip::{ClipError, clip_length, prepare};
use crate::domain::safety::SafeRoutine;
use crate::domain::session::Session;
use crate::domain::soundscape::{
    AudioSettings, SpeechSettings, lines_in_order, timeline, with_speech,
};
use crate::platform::voice::{
    InstalledEngine, Synthesizer, VoiceError, installed_engines, synthesizer,
};
use crate::store::{CacheLookup, Pcm, VoiceCache};

/// The notice when no voice engine is installed.
pub const NO_VOICE: &str = "No voice is installed: install flite to hear the steps (sudo apt install flite). The routine plays with chimes.";

/// Why a line has no clip.
#[derive(Debug, thiserror::Error)]
pub enum SpeakError {
    /// The engine failed.
    #[error(transparent)]
    Voice(#[from] VoiceError),
    /// Its output cannot be played.
    #[error(transparent)]
    Clip(#[from] ClipError),
}

/// A line ready to play.
#[derive(Clone, Debug)]
pub struct Clip {
    /// Mono samples at the engine rate, at the voice's loudness.
    pub samples: Arc<[f32]>,
    /// How long it lasts.
    pub length: Duration,
}

/// Renders lines with one voice, keeping what it made.
pub struct Speaker {
    synth: Box<dyn Synthesizer>,
    cache: Option<VoiceCache>,
    rate: u32,
    memory: HashMap<String, Clip>,
    /// The cache could not be written once: it is not tried again (clips stay in memory).
    cache_read_only: bool,
}

impl Speaker {
    /// A speaker for `synth`, caching under `cache` (if any), making clips at `rate`.
    pub fn new(synth: Box<dyn Synthesizer>, cache: Option<VoiceCache>, rate: u32) -> Self {
        Self {
            synth,
            cache,
            rate,
            memory: HashMap::new(),
            cache_read_only: false,
        }
    }

    /// The speaker the settings ask for, or why there is none.
    pub fn from_settings(
        settings: &SpeechSettings,
        installed: &[InstalledEngine],
        cache: Option<VoiceCache>,
        rate: u32,
    ) -> Result<Self, VoiceError> {
        Ok(Self::new(synthesizer(settings, installed)?, cache, rate))
    }

    /// Who speaks: "flite (rms)".
    pub fn label(&self) -> String {
        self.synth.label()
    }

    /// The rate clips are made at.
    pub const fn rate(&self) -> u32 {
        self.rate
    }

    /// The voice's own sound for `text`: from the cache (a corrupt entry is rendered
    /// again) or the engine, which is then kept in the cache.
    fn pcm(&mut self, text: &str) -> Result<Pcm, SpeakError> {
        let key = self.synth.key();
        match self.cache.as_ref().map(|c| c.get(&key, text)) {
            Some(CacheLookup::Hit(pcm)) => return Ok(pcm),
            Some(CacheLookup::Corrupt { path, reason }) => {
                log::warn!(
                    "voice cache: {} is damaged ({reason}); saying it again",
                    path.display()
                );
            }
            Some(CacheLookup::Miss) | None => {}
        }
        let pcm = self.synth.render(text)?;
        if !self.cache_read_only
            && let Some(cache) = &self.cache
            && let Err(e) = cache.put(&key, text, &pcm)
        {
            log::warn!("voice cache cannot be written ({e}); the voice is kept in memory");
            self.cache_read_only = true;
        }
        Ok(pcm)
    }

    /// The clip of `text`, ready for the engine: from memory, the cache or the engine.
    pub fn clip(&mut self, text: &str) -> Result<Clip, SpeakError> {
        if let Some(clip) = self.memory.get(text) {
            return Ok(clip.clone());
        }
        let pcm = self.pcm(text)?;
        let samples = prepare(&pcm.samples, pcm.rate, self.rate)?;
        let clip = Clip {
            length: clip_length(&samples, self.rate),
            samples,
        };
        self.memory.insert(text.to_owned(), clip.clone());
        Ok(clip)
    }

    /// How long `text` takes to say: the clip's length if it is made, else an estimate.
    pub fn measure(&self, text: &str) -> Duration {
        self.memory
            .get(text)
            .map_or_else(|| self.synth.estimate(text), |c| c.length)
    }

    /// How long `text` takes to say, rendering it if needed but not preparing it for the
    /// engine (`lull check`); the estimate if it cannot be rendered.
    pub fn measure_exactly(&mut self, text: &str) -> Duration {
        if let Some(clip) = self.memory.get(text) {
            return clip.length;
        }
        match self.pcm(text) {
            Ok(pcm) => {
                Duration::from_millis(pcm.samples.len() as u64 * 1_000 / u64::from(pcm.rate.max(1)))
            }
            Err(_) => self.synth.estimate(text),
        }
    }

    /// Lets go of the clips in memory.
    pub fn forget(&mut self) {
        self.memory.clear();
    }

    /// About how long `text` takes to say, before it is rendered.
    pub fn estimate(&self, text: &str) -> Duration {
        self.synth.estimate(text)
    }
}

/// Clips by their words.
pub type Clips = HashMap<String, Arc<[f32]>>;

/// Every clip a whole session of `routine` says with `settings`, made with `speaker`: the
/// lines are placed by estimate, rendered, then placed again by their real lengths (a line
/// that no longer fits gives way to a shorter one, rendered too). Returns the clips by
/// their words, and the lines that could not be said with why.
pub fn session_clips(
    speaker: &mut Speaker,
    routine: &SafeRoutine,
    settings: &AudioSettings,
) -> (Clips, Vec<(String, String)>) {
    let mut clips = HashMap::new();
    let mut failed: Vec<(String, String)> = Vec::new();
    if !settings.voice.speaks() {
        return (clips, failed);
    }
    let session = Session::started(routine.clone());
    let base = timeline(&session, Duration::ZERO, settings);
    // Two rounds settle it: the second places lines by real lengths and renders the few
    // shorter ones that now stand in; a third only confirms.
    for _ in 0..3 {
        let planned = with_speech(base.clone(), &session, &settings.voice, &|text: &str| {
            if failed.iter().any(|(t, _)| t == text) {
                Duration::MAX
            } else {
                speaker.measure(text)
            }
        });
        let mut new = false;
        for text in lines_in_order(&planned) {
            if clips.contains_key(&text) {
                continue;
            }
            match speaker.clip(&text) {
                Ok(clip) => {
                    clips.insert(text, clip.samples);
                    new = true;
                }
                Err(e) => failed.push((text, e.to_string())),
            }
        }
        if !new {
            break;
        }
    }
    (clips, failed)
}

/// What the worker made of a line.
pub enum Rendered {
    /// The clip.
    Clip {
        /// The words.
        text: String,
        /// The clip.
        clip: Clip,
    },
    /// It could not be said.
    Failed {
        /// The words.
        text: String,
        /// Why.
        error: String,
    },
    /// No voice could be set up with these settings.
    NoVoice(String),
    /// The engines installed (after each change of settings).
    Engines(Vec<InstalledEngine>),
}

/// Where voices come from: the installed engines (or fakes in tests).
pub trait VoiceSource: Send {
    /// The engines installed, with their voices.
    fn engines(&self) -> Vec<InstalledEngine>;
    /// The synthesizer `settings` ask for, among `installed`.
    fn make(
        &self,
        settings: &SpeechSettings,
        installed: &[InstalledEngine],
    ) -> Result<Box<dyn Synthesizer>, VoiceError>;
}

/// The real engines, looked for each time the settings change (a voice installed while
/// Lull runs is found).
pub struct InstalledVoices;

impl VoiceSource for InstalledVoices {
    fn engines(&self) -> Vec<InstalledEngine> {
        installed_engines()
    }

    fn make(
        &self,
        settings: &SpeechSettings,
        installed: &[InstalledEngine],
    ) -> Result<Box<dyn Synthesizer>, VoiceError> {
        synthesizer(settings, installed)
    }
}

enum Job {
    /// Use these settings (a new speaker) at this rate.
    Configure(SpeechSettings, u32),
    /// Say these lines, in order (the queue before is dropped).
    Lines(Vec<String>),
    /// Forget the clips made so far (they stay in the disk cache).
    Forget,
    /// Call this whenever something is ready (the app asks for a frame, so a clip reaches
    /// the engine at once, not at the next countdown tick).
    Waker(Box<dyn Fn() + Send>),
}

/// The voice service on its own thread: the UI thread never waits for an engine.
pub struct VoiceWorker {
    jobs: Sender<Job>,
    done: Receiver<Rendered>,
}

impl VoiceWorker {
    /// Starts the worker: `make` builds the synthesizer, clips are cached under `cache`.
    /// `None` if no thread can be made.
    pub fn start(source: Box<dyn VoiceSource>, cache: Option<VoiceCache>) -> Option<Self> {
        let (jobs, job_rx) = channel::<Job>();
        let (done_tx, done) = channel();
        std::thread::Builder::new()
            .name("voice".to_owned())
            .spawn(move || work(&job_rx, &done_tx, source.as_ref(), cache.as_ref()))
            .map_err(|e| log::warn!("cannot start the voice worker: {e}"))
            .ok()?;
        Some(Self { jobs, done })
    }

    /// Uses `settings` from now on, making clips at `rate`.
    pub fn configure(&self, settings: SpeechSettings, rate: u32) {
        self.jobs.send(Job::Configure(settings, rate)).ok();
    }

    /// Lets go of the clips in memory (a new routine starts: its lines come from the cache,
    /// so memory holds one routine's clips, not every routine's of the run).
    pub fn forget(&self) {
        self.jobs.send(Job::Forget).ok();
    }

    /// Calls `wake` whenever something is ready.
    pub fn set_waker(&self, wake: Box<dyn Fn() + Send>) {
        self.jobs.send(Job::Waker(wake)).ok();
    }

    /// Renders `lines` in order (replacing lines still waiting).
    pub fn render(&self, lines: Vec<String>) {
        self.jobs.send(Job::Lines(lines)).ok();
    }

    /// What is ready.
    pub fn take(&self) -> Vec<Rendered> {
        self.done.try_iter().collect()
    }
}

fn work(
    jobs: &Receiver<Job>,
    done: &Sender<Rendered>,
    source: &dyn VoiceSource,
    cache: Option<&VoiceCache>,
) {
    let mut speaker: Option<Speaker> = None;
    let mut wake: Box<dyn Fn() + Send> = Box::new(|| {});
    let mut queue: std::collections::VecDeque<String> = std::collections::VecDeque::new();
    loop {
        // Wait for work when idle; otherwise take what has come in between lines.
        let next = if queue.is_empty() {
            match jobs.recv() {
                Ok(job) => Some(job),
                Err(_) => return,
            }
        } else {
            jobs.try_recv().ok()
        };
        match next {
            Some(Job::Configure(settings, rate)) => {
                queue.clear();
                let installed = source.engines();
                done.send(Rendered::Engines(installed.clone())).ok();
                wake();
                speaker = match source.make(&settings, &installed) {
                    Ok(synth) => Some(Speaker::new(synth, cache.cloned(), rate)),
                    Err(e) => {
                        let why = if matches!(e, VoiceError::NotInstalled { .. }) {
                            NO_VOICE.to_owned()
                        } else {
                            format!("The voice cannot speak: {e}. The routine plays with chimes.")
                        };
                        done.send(Rendered::NoVoice(why)).ok();
                        wake();
                        None
                    }
                };
                continue;
            }
            Some(Job::Lines(lines)) => {
                queue = lines.into();
                continue;
            }
            Some(Job::Forget) => {
                if let Some(s) = speaker.as_mut() {
                    s.forget();
                }
                continue;
            }
            Some(Job::Waker(w)) => {
                wake = w;
                continue;
            }
            None => {}
        }
        let Some(text) = queue.pop_front() else {
            continue;
        };
        let Some(speaker) = speaker.as_mut() else {
            queue.clear();
            continue;
        };
        let rendered = match speaker.clip(&text) {
            Ok(clip) => Rendered::Clip { text, clip },
            Err(e) => Rendered::Failed {
                text,
                error: e.to_string(),
            },
        };
        if done.send(rendered).is_err() {
            return;
        }
        wake();
    }
}
