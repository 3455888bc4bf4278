//! `lull routine import | export | new | edit`: your own routines from the command line.
//! Everything is checked as `lull check` checks it (the same messages, with line and
//! column), and nothing is written unless it is valid. A routine you import is screened
//! against your own answers when you play it, like every routine.

use std::io::{BufRead as _, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

use super::args::RoutineAction;
use super::commands::{check_warnings, load_catalogue};
use crate::catalogue::Catalogue;
use crate::catalogue::import::{
    Choice, ImportError, bundled_source, copy_of, free_id, prepare, with_key,
};
use crate::clock::{Calendar as _, SystemCalendar};
use crate::domain::routine::{MAX_FILE_BYTES, Origin, Routine, parse_routine};
use crate::store;

/// A new routine's starting point: valid as it is, with what to change explained.
const TEMPLATE: &str = r#"# Your routine. Change what you need, save, and close the editor: Lull checks it
# (as `lull check` does) and keeps it only when it is valid. docs/routine-format.md
# lists every field and tag.
id = "my-routine"
title = "My routine"
# stress, sleep or headache
program = "stress"
summary = "A few quiet minutes that may help you relax."
# seated, lying or standing
position = "seated"
# An ambience preset id (see `lull ambience --list`).
ambience = "warm-wind"
# Where the instructions come from (your physiotherapist, a book, a web page).
sources = ["My own notes."]

[[steps]]
title = "Settle"
instruction = "Sit comfortably and breathe in for four, out for six."
kind = "breathing"
breathing = { pattern = "resonance-4-6", cycles = 4 }
tags = ["paced-breathing"]

# A hands-on step names every area and the pressure it uses, so the safety screen can
# leave it out or swap it for a gentler one when your answers call for it:
#
# [[steps]]
# title = "Left shoulder"
# instruction = "Rest your right hand on your left shoulder and stroke slowly out to its tip."
# duration_secs = 45
# kind = "massage"
# tags = ["massage", "area:shoulders", "pressure-light"]
# side = "left"
"#;

/// The routines folder, or why there is none.
fn routines_dir() -> anyhow::Result<PathBuf> {
    let dirs = store::AppDirs::standard()
        .context("no home folder, so there is no folder for your routines")?;
    Ok(store::user_routines_dir(&dirs))
}

pub fn routine(
    out: &mut dyn Write,
    err: &mut dyn Write,
    action: &RoutineAction,
) -> anyhow::Result<ExitCode> {
    match action {
        RoutineAction::Import {
            file,
            replace,
            keep_both,
        } => import(out, err, file, *replace, *keep_both),
        RoutineAction::Export { id, out: path } => export(out, err, id, path),
        RoutineAction::New { from } => new(out, err, from.as_deref(), &mut ask_on_terminal),
        RoutineAction::Edit { id } => edit(out, err, id, &mut ask_on_terminal),
    }
}

/// The text of a routine as a file: a bundled one's own file, or the user's.
fn routine_text(routine: &Routine) -> anyhow::Result<Vec<u8>> {
    match &routine.origin {
        Origin::User { path } => Ok(store::read_limited(Path::new(path), MAX_FILE_BYTES as u64)?),
        Origin::Builtin => bundled_source(routine.id.as_str())
            .map(<[u8]>::to_vec)
            .context("the bundled routine's file is missing from this build"),
    }
}

fn import(
    out: &mut dyn Write,
    err: &mut dyn Write,
    file: &Path,
    replace: bool,
    keep_both: bool,
) -> anyhow::Result<ExitCode> {
    let name = file.display().to_string();
    let bytes = match store::read_limited(file, MAX_FILE_BYTES as u64) {
        Ok(bytes) => bytes,
        Err(e) => {
            writeln!(err, "{e}\nNothing was imported.")?;
            return Ok(ExitCode::FAILURE);
        }
    };
    let catalogue = load_catalogue(err)?;
    let dir = routines_dir()?;
    let choice = match (replace, keep_both) {
        (true, _) => Choice::Replace,
        (_, true) => Choice::KeepBoth,
        _ => Choice::Ask,
    };
    let prepared = match prepare(&catalogue, &name, &bytes, choice) {
        Ok(prepared) => prepared,
        Err(e @ ImportError::Yours { .. }) => {
            writeln!(
                err,
                "{name}: {e}.\nAdd --replace to replace it (the old file goes to {}), or \
                 --keep-both to add this one under a new id. Nothing was imported.",
                dir.join(store::TRASH_DIR).display()
            )?;
            return Ok(ExitCode::FAILURE);
        }
        Err(e @ ImportError::Bundled { .. }) => {
            writeln!(
                err,
                "{name}: {e}. Add --keep-both to add this one under a new id. Nothing was \
                 imported."
            )?;
            return Ok(ExitCode::FAILURE);
        }
        Err(e) => {
            writeln!(err, "{e}\nNothing was imported.")?;
            return Ok(ExitCode::FAILURE);
        }
    };
    if let Some(old) = &prepared.renamed_from {
        writeln!(
            out,
            "You already have \"{old}\": this one is added as \"{}\".",
            prepared.routine.id
        )?;
    }
    let (target, trashed) = store::save_routine_file(
        &dir,
        prepared.routine.id.as_str(),
        prepared.text.as_bytes(),
        prepared.replaces.as_deref().map(Path::new),
        &SystemCalendar.stamp(),
    )?;
    if let Some(trashed) = trashed {
        writeln!(
            out,
            "The routine it replaces is kept in {}.",
            trashed.display()
        )?;
    }
    let shown = target.display().to_string();
    let routine = &prepared.routine;
    check_warnings(err, &shown, prepared.text.as_bytes(), routine)?;
    writeln!(
        out,
        "Imported \"{}\" ({}, {} steps) to {shown}. It is screened against your own answers \
         when you play it.",
        routine.title,
        routine.id,
        routine.steps.len()
    )?;
    Ok(ExitCode::SUCCESS)
}

fn export(
    out: &mut dyn Write,
    err: &mut dyn Write,
    id: &str,
    path: &Path,
) -> anyhow::Result<ExitCode> {
    let catalogue = load_catalogue(err)?;
    let Some(routine) = catalogue.get(id) else {
        return super::export::no_routine(err, id);
    };
    let bytes = routine_text(routine)?;
    store::write_atomic(path, &bytes)?;
    writeln!(out, "Wrote \"{}\" to {}.", routine.title, path.display())?;
    Ok(ExitCode::SUCCESS)
}

/// What an editing session makes: a new routine, or a change to one of the user's files.
enum Target {
    New { dir: PathBuf },
    Existing { path: PathBuf, id: String },
}

fn new(
    out: &mut dyn Write,
    err: &mut dyn Write,
    from: Option<&str>,
    ask: &mut dyn FnMut(&mut dyn Write, &str) -> anyhow::Result<bool>,
) -> anyhow::Result<ExitCode> {
    let catalogue = load_catalogue(err)?;
    let text = match from {
        None => with_key(TEMPLATE, "id", &free_id(&catalogue, "my-routine"))
            .context("the template is not TOML")?,
        Some(id) => {
            let Some(source) = catalogue.get(id) else {
                return super::export::no_routine(err, id);
            };
            let text = String::from_utf8_lossy(&routine_text(source)?).into_owned();
            copy_of(&catalogue, id, &source.title, &text)
                .context("the routine's file is not TOML")?
                .1
        }
    };
    let dir = routines_dir()?;
    edit_until_valid(out, err, &catalogue, &text, &Target::New { dir }, ask)
}

fn edit(
    out: &mut dyn Write,
    err: &mut dyn Write,
    id: &str,
    ask: &mut dyn FnMut(&mut dyn Write, &str) -> anyhow::Result<bool>,
) -> anyhow::Result<ExitCode> {
    let catalogue = load_catalogue(err)?;
    let Some(routine) = catalogue.get(id) else {
        return super::export::no_routine(err, id);
    };
    let Origin::User { path } = &routine.origin else {
        writeln!(
            err,
            "\"{id}\" is a bundled routine. To change it, make your own copy: \
             lull routine new --from {id}"
        )?;
        return Ok(ExitCode::FAILURE);
    };
    let text = String::from_utf8_lossy(&routine_text(routine)?).into_owned();
    let target = Target::Existing {
        path: PathBuf::from(path),
        id: id.to_owned(),
    };
    edit_until_valid(out, err, &catalogue, &text, &target, ask)
}

/// Asks a yes/no question on the terminal; yes unless the answer starts with n (or there is
/// no answer).
fn ask_on_terminal(err: &mut dyn Write, question: &str) -> anyhow::Result<bool> {
    write!(err, "{question} [Y/n] ")?;
    err.flush()?;
    let mut line = String::new();
    let read = std::io::stdin().lock().read_line(&mut line)?;
    if read == 0 {
        // No answer (no terminal): the prompt's line ends here.
        writeln!(err)?;
    }
    Ok(read > 0 && !line.trim_start().to_lowercase().starts_with('n'))
}

/// Opens `text` in the user's editor until what is saved is a valid routine (saved, then)
/// or the user gives up (nothing saved), as `crontab -e` does.
fn edit_until_valid(
    out: &mut dyn Write,
    err: &mut dyn Write,
    catalogue: &Catalogue,
    text: &str,
    target: &Target,
    ask: &mut dyn FnMut(&mut dyn Write, &str) -> anyhow::Result<bool>,
) -> anyhow::Result<ExitCode> {
    let file_name = match target {
        Target::New { .. } => "new-routine.toml".to_owned(),
        Target::Existing { path, .. } => path.file_name().map_or_else(
            || "routine.toml".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        ),
    };
    let copy = store::EditCopy::create(&file_name, text)?;
    loop {
        match crate::platform::editor::edit(copy.path()) {
            Ok(true) => {}
            Ok(false) => {
                writeln!(err, "The editor did not finish cleanly. Nothing was saved.")?;
                return Ok(ExitCode::FAILURE);
            }
            Err(e) => {
                writeln!(
                    err,
                    "{e}. Set $EDITOR to the editor you use. Nothing was saved."
                )?;
                return Ok(ExitCode::FAILURE);
            }
        }
        let problems = match copy.read(MAX_FILE_BYTES as u64) {
            Ok(bytes) if bytes == text.as_bytes() => {
                writeln!(out, "No changes. Nothing was saved.")?;
                return Ok(ExitCode::SUCCESS);
            }
            Ok(bytes) => match check_edit(catalogue, &bytes, target) {
                Ok((routine, path)) => {
                    let shown = path.display().to_string();
                    check_warnings(err, &shown, &bytes, &routine)?;
                    store::write_atomic(&path, &bytes)?;
                    writeln!(
                        out,
                        "Saved \"{}\" ({}, {} steps) to {shown}.",
                        routine.title,
                        routine.id,
                        routine.steps.len()
                    )?;
                    return Ok(ExitCode::SUCCESS);
                }
                Err(problems) => problems,
            },
            Err(e) => e.to_string(),
        };
        writeln!(err, "{problems}")?;
        if !ask(err, "The routine is not valid. Edit it again?")? {
            writeln!(err, "Nothing was saved.")?;
            return Ok(ExitCode::FAILURE);
        }
    }
}

/// The routine an edit made, and the file it goes to; or what is wrong with it.
fn check_edit(
    catalogue: &Catalogue,
    bytes: &[u8],
    target: &Target,
) -> Result<(Routine, PathBuf), String> {
    let label = match target {
        Target::New { dir } => dir.join("new-routine.toml"),
        Target::Existing { path, .. } => path.clone(),
    }
    .display()
    .to_string();
    let routine = parse_routine(
        &label,
        bytes,
        Origin::User {
            path: label.clone(),
        },
    )
    .map_err(|e| e.to_string())?;
    match target {
        Target::New { dir } => {
            if let Some(other) = catalogue.get(&routine.id) {
                return Err(format!(
                    "{label}:1:1: id \"{}\" is already used by {}; choose another",
                    routine.id,
                    match &other.origin {
                        Origin::Builtin => "a bundled routine".to_owned(),
                        Origin::User { path } => path.clone(),
                    }
                ));
            }
            let path = store::free_routine_path(dir, routine.id.as_str());
            Ok((routine, path))
        }
        Target::Existing { path, id } => {
            if routine.id == id.as_str() {
                Ok((routine, path.clone()))
            } else {
                Err(format!(
                    "{label}:1:1: the id cannot change from \"{id}\" to \"{}\" (your history \
                     refers to it); change the title instead, or make a copy under a new id \
                     with `lull routine new --from {id}`",
                    routine.id
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_is_a_valid_routine() {
        let routine = parse_routine("template", TEMPLATE.as_bytes(), Origin::Builtin);
        assert!(
            routine.is_ok(),
            "{:?}",
            routine.err().map(|e| e.to_string())
        );
    }
}
