//! The user's screening answers and the answers-file format (TOML, see docs/cli.md).
//!
//! ```toml
//! conditions = ["pregnancy", "asthma-copd", "contagious-skin-condition"]
//! pregnancy_weeks = 24
//! pregnancy_weeks_on = 2026-11-02
//! cleared_by_clinician = []
//! skip_breath_holds = false
//!
//! [areas]
//! contagious-skin-condition = ["face"]
//!
//! [headache]
//! answers = ["pattern-changed"]
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::condition::Condition;
use super::red_flag::RedFlag;
use crate::domain::routine::Position;
use crate::domain::tag::Area;

/// Most weeks a pregnancy answer may give.
pub const MAX_PREGNANCY_WEEKS: u8 = 45;

/// Past this many weeks (counted on from the answer) the pregnancy answer is out of date and
/// the questions are asked again.
pub const PREGNANCY_REASK_AFTER_WEEKS: u8 = 42;

/// What the user told the safety screen. Missing fields take their defaults when read
/// (so a hand-written or older file still loads; an older flat `avoid_areas` list is moved
/// to every declared condition that asks where).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, from = "StoredAnswers")]
pub struct ScreeningAnswers {
    /// Conditions answered "yes".
    pub conditions: BTreeSet<Condition>,
    /// Weeks of pregnancy, when pregnant, on the day `pregnancy_weeks_on` (unknown weeks are
    /// treated as 20 or more). The rules read it as today's weeks: bring the answers to
    /// today with [`ScreeningAnswers::on`] first.
    pub pregnancy_weeks: Option<u8>,
    /// The day `pregnancy_weeks` was true; the weeks count on from it. `None`: today.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pregnancy_weeks_on: Option<Date>,
    /// The areas named for each condition that asks where (a rash, a wound, a tumour or a
    /// treated area): never touched. Each condition keeps its own, so an area named for one
    /// condition never counts as "where" for another.
    pub areas: BTreeMap<Condition, BTreeSet<Area>>,
    /// Conditions a clinician has cleared the user for.
    pub cleared_by_clinician: BTreeSet<Condition>,
    /// The user prefers no breath holds at all (holds are always optional).
    pub skip_breath_holds: bool,
    /// Today's headache red-flag answers ("yes" answers only).
    pub headache: BTreeSet<RedFlag>,
    /// Whether the headache questions were answered at all (an empty answer list is "no to
    /// every question"; a missing one is "not asked").
    pub headache_checked: bool,
}

/// The stored form, read with the migration from the flat `avoid_areas` list of older Lulls.
#[derive(Default, Deserialize)]
#[serde(default)]
struct StoredAnswers {
    conditions: BTreeSet<Condition>,
    pregnancy_weeks: Option<u8>,
    pregnancy_weeks_on: Option<Date>,
    areas: BTreeMap<Condition, BTreeSet<Area>>,
    avoid_areas: BTreeSet<Area>,
    cleared_by_clinician: BTreeSet<Condition>,
    skip_breath_holds: bool,
    headache: BTreeSet<RedFlag>,
    headache_checked: bool,
}

impl From<StoredAnswers> for ScreeningAnswers {
    fn from(s: StoredAnswers) -> Self {
        let mut answers = Self {
            conditions: s.conditions,
            pregnancy_weeks: s.pregnancy_weeks,
            pregnancy_weeks_on: s.pregnancy_weeks_on,
            areas: s.areas,
            cleared_by_clinician: s.cleared_by_clinician,
            skip_breath_holds: s.skip_breath_holds,
            headache: s.headache,
            headache_checked: s.headache_checked,
        };
        answers.migrate_flat_areas(&s.avoid_areas);
        answers
    }
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

    /// The areas named for `condition` (empty when none).
    pub fn areas_for(&self, condition: Condition) -> impl Iterator<Item = Area> + '_ {
        self.areas.get(&condition).into_iter().flatten().copied()
    }

    /// Every area named, for any condition, each once.
    pub fn all_areas(&self) -> BTreeSet<Area> {
        self.areas.values().flatten().copied().collect()
    }

    /// Names `area` for `condition` (or takes it back).
    pub fn set_area(&mut self, condition: Condition, area: Area, on: bool) {
        let set = self.areas.entry(condition).or_default();
        if on {
            set.insert(area);
        } else {
            set.remove(&area);
        }
        if set.is_empty() {
            self.areas.remove(&condition);
        }
    }

    /// Moves a flat list of areas (the format before areas were kept per condition) to every
    /// declared condition that asks where: we cannot know which it was named for.
    fn migrate_flat_areas(&mut self, flat: &BTreeSet<Area>) {
        if flat.is_empty() {
            return;
        }
        let local: Vec<Condition> = self
            .conditions
            .iter()
            .copied()
            .filter(|c| c.asks_where())
            .collect();
        for c in local {
            self.areas
                .entry(c)
                .or_default()
                .extend(flat.iter().copied());
        }
    }

    /// Drops what no longer belongs: areas and clearances of conditions not declared, and
    /// pregnancy weeks without pregnancy.
    #[must_use]
    pub fn tidied(mut self) -> Self {
        let conditions = self.conditions.clone();
        self.areas
            .retain(|c, areas| conditions.contains(c) && c.asks_where() && !areas.is_empty());
        self.cleared_by_clinician.retain(|c| conditions.contains(c));
        if !self.has(Condition::Pregnancy) {
            self.pregnancy_weeks = None;
            self.pregnancy_weeks_on = None;
        }
        self
    }

    /// The answers as they stand on `today`: pregnancy weeks counted on, in whole weeks, from
    /// the day they were given (research §1.2: from 20 weeks no lying on the back, on the day
    /// it applies). A date in the future counts no weeks.
    #[must_use]
    pub fn on(&self, today: Date) -> Self {
        let mut answers = self.clone();
        if let Some(weeks) = answers.pregnancy_weeks {
            let days = answers
                .pregnancy_weeks_on
                .and_then(|given| given.until((jiff::Unit::Day, today)).ok())
                .map_or(0, |span| span.get_days().max(0));
            let more = u8::try_from(days / 7).unwrap_or(u8::MAX);
            answers.pregnancy_weeks = Some(weeks.saturating_add(more));
            answers.pregnancy_weeks_on = Some(today);
        }
        answers
    }

    /// Whether the pregnancy answer, counted on to `today`, is past 42 weeks: out of date.
    pub fn pregnancy_out_of_date(&self, today: Date) -> bool {
        self.has(Condition::Pregnancy)
            && self
                .on(today)
                .pregnancy_weeks
                .is_some_and(|w| w > PREGNANCY_REASK_AFTER_WEEKS)
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
        let weeks_on = self
            .pregnancy_weeks_on
            .filter(|_| self.pregnancy_weeks.is_some())
            .map(|d| format!("pregnancy_weeks_on = {d}\n"))
            .unwrap_or_default();
        let cleared = list(
            self.cleared_by_clinician
                .iter()
                .map(|c| c.as_str())
                .collect(),
        );
        let areas = if self.areas.is_empty() {
            String::new()
        } else {
            let lines: Vec<String> = self
                .areas
                .iter()
                .map(|(c, areas)| {
                    format!("{c} = {}", list(areas.iter().map(|a| a.as_str()).collect()))
                })
                .collect();
            format!("\n[areas]\n{}\n", lines.join("\n"))
        };
        let headache = if self.headache_checked || !self.headache.is_empty() {
            format!(
                "\n[headache]\nanswers = {}\n",
                list(self.headache.iter().map(|f| f.as_str()).collect())
            )
        } else {
            String::new()
        };
        format!(
            "conditions = {conditions}\n{weeks}{weeks_on}cleared_by_clinician = {cleared}\nskip_breath_holds = {}\n{areas}{headache}",
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
    pregnancy_weeks_on: Option<Spanned<toml::value::Datetime>>,
    #[serde(default)]
    areas: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
    /// The format before areas were kept per condition.
    #[serde(default)]
    avoid_areas: Option<Spanned<Vec<Spanned<String>>>>,
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

/// Whether `text` holds no TOML at all: only blank lines and comments.
fn says_nothing(text: &str) -> bool {
    text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#')
    })
}

/// Parses an answers file. Unknown ids are errors, each with its position; so are a file
/// that says nothing (an empty file is not "no conditions": write `conditions = []`), a
/// clearance or areas for a condition not declared, and weeks without a pregnancy.
#[expect(clippy::too_many_lines, reason = "one check per field, in file order")]
pub fn parse_answers(file: &str, text: &str) -> Result<ScreeningAnswers, AnswersErrors> {
    let start = Position { line: 1, column: 1 };
    if says_nothing(text) {
        return Err(AnswersErrors(vec![AnswersError {
            file: file.to_owned(),
            position: start,
            message: format!(
                "no answers in {file}: an empty file does not mean \"no conditions\"; write `conditions = []` to say you have none (see docs/cli.md)"
            ),
        }]));
    }
    let raw: RawAnswers = toml::from_str(text).map_err(|e| {
        let position = e
            .span()
            .map_or(start, |s| Position::of_field(text, s.start));
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
            Some(condition) if !answers.has(condition) => error(
                c.span(),
                format!(
                    "cleared_by_clinician names \"{condition}\", which is not in conditions: a clearance needs its condition"
                ),
            ),
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
    let asks_where: Vec<&str> = Condition::ALL
        .iter()
        .filter(|c| c.asks_where())
        .map(|c| c.as_str())
        .collect();
    let parse_areas =
        |list: &[Spanned<String>], error: &mut dyn FnMut(std::ops::Range<usize>, String)| {
            let mut found = BTreeSet::new();
            for a in list {
                match Area::parse(a.get_ref()) {
                    Some(area) => {
                        found.insert(area);
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
            found
        };
    for (c, list) in &raw.areas {
        let areas = parse_areas(list, &mut error);
        match Condition::parse(c.get_ref()) {
            Some(condition) if !condition.asks_where() => error(
                c.span(),
                format!(
                    "areas are named only for {}, not for \"{condition}\"",
                    asks_where.join(", ")
                ),
            ),
            Some(condition) if !answers.has(condition) => error(
                c.span(),
                format!("areas are given for \"{condition}\", which is not in conditions"),
            ),
            Some(condition) => {
                for area in areas {
                    answers.set_area(condition, area, true);
                }
            }
            None => error(
                c.span(),
                format!(
                    "unknown condition \"{}\" in [areas], expected one of: {}",
                    c.get_ref(),
                    asks_where.join(", ")
                ),
            ),
        }
    }
    if let Some(flat) = &raw.avoid_areas {
        let areas = parse_areas(flat.get_ref(), &mut error);
        if answers.conditions.iter().any(|c| c.asks_where()) {
            answers.migrate_flat_areas(&areas);
        } else if !areas.is_empty() {
            error(
                flat.span(),
                format!(
                    "avoid_areas (the older format) names areas but none of {} is in conditions; name the areas under [areas], with the condition they belong to",
                    asks_where.join(", ")
                ),
            );
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
            answers.pregnancy_weeks = u8::try_from(w).ok();
        }
    }
    if let Some(on) = &raw.pregnancy_weeks_on {
        let value = on.get_ref();
        let date = match (value.date, value.time) {
            (Some(d), None) => Date::new(
                i16::try_from(d.year).unwrap_or(i16::MAX),
                i8::try_from(d.month).unwrap_or(i8::MAX),
                i8::try_from(d.day).unwrap_or(i8::MAX),
            )
            .ok(),
            _ => None,
        };
        match date {
            None => error(
                on.span(),
                format!("pregnancy_weeks_on must be a date like 2026-11-02, got {value}"),
            ),
            Some(_) if raw.pregnancy_weeks.is_none() => error(
                on.span(),
                "pregnancy_weeks_on is given but pregnancy_weeks is not".to_owned(),
            ),
            Some(d) => answers.pregnancy_weeks_on = Some(d),
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

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn parses_the_documented_example() {
        let text = "conditions = [\"pregnancy\", \"asthma-copd\", \"contagious-skin-condition\"]\npregnancy_weeks = 24\npregnancy_weeks_on = 2026-11-02\ncleared_by_clinician = []\n\n[areas]\ncontagious-skin-condition = [\"face\"]\n\n[headache]\nanswers = [\"pattern-changed\"]\n";
        let a = parse_answers("a.toml", text).unwrap();
        assert!(a.has(Condition::Pregnancy) && a.has(Condition::AsthmaCopd));
        assert_eq!(a.pregnancy_weeks, Some(24));
        assert_eq!(a.pregnancy_weeks_on, Some(date("2026-11-02")));
        assert_eq!(
            a.areas_for(Condition::ContagiousSkinCondition)
                .collect::<Vec<_>>(),
            [Area::Face]
        );
        assert!(a.headache.contains(&RedFlag::PatternChanged));
    }

    #[test]
    fn unknown_ids_are_errors_with_positions() {
        let text = "conditions = [\"pregnancy\", \"flu\", \"cancer\"]\n[areas]\ncancer = [\"neck\"]\n[headache]\nanswers = [\"bad\"]\n";
        let errors = parse_answers("a.toml", text).unwrap_err().0;
        assert_eq!(errors.len(), 3, "{errors:?}");
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
        assert_eq!(errors[2].position.line, 5);
    }

    #[test]
    fn unknown_keys_and_bad_weeks_are_errors() {
        assert!(parse_answers("a", "condition = []").is_err());
        assert!(parse_answers("a", "conditions = [\"pregnancy\"]\npregnancy_weeks = 60").is_err());
        assert!(parse_answers("a", "pregnancy_weeks = 10").is_err());
        assert!(
            parse_answers(
                "a",
                "conditions = [\"pregnancy\"]\npregnancy_weeks = 10\npregnancy_weeks_on = 2026-13-40"
            )
            .is_err()
        );
    }

    #[test]
    fn a_file_that_says_nothing_is_an_error() {
        // Issue 9.9: a 0-byte file used to be taken as "no conditions".
        for text in ["", "\n  \n", "# nothing yet\n"] {
            let e = parse_answers("mine.toml", text).unwrap_err().0;
            assert_eq!(e.len(), 1);
            assert!(
                e[0].to_string()
                    .starts_with("mine.toml:1:1: no answers in mine.toml"),
                "{}",
                e[0]
            );
        }
        assert_eq!(
            parse_answers("a", "conditions = []").unwrap(),
            ScreeningAnswers::default()
        );
    }

    #[test]
    fn a_clearance_needs_its_condition() {
        // Issue 9.9: a clearance for a condition that was not declared was accepted silently.
        let text = "conditions = [\"asthma-copd\"]\ncleared_by_clinician = [\"heart-condition\"]\n";
        let e = parse_answers("a.toml", text).unwrap_err().0;
        assert_eq!(
            e[0].to_string(),
            "a.toml:2:25: cleared_by_clinician names \"heart-condition\", which is not in conditions: a clearance needs its condition"
        );
    }

    #[test]
    fn areas_belong_to_their_condition() {
        let undeclared =
            "conditions = [\"cancer\"]\n[areas]\ncontagious-skin-condition = [\"face\"]\n";
        let e = parse_answers("a.toml", undeclared).unwrap_err().0;
        assert!(
            e[0].to_string()
                .starts_with("a.toml:3:1: areas are given for \"contagious-skin-condition\""),
            "{}",
            e[0]
        );
        let not_local = "conditions = [\"blood-clot\"]\n[areas]\nblood-clot = [\"calves\"]\n";
        assert!(parse_answers("a", not_local).is_err());
    }

    #[test]
    fn the_flat_list_of_older_files_goes_to_every_condition_that_asks_where() {
        let text = "conditions = [\"cancer\", \"contagious-skin-condition\", \"asthma-copd\"]\navoid_areas = [\"shoulders\"]\n";
        let a = parse_answers("a", text).unwrap();
        for c in [Condition::Cancer, Condition::ContagiousSkinCondition] {
            assert_eq!(a.areas_for(c).collect::<Vec<_>>(), [Area::Shoulders], "{c}");
        }
        assert_eq!(a.areas.len(), 2);
        // With no such condition the old list cannot be placed: an error, not a silent drop.
        assert!(parse_answers("a", "conditions = []\navoid_areas = [\"hands\"]").is_err());
        // The same migration for a record saved by an older Lull.
        let old: ScreeningAnswers = toml::from_str(
            "conditions = [\"wound-fracture-or-surgery\"]\navoid_areas = [\"feet\"]\n",
        )
        .unwrap();
        assert_eq!(
            old.areas_for(Condition::WoundFractureOrSurgery)
                .collect::<Vec<_>>(),
            [Area::Feet]
        );
    }

    #[test]
    fn pregnancy_weeks_count_on_from_the_day_they_were_given() {
        // Issue 9.1: "19 weeks", answered 85 days ago, is about 31 weeks today.
        let a = ScreeningAnswers {
            conditions: BTreeSet::from([Condition::Pregnancy]),
            pregnancy_weeks: Some(19),
            pregnancy_weeks_on: Some(date("2026-09-09")),
            ..ScreeningAnswers::default()
        };
        assert_eq!(a.on(date("2026-09-09")).pregnancy_weeks, Some(19));
        assert_eq!(a.on(date("2026-09-15")).pregnancy_weeks, Some(19));
        assert_eq!(a.on(date("2026-09-16")).pregnancy_weeks, Some(20));
        assert_eq!(a.on(date("2026-12-03")).pregnancy_weeks, Some(31));
        assert_eq!(
            a.on(date("2026-12-03")).pregnancy_weeks_on,
            Some(date("2026-12-03"))
        );
        // Counting on again from the new date does not count twice.
        let today = a.on(date("2026-12-03"));
        assert_eq!(today.on(date("2026-12-03")).pregnancy_weeks, Some(31));
        // A date in the future counts nothing; no date means "given today".
        assert_eq!(a.on(date("2026-01-01")).pregnancy_weeks, Some(19));
        let undated = ScreeningAnswers {
            pregnancy_weeks_on: None,
            ..a.clone()
        };
        assert_eq!(undated.on(date("2027-01-01")).pregnancy_weeks, Some(19));
        assert!(!a.pregnancy_out_of_date(date("2027-01-20")));
        assert!(a.pregnancy_out_of_date(date("2027-03-01")));
    }

    #[test]
    fn toml_round_trip() {
        let mut a = ScreeningAnswers::default();
        a.conditions.insert(Condition::Pregnancy);
        a.conditions.insert(Condition::Cancer);
        a.pregnancy_weeks = Some(12);
        a.pregnancy_weeks_on = Some(date("2026-10-01"));
        a.set_area(Condition::Cancer, Area::Feet, true);
        a.cleared_by_clinician.insert(Condition::Cancer);
        a.skip_breath_holds = true;
        a.headache.insert(RedFlag::Thunderclap);
        a.headache_checked = true;
        assert_eq!(parse_answers("x", &a.to_toml()).unwrap(), a);
        let serde_text = toml::to_string(&a).unwrap();
        assert_eq!(toml::from_str::<ScreeningAnswers>(&serde_text).unwrap(), a);
        let empty = ScreeningAnswers::default();
        assert_eq!(parse_answers("x", &empty.to_toml()).unwrap(), empty);
    }
}
