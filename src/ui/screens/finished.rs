//! After a routine: a quiet well done, or a stopped session that can be resumed for a few
//! seconds (stopping asks nothing).

use super::common::{actions, heading, muted, page, para, primary, secondary};
use crate::ui::intent::Intent;
use crate::ui::model::AppState;

/// Draws the finished screen.
pub fn ui(ui: &mut egui::Ui, state: &AppState, completed: bool, out: &mut Vec<Intent>) {
    let p = state.palette();
    page(ui, "finished", |ui| {
        if completed {
            heading(ui, "Well done", state.look.scale);
            para(
                ui,
                "Take a moment to notice how you feel now. Get up slowly.",
            );
        } else {
            heading(ui, "Stopped", state.look.scale);
            para(ui, "That's fine — stop whenever you need to.");
        }
        super::rating::after_ui(ui, state, out);
        actions(ui, |ui| {
            if let Some(stopped) = &state.stopped {
                let label = format!("Resume from step {}", stopped.at_step + 1);
                if primary(ui, &label, &p) {
                    out.push(Intent::ResumeStopped);
                }
            }
            if secondary(ui, "Back to my routines") {
                out.push(Intent::BackToLibrary);
            }
        });
        if let Some(stopped) = &state.stopped {
            let title = stopped
                .routine
                .steps()
                .get(stopped.at_step)
                .map(|s| s.step.title.as_str())
                .unwrap_or_default();
            muted(
                ui,
                &format!(
                    "Resume picks up this session where you stopped, from the start of step {} (“{title}”). It is offered until you leave this screen.",
                    stopped.at_step + 1
                ),
                &p,
            );
        }
    });
}
