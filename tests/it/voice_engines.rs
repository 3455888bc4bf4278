//! The real voice engines (flite and espeak-ng, installed by `make test`), the custom
//! command with its failures, the clip cache, and an export with the voice in it.

#![expect(clippy::unwrap_used, reason = "test helpers")]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use lull::audio::dsp::{Biquad, BiquadKind};
use lull::audio::render::{RenderPlan, render};
use lull::catalogue::Catalogue;
use lull::domain::safety::{ScreeningAnswers, evaluate};
use lull::domain::session::Session;
use lull::domain::soundscape::{AFTER_CUE, AudioSettings, SpeechSettings};
use lull::platform::voice::{Custom, EspeakNg, Flite, Synthesizer, VoiceError};
use lull::speech::{Speaker, session_clips};
use lull::store::{CacheLookup, Pcm, VoiceCache};

const LINE: &str = "Breathe in slowly.";

fn assert_speech(what: &str, pcm: &Pcm, rate: u32) {
    assert_eq!(pcm.rate, rate, "{what}");
    let secs = pcm.samples.len() as f64 / f64::from(pcm.rate);
    assert!((0.5..=4.0).contains(&secs), "{what}: {secs} s");
    let peak = pcm.samples.iter().map(|s| s.unsigned_abs()).max().unwrap();
    assert!(peak > 1_000, "{what}: silent (peak {peak})");
}

#[test]
fn flite_and_espeak_ng_speak_a_line() {
    let flite = Flite::new("rms", 1.0).unwrap();
    assert_speech("flite", &flite.render(LINE).unwrap(), 16_000);
    let espeak = EspeakNg::new("en-us+f3", 1.0);
    assert_speech("espeak-ng", &espeak.render(LINE).unwrap(), 22_050);
}

/// An executable script in `dir` with `body` (after the shebang).
fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt as _;
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

fn custom(path: &Path) -> Custom {
    Custom::new(path.to_str().unwrap(), 16_000).unwrap()
}

#[test]
fn a_custom_command_speaks_and_its_failures_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    // One second of a 440 Hz tone as raw 16-bit mono at 16 kHz, after reading the text.
    let good = script(
        dir.path(),
        "good.sh",
        "cat > /dev/null\nexec python3 -c 'import math,struct,sys; sys.stdout.buffer.write(b\"\".join(struct.pack(\"<h\", int(8000*math.sin(2*math.pi*440*i/16000))) for i in range(16000)))'",
    );
    let pcm = custom(&good).render(LINE).unwrap();
    assert_eq!(pcm.rate, 16_000);
    assert_eq!(pcm.samples.len(), 16_000, "one second");
    assert!(pcm.samples.iter().any(|s| s.unsigned_abs() > 7_000));

    let failing = script(dir.path(), "fail.sh", "echo broken >&2\nexit 3");
    match custom(&failing).render(LINE) {
        Err(VoiceError::Failed { detail, .. }) => assert_eq!(detail, "broken"),
        other => panic!("exit 3: {other:?}"),
    }
    let odd = script(dir.path(), "odd.sh", "printf '\\001\\002\\003'");
    assert!(
        matches!(custom(&odd).render(LINE), Err(VoiceError::Garbage { .. })),
        "3 bytes are not 16-bit samples"
    );
    let empty = script(dir.path(), "empty.sh", "cat > /dev/null");
    assert!(matches!(
        custom(&empty).render(LINE),
        Err(VoiceError::Garbage { .. })
    ));
    // "hello\n" is 6 bytes, an even length: still text, not sound.
    let text = script(dir.path(), "text.sh", "echo hello");
    match custom(&text).render(LINE) {
        Err(VoiceError::Garbage { detail, .. }) => assert!(detail.contains("hello"), "{detail}"),
        other => panic!("\"hello\" accepted as sound: {other:?}"),
    }
    let hanging = script(dir.path(), "hang.sh", "exec sleep 60");
    let voice = custom(&hanging).with_limit(Duration::from_millis(300));
    assert!(matches!(
        voice.render(LINE),
        Err(VoiceError::TimedOut { .. })
    ));
    let missing = dir.path().join("no-such-voice");
    assert!(matches!(
        custom(&missing).render(LINE),
        Err(VoiceError::NotInstalled { .. })
    ));
}

/// A fake voice that counts what it is asked: a 440 Hz tone, 60 ms per character.
struct Counting(Arc<AtomicUsize>);

impl Synthesizer for Counting {
    fn key(&self) -> String {
        "counting/1".to_owned()
    }

    fn label(&self) -> String {
        "counting".to_owned()
    }

    fn render(&self, text: &str) -> Result<Pcm, VoiceError> {
        self.0.fetch_add(1, Ordering::SeqCst);
        let n = 16 * 60 * text.chars().count();
        Ok(Pcm {
            rate: 16_000,
            samples: (0..n)
                .map(|i| {
                    ((i as f32 * 440.0 / 16_000.0 * std::f32::consts::TAU).sin() * 9_000.0) as i16
                })
                .collect(),
        })
    }

    fn estimate(&self, text: &str) -> Duration {
        Duration::from_millis(60 * text.chars().count() as u64)
    }
}

fn counting_speaker(cache: &VoiceCache) -> (Speaker, Arc<AtomicUsize>) {
    let calls = Arc::new(AtomicUsize::new(0));
    let speaker = Speaker::new(
        Box::new(Counting(Arc::clone(&calls))),
        Some(cache.clone()),
        16_000,
    );
    (speaker, calls)
}

#[test]
fn clips_are_cached_and_a_damaged_or_read_only_cache_does_no_harm() {
    let root = tempfile::tempdir().unwrap();
    let cache = VoiceCache::new(root.path());
    let (mut first, calls) = counting_speaker(&cache);
    let clip = first.clip(LINE).unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    first.clip(LINE).unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 1, "kept in memory");
    let path = cache.path_of("counting/1", LINE);
    assert!(path.is_file());

    let (mut second, calls) = counting_speaker(&cache);
    let again = second.clip(LINE).unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 0, "read from the cache");
    assert_eq!(again.samples, clip.samples);

    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    assert!(matches!(
        cache.get("counting/1", LINE),
        CacheLookup::Corrupt { .. }
    ));
    let (mut third, calls) = counting_speaker(&cache);
    let rendered = third.clip(LINE).unwrap();
    assert_eq!(
        calls.load(Ordering::SeqCst),
        1,
        "a damaged file is said again"
    );
    assert_eq!(rendered.samples, clip.samples);
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "and replaced whole");

    // A cache folder that cannot be written: the clip still comes, kept in memory.
    let root = tempfile::tempdir().unwrap();
    let cache = VoiceCache::new(root.path());
    let folder = root.path().join("voice");
    std::fs::create_dir(&folder).unwrap();
    set_mode(&folder, 0o555);
    let writable = std::fs::write(folder.join("probe"), b"x").is_ok();
    let (mut speaker, calls) = counting_speaker(&cache);
    let clip = speaker.clip(LINE).unwrap();
    assert_eq!(clip.length, Duration::from_millis(60 * LINE.len() as u64));
    speaker.clip(LINE).unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    if !writable {
        assert!(!cache.path_of("counting/1", LINE).exists());
    }
    set_mode(&folder, 0o755);
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Mean square of `samples` (mono) in `[from, to)` frames.
fn energy(samples: &[f32], from: usize, to: usize) -> f64 {
    let w = &samples[from..to];
    if w.is_empty() {
        return 0.0;
    }
    w.iter().map(|&s| f64::from(s) * f64::from(s)).sum::<f64>() / w.len() as f64
}

#[test]
fn an_export_says_each_step_at_its_start() {
    let rate = 44_100;
    let (catalogue, _) = Catalogue::builtin();
    let safe = evaluate(
        catalogue.get("temple-scalp-reset").unwrap(),
        &ScreeningAnswers::default(),
    )
    .into_routine()
    .unwrap();
    let settings = AudioSettings {
        voice: SpeechSettings {
            breath_words: false,
            ..SpeechSettings::default()
        },
        ..AudioSettings::default()
    };
    let mut speaker = Speaker::new(Box::new(Flite::new("rms", 1.0).unwrap()), None, rate);
    let (clips, failed) = session_clips(&mut speaker, &safe, &settings);
    assert!(failed.is_empty(), "{failed:?}");
    assert!(!clips.is_empty());
    let export = |with_voice: bool| {
        let mut plan = RenderPlan::session(
            rate,
            Vec::new(),
            settings.clone(),
            safe.duration(),
            Duration::ZERO,
        );
        if with_voice {
            plan.voice.clone_from(&clips);
        }
        let mut samples: Vec<f32> = Vec::new();
        render(
            plan,
            Some(&safe),
            &mut |s: &[f32]| -> Result<(), ()> {
                samples.extend(s.iter().step_by(2).copied());
                Ok(())
            },
            &mut |_| {},
        )
        .unwrap();
        samples
    };
    let spoken = export(true);
    let plain = export(false);
    assert_eq!(spoken.len(), plain.len());
    // Everything but the voice is the same, so the difference is the voice; in the speech
    // band (300 to 3400 Hz).
    let mut high = Biquad::new(BiquadKind::HighPass, 300.0, 0.707, rate as f32);
    let mut low = Biquad::new(BiquadKind::LowPass, 3_400.0, 0.707, rate as f32);
    let voice: Vec<f32> = spoken
        .iter()
        .zip(&plain)
        .map(|(a, b)| low.process(high.process(a - b)))
        .collect();
    let frames = |d: Duration| (d.as_secs_f64() * f64::from(rate)).round() as usize;
    for s in Session::started(safe.clone()).schedule() {
        // The first step has no chime before it: its words start at once.
        let after = if s.index == 0 {
            Duration::ZERO
        } else {
            AFTER_CUE
        };
        let line = frames(s.start + after);
        let before = energy(
            &voice,
            frames(s.start).saturating_sub(frames(Duration::from_millis(300))),
            frames(s.start),
        );
        let early = energy(&voice, frames(s.start), line);
        let words = energy(&voice, line, line + frames(Duration::from_millis(600)));
        let what = format!("step {} at {:?}", s.index, s.start);
        assert!(words > 1e-5, "{what}: no speech ({words:e})");
        assert!(
            words >= 4.0 * before,
            "{what}: {words:e} against {before:e} before"
        );
        assert!(
            early <= words / 100.0 || s.index == 0,
            "{what}: the voice starts before the chime has had its moment"
        );
    }
}

#[test]
fn every_bundled_step_fits_its_words_with_the_default_voice_at_the_default_rate() {
    // The default voice: flite's `rms` (BENCHMARKS.md says why), at rate 1.
    let settings = SpeechSettings::default();
    let installed = lull::platform::voice::installed_engines();
    let synth = lull::platform::voice::synthesizer(&settings, &installed).unwrap();
    assert_eq!(synth.label(), "flite (rms)");
    let mut speaker = Speaker::new(synth, None, 16_000);
    let (catalogue, _) = Catalogue::builtin();
    let (mut checked, mut measured) = (0, 0);
    let mut too_long = Vec::new();
    for routine in catalogue.routines() {
        for top in &routine.steps {
            let mut step = Some(top);
            while let Some(s) = step {
                checked += 1;
                let room = s
                    .duration()
                    .saturating_sub(lull::domain::soundscape::STEP_MARGIN);
                let text = lull::domain::soundscape::step_text(
                    s,
                    None,
                    lull::domain::soundscape::Guidance::Full,
                )
                .unwrap();
                // Render only where it could be close: the estimate is within 15 % of the
                // measured length of every bundled instruction (BENCHMARKS.md), so a line
                // estimated under half its room fits.
                let estimate = speaker.estimate(&text);
                if estimate * 2 > room {
                    measured += 1;
                    let real = speaker.measure_exactly(&text);
                    let ratio = real.as_secs_f64() / estimate.as_secs_f64();
                    assert!(
                        (0.85..=1.15).contains(&ratio),
                        "{}: spoken {real:?}, estimated {estimate:?}",
                        s.title
                    );
                    if let Err(long) = lull::domain::soundscape::step_fits(s, &mut |_: &str| real) {
                        too_long.push(format!(
                            "{} \"{}\": {:.1} s too long",
                            routine.id,
                            s.title,
                            long.over_secs()
                        ));
                    }
                }
                step = s.substitute.as_deref();
            }
        }
    }
    assert!(too_long.is_empty(), "{too_long:#?}");
    assert!(
        checked > 150 && measured > 20,
        "{checked} steps, {measured} measured"
    );
}

#[test]
fn a_real_voice_is_brought_to_its_loudness_with_headroom() {
    let pcm = Flite::new("rms", 1.0)
        .unwrap()
        .render("Rest your fingertips on your temples and make slow, small circles.")
        .unwrap();
    let clip = lull::audio::voice_clip::prepare(&pcm.samples, pcm.rate, 48_000).unwrap();
    let stereo: Vec<f32> = clip.iter().flat_map(|&s| [s, s]).collect();
    let l = lull::audio::loudness::measure(&stereo, 48_000);
    assert!(
        (l.integrated_lufs - lull::audio::voice_clip::VOICE_LUFS).abs() < 0.5,
        "{l:?}"
    );
    assert!(
        l.true_peak_dbfs <= lull::audio::voice_clip::VOICE_PEAK_DBFS + 0.1,
        "{l:?}"
    );
}

#[test]
fn a_cache_that_cannot_be_written_still_speaks_from_memory() {
    // As root a read-only folder is still writable, so the cache's place is a file: nothing
    // can be created under it, whoever runs the test.
    let root = tempfile::tempdir().unwrap();
    let blocked = root.path().join("not-a-folder");
    std::fs::write(&blocked, b"x").unwrap();
    let cache = VoiceCache::new(&blocked);
    assert!(matches!(cache.get("k", "Hello."), CacheLookup::Miss));
    let (mut speaker, calls) = counting_speaker(&cache);
    let first = speaker.clip("Hello.").unwrap();
    let again = speaker.clip("Hello.").unwrap();
    assert_eq!(
        calls.load(Ordering::SeqCst),
        1,
        "said once, then from memory"
    );
    assert_eq!(first.samples, again.samples);
    assert!(!blocked.join("voice").exists());
}
