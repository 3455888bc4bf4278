//! What the screens asked for, applied after each frame: one arm per intent, the longer
//! ones a method beside what they change (checks.rs, playback.rs, settings.rs, desktop.rs).

use super::LullApp;
use super::gates::PendingStart;
use crate::domain::safety::Condition;
use crate::domain::session::Command;
use crate::ui::intent::Intent;
use crate::ui::model::{Dialog, MAX_NOTE_CHARS, Screen};

impl LullApp {
    pub(super) fn apply(&mut self, intent: Intent, ctx: &egui::Context) {
        match intent {
            Intent::AcceptWelcome => self.accept_welcome(),
            Intent::SetCondition(c, yes) => self.set_condition(c, yes),
            Intent::NoneInGroup(group) => {
                for &c in Condition::ALL.iter().filter(|c| c.group() == group) {
                    self.set_condition(c, false);
                }
            }
            Intent::SetPregnancyWeeks(weeks) => self.state.draft.pregnancy_weeks = weeks,
            Intent::SetAvoidArea(condition, area, on) => {
                self.state.draft.set_area(condition, area, on);
            }
            Intent::SetSkipHolds(on) => self.state.draft.skip_breath_holds = on,
            Intent::SubmitScreening => self.submit_screening(),
            Intent::SetCleared(c, on) => self.set_cleared(c, on),
            Intent::FinishResult => {
                self.state.screen = Screen::Library;
                if let Some(pending) = self.pending.take() {
                    self.start(pending);
                }
            }
            Intent::EditSafetyAnswers => self.edit_safety_answers(),
            Intent::CancelScreening => self.cancel_screening(),
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
            Intent::ShowChanges(id) => self.show_changes(&id),
            Intent::CloseDialog => {
                // "Keep going": a session paused by the question plays on.
                if let Some(Dialog::ConfirmStop { resume: true }) = self.state.dialog.take() {
                    self.session_command(Command::Resume);
                }
            }
            Intent::AskStop => self.ask_stop(),
            Intent::AnswerUnwell(unwell) => self.answer_unwell(unwell),
            Intent::SetRedFlag(flag, on) => {
                if let Screen::HeadacheCheck { flags, .. } = &mut self.state.screen {
                    if on {
                        flags.insert(flag);
                    } else {
                        flags.remove(&flag);
                    }
                }
            }
            Intent::SubmitHeadacheCheck => self.submit_headache_check(),
            Intent::DismissNotice(i) => {
                if i < self.state.notices.len() {
                    self.state.notices.remove(i);
                }
            }
            Intent::RecheckHeadache => self.recheck_headache(),
            Intent::ContinueAfterAdvice => self.continue_after_advice(),
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
            Intent::StartSound(preset, program) => {
                let plan = self.state.settings.sound.clone();
                self.start_sound(&preset, program, &plan);
            }
            Intent::SoundSession(command) => self.sound_command(command),
            Intent::LeaveSound => self.leave_sound(),
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
            Intent::ToggleVoice => {
                self.change_settings(|s| s.audio.voice.on = !s.audio.voice.on);
                let on = self.state.settings.audio.voice.on;
                self.toast(
                    if on {
                        "Voice on"
                    } else {
                        "Voice off — press V to turn it on"
                    }
                    .to_owned(),
                );
            }
            Intent::TestVoice => self.test_voice(),
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
                if let Screen::Tail { last_input, .. } | Screen::Sound { last_input } =
                    &mut self.state.screen
                {
                    *last_input = now;
                }
            }
            Intent::SetBeforeRating(v) => self.set_before_rating(v),
            Intent::SkipBeforeRating => self.close_before_prompt(),
            Intent::SaveAfterRating(v) => {
                if let Some(id) = self.state.after_rating.as_ref().map(|a| a.id.clone()) {
                    self.save_rating(&id, v);
                    if let Some(after) = &mut self.state.after_rating {
                        after.saved = Some(v.min(10));
                    }
                }
            }
            Intent::SetPainkiller(p) => self.set_painkiller(p),
            Intent::SetDiaryNotes(text) => {
                if let Some(diary) = self
                    .state
                    .after_rating
                    .as_mut()
                    .and_then(|a| a.diary.as_mut())
                {
                    diary.notes = text.chars().take(MAX_NOTE_CHARS).collect();
                    diary.notes_saved = false;
                }
            }
            Intent::SaveDiaryNotes => self.save_diary_notes(),
            Intent::SaveSleepRating(v) => {
                if let Some((id, _, _)) = self.state.sleep_prompt.take() {
                    self.save_rating(&id, v);
                }
            }
            Intent::DismissSleepRating => self.state.sleep_prompt = None,
            Intent::OpenHistory => {
                if !matches!(
                    self.state.screen,
                    Screen::Player | Screen::Tail { .. } | Screen::Sound { .. }
                ) {
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
            Intent::CopyRoutine(id) => self.copy_routine(&id),
            Intent::DeleteRoutine(id) => self.delete_routine(&id),
            Intent::UndoDelete(i) => self.undo_delete(i),
            Intent::AskImportRoutine(path) => self.ask_import_routine(path),
            Intent::SetImportPath(path) => {
                if let Some(Dialog::ImportRoutine {
                    path: typed,
                    problem,
                    clash,
                }) = &mut self.state.dialog
                {
                    *typed = path;
                    *problem = None;
                    *clash = None;
                }
            }
            Intent::ImportRoutine(choice) => self.import_routine(choice),
            Intent::AskSaveDiary(what) => self.ask_save_diary(what),
            Intent::SetDiaryPath(typed) => self.set_diary_path(typed),
            Intent::SaveDiary => self.save_diary(),
            Intent::ReloadRoutines => self.reload_routines(),
            Intent::NewRoutine => self.new_routine(),
            Intent::EditRoutine(id) => self.edit_routine(&id),
            Intent::ChangeDraft(editor) => {
                if self.state.screen == Screen::Editor {
                    self.change_draft(*editor);
                }
            }
            Intent::MoveDraftStep(up) => self.move_draft_step(up),
            Intent::SaveDraft => self.save_draft(),
            Intent::CloseEditor => self.close_editor(),
            Intent::StopTail => {
                if matches!(self.state.screen, Screen::Tail { .. }) {
                    self.end_tail();
                }
            }
            Intent::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
        }
        // Notes typed after a headache routine are kept when the screen is left, however.
        if !matches!(
            self.state.screen,
            Screen::Finished { .. } | Screen::Settings { .. }
        ) {
            self.save_diary_notes();
        }
    }
}
