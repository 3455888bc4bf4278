//! The saved safety answers: what the user told the questionnaire, when, and today's
//! "are you unwell?" answer.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::domain::safety::{
    Condition, HeadacheTier, QUESTIONNAIRE_VERSION, REASK_AFTER_DAYS, RedFlag, ScreeningAnswers,
    headache_check,
};

/// Today's answers to the headache questions: they stand for the rest of the day (an urgent
/// answer keeps head and neck massage off until the questions are answered again as clear).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeadacheDay {
    /// The date they were answered (`YYYY-MM-DD` in the file).
    pub date: jiff::civil::Date,
    /// The "yes" answers.
    pub flags: BTreeSet<RedFlag>,
}

/// Today's quick check before the first massage routine of the day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TodayCheck {
    /// The date it was answered (`YYYY-MM-DD` in the file).
    pub date: jiff::civil::Date,
    /// Whether the user said they are unwell (fever or infection).
    pub unwell: bool,
}

/// The stored answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SafetyRecord {
    /// The questionnaire version they answered.
    pub questionnaire_version: u32,
    /// The date they answered (`YYYY-MM-DD` in the file; a file with a date that cannot be
    /// read is kept aside as corrupt, and the questions are asked again).
    pub answered_on: jiff::civil::Date,
    /// The answers.
    pub answers: ScreeningAnswers,
    /// Today's check, if given.
    #[serde(default)]
    pub today: Option<TodayCheck>,
    /// The last headache answers, with their day.
    #[serde(default)]
    pub headache: Option<HeadacheDay>,
}

impl SafetyRecord {
    /// A record of `answers` given on `today`. A fever or infection is about today only:
    /// it is kept as today's check (so the daily question is not asked again today) rather
    /// than with the answers that stand for 90 days.
    /// The pregnancy weeks are kept with today's date, so they count on from today. Today's
    /// headache answers are not part of the questionnaire: keep them with
    /// [`Self::set_headache_today`].
    pub fn new(answers: ScreeningAnswers, today: jiff::civil::Date) -> Self {
        let mut answers = answers.tidied().on(today);
        let unwell = answers.conditions.remove(&Condition::FeverOrInfection);
        answers
            .cleared_by_clinician
            .remove(&Condition::FeverOrInfection);
        answers.headache.clear();
        answers.headache_checked = false;
        Self {
            questionnaire_version: QUESTIONNAIRE_VERSION,
            answered_on: today,
            answers,
            today: Some(TodayCheck {
                date: today,
                unwell,
            }),
            headache: None,
        }
    }

    /// Keeps today's headache answers for the rest of the day.
    pub fn set_headache_today(&mut self, flags: BTreeSet<RedFlag>, today: jiff::civil::Date) {
        self.headache = Some(HeadacheDay { date: today, flags });
    }

    /// Today's headache answers, if the questions were answered today.
    pub fn headache_today(&self, today: jiff::civil::Date) -> Option<&BTreeSet<RedFlag>> {
        self.headache
            .as_ref()
            .filter(|h| h.date == today)
            .map(|h| &h.flags)
    }

    /// How today's headache answers rank (`Clear` when not answered today).
    pub fn headache_tier_today(&self, today: jiff::civil::Date) -> HeadacheTier {
        self.headache_today(today)
            .map_or(HeadacheTier::Clear, |flags| {
                headache_check(&flags.iter().copied().collect::<Vec<_>>()).tier
            })
    }

    /// Whether the questionnaire must be asked again: a new version, more than 90 days
    /// since the answers (or a date after today), or a pregnancy now past 42 weeks.
    pub fn needs_reask(&self, today: jiff::civil::Date) -> bool {
        if self.questionnaire_version != QUESTIONNAIRE_VERSION
            || self.answers.pregnancy_out_of_date(today)
        {
            return true;
        }
        // Count in whole days (the largest unit of the span).
        self.answered_on
            .until((jiff::Unit::Day, today))
            .map_or(true, |span| {
                let days = span.get_days();
                days > REASK_AFTER_DAYS.cast_signed() || days < 0
            })
    }

    /// Whether today's unwell check has been answered.
    pub fn checked_today(&self, today: jiff::civil::Date) -> bool {
        self.today.as_ref().is_some_and(|t| t.date == today)
    }

    /// The answers in force today: the saved ones with the pregnancy weeks counted on to
    /// today, plus a fever if the user is unwell today (a fever saved with the answers by an
    /// older Lull counts only on the day it was given), plus today's headache answers.
    pub fn answers_today(&self, today: jiff::civil::Date) -> ScreeningAnswers {
        let mut answers = self.answers.on(today);
        answers.headache.clear();
        answers.headache_checked = false;
        if let Some(flags) = self.headache_today(today) {
            answers.headache.clone_from(flags);
            answers.headache_checked = true;
        }
        if self.answered_on != today {
            answers.conditions.remove(&Condition::FeverOrInfection);
        }
        if self
            .today
            .as_ref()
            .is_some_and(|t| t.date == today && t.unwell)
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
            questionnaire_version: 1,
            ..r.clone()
        };
        assert!(old.needs_reask(date("2026-01-02")));
        let future = SafetyRecord {
            answered_on: date("2026-02-01"),
            ..r
        };
        assert!(
            future.needs_reask(date("2026-01-02")),
            "answered after today"
        );
        // A date that cannot be read makes the file unreadable: kept aside, asked again.
        let text = toml::to_string(&future)
            .unwrap()
            .replace("2026-02-01", "soon");
        assert!(toml::from_str::<SafetyRecord>(&text).is_err());
    }

    #[test]
    fn pregnancy_weeks_count_on_and_past_42_weeks_the_questions_come_back() {
        // Issue 9.1: "19 weeks" answered 85 days ago used to count as 19 weeks (under 20)
        // until the 90-day re-ask, keeping "lie on your back" at about 31 weeks.
        let answers = ScreeningAnswers {
            conditions: [Condition::Pregnancy].into_iter().collect(),
            pregnancy_weeks: Some(19),
            ..ScreeningAnswers::default()
        };
        let r = SafetyRecord::new(answers, date("2026-09-09"));
        assert_eq!(r.answers.pregnancy_weeks_on, Some(date("2026-09-09")));
        assert_eq!(
            r.answers_today(date("2026-09-15")).pregnancy_weeks,
            Some(19)
        );
        assert_eq!(
            r.answers_today(date("2026-09-16")).pregnancy_weeks,
            Some(20)
        );
        assert_eq!(
            r.answers_today(date("2026-12-03")).pregnancy_weeks,
            Some(31)
        );
        assert!(!r.needs_reask(date("2026-12-03")));
        // 33 weeks on: counted, 52 weeks; the answer is out of date.
        let late = SafetyRecord::new(
            ScreeningAnswers {
                pregnancy_weeks: Some(40),
                ..r.answers.clone()
            },
            date("2026-09-09"),
        );
        assert!(!late.needs_reask(date("2026-09-29")));
        assert!(late.needs_reask(date("2026-09-30")));
    }

    #[test]
    fn todays_headache_answers_stand_for_the_day() {
        // Issue 9.6: an urgent answer used to last one screen.
        let mut r = SafetyRecord::new(ScreeningAnswers::default(), date("2026-05-01"));
        assert_eq!(
            r.headache_tier_today(date("2026-05-01")),
            HeadacheTier::Clear
        );
        r.set_headache_today(
            [RedFlag::UnexplainedVomiting].into_iter().collect(),
            date("2026-05-01"),
        );
        let today = r.answers_today(date("2026-05-01"));
        assert!(today.headache_checked && !today.headache.is_empty());
        assert!(r.headache_tier_today(date("2026-05-01")) >= HeadacheTier::Urgent);
        let tomorrow = r.answers_today(date("2026-05-02"));
        assert!(!tomorrow.headache_checked && tomorrow.headache.is_empty());
        r.set_headache_today(BTreeSet::new(), date("2026-05-01"));
        assert_eq!(
            r.headache_tier_today(date("2026-05-01")),
            HeadacheTier::Clear
        );
    }

    #[test]
    fn unwell_today_adds_a_fever_for_that_day_only() {
        let mut r = SafetyRecord::new(ScreeningAnswers::default(), date("2026-05-01"));
        r.today = Some(TodayCheck {
            date: date("2026-05-02"),
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
            date: date("2026-11-27"),
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
