//! The speech plan with a fake voice (60 ms per character): every step gets its words, no
//! line overlaps a cue, another line or its step's end, breathing words land on their
//! phases, the spoken ten-second warning replaces its tick, and nothing a user's answers
//! exclude is ever said or even rendered.

#![expect(clippy::unwrap_used, reason = "test helpers")]

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use lull::catalogue::Catalogue;
use lull::domain::breathing::{BreathPattern, PhaseKind};
use lull::domain::routine::{Routine, Step, Timing};
use lull::domain::safety::{ChangeAction, Condition, SafeRoutine, ScreeningAnswers, evaluate};
use lull::domain::session::{ScheduledStep, Session};
use lull::domain::soundscape::{
    AFTER_CUE, AudioSettings, Cue, GAP, Guidance, LineKind, SpeechSettings, TEN_SECONDS_TEXT,
    Timeline, TimelineItem, number_word, phase_words, step_fits, step_text, timeline, with_speech,
};
use lull::domain::tag::Area;
use lull::domain::vocabulary::StepKind;
use lull::platform::voice::{Synthesizer, VoiceError};
use lull::speech::{Speaker, session_clips};
use lull::store::Pcm;

/// The fake voice: 60 ms per character.
fn fake(text: &str) -> Duration {
    Duration::from_millis(60 * text.chars().count() as u64)
}

/// A step at least this long always gets its words.
const ALWAYS_SPOKEN: Duration = Duration::from_secs(10);

fn routines() -> Vec<Routine> {
    let (catalogue, problems) = Catalogue::builtin();
    assert!(problems.is_empty(), "{problems:?}");
    catalogue.routines().to_vec()
}

fn safe(routine: &Routine) -> SafeRoutine {
    evaluate(routine, &ScreeningAnswers::default())
        .into_routine()
        .unwrap()
}

fn settings(voice: SpeechSettings) -> AudioSettings {
    AudioSettings {
        voice,
        ..AudioSettings::default()
    }
}

/// The session's timeline from its start, with its spoken lines.
fn plan(session: &Session, settings: &AudioSettings) -> Timeline {
    with_speech(
        timeline(session, Duration::ZERO, settings),
        session,
        &settings.voice,
        &fake,
    )
}

/// One spoken line of a timeline.
#[derive(Clone, Debug)]
struct Spoken {
    at: Duration,
    until: Duration,
    length: Duration,
    kind: LineKind,
    text: String,
}

impl Spoken {
    fn end(&self) -> Duration {
        self.at + self.length
    }
}

fn spoken(t: &Timeline) -> Vec<Spoken> {
    t.items
        .iter()
        .filter_map(|i| match i {
            TimelineItem::Speak {
                at,
                until,
                length,
                line,
            } => Some(Spoken {
                at: *at,
                until: *until,
                length: *length,
                kind: line.kind,
                text: line.text.clone(),
            }),
            _ => None,
        })
        .collect()
}

fn within<'a>(lines: &'a [Spoken], step: &ScheduledStep) -> impl Iterator<Item = &'a Spoken> {
    let (start, end) = (step.start, step.end);
    lines.iter().filter(move |l| l.at >= start && l.at < end)
}

#[test]
fn every_step_gets_its_words_at_each_guidance() {
    let mut dropped = 0;
    let mut titles_instead = 0;
    for routine in routines() {
        let safe = safe(&routine);
        let session = Session::started(safe.clone());
        let schedule = session.schedule();
        for guidance in Guidance::ALL {
            let settings = settings(SpeechSettings {
                guidance,
                ..SpeechSettings::default()
            });
            let t = plan(&session, &settings);
            let lines = spoken(&t);
            if guidance == Guidance::Off {
                assert!(lines.is_empty(), "{}: the voice is off", routine.id);
                continue;
            }
            let cue_times: BTreeSet<Duration> = t.cues().map(|(at, _)| at).collect();
            for s in &schedule {
                let step = &safe.steps()[s.index];
                let full = step_text(&step.step, step.note.as_deref(), guidance).unwrap();
                let title = step_text(&step.step, None, Guidance::TitlesOnly).unwrap();
                let mut cursor = s.start
                    + if cue_times.contains(&s.start) {
                        AFTER_CUE
                    } else {
                        Duration::ZERO
                    };
                // The first step has no chime: its words (or the safety line) start at once.
                let limit = s.end.saturating_sub(GAP);
                let mut step_lines = Vec::new();
                for l in within(&lines, s) {
                    match l.kind {
                        LineKind::Safety | LineKind::Side if step_lines.is_empty() => {
                            cursor = l.end() + GAP;
                        }
                        LineKind::Step => step_lines.push(l),
                        _ => {}
                    }
                }
                let what = format!("{} step {} \"{}\"", routine.id, s.index, step.step.title);
                assert!(step_lines.len() <= 1, "{what}: {step_lines:?}");
                if let Some(line) = step_lines.first() {
                    assert_eq!(line.at, cursor, "{what}: words start at once");
                    assert_eq!(line.until, limit, "{what}");
                    if guidance == Guidance::TitlesOnly {
                        assert_eq!(line.text, title, "{what}");
                    } else if line.text != full {
                        assert_eq!(line.text, title, "{what}: the words or the title");
                        assert!(
                            cursor + fake(&full) > limit,
                            "{what}: the title was said though the words fit"
                        );
                        titles_instead += 1;
                    }
                } else {
                    assert!(
                        cursor + fake(&title) > limit,
                        "{what}: nothing said though the title fits"
                    );
                    assert!(
                        s.end.saturating_sub(s.start) < ALWAYS_SPOKEN,
                        "{what}: a step of {:?} has no words",
                        s.end.saturating_sub(s.start)
                    );
                    dropped += 1;
                }
            }
        }
    }
    // Informative only: a catalogue change may make these zero.
    let _ = (dropped, titles_instead);
}

/// Settings worth checking the timing rules under.
fn variants() -> Vec<AudioSettings> {
    let voice = |guidance, breath_words, counts, ten_seconds| SpeechSettings {
        guidance,
        breath_words,
        counts,
        ten_seconds,
        ..SpeechSettings::default()
    };
    let mut out = vec![
        settings(voice(Guidance::Full, true, false, false)),
        settings(voice(Guidance::Full, true, true, false)),
        settings(voice(Guidance::TitlesOnly, false, false, true)),
        settings(voice(Guidance::Full, false, false, true)),
        AudioSettings {
            ticks_enabled: true,
            ..settings(voice(Guidance::Full, true, true, true))
        },
        AudioSettings {
            ticks_enabled: true,
            ..settings(voice(Guidance::Full, true, false, false))
        },
    ];
    out.push(AudioSettings {
        cues_enabled: false,
        ..settings(voice(Guidance::Full, true, true, true))
    });
    out
}

/// The timing rules of one planned session.
fn assert_timing(what: &str, session: &Session, t: &Timeline) {
    let lines = spoken(t);
    let schedule = session.schedule();
    let session_end = schedule.last().unwrap().end;
    let cues: Vec<(Duration, Cue)> = t.cues().collect();
    for l in &lines {
        for &(c, cue) in &cues {
            assert!(
                !(l.at <= c && c < l.end()),
                "{what}: \"{}\" at {:?}..{:?} overlaps the {cue:?} cue at {c:?}",
                l.text,
                l.at,
                l.end()
            );
        }
        assert!(
            l.end() <= l.until,
            "{what}: \"{}\" ends at {:?}, past its until {:?}",
            l.text,
            l.end(),
            l.until
        );
        if l.kind == LineKind::End {
            assert!(l.at >= session_end + AFTER_CUE, "{what}: the end line");
            continue;
        }
        let step = schedule
            .iter()
            .find(|s| s.start <= l.at && l.at < s.end)
            .unwrap_or_else(|| panic!("{what}: \"{}\" at {:?} is in no step", l.text, l.at));
        assert!(
            l.until <= step.end,
            "{what}: \"{}\" may run to {:?}, past its step's end {:?}",
            l.text,
            l.until,
            step.end
        );
        if cues.iter().any(|&(c, _)| c == step.start) {
            assert!(
                l.at >= step.start + AFTER_CUE,
                "{what}: \"{}\" at {:?} starts too soon after the chime at {:?}",
                l.text,
                l.at,
                step.start
            );
        }
    }
    for pair in lines.windows(2) {
        assert!(
            pair[0].end() <= pair[1].at,
            "{what}: \"{}\" ({:?}..{:?}) and \"{}\" (from {:?}) overlap",
            pair[0].text,
            pair[0].at,
            pair[0].end(),
            pair[1].text,
            pair[1].at
        );
    }
}

#[test]
fn no_line_overlaps_a_cue_another_line_or_the_end_of_its_step() {
    for routine in routines() {
        let safe = safe(&routine);
        let session = Session::started(safe.clone());
        for (k, settings) in variants().iter().enumerate() {
            let t = plan(&session, settings);
            assert_timing(&format!("{} (settings {k})", routine.id), &session, &t);
        }
    }
}

/// The phases of a breathing step: kind, start and end (cut at the step's end).
fn phases_of(
    step: &ScheduledStep,
    pattern: &BreathPattern,
) -> Vec<(PhaseKind, Duration, Duration)> {
    let cycle = Duration::from_millis(u64::from(pattern.cycle_ms()));
    let lengths: Vec<u32> = pattern.phases().map(|(_, ms)| ms).collect();
    let mut out = Vec::new();
    let mut cycle_start = step.start;
    while cycle_start < step.end {
        for ((kind, offset), ms) in pattern.phase_starts_ms().into_iter().zip(&lengths) {
            let start = cycle_start + Duration::from_millis(u64::from(offset));
            if start >= step.end {
                break;
            }
            let end = (start + Duration::from_millis(u64::from(*ms))).min(step.end);
            out.push((kind, start, end));
        }
        cycle_start += cycle;
    }
    out
}

#[test]
fn breathing_words_and_counts_land_on_their_phases() {
    for counts in [false, true] {
        let settings = settings(SpeechSettings {
            breath_words: true,
            counts,
            ..SpeechSettings::default()
        });
        let (mut words, mut numbers) = (0, 0);
        for routine in routines() {
            let safe = safe(&routine);
            let session = Session::started(safe.clone());
            let t = plan(&session, &settings);
            let lines = spoken(&t);
            for s in session.schedule() {
                let Some(pattern) = s.breathing else {
                    assert!(
                        within(&lines, &s).all(|l| l.kind != LineKind::Breath),
                        "{}: breathing words outside a breathing step",
                        routine.id
                    );
                    continue;
                };
                let phases = phases_of(&s, &pattern);
                for l in within(&lines, &s).filter(|l| l.kind == LineKind::Breath) {
                    let what = format!(
                        "{} step {}: \"{}\" at {:?}",
                        routine.id, s.index, l.text, l.at
                    );
                    let &(kind, start, end) = phases
                        .iter()
                        .find(|&&(_, a, b)| a <= l.at && l.at < b)
                        .unwrap_or_else(|| panic!("{what}: in no phase"));
                    assert!(l.end() <= end, "{what}: runs past its phase ({end:?})");
                    if phase_words(kind).contains(&l.text.as_str()) {
                        assert_eq!(l.at, start, "{what}: not on the {kind:?} boundary");
                        words += 1;
                    } else {
                        assert!(counts, "{what}: a count though counts are off");
                        let into = l.at.checked_sub(start).unwrap();
                        assert!(
                            into.subsec_nanos() == 0 && into >= Duration::from_secs(1),
                            "{what}: a count not on a whole second of its phase"
                        );
                        let n = usize::try_from(into.as_secs()).unwrap() + 1;
                        assert_eq!(Some(l.text.as_str()), number_word(n), "{what}");
                        numbers += 1;
                    }
                }
            }
        }
        assert!(words > 0, "no breathing word anywhere");
        assert_eq!(numbers > 0, counts, "counts said exactly when asked for");
    }
}

#[test]
fn the_spoken_ten_second_warning_replaces_its_tick() {
    let settings = AudioSettings {
        ticks_enabled: true,
        ..settings(SpeechSettings {
            ten_seconds: true,
            ..SpeechSettings::default()
        })
    };
    let (mut replaced, mut kept) = (0, 0);
    for routine in routines() {
        let safe = safe(&routine);
        let session = Session::started(safe.clone());
        let base = timeline(&session, Duration::ZERO, &settings);
        let planned = plan(&session, &settings);
        let warnings: Vec<Duration> = spoken(&planned)
            .into_iter()
            .filter(|l| l.kind == LineKind::TenSeconds)
            .inspect(|l| assert_eq!(l.text, TEN_SECONDS_TEXT))
            .map(|l| l.at)
            .collect();
        let ticks = |t: &Timeline| -> Vec<Duration> {
            t.cues()
                .filter(|(_, c)| *c == Cue::TenSecondsLeft)
                .map(|(at, _)| at)
                .collect()
        };
        let before = ticks(&base);
        let after = ticks(&planned);
        for at in &warnings {
            assert!(
                before.contains(at),
                "{}: a warning at {at:?} where no tick was",
                routine.id
            );
        }
        let lines = spoken(&planned);
        for at in before {
            if warnings.contains(&at) {
                assert!(
                    !after.contains(&at),
                    "{}: tick and words at {at:?}",
                    routine.id
                );
                replaced += 1;
            } else if lines.iter().any(|l| l.at <= at && at < l.end()) {
                // Under a line, the tick is left out rather than sounding over the voice.
                assert!(!after.contains(&at), "{}: a tick over a line", routine.id);
            } else {
                assert!(
                    after.contains(&at),
                    "{}: the tick at {at:?} went silent",
                    routine.id
                );
                kept += 1;
            }
        }
        // Nothing else changed among the cues.
        let others = |t: &Timeline| -> Vec<(Duration, Cue)> {
            t.cues()
                .filter(|(_, c)| *c != Cue::TenSecondsLeft)
                .collect()
        };
        assert_eq!(others(&base), others(&planned), "{}", routine.id);
    }
    assert!(replaced > 0, "no warning was spoken anywhere");
    let _ = kept;
}

/// The answers with one condition (or preference) each, as the screen lets a user give them.
fn single_answers() -> Vec<(String, ScreeningAnswers)> {
    let mut out = Vec::new();
    for &c in Condition::ALL {
        let weeks: &[Option<u8>] = if c == Condition::Pregnancy {
            &[None, Some(12), Some(24), Some(36)]
        } else {
            &[None]
        };
        for &w in weeks {
            let mut a = ScreeningAnswers {
                conditions: BTreeSet::from([c]),
                pregnancy_weeks: w,
                ..ScreeningAnswers::default()
            };
            out.push((format!("{c:?} weeks {w:?}"), a.clone()));
            if c.can_be_cleared() {
                a.cleared_by_clinician.insert(c);
                out.push((format!("{c:?} weeks {w:?}, cleared"), a.clone()));
            }
            if c.asks_where() {
                for &area in Area::ALL {
                    let mut b = a.clone();
                    b.set_area(c, area, true);
                    out.push((format!("{c:?} avoiding {area:?}"), b));
                }
            }
        }
    }
    out.push((
        "no breath holds".to_owned(),
        ScreeningAnswers {
            skip_breath_holds: true,
            ..ScreeningAnswers::default()
        },
    ));
    out
}

/// A fake voice: a tone 60 ms per character at 16 kHz; it notes every line it is asked for.
struct FakeVoice {
    asked: Arc<Mutex<Vec<String>>>,
}

impl Synthesizer for FakeVoice {
    fn key(&self) -> String {
        "fake/1".to_owned()
    }

    fn label(&self) -> String {
        "fake".to_owned()
    }

    fn render(&self, text: &str) -> Result<Pcm, VoiceError> {
        self.asked.lock().unwrap().push(text.to_owned());
        Ok(Pcm {
            rate: 16_000,
            samples: tone_samples(16_000, fake(text)),
        })
    }

    fn estimate(&self, text: &str) -> Duration {
        fake(text)
    }
}

/// A 440 Hz sine at about -10 dBFS, `length` long.
fn tone_samples(rate: u32, length: Duration) -> Vec<i16> {
    let n = (length.as_secs_f64() * f64::from(rate)).round() as usize;
    (0..n)
        .map(|i| {
            let t = i as f64 / f64::from(rate);
            ((t * 440.0 * std::f64::consts::TAU).sin() * 10_000.0) as i16
        })
        .collect()
}

/// A title as it is read aloud: a sentence of its own ("Hands." is said, "Hands, gently."
/// is another step's title).
fn said_title(title: &str) -> String {
    let t = title.trim();
    if t.ends_with(['.', '!', '?']) {
        t.to_owned()
    } else {
        format!("{t}.")
    }
}

/// The words of the original steps the user does not get: their titles as said, their
/// instructions and their words for the ear.
fn excluded_words(routine: &Routine, safe: &SafeRoutine) -> Vec<String> {
    let mut out = Vec::new();
    for change in safe.changes() {
        let original = &routine.steps[change.step_number - 1];
        // A hold-free version keeps the title ("Box breathing (no holds)"), not the words.
        if !matches!(change.action, ChangeAction::HoldsRemoved) {
            out.push(said_title(&original.title));
        }
        out.push(original.instruction.trim().to_owned());
        out.extend(original.say.iter().map(|s| s.trim().to_owned()));
    }
    // Words that a step the user gets also has are no secret.
    let kept: Vec<String> = safe
        .steps()
        .iter()
        .flat_map(|s| {
            [
                Some(said_title(&s.step.title)),
                Some(s.step.instruction.trim().to_owned()),
                s.step.say.as_deref().map(|t| t.trim().to_owned()),
            ]
        })
        .flatten()
        .collect();
    out.retain(|w| !w.is_empty() && !kept.contains(w));
    out
}

fn assert_says_nothing_excluded(what: &str, texts: &[String], excluded: &[String]) {
    for text in texts {
        for word in excluded {
            assert!(
                !text.contains(word.as_str()),
                "{what}: \"{text}\" says \"{word}\", from a step left out"
            );
        }
    }
}

#[test]
fn nothing_the_answers_exclude_is_said_or_rendered() {
    let asked = Arc::new(Mutex::new(Vec::new()));
    let mut speaker = Speaker::new(
        Box::new(FakeVoice {
            asked: Arc::clone(&asked),
        }),
        None,
        16_000,
    );
    let settings = AudioSettings {
        ticks_enabled: true,
        ..settings(SpeechSettings {
            guidance: Guidance::Full,
            breath_words: true,
            counts: true,
            ten_seconds: true,
            ..SpeechSettings::default()
        })
    };
    let (mut adapted, mut checked_words) = (0, 0);
    for (name, answers) in single_answers() {
        for routine in routines() {
            let verdict = evaluate(&routine, &answers);
            let Some(safe) = verdict.routine() else {
                continue;
            };
            let what = format!("{} with {name}", routine.id);
            let excluded = excluded_words(&routine, safe);
            if !safe.changes().is_empty() {
                adapted += 1;
            }
            checked_words += excluded.len();
            let session = Session::started(safe.clone());
            let t = plan(&session, &settings);
            let lines = spoken(&t);
            let texts: Vec<String> = lines.iter().map(|l| l.text.clone()).collect();
            assert_says_nothing_excluded(&what, &texts, &excluded);
            for l in lines.iter().filter(|l| l.kind == LineKind::Safety) {
                for change in safe.changes() {
                    assert!(
                        !l.text.contains(change.title.trim()),
                        "{what}: the safety line names \"{}\"",
                        change.title
                    );
                }
            }
            // The timing rules hold for adapted routines too.
            assert_timing(&what, &session, &t);
            // Through the voice service: what the voice is asked for, and the clips made.
            let before = asked.lock().unwrap().len();
            let (clips, failed) = session_clips(&mut speaker, safe, &settings);
            assert!(failed.is_empty(), "{what}: {failed:?}");
            let newly: Vec<String> = asked.lock().unwrap()[before..].to_vec();
            assert_says_nothing_excluded(&format!("{what} (rendered)"), &newly, &excluded);
            let made: Vec<String> = clips.keys().cloned().collect();
            assert_says_nothing_excluded(&format!("{what} (clips)"), &made, &excluded);
            for text in &texts {
                assert!(clips.contains_key(text), "{what}: no clip for \"{text}\"");
            }
        }
    }
    assert!(
        adapted > 10,
        "only {adapted} adapted routines: the test proves little"
    );
    assert!(checked_words > 10);
}

fn step(instruction: &str, say: Option<&str>) -> Step {
    Step {
        title: "Shoulder rolls".to_owned(),
        instruction: instruction.to_owned(),
        say: say.map(str::to_owned),
        timing: Timing::Fixed { secs: 10 },
        kind: StepKind::Rest,
        tags: BTreeSet::new(),
        side: None,
        substitute: None,
        core: false,
    }
}

#[test]
fn step_fits_measures_the_words_against_the_step_less_its_margin() {
    let long = "Roll your shoulders slowly. ".repeat(8);
    let long = long[..200].to_owned();
    let s = step(&long, None);
    let err = step_fits(&s, &mut |t: &str| fake(t)).unwrap_err();
    assert_eq!(err.text, format!("Shoulder rolls. {}", long.trim()));
    assert_eq!(err.room, Duration::from_secs(7));
    assert_eq!(err.spoken, fake(&err.text));
    let expected = fake(&err.text)
        .saturating_sub(Duration::from_secs(7))
        .as_secs_f32();
    assert!(
        (err.over_secs() - expected).abs() < 1e-3,
        "over by {} s, expected {expected}",
        err.over_secs()
    );
    let short = step(&long, Some("Roll your shoulders."));
    assert_eq!(step_fits(&short, &mut |t: &str| fake(t)), Ok(()));
}
