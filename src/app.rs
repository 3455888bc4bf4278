//! The desktop app: owns the state, the clock, the files and the sound, runs the safety
//! gates, ticks the session engine, draws the screens and applies their intents after each
//! frame.

pub mod gates;
mod sound;

use std::collections::BTreeSet;
use std::sync::{Arc, mpsc};
use std::time::Duration;

use egui::{Key, Modifiers};

use self::gates::{Gate, PendingStart, next_gate};
use self::sound::Sound;
use crate::audio::device::AudioOutput;
use crate::catalogue::Catalogue;
use crate::clock::{Calendar, Clock};
use crate::domain::history::{HistoryLine, RatingKind, RatingUpdate, SessionRecord};
use crate::domain::safety::{
    Condition, HeadacheTier, RedFlag, SafeRoutine, Verdict, evaluate, headache_check,
};
use crate::domain::schedule::{Tail, is_night_look_time, next_bedtime};
use crate::domain::session::{Command, Outcome, RunState, Session, SessionEvent};
use crate::domain::soundscape::{timeline, with_wind_down};
use crate::domain::vocabulary::Program;
use crate::platform::autostart::Autostart;
use crate::platform::inhibit::Inhibit;
use crate::platform::notify::Notifier;
use crate::platform::open::Opener;
use crate::profile::safety_record::{SafetyRecord, TodayCheck};
use crate::profile::settings::{Settings, WindowPlace};
use crate::store::{AppFiles, HistoryFile, Loaded, SAFETY_FILE, SETTINGS_FILE};
use crate::ui::intent::Intent;
use crate::ui::model;
use crate::ui::model::{
    AppState, AutostartView, Dialog, LengthFilter, Mixer, NO_SOUND_NOTICE, Notice, Player, Screen,
    Stopped, Tab,
};
use crate::ui::screens;
use crate::ui::theme::{self, Theme};

/// How long a volume or mute toast stays.
pub const TOAST_FOR: Duration = Duration::from_secs(2);
/// Frame interval while the pacer moves: 20 fps, smooth for a breath that takes seconds,
/// and a third cheaper than 30 fps where the window is drawn in software.
pub const PACER_FRAME: Duration = Duration::from_millis(50);

/// What the app is built from (real ones in `main`, fakes in tests).
pub struct Deps {
    /// Monotonic time.
    pub clock: Box<dyn Clock>,
    /// Today's date.
    pub calendar: Box<dyn Calendar>,
    /// Where files live (`None`: nothing can be saved).
    pub files: Option<AppFiles>,
    /// The sound output (`None`: silent).
    pub audio: Option<AudioOutput>,
    /// Why there is no sound output, if there is none.
    pub audio_problem: Option<String>,
    /// The routines.
    pub catalogue: Catalogue,
    /// Problems found loading the user's routines.
    pub catalogue_problems: Vec<String>,
    /// Desktop notifications.
    pub notifier: Box<dyn Notifier>,
    /// Keeps the computer awake during a wind-down.
    pub inhibitor: Box<dyn Inhibit>,
    /// Shows a folder in the file manager.
    pub opener: Box<dyn Opener>,
    /// The bedtime timer that starts the wind-down when Lull is closed.
    pub autostart: Arc<dyn Autostart>,
}

/// How the app was opened.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Launch {
    /// Open straight into this routine (after the same gates).
    pub play: Option<String>,
    /// As tonight's wind-down (audio first, with the ambience tail).
    pub wind_down: bool,
}

/// The session being played, for its history record.
struct Run {
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
            routine_id: routine.id().to_owned(),
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
        }
    }
}

/// How often a playing session is saved to disk besides at every step.
const CHECKPOINT_EVERY: Duration = Duration::from_mins(1);

/// Which of the user's files may be written. A file that could not be read, or that a
/// newer Lull wrote, is never written over.
#[derive(Clone, Copy, Debug)]
struct Saving {
    settings: bool,
    record: bool,
    /// History and mixes (the data folder).
    data: bool,
}

/// The app.
pub struct LullApp {
    state: AppState,
    clock: Box<dyn Clock>,
    calendar: Box<dyn Calendar>,
    files: Option<AppFiles>,
    saving: Saving,
    sound: Sound,
    /// A routine waiting behind a gate.
    pending: Option<PendingStart>,
    applied_look: Option<(Theme, f32)>,
    /// The window title last asked for (the window opens as "Lull").
    window_title: String,
    quit: bool,
    history_file: Option<HistoryFile>,
    notifier: Box<dyn Notifier>,
    inhibitor: Box<dyn Inhibit>,
    opener: Box<dyn Opener>,
    autostart: Arc<dyn Autostart>,
    /// The bedtime timer being installed or removed.
    autostart_job: Option<AutostartJob>,
    /// The context, for the timer's worker to ask for a frame when it is done.
    repaint: Option<egui::Context>,
    awake: Option<Box<dyn std::any::Any>>,
    run: Option<Run>,
    /// The run that was just stopped, while "Resume" is offered.
    resumable: Option<Run>,
    /// The run `play` goes on with (set by "Resume").
    resume_from: Option<Run>,
    bedtime_due: Option<jiff::ZonedDateTime>,
    /// The window's size and place as last seen (saved in the settings on exit).
    window_place: Option<WindowPlace>,
    /// eframe's `logic` has ticked for the frame `show` is about to draw.
    logic_ticked: bool,
}

/// The window's place to remember, from what the window system reports: the size only
/// while the window is neither full screen nor maximized (then the last normal size stays,
/// with the flag); nothing while minimized or before the first report.
fn seen_window_place(info: &egui::ViewportInfo, last: Option<WindowPlace>) -> Option<WindowPlace> {
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

/// How far the mouse must move in one frame to wake a dark screen, points.
const WAKE_MOVE_POINTS: f32 = 6.0;

/// How long the dark screen's wake hint (dark since `dark_at`) still shows, plus a margin;
/// `None` once it is gone.
fn hint_left(dark_at: Duration, now: Duration) -> Option<Duration> {
    let gone = dark_at + Duration::from_secs(model::DARK_HINT_SECS);
    (gone > now).then(|| gone.saturating_sub(now) + Duration::from_millis(5))
}

/// The bedtime timer being installed or removed on a worker thread.
struct AutostartJob {
    /// Installing (or removing).
    on: bool,
    /// Its answer: where the timer is, or why not.
    answer: mpsc::Receiver<Result<String, String>>,
    /// The plan changed meanwhile: install once more when this is done.
    again: bool,
}

/// The sooner of two optional waits.
fn earliest(a: Option<Duration>, b: Option<Duration>) -> Option<Duration> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The questionnaire filled in from saved answers, for review: every question answered,
/// pregnancy weeks counted on to today. A pregnancy answer past 42 weeks is out of date: the
/// question is asked again, with no weeks.
fn review_draft(
    record: Option<&SafetyRecord>,
    today: jiff::civil::Date,
) -> (crate::domain::safety::ScreeningAnswers, BTreeSet<Condition>) {
    let Some(record) = record else {
        return (
            crate::domain::safety::ScreeningAnswers::default(),
            BTreeSet::new(),
        );
    };
    let mut draft = record.answers_today(today);
    let mut answered: BTreeSet<Condition> = Condition::ALL.iter().copied().collect();
    if record.answers.pregnancy_out_of_date(today) {
        draft.conditions.remove(&Condition::Pregnancy);
        draft.pregnancy_weeks = None;
        draft.pregnancy_weeks_on = None;
        answered.remove(&Condition::Pregnancy);
    }
    (draft, answered)
}

impl LullApp {
    /// Builds the app; `launch` may open straight into a routine (after the same gates).
    pub fn new(deps: Deps, launch: Launch) -> Self {
        let Deps {
            clock,
            calendar,
            files,
            audio,
            audio_problem,
            catalogue,
            catalogue_problems,
            notifier,
            inhibitor,
            opener,
            autostart,
        } = deps;
        let now = clock.now();
        let today = calendar.today();
        let stamp = calendar.stamp();
        let mut notices = Vec::new();
        let config_ok = files.as_ref().is_some_and(AppFiles::config_writable);
        let data_ok = files.as_ref().is_some_and(AppFiles::data_writable);
        if let Some(text) = unwritable_notice(files.as_ref(), config_ok, data_ok) {
            notices.push(Notice::warning(text));
        }
        if let Some(f) = files.as_ref().filter(|_| config_ok || data_ok) {
            let secs = u64::try_from(calendar.now_zoned().timestamp().as_second()).unwrap_or(0);
            f.sweep_temporaries(std::time::UNIX_EPOCH + Duration::from_secs(secs));
        }
        let mut saving = Saving {
            settings: config_ok,
            record: config_ok,
            data: data_ok,
        };
        let settings = files.as_ref().map_or_else(Settings::default, |f| {
            match f.load::<Settings>(SETTINGS_FILE, &stamp) {
                Loaded::Ok(s) if s.is_from_newer_lull() => {
                    notices.push(Notice::warning(
                        "Your settings were written by a newer version of Lull: they are \
                               used, but changes made here will not be saved."
                            .to_owned(),
                    ));
                    saving.settings = false;
                    s.sanitized()
                }
                Loaded::Ok(s) => s.sanitized(),
                Loaded::Missing => Settings::default(),
                Loaded::Corrupt { problem, kept_at } => {
                    notices.push(corrupt_notice("settings", &problem, kept_at.as_deref()));
                    saving.settings &= kept_at.is_some();
                    Settings::default()
                }
                Loaded::Unreadable(problem) => {
                    notices.push(Notice::warning(format!(
                        "Cannot read your settings ({problem}); using defaults, and the \
                             file is left as it is."
                    )));
                    saving.settings = false;
                    Settings::default()
                }
            }
        });
        let record =
            files
                .as_ref()
                .and_then(|f| match f.load::<SafetyRecord>(SAFETY_FILE, &stamp) {
                    Loaded::Ok(r) => Some(r),
                    Loaded::Missing => None,
                    Loaded::Corrupt { problem, kept_at } => {
                        notices.push(corrupt_notice(
                            "safety answers",
                            &problem,
                            kept_at.as_deref(),
                        ));
                        saving.record &= kept_at.is_some();
                        None
                    }
                    Loaded::Unreadable(problem) => {
                        notices.push(Notice::warning(format!(
                            "Cannot read your safety answers ({problem}); the file is left \
                                 as it is, so answers given now will not be saved."
                        )));
                        saving.record = false;
                        None
                    }
                });
        if let Some(problem) = &audio_problem {
            // Plain words on screen; the technical cause in the log and behind "Details".
            log::warn!("{problem}");
            notices.push(Notice::warning(NO_SOUND_NOTICE).with_detail(capitalize(problem)));
        }
        notices.extend(routine_notices(&catalogue, &catalogue_problems));
        let history_file = files.as_ref().map(|f| HistoryFile::in_dir(&f.dirs().data));
        let history = match history_file.as_ref().map(|h| h.load(&stamp)) {
            Some(Ok(load)) => {
                if let Some(kept) = &load.kept_at {
                    notices.push(Notice::warning(format!(
                            "{} lines of your history could not be read; the original file was kept as {}.",
                            load.bad_lines.len(),
                            kept.display()
                        )));
                }
                if let Some(why) = &load.not_repaired {
                    notices.push(Notice::warning(format!(
                        "{} lines of your history could not be read and were skipped; the \
                             file is left as it is ({why}).",
                        load.bad_lines.len()
                    )));
                }
                load.history
            }
            Some(Err(e)) => {
                notices.push(Notice::warning(format!("Cannot read your history ({e}).")));
                crate::domain::history::History::default()
            }
            None => crate::domain::history::History::default(),
        };
        let mut history = history;
        if let Some(f) = files.as_ref().filter(|_| saving.data) {
            let problems = crate::store::recover_checkpoints(&f.dirs().data, |record| {
                // Already recorded as far (a crash after the history line was written)?
                if history.sessions.iter().any(|s| {
                    s.id == record.id && (s.completed || s.actual_secs >= record.actual_secs)
                }) {
                    return true;
                }
                let line = HistoryLine::Session(record.clone());
                match history_file.as_ref().map(|h| h.append(&line)) {
                    Some(Ok(())) => {
                        notices.push(Notice::info(format!(
                            "\"{}\" ended unexpectedly last time; it is in your history as \
                                 stopped at step {}.",
                            record.routine_title,
                            record.stopped_at_step.unwrap_or(1)
                        )));
                        history.upsert(record);
                        true
                    }
                    Some(Err(e)) => {
                        notices.push(Notice::warning(format!("Cannot save your history: {e}")));
                        false
                    }
                    None => false,
                }
            });
            for p in problems {
                log::warn!("{p}");
            }
        }
        let sleep_prompt = history
            .pending_sleep_rating(calendar.now_zoned().timestamp())
            .map(|r| {
                (
                    r.id.clone(),
                    r.routine_title.clone(),
                    r.rating_kind.unwrap_or(RatingKind::Tension),
                )
            });
        let screen = match &record {
            Some(r) if !r.needs_reask(today) => Screen::Library,
            _ => Screen::Welcome,
        };
        let (draft, answered) = review_draft(record.as_ref(), today);
        let (user_presets, preset_problems) = files
            .as_ref()
            .map(|f| crate::store::load_presets(&crate::store::presets_dir(&f.dirs().data)))
            .unwrap_or_default();
        for p in preset_problems {
            notices.push(Notice::warning(format!(
                "A preset of yours was skipped: {p}"
            )));
        }
        let sound = Sound::new(
            audio,
            files.as_ref().map(|f| f.dirs().clone()),
            user_presets,
        );
        let sound_available = sound.available();
        let mut app = Self {
            state: AppState {
                screen,
                settings,
                record,
                draft,
                answered,
                catalogue,
                verdicts: Vec::new(),
                tab: Tab::Program(Program::Stress),
                length_filter: LengthFilter::Any,
                player: None,
                stopped: None,
                notices,
                dialog: None,
                show_help: false,
                fullscreen: false,
                today,
                emergency_suggested_from: None,
                toast: None,
                now,
                mixer: Mixer::default(),
                sound_available,
                history,
                after_rating: None,
                sleep_prompt,
                bedtime_banner: None,
                next_bedtime: None,
                autostart: AutostartView {
                    on: autostart.installed(),
                    busy: false,
                },
                routines_dir: files.as_ref().map(|f| {
                    crate::store::user_routines_dir(f.dirs())
                        .display()
                        .to_string()
                }),
                after_night: false,
                look: Theme::Light,
            },
            clock,
            calendar,
            files,
            saving,
            sound,
            pending: None,
            applied_look: None,
            window_title: model::APP_TITLE.to_owned(),
            quit: false,
            history_file,
            notifier,
            inhibitor,
            opener,
            autostart,
            autostart_job: None,
            repaint: None,
            awake: None,
            run: None,
            resumable: None,
            resume_from: None,
            bedtime_due: None,
            window_place: None,
            logic_ticked: false,
        };
        app.sound.apply_settings(&app.state.settings.audio);
        app.refresh_mixer();
        app.recompute_verdicts();
        app.suggest_emergency_number();
        if let Some(id) = launch.play {
            let pending = PendingStart {
                wind_down: launch.wind_down,
                direct: true,
                ..PendingStart::new(&id)
            };
            if app.state.screen == Screen::Library {
                app.start(pending);
            } else {
                app.pending = Some(pending);
            }
        }
        app
    }

    /// The state (for tests and views).
    pub const fn state(&self) -> &AppState {
        &self.state
    }

    /// The state, mutably (tests only need this to set up scenes).
    pub const fn state_mut(&mut self) -> &mut AppState {
        &mut self.state
    }

    /// The audio timeline last sent to the sound engine (cues, fades, the end).
    pub fn sound_timeline(&self) -> Option<crate::domain::soundscape::Timeline> {
        self.sound.last_timeline()
    }

    /// Whether the user asked to quit.
    pub const fn wants_quit(&self) -> bool {
        self.quit
    }

    /// On the welcome screen, with no number set: suggest one from the time zone (not saved
    /// until the user continues, which confirms it).
    fn suggest_emergency_number(&mut self) {
        if self.state.screen != Screen::Welcome || self.state.settings.has_emergency_number() {
            return;
        }
        let zoned = self.calendar.now_zoned();
        let Some(zone) = zoned.time_zone().iana_name() else {
            return;
        };
        if let Some(number) = crate::domain::safety::emergency_number_for_time_zone(zone) {
            number.clone_into(&mut self.state.settings.emergency_number);
            self.state.emergency_suggested_from = Some(zone.to_owned());
        }
    }

    fn recompute_verdicts(&mut self) {
        let answers = self.state.answers_today();
        self.state.verdicts = self
            .state
            .catalogue
            .routines()
            .iter()
            .map(|r| (r.id.clone(), evaluate(r, &answers)))
            .collect();
    }

    fn notice(&mut self, text: impl Into<String>, warning: bool) {
        let text = text.into();
        if !self.state.notices.iter().any(|n| n.text == text) {
            self.state.notices.push(if warning {
                Notice::warning(text)
            } else {
                Notice::info(text)
            });
        }
    }

    fn save_settings(&mut self) {
        if !self.saving.settings {
            return;
        }
        if let Some(f) = &self.files
            && let Err(e) = f.save(SETTINGS_FILE, &self.state.settings)
        {
            log::warn!("cannot save settings: {e}");
            self.notice(format!("Cannot save your settings: {e}"), true);
        }
    }

    fn save_record(&mut self) {
        if !self.saving.record {
            return;
        }
        if let (Some(f), Some(r)) = (&self.files, &self.state.record)
            && let Err(e) = f.save(SAFETY_FILE, r)
        {
            log::warn!("cannot save safety answers: {e}");
            self.notice(format!("Cannot save your safety answers: {e}"), true);
        }
    }

    // ------------------------------------------------------------------------
    // Starting a routine: the gates.

    /// Takes `pending` through the next safety gate: shows the gate's screen (keeping it
    /// pending), or starts it, or says why it cannot start.
    fn start(&mut self, pending: PendingStart) {
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
                self.state.screen = Screen::HeadacheCheck {
                    routine: id,
                    flags: BTreeSet::new(),
                };
            }
            Gate::Start(safe) => {
                self.pending = None;
                let kind = RatingKind::for_program(safe.program());
                self.play(safe, 0, None, pending.wind_down);
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
    fn pending_for(&mut self, id: &str) -> PendingStart {
        self.pending
            .take()
            .filter(|p| p.routine == id)
            .unwrap_or_else(|| PendingStart::new(id))
    }

    /// Plays `safe` from step `from` (0 for a new session; a resumed one goes on where it
    /// stopped).
    fn play(&mut self, safe: SafeRoutine, from: usize, before: Option<u8>, wind_down: bool) {
        let now = self.clock.now();
        let night = safe.program() == Program::Sleep
            || self.state.settings.theme == Theme::Night
            || wind_down;
        let plan = &self.state.settings.wind_down;
        let preset = if wind_down && !plan.ambience.is_empty() {
            plan.ambience.clone()
        } else {
            safe.ambience().unwrap_or("brown-noise").to_owned()
        };
        let zoned = self.calendar.now_zoned();
        let id = self.resume_from.as_ref().map_or_else(
            || format!("{}-{}", zoned.timestamp().as_millisecond(), safe.id()),
            |r| r.id.clone(),
        );
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
        let resumed = self.resume_from.take();
        self.resumable = None;
        self.run = Some(match resumed {
            // The same session goes on: its history record is updated, not doubled.
            Some(old) => Run {
                checkpoint,
                saved_at: now,
                ..old
            },
            None => Run {
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
        });
        self.send_timeline(now);
        self.refresh_mixer();
        if wind_down && self.awake.is_none() {
            self.awake = Some(self.inhibitor.hold("Playing a wind-down"));
        }
        self.state.stopped = None;
        self.state.after_rating = None;
        self.state.bedtime_banner = None;
        self.state.screen = Screen::Player;
        self.handle_events(&events, now);
    }

    /// Sends the session's timeline to the audio engine (with the tail and fade-out of a
    /// wind-down).
    fn send_timeline(&self, now: Duration) {
        let Some(p) = &self.state.player else { return };
        let mut t = timeline(&p.session, now, &self.state.settings.audio);
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
        self.sound.set_timeline(t, p.session.is_running());
    }

    /// Closes the before-rating prompt and starts the step's clock it was holding.
    fn close_before_prompt(&mut self) {
        let Some(p) = &mut self.state.player else {
            return;
        };
        if p.ask_before.take().is_some()
            && p.session.snapshot(self.clock.now()).state == RunState::Paused
        {
            self.session_command(Command::Resume);
        }
    }

    /// Installs (`on`) or removes the bedtime timer on a worker thread (`systemctl` can
    /// take seconds); `poll_autostart` takes its answer.
    fn start_autostart_job(&mut self, on: bool, ctx: &egui::Context) {
        let (tx, rx) = mpsc::channel();
        let timer = Arc::clone(&self.autostart);
        let plan = self.state.settings.wind_down.clone();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("autostart".to_owned())
            .spawn(move || {
                let result = if on {
                    timer.install(&plan).map(|path| path.display().to_string())
                } else {
                    timer.remove().map(|_| String::new())
                };
                tx.send(result.map_err(|e| e.to_string())).ok();
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => {
                self.state.autostart.busy = true;
                self.autostart_job = Some(AutostartJob {
                    on,
                    answer: rx,
                    again: false,
                });
            }
            Err(e) => self.notice(format!("Cannot change the bedtime timer: {e}"), true),
        }
    }

    /// Takes the bedtime timer's answer when it has come.
    fn poll_autostart(&mut self) {
        let Some(job) = &self.autostart_job else {
            return;
        };
        let (on, again) = (job.on, job.again);
        let result = match job.answer.try_recv() {
            Ok(result) => result,
            Err(mpsc::TryRecvError::Empty) => return,
            Err(mpsc::TryRecvError::Disconnected) => Err("the worker stopped".to_owned()),
        };
        self.autostart_job = None;
        self.state.autostart.busy = false;
        self.state.autostart.on = self.autostart.installed();
        if again
            && on
            && self.state.autostart.on
            && let Some(ctx) = self.repaint.clone()
        {
            self.start_autostart_job(true, &ctx);
            return;
        }
        match result {
            Ok(_) if on => {
                self.toast("The wind-down will start at bedtime, even when Lull is closed.");
            }
            Ok(_) => self.toast("The wind-down no longer starts by itself."),
            Err(e) => {
                log::warn!("bedtime timer: {e}");
                let what = if on {
                    "start the wind-down automatically"
                } else {
                    "remove the bedtime timer"
                };
                self.state.notices.push(
                    Notice::warning(format!(
                        "Cannot {what}. The reminder inside Lull still works while it is open."
                    ))
                    .with_detail(capitalize(&e)),
                );
            }
        }
    }

    /// Writes the history as CSV where the save dialog says (atomically); says where.
    fn save_diary(&mut self) {
        let Some(Dialog::SaveDiary { path, .. }) = &self.state.dialog else {
            return;
        };
        let target = crate::store::expand_home(path.trim());
        let problem = if path.trim().is_empty() {
            Some("Type a file name.".to_owned())
        } else if crate::store::is_dir(&target) {
            Some("That is a folder: add a file name, like lull-diary.csv.".to_owned())
        } else {
            crate::store::write_atomic(
                &target,
                crate::domain::history::to_csv(&self.state.history).as_bytes(),
            )
            .err()
            .map(|e| format!("Could not save: {e}"))
        };
        if let Some(text) = problem {
            if let Some(Dialog::SaveDiary { problem, .. }) = &mut self.state.dialog {
                *problem = Some(text);
            }
        } else {
            self.state.dialog = None;
            self.state.notices.push(Notice::info(format!(
                "Your diary was saved as {}",
                target.display()
            )));
        }
    }

    /// Shows the user's routines folder in the file manager (creating it first).
    fn open_routines_folder(&mut self) {
        let Some(files) = &self.files else {
            self.notice(
                "There is no folder for your routines: no home folder was found.".to_owned(),
                true,
            );
            return;
        };
        let dir = crate::store::user_routines_dir(files.dirs());
        let result = crate::store::create_dir(&dir)
            .map_err(|e| e.to_string())
            .and_then(|()| self.opener.open(&dir));
        if let Err(e) = result {
            log::warn!("cannot open {}: {e}", dir.display());
            self.state.notices.push(
                Notice::warning(format!(
                    "Cannot open the folder. Your routines go in {}",
                    dir.display()
                ))
                .with_detail(capitalize(&e)),
            );
        }
    }

    /// Reads the user's routine files again: the catalogue, the verdicts and the notices
    /// about them are replaced; no restart needed.
    fn reload_routines(&mut self) {
        let Some(files) = &self.files else {
            return;
        };
        let (user, mut problems) = crate::store::read_user_routines(files.dirs());
        let (catalogue, found) = Catalogue::with_user_files(user);
        problems.extend(found.iter().map(ToString::to_string));
        let notices = routine_notices(&catalogue, &problems);
        self.state.notices.retain(|n| !n.about_routines);
        self.state.notices.extend(notices);
        let mine = catalogue
            .routines()
            .iter()
            .filter(|r| matches!(r.origin, crate::domain::routine::Origin::User { .. }))
            .count();
        self.state.catalogue = catalogue;
        self.recompute_verdicts();
        let skipped = if problems.is_empty() {
            String::new()
        } else {
            format!(", {} skipped (see the notices)", problems.len())
        };
        let text = match mine {
            1 => format!("Reloaded: 1 routine of yours{skipped}"),
            n => format!("Reloaded: {n} routines of yours{skipped}"),
        };
        self.toast(text);
    }

    /// Shows `text` briefly at the bottom of the window.
    fn toast(&mut self, text: impl Into<String>) {
        self.state.toast = Some((text.into(), self.clock.now() + TOAST_FOR));
    }

    /// A brief line saying the volume or mute state, after a sound key (M, +, −).
    fn volume_toast(&mut self) {
        let a = &self.state.settings.audio;
        let percent = (a.master * 100.0).round();
        let text = if a.muted {
            format!("Sound muted (volume {percent:.0} %) — press M to unmute")
        } else {
            format!("Volume {percent:.0} %")
        };
        self.toast(text);
    }

    fn session_command(&mut self, command: Command) {
        if command == Command::Resume
            && let Some(p) = &mut self.state.player
        {
            // Resuming by hand puts the before-rating prompt off.
            p.ask_before = None;
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

    fn handle_events(&mut self, events: &[SessionEvent], now: Duration) {
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

    fn finish(&mut self, outcome: Outcome, now: Duration) {
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
    fn record(
        &mut self,
        routine: &SafeRoutine,
        snapshot: &crate::domain::session::Snapshot,
        outcome: Outcome,
    ) {
        let Some(mut run) = self.run.take() else {
            return;
        };
        let record = run.record(routine, snapshot, outcome);
        if routine.program() != Program::Sleep && !run.wind_down {
            self.state.after_rating = Some((record.id.clone(), run.kind, None));
        }
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
            self.resumable = Some(run);
        }
        self.state.history.upsert(record);
    }

    /// Saves the session as it stands, so that a crash still leaves it in the history.
    fn checkpoint(&mut self, now: Duration) {
        let (Some(run), Some(player)) = (self.run.as_mut(), self.state.player.as_ref()) else {
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
        self.awake = None;
    }

    /// Adds a line to the history file; whether it was saved.
    fn append(&mut self, line: &HistoryLine) -> bool {
        if !self.saving.data {
            return false;
        }
        let Some(h) = &self.history_file else {
            return false;
        };
        match h.append(line) {
            Ok(()) => true,
            Err(e) => {
                log::warn!("cannot save history: {e}");
                self.notice(format!("Cannot save your history: {e}"), true);
                false
            }
        }
    }

    fn save_rating(&mut self, id: &str, after: u8) {
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

    fn end_tail(&mut self) {
        self.sound.stop(Duration::from_secs(3), self.clock.now());
        self.awake = None;
        self.refresh_mixer();
        self.state.screen = Screen::Finished { completed: true };
    }

    fn resume_stopped(&mut self) {
        let Some(stopped) = self.state.stopped.take() else {
            return;
        };
        let Some(run) = self.resumable.take() else {
            return;
        };
        let (before, wind_down) = (run.before, run.wind_down);
        self.resume_from = Some(run);
        self.play(stopped.routine, stopped.at_step, before, wind_down);
    }

    // ------------------------------------------------------------------------
    // Intents.

    fn apply(&mut self, intent: Intent, ctx: &egui::Context) {
        let today = self.state.today;
        match intent {
            Intent::AcceptWelcome => {
                // Continuing confirms the number shown (suggested or typed): it is saved.
                if self.state.settings.has_emergency_number() {
                    self.save_settings();
                }
                self.state.emergency_suggested_from = None;
                self.state.screen = Screen::Screening { cancel_to: None };
            }
            Intent::SetCondition(c, yes) => {
                self.state.answered.insert(c);
                if yes {
                    self.state.draft.conditions.insert(c);
                } else {
                    self.state.draft.conditions.remove(&c);
                    self.state.draft.cleared_by_clinician.remove(&c);
                    if c == Condition::Pregnancy {
                        self.state.draft.pregnancy_weeks = None;
                    }
                }
            }
            Intent::NoneInGroup(group) => {
                for &c in Condition::ALL.iter().filter(|c| c.group() == group) {
                    self.apply(Intent::SetCondition(c, false), ctx);
                }
            }
            Intent::SetPregnancyWeeks(weeks) => self.state.draft.pregnancy_weeks = weeks,
            Intent::SetAvoidArea(condition, area, on) => {
                self.state.draft.set_area(condition, area, on);
            }
            Intent::SetSkipHolds(on) => self.state.draft.skip_breath_holds = on,
            Intent::SubmitScreening => {
                if Condition::ALL
                    .iter()
                    .all(|c| self.state.answered.contains(c))
                {
                    let draft = self.state.draft.clone().tidied();
                    self.state.draft = draft.clone();
                    self.state.record = Some(SafetyRecord::new(draft, today));
                    self.save_record();
                    self.recompute_verdicts();
                    self.state.screen = Screen::ScreeningResult;
                }
            }
            Intent::SetCleared(c, on) => {
                if on {
                    self.state.draft.cleared_by_clinician.insert(c);
                } else {
                    self.state.draft.cleared_by_clinician.remove(&c);
                }
                if let Some(r) = &mut self.state.record {
                    r.answers
                        .cleared_by_clinician
                        .clone_from(&self.state.draft.cleared_by_clinician);
                }
                self.save_record();
                self.recompute_verdicts();
            }
            Intent::FinishResult => {
                self.state.screen = Screen::Library;
                if let Some(pending) = self.pending.take() {
                    self.start(pending);
                }
            }
            Intent::EditSafetyAnswers => {
                // Today's "unwell" answer is part of what is shown (and kept on submit).
                let (draft, answered) = review_draft(self.state.record.as_ref(), today);
                self.state.draft = draft;
                self.state.answered = answered;
                // Reviewing saved answers can be cancelled: nothing changes until submitted.
                let cancel_to = self
                    .state
                    .record
                    .is_some()
                    .then(|| Box::new(self.state.screen.clone()));
                self.state.screen = Screen::Screening { cancel_to };
            }
            Intent::CancelScreening => {
                if let Screen::Screening {
                    cancel_to: Some(back),
                } = &self.state.screen
                {
                    self.state.screen = (**back).clone();
                }
            }
            Intent::SelectTab(tab) => self.state.tab = tab,
            Intent::SetLengthFilter(f) => self.state.length_filter = f,
            Intent::StartRoutine(id) => {
                // The urgent-advice screen offers breathing routines after the headache
                // questions: they are answered for these.
                let headache_answered = self.state.screen == Screen::Urgent;
                self.pending = None;
                self.start(PendingStart {
                    headache_answered,
                    ..PendingStart::new(&id)
                });
            }
            Intent::ShowChanges(id) => {
                let title = self
                    .state
                    .catalogue
                    .get(&id)
                    .map(|r| r.title.clone())
                    .unwrap_or_default();
                let lines = match self.state.verdict(&id) {
                    Some(Verdict::Adapted(safe)) => safe
                        .changes()
                        .iter()
                        .map(crate::domain::safety::Change::describe)
                        .collect(),
                    Some(v) => vec![v.reason().unwrap_or_default()],
                    None => Vec::new(),
                };
                self.state.dialog = Some(Dialog::Changes { title, lines });
            }
            Intent::CloseDialog => {
                // "Keep going": a session paused by the question plays on.
                if let Some(Dialog::ConfirmStop { resume: true }) = self.state.dialog.take() {
                    self.session_command(Command::Resume);
                }
            }
            Intent::AskStop => {
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
            Intent::AnswerUnwell(unwell) => {
                if let Some(r) = &mut self.state.record {
                    r.today = Some(TodayCheck {
                        date: today,
                        unwell,
                    });
                }
                self.save_record();
                self.recompute_verdicts();
                if let Screen::TodayCheck { routine } = self.state.screen.clone() {
                    if unwell {
                        self.state.screen = Screen::Library;
                        self.notice("You said you are unwell today: hands-on massage is off until tomorrow. Breathing routines are still open.", false);
                    } else {
                        let pending = self.pending_for(&routine);
                        self.start(pending);
                    }
                }
            }
            Intent::SetRedFlag(flag, on) => {
                if let Screen::HeadacheCheck { flags, .. } = &mut self.state.screen {
                    if on {
                        flags.insert(flag);
                    } else {
                        flags.remove(&flag);
                    }
                }
            }
            Intent::SubmitHeadacheCheck => {
                if let Screen::HeadacheCheck { routine, flags } = self.state.screen.clone() {
                    let list: Vec<RedFlag> = flags.iter().copied().collect();
                    let result = headache_check(&list);
                    // Kept for the rest of the day (an urgent answer keeps head and neck
                    // massage off until the questions are answered again as clear), in the
                    // app, in `lull play` and in exports.
                    if let Some(r) = &mut self.state.record {
                        r.set_headache_today(flags, today);
                    }
                    self.save_record();
                    self.recompute_verdicts();
                    log::info!("headache check: {}", result.tier.as_str());
                    match result.tier {
                        HeadacheTier::Emergency => {
                            self.pending = None;
                            let fast_signs = result.reasons.iter().any(|f| f.shows_fast_signs());
                            self.state.screen = Screen::Emergency { fast_signs };
                        }
                        HeadacheTier::Urgent => {
                            self.pending = None;
                            self.state.screen = Screen::Urgent;
                        }
                        HeadacheTier::SeeDoctor | HeadacheTier::Clear if routine.is_empty() => {
                            if result.tier == HeadacheTier::SeeDoctor {
                                self.notice(crate::domain::safety::SEE_DOCTOR_WHY, false);
                            }
                            self.state.screen = Screen::Library;
                        }
                        HeadacheTier::SeeDoctor => {
                            self.state.screen = Screen::SeeDoctor { routine }
                        }
                        HeadacheTier::Clear => {
                            let pending = self.pending_for(&routine);
                            self.start(PendingStart {
                                headache_answered: true,
                                ..pending
                            });
                        }
                    }
                }
            }
            Intent::DismissNotice(i) => {
                if i < self.state.notices.len() {
                    self.state.notices.remove(i);
                }
            }
            Intent::RecheckHeadache => {
                self.pending = None;
                let flags = self
                    .state
                    .record
                    .as_ref()
                    .and_then(|r| r.headache_today(today).cloned())
                    .unwrap_or_default();
                self.state.screen = Screen::HeadacheCheck {
                    routine: String::new(),
                    flags,
                };
            }
            Intent::ContinueAfterAdvice => {
                if let Screen::SeeDoctor { routine } = self.state.screen.clone() {
                    let pending = self.pending_for(&routine);
                    self.start(PendingStart {
                        headache_answered: true,
                        ..pending
                    });
                }
            }
            Intent::BackToLibrary => {
                self.pending = None;
                self.state.stopped = None;
                self.recompute_verdicts();
                self.state.screen = Screen::Library;
            }
            Intent::Session(command) => {
                // Any answer by key (Esc or Enter to stop, Space to play on…) closes the
                // "Stop this session?" question.
                if matches!(self.state.dialog, Some(Dialog::ConfirmStop { .. })) {
                    self.state.dialog = None;
                }
                self.session_command(command);
            }
            Intent::ResumeStopped => self.resume_stopped(),
            Intent::ToggleStepList => {
                if let Some(p) = &mut self.state.player {
                    p.show_steps = !p.show_steps;
                }
            }
            Intent::ToggleSoundPanel => {
                if let Some(p) = &mut self.state.player {
                    p.show_sound = !p.show_sound;
                }
            }
            Intent::SetPreset(id) => {
                for problem in self.sound.play_preset(&id) {
                    self.notice(problem, true);
                }
                self.refresh_mixer();
            }
            Intent::SetLayerLevel(i, level) => {
                if let Some(layer) = self.state.mixer.layers.get_mut(i) {
                    layer.1 = level;
                    self.sound.set_level(i, level);
                }
            }
            Intent::AddSoundFile(name) => {
                if let Err(problem) = self.sound.add_file(&name) {
                    self.notice(problem, true);
                }
                self.refresh_mixer();
            }
            Intent::SetMixName(name) => {
                self.state.mixer.save_name = name.chars().take(60).collect();
            }
            Intent::SaveMix => self.save_mix(),
            Intent::OpenSettings => {
                if !matches!(self.state.screen, Screen::Settings { .. }) {
                    let back = Box::new(self.state.screen.clone());
                    self.state.screen = Screen::Settings { back };
                }
            }
            Intent::CloseSettings => {
                if let Screen::Settings { back } = self.state.screen.clone() {
                    self.state.screen = *back;
                }
            }
            Intent::ChangeSettings(next) => self.change_whole_settings(*next, ctx),
            Intent::NudgeVolume(d) => {
                // Turning the volume up also unmutes: "louder" should be heard.
                self.change_settings(|s| {
                    s.audio.master = (s.audio.master + d).clamp(0.0, 2.0);
                    if d > 0.0 {
                        s.audio.muted = false;
                    }
                });
                self.volume_toast();
            }
            Intent::ToggleMute => {
                self.change_settings(|s| s.audio.muted = !s.audio.muted);
                self.volume_toast();
            }
            Intent::ToggleFullscreen => {
                self.state.fullscreen = !self.state.fullscreen;
                ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(self.state.fullscreen));
            }
            Intent::ToggleHelp => self.state.show_help = !self.state.show_help,
            Intent::Wake => {
                let now = self.clock.now();
                if let Some(p) = &mut self.state.player {
                    p.last_input = now;
                }
                if let Screen::Tail { last_input, .. } = &mut self.state.screen {
                    *last_input = now;
                }
            }
            Intent::SetBeforeRating(v) => {
                if let Some(run) = &mut self.run {
                    run.before = Some(v.min(10));
                }
                self.close_before_prompt();
                self.checkpoint(self.clock.now());
            }
            Intent::SkipBeforeRating => self.close_before_prompt(),
            Intent::SaveAfterRating(v) => {
                if let Some((id, kind, _)) = self.state.after_rating.clone() {
                    self.save_rating(&id, v);
                    self.state.after_rating = Some((id, kind, Some(v)));
                }
            }
            Intent::SaveSleepRating(v) => {
                if let Some((id, _, _)) = self.state.sleep_prompt.take() {
                    self.save_rating(&id, v);
                }
            }
            Intent::DismissSleepRating => self.state.sleep_prompt = None,
            Intent::OpenHistory => {
                if !matches!(self.state.screen, Screen::Player | Screen::Tail { .. }) {
                    self.state.screen = Screen::History;
                }
            }
            Intent::StartWindDown => {
                let id = self.state.settings.wind_down.routine.clone();
                self.pending = None;
                self.start(PendingStart {
                    wind_down: true,
                    ..PendingStart::new(&id)
                });
            }
            Intent::DismissBedtime => self.state.bedtime_banner = None,
            Intent::SetAutostart(on) => {
                if !self.state.autostart.busy {
                    self.start_autostart_job(on, ctx);
                }
            }
            Intent::OpenRoutinesFolder => self.open_routines_folder(),
            Intent::AskSaveDiary => {
                let name = format!("lull-diary-{today}.csv");
                let path = crate::store::documents_dir()
                    .map_or_else(|| name.clone(), |d| d.join(&name).display().to_string());
                self.state.dialog = Some(Dialog::SaveDiary {
                    exists: crate::store::is_file(&crate::store::expand_home(&path)),
                    path,
                    problem: None,
                });
            }
            Intent::SetDiaryPath(typed) => {
                if let Some(Dialog::SaveDiary {
                    path,
                    exists,
                    problem,
                }) = &mut self.state.dialog
                {
                    *exists = crate::store::is_file(&crate::store::expand_home(&typed));
                    *path = typed;
                    *problem = None;
                }
            }
            Intent::SaveDiary => self.save_diary(),
            Intent::ReloadRoutines => self.reload_routines(),
            Intent::StopTail => {
                if matches!(self.state.screen, Screen::Tail { .. }) {
                    self.end_tail();
                }
            }
            Intent::Quit => {
                self.quit = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    /// Copies the mixer's state (presets, layers, the user's sound files) for the views.
    fn refresh_mixer(&mut self) {
        let (preset, layers) = self.sound.mixer();
        let presets = self
            .sound
            .presets()
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect();
        let sound_files = self
            .files
            .as_ref()
            .and_then(|f| crate::store::list_sounds(&crate::store::sounds_dir(f.dirs())).ok())
            .unwrap_or_default();
        let save_name = std::mem::take(&mut self.state.mixer.save_name);
        self.state.mixer = Mixer {
            preset,
            layers,
            presets,
            sound_files,
            save_name,
        };
    }

    fn save_mix(&mut self) {
        let name = self.state.mixer.save_name.trim().to_owned();
        let Some(preset) = self
            .sound
            .mix_as(if name.is_empty() { "My mix" } else { &name })
        else {
            return;
        };
        if let Err(problem) = preset.check() {
            self.notice(format!("Cannot save this mix: {problem}"), true);
            return;
        }
        let Some(files) = self.files.as_ref().filter(|_| self.saving.data) else {
            self.notice(
                "Your data folder cannot be written: the mix was not saved.",
                true,
            );
            return;
        };
        let dir = crate::store::presets_dir(&files.dirs().data);
        match crate::store::save_preset(&dir, &preset) {
            Ok(_) => {
                let (presets, _) = crate::store::load_presets(&dir);
                self.sound.set_user_presets(presets);
                self.notice(format!("Saved your mix \"{}\".", preset.name), false);
                self.state.mixer.save_name.clear();
                self.refresh_mixer();
            }
            Err(e) => self.notice(format!("Cannot save your mix: {e}"), true),
        }
    }

    /// Takes the whole new settings from a screen. A changed wind-down plan resets the
    /// bedtime reminder and updates an installed bedtime timer.
    fn change_whole_settings(&mut self, next: Settings, ctx: &egui::Context) {
        let plan_changed = next.wind_down != self.state.settings.wind_down;
        self.change_settings(|s| *s = next);
        if plan_changed {
            self.bedtime_due = None;
            // (While it is busy, once more when it is done: typing a time changes the
            // plan at every key.)
            if self.state.autostart.on && self.state.settings.wind_down.problem().is_none() {
                if let Some(job) = &mut self.autostart_job {
                    job.again = true;
                } else {
                    self.start_autostart_job(true, ctx);
                }
            }
        }
    }

    fn change_settings(&mut self, change: impl FnOnce(&mut Settings)) {
        let before = self.state.settings.audio.clone();
        let mut settings = self.state.settings.clone();
        change(&mut settings);
        self.state.settings = settings.sanitized();
        if self.state.settings.audio != before {
            self.sound.apply_settings(&self.state.settings.audio);
            // The same timeline as at the start (a wind-down keeps its tail and fade).
            self.send_timeline(self.clock.now());
        }
        self.save_settings();
    }

    // ------------------------------------------------------------------------
    // Each frame.

    /// Advances time: ticks the session, expires the resume offer, and asks for the next
    /// repaint only when something will change. Runs even while the window is hidden (from
    /// eframe's `logic`), and once a frame: `show` skips it when `logic` just ran it.
    pub fn tick(&mut self, ctx: &egui::Context) {
        let now = self.clock.now();
        self.state.now = now;
        self.window_place = ctx.input(|i| seen_window_place(i.viewport(), self.window_place));
        if self.repaint.is_none() {
            self.repaint = Some(ctx.clone());
        }
        self.poll_autostart();
        if self
            .state
            .toast
            .as_ref()
            .is_some_and(|(_, until)| now >= *until)
        {
            self.state.toast = None;
        }
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
        if self
            .run
            .as_ref()
            .is_some_and(|r| now.saturating_sub(r.saved_at) >= CHECKPOINT_EVERY)
        {
            self.checkpoint(now);
        }
        self.sound.tick(now);
        for problem in self.sound.take_problems() {
            self.notice(problem, true);
        }
        if let Screen::Tail {
            until: Some(until), ..
        } = self.state.screen
            && now >= until
        {
            self.end_tail();
        }
        self.check_bedtime();
        if let Some(after) = self.next_repaint(now) {
            ctx.request_repaint_after(after);
        }
    }

    /// Shows the bedtime reminder (banner and desktop notification) when bedtime comes.
    fn check_bedtime(&mut self) {
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
                .map_or_else(|| plan.routine.clone(), |r| r.title.clone());
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

    fn next_own_repaint(&self, now: Duration) -> Option<Duration> {
        let toast = self
            .state
            .toast
            .as_ref()
            .map(|(_, until)| until.saturating_sub(now) + Duration::from_millis(5));
        earliest(toast, self.next_screen_repaint(now))
    }

    fn next_screen_repaint(&self, now: Duration) -> Option<Duration> {
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
                return Some(next);
            }
            return None;
        }
        None
    }

    /// The theme in force: the night look for a sleep routine and its screens, from an hour
    /// before bedtime until morning (unless turned off), and on the sleep program's tab when
    /// the system prefers dark; the user's theme otherwise.
    fn look_theme(&self, system_dark: bool) -> Theme {
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

    fn shortcuts(&self, ctx: &egui::Context) -> Vec<Intent> {
        let mut out = Vec::new();
        if ctx.egui_wants_keyboard_input() {
            return out;
        }
        let in_player = matches!(self.state.screen, Screen::Player);
        let dark = self
            .state
            .player
            .as_ref()
            .is_some_and(|p| in_player && model::screen_is_off(&self.state, p))
            || matches!(self.state.screen, Screen::Tail { last_input, .. }
                if self.state.now.saturating_sub(last_input).as_secs() >= model::SCREEN_OFF_AFTER_SECS);
        ctx.input_mut(|i| {
            if dark {
                // A deliberate mouse move wakes it too (a sensor's jitter does not).
                let moved = i.pointer.delta().length() >= WAKE_MOVE_POINTS;
                let woke = moved
                    || i.events.iter().any(|e| {
                        matches!(
                            e,
                            egui::Event::Key { pressed: true, .. }
                                | egui::Event::PointerButton { pressed: true, .. }
                        )
                    });
                if woke {
                    i.events.retain(|e| !matches!(e, egui::Event::Key { .. }));
                    out.push(Intent::Wake);
                }
                return;
            }
            if i.consume_key(Modifiers::COMMAND, Key::Q) {
                out.push(Intent::Quit);
            }
            if i.consume_key(Modifiers::NONE, Key::F11) {
                out.push(Intent::ToggleFullscreen);
            }
            if i.consume_key(Modifiers::SHIFT, Key::Questionmark)
                || i.consume_key(Modifiers::NONE, Key::Questionmark)
            {
                out.push(Intent::ToggleHelp);
            }
            if i.consume_key(Modifiers::NONE, Key::M) {
                out.push(Intent::ToggleMute);
            }
            if i.consume_key(Modifiers::NONE, Key::Plus)
                || i.consume_key(Modifiers::NONE, Key::Equals)
                || i.consume_key(Modifiers::SHIFT, Key::Plus)
            {
                out.push(Intent::NudgeVolume(0.1));
            }
            if i.consume_key(Modifiers::NONE, Key::Minus) {
                out.push(Intent::NudgeVolume(-0.1));
            }
            if in_player {
                if matches!(self.state.dialog, Some(Dialog::ConfirmStop { .. }))
                    && i.consume_key(Modifiers::NONE, Key::Enter)
                {
                    out.push(Intent::Session(Command::Stop));
                }
                if i.consume_key(Modifiers::NONE, Key::Space) {
                    let paused = self
                        .state
                        .player
                        .as_ref()
                        .is_some_and(|p| p.snapshot.state == RunState::Paused);
                    out.push(Intent::Session(if paused {
                        Command::Resume
                    } else {
                        Command::Pause
                    }));
                }
                if i.consume_key(Modifiers::NONE, Key::ArrowRight) {
                    out.push(Intent::Session(Command::Next));
                }
                if i.consume_key(Modifiers::NONE, Key::ArrowLeft) {
                    out.push(Intent::Session(Command::Previous));
                }
                if i.consume_key(Modifiers::NONE, Key::R) {
                    out.push(Intent::Session(Command::RestartStep));
                }
                if i.consume_key(Modifiers::NONE, Key::Escape) {
                    // Esc closes what is on top first; only then does it stop.
                    let player = self.state.player.as_ref();
                    out.push(if self.state.show_help {
                        Intent::ToggleHelp
                    } else if player.is_some_and(|p| p.show_sound) {
                        Intent::ToggleSoundPanel
                    } else if player.is_some_and(|p| p.show_steps) {
                        Intent::ToggleStepList
                    } else if player.is_some_and(|p| p.ask_before.is_some()) {
                        Intent::SkipBeforeRating
                    } else if matches!(self.state.dialog, Some(Dialog::ConfirmStop { .. })) {
                        // Esc twice stops.
                        Intent::Session(Command::Stop)
                    } else {
                        // Esc alone never stops by accident: it pauses and asks.
                        Intent::AskStop
                    });
                }
            } else {
                if i.consume_key(Modifiers::NONE, Key::Escape) {
                    if self.state.show_help {
                        out.push(Intent::ToggleHelp);
                    } else if self.state.dialog.is_some() {
                        out.push(Intent::CloseDialog);
                    } else {
                        match &self.state.screen {
                            Screen::Settings { .. } => out.push(Intent::CloseSettings),
                            Screen::Tail { .. } => out.push(Intent::StopTail),
                            Screen::History
                            | Screen::TodayCheck { .. }
                            | Screen::HeadacheCheck { .. }
                            | Screen::Urgent
                            | Screen::SeeDoctor { .. }
                            | Screen::Finished { .. }
                            | Screen::Emergency { .. } => {
                                out.push(Intent::BackToLibrary);
                            }
                            _ => {}
                        }
                    }
                }
                if matches!(self.state.screen, Screen::Library) {
                    for (key, program) in [
                        (Key::Num1, Program::Stress),
                        (Key::Num2, Program::Sleep),
                        (Key::Num3, Program::Headache),
                    ] {
                        if i.consume_key(Modifiers::NONE, key) {
                            out.push(Intent::SelectTab(Tab::Program(program)));
                        }
                    }
                    if i.consume_key(Modifiers::NONE, Key::Num4) {
                        out.push(Intent::SelectTab(Tab::Yours));
                    }
                }
            }
        });
        out
    }

    /// Draws one frame into `ui` and applies what the user did. (`eframe::App::ui` calls
    /// this; tests call it through `egui_kittest`.)
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        log::trace!("frame {}", ctx.cumulative_frame_nr());
        // eframe ran `logic` (and so `tick`) just before; tests call `show` alone.
        if !std::mem::take(&mut self.logic_ticked) {
            self.tick(&ctx);
        }
        self.state.look = self.look_theme(ctx.system_theme() == Some(egui::Theme::Dark));
        let look = (self.state.look, self.state.settings.text_scale);
        if self.applied_look != Some(look) {
            theme::apply(&ctx, look.0, look.1);
            self.applied_look = Some(look);
        }
        let mut intents = self.shortcuts(&ctx);
        let state = &self.state;
        let palette = theme::palette(look.0);
        egui::CentralPanel::default()
            .frame(egui::Frame::new().fill(palette.background))
            .show(ui, |ui| {
                // The player and the emergency screen have the whole window.
                if !matches!(state.screen, Screen::Player | Screen::Emergency { .. }) {
                    crate::ui::screens::top_bar::ui(ui, state, &mut intents);
                }
                match &state.screen {
                    Screen::Welcome => screens::welcome::ui(ui, state, &mut intents),
                    Screen::Screening { cancel_to } => {
                        screens::screening::ui(ui, state, cancel_to.is_some(), &mut intents);
                    }
                    Screen::ScreeningResult => screens::result::ui(ui, state, &mut intents),
                    Screen::Library => screens::library::ui(ui, state, &mut intents),
                    Screen::TodayCheck { .. } => screens::checks::today_ui(ui, state, &mut intents),
                    Screen::HeadacheCheck { flags, .. } => {
                        screens::checks::headache_ui(ui, state, flags, &mut intents);
                    }
                    Screen::Emergency { fast_signs } => {
                        screens::checks::emergency_ui(ui, state, *fast_signs, &mut intents);
                    }
                    Screen::Urgent => screens::checks::urgent_ui(ui, state, &mut intents),
                    Screen::SeeDoctor { .. } => {
                        screens::checks::see_doctor_ui(ui, state, &mut intents);
                    }
                    Screen::Player => screens::player::ui(ui, state, &mut intents),
                    Screen::Finished { completed } => {
                        screens::finished::ui(ui, state, *completed, &mut intents);
                    }
                    Screen::Settings { .. } => screens::settings::ui(ui, state, &mut intents),
                    Screen::Tail { until, last_input } => {
                        screens::rating::tail_ui(ui, state, *until, *last_input, &mut intents);
                    }
                    Screen::History => screens::history::ui(ui, state, &mut intents),
                }
            });
        if let Some(dialog) = &state.dialog {
            crate::ui::screens::dialog::ui(&ctx, state, dialog, &mut intents);
        }
        if let Some((text, _)) = &state.toast {
            crate::ui::screens::common::toast(&ctx, &palette, text);
        }
        if state.show_help {
            screens::help::ui(&ctx, state, &mut intents);
        }
        for intent in intents {
            self.apply(intent, &ctx);
        }
        self.name_window(&ctx);
    }

    /// Titles the window after what it shows (asked of the window only when that changes)
    /// and gives the accessibility tree's window node the same name, which eframe does not.
    fn name_window(&mut self, ctx: &egui::Context) {
        let title = self.state.window_title();
        if title != self.window_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
        }
        ctx.accesskit_node_builder(egui::accesskit_root_id(), |node| {
            node.set_label(title.as_str());
        });
        self.window_title = title;
    }
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The notice for folders that cannot be written, if any.
fn unwritable_notice(files: Option<&AppFiles>, config_ok: bool, data_ok: bool) -> Option<String> {
    Some(match (files, config_ok, data_ok) {
        (None, ..) => {
            "No home folder was found: Lull runs, but nothing you change will be saved.".to_owned()
        }
        (_, true, true) => return None,
        (_, false, false) => {
            "Your data folders cannot be written: nothing you change will be saved.".to_owned()
        }
        (Some(f), false, true) => format!(
            "Your settings folder ({}) cannot be written: settings and safety answers will not \
             be saved. Your history will.",
            f.dirs().config.display()
        ),
        (Some(f), true, false) => format!(
            "Your data folder ({}) cannot be written: your history and mixes will not be saved.",
            f.dirs().data.display()
        ),
    })
}

/// What loading the user's routines found: files skipped, wording warnings.
fn routine_notices(catalogue: &Catalogue, problems: &[String]) -> Vec<Notice> {
    let skipped = problems.iter().map(|p| Notice {
        about_routines: true,
        ..Notice::warning(format!("A routine of yours was skipped: {p}"))
    });
    let warned = catalogue
        .user_warnings()
        .into_iter()
        .map(|(text, all)| Notice {
            about_routines: true,
            ..Notice::warning(text).with_detail(all)
        });
    skipped.chain(warned).collect()
}

fn corrupt_notice(what: &str, problem: &str, kept_at: Option<&std::path::Path>) -> Notice {
    let kept = kept_at.map_or_else(
        || "it could not be moved aside".to_owned(),
        |p| format!("the file was kept as {}", p.display()),
    );
    Notice::warning(format!(
        "Your {what} could not be read ({problem}); {kept}. Using defaults."
    ))
}

impl eframe::App for LullApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.tick(ctx);
        self.logic_ticked = true;
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.shut_down();
    }
}
