//! The routine editor from the app's side: opening it (a new routine, or one of the user's
//! files), settling and checking the routine after every change (the loader's problems,
//! the words to check, what the user's answers would change), and saving it atomically (the
//! earlier version of a changed file goes to the trash folder).

use super::LullApp;
use crate::catalogue::import::free_id;
use crate::clock::{Calendar as _, SystemCalendar};
use crate::domain::routine::wording::routine_warnings;
use crate::domain::routine::{Draft, MAX_FILE_BYTES, Origin, parse_routine};
use crate::domain::safety::{Verdict, evaluate};
use crate::ui::model::{EditedFile, Editor, Notice, Screen, Tab};
use crate::ui::widgets::figure::{Figure, figure_for};

/// What a new routine's id is made from while it has no title.
const UNTITLED: &str = "my-routine";

impl LullApp {
    /// "New routine": the editor with one empty step.
    pub(super) fn new_routine(&mut self) {
        if self.files.is_none() {
            self.notice(
                "There is no folder for your routines: no home folder was found.",
                true,
            );
            return;
        }
        self.open_editor(Draft::new(UNTITLED), None);
    }

    /// "Edit" on one of the user's routines: the editor with its file.
    pub(super) fn edit_routine(&mut self, id: &crate::domain::id::RoutineId) {
        let Some(routine) = self.state.catalogue.get(id) else {
            return;
        };
        let Origin::User { path } = &routine.origin else {
            self.notice(
                "Lull's own routines cannot be changed: make your own copy (Copy) and change that.",
                true,
            );
            return;
        };
        let path = path.clone();
        let draft = Draft::of(routine);
        match crate::store::read_limited(std::path::Path::new(&path), MAX_FILE_BYTES as u64) {
            Ok(bytes) => {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                self.open_editor(draft, Some(EditedFile { path, text }));
            }
            Err(e) => self.notice(format!("Could not read {path}: {e}"), true),
        }
    }

    fn open_editor(&mut self, draft: Draft, file: Option<EditedFile>) {
        let figure = draft
            .steps
            .iter()
            .find_map(|s| figure_for(&s.tags))
            .map_or(Figure::Hand, |(f, _)| f);
        let mut editor = Editor {
            draft,
            file,
            step: 0,
            depth: 0,
            figure,
            new_pattern: String::new(),
            problems: Vec::new(),
            warnings: Vec::new(),
            preview: Vec::new(),
            changed: false,
        };
        self.check_draft(&mut editor);
        self.state.editor = Some(editor);
        self.state.screen = Screen::Editor;
    }

    /// The view's changed editor: its tags settled, then checked.
    pub(super) fn change_draft(&mut self, mut editor: Editor) {
        editor.draft.settle();
        let before = self.state.editor.as_ref().map(|e| &e.draft);
        editor.changed |= before != Some(&editor.draft);
        let steps = editor.draft.steps.len();
        editor.step = editor.step.min(steps.saturating_sub(1));
        while editor.depth > 0
            && Editor::version(&editor.draft, editor.step, editor.depth).is_none()
        {
            editor.depth -= 1;
        }
        self.check_draft(&mut editor);
        self.state.editor = Some(editor);
    }

    /// Alt+Up / Alt+Down: the chosen step changes places with its neighbour.
    pub(super) fn move_draft_step(&mut self, up: bool) {
        let Some(mut editor) = self.state.editor.clone() else {
            return;
        };
        let from = editor.step;
        let to = if up {
            from.checked_sub(1)
        } else {
            Some(from + 1).filter(|&t| t < editor.draft.steps.len())
        };
        if let Some(to) = to {
            editor.draft.steps.swap(from, to);
            editor.step = to;
            editor.depth = 0;
            self.change_draft(editor);
        }
    }

    /// The file name problems are reported against.
    fn draft_file_name(editor: &Editor) -> String {
        editor
            .file
            .as_ref()
            .map_or_else(|| format!("{}.toml", editor.draft.id), |f| f.path.clone())
    }

    fn check_draft(&self, editor: &mut Editor) {
        if editor.file.is_none() {
            // A new routine's id follows its title, never an id already used (a bundled one
            // included): renaming a saved one keeps its id, and so its history.
            let base = id_from_title(&editor.draft.title);
            editor.draft.id = free_id(&self.state.catalogue, &base);
        }
        match editor.draft.check(&Self::draft_file_name(editor)) {
            Ok(routine) => {
                editor.problems.clear();
                editor.warnings = routine_warnings(&routine)
                    .iter()
                    .map(ToString::to_string)
                    .collect();
                editor.preview = preview(&evaluate(&routine, &self.state.answers_today()));
            }
            Err(errors) => {
                editor.problems = errors.0;
                editor.warnings.clear();
                editor.preview = vec![
                    "The safety check runs on the routine once nothing is left to fix.".to_owned(),
                ];
            }
        }
    }

    /// "Save": the routine file written atomically (a changed file keeps its comments), then
    /// the catalogue read again.
    pub(super) fn save_draft(&mut self) {
        let Some(editor) = self.state.editor.clone() else {
            return;
        };
        if !editor.problems.is_empty() {
            return;
        }
        let Some(files) = &self.files else {
            self.notice(
                "There is no folder for your routines: no home folder was found.",
                true,
            );
            return;
        };
        let name = Self::draft_file_name(&editor);
        let fresh = editor.draft.to_toml();
        let text = editor
            .file
            .as_ref()
            .map_or_else(|| fresh.clone(), |f| editor.draft.to_toml_over(&f.text));
        // What is written must load as what was checked; if keeping the old layout would
        // change it, the routine is written fresh.
        let user = || Origin::User { path: name.clone() };
        let checked = parse_routine(&name, fresh.as_bytes(), user()).ok();
        let text = if parse_routine(&name, text.as_bytes(), user()).ok() == checked {
            text
        } else {
            fresh
        };
        let dir = crate::store::user_routines_dir(files.dirs());
        let replaces = editor
            .file
            .as_ref()
            .map(|f| std::path::PathBuf::from(&f.path));
        match crate::store::save_routine_file(
            &dir,
            &editor.draft.id,
            text.as_bytes(),
            replaces.as_deref(),
            &SystemCalendar.stamp(),
        ) {
            Ok((path, trashed)) => {
                self.state.editor = None;
                self.reload_routines();
                self.state.tab = Tab::Yours;
                self.state.screen = Screen::Library;
                let earlier = if trashed.is_some() {
                    " The earlier version is in the trash folder."
                } else {
                    ""
                };
                self.state.notices.push(Notice::info(format!(
                    "Saved “{}”: {}.{earlier}",
                    editor.draft.title,
                    path.display()
                )));
            }
            Err(e) => self.notice(
                format!(
                    "Could not save the routine ({e}); nothing was changed. It is still open here."
                ),
                true,
            ),
        }
    }

    /// "Close": back to your routines; what was not saved is let go.
    pub(super) fn close_editor(&mut self) {
        self.state.editor = None;
        self.state.tab = Tab::Yours;
        self.state.screen = Screen::Library;
    }
}

/// A kebab-case id from a title: "Neck from my physio!" → "neck-from-my-physio" (letters
/// and digits kept, accents dropped, the rest a dash).
pub fn id_from_title(title: &str) -> String {
    let mut id = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id: String = id.trim_end_matches('-').chars().take(56).collect();
    let id = id.trim_end_matches('-');
    if id.is_empty() {
        UNTITLED.to_owned()
    } else {
        id.to_owned()
    }
}

/// What the user's answers do to the routine, in plain words.
fn preview(verdict: &Verdict) -> Vec<String> {
    match verdict {
        Verdict::Allowed(_) => vec!["With your answers, every step plays as written.".to_owned()],
        Verdict::Adapted(safe) => std::iter::once("With your answers:".to_owned())
            .chain(
                safe.changes()
                    .iter()
                    .map(crate::domain::safety::Change::describe),
            )
            .collect(),
        Verdict::NeedsClinician { conditions } => {
            let names: Vec<&str> = conditions.iter().map(|c| c.label()).collect();
            vec![format!(
                "With your answers, it waits for a clinician's OK before it can start ({}).",
                names.join(", ")
            )]
        }
        Verdict::Blocked { reason } => {
            vec![format!("With your answers, it cannot start: {reason}")]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_titles() {
        assert_eq!(id_from_title("Neck from my physio!"), "neck-from-my-physio");
        assert_eq!(id_from_title("  Épaule 2 "), "paule-2");
        assert_eq!(id_from_title("???"), UNTITLED);
        assert_eq!(id_from_title(""), UNTITLED);
        assert!(crate::domain::routine::is_kebab_case(&id_from_title(
            &"a b ".repeat(40)
        )));
    }
}
