//! One timed step of a routine.

use std::collections::BTreeSet;
use std::time::Duration;

use serde::Serialize;

use crate::domain::breathing::BreathPattern;
use crate::domain::tag::Tag;
use crate::domain::vocabulary::{Side, StepKind};

/// A breathing pattern together with the name it was referred to by.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NamedPattern {
    /// A built-in name (`box`) or the name of a pattern declared in the routine file.
    pub name: String,
    /// The timings.
    pub pattern: BreathPattern,
}

/// How long a step lasts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "type")]
pub enum Timing {
    /// A fixed number of seconds.
    Fixed {
        /// Length in seconds.
        secs: u32,
    },
    /// A number of cycles of a breathing pattern; the length is computed.
    Breathing {
        /// The pattern.
        pattern: NamedPattern,
        /// How many cycles.
        cycles: u32,
    },
}

/// One step: what to do, for how long, and what it involves (its tags).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    /// Short title ("Temple circles").
    pub title: String,
    /// One to four plain sentences, second person.
    pub instruction: String,
    /// A shorter text written for the ear, spoken instead of the title and instruction
    /// (`say` in the file); held to the same words-match-tags check as the instruction.
    pub say: Option<String>,
    /// Fixed length or breathing cycles.
    pub timing: Timing,
    /// What kind of step this is.
    pub kind: StepKind,
    /// What the step involves; safety rules match on these.
    pub tags: BTreeSet<Tag>,
    /// Which side of the body, when it matters.
    pub side: Option<Side>,
    /// The step to use instead when one of this step's tags is excluded.
    pub substitute: Option<Box<Self>>,
    /// If excluded with no usable substitute, the whole routine is blocked.
    pub core: bool,
}

impl Step {
    /// Every version of the step a user may get: the step itself, then its substitute, the
    /// substitute's substitute… (`enumerate` gives each one's depth, 0 for the step).
    pub fn versions(&self) -> impl Iterator<Item = &Self> {
        std::iter::successors(Some(self), |s| s.substitute.as_deref())
    }

    /// The step's length, computed for breathing steps.
    pub fn duration(&self) -> Duration {
        match &self.timing {
            Timing::Fixed { secs } => Duration::from_secs(u64::from(*secs)),
            Timing::Breathing { pattern, cycles } => {
                Duration::from_millis(u64::from(pattern.pattern.cycle_ms()) * u64::from(*cycles))
            }
        }
    }

    /// The breathing pattern, for breathing steps.
    pub fn breathing(&self) -> Option<&BreathPattern> {
        match &self.timing {
            Timing::Breathing { pattern, .. } => Some(&pattern.pattern),
            Timing::Fixed { .. } => None,
        }
    }

    /// Whether the step carries `tag`.
    pub fn has(&self, tag: Tag) -> bool {
        self.tags.contains(&tag)
    }

    /// Whether the step is hands-on.
    pub fn is_touch(&self) -> bool {
        self.has(Tag::Massage)
    }
}
