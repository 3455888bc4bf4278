//! The computer going to sleep mid-session: the session pauses and its sound fades out
//! before it sleeps, and stays paused and silent after it wakes until the user resumes (so
//! nothing plays on at full volume in the morning). A wind-down's tail, which is sound
//! alone, ends; a sound-only session pauses like a routine (one whose timer has run out
//! stays ended).

use std::time::Duration;

use super::LullApp;
use crate::domain::session::{Command, RunState};
use crate::platform::suspend::PowerEvent;
use crate::ui::model::Screen;

/// How fast the sound fades out before the computer sleeps.
const SLEEP_FADE: Duration = Duration::from_millis(300);

impl LullApp {
    /// Takes the sleep and wake events that came in.
    pub(super) fn poll_power(&mut self) {
        let events: Vec<PowerEvent> = self
            .power
            .as_ref()
            .map(|p| p.events.try_iter().collect())
            .unwrap_or_default();
        for event in events {
            match event {
                PowerEvent::GoingToSleep => self.before_sleep(),
                PowerEvent::WokeUp => self.after_sleep(),
            }
        }
    }

    fn before_sleep(&mut self) {
        let now = self.clock.now();
        if self.pause_sound_for_sleep() {
            self.slept = true;
            return;
        }
        if matches!(self.state.screen, Screen::Tail { .. }) {
            log::info!("the computer is going to sleep: the wind-down's sound ends");
            self.end_tail();
            return;
        }
        let running = self
            .state
            .player
            .as_ref()
            .is_some_and(|p| p.session.snapshot(now).state == RunState::Running);
        if running {
            log::info!("the computer is going to sleep: pausing the session");
            self.session_command(Command::Pause);
        }
        if self.state.player.is_some() {
            self.sound.fade_out(SLEEP_FADE);
            self.slept = true;
        }
    }

    fn after_sleep(&mut self) {
        if self.slept && (self.state.player.is_some() || self.state.sound_session.is_some()) {
            self.toast("Paused while the computer slept. Press Space to go on.".to_owned());
        }
    }

    /// Resuming after a sleep brings the sound back (faded in).
    pub(super) fn sound_back_after_sleep(&mut self) {
        if self.slept {
            self.slept = false;
            self.sound.apply_settings(&self.state.settings.audio);
        }
    }
}
