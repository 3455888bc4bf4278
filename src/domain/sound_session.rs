//! A sound-only session ("Just sound"): an ambience alone, with a sleep timer, a long fade at
//! its end and, if asked, the computer suspended when it ends. Pure: the app passes its clock
//! in; the audio timeline (fade, calm) comes from the same planner as a wind-down's tail.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::id::PresetId;
use super::soundscape::{Timeline, with_wind_down};
use super::vocabulary::Program;

/// The longest timer (10 hours: a night).
pub const MAX_MINUTES: u32 = 600;

/// The longest fade, minutes.
pub const MAX_FADE_MINUTES: u32 = 30;

/// What +15 min / −15 min change.
pub const STEP: Duration = Duration::from_mins(15);

/// What the sound screen's buttons and keys ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SoundCommand {
    /// Pause, or play on.
    TogglePause,
    /// +15 min.
    Longer,
    /// −15 min.
    Shorter,
    /// Stop now.
    Stop,
}

/// How long a sound-only session plays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SoundTimer {
    /// This many minutes (1 to [`MAX_MINUTES`]).
    Minutes(u32),
    /// Until you stop it.
    UntilStopped,
}

impl SoundTimer {
    /// The choices offered.
    pub const CHOICES: [Self; 6] = [
        Self::Minutes(15),
        Self::Minutes(30),
        Self::Minutes(45),
        Self::Minutes(60),
        Self::Minutes(90),
        Self::UntilStopped,
    ];

    /// How it is shown.
    pub fn label(self) -> String {
        match self {
            Self::Minutes(m) => format!("{m} min"),
            Self::UntilStopped => "Until I stop it".to_owned(),
        }
    }

    /// The length, if bounded (at least a minute, at most [`MAX_MINUTES`]).
    pub fn length(self) -> Option<Duration> {
        match self {
            Self::Minutes(m) => Some(Duration::from_mins(u64::from(m.clamp(1, MAX_MINUTES)))),
            Self::UntilStopped => None,
        }
    }
}

/// The choices remembered for the next sound-only session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SoundPlan {
    /// The ambience (`None`: the program's own).
    pub preset: Option<PresetId>,
    /// How long.
    pub timer: SoundTimer,
    /// Fade-out over the last minutes, 0 to 30 (at most half the length).
    pub fade_minutes: u32,
    /// Suspend the computer when the sound has faded away.
    pub suspend_at_end: bool,
    /// Ask how you feel before and after, as after a routine.
    pub ratings: bool,
    /// The screen goes dark after a few seconds without input.
    pub dark_screen: bool,
}

impl Default for SoundPlan {
    fn default() -> Self {
        Self {
            preset: None,
            timer: SoundTimer::Minutes(45),
            fade_minutes: 10,
            suspend_at_end: false,
            ratings: false,
            dark_screen: true,
        }
    }
}

/// The ambience a sound-only session of `program` plays unless another is chosen: the
/// first bundled preset made for it.
pub fn preset_for(program: Program) -> PresetId {
    super::soundscape::bundled_presets()
        .into_iter()
        .find(|p| p.program == Some(program))
        .map_or_else(
            || PresetId::new(super::soundscape::FALLBACK_PRESET),
            |p| p.id,
        )
}

/// "45 min", "1 h 30 min", "Less than a minute" (whole minutes, rounded up).
pub fn minutes_text(left: Duration) -> String {
    let minutes = left.as_secs().div_ceil(60);
    match (minutes / 60, minutes % 60) {
        (0, 0) => "Less than a minute".to_owned(),
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// The fade actually used: at most [`MAX_FADE_MINUTES`] and at most half of `length`.
pub fn fade_for(fade_minutes: u32, length: Option<Duration>) -> Duration {
    let fade = Duration::from_mins(u64::from(fade_minutes.min(MAX_FADE_MINUTES)));
    match length {
        Some(l) => fade.min(l / 2),
        None => Duration::ZERO,
    }
}

/// Where a sound-only session stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SoundState {
    /// Playing.
    Playing,
    /// Paused (silent, the timer held).
    Paused,
    /// Its time is up.
    Ended,
}

/// A sound-only session as it plays. Its clock is the app's (passed in), held while paused.
#[derive(Clone, Debug, PartialEq)]
pub struct SoundSession {
    /// The ambience.
    pub preset: PresetId,
    /// Its name, as shown and recorded.
    pub name: String,
    length: Option<Duration>,
    fade_minutes: u32,
    /// Suspend the computer at the end.
    pub suspend_at_end: bool,
    /// Time played before `since`.
    played: Duration,
    /// App time it has been running since (`None`: paused).
    since: Option<Duration>,
}

impl SoundSession {
    /// A session of `preset` (named `name`) as `plan` says, starting at app time `now`.
    pub fn start(preset: PresetId, name: &str, plan: &SoundPlan, now: Duration) -> Self {
        Self {
            preset,
            name: name.to_owned(),
            length: plan.timer.length(),
            fade_minutes: plan.fade_minutes,
            suspend_at_end: plan.suspend_at_end,
            played: Duration::ZERO,
            since: Some(now),
        }
    }

    /// Time played at app time `now` (never past the length).
    pub fn elapsed(&self, now: Duration) -> Duration {
        let total = self.played + self.since.map_or(Duration::ZERO, |s| now.saturating_sub(s));
        self.length.map_or(total, |l| total.min(l))
    }

    /// The planned length (`None`: until stopped).
    pub const fn length(&self) -> Option<Duration> {
        self.length
    }

    /// Time left at `now` (`None`: until stopped).
    pub fn left(&self, now: Duration) -> Option<Duration> {
        self.length.map(|l| l.saturating_sub(self.elapsed(now)))
    }

    /// The fade at the end.
    pub fn fade(&self) -> Duration {
        fade_for(self.fade_minutes, self.length)
    }

    /// Where it stands at `now`.
    pub fn state(&self, now: Duration) -> SoundState {
        if self.left(now).is_some_and(|l| l.is_zero()) {
            SoundState::Ended
        } else if self.since.is_some() {
            SoundState::Playing
        } else {
            SoundState::Paused
        }
    }

    /// Whether the timer runs.
    pub const fn is_running(&self) -> bool {
        self.since.is_some()
    }

    /// Holds the timer at `now`.
    pub fn pause(&mut self, now: Duration) {
        if self.since.is_some() {
            self.played = self.elapsed(now);
            self.since = None;
        }
    }

    /// Starts the timer again at `now` (not once ended).
    pub fn resume(&mut self, now: Duration) {
        if self.since.is_none() && self.state(now) != SoundState::Ended {
            self.since = Some(now);
        }
    }

    /// Whether −15 min is possible: more than that is left.
    pub fn can_shorten(&self, now: Duration) -> bool {
        self.left(now).is_some_and(|l| l > STEP)
    }

    /// Whether +15 min is possible: a timer that has not reached the longest.
    pub fn can_lengthen(&self, now: Duration) -> bool {
        self.length.is_some_and(|l| {
            l + STEP <= Duration::from_mins(u64::from(MAX_MINUTES))
                && self.state(now) != SoundState::Ended
        })
    }

    /// +15 min (`longer`) or −15 min; whether it changed anything.
    pub fn change_length(&mut self, longer: bool, now: Duration) -> bool {
        let Some(length) = self.length else {
            return false;
        };
        if longer && self.can_lengthen(now) {
            self.length = Some(length + STEP);
            true
        } else if !longer && self.can_shorten(now) {
            self.length = Some(length.saturating_sub(STEP));
            true
        } else {
            false
        }
    }

    /// What the audio does from `now` on: the ambience, fading out (and calming) over the
    /// fade, ending at the length.
    pub fn timeline(&self, now: Duration) -> Timeline {
        let from = self.elapsed(now);
        let start = Timeline {
            from,
            items: Vec::new(),
            end: Some(Duration::ZERO),
        };
        let mut timeline = with_wind_down(start, self.length, self.fade());
        if self.length.is_none() {
            timeline.end = None;
        }
        timeline
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::soundscape::TimelineItem;

    const MIN: Duration = Duration::from_mins(1);

    fn session(timer: SoundTimer, fade: u32) -> SoundSession {
        let plan = SoundPlan {
            timer,
            fade_minutes: fade,
            ..SoundPlan::default()
        };
        SoundSession::start(PresetId::new("night-sea"), "Night sea", &plan, MIN)
    }

    #[test]
    fn the_timer_runs_pauses_and_ends() {
        let mut s = session(SoundTimer::Minutes(45), 10);
        assert_eq!(s.left(MIN), Some(45 * MIN));
        assert_eq!(s.left(11 * MIN), Some(35 * MIN));
        s.pause(11 * MIN);
        assert_eq!(s.state(100 * MIN), SoundState::Paused);
        assert_eq!(s.left(100 * MIN), Some(35 * MIN));
        s.resume(100 * MIN);
        assert_eq!(s.left(110 * MIN), Some(25 * MIN));
        assert_eq!(s.state(134 * MIN), SoundState::Playing);
        assert_eq!(s.state(135 * MIN), SoundState::Ended);
        assert_eq!(s.elapsed(500 * MIN), 45 * MIN, "never past the length");
        s.pause(500 * MIN);
        s.resume(501 * MIN);
        assert_eq!(
            s.state(600 * MIN),
            SoundState::Ended,
            "an ended session stays ended"
        );
    }

    #[test]
    fn until_stopped_has_no_end_no_fade_and_no_steps() {
        let mut s = session(SoundTimer::UntilStopped, 10);
        assert_eq!(s.left(1000 * MIN), None);
        assert_eq!(s.state(1000 * MIN), SoundState::Playing);
        assert_eq!(s.fade(), Duration::ZERO);
        assert!(!s.change_length(true, 2 * MIN));
        assert!(!s.change_length(false, 2 * MIN));
        let t = s.timeline(5 * MIN);
        assert_eq!(t.end, None);
        assert!(t.items.is_empty());
    }

    #[test]
    fn plus_and_minus_fifteen_minutes() {
        let mut s = session(SoundTimer::Minutes(30), 10);
        assert!(s.change_length(true, 2 * MIN));
        assert_eq!(s.left(MIN), Some(45 * MIN));
        assert!(s.change_length(false, 2 * MIN));
        assert_eq!(s.left(MIN), Some(30 * MIN));
        // 14 minutes left: −15 would end it at once; Stop does that.
        assert!(!s.can_shorten(17 * MIN));
        assert!(!s.change_length(false, 17 * MIN));
        assert!(s.can_shorten(15 * MIN));
        let mut long = session(SoundTimer::Minutes(MAX_MINUTES - 10), 10);
        assert!(!long.change_length(true, MIN), "not past ten hours");
    }

    #[test]
    fn the_fade_is_at_most_half_the_length_and_thirty_minutes() {
        assert_eq!(
            session(SoundTimer::Minutes(15), 10).fade(),
            Duration::from_secs(450)
        );
        assert_eq!(session(SoundTimer::Minutes(90), 45).fade(), 30 * MIN);
        assert_eq!(session(SoundTimer::Minutes(90), 0).fade(), Duration::ZERO);
    }

    #[test]
    fn the_timeline_fades_over_the_last_minutes_and_ends_at_the_length() {
        let s = session(SoundTimer::Minutes(45), 10);
        let t = s.timeline(MIN);
        assert_eq!(t.from, Duration::ZERO);
        assert_eq!(t.end, Some(45 * MIN));
        let fade = t.items.iter().find_map(|i| match *i {
            TimelineItem::FadeOut { at, secs } => Some((at, secs)),
            _ => None,
        });
        assert_eq!(fade, Some((35 * MIN, 600.0)));
        // In the middle of the fade, the timeline says where the fade began: the engine's
        // gain follows session time, and goes on from where it was.
        let later = s.timeline(41 * MIN);
        assert_eq!(later.from, 40 * MIN);
        let fade = later.items.iter().find_map(|i| match *i {
            TimelineItem::FadeOut { at, secs } => Some((at, secs)),
            _ => None,
        });
        assert_eq!(fade, Some((35 * MIN, 600.0)));
    }

    #[test]
    fn the_plan_is_remembered_in_toml() {
        let plan = SoundPlan {
            preset: Some(PresetId::new("soft-rain")),
            timer: SoundTimer::UntilStopped,
            ..SoundPlan::default()
        };
        let text = toml::to_string(&plan).unwrap();
        let back: SoundPlan = toml::from_str(&text).unwrap();
        assert_eq!(back, plan);
        let minutes: SoundPlan = toml::from_str("timer = { minutes = 90 }").unwrap();
        assert_eq!(minutes.timer, SoundTimer::Minutes(90));
        assert_eq!(minutes.fade_minutes, 10);
    }
}
