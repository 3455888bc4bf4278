//! A routine as one particular user may do it: the only thing sessions and exports accept.

use serde::Serialize;

use super::pattern::TagPattern;
use super::profile::Cause;
use crate::domain::routine::{Origin, Routine, Step};
use crate::domain::vocabulary::{Position, Program};

/// Why a step changed: the switched-off pattern and its cause.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// The switched-off tags the step carried.
    pub excluded: TagPattern,
    /// Why they are off.
    pub cause: Cause,
}

/// What happened to a step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "type")]
pub enum ChangeAction {
    /// Replaced by its substitute.
    Substituted {
        /// The substitute's title.
        with: String,
    },
    /// A breathing step that now runs without holds.
    HoldsRemoved,
    /// Left out.
    Removed,
}

/// One change the safety rules made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// 1-based number of the step in the original routine.
    pub step_number: usize,
    /// The original step's title.
    pub title: String,
    /// What happened.
    pub action: ChangeAction,
    /// Why.
    pub reasons: Vec<Reason>,
}

impl Change {
    /// One line for people: `Step 2 "Temple circles": replaced by "Light temple strokes" (blood thinners…: pressure-moderate)`.
    pub fn describe(&self) -> String {
        let what = match &self.action {
            ChangeAction::Substituted { with } => format!("replaced by \"{with}\""),
            ChangeAction::HoldsRemoved => "now without breath holds".to_owned(),
            ChangeAction::Removed => "left out".to_owned(),
        };
        let mut why: Vec<String> = Vec::new();
        for r in &self.reasons {
            let line = format!("{}: {}", r.cause, r.excluded);
            if !why.contains(&line) {
                why.push(line);
            }
        }
        format!(
            "Step {} \"{}\": {what} ({})",
            self.step_number,
            self.title,
            why.join("; ")
        )
    }
}

/// A step as this user gets it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SafeStep {
    /// The step (its `substitute` is always `None` here).
    pub step: Step,
    /// 1-based number of the step in the original routine.
    pub original_number: usize,
    /// Whether this is a substitute or a hold-free version.
    pub substituted: bool,
    /// An extra line shown with the instruction ("You can keep your eyes open").
    pub note: Option<String>,
}

/// A routine after the safety rules, ready to run. Only [`super::evaluate`] builds one,
/// so sessions and exports can never receive a step the user's answers exclude.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SafeRoutine {
    /// Routine id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Program.
    pub program: Program,
    /// One-line summary.
    pub summary: String,
    /// Body position.
    pub position: Position,
    /// Ambience preset id.
    pub ambience: Option<String>,
    /// Where it came from.
    pub origin: Origin,
    /// The steps as this user gets them.
    pub steps: Vec<SafeStep>,
    /// What the rules changed (empty when nothing changed).
    pub changes: Vec<Change>,
    #[serde(skip)]
    _sealed: Sealed,
}

/// Keeps `SafeRoutine` from being built outside this module tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Sealed;

impl SafeRoutine {
    pub(super) fn new(routine: &Routine, steps: Vec<SafeStep>, changes: Vec<Change>) -> Self {
        Self {
            id: routine.id.clone(),
            title: routine.title.clone(),
            program: routine.program,
            summary: routine.summary.clone(),
            position: routine.position,
            ambience: routine.ambience.clone(),
            origin: routine.origin.clone(),
            steps,
            changes,
            _sealed: Sealed,
        }
    }

    /// Total length in milliseconds.
    pub fn duration_ms(&self) -> u64 {
        self.steps
            .iter()
            .map(|s| s.step.duration().as_millis() as u64)
            .sum()
    }

    /// Total length.
    pub fn duration(&self) -> std::time::Duration {
        std::time::Duration::from_millis(self.duration_ms())
    }
}
