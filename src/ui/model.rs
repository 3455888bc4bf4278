//! The view model: everything the views may read. Views get `&AppState` and return
//! intents; only the app changes it, after the frame. With it, the pure rules of what the
//! screen shows that the app also needs (when the screen goes dark), so the app never
//! calls into the screens except to draw them, and no view names the app.

use std::collections::BTreeSet;
use std::time::Duration;

use crate::catalogue::Catalogue;
use crate::domain::diary::Painkiller;
use crate::domain::history::{History, RatingKind};
use crate::domain::id::{PresetId, RoutineId};
use crate::domain::routine::{Draft, DraftStep, RoutineError};
use crate::domain::safety::{RedFlag, SafeRoutine, ScreeningAnswers, Verdict};
use crate::domain::session::{RunState, Session, Snapshot};
use crate::domain::tag::Tag;
use crate::domain::vocabulary::Program;
use crate::profile::safety_record::SafetyRecord;
use crate::profile::settings::Settings;
use crate::ui::theme::{Look, Palette};
use crate::ui::widgets::figure::Figure;

/// The screens of the app.
#[derive(Clone, Debug, PartialEq)]
pub enum Screen {
    /// What Lull is and is not, with the emergency line.
    Welcome,
    /// The screening questionnaire (editing `AppState::draft`).
    Screening {
        /// Where Cancel goes when answers are being reviewed (nothing changes); `None` on
        /// the first run, where the questions must be answered.
        cancel_to: Option<Box<Self>>,
    },
    /// What the answers switch off, with clinician checkboxes.
    ScreeningResult,
    /// The routines.
    Library,
    /// "Are you unwell today?" before the first massage routine of the day.
    TodayCheck {
        /// The routine waiting to start.
        routine: RoutineId,
    },
    /// The headache red-flag questions.
    HeadacheCheck {
        /// The routine waiting to start; `None` when the questions are answered again from
        /// the library (no routine starts after them).
        routine: Option<RoutineId>,
        /// The questions answered yes so far.
        flags: BTreeSet<RedFlag>,
        /// What the headache diary says to some questions (filled in from it, unless
        /// answered otherwise today): the question and why.
        from_diary: Vec<(RedFlag, String)>,
    },
    /// Call the emergency number now.
    Emergency {
        /// Show the stroke signs (FAST).
        fast_signs: bool,
    },
    /// Get medical advice today; only breathing routines are offered.
    Urgent,
    /// See a doctor soon; the routine may still start.
    SeeDoctor {
        /// The routine waiting to start.
        routine: RoutineId,
    },
    /// A routine is playing.
    Player,
    /// A routine has ended or was stopped.
    Finished {
        /// Whether it ran to the end.
        completed: bool,
    },
    /// Settings, returning to `back`.
    Settings {
        /// Where Close goes.
        back: Box<Self>,
    },
    /// The wind-down ambience playing on after the routine.
    Tail {
        /// When it ends (app time); `None` until stopped.
        until: Option<Duration>,
        /// App time of the last key or click (the screen goes dark after 10 s).
        last_input: Duration,
    },
    /// Your history.
    History,
    /// An ambience alone, with a sleep timer (`AppState::sound_session`).
    Sound {
        /// App time of the last key or click (the screen may go dark after 10 s).
        last_input: Duration,
    },
    /// The routine editor (`AppState::editor`).
    Editor,
    /// A sound-only session has ended (its timer ran out) or was stopped.
    SoundEnded {
        /// Whether its timer ran out.
        completed: bool,
    },
}

/// Library tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    /// One of the three programs.
    Program(Program),
    /// The user's own routines.
    Yours,
}

/// The library's length filter.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LengthFilter {
    /// Every length.
    #[default]
    Any,
    /// Up to 5 minutes.
    Short,
    /// 5 to 10 minutes.
    Medium,
    /// Over 10 minutes.
    Long,
}

impl LengthFilter {
    /// Every filter, in display order.
    pub const ALL: [Self; 4] = [Self::Any, Self::Short, Self::Medium, Self::Long];

    /// The chip label.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Any => "Any length",
            Self::Short => "Up to 5 min",
            Self::Medium => "5–10 min",
            Self::Long => "Over 10 min",
        }
    }

    /// The filter in a sentence: "No routines here are {describe}."
    pub const fn describe(self) -> &'static str {
        match self {
            Self::Any => "of any length",
            Self::Short => "5 minutes or shorter",
            Self::Medium => "between 5 and 10 minutes",
            Self::Long => "longer than 10 minutes",
        }
    }

    /// Whether a routine of `length` passes.
    pub fn accepts(self, length: Duration) -> bool {
        let mins = length.as_secs_f32() / 60.0;
        match self {
            Self::Any => true,
            Self::Short => mins <= 5.0,
            Self::Medium => mins > 5.0 && mins <= 10.0,
            Self::Long => mins > 10.0,
        }
    }
}

/// A routine playing.
#[derive(Clone, Debug)]
#[expect(clippy::struct_excessive_bools, reason = "independent view flags")]
pub struct Player {
    /// The engine.
    pub session: Session,
    /// The latest snapshot.
    pub snapshot: Snapshot,
    /// Night mode (sleep program, or the night theme).
    pub night: bool,
    /// When the current step started, app time (for the screen-off timer).
    pub step_seen_at: Duration,
    /// Last key or click, app time.
    pub last_input: Duration,
    /// Whether the step list is shown.
    pub show_steps: bool,
    /// Whether the sound panel is shown.
    pub show_sound: bool,
    /// The latest breathing phase announcement ("Breathe in").
    pub announcement: Option<String>,
    /// A bedtime wind-down: audio first, the screen goes dark after 10 s.
    pub wind_down: bool,
    /// "How do you feel?", offered in the player during the first step (one click starts a
    /// routine; the rating is optional). `None` once answered, dismissed or past.
    pub ask_before: Option<RatingKind>,
    /// The line the voice is saying, as planned (the speaking indicator).
    pub speaking: Option<String>,
}

/// A one-line message shown at the top of the window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// The message.
    pub text: String,
    /// Whether it is a problem (shown in the caution colour).
    pub warning: bool,
    /// Technical detail, shown only behind a "Details" toggle.
    pub detail: Option<String>,
    /// It is about the user's routine files (replaced when they are reloaded).
    pub about_routines: bool,
    /// A deleted routine it can bring back ("Undo").
    pub undo: Option<DeletedRoutine>,
}

/// A routine of the user's moved to the trash folder, which Undo moves back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeletedRoutine {
    /// Where it is now, in the trash.
    pub trashed: std::path::PathBuf,
    /// Where it was.
    pub original: std::path::PathBuf,
}

impl Notice {
    /// A problem, in the caution colour.
    pub fn warning(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            warning: true,
            detail: None,
            about_routines: false,
            undo: None,
        }
    }

    /// Plain information.
    pub fn info(text: impl Into<String>) -> Self {
        Self {
            warning: false,
            ..Self::warning(text)
        }
    }

    /// With technical detail behind "Details".
    #[must_use]
    pub fn with_detail(self, detail: impl Into<String>) -> Self {
        Self {
            detail: Some(detail.into()),
            ..self
        }
    }
}

/// The notice shown when no sound output can be opened.
pub const NO_SOUND_NOTICE: &str =
    "No speakers or headphones found — Lull will play silently. Check your sound settings.";

/// The notice shown when the sound output was lost (a device unplugged) and is not back
/// within a couple of seconds.
pub const SOUND_LOST_NOTICE: &str = "Sound output lost — Lull will carry on when a device is back.";

/// The bedtime timer as Settings shows it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AutostartView {
    /// Installed.
    pub on: bool,
    /// Being installed or removed right now.
    pub busy: bool,
}

/// What the save dialog writes: a diary, or a routine's handout.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DiaryExport {
    /// Every session with its ratings (`lull history --csv`).
    Sessions,
    /// The diary for a doctor: the last months' headache days, painkiller days and routines
    /// (`lull history --diary`).
    Doctor,
    /// A routine's printable handout, as the user's answers allow it (`lull handout`).
    Handout {
        /// The routine.
        id: RoutineId,
        /// Its title, for the dialog.
        title: String,
    },
    /// A routine's file as it is, to share (`lull routine export`): whoever imports it has
    /// it screened against their own answers.
    RoutineFile {
        /// The routine.
        id: RoutineId,
        /// Its title, for the dialog.
        title: String,
    },
}

/// Whose routine already has an imported routine's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportClash {
    /// One of the user's: it can be replaced.
    Yours,
    /// A bundled one: never replaced.
    Bundled,
}

/// A dialog over the current screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Dialog {
    /// Save the history as a CSV diary: where to.
    SaveDiary {
        /// Which diary.
        what: DiaryExport,
        /// The file, as typed (`~/` is the home folder).
        path: String,
        /// A file of that name is there (Save replaces it).
        exists: bool,
        /// Why the last try failed.
        problem: Option<String>,
    },
    /// Import a routine file: which one, and what stood in the way last time.
    ImportRoutine {
        /// The file, as typed or dropped on the window (`~/` is the home folder).
        path: String,
        /// Why the last try wrote nothing (the file's errors with their lines).
        problem: Option<String>,
        /// Its id is taken: by one of yours (replace it, or keep both) or by a bundled
        /// routine (keep both).
        clash: Option<ImportClash>,
    },
    /// What the safety rules changed in a routine.
    Changes {
        /// The routine's title.
        title: String,
        /// One line per change.
        lines: Vec<String>,
    },
    /// Why a routine cannot start.
    Unavailable {
        /// The routine's title.
        title: String,
        /// Why.
        reason: String,
    },
    /// "Stop this session?" after Esc in the player (the session waits, paused).
    ConfirmStop {
        /// Whether the session was playing (and plays on if the answer is "keep going").
        resume: bool,
    },
}

/// The after-rating offered on the finished screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AfterRating {
    /// The session's record id.
    pub id: String,
    /// What is rated.
    pub kind: RatingKind,
    /// The rating saved, if any.
    pub saved: Option<u8>,
    /// The diary's questions, after a headache routine.
    pub diary: Option<DiaryAnswers>,
}

impl AfterRating {
    /// Nothing answered yet; the diary's questions when `kind` is a headache.
    pub fn new(id: String, kind: RatingKind) -> Self {
        Self {
            id,
            kind,
            saved: None,
            diary: (kind == RatingKind::Headache).then(DiaryAnswers::default),
        }
    }
}

/// The headache diary's answers on the finished screen, saved with the session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiaryAnswers {
    /// "Did you take a painkiller today?" (saved at once).
    pub painkiller: Option<Painkiller>,
    /// The notes as typed.
    pub notes: String,
    /// The notes as typed are saved (they are when the user saves them or leaves the screen).
    pub notes_saved: bool,
    /// The calm notice, when this session took the month's diary over a threshold.
    pub notice: Option<String>,
}

impl Default for DiaryAnswers {
    fn default() -> Self {
        Self {
            painkiller: None,
            notes: String::new(),
            notes_saved: true,
            notice: None,
        }
    }
}

/// The longest diary note, in characters.
pub const MAX_NOTE_CHARS: usize = 500;

/// A session that was just stopped, which can be resumed for a few seconds.
#[derive(Clone, Debug)]
pub struct Stopped {
    /// The routine, as it was being played.
    pub routine: SafeRoutine,
    /// The step it stopped at.
    pub at_step: usize,
}

/// The ambience mixer as shown.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Mixer {
    /// The preset playing.
    pub preset: Option<PresetId>,
    /// Each layer's label and level.
    pub layers: Vec<(String, f32)>,
    /// Every preset to choose from: (id, name).
    pub presets: Vec<(PresetId, String)>,
    /// The user's sound files (names).
    pub sound_files: Vec<String>,
    /// The name typed for saving the mix.
    pub save_name: String,
}

/// A routine being written or changed in the editor. The app settles its tags and checks
/// it after every change; the view shows the problems at their fields.
#[derive(Clone, Debug, PartialEq)]
pub struct Editor {
    /// The routine as edited.
    pub draft: Draft,
    /// The user's file being changed, and its text when opened (its comments and layout
    /// are kept); `None` for a new routine, whose id follows its title.
    pub file: Option<EditedFile>,
    /// The step shown in the step form (0-based).
    pub step: usize,
    /// Which version of it: 0 the step, 1 its gentler version…
    pub depth: usize,
    /// The figure areas are picked on.
    pub figure: Figure,
    /// The name typed for a new breathing pattern.
    pub new_pattern: String,
    /// What the loader says of the routine as it stands (nothing: it can be saved).
    pub problems: Vec<RoutineError>,
    /// Words to check: what the steps' words name that their tags do not say, claims.
    pub warnings: Vec<String>,
    /// What the user's safety answers would change, in plain words.
    pub preview: Vec<String>,
    /// Changed since opened or saved.
    pub changed: bool,
}

/// The file an editor changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditedFile {
    /// Its path.
    pub path: String,
    /// Its text as read.
    pub text: String,
}

impl Editor {
    /// The draft's step `index` at the shown depth (the step, or its gentler version).
    pub fn version(draft: &Draft, index: usize, depth: usize) -> Option<&DraftStep> {
        let mut step = draft.steps.get(index)?;
        for _ in 0..depth {
            step = step.substitute.as_deref()?;
        }
        Some(step)
    }

    /// The same, to change.
    pub fn version_mut(draft: &mut Draft, index: usize, depth: usize) -> Option<&mut DraftStep> {
        let mut step = draft.steps.get_mut(index)?;
        for _ in 0..depth {
            step = step.substitute.as_deref_mut()?;
        }
        Some(step)
    }

    /// The problems of the routine's own fields (`field` given: that one only).
    pub fn problems_of_routine<'a>(&'a self, field: &'a str) -> impl Iterator<Item = &'a str> {
        self.problems
            .iter()
            .filter(move |e| {
                e.step.is_none()
                    && e.field
                        .as_deref()
                        .is_some_and(|f| f == field || f.starts_with(&format!("{field}.")))
            })
            .map(|e| e.message.as_str())
    }

    /// The problems of the shown step's `field` (at the shown depth).
    pub fn problems_of_step<'a>(&'a self, field: &'a str) -> impl Iterator<Item = &'a str> {
        self.problems
            .iter()
            .filter(move |e| {
                e.step.as_ref().is_some_and(|(n, _)| *n == self.step + 1)
                    && e.substitute_depth == self.depth
                    && e.field
                        .as_deref()
                        .is_some_and(|f| f == field || f.starts_with(&format!("{field}.")))
            })
            .map(|e| e.message.as_str())
    }

    /// How many problems step `index` (0-based) has, at any depth.
    pub fn step_problem_count(&self, index: usize) -> usize {
        self.problems
            .iter()
            .filter(|e| e.step.as_ref().is_some_and(|(n, _)| *n == index + 1))
            .count()
    }
}

/// All state the views read.
#[expect(
    clippy::struct_excessive_bools,
    reason = "independent flags the views read (help shown, full screen, sound available, night)"
)]
pub struct AppState {
    /// The current screen.
    pub screen: Screen,
    /// Settings.
    pub settings: Settings,
    /// The saved safety answers.
    pub record: Option<SafetyRecord>,
    /// Answers being edited on the questionnaire.
    pub draft: ScreeningAnswers,
    /// Questions answered (yes or no) on the questionnaire so far.
    pub answered: BTreeSet<crate::domain::safety::Condition>,
    /// The routines.
    pub catalogue: Catalogue,
    /// Each routine's verdict for today's answers, in catalogue order.
    pub verdicts: Vec<(RoutineId, Verdict)>,
    /// The library tab.
    pub tab: Tab,
    /// The library's length filter.
    pub length_filter: LengthFilter,
    /// The routine playing.
    pub player: Option<Player>,
    /// The ambience playing alone, with its timer ("Just sound").
    pub sound_session: Option<crate::domain::sound_session::SoundSession>,
    /// A stopped session that can be resumed.
    pub stopped: Option<Stopped>,
    /// Messages at the top.
    pub notices: Vec<Notice>,
    /// A dialog, if open.
    pub dialog: Option<Dialog>,
    /// The shortcuts overlay.
    pub show_help: bool,
    /// Full-screen focus mode.
    pub fullscreen: bool,
    /// Today's date.
    pub today: jiff::civil::Date,
    /// The day whose night it is (04:00 to 04:00 local time): what streaks count by.
    pub night_day: jiff::civil::Date,
    /// A brief line after a sound key, and until when it shows (app time).
    pub toast: Option<(String, Duration)>,
    /// The time zone the emergency number was suggested from, when it was (first run).
    pub emergency_suggested_from: Option<String>,
    /// App time now.
    pub now: Duration,
    /// The ambience mixer.
    pub mixer: Mixer,
    /// Whether sound output works.
    pub sound_available: bool,
    /// Every session so far.
    pub history: History,
    /// The after-rating offered on the finished screen (with the diary's questions after a
    /// headache routine).
    pub after_rating: Option<AfterRating>,
    /// Last night's sleep session waiting for its rating: (record id, title, what).
    pub sleep_prompt: Option<(String, String, RatingKind)>,
    /// "Time to wind down" is showing, with the routine's title.
    pub bedtime_banner: Option<String>,
    /// When the next bedtime reminder is due, for Settings.
    pub next_bedtime: Option<String>,
    /// The bedtime timer (starts the wind-down when Lull is closed).
    pub autostart: AutostartView,
    /// The folder for the user's own routines, as shown (`None`: no data folder).
    pub routines_dir: Option<String>,
    /// The session that just ended was in night mode (its end screens stay dark).
    pub after_night: bool,
    /// The routine editor's routine, while it is open.
    pub editor: Option<Editor>,
    /// The theme in force this frame: the user's, or the night look (a sleep routine, the
    /// hour before bedtime and the night after it, the sleep program when the system prefers
    /// dark). Every screen paints with it.
    pub look: Look,
    /// The voice engines installed and their voices (name, voices), once known.
    pub voice_engines: Option<Vec<(String, Vec<String>)>>,
    /// Why the voice cannot speak, if it cannot.
    pub voice_problem: Option<String>,
}

impl AppState {
    /// The answers in force today (saved answers plus today's check).
    pub fn answers_today(&self) -> ScreeningAnswers {
        self.record
            .as_ref()
            .map(|r| r.answers_today(self.today))
            .unwrap_or_default()
    }

    /// The verdict for a routine.
    pub fn verdict(&self, id: &(impl AsRef<str> + ?Sized)) -> Option<&Verdict> {
        let id = id.as_ref();
        self.verdicts.iter().find(|(i, _)| i == id).map(|(_, v)| v)
    }

    /// The colours of the theme in force this frame (`look`).
    pub const fn palette(&self) -> Palette {
        self.look.palette
    }

    /// Whether the current screen is dark by necessity: a sleep routine or a wind-down, from
    /// the rating before it to the screens after it.
    pub fn night(&self) -> bool {
        match &self.screen {
            Screen::Player => self.player.as_ref().is_some_and(|p| p.night),
            Screen::Tail { .. } => true,
            Screen::Finished { .. } | Screen::Sound { .. } | Screen::SoundEnded { .. } => {
                self.after_night
            }
            _ => false,
        }
    }

    /// The window's title, which screen readers also read as its name: "Lull", or
    /// "<routine> — Lull" while a routine plays.
    pub fn window_title(&self) -> String {
        match (&self.screen, &self.player) {
            (Screen::Player, Some(p)) => format!("{} — {APP_TITLE}", p.session.routine().title()),
            (Screen::Sound { .. }, _) => self.sound_session.as_ref().map_or_else(
                || APP_TITLE.to_owned(),
                |s| format!("{} — {APP_TITLE}", s.name),
            ),
            _ => APP_TITLE.to_owned(),
        }
    }
}

/// The app's name, as its window shows it.
pub const APP_TITLE: &str = "Lull";

/// How long the dim "how to wake it" line shows when the screen goes dark, seconds.
pub const DARK_HINT_SECS: u64 = 5;

/// Seconds of stillness after which a `screen-off` step blacks the screen.
pub const SCREEN_OFF_AFTER_SECS: u64 = 10;

/// When the screen goes black if nothing happens (`None`: it stays lit). A wind-down is
/// audio first: dark 10 s after it starts or after the last key or click, whatever the
/// step. Otherwise only a `screen-off` step goes dark, 10 s after it starts or after the
/// last input.
pub fn dark_at(player: &Player) -> Option<Duration> {
    if player.snapshot.state != RunState::Running {
        return None;
    }
    let after = Duration::from_secs(SCREEN_OFF_AFTER_SECS);
    if player.wind_down {
        return Some(player.last_input + after);
    }
    let step = player.session.current_step()?;
    step.step
        .has(Tag::ScreenOff)
        .then(|| player.step_seen_at.max(player.last_input) + after)
}

/// Whether the screen should be black now.
pub fn screen_is_off(state: &AppState, player: &Player) -> bool {
    dark_at(player).is_some_and(|at| state.now >= at)
}
