//! The library: three programs and your own routines, as cards with length, position, a
//! one-line summary and a badge when the safety rules changed the routine.

use egui::{RichText, Ui};

use super::common::{badge, badge_button, card, heading_label, mark_heading, muted};
use crate::catalogue::Catalogue;
use crate::domain::routine::{Origin, Routine};
use crate::domain::safety::{HeadacheTier, Verdict};
use crate::domain::schedule::Tail;
use crate::domain::vocabulary::Program;
use crate::ui::intent::Intent;
use crate::ui::model::{AppState, DiaryExport, LengthFilter, Tab};
use crate::ui::theme::{font, size, space};
use crate::ui::widgets::ring::clock_up;

fn tab_label(tab: Tab) -> &'static str {
    match tab {
        Tab::Program(p) => p.label(),
        Tab::Yours => "Your routines",
    }
}

/// The routines shown on `tab`.
pub fn routines_on(catalogue: &Catalogue, tab: Tab) -> Vec<&Routine> {
    catalogue
        .routines()
        .iter()
        .filter(|r| match tab {
            Tab::Program(p) => r.program == p && r.origin == Origin::Builtin,
            Tab::Yours => matches!(r.origin, Origin::User { .. }),
        })
        .collect()
}

/// Draws the library.
pub fn ui(ui: &mut Ui, state: &AppState, out: &mut Vec<Intent>) {
    let p = state.palette();
    let scale = state.look.scale;
    // A routine file dropped on the library is imported (checked first).
    let dropped = ui.ctx().input(|i| {
        i.raw
            .dropped_files
            .iter()
            .map(|f| f.path().to_path_buf())
            .find(|p| !p.as_os_str().is_empty())
    });
    if let Some(file) = dropped
        && state.dialog.is_none()
    {
        out.push(Intent::AskImportRoutine(Some(file.display().to_string())));
    }
    banners(ui, state, out);
    ui.add_space(space::M);
    ui.horizontal_wrapped(|ui| {
        ui.add_space(space::M);
        let tabs = [
            Tab::Program(Program::Stress),
            Tab::Program(Program::Sleep),
            Tab::Program(Program::Headache),
            Tab::Yours,
        ];
        for (i, tab) in tabs.into_iter().enumerate() {
            let text = RichText::new(format!("{}  {}", i + 1, tab_label(tab)))
                .font(font(size::BODY * 1.1, scale));
            if ui.selectable_label(state.tab == tab, text).clicked() {
                out.push(Intent::SelectTab(tab));
            }
        }
    });
    ui.horizontal_wrapped(|ui| {
        ui.add_space(space::M);
        for filter in LengthFilter::ALL {
            if ui
                .selectable_label(state.length_filter == filter, filter.label())
                .clicked()
            {
                out.push(Intent::SetLengthFilter(filter));
            }
        }
    });
    ui.add_space(space::S);
    let routines = routines_on(&state.catalogue, state.tab);
    // A new tab or filter opens at the top, not at the last one's scroll position.
    let shown_id = ui.scope_id().with("library-shown");
    let now_shown = (state.tab, state.length_filter);
    let changed = ui.data(|d| d.get_temp::<(Tab, LengthFilter)>(shown_id)) != Some(now_shown);
    ui.data_mut(|d| d.insert_temp(shown_id, now_shown));
    let mut area = egui::ScrollArea::vertical()
        .id_salt("library")
        .auto_shrink([false, false]);
    if changed {
        area = area.vertical_scroll_offset(0.0);
    }
    area.show(ui, |ui| {
        ui.add_space(space::S);
        if state.tab == Tab::Program(Program::Sleep) && state.bedtime_banner.is_none() {
            wind_down_card(ui, state, out);
            ui.add_space(space::S);
        }
        if state.tab == Tab::Program(Program::Sleep) {
            // Sleep: an ambience alone is one of the main ways in, beside the wind-down.
            super::sound_only::card_ui(ui, state, Program::Sleep, out);
            ui.add_space(space::S);
        }
        if state.tab == Tab::Yours {
            your_folder(ui, state, routines.is_empty(), out);
            ui.add_space(space::S);
        }
        let columns = ((ui.available_width() - space::M) / (340.0 * scale))
            .floor()
            .max(1.0) as usize;
        let width = (ui.available_width() - space::M * (columns as f32 + 1.0)) / columns as f32;
        let shown: Vec<&&Routine> = routines
            .iter()
            .filter(|r| {
                let length = state
                    .verdict(&r.id)
                    .and_then(Verdict::routine)
                    .map_or(r.duration(), crate::domain::safety::SafeRoutine::duration);
                state.length_filter.accepts(length)
            })
            .collect();
        if shown.is_empty() && !routines.is_empty() {
            ui.horizontal_wrapped(|ui| {
                ui.add_space(space::M);
                muted(
                    ui,
                    &format!("No routines here are {}.", state.length_filter.describe()),
                    &p,
                );
                if ui.button("Show every length").clicked() {
                    out.push(Intent::SetLengthFilter(LengthFilter::Any));
                }
            });
        }
        for (i, row) in shown.chunks(columns).enumerate() {
            // Cards in a row are as tall as the tallest (measured last frame), so their
            // Start buttons line up.
            let id = ui.scope_id().with((
                "card-row",
                format!("{:?} {:?}", state.tab, state.length_filter),
                i,
                columns,
            ));
            let tallest = ui.data(|d| d.get_temp::<f32>(id)).unwrap_or(0.0);
            let mut measured: f32 = 0.0;
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Min), |ui| {
                ui.add_space(space::M);
                for r in row {
                    ui.allocate_ui_with_layout(
                        egui::vec2(width, 0.0),
                        egui::Layout::top_down(egui::Align::Min),
                        |ui| {
                            // The frame adds its margin and stroke around the content.
                            let content = routine_card(
                                ui,
                                state,
                                r,
                                width - 2.0 * space::M - 2.0,
                                tallest,
                                out,
                            );
                            measured = measured.max(content);
                        },
                    );
                    ui.add_space(space::M - space::S);
                }
            });
            if (measured - tallest).abs() > 0.5 {
                ui.data_mut(|d| d.insert_temp(id, measured));
                ui.ctx().request_repaint();
            }
            ui.add_space(space::S);
        }
        if let Tab::Program(program @ (Program::Stress | Program::Headache)) = state.tab {
            // The other programs keep it below their routines.
            super::sound_only::card_ui(ui, state, program, out);
        }
    });
}

fn routine_card(
    ui: &mut Ui,
    state: &AppState,
    r: &Routine,
    inner_width: f32,
    content_height: f32,
    out: &mut Vec<Intent>,
) -> f32 {
    let p = state.palette();
    let scale = state.look.scale;
    let verdict = state.verdict(&r.id);
    card(ui, &p, |ui| {
        ui.set_width(inner_width);
        let top = ui.cursor().top();
        let title = ui.add(
            egui::Label::new(
                RichText::new(&r.title)
                    .font(font(size::SUBHEADING, scale))
                    .strong(),
            )
            .wrap(),
        );
        mark_heading(ui, &title, &r.title, 2);
        let length = verdict
            .and_then(Verdict::routine)
            .map_or(r.duration(), crate::domain::safety::SafeRoutine::duration);
        muted(ui, &format!("{} · {}", clock_up(length), r.position), &p);
        if let Some(label) = r.authorship() {
            muted(ui, label, &p);
        }
        ui.add(egui::Label::new(&r.summary).wrap());
        let startable = matches!(verdict, Some(Verdict::Allowed(_) | Verdict::Adapted(_)));
        let has_badge = matches!(
            verdict,
            Some(Verdict::Adapted(_) | Verdict::NeedsClinician { .. } | Verdict::Blocked { .. })
        );
        if has_badge {
            ui.add_space(space::S);
        }
        match verdict {
            Some(Verdict::Adapted(safe)) => {
                let n = safe.changes().len();
                let text = format!("Adapted: {n} step{} changed", if n == 1 { "" } else { "s" });
                if badge_button(ui, &text, p.caution)
                    .on_hover_text("See which")
                    .clicked()
                {
                    out.push(Intent::ShowChanges(r.id.clone()));
                }
            }
            Some(v @ Verdict::NeedsClinician { .. }) => {
                if badge_button(ui, "Needs clinician", p.caution).clicked() {
                    out.push(Intent::ShowChanges(r.id.clone()));
                }
                let _ = v;
            }
            Some(Verdict::Blocked { reason }) => {
                badge(ui, "Blocked", p.danger);
                muted(ui, reason, &p);
            }
            _ => {}
        }
        // Everything above the button, padded to the tallest card of the row.
        let content = ui.cursor().top() - top;
        ui.add_space((content_height - content).max(0.0) + space::XS);
        ui.horizontal_wrapped(|ui| {
            ui.add_enabled_ui(startable, |ui| {
                let button = egui::Button::new(RichText::new("Start").color(p.on_accent).strong())
                    .fill(p.accent);
                let response = ui.add(button);
                // The visible word is "Start"; screen readers hear which routine.
                let name = format!("Start {}", r.title);
                response.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::Button, startable, &name)
                });
                if response.clicked() {
                    out.push(Intent::StartRoutine(r.id.clone()));
                }
            });
            // A handout to print, as the answers allow the routine (so only when it can start).
            if startable {
                let response = ui
                    .button("Print…")
                    .on_hover_text("Save a handout to print or send (PDF)");
                let name = format!("Print a handout of {}", r.title);
                response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
                if response.clicked() {
                    out.push(Intent::AskSaveDiary(DiaryExport::Handout {
                        id: r.id.clone(),
                        title: r.title.clone(),
                    }));
                }
            }
            // Its file to send to someone (who is screened by their own answers).
            let share = ui
                .button("Share…")
                .on_hover_text("Save the routine file to send to someone");
            let name = format!("Share the routine file of {}", r.title);
            share.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
            if share.clicked() {
                out.push(Intent::AskSaveDiary(DiaryExport::RoutineFile {
                    id: r.id.clone(),
                    title: r.title.clone(),
                }));
            }
            // Your own copy to change (any routine), and deleting one of yours.
            let copy = ui
                .button("Copy")
                .on_hover_text("Make your own copy, to change in your routines folder");
            let name = format!("Make my own copy of {}", r.title);
            copy.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
            if copy.clicked() {
                out.push(Intent::CopyRoutine(r.id.clone()));
            }
            if matches!(r.origin, Origin::User { .. }) {
                let edit = ui
                    .button("Edit")
                    .on_hover_text("Change it in the routine editor");
                let name = format!("Edit {}", r.title);
                edit.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
                if edit.clicked() {
                    out.push(Intent::EditRoutine(r.id.clone()));
                }
                let delete = ui
                    .button("Delete")
                    .on_hover_text("Move it to the trash folder (Undo brings it back)");
                let name = format!("Delete {}", r.title);
                delete.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
                if delete.clicked() {
                    out.push(Intent::DeleteRoutine(r.id.clone()));
                }
            }
        });
        content
    })
}

/// Where the user's own routines live, with buttons to open the folder and read it again.
fn your_folder(ui: &mut Ui, state: &AppState, empty: bool, out: &mut Vec<Intent>) {
    let p = state.palette();
    ui.horizontal(|ui| {
        ui.add_space(space::M);
        card(ui, &p, |ui| {
            ui.set_width(ui.available_width() - space::M);
            // A card in a row lays its content out in a row: this one is a column (its
            // folder line was one letter wide).
            ui.vertical(|ui| your_folder_body(ui, state, empty, out));
        });
    });
}

fn your_folder_body(ui: &mut Ui, state: &AppState, empty: bool, out: &mut Vec<Intent>) {
    let p = state.palette();
    let Some(dir) = &state.routines_dir else {
        ui.label("No home folder was found, so there is nowhere to keep routines of your own.");
        return;
    };
    if empty {
        ui.add(
            egui::Label::new(
                "Routines you write or are given appear here. Make a new one, import a routine file (.toml) or drop it on the window, or put it in this folder and press Reload.",
            )
            .wrap(),
        );
    }
    ui.horizontal_wrapped(|ui| {
        muted(ui, "Folder:", &p);
        ui.add(egui::Label::new(RichText::new(dir).monospace()).wrap());
    });
    ui.horizontal_wrapped(|ui| {
        if ui.button("New routine").clicked() {
            out.push(Intent::NewRoutine);
        }
        if ui.button("Import a routine file…").clicked() {
            out.push(Intent::AskImportRoutine(None));
        }
        if ui.button("Open my routines folder").clicked() {
            out.push(Intent::OpenRoutinesFolder);
        }
        if ui.button("Reload").clicked() {
            out.push(Intent::ReloadRoutines);
        }
    });
}

/// Tonight's wind-down, at the top of the sleep program: what it plays and one click to
/// start it (the bedtime banner offers the same when it shows).
fn wind_down_card(ui: &mut Ui, state: &AppState, out: &mut Vec<Intent>) {
    let p = state.palette();
    let plan = &state.settings.wind_down;
    let title = state
        .catalogue
        .get(&plan.routine)
        .map_or(plan.routine.as_str(), |r| r.title.as_str());
    let after = match plan.tail {
        Tail::Off => "the sound stops with it".to_owned(),
        Tail::Minutes(m) => format!("the sound plays on for {m} minutes and fades away"),
        Tail::UntilStopped => "the sound plays on until you stop it".to_owned(),
    };
    ui.horizontal(|ui| {
        ui.add_space(space::M);
        card(ui, &p, |ui| {
            ui.set_width(ui.available_width() - space::M);
            // A card in a row lays its content out in a row: this one is a column (it
            // was laid out in a row, its buttons cut off at the window's edge).
            ui.vertical(|ui| wind_down_body(ui, state, title, &after, out));
        });
    });
}

fn wind_down_body(ui: &mut Ui, state: &AppState, title: &str, after: &str, out: &mut Vec<Intent>) {
    let p = state.palette();
    ui.label(
        RichText::new("Tonight's wind-down")
            .font(font(size::SUBHEADING, state.look.scale))
            .strong(),
    );
    ui.add(
        egui::Label::new(format!(
            "{title}, then {after}. The screen goes dark; the sounds guide you."
        ))
        .wrap(),
    );
    ui.horizontal_wrapped(|ui| {
        if super::common::primary(ui, "Start tonight's wind-down", &p) {
            out.push(Intent::StartWindDown);
        }
        if ui.button("Change it in Settings").clicked() {
            out.push(Intent::OpenSettings);
        }
    });
}

/// "Time to wind down" at bedtime, and last night's rating at the next launch.
fn banners(ui: &mut Ui, state: &AppState, out: &mut Vec<Intent>) {
    let p = state.palette();
    headache_banner(ui, state, out);
    if let Some(title) = &state.bedtime_banner {
        ui.add_space(space::S);
        ui.horizontal(|ui| {
            ui.add_space(space::M);
            card(ui, &p, |ui| {
                ui.horizontal_wrapped(|ui| {
                    heading_label(
                        ui,
                        RichText::new("Time to wind down")
                            .font(font(size::SUBHEADING, state.look.scale))
                            .strong(),
                        2,
                    );
                    ui.label(format!("— {title}"));
                    let start =
                        egui::Button::new(RichText::new("Start").color(p.on_accent)).fill(p.accent);
                    let response = ui.add(start);
                    response.widget_info(|| {
                        egui::WidgetInfo::labeled(
                            egui::Role::Button,
                            true,
                            "Start tonight's wind-down",
                        )
                    });
                    if response.clicked() {
                        out.push(Intent::StartWindDown);
                    }
                    if ui.button("Not now").clicked() {
                        out.push(Intent::DismissBedtime);
                    }
                });
            });
        });
    }
    if let Some((_, title, kind)) = &state.sleep_prompt {
        ui.add_space(space::S);
        ui.horizontal(|ui| {
            ui.add_space(space::M);
            card(ui, &p, |ui| {
                ui.vertical(|ui| {
                    heading_label(
                        ui,
                        RichText::new(format!("Last night: {title}"))
                            .font(font(size::SUBHEADING, state.look.scale))
                            .strong(),
                        2,
                    );
                    ui.label(kind.question());
                    super::rating::scale_ui(ui, None, "Last night", out, Intent::SaveSleepRating);
                    if ui.button("Not now").clicked() {
                        out.push(Intent::DismissSleepRating);
                    }
                });
            });
        });
    }
}

/// Today's urgent or emergency headache answers stand for the day: say so, with the way to
/// answer again.
fn headache_banner(ui: &mut Ui, state: &AppState, out: &mut Vec<Intent>) {
    let p = state.palette();
    let tier = state
        .record
        .as_ref()
        .map_or(HeadacheTier::Clear, |r| r.headache_tier_today(state.today));
    let text = match tier {
        HeadacheTier::Emergency => format!(
            "Today you answered yes to an emergency sign: call {} now. No routine starts until you answer the headache questions again.",
            state.settings.emergency_number()
        ),
        HeadacheTier::Urgent => format!(
            "Today's headache answers: please get medical advice today. Head and neck massage stays off until tomorrow, or until you answer the headache questions again. If things get worse, call {}.",
            state.settings.emergency_number()
        ),
        HeadacheTier::SeeDoctor | HeadacheTier::Clear => return,
    };
    ui.add_space(space::S);
    ui.horizontal(|ui| {
        ui.add_space(space::M);
        card(ui, &p, |ui| {
            ui.vertical(|ui| {
                ui.add(egui::Label::new(RichText::new(text).color(p.danger)).wrap());
                if ui.button("Answer the headache questions again").clicked() {
                    out.push(Intent::RecheckHeadache);
                }
            });
        });
    });
}
