//! The wind-down: ambience continues after the routine and fades out over the last minutes,
//! on the session timeline (so it happens with the window hidden), rendered offline.

#![expect(clippy::unchecked_time_subtraction, reason = "test arithmetic")]

use std::time::Duration;

use lull::audio::engine::{Engine, EngineCommand, LayerSpec};
use lull::audio::generator::{BlockCtx, Generate};
use lull::catalogue::Catalogue;
use lull::domain::safety::{ScreeningAnswers, evaluate};
use lull::domain::session::{Command, Session};
use lull::domain::soundscape::{AudioSettings, TimelineItem, timeline, with_wind_down};

/// A steady level, so the fade's shape can be read exactly.
struct Steady;

impl Generate for Steady {
    fn render(&mut self, out: &mut [f32], _ctx: &BlockCtx) {
        out.fill(0.1);
    }
}

const RATE: u32 = 16_000;

#[test]
fn the_tail_plays_on_and_fades_to_silence_on_time() {
    let (catalogue, _) = Catalogue::builtin();
    let safe = evaluate(
        catalogue.get("awake-at-night").unwrap(),
        &ScreeningAnswers::default(),
    )
    .into_routine()
    .unwrap();
    let routine = safe.duration();
    let mut session = Session::new(safe);
    let _ = session.handle(Command::Start, Duration::ZERO);
    let settings = AudioSettings {
        cues_enabled: false,
        ..AudioSettings::default()
    };
    let tail = Duration::from_mins(1);
    let fade = Duration::from_secs(40);
    let t = with_wind_down(
        timeline(&session, Duration::ZERO, &settings),
        Some(tail),
        fade,
    );
    assert_eq!(t.end, Some(routine + tail));
    let fade_at = t.items.iter().find_map(|i| match *i {
        TimelineItem::FadeOut { at, secs } => Some((at, secs)),
        _ => None,
    });
    assert_eq!(fade_at, Some((routine + tail - fade, 40.0)));

    let mut engine = Engine::new(RATE).with_fade_in(0.0);
    engine.apply(EngineCommand::SetLayers {
        layers: vec![LayerSpec {
            generator: Box::new(Steady),
            level: 1.0,
            breath_sync: false,
        }],
        fade_secs: 0.0,
    });
    engine.apply(EngineCommand::SetTimeline {
        timeline: t,
        running: true,
    });
    let total_secs = (routine + tail).as_secs() as usize + 5;
    let mut out = vec![0.0; total_secs * RATE as usize * 2];
    engine.render(&mut out);
    let left: Vec<f32> = out.iter().step_by(2).copied().collect();
    let latency = engine.latency_frames();
    let at = |secs: f64| left[(secs * f64::from(RATE)) as usize + latency];
    let fade_start = (routine + tail - fade).as_secs_f64();
    let end = (routine + tail).as_secs_f64();
    assert!(
        (at(routine.as_secs_f64() + 5.0) - 0.1).abs() < 1e-5,
        "the ambience plays on after the routine"
    );
    assert!(
        (at(fade_start - 0.05) - 0.1).abs() < 1e-5,
        "no fade before its time"
    );
    // The fade starts on time (within one 5 ms block), falls monotonically, ends at silence.
    assert!(at(fade_start + 0.5) < 0.1 && at(fade_start + 0.5) > 0.099);
    let fade = &left[(fade_start * f64::from(RATE)) as usize + latency
        ..(end * f64::from(RATE)) as usize + latency];
    assert!(
        fade.windows(2).all(|w| w[1] <= w[0] + 1e-7),
        "the fade is not monotonic"
    );
    assert!(
        (at(f64::midpoint(fade_start, end)) - 0.05).abs() < 0.005,
        "half way at the middle (smooth curve)"
    );
    assert!(
        at(end + 0.05).abs() < 1e-6 && at(end + 4.0).abs() < 1e-6,
        "silent at the end"
    );
}

/// The device lost during the fade and a new engine given the timeline from where the
/// session is (app/sound.rs): the new engine joins the fade at its level there, rather than
/// skipping the fade and playing on at full level all night; after the fade, it is silent.
#[test]
fn a_new_engine_joins_the_fade_where_it_is_and_stays_silent_after_it() {
    let fade_at = Duration::from_secs(10);
    let timeline = lull::domain::soundscape::Timeline {
        from: Duration::ZERO,
        items: vec![TimelineItem::FadeOut {
            at: fade_at,
            secs: 20.0,
        }],
        end: Some(Duration::from_secs(30)),
    };
    let engine_from = |from: Duration| {
        let mut engine = Engine::new(RATE).with_fade_in(0.0);
        engine.apply(EngineCommand::SetLayers {
            layers: vec![LayerSpec {
                generator: Box::new(Steady),
                level: 1.0,
                breath_sync: false,
            }],
            fade_secs: 0.0,
        });
        engine.apply(EngineCommand::SetMaster {
            gain: 0.8,
            secs: 0.0,
        });
        engine.apply(EngineCommand::SetTimeline {
            timeline: lull::domain::soundscape::Timeline {
                from,
                ..timeline.clone()
            },
            running: true,
        });
        engine
    };
    // The level 0.1 s into the next second (the layers' 50 ms fade-in done), left channel.
    let level = |engine: &mut Engine| {
        let mut out = vec![0.0; RATE as usize * 2];
        engine.render(&mut out);
        let latency = engine.latency_frames();
        out[(latency + 1_600) * 2]
    };
    // The whole session in one engine, read at 15 s (a quarter into the fade).
    let mut whole = engine_from(Duration::ZERO);
    for _ in 0..15 {
        level(&mut whole);
    }
    let heard = level(&mut whole);
    let joined = level(&mut engine_from(Duration::from_secs(15)));
    assert!(
        heard < 0.08 && heard > 0.01,
        "the fade is under way: {heard}"
    );
    assert!(
        (joined - heard).abs() < 0.002,
        "joined at {joined}, the session's own engine at {heard}"
    );
    let after = level(&mut engine_from(Duration::from_secs(40)));
    assert!(after.abs() < 1e-6, "after the fade: {after}");
}

#[test]
fn until_stopped_has_no_fade_and_no_end() {
    let (catalogue, _) = Catalogue::builtin();
    let safe = evaluate(
        catalogue.get("awake-at-night").unwrap(),
        &ScreeningAnswers::default(),
    )
    .into_routine()
    .unwrap();
    let mut session = Session::new(safe);
    let _ = session.handle(Command::Start, Duration::ZERO);
    let t = with_wind_down(
        timeline(&session, Duration::ZERO, &AudioSettings::default()),
        None,
        Duration::from_mins(10),
    );
    assert_eq!(t.end, None);
    assert!(
        !t.items
            .iter()
            .any(|i| matches!(i, TimelineItem::FadeOut { .. }))
    );
}

/// The spoken end of a wind-down (with a fake voice: 60 ms a character) is placed before the
/// fade; and the wind-down's fade, which lowers the ambience, never lowers the voice: a line
/// still speaking when the fade starts is heard whole, at its level.
#[test]
fn the_voice_is_never_faded_by_the_wind_down() {
    use lull::domain::soundscape::{LineKind, SpeechSettings, with_speech};
    use std::sync::Arc;
    let (catalogue, _) = Catalogue::builtin();
    let safe = evaluate(
        catalogue.get("awake-at-night").unwrap(),
        &ScreeningAnswers::default(),
    )
    .into_routine()
    .unwrap();
    let routine = safe.duration();
    let mut session = Session::new(safe);
    let _ = session.handle(Command::Start, Duration::ZERO);
    let measure = |t: &str| Duration::from_millis(60 * t.chars().count() as u64);
    let spoken = with_speech(
        timeline(&session, Duration::ZERO, &AudioSettings::default()),
        &session,
        &SpeechSettings::default(),
        &measure,
    );
    // A fade that starts as the routine ends, over the whole one-minute tail.
    let t = with_wind_down(spoken, Some(Duration::from_mins(1)), Duration::from_mins(1));
    let last = t
        .items
        .iter()
        .filter_map(|i| match i {
            TimelineItem::Speak { at, line, .. } => Some((*at, line.clone())),
            _ => None,
        })
        .next_back()
        .unwrap();
    assert_eq!(
        last.1.kind,
        LineKind::End,
        "the end is said last, then only the ambience"
    );
    assert!(last.0 >= routine, "{last:?}");

    // The engine: the same line with and without the fade is the same sound.
    let render = |fade: bool| {
        let mut engine = Engine::new(RATE).with_fade_in(0.0);
        let clip: Arc<[f32]> = (0..RATE as usize)
            .map(|i| 0.3 * (i as f32 * 440.0 * std::f32::consts::TAU / RATE as f32).sin())
            .collect();
        engine.apply(EngineCommand::AddClip {
            text: "End.".to_owned(),
            clip,
        });
        let mut items = vec![TimelineItem::Speak {
            at: Duration::from_millis(500),
            until: Duration::MAX,
            length: Duration::from_secs(1),
            line: lull::domain::soundscape::Line {
                kind: LineKind::End,
                text: "End.".to_owned(),
            },
        }];
        if fade {
            items.insert(
                0,
                TimelineItem::FadeOut {
                    at: Duration::ZERO,
                    secs: 1.0,
                },
            );
        }
        engine.apply(EngineCommand::SetTimeline {
            timeline: lull::domain::soundscape::Timeline {
                from: Duration::ZERO,
                items,
                end: Some(Duration::from_secs(2)),
            },
            running: true,
        });
        let mut out = vec![0.0_f32; RATE as usize * 2 * 2];
        engine.render(&mut out);
        out
    };
    let (faded, plain) = (render(true), render(false));
    let peak = |s: &[f32]| s.iter().fold(0.0_f32, |m, v| m.max(v.abs()));
    assert!(peak(&plain) > 0.2, "the line is heard");
    let diff = faded
        .iter()
        .zip(&plain)
        .fold(0.0_f32, |m, (a, b)| m.max((a - b).abs()));
    assert!(diff < 1e-6, "the fade changed the voice by {diff}");
}

/// A sleep timer paused in its fade: silent while paused, and on again at the fade's level
/// where it was (not at full, not silent); a volume change in the fade keeps the fade. The
/// fade follows session time in the engine. Before, a timeline that began inside the fade
/// skipped it (full level all night), and the fade lived in the master gain, so turning the
/// volume up undid it.
#[test]
fn a_pause_holds_the_fade_and_play_and_volume_changes_go_on_from_where_it_was() {
    let timeline_from = |from: Duration| lull::domain::soundscape::Timeline {
        from,
        items: vec![TimelineItem::FadeOut {
            at: Duration::from_secs(10),
            secs: 20.0,
        }],
        end: Some(Duration::from_secs(30)),
    };
    let mut engine = Engine::new(RATE).with_fade_in(0.0);
    engine.apply(EngineCommand::SetLayers {
        layers: vec![LayerSpec {
            generator: Box::new(Steady),
            level: 1.0,
            breath_sync: false,
        }],
        fade_secs: 0.0,
    });
    engine.apply(EngineCommand::SetTimeline {
        timeline: timeline_from(Duration::ZERO),
        running: true,
    });
    // 15 s in: a quarter through the fade.
    let before = render(&mut engine, 15.0);
    let level_at_pause = before[before.len() - 2];
    let expected = 0.1 * (1.0 - 0.25 * 0.25 * (3.0 - 2.0 * 0.25));
    assert!(
        (level_at_pause - expected).abs() < 0.002,
        "{level_at_pause}"
    );
    // Paused: the app silences it and holds the timeline.
    engine.apply(EngineCommand::SetMaster {
        gain: 0.0,
        secs: 0.5,
    });
    engine.apply(EngineCommand::SetTimeline {
        timeline: timeline_from(Duration::from_secs(15)),
        running: false,
    });
    let paused = render(&mut engine, 60.0);
    assert!(paused[paused.len() - 2].abs() < 1e-6, "silent while paused");
    // Play: the volume comes back and the fade goes on from 15 s.
    engine.apply(EngineCommand::SetMaster {
        gain: 1.0,
        secs: 0.3,
    });
    engine.apply(EngineCommand::SetTimeline {
        timeline: timeline_from(Duration::from_secs(15)),
        running: true,
    });
    let resumed = render(&mut engine, 1.0);
    let level = resumed[resumed.len() - 2];
    assert!(
        level < level_at_pause && level > level_at_pause - 0.01,
        "on at the fade's level: {level} after {level_at_pause}"
    );
    // The volume turned up in the fade: louder, but still faded.
    engine.apply(EngineCommand::SetMaster {
        gain: 1.0,
        secs: 0.3,
    });
    let later = render(&mut engine, 1.0);
    assert!(later[later.len() - 2] < level, "the fade goes on");
    // At the end, silence.
    let end = render(&mut engine, 20.0);
    assert!(end[end.len() - 2].abs() < 1e-6);
}

fn render(engine: &mut Engine, secs: f32) -> Vec<f32> {
    let mut out = vec![0.0_f32; (secs * RATE as f32) as usize * 2];
    engine.render(&mut out);
    out
}
