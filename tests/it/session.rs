//! The session engine with a fake clock: exact timings, commands and random sequences.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::unchecked_time_subtraction,
    reason = "test helpers"
)]

use std::collections::BTreeSet;
use std::time::Duration;

use lull::domain::breathing::{BreathPattern, PhaseKind, builtin};
use lull::domain::routine::{NamedPattern, Origin, Routine, Step, Timing};
use lull::domain::safety::{SafeRoutine, ScreeningAnswers, evaluate};
use lull::domain::session::{Command, Outcome, RunState, Session, SessionEvent};
use lull::domain::tag::Tag;
use lull::domain::vocabulary::{Position, Program, Side, StepKind};
use proptest::prelude::*;

fn fixed(title: &str, secs: u32, side: Option<Side>) -> Step {
    Step {
        title: title.to_owned(),
        instruction: "Do it.".to_owned(),
        say: None,
        timing: Timing::Fixed { secs },
        kind: StepKind::Rest,
        tags: BTreeSet::new(),
        side,
        substitute: None,
        core: false,
    }
}

fn breathing(name: &str, cycles: u32) -> Step {
    let p = builtin(name).unwrap();
    let mut tags = BTreeSet::from([Tag::PacedBreathing]);
    if p.pattern.has_holds() {
        tags = BTreeSet::from([Tag::BreathHold]);
    }
    Step {
        title: format!("Breathe {name}"),
        instruction: "Breathe.".to_owned(),
        say: None,
        timing: Timing::Breathing {
            pattern: NamedPattern {
                name: name.to_owned(),
                pattern: p.pattern,
            },
            cycles,
        },
        kind: StepKind::Breathing,
        tags,
        side: None,
        substitute: None,
        core: false,
    }
}

fn safe(steps: Vec<Step>) -> SafeRoutine {
    let routine = Routine {
        id: "test".into(),
        title: "Test".to_owned(),
        program: Program::Stress,
        summary: "A test.".to_owned(),
        position: Position::Any,
        ambience: None,
        sources: Vec::new(),
        steps,
        origin: Origin::Builtin,
    };
    evaluate(&routine, &ScreeningAnswers::default())
        .into_routine()
        .expect("allowed")
}

const fn s(secs: u64) -> Duration {
    Duration::from_secs(secs)
}

fn three_steps() -> Session {
    Session::new(safe(vec![
        fixed("One", 30, Some(Side::Left)),
        fixed("Two", 30, Some(Side::Right)),
        fixed("Three", 30, None),
    ]))
}

fn step_events(events: &[SessionEvent]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            SessionEvent::StepStarted { index, at } => {
                Some(format!("start {index} @{}", at.as_secs()))
            }
            SessionEvent::StepFinished {
                index,
                at,
                completed,
            } => Some(format!(
                "finish {index} @{} {}",
                at.as_secs(),
                if *completed { "done" } else { "cut" }
            )),
            SessionEvent::SideSwitch { from, to, .. } => Some(format!("switch {from}->{to}")),
            SessionEvent::SessionFinished { outcome, at } => {
                Some(format!("end {outcome:?} @{}", at.as_secs()))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn steps_change_at_the_right_times() {
    let t0 = s(1_000);
    let mut session = three_steps();
    let ev = session.handle(Command::Start, t0);
    assert_eq!(step_events(&ev), ["start 0 @0"]);
    assert!(session.tick(t0 + s(29)).is_empty());
    assert_eq!(
        step_events(&session.tick(t0 + s(30))),
        ["finish 0 @30 done", "start 1 @30", "switch left->right"]
    );
    let snap = session.snapshot(t0 + s(40));
    assert_eq!(
        (snap.step_index, snap.step_remaining, snap.total_remaining),
        (1, s(20), s(50))
    );
    assert_eq!(
        step_events(&session.tick(t0 + s(90))),
        [
            "finish 1 @60 done",
            "start 2 @60",
            "finish 2 @90 done",
            "end Completed @90"
        ]
    );
    assert!(session.is_finished());
    assert!(session.tick(t0 + s(500)).is_empty());
    assert_eq!(
        session.snapshot(t0 + s(500)).total_remaining,
        Duration::ZERO
    );
}

#[test]
fn one_tick_over_the_whole_session_reports_everything_once_in_order() {
    let mut session = three_steps();
    session.handle(Command::Start, s(0));
    let ev = session.tick(s(10_000));
    assert_eq!(
        step_events(&ev),
        [
            "finish 0 @30 done",
            "start 1 @30",
            "switch left->right",
            "finish 1 @60 done",
            "start 2 @60",
            "finish 2 @90 done",
            "end Completed @90"
        ]
    );
}

#[test]
fn pause_freezes_time_and_resume_continues() {
    let mut session = three_steps();
    session.handle(Command::Start, s(0));
    session.handle(Command::Pause, s(10));
    assert!(
        session.handle(Command::Pause, s(11)).is_empty(),
        "pausing twice is a no-op"
    );
    assert!(session.tick(s(500)).is_empty());
    let snap = session.snapshot(s(500));
    assert_eq!((snap.state, snap.step_remaining), (RunState::Paused, s(20)));
    session.handle(Command::Resume, s(500));
    assert!(session.tick(s(519)).is_empty());
    assert_eq!(step_events(&session.tick(s(520)))[0], "finish 0 @30 done");
}

#[test]
fn next_previous_restart_and_stop() {
    let mut session = three_steps();
    session.handle(Command::Start, s(0));
    let ev = session.handle(Command::Next, s(5));
    assert_eq!(
        step_events(&ev),
        ["finish 0 @5 cut", "start 1 @5", "switch left->right"]
    );
    assert_eq!(session.snapshot(s(6)).step_remaining, s(29));
    let ev = session.handle(Command::Previous, s(10));
    assert_eq!(
        step_events(&ev),
        ["finish 1 @10 cut", "start 0 @10", "switch right->left"]
    );
    let ev = session.handle(Command::Previous, s(12));
    assert_eq!(
        step_events(&ev),
        ["finish 0 @12 cut", "start 0 @12"],
        "previous on the first step restarts it"
    );
    let ev = session.handle(Command::RestartStep, s(20));
    assert_eq!(step_events(&ev), ["finish 0 @20 cut", "start 0 @20"]);
    assert_eq!(session.snapshot(s(20)).step_remaining, s(30));
    let ev = session.handle(Command::Stop, s(25));
    assert_eq!(
        step_events(&ev),
        ["finish 0 @25 cut", "end Stopped { at_step: 0 } @25"]
    );
    assert!(session.handle(Command::Resume, s(26)).is_empty());
}

#[test]
fn a_session_can_start_at_a_later_step_with_nothing_reported_for_the_ones_before() {
    let t0 = s(1_000);
    let mut session = three_steps();
    assert_eq!(step_events(&session.start_at(1, t0)), ["start 1 @0"]);
    let snap = session.snapshot(t0 + s(10));
    assert_eq!(
        (snap.step_index, snap.step_remaining, snap.total_remaining),
        (1, s(20), s(50))
    );
    assert_eq!(
        step_events(&session.tick(t0 + s(60))),
        [
            "finish 1 @30 done",
            "start 2 @30",
            "finish 2 @60 done",
            "end Completed @60"
        ]
    );
    // Past the end: the last step. At 0, or once started: as Start, or nothing.
    let mut late = three_steps();
    assert_eq!(step_events(&late.start_at(9, t0)), ["start 2 @0"]);
    assert!(late.start_at(0, t0 + s(1)).is_empty(), "already started");
    let mut first = three_steps();
    assert_eq!(step_events(&first.start_at(0, t0)), ["start 0 @0"]);
}

#[test]
fn a_breathing_step_started_at_reports_its_first_phase() {
    let t0 = s(5);
    let mut session = Session::new(safe(vec![fixed("Rest", 10, None), breathing("box", 2)]));
    let events = session.start_at(1, t0);
    assert!(
        events.iter().any(|e| matches!(
            e,
            SessionEvent::BreathPhaseChanged {
                step: 1,
                cycle: 0,
                ..
            }
        )),
        "{events:?}"
    );
}

#[test]
fn next_on_the_last_step_completes() {
    let mut session = Session::new(safe(vec![fixed("Only", 10, None)]));
    session.handle(Command::Start, s(0));
    let ev = session.handle(Command::Next, s(3));
    assert_eq!(step_events(&ev), ["finish 0 @3 cut", "end Completed @3"]);
}

#[test]
fn breathing_phases_are_reported_once_each() {
    let mut session = Session::new(safe(vec![breathing("box", 2), fixed("Rest", 10, None)]));
    let mut ev = session.handle(Command::Start, s(0));
    ev.extend(session.tick(s(33)));
    let phases: Vec<(u32, PhaseKind, u64)> = ev
        .iter()
        .filter_map(|e| match e {
            SessionEvent::BreathPhaseChanged {
                cycle, phase, at, ..
            } => Some((*cycle, *phase, at.as_secs())),
            _ => None,
        })
        .collect();
    assert_eq!(
        phases,
        [
            (0, PhaseKind::Inhale, 0),
            (0, PhaseKind::HoldIn, 4),
            (0, PhaseKind::Exhale, 8),
            (0, PhaseKind::HoldOut, 12),
            (1, PhaseKind::Inhale, 16),
            (1, PhaseKind::HoldIn, 20),
            (1, PhaseKind::Exhale, 24),
            (1, PhaseKind::HoldOut, 28),
        ]
    );
    let snap = session.snapshot(s(33));
    assert_eq!(snap.step_index, 1);
    assert!(snap.breath.is_none());
}

#[test]
fn snapshot_breath_follows_phase_at() {
    let mut session = Session::new(safe(vec![breathing("4-7-8", 3)]));
    session.handle(Command::Start, s(100));
    session.tick(s(105));
    let b = session.snapshot(s(105)).breath.unwrap();
    assert_eq!(b.kind, PhaseKind::HoldIn);
    assert_eq!(b.remaining_ms, 6_000);
}

#[test]
fn no_drift_over_hours_of_irregular_ticks() {
    // 120 steps of 61 s, ticked at awkward intervals with pauses in between.
    let steps = (0..120)
        .map(|i| fixed(&format!("S{i}"), 61, None))
        .collect();
    let mut session = Session::new(safe(steps));
    let mut now = Duration::from_nanos(123_456_789);
    let start = now;
    session.handle(Command::Start, now);
    let mut paused = Duration::ZERO;
    let mut finished_at = Vec::new();
    let mut i = 0u64;
    while !session.is_finished() {
        i += 1;
        now += Duration::from_micros(16_667 * (1 + i % 7) + i % 13);
        if i.is_multiple_of(5_000) {
            session.handle(Command::Pause, now);
            let gap = Duration::from_millis(777 + i % 1000);
            now += gap;
            paused += gap;
            session.handle(Command::Resume, now);
        }
        for e in session.tick(now) {
            if let SessionEvent::StepFinished { at, .. } = e {
                finished_at.push(at);
            }
        }
    }
    assert_eq!(finished_at.len(), 120);
    for (k, at) in finished_at.iter().enumerate() {
        assert_eq!(*at, s(61 * (k as u64 + 1)), "step {k} ended late or early");
    }
    // Wall time = running time + paused time, exactly.
    assert!(now - start >= s(120 * 61) + paused);
}

#[test]
fn time_running_backwards_does_not_panic_or_rewind() {
    let mut session = three_steps();
    session.handle(Command::Start, s(100));
    session.tick(s(140));
    assert!(session.tick(s(50)).is_empty());
    assert_eq!(session.snapshot(s(50)).step_index, 1);
}

#[test]
fn empty_breath_pattern_steps_are_impossible_but_harmless() {
    let zero = BreathPattern::new(0, 0, 0, 0);
    assert_eq!(zero.phase_at(s(3)).cycle, 0);
}

// ---- property tests: random command/time sequences ----

#[derive(Clone, Debug)]
enum Action {
    Wait(u64),
    Do(Command),
}

fn arb_action() -> impl Strategy<Value = Action> {
    prop_oneof![
        6 => (0u64..40_000).prop_map(Action::Wait),
        1 => Just(Action::Do(Command::Pause)),
        1 => Just(Action::Do(Command::Resume)),
        1 => Just(Action::Do(Command::Next)),
        1 => Just(Action::Do(Command::Previous)),
        1 => Just(Action::Do(Command::RestartStep)),
        1 => (0u8..20).prop_map(|n| if n == 0 { Action::Do(Command::Stop) } else { Action::Wait(u64::from(n) * 997) }),
    ]
}

fn arb_steps() -> impl Strategy<Value = Vec<Step>> {
    let step = prop_oneof![
        (5u32..90).prop_map(|secs| fixed("F", secs, None)),
        (5u32..90).prop_map(|secs| fixed("L", secs, Some(Side::Left))),
        (5u32..90).prop_map(|secs| fixed("R", secs, Some(Side::Right))),
        (1u32..6).prop_map(|c| breathing("box", c)),
        (1u32..6).prop_map(|c| breathing("cyclic-sigh", c)),
        (1u32..6).prop_map(|c| breathing("coherent-5.5", c)),
    ];
    proptest::collection::vec(step, 1..8)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn events_are_well_formed(steps in arb_steps(), actions in proptest::collection::vec(arb_action(), 0..60)) {
        let routine = safe(steps);
        let durations: Vec<Duration> = routine.steps().iter().map(|s| s.step.duration()).collect();
        let patterns: Vec<Option<BreathPattern>> = routine.steps().iter().map(|s| s.step.breathing().copied()).collect();
        let mut session = Session::new(routine);
        let mut now = s(5);
        let mut events = session.handle(Command::Start, now);
        for action in actions {
            match action {
                Action::Wait(ms) => now += Duration::from_millis(ms),
                Action::Do(c) => events.extend(session.handle(c, now)),
            }
            events.extend(session.tick(now));
            let snap = session.snapshot(now);
            prop_assert!(snap.step_remaining <= snap.step_duration);
            prop_assert!(snap.total_remaining <= snap.total_duration);
            prop_assert!(snap.step_index < snap.step_count);
        }
        // Run to the end.
        session.handle(Command::Resume, now);
        events.extend(session.tick(now + s(100_000)));

        // Times never go backwards; exactly one SessionFinished, last.
        prop_assert!(events.windows(2).all(|w| w[0].at() <= w[1].at()));
        let ends = events.iter().filter(|e| matches!(e, SessionEvent::SessionFinished { .. })).count();
        prop_assert_eq!(ends, 1);
        let last_is_end = matches!(events.last(), Some(SessionEvent::SessionFinished { .. }));
        prop_assert!(last_is_end);

        // Starts and finishes alternate, with matching indices; phases only inside a breathing step.
        let mut open: Option<(usize, Duration)> = None;
        let mut last_phase: Option<(usize, u32, u8)> = None;
        for e in &events {
            match *e {
                SessionEvent::StepStarted { index, at } => {
                    prop_assert!(open.is_none(), "started {} while {:?} open", index, open.map(|o| o.0));
                    open = Some((index, at));
                    last_phase = None;
                }
                SessionEvent::StepFinished { index, at, completed } => {
                    let (i, started) = open.take().expect("finish without start");
                    prop_assert_eq!(i, index);
                    if completed {
                        prop_assert_eq!(at - started, durations[index]);
                    } else {
                        prop_assert!(at - started <= durations[index]);
                    }
                }
                SessionEvent::BreathPhaseChanged { step, cycle, at, phase } => {
                    let (i, started) = open.expect("phase outside a step");
                    prop_assert_eq!(i, step);
                    let pattern = patterns[step].expect("phase on a non-breathing step");
                    let at_phase = pattern.phase_at(at - started);
                    prop_assert_eq!(at_phase.kind, phase);
                    prop_assert_eq!(at_phase.cycle, cycle);
                    let key = (step, cycle, at_phase.index_in_cycle);
                    prop_assert!(last_phase.is_none_or(|p| (p.1, p.2) < (key.1, key.2)), "phase repeated");
                    last_phase = Some(key);
                }
                SessionEvent::SessionFinished { outcome, .. } => {
                    prop_assert!(open.is_none());
                    if let Outcome::Stopped { at_step } = outcome {
                        prop_assert!(at_step < durations.len());
                    }
                }
                _ => {}
            }
        }
    }
}
