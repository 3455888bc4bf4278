//! The short sounds that carry the guidance when you are not looking.

use serde::Serialize;

/// A synthesised cue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cue {
    /// A soft chime: the next step begins.
    StepChange,
    /// Two notes, low then high: switch to the other side.
    SwitchSides,
    /// A quiet tick: ten seconds left in this step.
    TenSecondsLeft,
    /// A bell: the session is over.
    SessionEnd,
}
