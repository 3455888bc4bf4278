//! A read-only picture of a session at one moment.

use std::time::Duration;

use serde::Serialize;

use crate::domain::breathing::BreathPhase;
use crate::domain::vocabulary::Side;

use super::event::Outcome;

/// The session's overall state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "type")]
pub enum RunState {
    /// Not started yet.
    Ready,
    /// Running.
    Running,
    /// Paused.
    Paused,
    /// Ended.
    Finished {
        /// How it ended.
        outcome: Outcome,
    },
}

/// Everything a view or the audio plan needs to know at one moment.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Snapshot {
    /// Overall state.
    pub state: RunState,
    /// Zero-based current step.
    pub step_index: usize,
    /// Number of steps.
    pub step_count: usize,
    /// Time into the current step.
    pub step_elapsed: Duration,
    /// Time left in the current step.
    pub step_remaining: Duration,
    /// Length of the current step.
    pub step_duration: Duration,
    /// Time left in the session: this step's remainder plus every later step.
    pub total_remaining: Duration,
    /// Length of the whole routine.
    pub total_duration: Duration,
    /// Session time so far (running time, pauses excluded).
    pub session_time: Duration,
    /// The breathing phase, on breathing steps.
    pub breath: Option<BreathPhase>,
    /// The side the current step works on.
    pub side: Option<Side>,
}

impl Snapshot {
    /// Overall progress through the routine, 0 to 1.
    pub fn progress_0_to_1(&self) -> f32 {
        let total = self.total_duration.as_secs_f64();
        if total <= 0.0 {
            return 1.0;
        }
        (1.0 - self.total_remaining.as_secs_f64() / total).clamp(0.0, 1.0) as f32
    }
}
