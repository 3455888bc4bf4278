//! A routine as one particular user may do it: the only thing sessions and exports accept.

use serde::Serialize;

use super::pattern::TagPattern;
use super::profile::Cause;
use crate::domain::id::{PresetId, RoutineId};
use crate::domain::routine::{Origin, Routine, Step};
use crate::domain::tag::Tag;
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
    /// One line for people, in plain words: `Step 3, "Left shoulder kneading", becomes
    /// "Light left shoulder strokes": no firm pressure on your shoulders (your answer: Cancer
    /// or cancer treatment).`
    pub fn describe(&self) -> String {
        let what = match &self.action {
            ChangeAction::Substituted { with } => format!("becomes \"{with}\""),
            ChangeAction::HoldsRemoved => "is done without holding your breath".to_owned(),
            ChangeAction::Removed => "is left out".to_owned(),
        };
        let mut why: Vec<String> = Vec::new();
        for r in &self.reasons {
            let line = format!("{} ({})", plain_pattern(&r.excluded), plain_cause(r.cause));
            if !why.contains(&line) {
                why.push(line);
            }
        }
        format!(
            "Step {}, \"{}\", {what}: {}.",
            self.step_number,
            self.title,
            why.join("; ")
        )
    }
}

/// What a switched-off pattern means, in plain words: "no firm pressure on your calves",
/// "nothing on your hands", "no breath holds".
fn plain_pattern(pattern: &TagPattern) -> String {
    let mut areas: Vec<&str> = Vec::new();
    let mut points: Vec<String> = Vec::new();
    let mut others: Vec<&str> = Vec::new();
    for tag in &pattern.0 {
        match *tag {
            Tag::Area(area) => areas.push(area.label()),
            Tag::Acupoint(point) => points.push(point.label().to_owned()),
            Tag::Massage => others.push("massage"),
            Tag::PressureLight => others.push("light strokes"),
            Tag::PressureModerate => others.push("firm pressure"),
            Tag::PressurePoints => others.push("pressing on points"),
            Tag::Heat => others.push("heat packs"),
            Tag::Cold => others.push("cold packs"),
            Tag::PacedBreathing => others.push("paced breathing"),
            Tag::BreathHold => others.push("breath holds"),
            Tag::BreathHoldLong => others.push("long breath holds"),
            Tag::MuscleTensing => others.push("tensing your muscles"),
            Tag::NeckMovement => others.push("neck movements"),
            Tag::LyingDown => others.push("lying down"),
            Tag::EyesClosed => others.push("closing your eyes"),
            Tag::ScreenOff => others.push("a dark screen"),
        }
    }
    let mut place: Vec<String> = areas.iter().map(|a| format!("your {a}")).collect();
    place.extend(points);
    match (others.is_empty(), place.is_empty()) {
        (true, true) => "not for you".to_owned(),
        (true, false) => format!("nothing on {}", place.join(" and ")),
        (false, true) => format!("no {}", others.join(" with ")),
        (false, false) => format!("no {} on {}", others.join(" with "), place.join(" and ")),
    }
}

/// Why, in plain words: "your answer: Blood thinners or bleeding disorder".
fn plain_cause(cause: Cause) -> String {
    match cause {
        Cause::Condition(c) => format!("your answer: {}", c.label()),
        Cause::AvoidArea(_) => "you asked to leave this area out".to_owned(),
        Cause::Headache(_) | Cause::NoHoldsPreference | Cause::MassageCap => cause.to_string(),
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
    pub(super) id: RoutineId,
    /// Title.
    pub(super) title: String,
    /// Program.
    pub(super) program: Program,
    /// One-line summary.
    pub(super) summary: String,
    /// Body position.
    pub(super) position: Position,
    /// Ambience preset id.
    pub(super) ambience: Option<PresetId>,
    /// Where it came from.
    pub(super) origin: Origin,
    /// The steps as this user gets them.
    pub(super) steps: Vec<SafeStep>,
    /// What the rules changed (empty when nothing changed).
    pub(super) changes: Vec<Change>,
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

    /// Id.
    pub const fn id(&self) -> &RoutineId {
        &self.id
    }

    /// Title.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// Program.
    pub const fn program(&self) -> Program {
        self.program
    }

    /// Summary.
    pub fn summary(&self) -> &str {
        &self.summary
    }

    /// Position.
    pub const fn position(&self) -> Position {
        self.position
    }

    /// Ambience.
    pub const fn ambience(&self) -> Option<&PresetId> {
        self.ambience.as_ref()
    }

    /// Origin.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// Steps.
    pub fn steps(&self) -> &[SafeStep] {
        &self.steps
    }

    /// Changes.
    pub fn changes(&self) -> &[Change] {
        &self.changes
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
