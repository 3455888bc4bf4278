//! The player: the step's title and instruction (readable from a couple of metres), a
//! countdown ring, overall progress, the next step, the controls, and the breathing pacer or
//! an illustration of the body area. Steps tagged `screen-off` let the screen go black.

use std::time::Duration;

use egui::{Align, Layout, ProgressBar, RichText, Ui};

use super::common::muted;
use crate::app::state::{AppState, Player};
use crate::domain::safety::SafeStep;
use crate::domain::session::{Command, RunState};
use crate::domain::tag::Tag;
use crate::domain::vocabulary::Side;
use crate::ui::intent::Intent;
use crate::ui::theme::{Palette, font, palette, size, space};
use crate::ui::widgets::figure::{figure, figure_for};
use crate::ui::widgets::pacer::pacer;
use crate::ui::widgets::ring::{clock_up, countdown_ring};

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

fn side_text(side: Side) -> &'static str {
    match side {
        Side::Left => "Left side",
        Side::Right => "Right side",
        Side::Both => "Both sides",
    }
}

/// Draws the player.
pub fn ui(ui: &mut Ui, state: &AppState, out: &mut Vec<Intent>) {
    let Some(player) = &state.player else { return };
    let p = if player.night {
        palette(crate::ui::theme::Theme::Night)
    } else {
        palette(state.settings.theme)
    };
    let scale = state.settings.text_scale;
    if screen_is_off(state, player) {
        super::common::dark_screen(ui, &p, out);
        return;
    }
    let snap = &player.snapshot;
    let routine = player.session.routine();
    let Some(current) = player.session.current_step() else {
        return;
    };

    // Top bar.
    ui.add_space(space::S);
    ui.horizontal(|ui| {
        ui.add_space(space::M);
        ui.label(RichText::new(&routine.title).strong());
        muted(
            ui,
            &format!("Step {} of {}", snap.step_index + 1, snap.step_count),
            &p,
        );
        muted(
            ui,
            &format!("{} left in all", clock_up(snap.total_remaining)),
            &p,
        );
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            ui.add_space(space::M);
            if ui.button("?").on_hover_text("Keyboard shortcuts").clicked() {
                out.push(Intent::ToggleHelp);
            }
            let full = if state.fullscreen {
                "Leave full screen"
            } else {
                "Full screen"
            };
            if ui.button(full).clicked() {
                out.push(Intent::ToggleFullscreen);
            }
            if ui.selectable_label(player.show_steps, "Steps").clicked() {
                out.push(Intent::ToggleStepList);
            }
            if ui.selectable_label(player.show_sound, "Sound").clicked() {
                out.push(Intent::ToggleSoundPanel);
            }
        });
    });
    ui.horizontal(|ui| {
        ui.add_space(space::M);
        ui.add(
            ProgressBar::new(snap.progress_0_to_1())
                .desired_width(ui.available_width() - space::M)
                .desired_height(6.0),
        );
    });

    if player.show_steps {
        egui::Panel::right("steps")
            .resizable(false)
            .default_size(280.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    for (i, s) in routine.steps.iter().enumerate() {
                        let text = format!(
                            "{}. {}  {}",
                            i + 1,
                            s.step.title,
                            clock_up(s.step.duration())
                        );
                        let rich = if i == snap.step_index {
                            RichText::new(text).strong().color(p.accent)
                        } else {
                            RichText::new(text)
                        };
                        ui.label(rich);
                    }
                });
            });
    }

    // Controls at the bottom.
    egui::Panel::bottom("controls").show(ui, |ui| {
        ui.add_space(space::S);
        if let Some(next) = routine.steps.get(snap.step_index + 1) {
            muted(ui, &format!("Next: {}", next.step.title), &p);
        } else {
            muted(ui, "Last step", &p);
        }
        ui.horizontal(|ui| {
            if ui.button("Previous").clicked() {
                out.push(Intent::Session(Command::Previous));
            }
            let paused = snap.state == RunState::Paused;
            let label = if paused { "Resume" } else { "Pause" };
            let button = egui::Button::new(RichText::new(label).color(p.on_accent).strong())
                .fill(p.accent)
                .min_size(egui::vec2(120.0, 36.0));
            if ui.add(button).clicked() {
                out.push(Intent::Session(if paused {
                    Command::Resume
                } else {
                    Command::Pause
                }));
            }
            if ui.button("Next").clicked() {
                out.push(Intent::Session(Command::Next));
            }
            if ui.button("Restart step").clicked() {
                out.push(Intent::Session(Command::RestartStep));
            }
            if ui.button("Stop").clicked() {
                out.push(Intent::Session(Command::Stop));
            }
        });
        ui.add_space(space::S);
    });

    if player.show_sound {
        sound_panel(ui, state, out);
    }

    // The step.
    egui::CentralPanel::default()
        .frame(egui::Frame::NONE)
        .show(ui, |ui| {
            let wide = ui.available_width() > 760.0 * scale;
            if wide {
                ui.columns(2, |cols| {
                    step_text(&mut cols[0], state, current, &p);
                    step_visual(&mut cols[1], state, player, current, &p);
                });
            } else {
                step_text(ui, state, current, &p);
                step_visual(ui, state, player, current, &p);
            }
        });
}

fn step_text(ui: &mut Ui, state: &AppState, s: &SafeStep, p: &Palette) {
    let scale = state.settings.text_scale;
    ui.add_space(space::L);
    ui.horizontal(|ui| {
        ui.add_space(space::L);
        ui.vertical(|ui| {
            if let Some(side) = s.step.side.filter(|&side| side != Side::Both) {
                ui.label(
                    RichText::new(side_text(side))
                        .font(font(size::BODY * 1.2, scale))
                        .strong()
                        .color(p.accent),
                );
            }
            ui.add(
                egui::Label::new(
                    RichText::new(&s.step.title)
                        .font(font(size::STEP_TITLE, scale))
                        .strong(),
                )
                .wrap(),
            );
            ui.add_space(space::M);
            ui.add(
                egui::Label::new(
                    RichText::new(&s.step.instruction).font(font(size::INSTRUCTION, scale)),
                )
                .wrap(),
            );
            if s.substituted {
                ui.add_space(space::XS);
                muted(
                    ui,
                    "A gentler version of this step, chosen from your safety answers.",
                    p,
                );
            }
            if let Some(note) = &s.note {
                ui.add_space(space::S);
                ui.add(
                    egui::Label::new(
                        RichText::new(note)
                            .font(font(size::BODY, scale))
                            .color(p.text_muted),
                    )
                    .wrap(),
                );
            }
            if s.step
                .breathing()
                .is_some_and(crate::domain::breathing::BreathPattern::has_holds)
            {
                ui.add_space(space::S);
                muted(
                    ui,
                    "Holds are optional: if holding feels uncomfortable, just breathe gently.",
                    p,
                );
            }
        });
    });
}

fn step_visual(ui: &mut Ui, state: &AppState, player: &Player, s: &SafeStep, p: &Palette) {
    let scale = state.settings.text_scale;
    let snap = &player.snapshot;
    ui.add_space(space::L);
    ui.vertical_centered(|ui| {
        if let Some(phase) = &snap.breath {
            pacer(ui, phase, state.settings.reduce_motion, p, scale);
        } else if let Some((fig, highlights)) = figure_for(&s.step.tags) {
            figure(ui, fig, &highlights, p, 300.0 * scale);
        }
        ui.add_space(space::M);
        countdown_ring(ui, snap.step_remaining, snap.step_duration, p, scale);
        if snap.state == RunState::Paused {
            ui.label(
                RichText::new("Paused")
                    .font(font(size::HEADING, scale))
                    .color(p.text_muted),
            );
        }
    });
}

fn sound_panel(ui: &mut Ui, state: &AppState, out: &mut Vec<Intent>) {
    egui::Window::new("Sound")
        .collapsible(false)
        .resizable(false)
        .default_pos(ui.max_rect().right_top() + egui::vec2(-340.0, 80.0))
        .show(ui.ctx(), |ui| {
            if !state.sound_available {
                ui.label("No sound output was found: Lull is silent.");
            }
            let mut muted_now = state.settings.audio.muted;
            if ui.checkbox(&mut muted_now, "Mute").changed() {
                out.push(Intent::ToggleMute);
            }
            let mut volume = state.settings.audio.master;
            if ui
                .add(egui::Slider::new(&mut volume, 0.0..=2.0).text("Volume"))
                .changed()
            {
                out.push(Intent::SetVolume(volume));
            }
            let current = state.mixer.preset.clone().unwrap_or_default();
            let current_name = state
                .mixer
                .presets
                .iter()
                .find(|(id, _)| *id == current)
                .map_or_else(|| "My mix".to_owned(), |(_, name)| name.clone());
            egui::ComboBox::from_label("Ambience")
                .selected_text(current_name)
                .show_ui(ui, |ui| {
                    for (id, name) in &state.mixer.presets {
                        if ui.selectable_label(*id == current, name).clicked() {
                            out.push(Intent::SetPreset(id.clone()));
                        }
                    }
                });
            for (i, (label, level)) in state.mixer.layers.iter().enumerate() {
                let mut l = *level;
                if ui
                    .add(egui::Slider::new(&mut l, 0.0..=2.0).text(label))
                    .changed()
                {
                    out.push(Intent::SetLayerLevel(i, l));
                }
            }
            if !state.mixer.sound_files.is_empty() {
                egui::ComboBox::from_label("Add your sound")
                    .selected_text("Choose…")
                    .show_ui(ui, |ui| {
                        for file in &state.mixer.sound_files {
                            if ui.selectable_label(false, file).clicked() {
                                out.push(Intent::AddSoundFile(file.clone()));
                            }
                        }
                    });
            }
            ui.horizontal(|ui| {
                let mut name = state.mixer.save_name.clone();
                let edit = egui::TextEdit::singleline(&mut name)
                    .hint_text("Name this mix")
                    .desired_width(160.0);
                if ui.add(edit).changed() {
                    out.push(Intent::SetMixName(name));
                }
                if ui.button("Save as my preset").clicked() {
                    out.push(Intent::SaveMix);
                }
            });
            if let Some(last) = state.notices.last() {
                ui.label(RichText::new(&last.text).color(if last.warning {
                    palette(state.settings.theme).caution
                } else {
                    palette(state.settings.theme).text_muted
                }));
            }
            let a = &state.settings.audio;
            let mut pacer_tone = a.pacer_tone_enabled;
            if ui
                .checkbox(&mut pacer_tone, "Pacer tone (rises as you breathe in)")
                .changed()
            {
                out.push(Intent::SetPacerTone(pacer_tone));
            }
            let mut sync = a.breath_sync_enabled;
            if ui
                .checkbox(&mut sync, "Ambience breathes with you")
                .changed()
            {
                out.push(Intent::SetBreathSync(sync));
            }
        });
}
