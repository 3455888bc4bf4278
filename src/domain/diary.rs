//! The headache diary for your doctor: per day, whether there was a headache, how bad it was
//! before and after a routine, what painkiller was taken and what was noted; per calendar
//! month, the days counted the way the International Classification of Headache Disorders
//! (ICHD-3, 8.2 "Medication-overuse headache") counts them, and the guardrails its
//! thresholds set. Pure: the history is passed in, and so is the month it ends with.
//!
//! Days are local calendar days ([`record_date`]: the date a session started, in the time
//! zone it was recorded in), not the 04:00 "nights" streaks count by: a diary is by day.
//!
//! A session is in the diary when it is a routine (not sound alone) of the headache program,
//! or rated as a headache, or has a painkiller answer. A day is a **headache day** when any
//! of its diary sessions
//! - was rated above 0 for headache, before or after, or
//! - recorded a painkiller taken (the question is asked about the day of a headache), or
//! - was a headache routine not rated 0 before it (someone who chose a headache routine and
//!   did not say there was no headache had one).
//!
//! A day with two sessions counts once; a day's painkillers are every kind answered that day.
//!
//! The thresholds (ICHD-3 8.2, criteria A and B; 8.2.2–8.2.6), counted per calendar month:
//! headache on ≥ 15 days; simple painkillers on ≥ 15 days; triptans, opioids or combination
//! painkillers each on ≥ 10 days; several kinds, none of them over its own limit, on ≥ 10
//! days in all. ICHD-3 also asks for "more than 3 months" and for a doctor's judgement: Lull
//! never says what anybody has, it only suggests talking to a doctor, with the diary.
//! Sources: <https://ichd-3.org/8-headache-attributed-to-a-substance-or-its-withdrawal/8-2-medication-overuse-headache-moh/>
//! and its subtypes; the research notes' [MOH-SUMMARY] gives the same 10–15 days.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;

use super::history::{History, RatingKind, SessionKind, SessionRecord, csv_escape, record_date};
use super::safety::RedFlag;
use super::vocabulary::{Program, named_enum};

named_enum! {
    /// The answer to "Did you take a painkiller today?", in the classes ICHD-3 counts
    /// separately (8.2.2–8.2.5).
    Painkiller {
        /// No painkiller.
        Nothing = "none",
        /// A simple painkiller: paracetamol, aspirin or another anti-inflammatory such as
        /// ibuprofen (ICHD-3 8.2.3).
        Simple = "simple",
        /// A triptan (8.2.2).
        Triptan = "triptan",
        /// An opioid (8.2.4).
        Opioid = "opioid",
        /// A combination painkiller: painkillers of two classes in one tablet, or one with
        /// caffeine (8.2.5).
        Combination = "combination",
    }
}

impl Painkiller {
    /// The answer as the diary's question offers it.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Nothing => "None",
            Self::Simple => "A simple painkiller (paracetamol, ibuprofen, aspirin…)",
            Self::Triptan => "A triptan (sumatriptan, rizatriptan…)",
            Self::Opioid => "An opioid (codeine, tramadol…)",
            Self::Combination => "A combination painkiller (with codeine or caffeine…)",
        }
    }

    /// A painkiller was taken.
    pub const fn taken(self) -> bool {
        !matches!(self, Self::Nothing)
    }
}

/// The question asked after a headache routine.
pub const PAINKILLER_QUESTION: &str = "Did you take a painkiller today?";

/// Headache days in a month from which a doctor is worth asking (ICHD-3 8.2 A).
pub const HEADACHE_DAYS_LIMIT: u32 = 15;
/// Days with a simple painkiller in a month (ICHD-3 8.2.3).
pub const SIMPLE_DAYS_LIMIT: u32 = 15;
/// Days with a triptan, an opioid or a combination painkiller in a month, each; and days
/// with painkillers of several kinds in all (ICHD-3 8.2.2, 8.2.4, 8.2.5, 8.2.6).
pub const OTHER_DAYS_LIMIT: u32 = 10;

/// The calm words shown when painkillers were taken this often (never a diagnosis).
pub const PAINKILLER_NOTICE: &str =
    "Taking painkillers this often can itself cause headaches; please talk to your doctor.";
/// The calm words shown when headaches came this often.
pub const HEADACHE_DAYS_NOTICE: &str = "Headaches on this many days are worth talking over with your doctor; please take your diary with you.";

/// A calendar month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    /// The year.
    pub year: i16,
    /// The month, 1–12.
    pub month: i8,
}

impl YearMonth {
    /// The month `date` is in.
    pub fn of(date: Date) -> Self {
        Self {
            year: date.year(),
            month: date.month(),
        }
    }

    /// Reads `YYYY-MM`.
    pub fn parse(text: &str) -> Option<Self> {
        let (year, month) = text.trim().split_once('-')?;
        if year.len() != 4 || month.len() != 2 {
            return None;
        }
        let month = Self {
            year: year.parse().ok()?,
            month: month.parse().ok()?,
        };
        month.first_day().map(|_| month)
    }

    /// Its first day (`None` for a month jiff cannot name).
    pub fn first_day(self) -> Option<Date> {
        Date::new(self.year, self.month, 1).ok()
    }

    /// The month before.
    #[must_use]
    pub const fn previous(self) -> Self {
        if self.month <= 1 {
            Self {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Self {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    /// Its name, as people read it: "November 2026".
    pub fn name(self) -> String {
        self.first_day()
            .map_or_else(|| self.to_string(), |d| d.strftime("%B %Y").to_string())
    }
}

impl std::fmt::Display for YearMonth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// One day of the diary.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DayEntry {
    /// The local calendar date.
    pub date: Date,
    /// A headache day (see the module's rules).
    pub headache: bool,
    /// The highest headache rating before a routine that day, 0–10.
    pub pain_before: Option<u8>,
    /// The highest headache rating after a routine that day, 0–10.
    pub pain_after: Option<u8>,
    /// The kinds of painkiller taken that day.
    pub painkillers: BTreeSet<Painkiller>,
    /// The painkiller question was answered that day (so an empty set means "none", not
    /// "not asked").
    pub painkiller_answered: bool,
    /// The routines used that day (titles, each once, in the order first used).
    pub routines: Vec<String>,
    /// What was noted that day.
    pub notes: Vec<String>,
    /// Diary sessions that day.
    pub sessions: u32,
}

/// One calendar month of the diary.
#[derive(Clone, Debug, PartialEq)]
pub struct MonthSummary {
    /// The month.
    pub month: YearMonth,
    /// Days with a headache.
    pub headache_days: u32,
    /// Days with any painkiller.
    pub painkiller_days: u32,
    /// Days with a simple painkiller.
    pub simple_days: u32,
    /// Days with a triptan.
    pub triptan_days: u32,
    /// Days with an opioid.
    pub opioid_days: u32,
    /// Days with a combination painkiller.
    pub combination_days: u32,
    /// Headache routines used (sessions).
    pub headache_routines: u32,
    /// The average headache rating before a routine, over the rated sessions.
    pub pain_before_avg: Option<f64>,
    /// The average headache rating after a routine, over the rated sessions.
    pub pain_after_avg: Option<f64>,
}

/// A threshold the month's diary reached, with the days that reached it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Guardrail {
    /// A headache on ≥ 15 days.
    HeadacheDays(u32),
    /// Simple painkillers on ≥ 15 days.
    SimplePainkillers(u32),
    /// Triptans on ≥ 10 days.
    Triptans(u32),
    /// Opioids on ≥ 10 days.
    Opioids(u32),
    /// Combination painkillers on ≥ 10 days.
    CombinationPainkillers(u32),
    /// Painkillers of more than one kind, none over its own limit, on ≥ 10 days in all.
    SeveralKinds(u32),
}

impl Guardrail {
    /// The stable id (CSV).
    pub const fn id(self) -> &'static str {
        match self {
            Self::HeadacheDays(_) => "headache-days",
            Self::SimplePainkillers(_) => "simple-painkillers",
            Self::Triptans(_) => "triptans",
            Self::Opioids(_) => "opioids",
            Self::CombinationPainkillers(_) => "combination-painkillers",
            Self::SeveralKinds(_) => "several-kinds",
        }
    }

    /// It is about painkillers (not about headache days).
    pub const fn is_painkillers(self) -> bool {
        !matches!(self, Self::HeadacheDays(_))
    }

    /// What the diary shows, in words: "simple painkillers on 15 days".
    pub fn describe(self) -> String {
        let (what, days) = match self {
            Self::HeadacheDays(n) => ("a headache", n),
            Self::SimplePainkillers(n) => ("simple painkillers", n),
            Self::Triptans(n) => ("triptans", n),
            Self::Opioids(n) => ("opioids", n),
            Self::CombinationPainkillers(n) => ("combination painkillers", n),
            Self::SeveralKinds(n) => ("painkillers of more than one kind", n),
        };
        format!("{what} on {days} days")
    }
}

impl MonthSummary {
    /// The month with nothing recorded.
    pub const fn empty(month: YearMonth) -> Self {
        Self {
            month,
            headache_days: 0,
            painkiller_days: 0,
            simple_days: 0,
            triptan_days: 0,
            opioid_days: 0,
            combination_days: 0,
            headache_routines: 0,
            pain_before_avg: None,
            pain_after_avg: None,
        }
    }

    /// The kinds of painkiller taken this month.
    pub fn kinds_taken(&self) -> usize {
        [
            self.simple_days,
            self.triptan_days,
            self.opioid_days,
            self.combination_days,
        ]
        .iter()
        .filter(|&&d| d > 0)
        .count()
    }

    /// The thresholds this month reached (none, usually).
    pub fn guardrails(&self) -> Vec<Guardrail> {
        let mut found = Vec::new();
        if self.headache_days >= HEADACHE_DAYS_LIMIT {
            found.push(Guardrail::HeadacheDays(self.headache_days));
        }
        let single = [
            (
                self.simple_days >= SIMPLE_DAYS_LIMIT,
                Guardrail::SimplePainkillers(self.simple_days),
            ),
            (
                self.triptan_days >= OTHER_DAYS_LIMIT,
                Guardrail::Triptans(self.triptan_days),
            ),
            (
                self.opioid_days >= OTHER_DAYS_LIMIT,
                Guardrail::Opioids(self.opioid_days),
            ),
            (
                self.combination_days >= OTHER_DAYS_LIMIT,
                Guardrail::CombinationPainkillers(self.combination_days),
            ),
        ];
        let overused: Vec<Guardrail> = single
            .iter()
            .filter(|(on, _)| *on)
            .map(|&(_, g)| g)
            .collect();
        // ICHD-3 8.2.6: several classes, none overused alone, on 10 days or more in all.
        if overused.is_empty()
            && self.kinds_taken() >= 2
            && self.painkiller_days >= OTHER_DAYS_LIMIT
        {
            found.push(Guardrail::SeveralKinds(self.painkiller_days));
        }
        found.extend(overused);
        found
    }
}

/// The calm notice for a month's guardrails (`None` when it reached none): what the diary
/// shows, and a suggestion to talk to a doctor. It never names a condition.
pub fn notice(month: YearMonth, guardrails: &[Guardrail]) -> Option<String> {
    let (last, rest) = guardrails.split_last()?;
    let mut found = rest
        .iter()
        .map(|g| g.describe())
        .collect::<Vec<_>>()
        .join(", ");
    if !found.is_empty() {
        found.push_str(" and ");
    }
    found.push_str(&last.describe());
    let advice = if guardrails.iter().any(|g| g.is_painkillers()) {
        PAINKILLER_NOTICE
    } else {
        HEADACHE_DAYS_NOTICE
    };
    Some(format!(
        "Your diary for {}: {found}. {advice}",
        month.name()
    ))
}

/// The diary for a doctor: the months asked for (every one, even a month with nothing in it)
/// and each day with something recorded. What the CSV is written from, and what a printed
/// page would lay out.
#[derive(Clone, Debug, PartialEq)]
pub struct DoctorDiary {
    /// The months, oldest first.
    pub months: Vec<MonthSummary>,
    /// The days with a diary entry, oldest first.
    pub days: Vec<DayEntry>,
}

/// A session belongs in the diary: a routine (not sound alone) of the headache program, or
/// rated as a headache, or with a painkiller answer.
pub fn in_diary(s: &SessionRecord) -> bool {
    s.kind == SessionKind::Routine
        && (s.program == Program::Headache
            || s.rating_kind == Some(RatingKind::Headache)
            || s.painkiller.is_some())
}

/// A diary session tells of a headache that day (the module's rules).
pub fn reports_headache(s: &SessionRecord) -> bool {
    let rated = s.rating_kind == Some(RatingKind::Headache);
    let pain = rated && (s.before.unwrap_or(0) > 0 || s.after.unwrap_or(0) > 0);
    let painkiller = s.painkiller.is_some_and(Painkiller::taken);
    let chose_headache_routine = s.program == Program::Headache && !(rated && s.before == Some(0));
    pain || painkiller || chose_headache_routine
}

/// Months in the diary for a doctor unless asked otherwise (the app's button, the CLI's
/// default).
pub const DOCTOR_MONTHS: u32 = 3;

impl DoctorDiary {
    /// The diary of the `months` calendar months ending with `last` (at least one).
    pub fn build(history: &History, last: YearMonth, months: u32) -> Self {
        Self::of_sessions(history.sessions.iter(), last, months)
    }

    /// The same, of some sessions.
    fn of_sessions<'a>(
        sessions: impl Iterator<Item = &'a SessionRecord>,
        last: YearMonth,
        months: u32,
    ) -> Self {
        let mut first = last;
        for _ in 1..months.max(1) {
            first = first.previous();
        }
        let mut days: BTreeMap<Date, DayEntry> = BTreeMap::new();
        // Per month: headache routines, and the sums and counts of the ratings before and
        // after.
        let mut ratings: BTreeMap<YearMonth, (u32, u32, u32, u32, u32)> = BTreeMap::new();
        for s in sessions.filter(|s| in_diary(s)) {
            let Some(date) = record_date(s) else { continue };
            let month = YearMonth::of(date);
            if month < first || month > last {
                continue;
            }
            let day = days.entry(date).or_insert_with(|| DayEntry {
                date,
                ..DayEntry::default()
            });
            day.sessions += 1;
            day.headache |= reports_headache(s);
            let rated = s.rating_kind == Some(RatingKind::Headache);
            let sums = ratings.entry(month).or_default();
            if s.program == Program::Headache {
                sums.0 += 1;
            }
            if rated {
                if let Some(b) = s.before {
                    let b = b.min(10);
                    day.pain_before = day.pain_before.max(Some(b));
                    sums.1 += u32::from(b);
                    sums.2 += 1;
                }
                if let Some(a) = s.after {
                    let a = a.min(10);
                    day.pain_after = day.pain_after.max(Some(a));
                    sums.3 += u32::from(a);
                    sums.4 += 1;
                }
            }
            if let Some(p) = s.painkiller {
                day.painkiller_answered = true;
                if p.taken() {
                    day.painkillers.insert(p);
                }
            }
            if !day.routines.contains(&s.routine_title) {
                day.routines.push(s.routine_title.clone());
            }
            if let Some(note) = s.notes.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
                day.notes.push(note.to_owned());
            }
        }
        let mut summaries = Vec::new();
        let mut month = first;
        loop {
            summaries.push(summarise(
                month,
                days.values().filter(|d| YearMonth::of(d.date) == month),
                ratings.get(&month).copied().unwrap_or_default(),
            ));
            if month >= last {
                break;
            }
            month = next(month);
        }
        Self {
            months: summaries,
            days: days.into_values().collect(),
        }
    }

    /// The diary as CSV: a table of months, a blank line, then a table of days (each with
    /// its own header row; docs/cli.md).
    pub fn to_csv(&self) -> String {
        let mut out = String::from(
            "month,headache_days,painkiller_days,simple_days,triptan_days,opioid_days,combination_days,headache_routines,pain_before_avg,pain_after_avg,talk_to_doctor\n",
        );
        let avg = |v: Option<f64>| v.map(|v| format!("{v:.1}")).unwrap_or_default();
        for m in &self.months {
            let talk: Vec<&str> = m.guardrails().iter().map(|g| g.id()).collect();
            let row = [
                m.month.to_string(),
                m.headache_days.to_string(),
                m.painkiller_days.to_string(),
                m.simple_days.to_string(),
                m.triptan_days.to_string(),
                m.opioid_days.to_string(),
                m.combination_days.to_string(),
                m.headache_routines.to_string(),
                avg(m.pain_before_avg),
                avg(m.pain_after_avg),
                talk.join(" "),
            ];
            out.push_str(&row.join(","));
            out.push('\n');
        }
        out.push('\n');
        out.push_str("date,headache,pain_before,pain_after,painkillers,routines,notes\n");
        let rating = |v: Option<u8>| v.map(|v| v.to_string()).unwrap_or_default();
        for d in &self.days {
            let painkillers = if d.painkillers.is_empty() {
                if d.painkiller_answered { "none" } else { "" }.to_owned()
            } else {
                d.painkillers
                    .iter()
                    .map(|p| p.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let row = [
                d.date.to_string(),
                if d.headache { "yes" } else { "no" }.to_owned(),
                rating(d.pain_before),
                rating(d.pain_after),
                painkillers,
                csv_escape(&d.routines.join("; ")),
                csv_escape(&d.notes.join(" / ")),
            ];
            out.push_str(&row.join(","));
            out.push('\n');
        }
        out
    }
}

const fn next(month: YearMonth) -> YearMonth {
    if month.month >= 12 {
        YearMonth {
            year: month.year + 1,
            month: 1,
        }
    } else {
        YearMonth {
            year: month.year,
            month: month.month + 1,
        }
    }
}

fn summarise<'a>(
    month: YearMonth,
    days: impl Iterator<Item = &'a DayEntry>,
    (routines, before_sum, before_n, after_sum, after_n): (u32, u32, u32, u32, u32),
) -> MonthSummary {
    let mut m = MonthSummary::empty(month);
    for d in days {
        let has = |p| u32::from(d.painkillers.contains(&p));
        m.headache_days += u32::from(d.headache);
        m.painkiller_days += u32::from(!d.painkillers.is_empty());
        m.simple_days += has(Painkiller::Simple);
        m.triptan_days += has(Painkiller::Triptan);
        m.opioid_days += has(Painkiller::Opioid);
        m.combination_days += has(Painkiller::Combination);
    }
    m.headache_routines = routines;
    let avg = |sum: u32, n: u32| (n > 0).then(|| f64::from(sum) / f64::from(n));
    m.pain_before_avg = avg(before_sum, before_n);
    m.pain_after_avg = avg(after_sum, after_n);
    m
}

/// The month summary of `month`.
pub fn month_summary(history: &History, month: YearMonth) -> MonthSummary {
    DoctorDiary::build(history, month, 1)
        .months
        .pop()
        .unwrap_or_else(|| MonthSummary::empty(month))
}

/// The calm notice when session `id` took its month's diary over a threshold (one it had
/// not reached without it), for the screen after that session; `None` otherwise.
pub fn crossed_by(history: &History, id: &str) -> Option<String> {
    let session = history.sessions.iter().find(|s| s.id == id)?;
    let month = YearMonth::of(record_date(session)?);
    let with = month_summary(history, month).guardrails();
    let without =
        DoctorDiary::of_sessions(history.sessions.iter().filter(|s| s.id != id), month, 1)
            .months
            .pop()
            .map(|m| m.guardrails())
            .unwrap_or_default();
    let kinds = |g: &Guardrail| std::mem::discriminant(g);
    let new: Vec<Guardrail> = with
        .iter()
        .copied()
        .filter(|g| !without.iter().any(|w| kinds(w) == kinds(g)))
        .collect();
    if new.is_empty() {
        return None;
    }
    notice(month, &with)
}

/// The calm notices for last month and this month (the months whose diary reached a
/// threshold), oldest first: what History shows.
pub fn recent_notices(history: &History, today: Date) -> Vec<String> {
    DoctorDiary::build(history, YearMonth::of(today), 2)
        .months
        .iter()
        .filter_map(|m| notice(m.month, &m.guardrails()))
        .collect()
}

/// What the diary says to the headache red-flag questions, from this month so far and the
/// whole month before: `frequent-painkillers` when a painkiller threshold was reached,
/// `pattern-changed` when headaches came on 15 days or more; each with the words that say
/// why. Only "yes" answers: where the diary knows nothing, nothing is filled in.
pub fn red_flags_from_diary(history: &History, today: Date) -> Vec<(RedFlag, String)> {
    let diary = DoctorDiary::build(history, YearMonth::of(today), 2);
    let mut painkillers = None;
    let mut headaches = None;
    // The latest month that says so.
    for m in diary.months.iter().rev() {
        let found = m.guardrails();
        if painkillers.is_none() {
            let words: Vec<String> = found
                .iter()
                .filter(|g| g.is_painkillers())
                .map(|g| g.describe())
                .collect();
            if !words.is_empty() {
                painkillers = Some(format!(
                    "Your diary shows {} in {}.",
                    words.join(", "),
                    m.month.name()
                ));
            }
        }
        if headaches.is_none()
            && let Some(g) = found.iter().find(|g| !g.is_painkillers())
        {
            headaches = Some(format!(
                "Your diary shows {} in {}.",
                g.describe(),
                m.month.name()
            ));
        }
    }
    [
        (RedFlag::PatternChanged, headaches),
        (RedFlag::FrequentPainkillers, painkillers),
    ]
    .into_iter()
    .filter_map(|(flag, why)| why.map(|w| (flag, w)))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::history::HistoryLine;

    /// A headache routine started at `local` (`YYYY-MM-DDTHH:MM`, Berlin, winter time).
    fn headache(local: &str, before: Option<u8>, painkiller: Option<Painkiller>) -> SessionRecord {
        SessionRecord {
            v: 1,
            id: format!("{local}-temple"),
            routine_id: "temple-scalp-reset".into(),
            routine_title: "Quick temple and scalp reset".to_owned(),
            program: Program::Headache,
            started_at: format!("{local}:00+01:00[Europe/Berlin]"),
            planned_secs: 300,
            actual_secs: 300,
            completed: true,
            stopped_at_step: None,
            adaptations: Vec::new(),
            rating_kind: Some(RatingKind::Headache),
            before,
            after: before.map(|b| b / 2),
            wind_down: false,
            kind: SessionKind::Routine,
            painkiller,
            notes: None,
        }
    }

    fn history(sessions: Vec<SessionRecord>) -> History {
        History::from_lines(sessions.into_iter().map(HistoryLine::Session))
    }

    fn month(text: &str) -> YearMonth {
        YearMonth::parse(text).unwrap()
    }

    /// One session a day on days 1..=n of `ym` at 09:00, with `painkiller`.
    fn days(ym: &str, n: u32, painkiller: Option<Painkiller>) -> Vec<SessionRecord> {
        (1..=n)
            .map(|d| headache(&format!("{ym}-{d:02}T09:00"), Some(6), painkiller))
            .collect()
    }

    fn summary(sessions: Vec<SessionRecord>, ym: &str) -> MonthSummary {
        month_summary(&history(sessions), month(ym))
    }

    #[test]
    fn headache_days_reach_the_limit_at_15_not_14() {
        let s = summary(days("2026-11", 14, None), "2026-11");
        assert_eq!(s.headache_days, 14);
        assert!(s.guardrails().is_empty());
        let s = summary(days("2026-11", 15, None), "2026-11");
        assert_eq!(s.guardrails(), [Guardrail::HeadacheDays(15)]);
        assert!(
            notice(s.month, &s.guardrails())
                .unwrap()
                .ends_with(HEADACHE_DAYS_NOTICE)
        );
    }

    #[test]
    fn simple_painkillers_reach_the_limit_at_15_not_14() {
        // Painkillers on 14 days of 14 headache days: below both limits.
        let s = summary(days("2026-11", 14, Some(Painkiller::Simple)), "2026-11");
        assert_eq!((s.simple_days, s.painkiller_days), (14, 14));
        assert!(s.guardrails().is_empty(), "{:?}", s.guardrails());
        let s = summary(days("2026-11", 15, Some(Painkiller::Simple)), "2026-11");
        assert_eq!(
            s.guardrails(),
            [
                Guardrail::HeadacheDays(15),
                Guardrail::SimplePainkillers(15)
            ]
        );
        let words = notice(s.month, &s.guardrails()).unwrap();
        assert_eq!(
            words,
            "Your diary for November 2026: a headache on 15 days and simple painkillers on 15 days. \
             Taking painkillers this often can itself cause headaches; please talk to your doctor."
        );
    }

    #[test]
    fn triptans_opioids_and_combinations_reach_the_limit_at_10_not_9() {
        for (kind, at_limit) in [
            (Painkiller::Triptan, Guardrail::Triptans(10)),
            (Painkiller::Opioid, Guardrail::Opioids(10)),
            (
                Painkiller::Combination,
                Guardrail::CombinationPainkillers(10),
            ),
        ] {
            let s = summary(days("2026-11", 9, Some(kind)), "2026-11");
            assert!(s.guardrails().is_empty(), "{kind}: {:?}", s.guardrails());
            let s = summary(days("2026-11", 10, Some(kind)), "2026-11");
            assert_eq!(s.guardrails(), [at_limit], "{kind}");
        }
    }

    #[test]
    fn several_kinds_count_together_from_10_days() {
        // 5 days of simple painkillers and 4 of triptans: 9 days, two kinds.
        let mut sessions = days("2026-11", 5, Some(Painkiller::Simple));
        sessions.extend((6..=9).map(|d| {
            headache(
                &format!("2026-11-{d:02}T09:00"),
                Some(5),
                Some(Painkiller::Triptan),
            )
        }));
        let s = summary(sessions.clone(), "2026-11");
        assert_eq!((s.painkiller_days, s.kinds_taken()), (9, 2));
        assert!(s.guardrails().is_empty());
        sessions.push(headache(
            "2026-11-10T09:00",
            Some(5),
            Some(Painkiller::Opioid),
        ));
        let s = summary(sessions, "2026-11");
        assert_eq!(s.guardrails(), [Guardrail::SeveralKinds(10)]);
        // One kind alone on 12 days is under its own limit and is not "several kinds".
        let s = summary(days("2026-11", 12, Some(Painkiller::Simple)), "2026-11");
        assert!(s.guardrails().is_empty());
        // A kind over its own limit is said as itself, not again as "several kinds".
        let mut sessions = days("2026-11", 10, Some(Painkiller::Triptan));
        sessions.push(headache(
            "2026-11-20T09:00",
            Some(5),
            Some(Painkiller::Simple),
        ));
        let s = summary(sessions, "2026-11");
        assert_eq!(s.guardrails(), [Guardrail::Triptans(10)]);
    }

    #[test]
    fn a_day_with_two_sessions_counts_once_with_both_answers() {
        let mut sessions = days("2026-11", 14, Some(Painkiller::Simple));
        // Two more sessions on the 14th, one with a triptan: still 14 days.
        sessions.push(headache(
            "2026-11-14T13:00",
            Some(8),
            Some(Painkiller::Triptan),
        ));
        sessions.push(headache(
            "2026-11-14T20:00",
            Some(3),
            Some(Painkiller::Nothing),
        ));
        let h = history(sessions);
        let s = month_summary(&h, month("2026-11"));
        assert_eq!(
            (
                s.headache_days,
                s.simple_days,
                s.triptan_days,
                s.painkiller_days,
                s.headache_routines
            ),
            (14, 14, 1, 14, 16)
        );
        // Two kinds on 14 days in all, neither over its own limit: ICHD-3 8.2.6 counts them
        // together from 10 days.
        assert_eq!(s.guardrails(), [Guardrail::SeveralKinds(14)]);
        let diary = DoctorDiary::build(&h, month("2026-11"), 1);
        let day = diary.days.iter().find(|d| d.date.day() == 14).unwrap();
        assert_eq!(day.sessions, 3);
        assert_eq!(
            day.painkillers,
            BTreeSet::from([Painkiller::Simple, Painkiller::Triptan])
        );
        assert_eq!(
            (day.pain_before, day.pain_after),
            (Some(8), Some(4)),
            "the worst that day"
        );
        assert_eq!(day.routines, ["Quick temple and scalp reset"]);
    }

    #[test]
    fn days_are_calendar_days_split_at_midnight_and_at_the_month_edge() {
        // 23:30 on 31 January and 00:30 on 1 February: two days, two months (a "night"
        // would have put both on the 31st).
        let h = history(vec![
            headache("2026-01-31T23:30", Some(6), Some(Painkiller::Simple)),
            headache("2026-02-01T00:30", Some(6), Some(Painkiller::Simple)),
        ]);
        let diary = DoctorDiary::build(&h, month("2026-02"), 2);
        assert_eq!(
            diary
                .days
                .iter()
                .map(|d| d.date.to_string())
                .collect::<Vec<_>>(),
            ["2026-01-31", "2026-02-01"]
        );
        assert_eq!(
            diary
                .months
                .iter()
                .map(|m| (m.month.to_string(), m.simple_days))
                .collect::<Vec<_>>(),
            [("2026-01".to_owned(), 1), ("2026-02".to_owned(), 1)]
        );
        // Fourteen days in January and one on 1 February never make fifteen in a month.
        let mut sessions = days("2026-01", 14, Some(Painkiller::Simple));
        sessions.push(headache(
            "2026-02-01T08:00",
            Some(6),
            Some(Painkiller::Simple),
        ));
        let h = history(sessions);
        assert!(month_summary(&h, month("2026-01")).guardrails().is_empty());
        assert!(month_summary(&h, month("2026-02")).guardrails().is_empty());
    }

    #[test]
    fn february_counts_its_own_days_in_common_and_leap_years() {
        // February 2026 has 28 days, 2028 has 29: 15 simple days fit in either.
        let s = summary(days("2026-02", 15, Some(Painkiller::Simple)), "2026-02");
        assert!(s.guardrails().contains(&Guardrail::SimplePainkillers(15)));
        let mut leap = days("2028-02", 14, Some(Painkiller::Simple));
        leap.push(headache(
            "2028-02-29T10:00",
            Some(4),
            Some(Painkiller::Simple),
        ));
        let s = summary(leap, "2028-02");
        assert!(s.guardrails().contains(&Guardrail::SimplePainkillers(15)));
        // The 29th belongs to February, not March.
        let march = summary(vec![headache("2028-02-29T10:00", Some(4), None)], "2028-03");
        assert_eq!(march.headache_days, 0);
    }

    #[test]
    fn what_counts_as_a_headache_day() {
        let mut no_pain = headache("2026-11-02T09:00", Some(0), None);
        no_pain.after = Some(0);
        let mut unrated = headache("2026-11-03T09:00", None, None);
        unrated.after = None;
        let mut pain_after = headache("2026-11-04T09:00", Some(0), None);
        pain_after.after = Some(3);
        let pill_no_pain = headache("2026-11-05T09:00", Some(0), Some(Painkiller::Simple));
        let mut stress = headache("2026-11-06T09:00", Some(7), Some(Painkiller::Nothing));
        stress.program = Program::Stress;
        stress.rating_kind = Some(RatingKind::Stress);
        let mut sound = headache("2026-11-07T09:00", Some(7), None);
        sound.kind = SessionKind::Sound;
        let h = history(vec![
            no_pain,
            unrated,
            pain_after,
            pill_no_pain,
            stress,
            sound,
        ]);
        let diary = DoctorDiary::build(&h, month("2026-11"), 1);
        let by_day: Vec<(i8, bool)> = diary
            .days
            .iter()
            .map(|d| (d.date.day(), d.headache))
            .collect();
        // Rated 0 and 0: no headache. Unrated headache routine, pain after, a painkiller:
        // a headache. A stress routine with a painkiller answer of none: in the diary, no
        // headache. Sound alone: not in the diary.
        assert_eq!(
            by_day,
            [(2, false), (3, true), (4, true), (5, true), (6, false)]
        );
        assert_eq!(diary.months[0].headache_days, 3);
        assert_eq!(diary.months[0].headache_routines, 4);
    }

    #[test]
    fn months_run_back_across_the_year_and_empty_months_are_listed() {
        let h = history(vec![headache(
            "2025-11-15T09:00",
            Some(6),
            Some(Painkiller::Triptan),
        )]);
        let diary = DoctorDiary::build(&h, month("2026-01"), 3);
        assert_eq!(
            diary
                .months
                .iter()
                .map(|m| m.month.to_string())
                .collect::<Vec<_>>(),
            ["2025-11", "2025-12", "2026-01"]
        );
        assert_eq!(diary.months[0].triptan_days, 1);
        assert_eq!(diary.months[1], MonthSummary::empty(month("2025-12")));
        // Sessions after the last month are left out.
        let later = DoctorDiary::build(&h, month("2025-10"), 1);
        assert!(later.days.is_empty());
        assert_eq!(YearMonth::parse("2026-13"), None);
        assert_eq!(YearMonth::parse("26-01"), None);
        assert_eq!(month("2026-01").previous(), month("2025-12"));
        assert_eq!(month("2026-01").name(), "January 2026");
    }

    #[test]
    fn the_csv_has_a_table_of_months_then_a_table_of_days() {
        let mut first = headache("2026-11-03T08:05", Some(7), Some(Painkiller::Combination));
        first.after = Some(3);
        first.notes = Some("Woke with it, \"bad\" one".to_owned());
        let h = history(vec![
            first,
            headache("2026-11-04T18:00", Some(0), Some(Painkiller::Nothing)),
        ]);
        let csv = DoctorDiary::build(&h, month("2026-11"), 2).to_csv();
        let (months, days) = csv.split_once("\n\n").unwrap();
        assert_eq!(
            months.lines().collect::<Vec<_>>(),
            [
                "month,headache_days,painkiller_days,simple_days,triptan_days,opioid_days,combination_days,headache_routines,pain_before_avg,pain_after_avg,talk_to_doctor",
                "2026-10,0,0,0,0,0,0,0,,,",
                "2026-11,1,1,0,0,0,1,2,3.5,1.5,",
            ]
        );
        assert_eq!(
            days.lines().collect::<Vec<_>>(),
            [
                "date,headache,pain_before,pain_after,painkillers,routines,notes",
                "2026-11-03,yes,7,3,combination,Quick temple and scalp reset,\"Woke with it, \"\"bad\"\" one\"",
                "2026-11-04,no,0,0,none,Quick temple and scalp reset,",
            ]
        );
        let over = history(days_for_csv());
        let csv = DoctorDiary::build(&over, month("2026-11"), 1).to_csv();
        assert!(
            csv.lines()
                .nth(1)
                .unwrap()
                .ends_with(",headache-days opioids"),
            "{csv}"
        );
    }

    fn days_for_csv() -> Vec<SessionRecord> {
        days("2026-11", 15, Some(Painkiller::Opioid))
    }

    #[test]
    fn the_red_flags_are_filled_in_from_this_month_or_the_one_before() {
        let today: Date = "2026-12-02".parse().unwrap();
        // Nothing in the diary: nothing filled in.
        assert!(red_flags_from_diary(&History::default(), today).is_empty());
        // Triptans on 10 days last month.
        let h = history(days("2026-11", 10, Some(Painkiller::Triptan)));
        assert_eq!(
            red_flags_from_diary(&h, today),
            [(
                RedFlag::FrequentPainkillers,
                "Your diary shows triptans on 10 days in November 2026.".to_owned()
            )]
        );
        // Two months ago is too long ago.
        assert!(red_flags_from_diary(&h, "2027-01-02".parse().unwrap()).is_empty());
        // Headaches on 15 days: the pattern question.
        let h = history(days("2026-12", 15, None));
        let flags = red_flags_from_diary(&h, "2026-12-20".parse().unwrap());
        assert_eq!(
            flags,
            [(
                RedFlag::PatternChanged,
                "Your diary shows a headache on 15 days in December 2026.".to_owned()
            )]
        );
    }

    #[test]
    fn the_notice_is_for_the_session_that_crossed_and_history_keeps_showing_it() {
        let mut sessions = days("2026-11", 14, Some(Painkiller::Simple));
        let h = history(sessions.clone());
        assert_eq!(crossed_by(&h, &sessions[13].id), None);
        assert!(recent_notices(&h, "2026-11-27".parse().unwrap()).is_empty());
        // The 15th day crosses both limits: its finished screen says so.
        sessions.push(headache(
            "2026-11-15T09:00",
            Some(6),
            Some(Painkiller::Simple),
        ));
        let h = history(sessions.clone());
        let words = crossed_by(&h, &sessions[14].id).unwrap();
        assert!(words.starts_with("Your diary for November 2026: a headache on 15 days and simple painkillers on 15 days."), "{words}");
        assert!(words.ends_with(PAINKILLER_NOTICE));
        // The 16th does not cross again: no notice after it, but History still shows it.
        sessions.push(headache(
            "2026-11-16T09:00",
            Some(6),
            Some(Painkiller::Simple),
        ));
        let h = history(sessions.clone());
        assert_eq!(crossed_by(&h, &sessions[15].id), None);
        assert_eq!(recent_notices(&h, "2026-11-27".parse().unwrap()).len(), 1);
        // Last month's stays in History through the next month, and then goes.
        assert_eq!(recent_notices(&h, "2026-12-31".parse().unwrap()).len(), 1);
        assert!(recent_notices(&h, "2027-01-01".parse().unwrap()).is_empty());
        assert_eq!(crossed_by(&h, "no-such-session"), None);
    }

    #[test]
    fn older_records_read_without_diary_answers_and_later_lines_keep_them() {
        let old = r#"{"type":"session","v":1,"id":"a","routine_id":"temple-scalp-reset","routine_title":"T","program":"headache","started_at":"2026-11-26T22:00:00+01:00[Europe/Berlin]","planned_secs":240,"actual_secs":240,"completed":true,"rating_kind":"headache","before":5,"after":null,"wind_down":false}"#;
        let line: HistoryLine = serde_json::from_str(old).unwrap();
        let HistoryLine::Session(mut record) = line.clone() else {
            panic!()
        };
        assert_eq!((record.painkiller, record.notes.as_deref()), (None, None));
        let plain = serde_json::to_string(&record).unwrap();
        assert!(
            !plain.contains("painkiller") && !plain.contains("notes"),
            "{plain}"
        );
        record.painkiller = Some(Painkiller::Simple);
        record.notes = Some("after lunch".to_owned());
        let answered = HistoryLine::Session(record.clone());
        // A resumed session written again later, without the answers, keeps them.
        let mut again = record.clone();
        again.painkiller = None;
        again.notes = None;
        again.actual_secs = 300;
        let h = History::from_lines([line, answered, HistoryLine::Session(again)]);
        assert_eq!(h.sessions.len(), 1);
        assert_eq!(h.sessions[0].painkiller, Some(Painkiller::Simple));
        assert_eq!(h.sessions[0].notes.as_deref(), Some("after lunch"));
        assert_eq!(h.sessions[0].actual_secs, 300);
        // A kind a newer Lull may add reads as no answer, not as a bad line.
        let newer = old.replace(
            r#""wind_down":false"#,
            r#""wind_down":false,"painkiller":"ergotamine""#,
        );
        let HistoryLine::Session(read) = serde_json::from_str(&newer).unwrap() else {
            panic!()
        };
        assert_eq!(read.painkiller, None);
        let known = old.replace(
            r#""wind_down":false"#,
            r#""wind_down":false,"painkiller":"opioid""#,
        );
        let HistoryLine::Session(read) = serde_json::from_str(&known).unwrap() else {
            panic!()
        };
        assert_eq!(read.painkiller, Some(Painkiller::Opioid));
    }
}
