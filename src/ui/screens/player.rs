//! The player: the step's title and instruction (readable from a couple of metres), a
//! countdown ring, overall progress, the next step, the controls, and the breathing pacer or
//! an illustration of the body area. Steps tagged `screen-off` let the screen go black.

use egui::{Align, Layout, ProgressBar, RichText, Ui};

use super::common::{mark_heading, muted};
use crate::domain::id::RoutineId;
use crate::domain::safety::SafeStep;
use crate::domain::session::{Command, RunState};
use crate::domain::vocabulary::Side;
use crate::ui::intent::Intent;
use crate::ui::model::{AppState, Player, dark_at};
use crate::ui::theme::{Palette, font, size, space};
use crate::ui::widgets::figure::{figure, figure_for};
use crate::ui::widgets::pacer::pacer;
use crate::ui::widgets::ring::{clock_up, countdown_ring};

/// What screen readers call the session's progress bar.
pub const PROGRESS_NAME: &str = "Session progress";

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
    let p = state.palette();
    let scale = state.look.scale;
    if let Some(at) = dark_at(player).filter(|at| state.now >= *at) {
        super::common::dark_screen(ui, &p, state.now.saturating_sub(at), out);
        return;
    }
    let snap = &player.snapshot;
    let routine = player.session.routine();
    let Some(current) = player.session.current_step() else {
        return;
    };

    // When the step must stack (large text, a small window), the bars around it stop
    // growing at 1.4 × so the step keeps its room.
    let stacked = stacks(ui.available_width(), scale);
    let chrome = if stacked {
        scale.min(CHROME_MAX_SCALE)
    } else {
        scale
    };
    let status = font(size::STATUS, chrome);
    // Top bar: the routine's title (cut short if it must), then the panel toggles.
    ui.add_space(space::M);
    ui.horizontal(|ui| {
        chrome_text(ui, chrome);
        ui.add_space(space::L);
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            ui.add_space(space::L);
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
            ui.with_layout(Layout::left_to_right(Align::Center), |ui| {
                let title = ui.add(
                    egui::Label::new(
                        RichText::new(routine.title())
                            .font(font(size::SUBHEADING, chrome))
                            .color(p.text_strong),
                    )
                    .truncate(),
                );
                mark_heading(ui, &title, routine.title(), 1);
            });
        });
    });
    ui.add_space(space::S);
    ui.horizontal(|ui| {
        ui.add_space(space::L);
        ui.add(
            ProgressBar::new(snap.progress_0_to_1())
                .fill(p.accent)
                .desired_width(ui.available_width() - space::L)
                .desired_height(6.0),
        )
        // The bar shows no words; its value (whole percent) is egui's.
        .accessible_name(PROGRESS_NAME);
    });
    if let Some(kind) = player.ask_before {
        // Over the step (which waits, paused, until it is answered or put off), so it never
        // pushes the step down or off the screen.
        let width = (ui.ctx().content_rect().width() - 2.0 * space::XL)
            .clamp(240.0, 640.0 * scale.max(1.0));
        let response = egui::Modal::new(egui::Id::unique("lull-before-rating"))
            .backdrop_color(p.blackout.gamma_multiply(0.35))
            .show(ui.ctx(), |ui| {
                ui.set_width(width);
                super::rating::before_strip(ui, state, kind, out);
            });
        if response.should_close() {
            out.push(Intent::SkipBeforeRating);
        }
    }

    if player.show_steps {
        egui::Panel::right("steps")
            .resizable(false)
            .default_size(320.0 * scale.min(1.4))
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    ui.add_space(space::M);
                    for (i, s) in routine.steps().iter().enumerate() {
                        let current = i == snap.step_index;
                        let colour = if current { p.accent } else { p.text };
                        // The title wraps on the left; the time keeps a margin on the right.
                        ui.horizontal(|ui| {
                            ui.with_layout(Layout::right_to_left(Align::Min), |ui| {
                                ui.add_space(space::M);
                                ui.label(
                                    RichText::new(clock_up(s.step.duration())).color(p.text_muted),
                                );
                                ui.with_layout(Layout::left_to_right(Align::Min), |ui| {
                                    let text =
                                        RichText::new(format!("{}. {}", i + 1, s.step.title))
                                            .color(colour);
                                    let text = if current { text.strong() } else { text };
                                    ui.add(egui::Label::new(text).wrap());
                                });
                            });
                        });
                    }
                });
            });
    }

    // The status and controls at the bottom, readable from a couple of metres. When the
    // player stacks, the ring may be scrolled away: the step's time is said here too, and
    // the next step's title is left to the step list.
    egui::Panel::bottom("controls")
        .frame(
            egui::Frame::side_top_panel(ui.style()).inner_margin(egui::Margin {
                left: space::L as i8,
                right: space::L as i8,
                top: space::M as i8,
                bottom: space::M as i8,
            }),
        )
        .show(ui, |ui| {
            chrome_text(ui, chrome);
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    RichText::new(format!(
                        "Step {} of {}",
                        snap.step_index + 1,
                        snap.step_count
                    ))
                    .font(status.clone())
                    .color(p.text),
                );
                ui.add_space(space::M);
                if stacked {
                    ui.label(
                        RichText::new(format!("{} in this step", clock_up(snap.step_remaining)))
                            .font(status.clone())
                            .color(p.text),
                    );
                    ui.add_space(space::M);
                }
                ui.label(
                    RichText::new(format!("{} left in all", clock_up(snap.total_remaining)))
                        .font(status.clone())
                        .color(p.text_muted),
                );
                // Only when there is sound to hear it.
                if player.speaking.is_some() && state.sound_available {
                    ui.add_space(space::M);
                    // The words stay on screen; this only says the voice is saying them.
                    ui.label(
                        RichText::new("Speaking…")
                            .font(status.clone())
                            .color(p.text),
                    )
                    .on_hover_text("The voice is saying this step. V turns it off.");
                }
            });
            if !stacked {
                let next = routine.steps().get(snap.step_index + 1).map_or_else(
                    || "Last step".to_owned(),
                    |next| format!("Next: {}", next.step.title),
                );
                ui.add(
                    egui::Label::new(RichText::new(next).font(status).color(p.text_muted)).wrap(),
                );
            }
            ui.add_space(space::S);
            ui.horizontal_wrapped(|ui| {
                if ui.button("Previous").clicked() {
                    out.push(Intent::Session(Command::Previous));
                }
                let paused = snap.state == RunState::Paused;
                let label = if paused { "Resume" } else { "Pause" };
                let button = egui::Button::new(RichText::new(label).color(p.on_accent).strong())
                    .fill(p.accent)
                    .min_size(egui::vec2(120.0 * scale, 0.0));
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
        });

    if player.show_sound {
        super::sound_panel::ui(ui, state, out);
    }

    // The step: the words on the left, the pacer or figure and the countdown on the right,
    // sized to the room there is. When the words would get too narrow a column (large text,
    // a small window), everything stacks in one column that scrolls. Either way the words
    // scroll with a visible bar when they must, from the top on each new step.
    egui::CentralPanel::default()
        .frame(egui::Frame::NONE)
        .show(ui, |ui| {
            let room = ui.available_size();
            let visual_width = (room.x * 0.42).clamp(160.0, 420.0 * scale.max(1.0));
            let text_width = room.x - visual_width;
            if stacks(room.x, scale) {
                step_scroll(ui, player, room.y, |ui| {
                    let breathing = player.snapshot.breath.is_some();
                    // A breathing step is followed by its pacer, so it comes first; a
                    // massage step's words come before its figure.
                    let side = room.x.min(room.y * 0.6);
                    // The title stops growing with the bars, so it shows whole.
                    step_title(ui, chrome, current, &p);
                    if breathing {
                        stacked_visual(ui, state, player, current, &p, side);
                    }
                    step_words(ui, state, current, &p);
                    if !breathing {
                        stacked_visual(ui, state, player, current, &p, side);
                    }
                });
                return;
            }
            ui.horizontal_top(|ui| {
                ui.spacing_mut().item_spacing.x = 0.0;
                ui.allocate_ui_with_layout(
                    egui::vec2(text_width, room.y),
                    Layout::top_down(Align::Min),
                    |ui| step_scroll(ui, player, room.y, |ui| step_text(ui, state, current, &p)),
                );
                ui.allocate_ui_with_layout(
                    egui::vec2(visual_width, room.y),
                    Layout::top_down(Align::Center),
                    |ui| {
                        ui.spacing_mut().item_spacing.x = space::S;
                        step_visual(
                            ui,
                            state,
                            player,
                            current,
                            &p,
                            egui::vec2(visual_width - space::L, room.y),
                        );
                    },
                );
            });
        });
}

/// The largest text scale of the bars around a stacked step.
const CHROME_MAX_SCALE: f32 = 1.4;

/// Sets the size of buttons and body text inside `ui` for the bars around the step.
fn chrome_text(ui: &mut Ui, scale: f32) {
    let style = ui.style_mut();
    style
        .text_styles
        .insert(egui::TextStyle::Button, font(size::BUTTON, scale));
    style
        .text_styles
        .insert(egui::TextStyle::Body, font(size::BODY, scale));
}

/// The narrowest column the step's words get beside the visual, in instruction-font ems
/// (about 30 letters a line); narrower than that, the player stacks.
const MIN_TEXT_EMS: f32 = 15.0;

/// Whether the player stacks its words and visual in one scrolling column: when the words'
/// column beside the visual would hold fewer than about 30 letters a line.
pub fn stacks(width: f32, scale: f32) -> bool {
    let visual_width = (width * 0.42).clamp(160.0, 420.0 * scale.max(1.0));
    width - visual_width < MIN_TEXT_EMS * size::INSTRUCTION * scale
}

/// A scroll area `height` high for the step's words, with a solid bar (always drawn when
/// there is more to see), opening at the top of each new step; Up, Down, Page Up and Page
/// Down scroll it.
fn step_scroll(ui: &mut Ui, player: &Player, height: f32, add: impl FnOnce(&mut Ui)) {
    let step_id = ui.scope_id().with("player-step-shown");
    let step = (
        player.snapshot.step_index,
        player.session.routine().id().clone(),
    );
    let new_step = ui.data(|d| d.get_temp::<(usize, RoutineId)>(step_id)) != Some(step.clone());
    ui.data_mut(|d| d.insert_temp(step_id, step));
    ui.spacing_mut().scroll = egui::style::ScrollStyle::solid();
    let mut area = egui::ScrollArea::vertical()
        .id_salt("player-step")
        .auto_shrink([false, false])
        .max_height(height);
    if new_step {
        area = area.vertical_scroll_offset(0.0);
    }
    let line = size::INSTRUCTION * 1.5 * super::common::text_scale(ui);
    let delta = ui.input(|i| {
        let page = (height - line).max(line);
        [
            (egui::Key::ArrowDown, -line),
            (egui::Key::ArrowUp, line),
            (egui::Key::PageDown, -page),
            (egui::Key::PageUp, page),
        ]
        .iter()
        .filter(|(key, _)| i.key_pressed(*key) && i.modifiers.is_none())
        .map(|(_, d)| d)
        .sum::<f32>()
    });
    area.show(ui, |ui| {
        if delta != 0.0 {
            ui.scroll_with_delta_animation(
                egui::vec2(0.0, delta),
                egui::style::ScrollAnimation::none(),
            );
        }
        add(ui);
    });
}

/// The visual and the countdown ring side by side, under or over the words of a stacked
/// player, at most `side` high.
fn stacked_visual(
    ui: &mut Ui,
    state: &AppState,
    player: &Player,
    s: &SafeStep,
    p: &Palette,
    side: f32,
) {
    let width = ui.available_width();
    ui.allocate_ui_with_layout(
        egui::vec2(width, side),
        Layout::top_down(Align::Center),
        |ui| step_visual(ui, state, player, s, p, egui::vec2(width - space::L, side)),
    );
}

/// The side ("Left side") and the title of the step.
fn step_title(ui: &mut Ui, scale: f32, s: &SafeStep, p: &Palette) {
    ui.add_space(space::L);
    ui.horizontal(|ui| {
        ui.add_space(space::L);
        ui.vertical(|ui| {
            ui.set_max_width(ui.available_width() - space::L);
            if let Some(side) = s.step.side.filter(|&side| side != Side::Both) {
                ui.label(
                    RichText::new(side_text(side))
                        .font(font(size::SUBHEADING, scale))
                        .color(p.accent),
                );
            }
            let title = ui.add(
                egui::Label::new(
                    RichText::new(&s.step.title)
                        .font(font(size::STEP_TITLE, scale))
                        .color(p.text_strong),
                )
                .wrap(),
            );
            mark_heading(ui, &title, &s.step.title, 2);
        });
    });
}

/// The title, the instruction and its notes.
fn step_text(ui: &mut Ui, state: &AppState, s: &SafeStep, p: &Palette) {
    step_title(ui, state.look.scale, s, p);
    step_words(ui, state, s, p);
}

/// The instruction and its notes.
fn step_words(ui: &mut Ui, state: &AppState, s: &SafeStep, p: &Palette) {
    let scale = state.look.scale;
    ui.add_space(space::M);
    ui.horizontal(|ui| {
        ui.add_space(space::L);
        ui.vertical(|ui| {
            ui.set_max_width(ui.available_width() - space::L);
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
            ui.add_space(space::L);
        });
    });
}

/// The height of the phase word under the pacer.
fn phase_word_height(scale: f32) -> f32 {
    size::PHASE * scale * 1.4
}

/// The pacer or the figure, at most `side` points.
fn visual(ui: &mut Ui, state: &AppState, player: &Player, s: &SafeStep, p: &Palette, side: f32) {
    let scale = state.look.scale;
    if let Some(phase) = &player.snapshot.breath {
        let diameter = side.clamp(100.0, 240.0 * scale);
        pacer(ui, phase, state.settings.reduce_motion, p, diameter);
    } else if let Some((fig, highlights)) = figure_for(&s.step.tags) {
        let side = side.clamp(120.0, 300.0 * scale);
        figure(
            ui,
            fig,
            &highlights,
            s.step.side.unwrap_or(Side::Both),
            p,
            side,
        );
    }
}

/// The breathing phase in words ("Breathe in"), under the pacer, on one line `width` wide at
/// most: the text screen readers announce (a polite live region) when the phase changes.
fn phase_word(ui: &mut Ui, state: &AppState, player: &Player, p: &Palette, width: f32) {
    let Some(phase) = &player.snapshot.breath else {
        return;
    };
    let scale = state.look.scale;
    // The app sets the announcement when the phase changes; the snapshot has it from the
    // first frame of a step.
    let word = match player.announcement.as_deref() {
        Some(said) if said == phase.kind.word() => said,
        _ => phase.kind.word(),
    };
    // About 0.5 em a letter: the longest phase word fits the width.
    let points = (size::PHASE * scale).min(width / (0.5 * word.len().max(8) as f32));
    let response =
        ui.add(egui::Label::new(RichText::new(word).size(points).color(p.text_strong)).extend());
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_live(egui::accesskit::Live::Polite);
    });
}

/// The countdown ring, at most `side` points.
fn ring(ui: &mut Ui, state: &AppState, player: &Player, p: &Palette, side: f32) {
    let scale = state.look.scale;
    let snap = &player.snapshot;
    ui.vertical_centered(|ui| {
        countdown_ring(
            ui,
            snap.step_remaining,
            snap.step_duration,
            p,
            side.max(90.0),
        );
        if snap.state == RunState::Paused {
            // One line, never broken: the size comes down to fit the column (about 0.6 em
            // a letter).
            let points = (size::HEADING * scale).min(ui.available_width() / (0.6 * 6.0));
            ui.add(
                egui::Label::new(RichText::new("Paused").size(points).color(p.text_muted)).extend(),
            );
        }
    });
}

/// The visual and the countdown ring in a column `room` big: one above the other, or side
/// by side when that gives the visual more room (a wide, short window).
fn step_visual(
    ui: &mut Ui,
    state: &AppState,
    player: &Player,
    s: &SafeStep,
    p: &Palette,
    room: egui::Vec2,
) {
    let scale = state.look.scale;
    let breathing = player.snapshot.breath.is_some();
    let has_visual = breathing || figure_for(&s.step.tags).is_some();
    let word = if breathing {
        phase_word_height(scale)
    } else {
        0.0
    };
    let paused = if player.snapshot.state == RunState::Paused {
        size::HEADING * scale * 1.4
    } else {
        0.0
    };
    // Every size is clamped at zero: a tiny window at a large text size leaves no room.
    let room = (room - egui::vec2(0.0, 2.0 * space::L)).max(egui::Vec2::ZERO);
    ui.add_space(space::L);
    if !has_visual {
        let side = (150.0 * scale).min(room.x).min(room.y - paused).max(0.0);
        ui.add_space(space::L);
        ring(ui, state, player, p, side);
        return;
    }
    let stacked_ring = (150.0 * scale).min(room.y * 0.3);
    let stacked = (room.x)
        .min(room.y - stacked_ring - word - paused - space::M)
        .max(0.0);
    let beside_ring = (150.0 * scale)
        .min(room.x * 0.32)
        .min(room.y - paused)
        .max(0.0);
    let beside = (room.x - beside_ring - space::M)
        .min(room.y - word)
        .max(0.0);
    if stacked >= beside {
        visual(ui, state, player, s, p, stacked);
        phase_word(ui, state, player, p, room.x);
        ui.add_space(space::M);
        ring(ui, state, player, p, stacked_ring);
    } else {
        ui.horizontal_top(|ui| {
            let left = (room.x - beside - beside_ring - space::M).max(0.0) / 2.0;
            ui.add_space(left);
            ui.allocate_ui_with_layout(
                egui::vec2(beside, beside),
                Layout::top_down(Align::Center),
                |ui| visual(ui, state, player, s, p, beside),
            );
            ui.add_space(space::M);
            ui.allocate_ui_with_layout(
                egui::vec2(beside_ring, beside),
                Layout::top_down(Align::Center),
                |ui| {
                    ui.add_space(((beside - beside_ring) / 2.0).max(0.0));
                    ring(ui, state, player, p, beside_ring);
                },
            );
        });
        phase_word(ui, state, player, p, room.x);
    }
}
