//! What the screens asked for, applied after each frame.

use super::LullApp;
use super::gates::PendingStart;
use super::startup::review_draft;
use crate::domain::safety::{Condition, HeadacheTier, RedFlag, Verdict, headache_check};
use crate::domain::session::{Command, RunState};
use crate::profile::safety_record::{SafetyRecord, TodayCheck};
use crate::ui::intent::Intent;
use crate::ui::model::{Dialog, Screen};

impl LullApp {
    pub(super) fn apply(&mut self, intent: Intent, ctx: &egui::Context) {
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
                    ..PendingStart::new(id)
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
                    match (result.tier, routine) {
                        (HeadacheTier::Emergency, _) => {
                            self.pending = None;
                            let fast_signs = result.reasons.iter().any(|f| f.shows_fast_signs());
                            self.state.screen = Screen::Emergency { fast_signs };
                        }
                        (HeadacheTier::Urgent, _) => {
                            self.pending = None;
                            self.state.screen = Screen::Urgent;
                        }
                        (HeadacheTier::SeeDoctor | HeadacheTier::Clear, None) => {
                            if result.tier == HeadacheTier::SeeDoctor {
                                self.notice(crate::domain::safety::SEE_DOCTOR_WHY, false);
                            }
                            self.state.screen = Screen::Library;
                        }
                        (HeadacheTier::SeeDoctor, Some(routine)) => {
                            self.state.screen = Screen::SeeDoctor { routine }
                        }
                        (HeadacheTier::Clear, Some(routine)) => {
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
                    routine: None,
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
                for problem in self.sound.play_preset(id.as_str()) {
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
            Intent::SetBeforeRating(v) => self.set_before_rating(v),
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
                    ..PendingStart::new(id)
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
}
