//! What the user asked for. Views return intents; the app applies them after the frame.

use crate::domain::id::{PresetId, RoutineId};
use crate::domain::safety::{Condition, Group, RedFlag};
use crate::domain::session::Command;
use crate::domain::tag::Area;
use crate::profile::settings::Settings;

use crate::ui::model::{LengthFilter, Tab};

/// A user action.
#[derive(Clone, Debug, PartialEq)]
pub enum Intent {
    /// "I understand" on the welcome screen.
    AcceptWelcome,
    /// A yes/no answer on the questionnaire.
    SetCondition(Condition, bool),
    /// "None of these" for a group of questions.
    NoneInGroup(Group),
    /// Weeks of pregnancy (None = not sure).
    SetPregnancyWeeks(Option<u8>),
    /// An area named for a condition that asks where, on or off.
    SetAvoidArea(Condition, Area, bool),
    /// No breath holds, on or off.
    SetSkipHolds(bool),
    /// Save the questionnaire and show the result.
    SubmitScreening,
    /// "My clinician has cleared me" for a condition.
    SetCleared(Condition, bool),
    /// Leave the result screen for the library.
    FinishResult,
    /// Open the questionnaire again.
    EditSafetyAnswers,
    /// Leave the questionnaire without changing the saved answers.
    CancelScreening,
    /// A library tab.
    SelectTab(Tab),
    /// The length filter.
    SetLengthFilter(LengthFilter),
    /// Start a routine (through the safety gates).
    StartRoutine(RoutineId),
    /// Play an ambience alone with the timer in the settings ("Just sound"), from the
    /// tab of this program.
    StartSound(PresetId, crate::domain::vocabulary::Program),
    /// A button or key on the sound-only screen.
    SoundSession(crate::domain::sound_session::SoundCommand),
    /// Leave the screen shown after a sound-only session.
    LeaveSound,
    /// Show what the safety rules changed in a routine.
    ShowChanges(RoutineId),
    /// Close a dialog.
    CloseDialog,
    /// Today's answer: unwell (true) or fine.
    AnswerUnwell(bool),
    /// A red-flag answer.
    SetRedFlag(RedFlag, bool),
    /// Done with the red-flag questions.
    SubmitHeadacheCheck,
    /// Esc in the player: pause and ask "Stop this session?".
    AskStop,
    /// Close the notice at this index.
    DismissNotice(usize),
    /// Answer the headache questions again (today's answers stand until then).
    RecheckHeadache,
    /// Continue after "see a doctor soon" advice.
    ContinueAfterAdvice,
    /// Back to the library.
    BackToLibrary,
    /// A session command (pause, next…).
    Session(Command),
    /// Resume a just-stopped session.
    ResumeStopped,
    /// Show or hide the step list.
    ToggleStepList,
    /// Show or hide the sound panel.
    ToggleSoundPanel,
    /// Choose an ambience preset.
    SetPreset(PresetId),
    /// A mixer layer's level.
    SetLayerLevel(usize, f32),
    /// Add one of your sound files to the mix.
    AddSoundFile(String),
    /// The name for saving the mix.
    SetMixName(String),
    /// Save the mix as your own preset.
    SaveMix,
    /// Open Settings.
    OpenSettings,
    /// Close Settings.
    CloseSettings,
    /// The settings, changed (any of look, sound, the emergency number, the wind-down).
    ChangeSettings(Box<Settings>),
    /// Change the volume by a step (+/−).
    NudgeVolume(f32),
    /// Mute on or off.
    ToggleMute,
    /// The voice on or off (V).
    ToggleVoice,
    /// Say a test line with the voice of the settings.
    TestVoice,
    /// Full screen on or off.
    ToggleFullscreen,
    /// The shortcuts overlay.
    ToggleHelp,
    /// A key or click while the screen is dark.
    Wake,
    /// Quit the app.
    Quit,
    /// The before-rating, given in the player.
    SetBeforeRating(u8),
    /// Not now: no before-rating for this session.
    SkipBeforeRating,
    /// Save the after-rating.
    SaveAfterRating(u8),
    /// The diary's "Did you take a painkiller today?", answered (saved at once).
    SetPainkiller(crate::domain::diary::Painkiller),
    /// The diary's notes, as typed.
    SetDiaryNotes(String),
    /// Save the diary's notes.
    SaveDiaryNotes,
    /// Save last night's sleep rating.
    SaveSleepRating(u8),
    /// Not now, for last night's rating.
    DismissSleepRating,
    /// Open the history.
    OpenHistory,
    /// "Save diary as CSV…" or "Diary for my doctor…": ask where.
    AskSaveDiary(crate::ui::model::DiaryExport),
    /// The file name typed in the save dialog.
    SetDiaryPath(String),
    /// Save the diary where the dialog says.
    SaveDiary,
    /// Start tonight's wind-down now.
    StartWindDown,
    /// Hide the bedtime banner.
    DismissBedtime,
    /// Stop the wind-down ambience.
    StopTail,
    /// Start tonight's wind-down at bedtime even when Lull is closed (the systemd timer), or
    /// stop doing so.
    SetAutostart(bool),
    /// Show the folder of the user's own routines in the file manager.
    OpenRoutinesFolder,
    /// Make the user's own copy of a routine (bundled or theirs) in the routines folder.
    CopyRoutine(crate::domain::id::RoutineId),
    /// Move one of the user's routines to the trash folder (with Undo).
    DeleteRoutine(crate::domain::id::RoutineId),
    /// Bring back the routine of notice N from the trash.
    UndoDelete(usize),
    /// Open the import dialog (empty, or with a file dropped on the window, tried at once).
    AskImportRoutine(Option<String>),
    /// The import dialog's file, as typed.
    SetImportPath(String),
    /// Import the dialog's file; what to do if its id is taken.
    ImportRoutine(crate::catalogue::import::Choice),
    /// Read the user's routine files again.
    ReloadRoutines,
    /// "New routine" in Your routines: the editor, empty.
    NewRoutine,
    /// "Edit" on one of the user's routines: the editor, with it.
    EditRoutine(crate::domain::id::RoutineId),
    /// The editor's routine, changed (the app settles and checks it).
    ChangeDraft(Box<crate::ui::model::Editor>),
    /// Alt+Up / Alt+Down in the editor: the chosen step moves up (true) or down.
    MoveDraftStep(bool),
    /// The editor's "Save".
    SaveDraft,
    /// The editor's "Close" (what is not saved is let go).
    CloseEditor,
}
