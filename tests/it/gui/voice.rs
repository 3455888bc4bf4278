//! Spoken guidance in the app: the voice settings, "Test the voice", a step speaking (the
//! indicator and the lines on the timeline) and V, with a fake voice (a tone, 60 ms a
//! character) behind the real worker thread.

use std::sync::{Arc, Mutex};

use lull::domain::soundscape::{LineKind, SpeechSettings, TimelineItem};
use lull::platform::voice::{EngineKind, InstalledEngine, Synthesizer, VoiceError};
use lull::speech::VoiceSource;
use lull::store::Pcm;

use super::*;

/// A voice that says every line as a quiet tone, 60 ms a character, and remembers what it
/// was asked to say.
#[derive(Clone, Default)]
pub struct FakeVoices {
    pub said: Arc<Mutex<Vec<String>>>,
}

struct FakeSynth {
    said: Arc<Mutex<Vec<String>>>,
}

impl Synthesizer for FakeSynth {
    fn key(&self) -> String {
        "fake".to_owned()
    }

    fn label(&self) -> String {
        "a fake voice".to_owned()
    }

    fn render(&self, text: &str) -> Result<Pcm, VoiceError> {
        self.said.lock().unwrap().push(text.to_owned());
        let n = text.chars().count() * 960;
        let samples = (0..n)
            .map(|i| {
                let t = i as f32 / 16_000.0;
                (f32::sin(t * 440.0 * std::f32::consts::TAU) * 8_000.0) as i16
            })
            .collect();
        Ok(Pcm {
            rate: 16_000,
            samples,
        })
    }

    fn estimate(&self, text: &str) -> Duration {
        Duration::from_millis(60 * text.chars().count() as u64)
    }
}

impl VoiceSource for FakeVoices {
    fn engines(&self) -> Vec<InstalledEngine> {
        vec![InstalledEngine {
            kind: EngineKind::Flite,
            voices: vec!["rms".to_owned(), "slt".to_owned()],
        }]
    }

    fn make(
        &self,
        _settings: &SpeechSettings,
        _installed: &[InstalledEngine],
    ) -> Result<Box<dyn Synthesizer>, VoiceError> {
        Ok(Box::new(FakeSynth {
            said: self.said.clone(),
        }))
    }
}

/// No voice engine installed.
pub struct NoVoices;

impl VoiceSource for NoVoices {
    fn engines(&self) -> Vec<InstalledEngine> {
        Vec::new()
    }

    fn make(
        &self,
        _settings: &SpeechSettings,
        _installed: &[InstalledEngine],
    ) -> Result<Box<dyn Synthesizer>, VoiceError> {
        Err(VoiceError::NotInstalled {
            engine: "flite".to_owned(),
        })
    }
}

/// Runs frames (the worker answers on its own thread) until `done`, for up to 10 s.
pub fn until(h: &mut Harness<'_, LullApp>, done: impl Fn(&Harness<'_, LullApp>) -> bool) {
    for _ in 0..500 {
        if done(h) {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
        h.run_steps(1);
    }
    panic!("the voice worker never answered");
}

#[test]
fn the_voice_settings_list_the_engines_and_test_the_voice() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    click(&mut h, "Settings");
    h.get_by_label("Voice");
    // The worker reports the installed engines and their voices.
    until(&mut h, |h| h.query_by_label("slt (female)").is_some());
    h.get_by_label("flite");
    h.get_by_label("eSpeak NG (not installed)");
    click(&mut h, "Step titles only");
    assert_eq!(
        h.state().state().settings.audio.voice.guidance,
        lull::domain::soundscape::Guidance::TitlesOnly
    );
    click(&mut h, "Test the voice");
    until(&mut h, |h| {
        h.state()
            .state()
            .toast
            .as_ref()
            .is_some_and(|(t, _)| t == "Testing the voice")
    });
    assert!(
        rig.voices
            .said
            .lock()
            .unwrap()
            .iter()
            .any(|t| t.contains("This is how Lull will guide you"))
    );
    click(&mut h, "Spoken guidance");
    assert!(!h.state().state().settings.audio.voice.on);
}

#[test]
fn a_step_speaks_its_words_and_the_player_shows_it() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    start(&mut h, "Start Box breathing");
    let timeline = h.state().sound_timeline().unwrap();
    let lines: Vec<(LineKind, String)> = timeline
        .items
        .iter()
        .filter_map(|i| match i {
            TimelineItem::Speak { line, .. } => Some((line.kind, line.text.clone())),
            _ => None,
        })
        .collect();
    let first = h
        .state()
        .state()
        .player
        .as_ref()
        .unwrap()
        .session
        .routine()
        .steps()[0]
        .step
        .clone();
    assert!(
        lines
            .iter()
            .any(|(k, t)| *k == LineKind::Step && t.starts_with(&format!("{}.", first.title))),
        "{lines:?}"
    );
    assert!(lines.iter().any(|(k, _)| *k == LineKind::Breath));
    // The worker renders the lines, the first first.
    until(&mut h, |_| {
        rig.voices
            .said
            .lock()
            .unwrap()
            .first()
            .is_some_and(|t| t.starts_with(&first.title))
    });
    advance(&mut h, &rig.clock, 1);
    // Silent here (no sound card in tests): no indicator for a voice nobody hears.
    assert!(h.query_by_label("Speaking…").is_none());
    h.state_mut().state_mut().sound_available = true;
    h.run_steps(2);
    h.get_by_label("Speaking…");
    assert!(
        h.state()
            .state()
            .player
            .as_ref()
            .unwrap()
            .speaking
            .is_some()
    );
    // V turns the voice off: no more lines on the timeline, the indicator goes.
    h.key_press(Key::V);
    h.run_steps(2);
    assert!(!h.state().state().settings.audio.voice.on);
    let silent = h.state().sound_timeline().unwrap();
    assert!(
        !silent
            .items
            .iter()
            .any(|i| matches!(i, TimelineItem::Speak { .. }))
    );
    assert!(h.query_by_label("Speaking…").is_none());
}

#[test]
fn no_voice_engine_is_one_notice_and_the_routine_plays_with_chimes() {
    let rig = rig();
    let mut app = answered(&rig, &[]);
    app.replace_voice(lull::speech::VoiceWorker::start(Box::new(NoVoices), None));
    let mut h = harness(app);
    start(&mut h, "Start Box breathing");
    until(&mut h, |h| {
        h.state()
            .state()
            .notices
            .iter()
            .any(|n| n.text.starts_with("No voice is installed: install flite"))
    });
    // Started again: still one notice, and the timeline has its chimes but no voice.
    stop(&mut h);
    click(&mut h, "Back to my routines");
    start(&mut h, "Start Box breathing");
    h.run_steps(3);
    let count = h
        .state()
        .state()
        .notices
        .iter()
        .filter(|n| n.text.starts_with("No voice is installed"))
        .count();
    assert_eq!(count, 1);
    let t = h.state().sound_timeline().unwrap();
    assert!(t.cues().count() > 0);
    assert!(
        !t.items
            .iter()
            .any(|i| matches!(i, TimelineItem::Speak { .. }))
    );
}

/// A voice engine that fails on every line (a broken install, a hanging custom command).
struct FailingVoices;

struct FailingSynth;

impl Synthesizer for FailingSynth {
    fn key(&self) -> String {
        "failing".to_owned()
    }

    fn label(&self) -> String {
        "a failing voice".to_owned()
    }

    fn render(&self, _text: &str) -> Result<Pcm, VoiceError> {
        Err(VoiceError::TimedOut {
            engine: "piper".to_owned(),
            limit: Duration::from_secs(20),
        })
    }

    fn estimate(&self, text: &str) -> Duration {
        Duration::from_millis(60 * text.chars().count() as u64)
    }
}

impl VoiceSource for FailingVoices {
    fn engines(&self) -> Vec<InstalledEngine> {
        Vec::new()
    }

    fn make(
        &self,
        _settings: &SpeechSettings,
        _installed: &[InstalledEngine],
    ) -> Result<Box<dyn Synthesizer>, VoiceError> {
        Ok(Box::new(FailingSynth))
    }
}

#[test]
fn a_voice_that_fails_on_its_lines_is_one_notice_and_the_session_goes_on() {
    let rig = rig();
    let mut app = answered(&rig, &[]);
    app.replace_voice(lull::speech::VoiceWorker::start(
        Box::new(FailingVoices),
        None,
    ));
    let mut h = harness(app);
    start(&mut h, "Start Box breathing");
    let skipped = |h: &Harness<'_, LullApp>| {
        h.state()
            .state()
            .notices
            .iter()
            .filter(|n| {
                n.text
                    .starts_with("The voice skipped a line it could not say")
            })
            .count()
    };
    until(&mut h, |h| skipped(h) == 1);
    // Every line fails, one notice says so; the steps go on on time.
    advance(&mut h, &rig.clock, 21);
    h.get_by_label_contains("Step 2 of 3");
    for _ in 0..20 {
        std::thread::sleep(Duration::from_millis(10));
        h.run_steps(1);
    }
    assert_eq!(skipped(&h), 1);
    let notice = &h.state().state().notices;
    assert!(
        notice
            .iter()
            .any(|n| n.text.contains("piper took over 20.0 s")),
        "{notice:?}"
    );
}

#[test]
fn a_wind_down_says_its_end_when_the_routine_ends_not_after_the_tail() {
    let rig = rig();
    // Answered once (saved), then opened as tonight's wind-down.
    drop(answered(&rig, &[]));
    let mut h = harness(app_with(
        &rig,
        Launch {
            play: Some("awake-at-night".into()),
            wind_down: true,
        },
    ));
    h.run_steps(3);
    let t = h.state().sound_timeline().unwrap();
    let routine_end = h
        .state()
        .state()
        .player
        .as_ref()
        .unwrap()
        .session
        .routine()
        .duration();
    let end_line = t
        .items
        .iter()
        .find_map(|i| match i {
            TimelineItem::Speak { at, line, .. } if line.kind == LineKind::End => Some(*at),
            _ => None,
        })
        .unwrap();
    assert_eq!(end_line, routine_end + lull::domain::soundscape::AFTER_CUE);
    // The tail goes on after it, and fades.
    assert!(
        t.end
            .is_none_or(|end| end > end_line + Duration::from_mins(1))
    );
}
