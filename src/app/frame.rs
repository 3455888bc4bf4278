//! Each frame: time moves on (the session, the toast, the bedtime reminder, the window's
//! place), the look in force, and when the next frame is needed.

use std::time::Duration;

use super::{LullApp, PACER_FRAME};
use crate::domain::schedule::{is_night_look_time, next_bedtime};
use crate::domain::vocabulary::Program;
use crate::profile::settings::WindowPlace;
use crate::ui::model;
use crate::ui::model::{Screen, Tab};
use crate::ui::theme::Theme;

/// The window's place to remember, from what the window system reports: the size only
/// while the window is neither full screen nor maximized (then the last normal size stays,
/// with the flag); nothing while minimized or before the first report.
pub(super) fn seen_window_place(
    info: &egui::ViewportInfo,
    last: Option<WindowPlace>,
) -> Option<WindowPlace> {
    if info.minimized == Some(true) || info.fullscreen == Some(true) {
        return last;
    }
    if info.maximized == Some(true) {
        return last.map(|p| WindowPlace {
            maximized: true,
            ..p
        });
    }
    let inner = info.inner_rect?;
    let outer = info.outer_rect;
    Some(WindowPlace {
        width: inner.width().round(),
        height: inner.height().round(),
        x: outer.map(|r| r.min.x.round()),
        y: outer.map(|r| r.min.y.round()),
        maximized: false,
    })
}

/// How long the dark screen's wake hint (dark since `dark_at`) still shows, plus a margin;
/// `None` once it is gone.
pub(super) fn hint_left(dark_at: Duration, now: Duration) -> Option<Duration> {
    let gone = dark_at + Duration::from_secs(model::DARK_HINT_SECS);
    (gone > now).then(|| gone.saturating_sub(now) + Duration::from_millis(5))
}

/// The sooner of two optional waits.
pub(super) fn earliest(a: Option<Duration>, b: Option<Duration>) -> Option<Duration> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

impl LullApp {
    /// Advances time: ticks the session, expires the resume offer, and asks for the next
    /// repaint only when something will change. Runs even while the window is hidden (from
    /// eframe's `logic`), and once a frame: `show` skips it when `logic` just ran it.
    pub fn tick(&mut self, ctx: &egui::Context) {
        let now = self.clock.now();
        self.state.now = now;
        self.window_place = ctx.input(|i| seen_window_place(i.viewport(), self.window_place));
        if self.repaint.is_none() {
            self.repaint = Some(ctx.clone());
            if let Some(worker) = &self.voice.worker {
                let ctx = ctx.clone();
                worker.set_waker(Box::new(move || ctx.request_repaint()));
            }
            if let Some(power) = &self.power {
                power.repaint.set(ctx.clone()).ok();
            }
            self.sound.set_window(ctx);
        }
        self.poll_power();
        self.poll_media(ctx);
        self.poll_autostart();
        if self
            .state
            .toast
            .as_ref()
            .is_some_and(|(_, until)| now >= *until)
        {
            self.state.toast = None;
        }
        self.state.night_day =
            crate::domain::history::night_of(self.calendar.now_zoned().datetime());
        let today = self.calendar.today();
        if today != self.state.today {
            self.state.today = today;
            self.recompute_verdicts();
        }
        let events = self
            .state
            .player
            .as_mut()
            .map(|p| p.session.tick(now))
            .unwrap_or_default();
        self.handle_events(&events, now);
        if self.playback.checkpoint_due(now) {
            self.checkpoint(now);
        }
        self.tick_sound(now);
        self.poll_voice();
        self.update_speaking(now);
        self.poll_sound(now);
        if let Screen::Tail {
            until: Some(until), ..
        } = self.state.screen
            && now >= until
        {
            self.end_tail();
        }
        self.check_bedtime();
        self.publish_media();
        if let Some(after) = self.next_repaint(now) {
            ctx.request_repaint_after(after);
        }
    }

    /// Shows the bedtime reminder (banner and desktop notification) when bedtime comes.
    pub(super) fn check_bedtime(&mut self) {
        let plan = &self.state.settings.wind_down;
        let Some(at) = plan.bedtime().filter(|_| plan.enabled) else {
            self.bedtime_due = None;
            self.state.next_bedtime = None;
            return;
        };
        let now = self.calendar.now_zoned();
        if self.bedtime_due.is_none() {
            self.bedtime_due = next_bedtime(&now, at, &plan.days);
            self.state.next_bedtime = self
                .bedtime_due
                .as_ref()
                .map(|d| d.strftime("%A %-d %B, %H:%M").to_string());
        }
        if self
            .bedtime_due
            .as_ref()
            .is_some_and(|due| now.timestamp() >= due.timestamp())
        {
            let title = self
                .state
                .catalogue
                .get(&plan.routine)
                .map_or_else(|| plan.routine.to_string(), |r| r.title.clone());
            self.notifier.notify(
                "Time to wind down",
                &format!("{title} is ready when you are. Open Lull and press Start."),
            );
            if !matches!(self.state.screen, Screen::Player | Screen::Tail { .. }) {
                self.state.bedtime_banner = Some(title);
            }
            self.bedtime_due = next_bedtime(&now, at, &plan.days);
            self.state.next_bedtime = self
                .bedtime_due
                .as_ref()
                .map(|d| d.strftime("%A %-d %B, %H:%M").to_string());
        }
    }

    /// When the next frame is needed, if at all (`None`: nothing will change by itself).
    pub fn next_repaint(&self, now: Duration) -> Option<Duration> {
        let own = self.next_own_repaint(now);
        // A bedtime reminder wakes the app once, when it is due (checked at least every
        // five minutes, because a monotonic timer stops while the computer sleeps).
        let bedtime = self.bedtime_due.as_ref().map(|due| {
            let secs =
                due.timestamp().as_second() - self.calendar.now_zoned().timestamp().as_second();
            Duration::from_secs(u64::try_from(secs.max(1)).unwrap_or(1)).min(Duration::from_mins(5))
        });
        earliest(own, bedtime)
    }

    pub(super) fn next_own_repaint(&self, now: Duration) -> Option<Duration> {
        let toast = self
            .state
            .toast
            .as_ref()
            .map(|(_, until)| until.saturating_sub(now) + Duration::from_millis(5));
        let sound = self
            .sound
            .next_tick(now)
            .map(|d| d + Duration::from_millis(5));
        earliest(earliest(toast, sound), self.next_screen_repaint(now))
    }

    pub(super) fn next_screen_repaint(&self, now: Duration) -> Option<Duration> {
        if let (Screen::Sound { last_input }, Some(session)) =
            (&self.state.screen, &self.state.sound_session)
        {
            // The minutes left change once a minute; the end, and the dark, come on time.
            let mut next = Duration::from_mins(1);
            if let Some(left) = session.left(now).filter(|_| session.is_running()) {
                let into_minute = Duration::from_secs(left.as_secs() % 60)
                    + Duration::from_nanos(u64::from(left.subsec_nanos()));
                if !into_minute.is_zero() {
                    next = next.min(into_minute);
                }
                next = next.min(left);
            }
            let dark_at = *last_input + Duration::from_secs(model::SCREEN_OFF_AFTER_SECS);
            if dark_at > now {
                next = next.min(dark_at.saturating_sub(now));
            } else if let Some(left) = hint_left(dark_at, now) {
                next = next.min(left);
            }
            return Some(next + Duration::from_millis(5));
        }
        if let Screen::Tail { until, last_input } = &self.state.screen {
            let dark_at = *last_input + Duration::from_secs(model::SCREEN_OFF_AFTER_SECS);
            let mut next = Duration::from_mins(1);
            if dark_at > now {
                next = next.min(dark_at.saturating_sub(now) + Duration::from_millis(5));
            } else if let Some(left) = hint_left(dark_at, now) {
                next = next.min(left);
            }
            if let Some(u) = until {
                next = next.min(u.saturating_sub(now) + Duration::from_millis(5));
            }
            return Some(next);
        }
        if let Some(p) = &self.state.player {
            if p.session.is_running() {
                let off = model::screen_is_off(&self.state, p);
                if p.snapshot.breath.is_some() && !self.state.settings.reduce_motion && !off {
                    return Some(PACER_FRAME);
                }
                if off {
                    // Nothing to draw in the dark but the brief hint: wake to take it
                    // away, and for the next step (its events and the history record).
                    // Cues are the audio engine's.
                    let step_end = p.snapshot.step_remaining + Duration::from_millis(5);
                    let hint = model::dark_at(p).and_then(|at| hint_left(at, now));
                    return Some(earliest(Some(step_end), hint).unwrap_or(step_end));
                }
                // The countdown changes on whole seconds; the screen goes dark on time.
                let into_second = p.snapshot.step_remaining.subsec_millis();
                let mut next = Duration::from_millis(
                    u64::from(if into_second == 0 { 1_000 } else { into_second }) + 5,
                );
                if let Some(at) = model::dark_at(p) {
                    next = next.min(at.saturating_sub(now) + Duration::from_millis(5));
                }
                if let Some(change) = self.next_speech_change(now) {
                    next = next.min(change);
                }
                return Some(next);
            }
            return None;
        }
        None
    }

    /// The theme in force: the night look for a sleep routine and its screens, from an hour
    /// before bedtime until morning (unless turned off), and on the sleep program's tab when
    /// the system prefers dark; the user's theme otherwise.
    pub(super) fn look_theme(&self, system_dark: bool) -> Theme {
        let settings = &self.state.settings;
        let evening = settings.night_look_before_bed
            && settings
                .wind_down
                .bedtime()
                .is_some_and(|bed| is_night_look_time(self.calendar.now_zoned().time(), bed));
        let sleep_tab =
            self.state.screen == Screen::Library && self.state.tab == Tab::Program(Program::Sleep);
        if self.state.night() || evening || (system_dark && sleep_tab) {
            Theme::Night
        } else {
            settings.theme
        }
    }
}
