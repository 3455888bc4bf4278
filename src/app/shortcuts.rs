//! The keyboard: what each key means on the screen shown, and waking a dark screen.

use egui::{Key, Modifiers};

use super::LullApp;
use crate::domain::session::{Command, RunState};
use crate::domain::sound_session::SoundCommand;
use crate::domain::vocabulary::Program;
use crate::ui::intent::Intent;
use crate::ui::model;
use crate::ui::model::{Dialog, Screen, Tab};

/// How far the mouse must move in one frame to wake a dark screen, points.
pub(super) const WAKE_MOVE_POINTS: f32 = 6.0;

impl LullApp {
    pub(super) fn shortcuts(&self, ctx: &egui::Context) -> Vec<Intent> {
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
                if self.state.now.saturating_sub(last_input).as_secs() >= model::SCREEN_OFF_AFTER_SECS)
            || matches!(self.state.screen, Screen::Sound { last_input }
                if crate::ui::screens::sound_only::is_dark(&self.state, last_input));
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
            if self.state.screen == Screen::Editor {
                if i.consume_key(Modifiers::ALT, Key::ArrowUp) {
                    out.push(Intent::MoveDraftStep(true));
                }
                if i.consume_key(Modifiers::ALT, Key::ArrowDown) {
                    out.push(Intent::MoveDraftStep(false));
                }
            }
            if i.consume_key(Modifiers::SHIFT, Key::Questionmark)
                || i.consume_key(Modifiers::NONE, Key::Questionmark)
            {
                out.push(Intent::ToggleHelp);
            }
            if i.consume_key(Modifiers::NONE, Key::M) {
                out.push(Intent::ToggleMute);
            }
            if in_player && i.consume_key(Modifiers::NONE, Key::V) {
                out.push(Intent::ToggleVoice);
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
            if matches!(self.state.screen, Screen::Sound { .. }) && !self.state.show_help {
                for (key, command) in [
                    (Key::Space, SoundCommand::TogglePause),
                    (Key::ArrowRight, SoundCommand::Longer),
                    (Key::ArrowLeft, SoundCommand::Shorter),
                    (Key::Escape, SoundCommand::Stop),
                ] {
                    if i.consume_key(Modifiers::NONE, key) {
                        out.push(Intent::SoundSession(command));
                    }
                }
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
                            Screen::SoundEnded { .. } => out.push(Intent::LeaveSound),
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
}
