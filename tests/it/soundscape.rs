//! What should sound, as plain data (no rodio): the cue timeline of a session.

#![expect(clippy::unwrap_used, reason = "test helpers")]

use std::time::Duration;

use lull::catalogue::Catalogue;
use lull::domain::safety::{ScreeningAnswers, evaluate};
use lull::domain::session::{Command, Session};
use lull::domain::soundscape::{AudioSettings, Cue, TimelineItem, timeline};
use lull::domain::vocabulary::Side;

fn session(id: &str) -> Session {
    let (catalogue, _) = Catalogue::builtin();
    let safe = evaluate(catalogue.get(id).unwrap(), &ScreeningAnswers::default())
        .into_routine()
        .unwrap();
    let mut s = Session::new(safe);
    let _ = s.handle(Command::Start, Duration::ZERO);
    s
}

#[test]
fn every_boundary_has_a_cue_and_sides_switch_with_their_own_cue() {
    let s = session("desk-reset");
    let steps = s.routine().steps().to_vec();
    let t = timeline(&s, Duration::ZERO, &AudioSettings::default());
    let cues: Vec<(Duration, Cue)> = t.cues().collect();
    let mut at = Duration::ZERO;
    let mut expected = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        if i > 0 {
            let switch = matches!(
                (steps[i - 1].step.side, step.step.side),
                (Some(Side::Left), Some(Side::Right)) | (Some(Side::Right), Some(Side::Left))
            );
            expected.push((
                at,
                if switch {
                    Cue::SwitchSides
                } else {
                    Cue::StepChange
                },
            ));
        }
        at += step.step.duration();
    }
    expected.push((at, Cue::SessionEnd));
    assert_eq!(cues, expected);
    assert!(
        cues.iter().any(|(_, c)| *c == Cue::SwitchSides),
        "desk reset has left and right steps"
    );
    assert_eq!(t.end, Some(at));
}

#[test]
fn ticks_come_ten_seconds_before_long_steps_end_when_asked_for() {
    let s = session("resonance-breathing");
    let settings = AudioSettings {
        ticks_enabled: true,
        ..AudioSettings::default()
    };
    let t = timeline(&s, Duration::ZERO, &settings);
    let ticks: Vec<Duration> = t
        .cues()
        .filter(|(_, c)| *c == Cue::TenSecondsLeft)
        .map(|(at, _)| at)
        .collect();
    let mut ends = Vec::new();
    let mut at = Duration::ZERO;
    for step in s.routine().steps() {
        at += step.step.duration();
        if step.step.duration() >= Duration::from_secs(20) {
            ends.push(at.saturating_sub(Duration::from_secs(10)));
        }
    }
    assert_eq!(ticks, ends);
    let none = timeline(&s, Duration::ZERO, &AudioSettings::default());
    assert!(
        none.cues().all(|(_, c)| c != Cue::TenSecondsLeft),
        "ticks are off by default"
    );
    let silent = timeline(
        &s,
        Duration::ZERO,
        &AudioSettings {
            cues_enabled: false,
            ..AudioSettings::default()
        },
    );
    assert_eq!(silent.cues().count(), 0);
}

#[test]
fn breathing_steps_are_on_the_timeline_for_the_pacer_tone_and_the_swell() {
    let s = session("resonance-breathing");
    let t = timeline(&s, Duration::ZERO, &AudioSettings::default());
    let breaths: Vec<_> = t
        .items
        .iter()
        .filter(|i| matches!(i, TimelineItem::Breath { .. }))
        .collect();
    assert_eq!(breaths.len(), 1);
    let (start, pattern) = t.breath_at(Duration::from_secs(40)).unwrap();
    assert_eq!(start, s.routine().steps()[0].step.duration());
    assert_eq!(pattern.cycle_ms(), 10_000);
    assert!(t.breath_at(Duration::from_secs(5)).is_none());
}

#[test]
fn after_a_skip_the_timeline_starts_from_now() {
    let mut s = session("desk-reset");
    let _ = s.handle(Command::Next, Duration::from_secs(3));
    let t = timeline(&s, Duration::from_secs(3), &AudioSettings::default());
    assert_eq!(t.from, Duration::from_secs(3));
    let first = t.cues().next().unwrap();
    assert_eq!(
        first.0,
        Duration::from_secs(3),
        "the step that begins now is announced"
    );
    assert!(t.cues().all(|(at, _)| at >= Duration::from_secs(3)));
}
