//! Routines: the model, the TOML file format and its validation.

mod draft;
mod error;
mod locate;
mod parse;
mod step;
mod validate;
pub mod wording;

use std::time::Duration;

use serde::Serialize;

pub use draft::{Draft, DraftPattern, DraftStep, DraftTiming, pattern_named};
pub use error::{Position, RoutineError, RoutineErrors};
pub use locate::field_position;
pub use parse::{Origin, parse_routine};
pub use step::{NamedPattern, Step, Timing};

use super::id::{PresetId, RoutineId};
use super::vocabulary::{Position as BodyPosition, Program};

/// Largest routine file accepted.
pub const MAX_FILE_BYTES: usize = 256 * 1024;
/// Most steps in one routine.
pub const MAX_STEPS: usize = 200;
/// Shortest step, in seconds.
pub const MIN_STEP_SECS: u32 = 5;
/// Longest step, in seconds (60 min).
pub const MAX_STEP_SECS: u32 = 3_600;
/// Longest routine, in seconds (3 h).
pub const MAX_ROUTINE_SECS: u32 = 3 * 3_600;
/// Longest text field, in characters.
pub const MAX_TEXT_CHARS: usize = 1_000;
/// Most sentences in an instruction.
pub const MAX_SENTENCES: usize = 4;

/// Shown with every user routine's summary.
pub const USER_ROUTINE_LABEL: &str =
    "Your own routine: written by you or someone else, not by Lull.";

/// A validated routine. Only [`parse_routine`] builds one, so every `Routine` is valid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Routine {
    /// Unique kebab-case id.
    pub id: RoutineId,
    /// Title shown to people.
    pub title: String,
    /// The program it belongs to.
    pub program: Program,
    /// One line saying what it is for.
    pub summary: String,
    /// The body position.
    pub position: BodyPosition,
    /// Name of an ambience preset to play with it.
    pub ambience: Option<PresetId>,
    /// Citations the content is based on.
    pub sources: Vec<String>,
    /// The steps, in order.
    pub steps: Vec<Step>,
    /// Where the routine came from.
    pub origin: Origin,
}

impl Routine {
    /// Total length, computed from the steps.
    pub fn duration(&self) -> Duration {
        self.steps.iter().map(Step::duration).sum()
    }

    /// The plain label shown with a user routine's summary, so it is never taken for Lull's
    /// own advice; `None` for a bundled routine.
    pub const fn authorship(&self) -> Option<&'static str> {
        match self.origin {
            Origin::Builtin => None,
            Origin::User { .. } => Some(USER_ROUTINE_LABEL),
        }
    }

    /// Whether any step is hands-on.
    pub fn has_touch(&self) -> bool {
        self.steps.iter().any(Step::is_touch)
    }
}

/// Whether `id` is kebab-case: lowercase ASCII letters and digits in groups joined by single dashes.
pub fn is_kebab_case(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Counts sentences: runs of text ended by `.`, `!` or `?` (or the end of the text).
pub fn sentence_count(text: &str) -> usize {
    let mut count = 0;
    let mut in_sentence = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if matches!(c, '.' | '!' | '?') {
            let ends = chars.peek().is_none_or(|n| n.is_whitespace());
            if ends && in_sentence {
                count += 1;
                in_sentence = false;
            }
        } else if !c.is_whitespace() {
            in_sentence = true;
        }
    }
    if in_sentence {
        count += 1;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_user_routines_carry_the_authorship_label() {
        let text = "id = \"a\"\ntitle = \"A\"\nprogram = \"stress\"\nsummary = \"S.\"\nposition = \"any\"\nsources = []\n[[steps]]\ntitle = \"R\"\ninstruction = \"Rest.\"\nduration_secs = 10\nkind = \"rest\"\ntags = []\n";
        let builtin = parse_routine("a.toml", text.as_bytes(), Origin::Builtin).unwrap();
        assert_eq!(builtin.authorship(), None);
        let user = parse_routine(
            "a.toml",
            text.as_bytes(),
            Origin::User {
                path: "a.toml".into(),
            },
        )
        .unwrap();
        assert_eq!(user.authorship(), Some(USER_ROUTINE_LABEL));
        assert!(USER_ROUTINE_LABEL.contains("not by Lull"));
    }

    #[test]
    fn kebab_case_ids() {
        assert!(is_kebab_case("temple-scalp-reset"));
        assert!(is_kebab_case("z1"));
        for bad in ["", "Temple", "a--b", "-a", "a-", "a_b", "a b", "é"] {
            assert!(!is_kebab_case(bad), "{bad}");
        }
    }

    #[test]
    fn counts_sentences() {
        assert_eq!(sentence_count("Breathe in. Breathe out."), 2);
        assert_eq!(sentence_count("Rest"), 1);
        assert_eq!(sentence_count("Slowly... then stop! Ready? Go."), 4);
        assert_eq!(sentence_count("Use 2.5 seconds."), 1);
        assert_eq!(sentence_count("   "), 0);
    }
}
