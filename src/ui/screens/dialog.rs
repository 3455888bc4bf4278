//! Dialogs over the current screen: what the safety rules changed in a routine, or why it
//! cannot start. Modal: the page behind is dimmed and takes no clicks; Escape or a click on
//! the dimmed page closes it (the app turns that into `CloseDialog`, like the button).
//! Also the diary's save dialog: where to save the CSV file.

use egui::{RichText, Ui};

use super::common::primary;
use crate::catalogue::import::Choice;
use crate::ui::intent::Intent;
use crate::ui::model::{AppState, Dialog, DiaryExport, ImportClash};
use crate::ui::theme::{Palette, font, size, space};

/// The title and the lines of `dialog`.
fn content(dialog: &Dialog) -> (String, &[String], Option<&'static str>) {
    match dialog {
        Dialog::Changes { title, lines } => (
            format!("What changed in “{title}” for you"),
            lines,
            Some(
                "These changes follow your safety answers. You can change your answers in Settings.",
            ),
        ),
        Dialog::Unavailable { title, reason } => (
            format!("“{title}” is not available"),
            std::slice::from_ref(reason),
            None,
        ),
        Dialog::SaveDiary {
            what: DiaryExport::Sessions,
            ..
        } => ("Save your diary as CSV".to_owned(), &[], None),
        Dialog::SaveDiary {
            what: DiaryExport::Doctor,
            ..
        } => ("Save the diary for your doctor".to_owned(), &[], None),
        Dialog::SaveDiary {
            what: DiaryExport::Handout { title, .. },
            ..
        } => (format!("Print “{title}”: save it as PDF"), &[], None),
        Dialog::SaveDiary {
            what: DiaryExport::RoutineFile { title, .. },
            ..
        } => (format!("Share “{title}”: save its routine file"), &[], None),
        Dialog::ImportRoutine { .. } => ("Import a routine".to_owned(), &[], None),
        Dialog::ConfirmStop { .. } => (
            "Stop this session?".to_owned(),
            &[],
            Some(
                "The session is paused. Press Esc again or Enter to stop; what you have done so far is kept in your history.",
            ),
        ),
    }
}

/// Draws `dialog` as a modal over the page.
pub fn ui(ctx: &egui::Context, state: &AppState, dialog: &Dialog, out: &mut Vec<Intent>) {
    let p = state.palette();
    show(ctx, &p, state.look.scale, dialog, out);
}

/// Draws `dialog` with palette `p` at text `scale`.
pub fn show(ctx: &egui::Context, p: &Palette, scale: f32, dialog: &Dialog, out: &mut Vec<Intent>) {
    let (title, lines, footer) = content(dialog);
    let width = (ctx.content_rect().width() - 2.0 * space::XL).clamp(240.0, 640.0 * scale.max(1.0));
    let frame = egui::Frame::new()
        .fill(p.surface)
        .stroke(egui::Stroke::new(1.0, p.surface_strong))
        .corner_radius(space::RADIUS)
        .inner_margin(space::L + space::S);
    let stop_question = matches!(dialog, Dialog::ConfirmStop { .. });
    if let Dialog::ImportRoutine {
        path,
        problem,
        clash,
    } = dialog
    {
        let response = egui::Modal::new(egui::Id::unique("lull-dialog"))
            .frame(frame)
            .backdrop_color(p.blackout.gamma_multiply(0.45))
            .show(ctx, |ui| {
                ui.set_width(width);
                import_routine(ui, p, scale, path, problem.as_deref(), *clash, out);
            });
        if response.should_close() {
            out.push(Intent::CloseDialog);
        }
        return;
    }
    if let Dialog::SaveDiary {
        what,
        path,
        exists,
        problem,
    } = dialog
    {
        let about = match what {
            DiaryExport::Sessions => {
                "Every session with its date, length and ratings, as a table a spreadsheet opens."
                    .to_owned()
            }
            DiaryExport::Doctor => format!(
                "The last {} months as a page to print or send (PDF): each month's headache days and painkiller days, then each day of your headache diary with how bad it was before and after, the painkillers, the routines used and your notes. Name it .csv for a table a spreadsheet opens.",
                crate::domain::diary::DOCTOR_MONTHS
            ),
            DiaryExport::Handout { .. } => "The routine as you will do it, on one or two pages to print or send: what your safety answers change, each step with its time, its words and its figure, and the sources.".to_owned(),
            DiaryExport::RoutineFile { .. } => "The routine's file as it is, every step included, to send to someone: Lull checks it against their own safety answers when they import it.".to_owned(),
        };
        let response = egui::Modal::new(egui::Id::unique("lull-dialog"))
            .frame(frame)
            .backdrop_color(p.blackout.gamma_multiply(0.45))
            .show(ctx, |ui| {
                ui.set_width(width);
                save_diary(
                    ui,
                    p,
                    scale,
                    (&title, &about),
                    path,
                    *exists,
                    problem.as_deref(),
                    out,
                );
            });
        if response.should_close() {
            out.push(Intent::CloseDialog);
        }
        return;
    }
    let response = egui::Modal::new(egui::Id::unique("lull-dialog"))
        .frame(frame)
        .backdrop_color(p.blackout.gamma_multiply(0.45))
        .show(ctx, |ui| {
            body(
                ui,
                p,
                scale,
                width,
                &title,
                lines,
                footer,
                stop_question,
                out,
            );
        });
    // Esc on the stop question is the app's "Esc twice stops", not "close".
    if response.should_close() && !stop_question {
        out.push(Intent::CloseDialog);
    }
}

#[expect(clippy::too_many_arguments, reason = "one private drawing helper")]
fn body(
    ui: &mut Ui,
    p: &Palette,
    scale: f32,
    width: f32,
    title: &str,
    lines: &[String],
    footer: Option<&str>,
    stop_question: bool,
    out: &mut Vec<Intent>,
) {
    ui.set_width(width);
    let heading = ui.add(
        egui::Label::new(
            RichText::new(title)
                .font(font(size::HEADING, scale))
                .color(p.text_strong),
        )
        .wrap(),
    );
    super::common::mark_heading(ui, &heading, title, 2);
    ui.add_space(space::M);
    let max_height = (ui.ctx().content_rect().height() * 0.6).max(160.0);
    egui::ScrollArea::vertical()
        .max_height(max_height)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for line in lines {
                ui.horizontal_top(|ui| {
                    ui.label(RichText::new("•").color(p.accent));
                    ui.add(egui::Label::new(line.as_str()).wrap());
                });
                ui.add_space(space::S);
            }
        });
    if let Some(footer) = footer {
        ui.add_space(space::S);
        ui.add(egui::Label::new(RichText::new(footer).color(p.text_muted)).wrap());
    }
    ui.add_space(space::M);
    if stop_question {
        ui.horizontal_wrapped(|ui| {
            if primary(ui, "Stop", p) {
                out.push(Intent::Session(crate::domain::session::Command::Stop));
            }
            if super::common::secondary(ui, "Keep going") {
                out.push(Intent::CloseDialog);
            }
        });
    } else if primary(ui, "Close", p) {
        out.push(Intent::CloseDialog);
    }
}

/// The diary's save dialog: the file to write (typed, with the suggested name filled in),
/// Save (or Replace when the file is there) and Cancel.
#[expect(clippy::too_many_arguments, reason = "one private drawing helper")]
fn save_diary(
    ui: &mut Ui,
    p: &Palette,
    scale: f32,
    (title, about): (&str, &str),
    path: &str,
    exists: bool,
    problem: Option<&str>,
    out: &mut Vec<Intent>,
) {
    ui.add(
        egui::Label::new(
            RichText::new(title)
                .font(font(size::HEADING, scale))
                .color(p.text_strong),
        )
        .wrap(),
    );
    ui.add_space(space::M);
    ui.add(egui::Label::new(about).wrap());
    ui.add_space(space::S);
    let label = ui.label("Save as");
    let mut typed = path.to_owned();
    let field = ui
        .add(egui::TextEdit::singleline(&mut typed).desired_width(f32::INFINITY))
        .labelled_by(label.id);
    if field.changed() {
        out.push(Intent::SetDiaryPath(typed));
    }
    if exists {
        ui.label(
            RichText::new("A file of that name is there: saving replaces it.").color(p.caution),
        );
    }
    if let Some(problem) = problem {
        ui.add(egui::Label::new(RichText::new(problem).color(p.danger)).wrap());
    }
    ui.add_space(space::M);
    ui.horizontal_wrapped(|ui| {
        let save = if exists { "Replace" } else { "Save" };
        let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if primary(ui, save, p) || enter {
            out.push(Intent::SaveDiary);
        }
        if super::common::secondary(ui, "Cancel") {
            out.push(Intent::CloseDialog);
        }
    });
}

/// The import dialog: the file, what stood in the way, and what can be done about it.
fn import_routine(
    ui: &mut Ui,
    p: &Palette,
    scale: f32,
    path: &str,
    problem: Option<&str>,
    clash: Option<ImportClash>,
    out: &mut Vec<Intent>,
) {
    ui.add(
        egui::Label::new(
            RichText::new("Import a routine")
                .font(font(size::HEADING, scale))
                .color(p.text_strong),
        )
        .wrap(),
    );
    ui.add_space(space::M);
    ui.add(
        egui::Label::new(
            "A routine file (.toml) from your physiotherapist, a friend or another computer. It is checked before anything is saved, and like every routine it is adapted to your safety answers when you play it. You can also drop the file on the window.",
        )
        .wrap(),
    );
    ui.add_space(space::S);
    let label = ui.label("Routine file");
    let mut typed = path.to_owned();
    let field = ui
        .add(egui::TextEdit::singleline(&mut typed).desired_width(f32::INFINITY))
        .labelled_by(label.id);
    if field.changed() {
        out.push(Intent::SetImportPath(typed));
    }
    if let Some(problem) = problem {
        let colour = if clash.is_some() { p.caution } else { p.danger };
        ui.add(egui::Label::new(RichText::new(problem).color(colour)).wrap());
    }
    ui.add_space(space::M);
    ui.horizontal_wrapped(|ui| {
        match clash {
            None => {
                let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if primary(ui, "Import", p) || enter {
                    out.push(Intent::ImportRoutine(Choice::Ask));
                }
            }
            Some(ImportClash::Yours) => {
                if primary(ui, "Replace mine", p) {
                    out.push(Intent::ImportRoutine(Choice::Replace));
                }
                if super::common::secondary(ui, "Keep both") {
                    out.push(Intent::ImportRoutine(Choice::KeepBoth));
                }
            }
            Some(ImportClash::Bundled) => {
                if primary(ui, "Keep both", p) {
                    out.push(Intent::ImportRoutine(Choice::KeepBoth));
                }
            }
        }
        if super::common::secondary(ui, "Cancel") {
            out.push(Intent::CloseDialog);
        }
    });
}
