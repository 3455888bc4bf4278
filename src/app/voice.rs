//! The app's side of the voice: the worker set up from the settings, the lines of each
//! timeline asked for (first line first), clips handed to the sound as they come, "Test the
//! voice", and the speaking indicator. Nothing here waits for a voice engine.

use std::time::Duration;

use super::LullApp;
use crate::domain::session::Session;
use crate::domain::soundscape::{SpeechSettings, Timeline, estimate, lines_in_order, with_speech};
use crate::speech::{Rendered, VoiceWorker};

/// What "Test the voice" says.
pub const TEST_LINE: &str = "This is how Lull will guide you. Breathe in. And breathe out.";

/// The voice's state on the app's side.
#[derive(Default)]
pub(super) struct VoiceSide {
    pub(super) worker: Option<VoiceWorker>,
    /// The voice settings and rate the worker was last set up with.
    configured: Option<(SpeechSettings, u32)>,
    /// Why there is no voice (shown once, when a routine starts or the voice is tested).
    problem: Option<String>,
    problem_shown: bool,
    /// A line that could not be said was reported this session.
    failure_shown: bool,
    /// "Test the voice" waiting for its clip.
    test: bool,
    /// When the routine playing was started, until its first clip arrives (logged: the
    /// time from Start to the first word, BENCHMARKS.md).
    pub(super) started_at: Option<Duration>,
}

impl VoiceSide {
    /// The worker, not yet set up.
    pub(super) fn new(worker: Option<VoiceWorker>) -> Self {
        Self {
            worker,
            ..Self::default()
        }
    }
}

impl LullApp {
    /// Sets the worker up again when the engine, voice or rate changed (its clips are made
    /// again).
    pub(super) fn configure_voice(&mut self) {
        let settings = self.state.settings.audio.voice.clone();
        let rate = self.sound.rate();
        let Some(worker) = &self.voice.worker else {
            return;
        };
        let same = self
            .voice
            .configured
            .as_ref()
            .is_some_and(|(s, r)| *r == rate && !s.other_voice(&settings));
        if same {
            return;
        }
        worker.configure(settings.clone(), rate);
        self.voice.configured = Some((settings, rate));
        self.voice.problem = None;
        self.voice.problem_shown = false;
        self.state.voice_problem = None;
        self.sound.clear_clips();
    }

    /// Lets go of the last routine's clips (the sound's and the worker's), so memory holds
    /// one routine's lines; they come back from the disk cache in tens of milliseconds.
    pub(super) fn forget_clips(&mut self) {
        self.sound.clear_clips();
        if let Some(worker) = &self.voice.worker {
            worker.forget();
        }
    }

    /// Takes what the worker has made: clips go to the sound, problems become one notice.
    pub(super) fn poll_voice(&mut self) {
        let Some(worker) = &self.voice.worker else {
            return;
        };
        for rendered in worker.take() {
            match rendered {
                Rendered::Clip { text, clip } => {
                    if let Some(t0) = self.voice.started_at.take() {
                        log::info!(
                            "voice: the first line reached the engine {} ms after Start",
                            self.clock.now().saturating_sub(t0).as_millis()
                        );
                    }
                    let test = self.voice.test && text == TEST_LINE;
                    self.sound.add_clip(text, clip.samples);
                    if test {
                        self.voice.test = false;
                        self.sound.say(TEST_LINE, self.clock.now());
                        self.toast("Testing the voice".to_owned());
                    }
                }
                Rendered::Failed { text, error } => {
                    log::warn!("the voice could not say \"{text}\": {error}");
                    if self.voice.test && text == TEST_LINE {
                        self.voice.test = false;
                        self.notice(format!("The voice could not speak: {error}"), true);
                    } else if !self.voice.failure_shown {
                        self.voice.failure_shown = true;
                        self.notice(
                            format!("The voice skipped a line it could not say ({error}); the routine goes on with chimes."),
                            true,
                        );
                    }
                }
                Rendered::Engines(engines) => {
                    self.state.voice_engines = Some(
                        engines
                            .into_iter()
                            .map(|e| (e.kind.name().to_owned(), e.voices))
                            .collect(),
                    );
                }
                Rendered::NoVoice(why) => {
                    log::warn!("{why}");
                    self.state.voice_problem = Some(why.clone());
                    self.voice.problem = Some(why);
                    if self.voice.test || self.state.player.is_some() {
                        self.voice.test = false;
                        self.show_voice_problem();
                    }
                }
            }
        }
    }

    /// Shows why there is no voice, once.
    pub(super) fn show_voice_problem(&mut self) {
        if self.voice.problem_shown || !self.state.settings.audio.voice.speaks() {
            return;
        }
        if let Some(why) = self.voice.problem.clone() {
            self.voice.problem_shown = true;
            self.notice(why, true);
        }
    }

    /// Adds the voice's lines to a session timeline, each placed by its clip's length (an
    /// estimate while it is not made), and asks the worker for the clips still missing,
    /// first line first.
    pub(super) fn with_voice(&self, timeline: Timeline, session: &Session) -> Timeline {
        let settings = &self.state.settings.audio.voice;
        if !settings.speaks() || self.voice.worker.is_none() || self.voice.problem.is_some() {
            return timeline;
        }
        let rate = settings.rate();
        let measure = |text: &str| {
            self.sound
                .clip_length(text)
                .unwrap_or_else(|| estimate(text, rate))
        };
        let spoken = with_speech(timeline, session, settings, &measure);
        let missing: Vec<String> = lines_in_order(&spoken)
            .into_iter()
            .filter(|t| self.sound.clip_length(t).is_none())
            .collect();
        if !missing.is_empty()
            && let Some(worker) = &self.voice.worker
        {
            worker.render(missing);
        }
        spoken
    }

    /// "Test the voice": the test line is made (or taken from the cache) and said.
    pub(super) fn test_voice(&mut self) {
        self.configure_voice();
        if self.voice.problem.is_some() {
            self.voice.problem_shown = false;
            self.show_voice_problem();
            return;
        }
        if self.sound.clip_length(TEST_LINE).is_some() {
            self.sound.say(TEST_LINE, self.clock.now());
            self.toast("Testing the voice".to_owned());
            return;
        }
        let Some(worker) = &self.voice.worker else {
            self.notice(crate::speech::NO_VOICE.to_owned(), true);
            return;
        };
        self.voice.test = true;
        worker.render(vec![TEST_LINE.to_owned()]);
    }

    /// The line being said now, as planned, for the speaking indicator.
    pub(super) fn update_speaking(&mut self, now: Duration) {
        let Some(p) = &mut self.state.player else {
            return;
        };
        let t = p.session.session_time_at(now);
        let running = p.session.is_running();
        p.speaking = self.sound.read_timeline(|tl| {
            tl.filter(|_| running)
                .and_then(|tl| tl.speaking_at(t))
                .map(|line| line.text.clone())
        });
    }

    /// How long until the speaking indicator changes (a line starts or ends).
    pub(super) fn next_speech_change(&self, now: Duration) -> Option<Duration> {
        let t = self.state.player.as_ref()?.session.session_time_at(now);
        self.sound
            .read_timeline(|tl| tl?.next_speech_edge(t))
            .map(|edge| edge.saturating_sub(t) + Duration::from_millis(5))
    }
}
