//! The safety gates before a routine starts, in every order, without the GUI.

#![expect(clippy::expect_used, reason = "test helpers")]

use lull::app::gates::{Gate, PendingStart, next_gate};
use lull::catalogue::Catalogue;
use lull::domain::routine::Routine;
use lull::domain::safety::{Condition, RedFlag, ScreeningAnswers};
use lull::profile::safety_record::SafetyRecord;

fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 27)
}

fn routine(id: &str) -> Routine {
    Catalogue::builtin().0.get(id).cloned().expect("bundled")
}

/// Answers given on `day` (which also answers that day's "unwell?" check).
fn answered_on(day: jiff::civil::Date, conditions: &[Condition]) -> SafetyRecord {
    let answers = ScreeningAnswers {
        conditions: conditions.iter().copied().collect(),
        ..ScreeningAnswers::default()
    };
    SafetyRecord::new(answers, day)
}

fn gate(pending: &PendingStart, record: Option<&SafetyRecord>) -> Gate {
    next_gate(pending, &routine(pending.routine.as_str()), record, today())
}

fn name(g: &Gate) -> &'static str {
    match g {
        Gate::Questionnaire => "questionnaire",
        Gate::TodayCheck => "today",
        Gate::HeadacheCheck => "headache",
        Gate::Unavailable(_) => "unavailable",
        Gate::Start(_) => "start",
    }
}

#[test]
fn no_answers_or_stale_ones_send_every_routine_to_the_questionnaire_first() {
    let stale = answered_on(
        today().checked_sub(jiff::Span::new().days(91)).unwrap(),
        &[],
    );
    for id in ["desk-reset", "box-breathing", "headache-acupressure"] {
        let pending = PendingStart::new(id);
        assert_eq!(name(&gate(&pending, None)), "questionnaire", "{id}");
        assert_eq!(name(&gate(&pending, Some(&stale))), "questionnaire", "{id}");
    }
}

#[test]
fn a_hands_on_routine_asks_about_today_then_starts() {
    let yesterday = answered_on(today().yesterday().unwrap(), &[]);
    let pending = PendingStart::new("desk-reset");
    assert_eq!(name(&gate(&pending, Some(&yesterday))), "today");
    // Breathing alone needs no "unwell?" check.
    assert_eq!(
        name(&gate(&PendingStart::new("box-breathing"), Some(&yesterday))),
        "start"
    );
    let checked = answered_on(today(), &[]);
    assert_eq!(name(&gate(&pending, Some(&checked))), "start");
}

#[test]
fn a_headache_routine_asks_today_then_the_red_flags_then_starts() {
    let yesterday = answered_on(today().yesterday().unwrap(), &[]);
    let mut pending = PendingStart::new("headache-acupressure");
    assert_eq!(name(&gate(&pending, Some(&yesterday))), "today");
    let checked = answered_on(today(), &[]);
    assert_eq!(name(&gate(&pending, Some(&checked))), "headache");
    pending.headache_answered = true;
    assert_eq!(name(&gate(&pending, Some(&checked))), "start");
}

#[test]
fn the_answers_decide_last_and_today_s_emergency_answers_block_everything() {
    let clot = answered_on(today(), &[Condition::BloodClot]);
    let pending = PendingStart::new("desk-reset");
    let Gate::Unavailable(reason) = gate(&pending, Some(&clot)) else {
        panic!("a blood clot rules out massage");
    };
    assert!(!reason.is_empty());
    let mut emergency = answered_on(today(), &[]);
    emergency.set_headache_today([RedFlag::Thunderclap].into_iter().collect(), today());
    let answered = PendingStart {
        headache_answered: true,
        ..PendingStart::new("headache-acupressure")
    };
    assert_eq!(name(&gate(&answered, Some(&emergency))), "unavailable");
    assert_eq!(
        name(&gate(&PendingStart::new("box-breathing"), Some(&emergency))),
        "unavailable",
        "an emergency sign today blocks breathing routines too"
    );
}

#[test]
fn how_a_routine_was_asked_for_does_not_open_a_gate() {
    let yesterday = answered_on(today().yesterday().unwrap(), &[]);
    for (wind_down, direct) in [(true, false), (false, true), (true, true)] {
        let pending = PendingStart {
            wind_down,
            direct,
            ..PendingStart::new("feet-and-hands-before-bed")
        };
        assert_eq!(name(&gate(&pending, Some(&yesterday))), "today");
        assert_eq!(name(&gate(&pending, None)), "questionnaire");
    }
}
