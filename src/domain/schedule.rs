//! The nightly wind-down schedule: bedtime on chosen weekdays, in local time, with the next
//! occurrence computed correctly across daylight-saving changes. Pure: "now" and the time
//! zone are passed in.

use std::collections::BTreeSet;

use jiff::ZonedDateTime;
use jiff::civil::{Time, Weekday};
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

use super::id::{PresetId, RoutineId};
use super::vocabulary::named_enum;

/// The wind-down's ambience in the settings file: a preset id, or `""` for the routine's
/// own (the file format from before ids were types, so older files read the same).
mod routine_own {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::domain::id::PresetId;

    #[expect(
        clippy::ref_option,
        reason = "serde's `with` passes the field by reference"
    )]
    pub fn serialize<S: Serializer>(value: &Option<PresetId>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(value.as_ref().map_or("", PresetId::as_str))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<PresetId>, D::Error> {
        let text = String::deserialize(d)?;
        Ok((!text.is_empty()).then(|| PresetId::new(text)))
    }
}

named_enum! {
    /// A day of the week (stable spellings for files and the CLI).
    Day {
        /// Monday.
        Mon = "mon",
        /// Tuesday.
        Tue = "tue",
        /// Wednesday.
        Wed = "wed",
        /// Thursday.
        Thu = "thu",
        /// Friday.
        Fri = "fri",
        /// Saturday.
        Sat = "sat",
        /// Sunday.
        Sun = "sun",
    }
}

impl Day {
    /// jiff's weekday.
    pub const fn weekday(self) -> Weekday {
        match self {
            Self::Mon => Weekday::Monday,
            Self::Tue => Weekday::Tuesday,
            Self::Wed => Weekday::Wednesday,
            Self::Thu => Weekday::Thursday,
            Self::Fri => Weekday::Friday,
            Self::Sat => Weekday::Saturday,
            Self::Sun => Weekday::Sunday,
        }
    }

    /// The day for jiff's weekday.
    pub const fn from_weekday(w: Weekday) -> Self {
        match w {
            Weekday::Monday => Self::Mon,
            Weekday::Tuesday => Self::Tue,
            Weekday::Wednesday => Self::Wed,
            Weekday::Thursday => Self::Thu,
            Weekday::Friday => Self::Fri,
            Weekday::Saturday => Self::Sat,
            Weekday::Sunday => Self::Sun,
        }
    }

    /// systemd's spelling in `OnCalendar=` (`Mon`).
    pub const fn systemd(self) -> &'static str {
        match self {
            Self::Mon => "Mon",
            Self::Tue => "Tue",
            Self::Wed => "Wed",
            Self::Thu => "Thu",
            Self::Fri => "Fri",
            Self::Sat => "Sat",
            Self::Sun => "Sun",
        }
    }
}

/// Ambience after a wind-down routine ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tail {
    /// Sound stops with the routine.
    Off,
    /// This many minutes more (15, 30, 45 or 60).
    Minutes(u32),
    /// Until you stop it.
    UntilStopped,
}

impl Tail {
    /// The choices offered.
    pub const CHOICES: [Self; 6] = [
        Self::Off,
        Self::Minutes(15),
        Self::Minutes(30),
        Self::Minutes(45),
        Self::Minutes(60),
        Self::UntilStopped,
    ];

    /// How it is shown.
    pub fn label(self) -> String {
        match self {
            Self::Off => "Off".to_owned(),
            Self::Minutes(m) => format!("{m} min"),
            Self::UntilStopped => "Until I stop it".to_owned(),
        }
    }

    /// The tail's length, if bounded.
    pub const fn minutes(self) -> Option<u32> {
        match self {
            Self::Off => Some(0),
            Self::Minutes(m) => Some(m),
            Self::UntilStopped => None,
        }
    }
}

/// The nightly wind-down: when, what, and how it ends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WindDownPlan {
    /// Whether the reminder is on.
    pub enabled: bool,
    /// Bedtime, local civil time (`22:30`).
    pub bedtime: String,
    /// The days it applies to.
    pub days: BTreeSet<Day>,
    /// The sleep routine.
    pub routine: RoutineId,
    /// The ambience preset (`None`: the routine's own; written as `""`, as before).
    #[serde(with = "routine_own")]
    pub ambience: Option<PresetId>,
    /// Ambience after the routine.
    pub tail: Tail,
    /// Fade-out over the last minutes, 0 to 30.
    pub fade_minutes: u32,
}

impl Default for WindDownPlan {
    fn default() -> Self {
        Self {
            enabled: false,
            bedtime: "22:30".to_owned(),
            days: Day::ALL.iter().copied().collect(),
            routine: RoutineId::new("body-scan-for-sleep"),
            ambience: None,
            tail: Tail::Minutes(30),
            fade_minutes: 10,
        }
    }
}

impl WindDownPlan {
    /// The bedtime as a civil time, if it parses (`HH:MM`).
    pub fn bedtime(&self) -> Option<Time> {
        parse_time(&self.bedtime)
    }

    /// What stops this plan from ever firing, in plain words (`None`: it can fire).
    pub fn problem(&self) -> Option<String> {
        if self.bedtime().is_none() {
            return Some(format!(
                "the bedtime must be HH:MM (24-hour), got \"{}\"",
                self.bedtime
            ));
        }
        if self.days.is_empty() {
            return Some("no day is chosen".to_owned());
        }
        None
    }
}

/// How long before bedtime the night look begins, minutes.
pub const NIGHT_LOOK_BEFORE_BED_MINUTES: i64 = 60;

/// How long after bedtime the night look lasts, minutes: a night's sleep.
pub const NIGHT_LOOK_AFTER_BED_MINUTES: i64 = 8 * 60;

/// Whether `now` (local civil time) falls in the night around `bedtime`: from an hour before
/// it until eight hours after (22:30 gives 21:30 to 6:30; a day sleeper's 8:00 gives 7:00 to
/// 16:00).
pub fn is_night_look_time(now: Time, bedtime: Time) -> bool {
    let minutes = |t: Time| i64::from(t.hour()) * 60 + i64::from(t.minute());
    let since_start =
        (minutes(now) - minutes(bedtime) + NIGHT_LOOK_BEFORE_BED_MINUTES).rem_euclid(24 * 60);
    since_start < NIGHT_LOOK_BEFORE_BED_MINUTES + NIGHT_LOOK_AFTER_BED_MINUTES
}

/// Parses `HH:MM` (24-hour).
pub fn parse_time(text: &str) -> Option<Time> {
    let (h, m) = text.trim().split_once(':')?;
    let (h, m): (i8, i8) = (h.parse().ok()?, m.parse().ok()?);
    Time::new(h, m, 0, 0).ok()
}

/// The first bedtime strictly after `now` on one of `days`, in `now`'s time zone.
///
/// Civil times that do not exist (the spring-forward gap) move later by the gap, as
/// clocks do; civil times that happen twice (the autumn repeat) take the first. Searches
/// at most eight days; `None` when `days` is empty.
pub fn next_bedtime(now: &ZonedDateTime, at: Time, days: &BTreeSet<Day>) -> Option<ZonedDateTime> {
    if days.is_empty() {
        return None;
    }
    let tz: TimeZone = now.time_zone().clone();
    let mut date = now.date();
    for _ in 0..8 {
        if days.contains(&Day::from_weekday(date.weekday())) {
            // The "compatible" disambiguation: gaps go later, folds take the earlier time.
            if let Ok(candidate) = date.to_datetime(at).to_zoned_datetime(tz.clone())
                && candidate.timestamp() > now.timestamp()
            {
                return Some(candidate);
            }
        }
        date = date.tomorrow().ok()?;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_routines_own_ambience_is_written_as_an_empty_string_as_before() {
        let text = toml::to_string(&WindDownPlan::default()).unwrap();
        assert!(text.contains("ambience = \"\""), "{text}");
        let back: WindDownPlan = toml::from_str(&text).unwrap();
        assert_eq!(back.ambience, None);
        let chosen: WindDownPlan = toml::from_str("ambience = \"night-sea\"").unwrap();
        assert_eq!(chosen.ambience, Some(PresetId::new("night-sea")));
    }

    #[test]
    fn the_night_look_runs_from_an_hour_before_bedtime_for_the_night() {
        let t = |text: &str| parse_time(text).unwrap();
        let bed = t("22:30");
        for (now, night) in [
            ("21:29", false),
            ("21:30", true),
            ("23:59", true),
            ("00:00", true),
            ("06:29", true),
            ("06:30", false),
            ("12:00", false),
        ] {
            assert_eq!(is_night_look_time(t(now), bed), night, "{now}");
        }
        let day_sleeper = t("08:00");
        assert!(is_night_look_time(t("07:00"), day_sleeper));
        assert!(is_night_look_time(t("15:59"), day_sleeper));
        assert!(!is_night_look_time(t("16:00"), day_sleeper));
        assert!(!is_night_look_time(t("23:00"), day_sleeper));
        let after_midnight = t("00:30");
        assert!(is_night_look_time(t("23:30"), after_midnight));
        assert!(!is_night_look_time(t("23:29"), after_midnight));
    }

    fn zone(posix: &str) -> TimeZone {
        TimeZone::posix(posix).unwrap()
    }

    fn at(tz: &TimeZone, text: &str) -> ZonedDateTime {
        text.parse::<jiff::civil::DateTime>()
            .unwrap()
            .to_zoned_datetime(tz.clone())
            .unwrap()
    }

    const BERLIN: &str = "CET-1CEST,M3.5.0,M10.5.0/3";
    const NEW_YORK: &str = "EST5EDT,M3.2.0,M11.1.0";

    fn every_day() -> BTreeSet<Day> {
        Day::ALL.iter().copied().collect()
    }

    #[test]
    fn next_bedtime_is_today_or_a_later_chosen_day() {
        let tz = zone(BERLIN);
        let now = at(&tz, "2026-11-27T21:00");
        let next = next_bedtime(&now, parse_time("22:30").unwrap(), &every_day()).unwrap();
        assert_eq!(next.date().to_string(), "2026-11-27");
        assert_eq!(next.time().to_string(), "22:30:00");
        assert_eq!(next.offset().seconds(), 3600);
        let weekend: BTreeSet<Day> = [Day::Sat, Day::Sun].into_iter().collect();
        let next = next_bedtime(&now, parse_time("22:30").unwrap(), &weekend).unwrap();
        assert_eq!(next.date().to_string(), "2026-11-28");
        let after = at(&tz, "2026-11-27T22:30");
        let next = next_bedtime(&after, parse_time("22:30").unwrap(), &every_day()).unwrap();
        assert_eq!(next.date().to_string(), "2026-11-28", "strictly after now");
        assert!(next_bedtime(&now, parse_time("22:30").unwrap(), &BTreeSet::new()).is_none());
    }

    #[test]
    fn spring_forward_gap_moves_later_in_two_zones() {
        // Berlin: 2026-03-29 02:00 → 03:00. A 02:30 bedtime does not exist that night.
        let tz = zone(BERLIN);
        let now = at(&tz, "2026-03-28T23:00");
        let next = next_bedtime(&now, parse_time("02:30").unwrap(), &every_day()).unwrap();
        assert_eq!(
            (next.date().to_string(), next.time().to_string()),
            ("2026-03-29".to_owned(), "03:30:00".to_owned())
        );
        assert_eq!(next.offset().seconds(), 2 * 3600);
        // New York: 2026-03-08 02:00 → 03:00.
        let tz = zone(NEW_YORK);
        let now = at(&tz, "2026-03-07T23:00");
        let next = next_bedtime(&now, parse_time("02:15").unwrap(), &every_day()).unwrap();
        assert_eq!(next.time().to_string(), "03:15:00");
        assert_eq!(next.offset().seconds(), -4 * 3600);
    }

    #[test]
    fn autumn_repeat_takes_the_first_occurrence_in_two_zones() {
        // New York: 2026-11-01 01:00–02:00 happens twice.
        let tz = zone(NEW_YORK);
        let now = at(&tz, "2026-10-31T23:00");
        let next = next_bedtime(&now, parse_time("01:30").unwrap(), &every_day()).unwrap();
        assert_eq!(next.date().to_string(), "2026-11-01");
        assert_eq!(
            next.offset().seconds(),
            -4 * 3600,
            "the first 01:30 (still EDT)"
        );
        // Berlin: 2026-10-25 02:00–03:00 happens twice.
        let tz = zone(BERLIN);
        let now = at(&tz, "2026-10-24T23:00");
        let next = next_bedtime(&now, parse_time("02:30").unwrap(), &every_day()).unwrap();
        assert_eq!(
            next.offset().seconds(),
            2 * 3600,
            "the first 02:30 (still CEST)"
        );
        // The evening after the change has the winter offset and a 25-hour day before it.
        let now = at(&tz, "2026-10-24T21:00");
        let first = next_bedtime(&now, parse_time("22:30").unwrap(), &every_day()).unwrap();
        let second = next_bedtime(&first, parse_time("22:30").unwrap(), &every_day()).unwrap();
        assert_eq!(second.offset().seconds(), 3600);
        assert_eq!(
            second.timestamp().as_second() - first.timestamp().as_second(),
            25 * 3600
        );
    }

    #[test]
    fn times_parse_strictly() {
        assert!(parse_time("22:30").is_some());
        assert!(parse_time("7:05").is_some());
        for bad in ["24:00", "22:60", "22", "ten", ""] {
            assert!(parse_time(bad).is_none(), "{bad}");
        }
    }
}
