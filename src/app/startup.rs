//! Start-up: the app built from its parts and the user's files (settings, safety answers,
//! history, checkpoints of sessions a crash cut short, presets), with a notice for each
//! file that could not be read or written.

use std::collections::BTreeSet;
use std::time::Duration;

use super::gates::PendingStart;
use super::playback::Playback;
use super::sound::Sound;
use super::{Deps, Launch, LullApp, Saving, SkippedRoutine, capitalize};
use crate::catalogue::Catalogue;
use crate::domain::history::{HistoryLine, RatingKind};
use crate::domain::safety::Condition;
use crate::domain::vocabulary::Program;
use crate::profile::safety_record::SafetyRecord;
use crate::profile::settings::Settings;
use crate::store::{AppFiles, HistoryFile, Loaded, SAFETY_FILE, SETTINGS_FILE};
use crate::ui::model;
use crate::ui::model::{
    AppState, AutostartView, LengthFilter, Mixer, NO_SOUND_NOTICE, Notice, Screen, Tab,
};
use crate::ui::theme::Look;

/// The questionnaire filled in from saved answers, for review: every question answered,
/// pregnancy weeks counted on to today. A pregnancy answer past 42 weeks is out of date: the
/// question is asked again, with no weeks.
pub(super) fn review_draft(
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

/// The notice for folders that cannot be written, if any.
pub(super) fn unwritable_notice(
    files: Option<&AppFiles>,
    config_ok: bool,
    data_ok: bool,
) -> Option<String> {
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
pub(super) fn routine_notices(catalogue: &Catalogue, problems: &[SkippedRoutine]) -> Vec<Notice> {
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

pub(super) fn corrupt_notice(
    what: &str,
    problem: &str,
    kept_at: Option<&std::path::Path>,
) -> Notice {
    let kept = kept_at.map_or_else(
        || "it could not be moved aside".to_owned(),
        |p| format!("the file was kept as {}", p.display()),
    );
    Notice::warning(format!(
        "Your {what} could not be read ({problem}); {kept}. Using defaults."
    ))
}

impl LullApp {
    /// Builds the app; `launch` may open straight into a routine (after the same gates).
    pub fn new(deps: Deps, launch: Launch) -> Self {
        let Deps {
            clock,
            calendar,
            files,
            audio,
            catalogue,
            catalogue_problems,
            notifier,
            inhibitor,
            opener,
            autostart,
            voice,
            power,
            suspend,
            media,
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
        let (mut sound, audio_problem) =
            Sound::new(audio, files.as_ref().map(|f| f.dirs().clone()), now);
        if let Some(problem) = audio_problem.map(|e| e.to_string()) {
            // Plain words on screen; the technical cause in the log and behind "Details".
            log::warn!("{problem}");
            notices.push(Notice::warning(NO_SOUND_NOTICE).with_detail(capitalize(&problem)));
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
        sound.set_user_presets(user_presets);
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
                sound_session: None,
                stopped: None,
                notices,
                dialog: None,
                show_help: false,
                fullscreen: false,
                today,
                night_day: crate::domain::history::night_of(calendar.now_zoned().datetime()),
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
                editor: None,
                look: Look::default(),
                voice_engines: None,
                voice_problem: None,
            },
            clock,
            calendar,
            files,
            saving,
            sound,
            pending: None,
            applied_look: None,
            window_title: model::APP_TITLE.to_owned(),
            history_file,
            notifier,
            inhibitor,
            opener,
            autostart,
            autostart_job: None,
            repaint: None,
            awake: None,
            playback: Playback::Idle,
            voice: super::voice::VoiceSide::new(voice),
            power,
            media: media.map(super::media::MediaSide::new),
            slept: false,
            sound_run: None,
            sound_back: None,
            suspend,
            suspend_problems: std::sync::mpsc::channel(),
            bedtime_due: None,
            window_place: None,
            logic_ticked: false,
        };
        app.sound.apply_settings(&app.state.settings.audio);
        app.configure_voice();
        app.refresh_mixer();
        app.recompute_verdicts();
        app.suggest_emergency_number();
        if let Some(plan) = launch.sleep {
            // Sound alone needs no safety gate.
            if let Some(preset) = plan.preset.clone() {
                app.start_sound(&preset, crate::domain::vocabulary::Program::Sleep, &plan);
            }
        } else if let Some(id) = launch.play {
            let pending = PendingStart {
                wind_down: launch.wind_down,
                direct: true,
                ..PendingStart::new(id)
            };
            if app.state.screen == Screen::Library {
                app.start(pending);
            } else {
                app.pending = Some(pending);
            }
        }
        if let Some(file) = launch.open {
            app.ask_import_routine(Some(file.display().to_string()));
        }
        app
    }

    /// On the welcome screen, with no number set: suggest one from the time zone (not saved
    /// until the user continues, which confirms it).
    pub(super) fn suggest_emergency_number(&mut self) {
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
}
