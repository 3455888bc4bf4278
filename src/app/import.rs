//! The user's routine files from the app: importing one (the dialog's file, typed or dropped
//! on the library, checked as `lull check` checks it, its id settled: replace one of yours
//! or keep both, when asked), making your own copy of any routine, and deleting one of
//! yours into the trash folder with Undo. Each ends by reading the catalogue again.

use super::LullApp;
use crate::catalogue::import::{Choice, ImportError, prepare};
use crate::clock::{Calendar as _, SystemCalendar};
use crate::domain::routine::MAX_FILE_BYTES;
use crate::ui::model::{DeletedRoutine, Dialog, ImportClash, Notice, Tab};

impl LullApp {
    /// Opens the import dialog; a dropped file is tried at once.
    pub(super) fn ask_import_routine(&mut self, dropped: Option<String>) {
        let tried = dropped.is_some();
        self.state.dialog = Some(Dialog::ImportRoutine {
            path: dropped.unwrap_or_default(),
            problem: None,
            clash: None,
        });
        if tried {
            self.import_routine(Choice::Ask);
        }
    }

    /// Imports the dialog's file; anything in the way is said in the dialog, and nothing is
    /// written then.
    pub(super) fn import_routine(&mut self, choice: Choice) {
        let Some(Dialog::ImportRoutine { path, .. }) = &self.state.dialog else {
            return;
        };
        let typed = path.trim().to_owned();
        let outcome = self.try_import(&typed, choice);
        match outcome {
            Ok(title) => {
                self.state.dialog = None;
                self.reload_routines();
                self.state.tab = Tab::Yours;
                self.state.notices.push(Notice::info(format!(
                    "Imported “{title}”. Like every routine, it is checked against your safety answers when you play it."
                )));
            }
            Err((text, found)) => {
                if let Some(Dialog::ImportRoutine { problem, clash, .. }) = &mut self.state.dialog {
                    *problem = Some(text);
                    *clash = found;
                }
            }
        }
    }

    /// Writes the routine of the file `typed`; its title, or what stood in the way.
    fn try_import(
        &self,
        typed: &str,
        choice: Choice,
    ) -> Result<String, (String, Option<ImportClash>)> {
        let plain = |text: &str| (text.to_owned(), None);
        if typed.is_empty() {
            return Err(plain(
                "Type the routine file's name, or drop it on the window.",
            ));
        }
        let Some(files) = &self.files else {
            return Err(plain(
                "There is no folder for your routines: no home folder was found.",
            ));
        };
        let file = crate::store::expand_home(typed);
        let bytes = crate::store::read_limited(&file, MAX_FILE_BYTES as u64)
            .map_err(|e| plain(&format!("Could not read it: {e}")))?;
        let name = file.display().to_string();
        let prepared = match prepare(&self.state.catalogue, &name, &bytes, choice) {
            Ok(prepared) => prepared,
            Err(ImportError::Yours { .. }) => {
                return Err((
                    "You already have a routine with this id. Replace yours (it goes to the trash folder), or keep both?".to_owned(),
                    Some(ImportClash::Yours),
                ));
            }
            Err(ImportError::Bundled { .. }) => {
                return Err((
                    "A routine that comes with Lull has this id, and it is never replaced. Keep both (yours gets a new id)?".to_owned(),
                    Some(ImportClash::Bundled),
                ));
            }
            Err(e) => {
                return Err(plain(&format!(
                    "This file is not a routine Lull can use, so nothing was imported:\n{e}"
                )));
            }
        };
        let dir = crate::store::user_routines_dir(files.dirs());
        crate::store::save_routine_file(
            &dir,
            prepared.routine.id.as_str(),
            prepared.text.as_bytes(),
            prepared.replaces.as_deref().map(std::path::Path::new),
            &SystemCalendar.stamp(),
        )
        .map_err(|e| plain(&format!("Could not save it: {e}")))?;
        Ok(prepared.routine.title)
    }
}

impl LullApp {
    /// Makes the user's own copy of a routine in the routines folder, to change there.
    pub(super) fn copy_routine(&mut self, id: &crate::domain::id::RoutineId) {
        let result = self.write_copy(id);
        match result {
            Ok((title, path)) => {
                self.reload_routines();
                self.state.tab = Tab::Yours;
                self.state.notices.push(Notice::info(format!(
                    "Made “{title}”, yours to change: {} (open your routines folder, or `lull routine edit`).",
                    path.display()
                )));
            }
            Err(text) => self.notice(text, true),
        }
    }

    fn write_copy(
        &self,
        id: &crate::domain::id::RoutineId,
    ) -> Result<(String, std::path::PathBuf), String> {
        let Some(files) = &self.files else {
            return Err(
                "There is no folder for your routines: no home folder was found.".to_owned(),
            );
        };
        let routine = self
            .state
            .catalogue
            .get(id)
            .ok_or_else(|| format!("There is no routine “{id}”."))?;
        let bytes = self.routine_file(id)?;
        let text = String::from_utf8_lossy(&bytes);
        let (new_id, copy) = crate::catalogue::import::copy_of(
            &self.state.catalogue,
            id.as_str(),
            &routine.title,
            &text,
        )
        .ok_or_else(|| "The routine's file could not be copied.".to_owned())?;
        let dir = crate::store::user_routines_dir(files.dirs());
        let (path, _) = crate::store::save_routine_file(
            &dir,
            &new_id,
            copy.as_bytes(),
            None,
            &SystemCalendar.stamp(),
        )
        .map_err(|e| format!("Could not save the copy: {e}"))?;
        Ok((format!("{} (my copy)", routine.title), path))
    }

    /// Moves one of the user's routines to the trash folder; the notice can bring it back.
    pub(super) fn delete_routine(&mut self, id: &crate::domain::id::RoutineId) {
        use crate::domain::routine::Origin;
        let Some(routine) = self.state.catalogue.get(id) else {
            return;
        };
        let Origin::User { path } = &routine.origin else {
            return;
        };
        let (title, original) = (routine.title.clone(), std::path::PathBuf::from(path));
        match crate::store::trash_routine(&original, &SystemCalendar.stamp()) {
            Ok(trashed) => {
                self.reload_routines();
                self.state.notices.push(Notice {
                    undo: Some(DeletedRoutine { trashed, original }),
                    ..Notice::info(format!("Deleted “{title}”: it is in the trash folder."))
                });
            }
            Err(e) => self.notice(format!("Could not delete “{title}”: {e}"), true),
        }
    }

    /// Brings back the routine of notice `index` from the trash folder.
    pub(super) fn undo_delete(&mut self, index: usize) {
        let Some(DeletedRoutine { trashed, original }) =
            self.state.notices.get(index).and_then(|n| n.undo.clone())
        else {
            return;
        };
        match crate::store::restore_routine(&trashed, &original) {
            Ok(_) => {
                self.state.notices.remove(index);
                self.reload_routines();
            }
            Err(e) => self.notice(format!("Could not bring it back: {e}"), true),
        }
    }
}
