//! The real clocks: the only place that reads the system's time. Everything else gets time
//! passed in (the domain is pure), so tests can use a fake clock.

use std::time::{Duration, Instant};

/// A source of monotonic time: time since an arbitrary origin.
pub trait Clock {
    /// Now, as time since the clock's origin.
    fn now(&self) -> Duration;
}

/// The system's monotonic clock.
#[derive(Clone, Copy, Debug)]
pub struct MonotonicClock {
    origin: Instant,
}

impl MonotonicClock {
    /// A clock whose origin is now.
    #[expect(
        clippy::disallowed_methods,
        reason = "the one place that reads the monotonic clock"
    )]
    pub fn start() -> Self {
        Self {
            origin: Instant::now(),
        }
    }
}

impl Clock for MonotonicClock {
    #[expect(
        clippy::disallowed_methods,
        reason = "the one place that reads the monotonic clock"
    )]
    fn now(&self) -> Duration {
        Instant::now().saturating_duration_since(self.origin)
    }
}

/// Measures elapsed time (for reports such as "rendered in 1.2 s").
#[derive(Clone, Copy, Debug)]
pub struct Stopwatch(MonotonicClock);

impl Stopwatch {
    /// Starts now.
    pub fn start() -> Self {
        Self(MonotonicClock::start())
    }

    /// Time since the start.
    pub fn elapsed(&self) -> Duration {
        self.0.now()
    }
}

/// A clock moved by hand, for tests and demos.
#[derive(Clone, Debug, Default)]
pub struct ManualClock {
    now: std::rc::Rc<std::cell::Cell<Duration>>,
}

impl ManualClock {
    /// A clock at zero.
    pub fn new() -> Self {
        Self::default()
    }

    /// Moves the clock forward.
    pub fn advance(&self, by: Duration) {
        self.now.set(self.now.get() + by);
    }

    /// Sets the clock.
    pub fn set(&self, to: Duration) {
        self.now.set(to);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Duration {
        self.now.get()
    }
}

/// The calendar: today's date in the user's time zone.
pub trait Calendar {
    /// Today's date.
    fn today(&self) -> jiff::civil::Date {
        self.now_zoned().date()
    }

    /// Now, in the local time zone.
    fn now_zoned(&self) -> jiff::ZonedDateTime;

    /// A compact local timestamp for file names (`20261127T221500`).
    fn stamp(&self) -> String {
        format!("{}", self.today()).replace('-', "")
    }
}

/// The system calendar (the local time zone, as jiff finds it).
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemCalendar;

impl Calendar for SystemCalendar {
    fn now_zoned(&self) -> jiff::ZonedDateTime {
        jiff::ZonedDateTime::now()
    }

    fn stamp(&self) -> String {
        jiff::ZonedDateTime::now()
            .strftime("%Y%m%dT%H%M%S")
            .to_string()
    }
}

/// A calendar set by hand, for tests.
#[derive(Clone, Debug)]
pub struct FixedCalendar(pub std::rc::Rc<std::cell::RefCell<jiff::ZonedDateTime>>);

impl FixedCalendar {
    /// A calendar showing noon (UTC) on `date`.
    pub fn new(date: jiff::civil::Date) -> Self {
        Self(std::rc::Rc::new(std::cell::RefCell::new(Self::noon(date))))
    }

    fn noon(date: jiff::civil::Date) -> jiff::ZonedDateTime {
        date.to_datetime(jiff::civil::Time::midnight())
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .ok()
            .and_then(|z| z.checked_add(jiff::Span::new().hours(12)).ok())
            .unwrap_or_default()
    }

    /// Moves to noon on another date.
    pub fn set(&self, date: jiff::civil::Date) {
        *self.0.borrow_mut() = Self::noon(date);
    }

    /// Moves to an exact moment.
    pub fn set_zoned(&self, now: jiff::ZonedDateTime) {
        *self.0.borrow_mut() = now;
    }
}

impl Calendar for FixedCalendar {
    fn now_zoned(&self) -> jiff::ZonedDateTime {
        self.0.borrow().clone()
    }
}

/// Wall-clock time as nanoseconds since the Unix epoch (for measurement scripts only).
#[expect(
    clippy::disallowed_methods,
    reason = "the one place that reads the wall clock"
)]
pub fn unix_nanos() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}
