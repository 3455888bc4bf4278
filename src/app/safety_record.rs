//! The saved safety answers: what the user told the questionnaire, when, and today's
//! "are you unwell?" answer.

use serde::{Deserialize, Serialize};

use crate::domain::safety::{Condition, QUESTIONNAIRE_VERSION, REASK_AFTER_DAYS, ScreeningAnswers};

/// Today's quick check before the first massage routine of the day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TodayCheck {
    /// The date it was answered (`YYYY-MM-DD`).
    pub date: String,
    /// Whether the user said they are unwell (fever or infection).
    pub unwell: bool,
}

/// The stored answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SafetyRecord {
    /// The questionnaire version they answered.
    pub questionnaire_version: u32,
    /// The date they answered (`YYYY-MM-DD`).
    pub answered_on: String,
    /// The answers.
    pub answers: ScreeningAnswers,
    /// Today's check, if given.
    #[serde(default)]
    pub today: Option<TodayCheck>,
}

impl SafetyRecord {
    /// A record of `answers` given on `today`. A fever or infection is about today only:
    /// it is kept as today's check (so the daily question is not asked again today) rather
    /// than with the answers that stand for 90 days.
    pub fn new(mut answers: ScreeningAnswers, today: jiff::civil::Date) -> Self {
        let unwell = answers.conditions.remove(&Condition::FeverOrInfection);
        answers
            .cleared_by_clinician
            .remove(&Condition::FeverOrInfection);
        Self {
            questionnaire_version: QUESTIONNAIRE_VERSION,
            answered_on: today.to_string(),
            answers,
            today: Some(TodayCheck {
                date: today.to_string(),
                unwell,
            }),
        }
    }

    /// Whether the questionnaire must be asked again: a new version, more than 90 days
    /// since the answers, or a date that cannot be read.
    pub fn needs_reask(&self, today: jiff::civil::Date) -> bool {
        if self.questionnaire_version != QUESTIONNAIRE_VERSION {
            return true;
        }
        let Ok(answered) = self.answered_on.parse::<jiff::civil::Date>() else {
            return true;
        };
        // Count in whole days (the largest unit of the span).
        answered
            .until((jiff::Unit::Day, today))
            .map_or(true, |span| {
                let days = span.get_days();
                days > REASK_AFTER_DAYS.cast_signed() || days < 0
            })
    }

    /// Whether today's unwell check has been answered.
    pub fn checked_today(&self, today: jiff::civil::Date) -> bool {
        self.today
            .as_ref()
            .is_some_and(|t| t.date == today.to_string())
    }

    /// The answers in force today: the saved ones, plus a fever if the user is unwell today
    /// (a fever saved with the answers by an older Lull counts only on the day it was given).
    pub fn answers_today(&self, today: jiff::civil::Date) -> ScreeningAnswers {
        let mut answers = self.answers.clone();
        if self.answered_on != today.to_string() {
            answers.conditions.remove(&Condition::FeverOrInfection);
        }
        if self
            .today
            .as_ref()
            .is_some_and(|t| t.date == today.to_string() && t.unwell)
        {
            answers.conditions.insert(Condition::FeverOrInfection);
        }
        answers
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> jiff::civil::Date {
        s.parse().unwrap()
    }

    #[test]
    fn reask_after_90_days_or_a_new_version() {
        let r = SafetyRecord::new(ScreeningAnswers::default(), date("2026-01-01"));
        assert!(!r.needs_reask(date("2026-03-31")));
        assert!(r.needs_reask(date("2026-04-02")));
        let old = SafetyRecord {
            questionnaire_version: 0,
            ..r.clone()
        };
        assert!(old.needs_reask(date("2026-01-02")));
        let garbled = SafetyRecord {
            answered_on: "soon".into(),
            ..r
        };
        assert!(garbled.needs_reask(date("2026-01-02")));
    }

    #[test]
    fn unwell_today_adds_a_fever_for_that_day_only() {
        let mut r = SafetyRecord::new(ScreeningAnswers::default(), date("2026-05-01"));
        r.today = Some(TodayCheck {
            date: "2026-05-02".into(),
            unwell: true,
        });
        assert!(
            r.answers_today(date("2026-05-02"))
                .has(Condition::FeverOrInfection)
        );
        assert!(
            !r.answers_today(date("2026-05-03"))
                .has(Condition::FeverOrInfection)
        );
        assert!(r.checked_today(date("2026-05-02")) && !r.checked_today(date("2026-05-03")));
    }

    #[test]
    fn a_fever_counts_for_the_day_it_is_given_only() {
        let answers = ScreeningAnswers {
            conditions: [Condition::FeverOrInfection, Condition::Cancer]
                .into_iter()
                .collect(),
            ..ScreeningAnswers::default()
        };
        let mut r = SafetyRecord::new(answers, date("2026-11-27"));
        assert!(r.checked_today(date("2026-11-27")), "not asked twice today");
        assert!(
            r.answers_today(date("2026-11-27"))
                .has(Condition::FeverOrInfection)
        );
        let tomorrow = r.answers_today(date("2026-11-28"));
        assert!(!tomorrow.has(Condition::FeverOrInfection));
        assert!(tomorrow.has(Condition::Cancer), "the rest stands");
        assert!(!r.checked_today(date("2026-11-28")), "asked again tomorrow");
        // "No, I feel well" today undoes it.
        r.today = Some(TodayCheck {
            date: "2026-11-27".to_owned(),
            unwell: false,
        });
        assert!(
            !r.answers_today(date("2026-11-27"))
                .has(Condition::FeverOrInfection)
        );
        // A fever saved with the answers by an older Lull lasts only its own day.
        r.answers.conditions.insert(Condition::FeverOrInfection);
        assert!(
            !r.answers_today(date("2026-11-28"))
                .has(Condition::FeverOrInfection)
        );
    }
}
