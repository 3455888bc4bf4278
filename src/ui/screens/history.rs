//! Your history: streak, minutes per week, what seems to help (average change in your
//! ratings), and every session.

use egui::{RichText, Ui};
use egui_plot::{Bar, BarChart, Plot};

use super::common::{card, heading, muted, page};
use crate::domain::diary::{DOCTOR_MONTHS, recent_notices};
use crate::domain::history::{minutes_per_week, rating_changes, record_date, record_time, streak};
use crate::ui::intent::Intent;
use crate::ui::model::{AppState, DiaryExport};
use crate::ui::theme::space;
use crate::ui::widgets::ring::clock_up;

/// Weeks shown in the chart.
pub const WEEKS: usize = 8;

/// Draws the history.
pub fn ui(ui: &mut Ui, state: &AppState, out: &mut Vec<Intent>) {
    let p = state.palette();
    let h = &state.history;
    page(ui, "history", |ui| {
        heading(ui, "Your history", state.look.scale);
        if h.sessions.is_empty() {
            muted(ui, "Nothing yet. Your sessions will appear here.", &p);
            return;
        }
        for notice in recent_notices(h, state.today) {
            card(ui, &p, |ui| {
                ui.set_width(ui.available_width());
                ui.label(notice);
            });
            ui.add_space(space::S);
        }
        save_buttons(ui, state, out);
        ui.add_space(space::M);
        let days = streak(h, state.night_day);
        let total: u64 = h.sessions.iter().map(|s| s.actual_secs).sum();
        // Some people find streaks stressful: Settings can hide them (Medito #350).
        let streak_text = if state.settings.show_streak {
            format!("Streak: {days} day{} · ", if days == 1 { "" } else { "s" })
        } else {
            String::new()
        };
        ui.label(
            RichText::new(format!(
                "{streak_text}{} session{} · {} minute{} in all",
                h.sessions.len(),
                if h.sessions.len() == 1 { "" } else { "s" },
                total / 60,
                if total / 60 == 1 { "" } else { "s" },
            ))
            .strong(),
        );
        ui.add_space(space::M);
        ui.label("Minutes per week");
        let weeks = minutes_per_week(h, state.night_day, WEEKS);
        let bars: Vec<Bar> = weeks
            .iter()
            .enumerate()
            .map(|(i, (_, m))| Bar::new(i as f64, *m).width(0.7).fill(p.accent))
            .collect();
        let labels: Vec<String> = weeks
            .iter()
            .map(|(d, _)| d.strftime("%-d %b").to_string())
            .collect();
        let response = Plot::new("minutes-per-week")
            .height(180.0)
            .allow_drag(false)
            .allow_zoom(false)
            .allow_scroll(false)
            .show_x(false)
            .x_axis_formatter(move |mark, _range| {
                labels
                    .get(mark.value.round() as usize)
                    .cloned()
                    .unwrap_or_default()
            })
            .show(ui, |plot| plot.bar_chart(BarChart::new("minutes", bars)))
            .response;
        let summary = weeks
            .iter()
            .map(|(d, m)| format!("week of {d}: {m:.0} min"))
            .collect::<Vec<_>>()
            .join(", ");
        response.widget_info(|| {
            egui::WidgetInfo::labeled(
                egui::Role::Image,
                true,
                format!("Minutes per week: {summary}"),
            )
        });
        let changes = rating_changes(h);
        if !changes.is_empty() {
            ui.add_space(space::M);
            ui.label("What seems to help (how your rating changed from before to after, on average; lower is better)");
            card(ui, &p, |ui| {
                ui.set_width(ui.available_width());
                egui::Grid::new("changes")
                    .num_columns(3)
                    .spacing([24.0, 6.0])
                    .show(ui, |ui| {
                        for (title, n, avg) in &changes {
                            ui.label(title);
                            ui.label(crate::domain::history::describe_change(*avg));
                            ui.label(format!("{n} rated"));
                            ui.end_row();
                        }
                    });
            });
        }
        ui.add_space(space::M);
        ui.label("Sessions");
        card(ui, &p, |ui| {
            ui.set_width(ui.available_width());
            egui::Grid::new("sessions")
                .num_columns(5)
                .spacing([16.0, 6.0])
                .striped(true)
                .show(ui, |ui| {
                    for s in h.sessions.iter().rev().take(200) {
                        let when = format!(
                            "{} {}",
                            record_date(s).map(|d| d.to_string()).unwrap_or_default(),
                            record_time(s).unwrap_or_default()
                        );
                        ui.label(when);
                        ui.label(s.title());
                        ui.label(clock_up(std::time::Duration::from_secs(s.actual_secs)));
                        ui.label(if s.completed {
                            "done".to_owned()
                        } else {
                            s.stopped_at_step.map_or_else(
                                || "stopped".to_owned(),
                                |n| format!("stopped at step {n}"),
                            )
                        });
                        let rating = match (s.before, s.after) {
                            (Some(b), Some(a)) => format!("{b} to {a}"),
                            (Some(b), None) => format!("{b} before"),
                            (None, Some(a)) => format!("{a} after"),
                            (None, None) => String::new(),
                        };
                        ui.label(rating);
                        ui.end_row();
                    }
                });
        });
    });
}

/// "Diary for my doctor…" and "Save diary as CSV…", with what each is for.
fn save_buttons(ui: &mut Ui, state: &AppState, out: &mut Vec<Intent>) {
    ui.horizontal_wrapped(|ui| {
        if ui.button("Diary for my doctor…").clicked() {
            out.push(Intent::AskSaveDiary(DiaryExport::Doctor));
        }
        muted(
            ui,
            &format!(
                "The last {DOCTOR_MONTHS} months as a table: days with a headache, how bad before and after, painkiller days per month and the routines used."
            ),
            &state.palette(),
        );
    });
    ui.horizontal_wrapped(|ui| {
        if ui.button("Save diary as CSV…").clicked() {
            out.push(Intent::AskSaveDiary(DiaryExport::Sessions));
        }
        muted(
            ui,
            "Every session with its ratings, as a table for a spreadsheet.",
            &state.palette(),
        );
    });
}
