//! The user's screening answers and the answers-file format (TOML, see docs/cli.md).
//!
//! ```toml
//! conditions = ["pregnancy", "asthma-copd"]
//! pregnancy_weeks = 24
//! avoid_areas = ["hands"]
//! cleared_by_clinician = []
//! skip_breath_holds = false
//!
//! [headache]
//! answers = ["pattern-changed"]
//! ```

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::condition::Condition;
use super::red_flag::RedFlag;
use crate::domain::routine::Position;
use crate::domain::tag::Area;

/// Most weeks a pregnancy answer may give.
pub const MAX_PREGNANCY_WEEKS: u8 = 45;

/// What the user told the safety screen. Missing fields take their defaults when read
/// (so a hand-written or older file still loads).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScreeningAnswers {
    /// Conditions answered "yes".
    pub conditions: BTreeSet<Condition>,
    /// Weeks of pregnancy, when pregnant (unknown is treated as 20 or more).
    pub pregnancy_weeks: Option<u8>,
    /// Areas with a wound, rash, surgery or tumour: never touched.
    pub avoid_areas: BTreeSet<Area>,
    /// Conditions a clinician has cleared the user for.
    pub cleared_by_clinician: BTreeSet<Condition>,
    /// The user prefers no breath holds at all (holds are always optional).
    pub skip_breath_holds: bool,
    /// Today's headache red-flag answers ("yes" answers only).
    pub headache: BTreeSet<RedFlag>,
    /// Whether the headache questions were answered at all (an empty answer list is "no to
    /// every question"; a missing one is "not asked").
    #[serde(default)]
    pub headache_checked: bool,
}

impl ScreeningAnswers {
    /// Whether `condition` was answered yes.
    pub fn has(&self, condition: Condition) -> bool {
        self.conditions.contains(&condition)
    }

    /// Whether `condition` was answered yes and is not cleared by a clinician.
    pub fn pending(&self, condition: Condition) -> bool {
        self.has(condition) && !self.cleared_by_clinician.contains(&condition)
    }

    /// The same answers with the headache red flags replaced (they are asked per episode).
    #[must_use]
    pub fn with_headache(&self, flags: &[RedFlag]) -> Self {
        Self {
            headache: flags.iter().copied().collect(),
            ..self.clone()
        }
    }

    /// Writes the answers in the answers-file format.
    pub fn to_toml(&self) -> String {
        let list = |items: Vec<&str>| {
            let quoted: Vec<String> = items.iter().map(|s| format!("\"{s}\"")).collect();
            format!("[{}]", quoted.join(", "))
        };
        let conditions = list(self.conditions.iter().map(|c| c.as_str()).collect());
        let weeks = self
            .pregnancy_weeks
            .map(|w| format!("pregnancy_weeks = {w}\n"))
            .unwrap_or_default();
        let areas = list(self.avoid_areas.iter().map(|a| a.as_str()).collect());
        let cleared = list(
            self.cleared_by_clinician
                .iter()
                .map(|c| c.as_str())
                .collect(),
        );
        let headache = if self.headache_checked || !self.headache.is_empty() {
            format!(
                "\n[headache]\nanswers = {}\n",
                list(self.headache.iter().map(|f| f.as_str()).collect())
            )
        } else {
            String::new()
        };
        format!(
            "conditions = {conditions}\n{weeks}avoid_areas = {areas}\ncleared_by_clinician = {cleared}\nskip_breath_holds = {}\n{headache}",
            self.skip_breath_holds
        )
    }
}

/// A problem in an answers file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct AnswersError {
    /// The file name as given.
    pub file: String,
    /// Where.
    pub position: Position,
    /// What was wrong and what was expected.
    pub message: String,
}

impl fmt::Display for AnswersError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.position.line, self.position.column, self.message
        )
    }
}

/// Every problem in one answers file (never empty).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct AnswersErrors(pub Vec<AnswersError>);

impl fmt::Display for AnswersErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        f.write_str(&lines.join("\n"))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAnswers {
    #[serde(default)]
    conditions: Vec<Spanned<String>>,
    pregnancy_weeks: Option<Spanned<i64>>,
    #[serde(default)]
    avoid_areas: Vec<Spanned<String>>,
    #[serde(default)]
    cleared_by_clinician: Vec<Spanned<String>>,
    #[serde(default)]
    skip_breath_holds: bool,
    headache: Option<RawHeadache>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeadache {
    #[serde(default)]
    answers: Vec<Spanned<String>>,
}

/// Parses an answers file. Unknown ids are errors, each with its position.
pub fn parse_answers(file: &str, text: &str) -> Result<ScreeningAnswers, AnswersErrors> {
    let raw: RawAnswers = toml::from_str(text).map_err(|e| {
        let position = e.span().map_or(Position { line: 1, column: 1 }, |s| {
            Position::of_field(text, s.start)
        });
        AnswersErrors(vec![AnswersError {
            file: file.to_owned(),
            position,
            message: e.message().trim().replace('\n', " "),
        }])
    })?;
    let mut errors = Vec::new();
    let mut error = |span: std::ops::Range<usize>, message: String| {
        errors.push(AnswersError {
            file: file.to_owned(),
            position: Position::of_field(text, span.start),
            message,
        });
    };
    let mut answers = ScreeningAnswers {
        skip_breath_holds: raw.skip_breath_holds,
        ..Default::default()
    };
    for c in &raw.conditions {
        match Condition::parse(c.get_ref()) {
            Some(condition) => {
                answers.conditions.insert(condition);
            }
            None => error(
                c.span(),
                format!(
                    "unknown condition \"{}\", expected one of: {}",
                    c.get_ref(),
                    Condition::expected()
                ),
            ),
        }
    }
    for c in &raw.cleared_by_clinician {
        match Condition::parse(c.get_ref()) {
            Some(condition) => {
                answers.cleared_by_clinician.insert(condition);
            }
            None => error(
                c.span(),
                format!(
                    "unknown condition \"{}\" in cleared_by_clinician, expected one of: {}",
                    c.get_ref(),
                    Condition::expected()
                ),
            ),
        }
    }
    for a in &raw.avoid_areas {
        match Area::parse(a.get_ref()) {
            Some(area) => {
                answers.avoid_areas.insert(area);
            }
            None => error(
                a.span(),
                format!(
                    "unknown area \"{}\", expected one of: {}",
                    a.get_ref(),
                    Area::expected()
                ),
            ),
        }
    }
    if let Some(weeks) = &raw.pregnancy_weeks {
        let w = *weeks.get_ref();
        if w < 0 || w > i64::from(MAX_PREGNANCY_WEEKS) {
            error(
                weeks.span(),
                format!("pregnancy_weeks must be 0..={MAX_PREGNANCY_WEEKS}, got {w}"),
            );
        } else if !answers.has(Condition::Pregnancy) {
            error(
                weeks.span(),
                "pregnancy_weeks is given but \"pregnancy\" is not in conditions".to_owned(),
            );
        } else {
            answers.pregnancy_weeks = Some(w as u8);
        }
    }
    answers.headache_checked = raw.headache.is_some();
    for f in raw.headache.iter().flat_map(|h| &h.answers) {
        match RedFlag::parse(f.get_ref()) {
            Some(flag) => {
                answers.headache.insert(flag);
            }
            None => error(
                f.span(),
                format!(
                    "unknown headache answer \"{}\", expected one of: {}",
                    f.get_ref(),
                    RedFlag::expected()
                ),
            ),
        }
    }
    if errors.is_empty() {
        Ok(answers)
    } else {
        Err(AnswersErrors(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_example() {
        let text = "conditions = [\"pregnancy\", \"asthma-copd\"]\npregnancy_weeks = 24\navoid_areas = [\"hands\"]\ncleared_by_clinician = []\n\n[headache]\nanswers = [\"pattern-changed\"]\n";
        let a = parse_answers("a.toml", text).unwrap();
        assert!(a.has(Condition::Pregnancy) && a.has(Condition::AsthmaCopd));
        assert_eq!(a.pregnancy_weeks, Some(24));
        assert!(a.avoid_areas.contains(&Area::Hands));
        assert!(a.headache.contains(&RedFlag::PatternChanged));
    }

    #[test]
    fn unknown_ids_are_errors_with_positions() {
        let text = "conditions = [\"pregnancy\", \"flu\"]\navoid_areas = [\"neck\"]\n[headache]\nanswers = [\"bad\"]\n";
        let errors = parse_answers("a.toml", text).unwrap_err().0;
        assert_eq!(errors.len(), 3);
        assert_eq!(
            errors[0].position,
            Position {
                line: 1,
                column: 28
            }
        );
        assert!(
            errors[0]
                .to_string()
                .starts_with("a.toml:1:28: unknown condition \"flu\"")
        );
        assert!(errors[1].message.contains("unknown area \"neck\""));
        assert_eq!(errors[2].position.line, 4);
    }

    #[test]
    fn unknown_keys_and_bad_weeks_are_errors() {
        assert!(parse_answers("a", "condition = []").is_err());
        assert!(parse_answers("a", "conditions = [\"pregnancy\"]\npregnancy_weeks = 60").is_err());
        assert!(parse_answers("a", "pregnancy_weeks = 10").is_err());
    }

    #[test]
    fn toml_round_trip() {
        let mut a = ScreeningAnswers::default();
        a.conditions.insert(Condition::Pregnancy);
        a.conditions.insert(Condition::Cancer);
        a.pregnancy_weeks = Some(12);
        a.avoid_areas.insert(Area::Feet);
        a.cleared_by_clinician.insert(Condition::Cancer);
        a.skip_breath_holds = true;
        a.headache.insert(RedFlag::Thunderclap);
        a.headache_checked = true;
        assert_eq!(parse_answers("x", &a.to_toml()).unwrap(), a);
        let empty = ScreeningAnswers::default();
        assert_eq!(parse_answers("x", &empty.to_toml()).unwrap(), empty);
    }
}
