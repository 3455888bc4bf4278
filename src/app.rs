//! The desktop app: owns the state, the clock, the files and the sound, runs the safety
//! gates, ticks the session engine, draws the screens and applies their intents after each
//! frame.

mod checks;
mod desktop;
mod editor;
mod frame;
pub mod gates;
mod import;
mod intents;
mod media;
mod playback;
mod power;
mod settings;
mod shortcuts;
mod sound;
mod sound_only;
mod startup;
mod voice;

use std::sync::Arc;
use std::time::Duration;

pub use self::media::MediaLink;

use self::desktop::AutostartJob;
use self::gates::PendingStart;
use self::playback::Playback;
use self::sound::Sound;
use crate::audio::device::OpenOutput;
use crate::catalogue::{Catalogue, CatalogueProblem};
use crate::clock::{Calendar, Clock};
use crate::domain::id::RoutineId;
use crate::domain::safety::evaluate;
use crate::platform::autostart::Autostart;
use crate::platform::inhibit::Inhibit;
use crate::platform::notify::Notifier;
use crate::platform::open::Opener;
use crate::profile::settings::WindowPlace;
use crate::store::{AppDirs, AppFiles, HistoryFile, SAFETY_FILE, SETTINGS_FILE, StoreError};
use crate::ui::model::{AppState, Notice, Screen};
use crate::ui::screens;
use crate::ui::theme::{self, Look};

/// How long a volume or mute toast stays.
pub const TOAST_FOR: Duration = Duration::from_secs(2);

/// Frame interval while the pacer moves: 20 fps, smooth for a breath that takes seconds,
/// and a third cheaper than 30 fps where the window is drawn in software.
pub const PACER_FRAME: Duration = Duration::from_millis(50);

/// How every notice of a failed automatic save begins.
const SAVE_FAILED: &str = "Cannot save your";

/// Why a routine file of the user's was left out. It becomes words only in its notice.
#[derive(Debug, thiserror::Error)]
pub enum SkippedRoutine {
    /// The file (or the folder) could not be read.
    #[error(transparent)]
    Unreadable(#[from] StoreError),
    /// It was read, but it is not a valid routine or its id is taken.
    #[error(transparent)]
    Rejected(#[from] CatalogueProblem),
}

/// The routines with the user's own from `dirs` (none without a home folder), and every
/// file left out: what start-up and "Reload" both read.
pub fn user_catalogue(dirs: Option<&AppDirs>) -> (Catalogue, Vec<SkippedRoutine>) {
    let (files, unreadable) = dirs
        .map(crate::store::read_user_routines)
        .unwrap_or_default();
    let (catalogue, rejected) = Catalogue::with_user_files(files);
    let skipped = unreadable
        .into_iter()
        .map(SkippedRoutine::from)
        .chain(rejected.into_iter().map(SkippedRoutine::from))
        .collect();
    (catalogue, skipped)
}

/// What the app is built from (real ones in `main`, fakes in tests).
pub struct Deps {
    /// Monotonic time.
    pub clock: Box<dyn Clock>,
    /// Today's date.
    pub calendar: Box<dyn Calendar>,
    /// Where files live (`None`: nothing can be saved).
    pub files: Option<AppFiles>,
    /// Opens the sound output: once at start-up (if nothing opens, Lull is silent and
    /// says why), again when something plays after an idle release, and again when it is
    /// lost.
    pub audio: Box<dyn OpenOutput>,
    /// The routines.
    pub catalogue: Catalogue,
    /// The user's routine files left out, and why.
    pub catalogue_problems: Vec<SkippedRoutine>,
    /// Desktop notifications.
    pub notifier: Box<dyn Notifier>,
    /// Keeps the computer awake during a wind-down.
    pub inhibitor: Box<dyn Inhibit>,
    /// Shows a folder in the file manager.
    pub opener: Box<dyn Opener>,
    /// The bedtime timer that starts the wind-down when Lull is closed.
    pub autostart: Arc<dyn Autostart>,
    /// The voice service (`None`: no voice).
    pub voice: Option<crate::speech::VoiceWorker>,
    /// The computer going to sleep and waking (`None`: not watched).
    pub power: Option<PowerWatch>,
    /// Suspends the computer when a sound-only session ends, if asked.
    pub suspend: Arc<dyn crate::platform::suspend::Suspend>,
    /// Media keys and the desktop's media controls (`None`: no session bus).
    pub media: Option<MediaLink>,
}

/// Sleep and wake events, and where the watcher finds the window to wake it (set at the
/// first frame), so the session pauses before the computer sleeps, not after it wakes.
pub struct PowerWatch {
    /// The events.
    pub events: std::sync::mpsc::Receiver<crate::platform::suspend::PowerEvent>,
    /// The window's context, for the watcher's thread to ask for a frame.
    pub repaint: Arc<std::sync::OnceLock<egui::Context>>,
}

/// How the app was opened.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Launch {
    /// Open straight into this routine (after the same gates).
    pub play: Option<RoutineId>,
    /// As tonight's wind-down (audio first, with the ambience tail).
    pub wind_down: bool,
    /// Open straight into an ambience alone with a timer (`lull sleep`); its preset is set.
    pub sleep: Option<crate::domain::sound_session::SoundPlan>,
    /// A routine file to import (`lull FILE`, as a file manager opens one): it opens in the
    /// import dialog and is checked as a dropped file is.
    pub open: Option<std::path::PathBuf>,
}

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
    applied_look: Option<Look>,
    /// The window title last asked for (the window opens as "Lull").
    window_title: String,
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
    /// The routine playing or just stopped, on its history side.
    playback: Playback,
    /// The voice: its worker and what it said about itself.
    voice: self::voice::VoiceSide,
    /// Sleep and wake events.
    power: Option<PowerWatch>,
    /// Media keys and the desktop's media controls.
    media: Option<self::media::MediaSide>,
    /// The computer slept during this session: its sound stays faded out until Resume.
    slept: bool,
    /// The sound-only session playing, on its history side.
    sound_run: Option<self::sound_only::SoundRun>,
    /// Where the sound-only session's end screen goes back to.
    sound_back: Option<Screen>,
    /// Puts the computer to sleep when a sound-only session asks.
    suspend: Arc<dyn crate::platform::suspend::Suspend>,
    /// Why a suspend asked for did not happen (from its thread).
    suspend_problems: (
        std::sync::mpsc::Sender<String>,
        std::sync::mpsc::Receiver<String>,
    ),
    bedtime_due: Option<jiff::ZonedDateTime>,
    /// The window's size and place as last seen (saved in the settings on exit).
    window_place: Option<WindowPlace>,
    /// eframe's `logic` has ticked for the frame `show` is about to draw.
    logic_ticked: bool,
}

impl LullApp {
    /// The state (for tests and views).
    pub const fn state(&self) -> &AppState {
        &self.state
    }

    /// The state, mutably (tests only need this to set up scenes).
    pub const fn state_mut(&mut self) -> &mut AppState {
        &mut self.state
    }

    /// Replaces the voice service (tests: another fake voice).
    pub fn replace_voice(&mut self, worker: Option<crate::speech::VoiceWorker>) {
        self.voice = self::voice::VoiceSide::new(worker);
        self.configure_voice();
    }

    /// The audio timeline last sent to the sound engine (cues, fades, the end).
    pub fn sound_timeline(&self) -> Option<crate::domain::soundscape::Timeline> {
        self.sound.last_timeline()
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

    /// A save Lull makes by itself (settings, safety answers, history) failed: one notice
    /// says so. A full disk or a folder turned read-only fails every later save too, and
    /// each is logged, but while the first notice is shown no second one is added.
    fn save_failed(&mut self, what: &str, e: &StoreError) {
        log::warn!("cannot save {what}: {e}");
        if self
            .state
            .notices
            .iter()
            .any(|n| n.text.starts_with(SAVE_FAILED))
        {
            return;
        }
        self.notice(
            format!("{SAVE_FAILED} {what}: {e}. Lull goes on, but may not keep what changes."),
            true,
        );
    }

    fn save_settings(&mut self) {
        if !self.saving.settings {
            return;
        }
        if let Some(f) = &self.files
            && let Err(e) = f.save(SETTINGS_FILE, &self.state.settings)
        {
            self.save_failed("settings", &e);
        }
    }

    fn save_record(&mut self) {
        if !self.saving.record {
            return;
        }
        if let (Some(f), Some(r)) = (&self.files, &self.state.record)
            && let Err(e) = f.save(SAFETY_FILE, r)
        {
            self.save_failed("safety answers", &e);
        }
    }

    /// Shows `text` briefly at the bottom of the window.
    fn toast(&mut self, text: impl Into<String>) {
        self.state.toast = Some((text.into(), self.clock.now() + TOAST_FOR));
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
        let look = Look::new(
            self.look_theme(ctx.system_theme() == Some(egui::Theme::Dark)),
            self.state.settings.text_scale,
        );
        self.state.look = look;
        if self.applied_look != Some(look) {
            theme::apply(&ctx, look);
            self.applied_look = Some(look);
        }
        let mut intents = self.shortcuts(&ctx);
        let state = &self.state;
        let palette = look.palette;
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
                    Screen::Editor => screens::editor::ui(ui, state, &mut intents),
                    Screen::Sound { last_input } => {
                        screens::sound_only::playing_ui(ui, state, *last_input, &mut intents);
                    }
                    Screen::SoundEnded { completed } => {
                        screens::sound_only::ended_ui(ui, state, *completed, &mut intents);
                    }
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
        self.publish_media();
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
