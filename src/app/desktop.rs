//! The desktop around the app: the bedtime timer (on a worker thread), the diary saved as
//! CSV, the routines folder opened in the file manager and read again.

use std::sync::{Arc, mpsc};

use super::startup::routine_notices;
use super::{LullApp, capitalize};
use crate::domain::diary::{DOCTOR_MONTHS, DoctorDiary, YearMonth};
use crate::domain::safety::Verdict;
use crate::ui::model::{Dialog, DiaryExport, Notice};

/// The bedtime timer being installed or removed on a worker thread.
pub(super) struct AutostartJob {
    /// Installing (or removing).
    pub(super) on: bool,
    /// Its answer: where the timer is, or why not.
    pub(super) answer: mpsc::Receiver<Result<String, String>>,
    /// The plan changed meanwhile: install once more when this is done.
    pub(super) again: bool,
}

impl LullApp {
    /// Installs (`on`) or removes the bedtime timer on a worker thread (`systemctl` can
    /// take seconds); `poll_autostart` takes its answer.
    pub(super) fn start_autostart_job(&mut self, on: bool, ctx: &egui::Context) {
        let (tx, rx) = mpsc::channel();
        let timer = Arc::clone(&self.autostart);
        let plan = self.state.settings.wind_down.clone();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("autostart".to_owned())
            .spawn(move || {
                let result = if on {
                    timer.install(&plan).map(|path| path.display().to_string())
                } else {
                    timer.remove().map(|_| String::new())
                };
                tx.send(result.map_err(|e| e.to_string())).ok();
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => {
                self.state.autostart.busy = true;
                self.autostart_job = Some(AutostartJob {
                    on,
                    answer: rx,
                    again: false,
                });
            }
            Err(e) => self.notice(format!("Cannot change the bedtime timer: {e}"), true),
        }
    }

    /// Takes the bedtime timer's answer when it has come.
    pub(super) fn poll_autostart(&mut self) {
        let Some(job) = &self.autostart_job else {
            return;
        };
        let (on, again) = (job.on, job.again);
        let result = match job.answer.try_recv() {
            Ok(result) => result,
            Err(mpsc::TryRecvError::Empty) => return,
            Err(mpsc::TryRecvError::Disconnected) => Err("the worker stopped".to_owned()),
        };
        self.autostart_job = None;
        self.state.autostart.busy = false;
        self.state.autostart.on = self.autostart.installed();
        if again
            && on
            && self.state.autostart.on
            && let Some(ctx) = self.repaint.clone()
        {
            self.start_autostart_job(true, &ctx);
            return;
        }
        match result {
            Ok(_) if on => {
                self.toast("The wind-down will start at bedtime, even when Lull is closed.");
            }
            Ok(_) => self.toast("The wind-down no longer starts by itself."),
            Err(e) => {
                log::warn!("bedtime timer: {e}");
                let what = if on {
                    "start the wind-down automatically"
                } else {
                    "remove the bedtime timer"
                };
                self.state.notices.push(
                    Notice::warning(format!(
                        "Cannot {what}. The reminder inside Lull still works while it is open."
                    ))
                    .with_detail(capitalize(&e)),
                );
            }
        }
    }

    /// Writes the diary as CSV where the save dialog says (atomically); says where.
    pub(super) fn save_diary(&mut self) {
        let Some(Dialog::SaveDiary { path, what, .. }) = &self.state.dialog else {
            return;
        };
        let (path, what) = (path.clone(), what.clone());
        // The doctor's diary is a page to print unless the name asks for a table (.csv).
        let as_table = std::path::Path::new(path.trim())
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        let bytes = match &what {
            DiaryExport::Sessions => {
                crate::domain::history::to_csv(&self.state.history).into_bytes()
            }
            DiaryExport::Doctor => {
                let diary = DoctorDiary::build(
                    &self.state.history,
                    YearMonth::of(self.state.today),
                    DOCTOR_MONTHS,
                );
                if as_table {
                    diary.to_csv().into_bytes()
                } else {
                    crate::ui::print::diary_pdf(&diary, &self.state.today.to_string())
                }
            }
            DiaryExport::Handout { id, .. } => {
                // Only what the answers allow reaches paper, as on screen.
                let Some(Verdict::Allowed(safe) | Verdict::Adapted(safe)) = self.state.verdict(id)
                else {
                    if let Some(Dialog::SaveDiary { problem, .. }) = &mut self.state.dialog {
                        *problem =
                            Some("This routine is not available for your answers.".to_owned());
                    }
                    return;
                };
                let sources = self
                    .state
                    .catalogue
                    .get(id)
                    .map(|r| r.sources.clone())
                    .unwrap_or_default();
                crate::ui::print::handout_pdf(safe, &sources)
            }
            DiaryExport::RoutineFile { id, .. } => match self.routine_file(id) {
                Ok(bytes) => bytes,
                Err(text) => {
                    if let Some(Dialog::SaveDiary { problem, .. }) = &mut self.state.dialog {
                        *problem = Some(text);
                    }
                    return;
                }
            },
        };
        let target = crate::store::expand_home(path.trim());
        let problem = if path.trim().is_empty() {
            Some("Type a file name.".to_owned())
        } else if crate::store::is_dir(&target) {
            Some("That is a folder: add a file name, like lull-diary.csv.".to_owned())
        } else {
            crate::store::write_atomic(&target, &bytes)
                .err()
                .map(|e| format!("Could not save: {e}"))
        };
        if let Some(text) = problem {
            if let Some(Dialog::SaveDiary { problem, .. }) = &mut self.state.dialog {
                *problem = Some(text);
            }
        } else {
            self.state.dialog = None;
            let what = match what {
                DiaryExport::Handout { .. } => "The handout",
                DiaryExport::RoutineFile { .. } => "The routine file",
                DiaryExport::Sessions | DiaryExport::Doctor => "Your diary",
            };
            self.state.notices.push(Notice::info(format!(
                "{what} was saved as {}",
                target.display()
            )));
        }
    }

    /// A routine's own file, as written (a bundled one's from the build): what Share…
    /// saves and what Copy starts from.
    pub(super) fn routine_file(
        &self,
        id: &crate::domain::id::RoutineId,
    ) -> Result<Vec<u8>, String> {
        use crate::domain::routine::{MAX_FILE_BYTES, Origin};
        let routine = self
            .state
            .catalogue
            .get(id)
            .ok_or_else(|| format!("There is no routine “{id}”."))?;
        match &routine.origin {
            Origin::Builtin => crate::catalogue::import::bundled_source(id.as_str())
                .map(<[u8]>::to_vec)
                .ok_or_else(|| "The routine's file is missing from this build.".to_owned()),
            Origin::User { path } => {
                crate::store::read_limited(std::path::Path::new(path), MAX_FILE_BYTES as u64)
                    .map_err(|e| format!("Could not read it: {e}"))
            }
        }
    }

    /// Shows the user's routines folder in the file manager (creating it first).
    pub(super) fn open_routines_folder(&mut self) {
        let Some(files) = &self.files else {
            self.notice(
                "There is no folder for your routines: no home folder was found.".to_owned(),
                true,
            );
            return;
        };
        let dir = crate::store::user_routines_dir(files.dirs());
        let result = crate::store::create_dir(&dir)
            .map_err(|e| e.to_string())
            .and_then(|()| self.opener.open(&dir));
        if let Err(e) = result {
            log::warn!("cannot open {}: {e}", dir.display());
            self.state.notices.push(
                Notice::warning(format!(
                    "Cannot open the folder. Your routines go in {}",
                    dir.display()
                ))
                .with_detail(capitalize(&e)),
            );
        }
    }

    /// Reads the user's routine files again: the catalogue, the verdicts and the notices
    /// about them are replaced; no restart needed.
    pub(super) fn reload_routines(&mut self) {
        let Some(files) = &self.files else {
            return;
        };
        let (catalogue, problems) = super::user_catalogue(Some(files.dirs()));
        let notices = routine_notices(&catalogue, &problems);
        self.state.notices.retain(|n| !n.about_routines);
        self.state.notices.extend(notices);
        let mine = catalogue
            .routines()
            .iter()
            .filter(|r| matches!(r.origin, crate::domain::routine::Origin::User { .. }))
            .count();
        self.state.catalogue = catalogue;
        self.recompute_verdicts();
        let skipped = if problems.is_empty() {
            String::new()
        } else {
            format!(", {} skipped (see the notices)", problems.len())
        };
        let text = match mine {
            1 => format!("Reloaded: 1 routine of yours{skipped}"),
            n => format!("Reloaded: {n} routines of yours{skipped}"),
        };
        self.toast(text);
    }

    /// Opens the diary's save dialog on the documents folder and a dated name.
    pub(super) fn ask_save_diary(&mut self, what: DiaryExport) {
        let today = self.state.today;
        let name = match &what {
            DiaryExport::Sessions => format!("lull-diary-{today}.csv"),
            DiaryExport::Doctor => format!("lull-doctor-diary-{today}.pdf"),
            DiaryExport::Handout { id, .. } => format!("{id}.pdf"),
            DiaryExport::RoutineFile { id, .. } => format!("{id}.toml"),
        };
        let path = crate::store::documents_dir()
            .map_or_else(|| name.clone(), |d| d.join(&name).display().to_string());
        self.state.dialog = Some(Dialog::SaveDiary {
            what,
            exists: crate::store::is_file(&crate::store::expand_home(&path)),
            path,
            problem: None,
        });
    }

    /// The save dialog's path as typed: whether it exists is shown at once.
    pub(super) fn set_diary_path(&mut self, typed: String) {
        if let Some(Dialog::SaveDiary {
            path,
            exists,
            problem,
            ..
        }) = &mut self.state.dialog
        {
            *exists = crate::store::is_file(&crate::store::expand_home(&typed));
            *path = typed;
            *problem = None;
        }
    }
}
