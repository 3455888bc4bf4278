//! The safety gates before a routine starts, as a pure function: given the routine waiting,
//! the saved answers and today's date, what comes next. The app shows the gate's screen and
//! asks again when it is passed; nothing is guessed from the screen on show.

use crate::domain::id::RoutineId;
use crate::domain::routine::Routine;
use crate::domain::safety::{SafeRoutine, Verdict, evaluate};
use crate::domain::vocabulary::Program;
use crate::profile::safety_record::SafetyRecord;

/// A routine on its way to starting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingStart {
    /// The routine's id.
    pub routine: RoutineId,
    /// Tonight's wind-down (audio first, the ambience tail).
    pub wind_down: bool,
    /// Asked for on the command line (`lull play ID`): no before-rating.
    pub direct: bool,
    /// Today's headache questions were answered for this start (clear, or "see a doctor
    /// soon" and the user chose to go on).
    pub headache_answered: bool,
}

impl PendingStart {
    /// `routine`, asked for from the library.
    pub fn new(routine: impl Into<RoutineId>) -> Self {
        Self {
            routine: routine.into(),
            wind_down: false,
            direct: false,
            headache_answered: false,
        }
    }
}

/// What stands between a pending routine and its start.
#[derive(Clone, Debug, PartialEq)]
pub enum Gate {
    /// No saved answers, or they are out of date: the welcome and the questionnaire.
    Questionnaire,
    /// A hands-on routine, and today's "are you unwell?" is not answered.
    TodayCheck,
    /// A headache routine: the red-flag questions first.
    HeadacheCheck,
    /// The answers rule it out today; why.
    Unavailable(String),
    /// Every gate is passed: the routine as the answers make it.
    Start(SafeRoutine),
}

/// The next gate for `pending` (which is `routine`), with the saved answers `record`, on
/// `today`. In order: the questionnaire, today's check, the headache questions, then the
/// answers themselves.
pub fn next_gate(
    pending: &PendingStart,
    routine: &Routine,
    record: Option<&SafetyRecord>,
    today: jiff::civil::Date,
) -> Gate {
    let Some(record) = record.filter(|r| !r.needs_reask(today)) else {
        return Gate::Questionnaire;
    };
    if routine.has_touch() && !record.checked_today(today) {
        return Gate::TodayCheck;
    }
    if routine.program == Program::Headache && !pending.headache_answered {
        return Gate::HeadacheCheck;
    }
    // Today's headache answers are part of today's answers: they stand for the day.
    match evaluate(routine, &record.answers_today(today)) {
        Verdict::Allowed(safe) | Verdict::Adapted(safe) => Gate::Start(safe),
        other => Gate::Unavailable(other.reason().unwrap_or_default()),
    }
}
