//! What a session reports as time passes and commands arrive.

use std::time::Duration;

use serde::Serialize;

use crate::domain::breathing::PhaseKind;
use crate::domain::vocabulary::Side;

/// How a session ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "type")]
pub enum Outcome {
    /// Ran (or was skipped) to the end of the last step.
    Completed,
    /// Stopped by the user during a step.
    Stopped {
        /// Zero-based index of the step that was playing.
        at_step: usize,
    },
}

/// Something that happened in a session. `at` is session time: time spent running since
/// the start, pauses excluded.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "type")]
pub enum SessionEvent {
    /// A step began.
    StepStarted {
        /// Zero-based step index.
        index: usize,
        /// Session time.
        at: Duration,
    },
    /// A step ended, by running out (`completed`) or by a command.
    StepFinished {
        /// Zero-based step index.
        index: usize,
        /// Session time.
        at: Duration,
        /// Whether the step ran its full length.
        completed: bool,
    },
    /// The new step works on the other side of the body.
    SideSwitch {
        /// The side before.
        from: Side,
        /// The side now.
        to: Side,
        /// Session time.
        at: Duration,
    },
    /// The breathing pacer entered a new phase.
    BreathPhaseChanged {
        /// Zero-based step index.
        step: usize,
        /// Zero-based cycle within the step.
        cycle: u32,
        /// The phase entered.
        phase: PhaseKind,
        /// Session time.
        at: Duration,
    },
    /// The session was paused.
    Paused {
        /// Session time.
        at: Duration,
    },
    /// The session was resumed.
    Resumed {
        /// Session time.
        at: Duration,
    },
    /// The session ended; nothing follows.
    SessionFinished {
        /// How it ended.
        outcome: Outcome,
        /// Session time.
        at: Duration,
    },
}

impl SessionEvent {
    /// Session time of the event.
    pub const fn at(&self) -> Duration {
        match *self {
            Self::StepStarted { at, .. }
            | Self::StepFinished { at, .. }
            | Self::SideSwitch { at, .. }
            | Self::BreathPhaseChanged { at, .. }
            | Self::Paused { at }
            | Self::Resumed { at }
            | Self::SessionFinished { at, .. } => at,
        }
    }
}
