//! "Just sound": an ambience alone with a sleep timer, a long fade and, if asked, the
//! computer suspended at the end. The timer is the domain's `SoundSession`; this file plays
//! it, keeps its history record (checkpointed while it plays, kind "sound") and suspends.

use std::time::Duration;

use super::LullApp;
use crate::domain::history::{HistoryLine, RatingKind, SessionKind, SessionRecord};
use crate::domain::id::{PresetId, RoutineId};
use crate::domain::sound_session::{
    SoundCommand, SoundPlan, SoundSession, SoundState, minutes_text,
};
use crate::domain::vocabulary::Program;
use crate::platform::inhibit::Hold;
use crate::ui::model::Screen;
use crate::ui::theme::Theme;

/// How fast a pause silences the sound.
const PAUSE_FADE: Duration = Duration::from_millis(500);

/// The sound-only session playing, on its history side.
pub(super) struct SoundRun {
    id: String,
    started_at: String,
    program: Program,
    /// Ask how it went (an after-rating).
    ratings: bool,
    /// The session on disk while it plays (a crash still leaves it in the history).
    checkpoint: Option<crate::store::Checkpoint>,
    /// When the checkpoint was last saved, app time.
    saved_at: Duration,
    /// Where the app goes when the user leaves the end screen.
    back: Screen,
}

impl SoundRun {
    fn record(&self, session: &SoundSession, now: Duration, completed: bool) -> SessionRecord {
        let played = session.elapsed(now).as_secs();
        SessionRecord {
            v: crate::domain::history::RECORD_VERSION,
            id: self.id.clone(),
            routine_id: RoutineId::new(session.preset.as_str()),
            routine_title: session.name.clone(),
            program: self.program,
            started_at: self.started_at.clone(),
            planned_secs: session.length().map_or(played, |l| l.as_secs()),
            actual_secs: played,
            completed,
            stopped_at_step: None,
            adaptations: Vec::new(),
            rating_kind: self.ratings.then(|| RatingKind::for_program(self.program)),
            before: None,
            after: None,
            wind_down: false,
            kind: SessionKind::Sound,
            painkiller: None,
            notes: None,
        }
    }
}

impl LullApp {
    /// Starts `preset` alone as `plan` says (the library's "Just sound", `lull sleep`).
    /// `program` is the tab it was started from (what the history counts it under).
    pub(super) fn start_sound(&mut self, preset: &PresetId, program: Program, plan: &SoundPlan) {
        if self.state.player.is_some() {
            return;
        }
        let Some(found) = self.sound.preset(preset.as_str()) else {
            self.notice(format!("No ambience \"{preset}\""), true);
            return;
        };
        if matches!(self.state.screen, Screen::Tail { .. }) {
            self.end_tail();
        }
        if self.state.sound_session.is_some() {
            self.end_sound(false);
        }
        let now = self.clock.now();
        let zoned = self.calendar.now_zoned();
        let id = format!("{}-sound-{preset}", zoned.timestamp().as_millisecond());
        let checkpoint = self
            .files
            .as_ref()
            .filter(|_| self.saving.data)
            .and_then(
                |f| match crate::store::Checkpoint::create(&f.dirs().data, &id) {
                    Ok(c) => Some(c),
                    Err(e) => {
                        log::warn!("the sound session will not be kept on disk: {e}");
                        None
                    }
                },
            );
        let back = match &self.state.screen {
            Screen::Sound { .. } | Screen::SoundEnded { .. } | Screen::Finished { .. } => {
                Screen::Library
            }
            other => other.clone(),
        };
        let session = SoundSession::start(preset.clone(), &found.name, plan, now);
        for problem in self.sound.play_preset(preset.as_str()) {
            self.notice(problem, true);
        }
        self.sound.apply_settings(&self.state.settings.audio);
        self.sound.set_timeline(session.timeline(now), true, now);
        // Only sound: the computer sleeps as usual when idle, unless asked to stay awake.
        self.awake = self.state.settings.keep_awake_while_sound.then(|| {
            self.inhibitor
                .hold(Hold::IdleAndSleep, "Playing sound to sleep to")
        });
        self.state.after_night = program == Program::Sleep
            || self.state.settings.theme == Theme::Night
            || plan.dark_screen;
        self.save_diary_notes();
        self.state.after_rating = None;
        self.state.stopped = None;
        self.state.sound_session = Some(session);
        self.state.screen = Screen::Sound { last_input: now };
        self.sound_run = Some(SoundRun {
            id,
            started_at: zoned.to_string(),
            program,
            ratings: plan.ratings,
            checkpoint,
            saved_at: now,
            back,
        });
        self.refresh_mixer();
        self.checkpoint_sound(now);
    }

    /// A button or key on the sound screen.
    pub(super) fn sound_command(&mut self, command: SoundCommand) {
        let now = self.clock.now();
        if let Screen::Sound { last_input } = &mut self.state.screen {
            *last_input = now;
        }
        let Some(session) = self.state.sound_session.as_mut() else {
            return;
        };
        match command {
            SoundCommand::TogglePause => {
                if session.is_running() {
                    session.pause(now);
                    self.sound.fade_out(PAUSE_FADE);
                    self.sound.set_timeline(session.timeline(now), false, now);
                } else if session.state(now) != SoundState::Ended {
                    session.resume(now);
                    self.slept = false;
                    // The timer's fade is the engine's, by session time: the volume comes
                    // back, and the fade goes on from where it was.
                    self.sound.apply_settings(&self.state.settings.audio);
                    self.sound.set_timeline(session.timeline(now), true, now);
                }
            }
            SoundCommand::Longer | SoundCommand::Shorter => {
                if session.change_length(command == SoundCommand::Longer, now) {
                    let left = session.left(now).unwrap_or_default();
                    // Out of the fade, or into it: the engine glides to where it now is.
                    self.sound
                        .set_timeline(session.timeline(now), session.is_running(), now);
                    self.toast(format!("Now {} left", minutes_text(left)));
                }
            }
            SoundCommand::Stop => self.end_sound(false),
        }
        self.checkpoint_sound(now);
    }

    /// Every frame: the end of the timer, the checkpoint, a refused suspend.
    pub(super) fn tick_sound(&mut self, now: Duration) {
        for problem in self.suspend_problems.1.try_iter().collect::<Vec<_>>() {
            self.notice(
                format!("The computer was not put to sleep: {problem}."),
                true,
            );
        }
        let Some(session) = &self.state.sound_session else {
            return;
        };
        if session.state(now) == SoundState::Ended {
            self.end_sound(true);
            return;
        }
        if self
            .sound_run
            .as_ref()
            .is_some_and(|r| now.saturating_sub(r.saved_at) >= super::playback::CHECKPOINT_EVERY)
        {
            self.checkpoint_sound(now);
        }
    }

    /// After a volume change: a paused sound-only session stays silent (its fade is the
    /// engine's, by session time, and needs nothing).
    pub(super) fn keep_sound_level(&mut self) {
        if self
            .state
            .sound_session
            .as_ref()
            .is_some_and(|s| !s.is_running())
        {
            self.sound.fade_out(Duration::from_millis(300));
        }
    }

    /// The computer is about to sleep: a playing sound session pauses (and fades out).
    pub(super) fn pause_sound_for_sleep(&mut self) -> bool {
        let now = self.clock.now();
        let Some(session) = &self.state.sound_session else {
            return false;
        };
        if session.state(now) == SoundState::Playing {
            log::info!("the computer is going to sleep: pausing the sound");
            self.sound_command(SoundCommand::TogglePause);
        }
        true
    }

    fn checkpoint_sound(&mut self, now: Duration) {
        let (Some(run), Some(session)) = (self.sound_run.as_mut(), &self.state.sound_session)
        else {
            return;
        };
        run.saved_at = now;
        let record = run.record(session, now, false);
        if let Some(c) = run.checkpoint.as_mut()
            && let Err(e) = c.save(&record)
        {
            log::warn!("cannot save the sound session in progress: {e}");
        }
    }

    /// Ends the sound-only session: it ran to its end (`completed`) or was stopped.
    pub(super) fn end_sound(&mut self, completed: bool) {
        let now = self.clock.now();
        let (Some(session), Some(mut run)) =
            (self.state.sound_session.take(), self.sound_run.take())
        else {
            return;
        };
        let record = run.record(&session, now, completed);
        let saved = self.append(&HistoryLine::Session(record.clone()));
        if let Some(mut c) = run.checkpoint.take() {
            if saved {
                c.finish();
            } else if let Err(e) = c.save(&record) {
                log::warn!("cannot keep the sound session for later: {e}");
            }
        }
        if run.ratings {
            // Sound alone is not in the headache diary: the rating only.
            self.state.after_rating = Some(crate::ui::model::AfterRating {
                diary: None,
                ..crate::ui::model::AfterRating::new(
                    record.id.clone(),
                    RatingKind::for_program(run.program),
                )
            });
        }
        self.state.history.upsert(record);
        self.sound
            .stop(Duration::from_secs(if completed { 3 } else { 2 }), now);
        self.awake = None;
        self.slept = false;
        self.refresh_mixer();
        self.sound_back = Some(run.back);
        self.state.screen = Screen::SoundEnded { completed };
        if completed && session.suspend_at_end {
            self.suspend_now();
        }
    }

    /// Leaves the end screen for where the session was started from.
    pub(super) fn leave_sound(&mut self) {
        self.state.after_rating = None;
        self.state.screen = self.sound_back.take().unwrap_or(Screen::Library);
    }

    /// Asks the system to suspend, off the UI thread (a refusal comes back as a notice).
    fn suspend_now(&self) {
        log::info!("the sound has ended: suspending the computer, as asked");
        let suspend = std::sync::Arc::clone(&self.suspend);
        let problems = self.suspend_problems.0.clone();
        let asked = std::thread::Builder::new()
            .name("suspend".to_owned())
            .spawn(move || {
                if let Err(e) = suspend.suspend() {
                    log::warn!("cannot suspend: {e}");
                    problems.send(e).ok();
                }
            });
        if let Err(e) = asked {
            log::warn!("cannot suspend: {e}");
            self.suspend_problems.0.send(e.to_string()).ok();
        }
    }
}
