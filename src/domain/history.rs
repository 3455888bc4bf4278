//! Session history: what was done, when, how it went, and before/after ratings; plus the
//! statistics the History screen shows. Pure: records are built and summarised here;
//! the store appends and reads them.

use std::collections::{BTreeMap, BTreeSet};

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::diary::Painkiller;
use super::id::RoutineId;
use super::vocabulary::{Program, named_enum};

/// Current version of a history record.
pub const RECORD_VERSION: u32 = 1;

named_enum! {
    /// What a 0–10 rating measures.
    RatingKind {
        /// How stressed you feel.
        Stress = "stress",
        /// How tense your body feels.
        Tension = "tension",
        /// How bad the headache is.
        Headache = "headache",
    }
}

impl RatingKind {
    /// The rating asked for a program.
    pub const fn for_program(program: Program) -> Self {
        match program {
            Program::Stress => Self::Stress,
            Program::Sleep => Self::Tension,
            Program::Headache => Self::Headache,
        }
    }

    /// The question shown.
    pub const fn question(self) -> &'static str {
        match self {
            Self::Stress => "How stressed do you feel right now? (0 = not at all, 10 = extremely)",
            Self::Tension => {
                "How tense does your body feel? (0 = completely loose, 10 = very tense)"
            }
            Self::Headache => {
                "How bad is your headache? (0 = none, 10 = the worst you can imagine)"
            }
        }
    }
}

/// One finished (or stopped) session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRecord {
    /// Record format version.
    #[serde(default = "one")]
    pub v: u32,
    /// A unique id (start time in ms, plus the routine) so a later rating can find it.
    pub id: String,
    /// The routine.
    pub routine_id: RoutineId,
    /// Its title at the time.
    pub routine_title: String,
    /// Its program.
    pub program: Program,
    /// When it started, local time with offset and zone (RFC 9557, e.g.
    /// `2026-11-27T22:15:00+01:00[Europe/Berlin]`).
    pub started_at: String,
    /// Planned length (after safety adaptations), seconds.
    pub planned_secs: u64,
    /// Time actually spent, seconds (pauses excluded).
    pub actual_secs: u64,
    /// Whether it ran to the end.
    pub completed: bool,
    /// The 1-based step it was stopped at, if stopped.
    #[serde(default)]
    pub stopped_at_step: Option<usize>,
    /// What the safety rules changed, one line each.
    #[serde(default)]
    pub adaptations: Vec<String>,
    /// What the ratings measure.
    #[serde(default)]
    pub rating_kind: Option<RatingKind>,
    /// Rating before, 0–10.
    #[serde(default)]
    pub before: Option<u8>,
    /// Rating after, 0–10.
    #[serde(default)]
    pub after: Option<u8>,
    /// A wind-down session.
    #[serde(default)]
    pub wind_down: bool,
    /// What was played: a routine, or an ambience alone (its preset is `routine_id`).
    #[serde(default, skip_serializing_if = "SessionKind::is_routine")]
    pub kind: SessionKind,
    /// The diary's "Did you take a painkiller today?", asked after a headache routine
    /// (`None`: not asked or not answered). Older records have none; a kind this Lull does
    /// not know (a newer Lull's) reads as none, so the line is still read.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "known_painkiller"
    )]
    pub painkiller: Option<Painkiller>,
    /// The diary's notes for this session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

named_enum! {
    /// What a session played.
    #[derive(Default)]
    SessionKind {
        /// A routine.
        #[default]
        Routine = "routine",
        /// An ambience alone, with a timer ("Just sound").
        Sound = "sound",
    }
}

impl SessionKind {
    /// Whether it is a routine (the kind older records have).
    #[expect(
        clippy::trivially_copy_pass_by_ref,
        reason = "serde's skip_serializing_if"
    )]
    pub const fn is_routine(&self) -> bool {
        matches!(self, Self::Routine)
    }
}

/// A painkiller answer this Lull knows, or none.
fn known_painkiller<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Painkiller>, D::Error> {
    let text = Option::<String>::deserialize(deserializer)?;
    Ok(text.as_deref().and_then(Painkiller::parse))
}

impl SessionRecord {
    /// What it played, as shown: the routine's title, or the ambience's name and "just
    /// sound".
    pub fn title(&self) -> String {
        match self.kind {
            SessionKind::Routine => self.routine_title.clone(),
            SessionKind::Sound => format!("{} (just sound)", self.routine_title),
        }
    }
}

const fn one() -> u32 {
    1
}

/// A later change to a record (the after-rating of a sleep routine, asked the next day).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingUpdate {
    /// The record it belongs to.
    pub id: String,
    /// The after-rating.
    pub after: u8,
}

/// A line of the history file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum HistoryLine {
    /// A session.
    Session(SessionRecord),
    /// A rating given later.
    Rating(RatingUpdate),
}

/// The history, with later ratings folded in.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    /// Sessions, oldest first.
    pub sessions: Vec<SessionRecord>,
}

impl History {
    /// Builds the history from file lines (ratings update their session).
    pub fn from_lines(lines: impl IntoIterator<Item = HistoryLine>) -> Self {
        let mut sessions: Vec<SessionRecord> = Vec::new();
        // Where each id is, so a long history loads in linear time.
        let mut at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for line in lines {
            match line {
                HistoryLine::Session(s) => {
                    if let Some(&i) = at.get(&s.id) {
                        replace_keeping_rating(&mut sessions[i], s);
                    } else {
                        at.insert(s.id.clone(), sessions.len());
                        sessions.push(s);
                    }
                }
                HistoryLine::Rating(r) => {
                    if let Some(&i) = at.get(&r.id) {
                        sessions[i].after = Some(r.after.min(10));
                    }
                }
            }
        }
        Self { sessions }
    }

    /// Adds a session, or updates it when a session with its id is already there (a stopped
    /// session that was resumed is written again when it ends).
    pub fn upsert(&mut self, record: SessionRecord) {
        if let Some(old) = self.sessions.iter_mut().rev().find(|s| s.id == record.id) {
            replace_keeping_rating(old, record);
        } else {
            self.sessions.push(record);
        }
    }

    /// The newest session, if it was a sleep routine or a wind-down still without an
    /// after-rating and the night has passed: it started between [`SLEEP_RATING_FROM`] and
    /// [`SLEEP_RATING_UNTIL`] before `now`. It is asked at the next launch, never at bedtime
    /// (a before-rating is not needed: a wind-down asks nothing before it starts).
    pub fn pending_sleep_rating(&self, now: Timestamp) -> Option<&SessionRecord> {
        self.sessions.last().filter(|s| {
            (s.program == Program::Sleep || s.wind_down)
                && s.rating_kind.is_some()
                && s.after.is_none()
                && record_timestamp(s).is_some_and(|t| {
                    let since = now.as_second() - t.as_second();
                    (SLEEP_RATING_FROM..=SLEEP_RATING_UNTIL).contains(&since)
                })
        })
    }
}

/// Seconds after a sleep session starts before its after-rating may be asked (4 h).
pub const SLEEP_RATING_FROM: i64 = 4 * 3600;
/// Seconds after which a missing sleep rating is no longer asked (36 h: last night only).
pub const SLEEP_RATING_UNTIL: i64 = 36 * 3600;

/// The instant a record started (its text carries the UTC offset).
pub fn record_timestamp(record: &SessionRecord) -> Option<Timestamp> {
    record.started_at.parse().ok()
}

/// A later line for the same session replaces it; an after-rating and the diary's answers
/// already given stay unless the new line brings its own (a resumed session is written
/// again when it ends, without them).
fn replace_keeping_rating(old: &mut SessionRecord, mut new: SessionRecord) {
    new.after = new.after.or(old.after);
    new.painkiller = new.painkiller.or(old.painkiller);
    if new.notes.is_none() {
        new.notes = old.notes.take();
    }
    *old = new;
}

/// The local date of a record: the civil date at the start of `started_at` (the record is
/// written in local time, so no time-zone lookup is needed).
pub fn record_date(record: &SessionRecord) -> Option<Date> {
    record.started_at.get(..10)?.parse().ok()
}

/// The local `HH:MM` of a record.
pub fn record_time(record: &SessionRecord) -> Option<&str> {
    let t = record.started_at.get(11..16)?;
    (t.as_bytes().get(2) == Some(&b':')).then_some(t)
}

/// The hour (local wall-clock time) a day's night ends: a session at 00:15 belongs to the
/// evening before, for streaks and per-day counts (Medito #855).
pub const NIGHT_ENDS_AT_HOUR: i8 = 4;

/// The day whose night `local` falls in: the same date from 04:00, the day before until then.
/// It reads the wall clock, so a daylight-saving change moves nothing: 03:30 on the night
/// the clocks go forward, or either 02:30 of the night they go back, is still the evening
/// before.
pub fn night_of(local: jiff::civil::DateTime) -> Date {
    if local.hour() < NIGHT_ENDS_AT_HOUR {
        local.date().yesterday().unwrap_or(local.date())
    } else {
        local.date()
    }
}

/// The day a record counts for in streaks and per-day figures ([`night_of`] its local start).
pub fn record_night(record: &SessionRecord) -> Option<Date> {
    let local: jiff::civil::DateTime = record.started_at.get(..19)?.parse().ok()?;
    Some(night_of(local))
}

/// Consecutive days up to `today` (or up to yesterday, if nothing yet today) with at least
/// one session; each day runs from 04:00 to 04:00 ([`record_night`]); `today` is
/// [`night_of`] now.
pub fn streak(history: &History, today: Date) -> u32 {
    let days: BTreeSet<Date> = history.sessions.iter().filter_map(record_night).collect();
    let mut day = if days.contains(&today) {
        today
    } else if let Ok(y) = today.yesterday() {
        y
    } else {
        return 0;
    };
    let mut count = 0;
    while days.contains(&day) {
        count += 1;
        match day.yesterday() {
            Ok(d) => day = d,
            Err(_) => break,
        }
    }
    count
}

/// Minutes practised in each of the last `weeks` weeks (Monday to Sunday), oldest first,
/// ending with the week containing `today`.
pub fn minutes_per_week(history: &History, today: Date, weeks: usize) -> Vec<(Date, f64)> {
    let monday = |d: Date| {
        d.checked_sub(jiff::Span::new().days(i64::from(d.weekday().to_monday_zero_offset())))
            .unwrap_or(d)
    };
    let this_week = monday(today);
    let starts: Vec<Date> = (0..weeks)
        .rev()
        .filter_map(|i| {
            this_week
                .checked_sub(jiff::Span::new().weeks(i64::try_from(i).unwrap_or(0)))
                .ok()
        })
        .collect();
    let mut totals: BTreeMap<Date, f64> = starts.iter().map(|&d| (d, 0.0)).collect();
    for s in &history.sessions {
        if let Some(d) = record_night(s)
            && let Some(total) = totals.get_mut(&monday(d))
        {
            *total += s.actual_secs as f64 / 60.0;
        }
    }
    starts
        .into_iter()
        .map(|d| (d, totals.get(&d).copied().unwrap_or(0.0)))
        .collect()
}

/// Per routine: the number of rated sessions and the average change (after − before).
pub fn rating_changes(history: &History) -> Vec<(String, usize, f64)> {
    let mut by: BTreeMap<String, (usize, i64)> = BTreeMap::new();
    for s in &history.sessions {
        if let (Some(b), Some(a)) = (s.before, s.after) {
            let e = by.entry(s.routine_title.clone()).or_insert((0, 0));
            e.0 += 1;
            e.1 += i64::from(a) - i64::from(b);
        }
    }
    by.into_iter()
        .map(|(t, (n, sum))| (t, n, sum as f64 / n as f64))
        .collect()
}

/// An average change of a 0–10 rating, after minus before, in words. Every Lull rating is
/// "lower is better" (stress, tension, headache), so −3 reads "3 points better".
pub fn describe_change(average: f64) -> String {
    let size = (average.abs() * 10.0).round() / 10.0;
    let number = if size.fract() == 0.0 {
        format!("{size:.0}")
    } else {
        format!("{size:.1}")
    };
    let points = if (size - 1.0).abs() < f64::EPSILON {
        "point"
    } else {
        "points"
    };
    if size == 0.0 {
        "no change on average".to_owned()
    } else if average < 0.0 {
        format!("{number} {points} better")
    } else {
        format!("{number} {points} worse")
    }
}

/// The CSV headache diary (and general log): one row per session.
pub fn to_csv(history: &History) -> String {
    let mut out = String::from(
        "date,time,duration_min,routine,program,completed,rating,before,after,adaptations,kind,painkiller,notes\n",
    );
    for s in &history.sessions {
        let date = record_date(s).map(|d| d.to_string()).unwrap_or_default();
        let time = record_time(s).unwrap_or_default().to_owned();
        let field = |v: Option<u8>| v.map(|v| v.to_string()).unwrap_or_default();
        let row = [
            date,
            time,
            format!("{:.1}", s.actual_secs as f64 / 60.0),
            csv_escape(&s.routine_title),
            s.program.as_str().to_owned(),
            s.completed.to_string(),
            s.rating_kind
                .map(|k| k.as_str().to_owned())
                .unwrap_or_default(),
            field(s.before),
            field(s.after),
            csv_escape(&s.adaptations.join("; ")),
            s.kind.as_str().to_owned(),
            s.painkiller
                .map(|p| p.as_str().to_owned())
                .unwrap_or_default(),
            csv_escape(s.notes.as_deref().unwrap_or_default()),
        ];
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

/// A CSV field: quoted (with its quotes doubled) when it holds a comma, a quote or a line
/// break.
/// A text cell: quoted when it holds a separator, a quote or a line break, and with a `'`
/// in front when a spreadsheet would read it as a formula (`=`, `+`, `-`, `@`, a tab): a
/// note typed as "=HYPERLINK(…)" stays text (OWASP's CSV injection advice).
pub(crate) fn csv_escape(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn rating_changes_are_said_in_words() {
        assert_eq!(describe_change(-3.0), "3 points better");
        assert_eq!(describe_change(-2.45), "2.5 points better");
        assert_eq!(describe_change(1.0), "1 point worse");
        assert_eq!(describe_change(0.02), "no change on average");
    }

    use super::*;

    fn record(
        id: &str,
        started_at: &str,
        secs: u64,
        before: Option<u8>,
        after: Option<u8>,
    ) -> SessionRecord {
        SessionRecord {
            v: 1,
            id: id.to_owned(),
            routine_id: "box-breathing".into(),
            routine_title: "Box breathing".to_owned(),
            program: Program::Stress,
            started_at: started_at.to_owned(),
            planned_secs: secs,
            actual_secs: secs,
            completed: true,
            stopped_at_step: None,
            adaptations: Vec::new(),
            rating_kind: Some(RatingKind::Stress),
            before,
            after,
            wind_down: false,
            kind: SessionKind::Routine,
            painkiller: None,
            notes: None,
        }
    }

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn streak_counts_consecutive_days() {
        let h = History::from_lines([
            HistoryLine::Session(record(
                "a",
                "2026-11-24T08:00:00+01:00[Europe/Berlin]",
                240,
                None,
                None,
            )),
            HistoryLine::Session(record(
                "b",
                "2026-11-25T08:00:00+01:00[Europe/Berlin]",
                240,
                None,
                None,
            )),
            HistoryLine::Session(record(
                "c",
                "2026-11-26T23:30:00+01:00[Europe/Berlin]",
                240,
                None,
                None,
            )),
        ]);
        assert_eq!(streak(&h, date("2026-11-26")), 3);
        assert_eq!(
            streak(&h, date("2026-11-27")),
            3,
            "today not done yet keeps yesterday's streak"
        );
        assert_eq!(streak(&h, date("2026-11-28")), 0);
    }

    #[test]
    fn a_session_after_midnight_counts_for_the_evening_before() {
        // Medito #855: a 00:15 wind-down broke a nightly streak.
        let h = History::from_lines([
            HistoryLine::Session(record(
                "a",
                "2026-11-24T22:30:00+01:00[Europe/Berlin]",
                240,
                None,
                None,
            )),
            HistoryLine::Session(record(
                "b",
                "2026-11-26T00:15:00+01:00[Europe/Berlin]",
                240,
                None,
                None,
            )),
            HistoryLine::Session(record(
                "c",
                "2026-11-26T23:50:00+01:00[Europe/Berlin]",
                240,
                None,
                None,
            )),
        ]);
        let at = |s: &str| night_of(s.parse().unwrap());
        assert_eq!(at("2026-11-26T00:15:00"), date("2026-11-25"));
        assert_eq!(at("2026-11-26T03:59:59"), date("2026-11-25"));
        assert_eq!(at("2026-11-26T04:00:00"), date("2026-11-26"));
        // Nights of the 24th, 25th (at 00:15 on the 26th) and 26th: three in a row.
        assert_eq!(streak(&h, at("2026-11-26T23:55:00")), 3);
        // At 02:00 on the 27th the night of the 26th is still going on.
        assert_eq!(streak(&h, at("2026-11-27T02:00:00")), 3);
        // Counted by calendar day, the 25th would have been empty.
        assert_eq!(
            h.sessions
                .iter()
                .filter_map(record_date)
                .collect::<Vec<_>>(),
            vec![date("2026-11-24"), date("2026-11-26"), date("2026-11-26")]
        );
    }

    #[test]
    fn nights_stay_whole_across_daylight_saving_changes() {
        // Europe/Berlin: clocks go forward at 02:00 on 2026-03-29 and back at 03:00 on
        // 2026-10-25 (02:00–03:00 happens twice).
        let forward = record(
            "f",
            "2026-03-29T03:30:00+02:00[Europe/Berlin]",
            240,
            None,
            None,
        );
        let back_first = record(
            "b1",
            "2026-10-25T02:30:00+02:00[Europe/Berlin]",
            240,
            None,
            None,
        );
        let back_second = record(
            "b2",
            "2026-10-25T02:30:00+01:00[Europe/Berlin]",
            240,
            None,
            None,
        );
        assert_eq!(record_night(&forward), Some(date("2026-03-28")));
        assert_eq!(record_night(&back_first), Some(date("2026-10-24")));
        assert_eq!(record_night(&back_second), Some(date("2026-10-24")));
        let h = History::from_lines([
            HistoryLine::Session(record(
                "e",
                "2026-10-23T22:00:00+02:00[Europe/Berlin]",
                240,
                None,
                None,
            )),
            HistoryLine::Session(back_second),
        ]);
        assert_eq!(streak(&h, date("2026-10-25")), 2);
    }

    #[test]
    fn minutes_per_week_and_rating_changes() {
        let h = History::from_lines([
            HistoryLine::Session(record(
                "a",
                "2026-11-23T08:00:00+01:00[Europe/Berlin]",
                600,
                Some(7),
                Some(4),
            )),
            HistoryLine::Session(record(
                "b",
                "2026-11-27T08:00:00+01:00[Europe/Berlin]",
                300,
                Some(6),
                None,
            )),
            HistoryLine::Rating(RatingUpdate {
                id: "b".to_owned(),
                after: 5,
            }),
            HistoryLine::Session(record(
                "c",
                "2026-11-16T08:00:00+01:00[Europe/Berlin]",
                120,
                None,
                None,
            )),
        ]);
        let weeks = minutes_per_week(&h, date("2026-11-27"), 3);
        assert_eq!(weeks.len(), 3);
        assert_eq!(weeks[2], (date("2026-11-23"), 15.0));
        assert_eq!(weeks[1], (date("2026-11-16"), 2.0));
        assert_eq!(weeks[0].1, 0.0);
        assert_eq!(
            rating_changes(&h),
            vec![("Box breathing".to_owned(), 2, -2.0)]
        );
    }

    #[test]
    fn a_sound_session_says_its_kind_and_older_lines_are_routines() {
        let routine = record(
            "a",
            "2026-11-27T08:05:00+01:00[Europe/Berlin]",
            60,
            None,
            None,
        );
        let line = serde_json::to_string(&routine).unwrap();
        assert!(
            !line.contains("\"kind\""),
            "older Lulls read it as before: {line}"
        );
        let sound = SessionRecord {
            kind: SessionKind::Sound,
            routine_title: "Night sea".to_owned(),
            ..routine
        };
        let line = serde_json::to_string(&sound).unwrap();
        assert!(line.contains("\"kind\":\"sound\""), "{line}");
        let back: SessionRecord = serde_json::from_str(&line).unwrap();
        assert_eq!(back.kind, SessionKind::Sound);
        assert_eq!(back.title(), "Night sea (just sound)");
        let csv = to_csv(&History {
            sessions: vec![back],
        });
        assert!(csv.lines().nth(1).unwrap().ends_with(",sound,,"), "{csv}");
    }

    #[test]
    fn a_csv_cell_that_looks_like_a_formula_stays_text() {
        assert_eq!(csv_escape("=1+1"), "'=1+1");
        assert_eq!(csv_escape("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_escape("-2, then rest"), "\"'-2, then rest\"");
        assert_eq!(csv_escape("Box breathing"), "Box breathing");
    }

    #[test]
    fn csv_is_a_headache_diary() {
        let mut r = record(
            "a",
            "2026-11-27T08:05:00+01:00[Europe/Berlin]",
            360,
            Some(6),
            Some(3),
        );
        r.routine_title = "Quick temple, scalp reset".to_owned();
        r.rating_kind = Some(RatingKind::Headache);
        let csv = to_csv(&History { sessions: vec![r] });
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "date,time,duration_min,routine,program,completed,rating,before,after,adaptations,kind,painkiller,notes"
        );
        assert_eq!(
            lines[1],
            "2026-11-27,08:05,6.0,\"Quick temple, scalp reset\",stress,true,headache,6,3,,routine,,"
        );
    }

    #[test]
    fn a_sleep_session_waits_for_its_rating_until_the_next_morning() {
        let at = |t: &str| t.parse::<Timestamp>().unwrap();
        // Wind-downs ask nothing before they start; the rating is still asked afterwards.
        let mut r = record(
            "z",
            "2026-11-28T00:30:00+01:00[Europe/Berlin]",
            600,
            None,
            None,
        );
        r.program = Program::Sleep;
        let h = History::from_lines([HistoryLine::Session(r)]);
        let pending = |now: &str| h.pending_sleep_rating(at(now)).map(|s| s.id.as_str());
        assert_eq!(pending("2026-11-28T00:00:00Z"), None, "not at bedtime");
        assert_eq!(pending("2026-11-28T02:00:00Z"), None, "not in the night");
        assert_eq!(
            pending("2026-11-28T07:30:00Z"),
            Some("z"),
            "the same date, next morning"
        );
        assert_eq!(pending("2026-11-29T12:00:00Z"), None, "too long ago");
        let h = History::from_lines([
            HistoryLine::Session(h.sessions[0].clone()),
            HistoryLine::Rating(RatingUpdate {
                id: "z".to_owned(),
                after: 3,
            }),
        ]);
        assert!(h.pending_sleep_rating(at("2026-11-28T07:30:00Z")).is_none());
        let mut stress = record(
            "s",
            "2026-11-27T22:05:00+01:00[Europe/Berlin]",
            600,
            None,
            None,
        );
        stress.program = Program::Stress;
        let h = History::from_lines([HistoryLine::Session(stress)]);
        assert!(h.pending_sleep_rating(at("2026-11-28T07:30:00Z")).is_none());
    }
}
