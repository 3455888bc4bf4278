//! Starting a routine through its safety gates, and playing it: the session engine, the
//! sound, the history record (checkpointed while it plays) and Resume.

use std::time::Duration;

use super::LullApp;
use super::gates::{Gate, PendingStart, next_gate};
use crate::domain::diary::Painkiller;
use crate::domain::history::{HistoryLine, RatingKind, RatingUpdate, SessionRecord};
use crate::domain::id::{PresetId, RoutineId};
use crate::domain::safety::SafeRoutine;
use crate::domain::schedule::Tail;
use crate::domain::session::{Command, Outcome, RunState, Session, SessionEvent};
use crate::domain::soundscape::FALLBACK_PRESET;
use crate::domain::soundscape::{timeline, with_wind_down};
use crate::domain::vocabulary::Program;
use crate::platform::inhibit::Hold;
use crate::ui::model::{AfterRating, Dialog, Player, Screen, Stopped};
use crate::ui::theme::Theme;

/// The session being played, for its history record.
pub(super) struct Run {
    id: String,
    started_at: String,
    before: Option<u8>,
    kind: RatingKind,
    wind_down: bool,
    /// The session on disk while it plays (a crash still leaves it in the history).
    checkpoint: Option<crate::store::Checkpoint>,
    /// When the checkpoint was last saved, app time.
    saved_at: Duration,
    /// Seconds played before a stop this run was resumed from.
    carried_secs: u64,
}

impl Run {
    /// The history record of this run, as the session stands.
    fn record(
        &self,
        routine: &SafeRoutine,
        snapshot: &crate::domain::session::Snapshot,
        outcome: Outcome,
    ) -> SessionRecord {
        SessionRecord {
            v: crate::domain::history::RECORD_VERSION,
            id: self.id.clone(),
            routine_id: routine.id().clone(),
            routine_title: routine.title().to_owned(),
            program: routine.program(),
            started_at: self.started_at.clone(),
            planned_secs: routine.duration().as_secs(),
            actual_secs: self.carried_secs + snapshot.session_time.as_secs(),
            completed: matches!(outcome, Outcome::Completed),
            stopped_at_step: match outcome {
                Outcome::Stopped { at_step } => Some(at_step + 1),
                Outcome::Completed => None,
            },
            adaptations: routine
                .changes()
                .iter()
                .map(crate::domain::safety::Change::describe)
                .collect(),
            rating_kind: Some(self.kind),
            before: self.before,
            after: None,
            wind_down: self.wind_down,
            kind: crate::domain::history::SessionKind::Routine,
            // The diary's answers come after the session, with the after-rating.
            painkiller: None,
            notes: None,
        }
    }
}

/// Where the routine the app plays stands, on its history side (the session itself and
/// what the player shows are the view model's `Player`; the Resume offer the view shows is
/// `Stopped`).
#[derive(Default)]
pub(super) enum Playback {
    /// Nothing playing, nothing to resume.
    #[default]
    Idle,
    /// A session plays: its history record as it goes.
    Playing(Run),
    /// A session was stopped and "Resume" is offered: it goes on with this record.
    Stopped(Run),
}

impl Playback {
    /// The run playing, if any.
    pub(super) const fn playing(&mut self) -> Option<&mut Run> {
        match self {
            Self::Playing(run) => Some(run),
            _ => None,
        }
    }

    /// Whether the playing session's checkpoint is older than `CHECKPOINT_EVERY`.
    pub(super) fn checkpoint_due(&self, now: Duration) -> bool {
        matches!(self, Self::Playing(run) if now.saturating_sub(run.saved_at) >= CHECKPOINT_EVERY)
    }
}

/// How a session begins: new, or going on from a stopped one.
enum Begin {
    New { before: Option<u8>, wind_down: bool },
    Resume(Run),
}

/// How often a playing session is saved to disk besides at every step.
pub(super) const CHECKPOINT_EVERY: Duration = Duration::from_mins(1);

impl LullApp {
    /// Takes `pending` through the next safety gate: shows the gate's screen (keeping it
    /// pending), or starts it, or says why it cannot start.
    pub(super) fn start(&mut self, pending: PendingStart) {
        let id = pending.routine.clone();
        let Some(routine) = self.state.catalogue.get(&id).cloned() else {
            self.notice(format!("No routine \"{id}\""), true);
            return;
        };
        match next_gate(
            &pending,
            &routine,
            self.state.record.as_ref(),
            self.state.today,
        ) {
            Gate::Questionnaire => {
                self.pending = Some(pending);
                self.state.screen = Screen::Welcome;
            }
            Gate::TodayCheck => {
                self.pending = Some(pending);
                self.state.screen = Screen::TodayCheck { routine: id };
            }
            Gate::HeadacheCheck => {
                self.pending = Some(pending);
                self.state.screen = self.headache_screen(Some(id), false);
            }
            Gate::Start(safe) => {
                self.pending = None;
                let kind = RatingKind::for_program(safe.program());
                self.play(
                    safe,
                    0,
                    Begin::New {
                        before: None,
                        wind_down: pending.wind_down,
                    },
                );
                // One click starts: the optional rating is offered inside the player. Not
                // at bedtime (audio first, straight into the dark) nor for `lull play ID`.
                // The step waits, paused, while the prompt covers it (its clock starts when
                // the prompt is answered or put off).
                if let Some(p) = self
                    .state
                    .player
                    .as_mut()
                    .filter(|_| !pending.wind_down && !pending.direct)
                {
                    p.ask_before = Some(kind);
                    self.session_command(Command::Pause);
                }
            }
            Gate::Unavailable(reason) => {
                self.pending = None;
                self.state.screen = Screen::Library;
                self.state.dialog = Some(Dialog::Unavailable {
                    title: routine.title.clone(),
                    reason,
                });
            }
        }
    }

    /// The routine `id` as it waits behind a gate (with how it was asked for), or a new
    /// start of it.
    pub(super) fn pending_for(&mut self, id: &RoutineId) -> PendingStart {
        self.pending
            .take()
            .filter(|p| p.routine == *id)
            .unwrap_or_else(|| PendingStart::new(id.clone()))
    }

    /// Plays `safe` from step `from` (0 for a new session; a resumed one goes on where it
    /// stopped).
    fn play(&mut self, safe: SafeRoutine, from: usize, begin: Begin) {
        let wind_down = match &begin {
            Begin::New { wind_down, .. } => *wind_down,
            Begin::Resume(run) => run.wind_down,
        };
        let now = self.clock.now();
        let night = safe.program() == Program::Sleep
            || self.state.settings.theme == Theme::Night
            || wind_down;
        let plan = &self.state.settings.wind_down;
        let preset = plan
            .ambience
            .as_ref()
            .filter(|_| wind_down)
            .or(safe.ambience())
            .map_or(FALLBACK_PRESET, PresetId::as_str)
            .to_owned();
        let zoned = self.calendar.now_zoned();
        let id = match &begin {
            Begin::New { .. } => format!("{}-{}", zoned.timestamp().as_millisecond(), safe.id()),
            Begin::Resume(run) => run.id.clone(),
        };
        let checkpoint = self
            .files
            .as_ref()
            .filter(|_| self.saving.data)
            .and_then(
                |f| match crate::store::Checkpoint::create(&f.dirs().data, &id) {
                    Ok(c) => Some(c),
                    Err(e) => {
                        log::warn!("the session in progress will not be kept on disk: {e}");
                        None
                    }
                },
            );
        self.playback = Playback::Playing(match begin {
            // The same session goes on: its history record is updated, not doubled.
            Begin::Resume(old) => Run {
                checkpoint,
                saved_at: now,
                ..old
            },
            Begin::New { before, .. } => Run {
                id,
                started_at: zoned.to_string(),
                before,
                kind: RatingKind::for_program(safe.program()),
                wind_down,
                checkpoint,
                saved_at: now,
                carried_secs: 0,
            },
        });
        let mut session = Session::new(safe);
        let events = session.start_at(from, now);
        let snapshot = session.snapshot(now);
        for problem in self.sound.play_preset(&preset) {
            self.notice(problem, true);
        }
        self.sound.apply_settings(&self.state.settings.audio);
        self.state.player = Some(Player {
            session,
            snapshot,
            night,
            step_seen_at: now,
            last_input: now,
            show_steps: false,
            show_sound: false,
            announcement: None,
            wind_down,
            ask_before: None,
            speaking: None,
        });
        self.configure_voice();
        self.forget_clips();
        self.voice.started_at = Some(now);
        self.send_timeline(now);
        self.show_voice_problem();
        self.refresh_mixer();
        // The steps are on screen (a wind-down's dark screen wakes for each): no blanking, no
        // idle action while the routine plays. Sleep itself is never blocked here.
        self.awake = Some(self.inhibitor.hold(Hold::Idle, "Playing a routine"));
        self.state.stopped = None;
        self.save_diary_notes();
        self.state.after_rating = None;
        self.state.bedtime_banner = None;
        self.state.screen = Screen::Player;
        self.handle_events(&events, now);
    }

    /// Sends the session's timeline to the audio engine (with the tail and fade-out of a
    /// wind-down).
    pub(super) fn send_timeline(&self, now: Duration) {
        let Some(p) = &self.state.player else { return };
        // The voice's lines belong to the routine; the wind-down's tail and fade come after.
        let mut t = self.with_voice(
            timeline(&p.session, now, &self.state.settings.audio),
            &p.session,
        );
        if p.wind_down {
            let plan = &self.state.settings.wind_down;
            let tail = plan
                .tail
                .minutes()
                .map(|m| Duration::from_secs(u64::from(m) * 60));
            t = with_wind_down(
                t,
                tail,
                Duration::from_secs(u64::from(plan.fade_minutes) * 60),
            );
        }
        self.sound.set_timeline(t, p.session.is_running(), now);
    }

    /// Closes the before-rating prompt and starts the step's clock it was holding.
    pub(super) fn close_before_prompt(&mut self) {
        let Some(p) = &mut self.state.player else {
            return;
        };
        if p.ask_before.take().is_some()
            && p.session.snapshot(self.clock.now()).state == RunState::Paused
        {
            self.session_command(Command::Resume);
        }
    }

    pub(super) fn session_command(&mut self, command: Command) {
        if command == Command::Resume {
            self.sound_back_after_sleep();
            if let Some(p) = &mut self.state.player {
                // Resuming by hand puts the before-rating prompt off.
                p.ask_before = None;
            }
        }
        let now = self.clock.now();
        let Some(player) = &mut self.state.player else {
            return;
        };
        player.last_input = now;
        let events = player.session.handle(command, now);
        if !player.session.is_finished() {
            self.send_timeline(now);
        }
        self.handle_events(&events, now);
    }

    pub(super) fn handle_events(&mut self, events: &[SessionEvent], now: Duration) {
        let mut prompt_passed = false;
        for event in events {
            match *event {
                SessionEvent::StepStarted { index, .. } => {
                    if let Some(p) = &mut self.state.player {
                        p.step_seen_at = now;
                        if index > 0 && p.ask_before.is_some() {
                            // Past the first step, "before" no longer means before.
                            prompt_passed = true;
                        }
                    }
                    self.checkpoint(now);
                }
                SessionEvent::BreathPhaseChanged { phase, .. } => {
                    if let Some(p) = &mut self.state.player {
                        p.announcement = Some(phase.word().to_owned());
                    }
                }
                SessionEvent::SessionFinished { outcome, .. } => self.finish(outcome, now),
                _ => {}
            }
        }
        if let Some(p) = &mut self.state.player {
            p.snapshot = p.session.snapshot(now);
        }
        if prompt_passed {
            // The step the prompt held is gone: its clock starts with the new step.
            self.close_before_prompt();
        }
    }

    pub(super) fn finish(&mut self, outcome: Outcome, now: Duration) {
        let Some(player) = self.state.player.take() else {
            return;
        };
        let completed = matches!(outcome, Outcome::Completed);
        self.state.after_night = player.night;
        let routine = player.session.routine().clone();
        let snapshot = player.session.snapshot(now);
        self.record(&routine, &snapshot, outcome);
        let plan_tail = self.state.settings.wind_down.tail;
        if player.wind_down && completed && plan_tail != Tail::Off {
            // The ambience plays on (the engine already has the tail and fade).
            let until = plan_tail
                .minutes()
                .map(|m| now + Duration::from_secs(u64::from(m) * 60));
            self.state.screen = Screen::Tail {
                until,
                last_input: now,
            };
            // Only sound now: the computer may sleep as usual (the sound stops with it),
            // unless the user asked to keep it awake while sound plays.
            self.awake = self.state.settings.keep_awake_while_sound.then(|| {
                self.inhibitor
                    .hold(Hold::IdleAndSleep, "Playing sound to sleep to")
            });
            return;
        }
        self.sound
            .stop(Duration::from_secs(if completed { 8 } else { 2 }), now);
        self.awake = None;
        self.refresh_mixer();
        self.state.stopped = match outcome {
            // Resume is offered until the user leaves the stopped screen.
            Outcome::Stopped { at_step } => Some(Stopped { routine, at_step }),
            Outcome::Completed => None,
        };
        if self.state.fullscreen {
            self.state.fullscreen = false;
        }
        self.state.screen = Screen::Finished { completed };
    }

    /// Appends the session to the history.
    pub(super) fn record(
        &mut self,
        routine: &SafeRoutine,
        snapshot: &crate::domain::session::Snapshot,
        outcome: Outcome,
    ) {
        let mut run = match std::mem::take(&mut self.playback) {
            Playback::Playing(run) => run,
            other => {
                self.playback = other;
                return;
            }
        };
        let record = run.record(routine, snapshot, outcome);
        let run_kind = run.kind;
        let ask_after = routine.program() != Program::Sleep && !run.wind_down;
        let saved = self.append(&HistoryLine::Session(record.clone()));
        if let Some(mut c) = run.checkpoint.take() {
            if saved {
                c.finish();
            } else {
                // Not in the history file: leave the final record for the next start.
                if let Err(e) = c.save(&record) {
                    log::warn!("cannot keep the session for later: {e}");
                }
                drop(c);
            }
        }
        if let Outcome::Stopped { .. } = outcome {
            // "Resume" goes on with this record.
            run.carried_secs = record.actual_secs;
            self.playback = Playback::Stopped(run);
        }
        let id = record.id.clone();
        self.state.history.upsert(record);
        if ask_after {
            self.state.after_rating = Some(self.after_rating_for(&id, run_kind));
        }
    }

    /// Saves the session as it stands, so that a crash still leaves it in the history.
    pub(super) fn checkpoint(&mut self, now: Duration) {
        let (Some(run), Some(player)) = (self.playback.playing(), self.state.player.as_ref())
        else {
            return;
        };
        if run.checkpoint.is_none() {
            return;
        }
        run.saved_at = now;
        let snapshot = player.session.snapshot(now);
        let record = run.record(
            player.session.routine(),
            &snapshot,
            Outcome::Stopped {
                at_step: snapshot.step_index,
            },
        );
        if let Some(c) = run.checkpoint.as_mut()
            && let Err(e) = c.save(&record)
        {
            log::warn!("cannot save the session in progress: {e}");
        }
    }

    /// Records a session still playing as stopped where it is (the window is closing).
    pub fn shut_down(&mut self) {
        if let Some(place) = self.window_place
            && self.state.settings.window != Some(place)
        {
            self.state.settings.window = Some(place);
            self.save_settings();
        }
        let now = self.clock.now();
        if let Some(player) = self.state.player.take() {
            let snapshot = player.session.snapshot(now);
            let at_step = snapshot.step_index;
            self.record(
                player.session.routine(),
                &snapshot,
                Outcome::Stopped { at_step },
            );
        }
        // A sound-only session still playing is recorded as stopped where it is.
        self.end_sound(false);
        // Notes typed on the finished screen are kept when the window closes.
        self.save_diary_notes();
        self.awake = None;
    }

    /// Adds a line to the history file; whether it was saved.
    pub(super) fn append(&mut self, line: &HistoryLine) -> bool {
        if !self.saving.data {
            return false;
        }
        let Some(h) = &self.history_file else {
            return false;
        };
        match h.append(line) {
            Ok(()) => true,
            Err(e) => {
                self.save_failed("history", &e);
                false
            }
        }
    }

    /// The after-rating (and the diary's questions) for session `id` as the history has it:
    /// a resumed session shows what was answered when it was first stopped.
    fn after_rating_for(&self, id: &str, kind: RatingKind) -> AfterRating {
        let mut after = AfterRating::new(id.to_owned(), kind);
        let record = self
            .state
            .history
            .sessions
            .iter()
            .rev()
            .find(|s| s.id == id);
        after.saved = record.and_then(|r| r.after);
        if let Some(diary) = &mut after.diary {
            diary.painkiller = record.and_then(|r| r.painkiller);
            diary.notes = record.and_then(|r| r.notes.clone()).unwrap_or_default();
            diary.notice = crate::domain::diary::crossed_by(&self.state.history, id);
        }
        after
    }

    /// The diary's painkiller answer for the session on the finished screen: kept with it
    /// at once (the session's line is written again with it), and the month's notice
    /// worked out again.
    pub(super) fn set_painkiller(&mut self, painkiller: Painkiller) {
        let Some(after) = &self.state.after_rating else {
            return;
        };
        let id = after.id.clone();
        if after.diary.is_none() {
            return;
        }
        self.update_session(&id, |s| s.painkiller = Some(painkiller));
        let notice = crate::domain::diary::crossed_by(&self.state.history, &id);
        if let Some(diary) = self
            .state
            .after_rating
            .as_mut()
            .and_then(|a| a.diary.as_mut())
        {
            diary.painkiller = Some(painkiller);
            diary.notice = notice;
        }
    }

    /// Saves the diary's notes as typed, if they changed (Save, or leaving the screen).
    pub(super) fn save_diary_notes(&mut self) {
        let Some(after) = &self.state.after_rating else {
            return;
        };
        let Some(diary) = after.diary.as_ref().filter(|d| !d.notes_saved) else {
            return;
        };
        let id = after.id.clone();
        let notes = diary.notes.trim().to_owned();
        self.update_session(&id, |s| s.notes = (!notes.is_empty()).then_some(notes));
        if let Some(diary) = self
            .state
            .after_rating
            .as_mut()
            .and_then(|a| a.diary.as_mut())
        {
            diary.notes_saved = true;
        }
    }

    /// Changes session `id` in the history and writes its line again (the newest line of a
    /// session is the one read; older Lulls read it too and ignore what they do not know).
    fn update_session(&mut self, id: &str, change: impl FnOnce(&mut SessionRecord)) {
        let Some(s) = self
            .state
            .history
            .sessions
            .iter_mut()
            .rev()
            .find(|s| s.id == id)
        else {
            return;
        };
        change(s);
        let line = HistoryLine::Session(s.clone());
        self.append(&line);
    }

    pub(super) fn save_rating(&mut self, id: &str, after: u8) {
        let after = after.min(10);
        if let Some(s) = self
            .state
            .history
            .sessions
            .iter_mut()
            .rev()
            .find(|s| s.id == id)
        {
            s.after = Some(after);
        }
        self.append(&HistoryLine::Rating(RatingUpdate {
            id: id.to_owned(),
            after,
        }));
    }

    pub(super) fn end_tail(&mut self) {
        self.sound.stop(Duration::from_secs(3), self.clock.now());
        self.awake = None;
        self.refresh_mixer();
        self.state.screen = Screen::Finished { completed: true };
    }

    /// The "before" rating given in the player's prompt: kept with the session, whose
    /// clock the prompt was holding starts.
    pub(super) fn set_before_rating(&mut self, value: u8) {
        if let Some(run) = self.playback.playing() {
            run.before = Some(value.min(10));
        }
        self.close_before_prompt();
        self.checkpoint(self.clock.now());
    }

    pub(super) fn resume_stopped(&mut self) {
        let Some(stopped) = self.state.stopped.take() else {
            return;
        };
        let Playback::Stopped(run) = std::mem::take(&mut self.playback) else {
            return;
        };
        self.play(stopped.routine, stopped.at_step, Begin::Resume(run));
    }

    /// Esc in the player: pauses and asks "Stop this session?".
    pub(super) fn ask_stop(&mut self) {
        let running = self
            .state
            .player
            .as_ref()
            .is_some_and(|p| p.snapshot.state == RunState::Running);
        if running {
            self.session_command(Command::Pause);
        }
        self.state.dialog = Some(Dialog::ConfirmStop { resume: running });
    }
}
