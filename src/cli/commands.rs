//! The subcommands.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use serde_json::{Value, json};

use super::args::{Cli, CliCommand};
use super::format::{clock, secs_json};
use crate::catalogue::Catalogue;
use crate::domain::id::RoutineId;
use crate::domain::routine::{MAX_FILE_BYTES, Origin, Routine, Step, parse_routine};
use crate::domain::safety::{
    RedFlag, SafeStep, ScreeningAnswers, Verdict, evaluate, headache_check, parse_answers,
};
use crate::domain::vocabulary::Program;
use crate::store;

/// Largest answers file read.
const MAX_ANSWERS_BYTES: u64 = 64 * 1024;

pub fn run(cli: &Cli, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let Some(command) = &cli.command else {
        bail!("no command given (the desktop app is started by the `lull` binary itself)");
    };
    match command {
        CliCommand::Play { .. } | CliCommand::Sleep { .. } => {
            bail!("`play` and `sleep` open the desktop app and are handled by the binary")
        }
        CliCommand::List { program, json } => list(out, err, *program, *json),
        CliCommand::Show { id, json } => show(out, err, id, *json),
        CliCommand::Check { files } => check(out, err, files),
        CliCommand::Screen { answers, json } => screen(out, err, answers, *json),
        CliCommand::HeadacheCheck { answers, json } => headache(out, err, answers, *json),
        CliCommand::Generate { what } => super::generate::generate(out, what),
        CliCommand::Voice { action } => super::voice::voice(out, err, action),
        CliCommand::Routine { action } => super::routine::routine(out, err, action),
        CliCommand::SoundCheck { seconds } => super::sound::sound_check(out, err, *seconds),
        CliCommand::History {
            diary: true,
            months,
            to,
            out: path,
            ..
        } => super::nightly::doctor_diary(out, err, *months, to.as_deref(), path.as_deref()),
        CliCommand::History { json, csv, .. } => super::nightly::history(out, err, *json, *csv),
        CliCommand::Schedule { action } => super::nightly::schedule(out, err, action),
        CliCommand::Export {
            routine,
            out: path,
            answers,
            ambience,
            tail_minutes,
            no_pacer_tone,
            ticks,
            no_ticks,
            no_voice,
        } => {
            let (catalogue, Some(answers)) =
                catalogue_and_answers(err, routine, answers.as_deref())?
            else {
                return Ok(ExitCode::from(2));
            };
            let base = super::export::saved_audio_settings(err)?;
            let options = super::export::ExportOptions {
                ambience: ambience.clone(),
                tail_minutes: *tail_minutes,
                pacer_tone: !*no_pacer_tone,
                ticks: if *ticks || *no_ticks {
                    *ticks
                } else {
                    base.ticks_enabled
                },
                voice: !*no_voice,
                base,
            };
            super::export::export(out, err, &catalogue, routine, path, &answers, &options)
        }
        CliCommand::Handout {
            routine,
            out: path,
            answers,
        } => {
            let (catalogue, Some(answers)) =
                catalogue_and_answers(err, routine, answers.as_deref())?
            else {
                return Ok(ExitCode::from(2));
            };
            super::export::handout(out, err, &catalogue, routine, path, &answers)
        }
        CliCommand::Ambience {
            preset,
            minutes,
            fade,
            out: path,
            list,
        } => super::export::ambience(
            out,
            err,
            preset.as_deref(),
            (*minutes, *fade),
            path.as_deref(),
            *list,
        ),
    }
}

/// The catalogue and the answers to screen `routine` with: those of `answers_file`, or the
/// ones saved in the app (`None`, said on `err`, when there are none to use). What the
/// answers call for (get advice today, call the emergency number…) is printed before
/// anything else, so the messages about loading them wait.
fn catalogue_and_answers(
    err: &mut dyn Write,
    routine: &str,
    answers_file: Option<&Path>,
) -> anyhow::Result<(Catalogue, Option<ScreeningAnswers>)> {
    let mut said = Vec::new();
    let catalogue = load_catalogue(&mut said)?;
    let answers = if let Some(path) = answers_file {
        read_answers(path).context("cannot use the answers file")?
    } else {
        let hands_on = catalogue
            .get(routine)
            .is_some_and(crate::domain::routine::Routine::has_touch);
        let Some(answers) = super::export::saved_answers(&mut said, hands_on)? else {
            err.write_all(&said)?;
            return Ok((catalogue, None));
        };
        answers
    };
    print_advice(err, &answers)?;
    err.write_all(&said)?;
    Ok((catalogue, Some(answers)))
}

/// The bundled routines plus the user's own, with problems reported on `err`.
pub fn load_catalogue(err: &mut dyn Write) -> anyhow::Result<Catalogue> {
    let mut files = Vec::new();
    if let Some(dirs) = store::AppDirs::standard() {
        let dir = store::user_routines_dir(&dirs);
        let unreadable;
        (files, unreadable) = store::read_user_routines(&dirs);
        for e in unreadable {
            // The folder itself, or one file in it.
            if matches!(&e, store::StoreError::Io { path, .. } if *path == dir) {
                writeln!(err, "warning: cannot read your routines: {e}")?;
            } else {
                writeln!(err, "warning: skipping your routine: {e}")?;
            }
        }
    }
    let (catalogue, problems) = Catalogue::with_user_files(files);
    for problem in problems {
        writeln!(err, "warning: skipping a routine:\n{problem}")?;
    }
    Ok(catalogue)
}

fn list(
    out: &mut dyn Write,
    err: &mut dyn Write,
    program: Option<Program>,
    as_json: bool,
) -> anyhow::Result<ExitCode> {
    let catalogue = load_catalogue(err)?;
    let routines: Vec<&Routine> = catalogue
        .routines()
        .iter()
        .filter(|r| program.is_none_or(|p| r.program == p))
        .collect();
    if as_json {
        let items: Vec<Value> = routines
            .iter()
            .map(|r| {
                json!({
                    "id": r.id,
                    "title": r.title,
                    "program": r.program,
                    "duration_secs": secs_json(r.duration()),
                    "step_count": r.steps.len(),
                })
            })
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&items)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    for p in Program::ALL {
        let in_program: Vec<&&Routine> = routines.iter().filter(|r| r.program == *p).collect();
        if in_program.is_empty() {
            continue;
        }
        writeln!(out, "{}", p.label())?;
        for r in in_program {
            let mine = if matches!(r.origin, Origin::User { .. }) {
                "  (yours)"
            } else {
                ""
            };
            writeln!(
                out,
                "  {:<30} {:>6}  {:>2} steps  {}{mine}",
                r.id,
                clock(r.duration()),
                r.steps.len(),
                r.title
            )?;
        }
        writeln!(out)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn step_json(step: &Step) -> Value {
    json!({
        "title": step.title,
        "instruction": step.instruction,
        "kind": step.kind,
        "duration_secs": secs_json(step.duration()),
        "tags": step.tags,
        "side": step.side,
    })
}

fn show(
    out: &mut dyn Write,
    err: &mut dyn Write,
    id: &str,
    as_json: bool,
) -> anyhow::Result<ExitCode> {
    let catalogue = load_catalogue(err)?;
    let Some(r) = catalogue.get(id) else {
        return super::export::no_routine(err, id);
    };
    if as_json {
        let value = json!({
            "id": r.id,
            "title": r.title,
            "program": r.program,
            "summary": r.summary,
            "position": r.position,
            "ambience": r.ambience,
            "duration_secs": secs_json(r.duration()),
            "sources": r.sources,
            "steps": r.steps.iter().map(step_json).collect::<Vec<_>>(),
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "{} ({}, {}, {})",
        r.title,
        r.program.label(),
        clock(r.duration()),
        r.position
    )?;
    writeln!(out, "{}\n", r.summary)?;
    for (i, s) in r.steps.iter().enumerate() {
        let side = s.side.map(|s| format!(" [{s}]")).unwrap_or_default();
        let pattern = s
            .breathing()
            .map(|p| format!(" breathing {p}"))
            .unwrap_or_default();
        writeln!(
            out,
            "{:>2}. {}{side}  {}{pattern}",
            i + 1,
            s.title,
            clock(s.duration())
        )?;
        writeln!(out, "    {}", s.instruction)?;
        let tags: Vec<String> = s.tags.iter().map(ToString::to_string).collect();
        if !tags.is_empty() {
            writeln!(out, "    tags: {}", tags.join(", "))?;
        }
        if let Some(sub) = &s.substitute {
            writeln!(
                out,
                "    substitute: {} ({})",
                sub.title,
                clock(sub.duration())
            )?;
        }
    }
    if !r.sources.is_empty() {
        writeln!(out, "\nSources:")?;
        for source in &r.sources {
            writeln!(out, "  - {source}")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn check(
    out: &mut dyn Write,
    err: &mut dyn Write,
    files: &[std::path::PathBuf],
) -> anyhow::Result<ExitCode> {
    let (builtin, _) = Catalogue::builtin();
    let mut failed = false;
    let mut seen_ids: Vec<(RoutineId, String)> = Vec::new();
    // The voice that measures spoken lengths, set up at the first routine that parses.
    let mut speaker: Option<Option<crate::speech::Speaker>> = None;
    for path in files {
        let name = path.display().to_string();
        let bytes = match store::read_limited(path, MAX_FILE_BYTES as u64) {
            Ok(bytes) => bytes,
            // The store's messages already name the path: print each once.
            Err(store::StoreError::TooLarge { size, max, .. }) => {
                writeln!(
                    err,
                    "{name}:1:1: file must be at most {max} bytes (256 KiB), got {size}"
                )?;
                failed = true;
                continue;
            }
            Err(e) => {
                writeln!(err, "{e}")?;
                failed = true;
                continue;
            }
        };
        match parse_routine(&name, &bytes, Origin::User { path: name.clone() }) {
            Ok(routine) => {
                // A bundled file checked in place (assets/routines/...) is itself, not a clash.
                let normalized = name.replace('\\', "/");
                let is_bundled_file = crate::catalogue::BUILTIN_ROUTINES
                    .iter()
                    .any(|(file, _)| normalized.ends_with(&format!("assets/routines/{file}")));
                let clash = builtin
                    .get(&routine.id)
                    .filter(|b| matches!(b.origin, Origin::Builtin) && !is_bundled_file)
                    .map(|_| "a bundled routine".to_owned())
                    .or_else(|| {
                        seen_ids
                            .iter()
                            .find(|(id, _)| *id == routine.id)
                            .map(|(_, f)| f.clone())
                    });
                if let Some(other) = clash {
                    writeln!(
                        err,
                        "{name}:1:1: id \"{}\" is already used by {other}",
                        routine.id
                    )?;
                    failed = true;
                } else {
                    writeln!(
                        out,
                        "{name}: ok ({}, {} steps, {})",
                        routine.id,
                        routine.steps.len(),
                        clock(routine.duration())
                    )?;
                    check_warnings(err, &name, &bytes, &routine)?;
                    if speaker.is_none() {
                        let settings = super::export::saved_audio_settings(err)?.voice;
                        speaker = Some(super::voice::speaker(err, &settings)?);
                    }
                    if let Some(Some(speaker)) = speaker.as_mut() {
                        super::voice::speech_warnings(err, &name, &bytes, &routine, speaker)?;
                    }
                    seen_ids.push((routine.id, name));
                }
            }
            Err(errors) => {
                writeln!(err, "{errors}")?;
                failed = true;
            }
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Reads and parses an answers file, as it stands today (pregnancy weeks counted on from
/// `pregnancy_weeks_on`).
pub fn read_answers(path: &Path) -> anyhow::Result<ScreeningAnswers> {
    use crate::clock::{Calendar as _, SystemCalendar};
    let text = store::read_text(path, MAX_ANSWERS_BYTES)?;
    let answers =
        parse_answers(&path.display().to_string(), &text).map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(answers.on(SystemCalendar.today()))
}

/// The emergency number the user set in the app (Settings), or the placeholder that names
/// the common ones.
pub fn emergency_number() -> String {
    match super::export::load_saved_settings() {
        Some(store::Loaded::Ok(s)) => s.sanitized().emergency_number().to_owned(),
        _ => crate::profile::settings::DEFAULT_EMERGENCY_NUMBER.to_owned(),
    }
}

/// Prints what the answers call for (emergency, urgent or see-a-doctor headache advice, a
/// condition's advice for today) before anything else, as the app shows it first.
pub fn print_advice(w: &mut dyn Write, answers: &ScreeningAnswers) -> anyhow::Result<()> {
    let lines = crate::domain::safety::advice_lines(answers, &emergency_number());
    for line in &lines {
        writeln!(w, "{line}")?;
    }
    if !lines.is_empty() {
        writeln!(w)?;
    }
    Ok(())
}

fn safe_step_json(s: &SafeStep) -> Value {
    json!({
        "title": s.step.title,
        "kind": s.step.kind,
        "duration_secs": secs_json(s.step.duration()),
        "tags": s.step.tags,
        "substituted": s.substituted,
        "note": s.note,
    })
}

fn screen(
    out: &mut dyn Write,
    err: &mut dyn Write,
    answers: &Path,
    as_json: bool,
) -> anyhow::Result<ExitCode> {
    let answers = read_answers(answers).context("cannot use the answers file")?;
    // The advice comes first: on standard output for people, on standard error with --json
    // (so the JSON stays valid).
    if as_json {
        print_advice(err, &answers)?;
    } else {
        print_advice(out, &answers)?;
    }
    let catalogue = load_catalogue(err)?;
    let verdicts: Vec<(&Routine, Verdict)> = catalogue
        .routines()
        .iter()
        .map(|r| (r, evaluate(r, &answers)))
        .collect();
    if as_json {
        let items: Vec<Value> = verdicts
            .iter()
            .map(|(r, v)| {
                let steps: Vec<Value> = v
                    .routine()
                    .map(|s| s.steps().iter().map(safe_step_json).collect())
                    .unwrap_or_default();
                let changes: Vec<Value> = v
                    .routine()
                    .map(|s| {
                        s.changes()
                            .iter()
                            .map(|c| {
                                json!({
                                    "step_number": c.step_number,
                                    "title": c.title,
                                    "action": c.action,
                                    "reasons": c.reasons,
                                    "description": c.describe(),
                                })
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let conditions: Vec<&str> = match v {
                    Verdict::NeedsClinician { conditions } => {
                        conditions.iter().map(|c| c.as_str()).collect()
                    }
                    _ => Vec::new(),
                };
                json!({
                    "id": r.id,
                    "program": r.program,
                    "status": v.status(),
                    "reason": v.reason(),
                    "duration_secs": v.routine().map(|s| secs_json(s.duration())),
                    "conditions": conditions,
                    "steps": steps,
                    "changes": changes,
                })
            })
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&items)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    for (r, v) in &verdicts {
        let length = v
            .routine()
            .map(|s| clock(s.duration()))
            .unwrap_or_else(|| "-".to_owned());
        writeln!(
            out,
            "{:<16} {:<30} {:>6}  {}",
            v.status(),
            r.id,
            length,
            r.title
        )?;
        if let Some(reason) = v.reason() {
            writeln!(out, "{:16} {reason}", "")?;
        }
        if let Some(safe) = v.routine() {
            for c in safe.changes() {
                writeln!(out, "{:16}   - {}", "", c.describe())?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn headache(
    out: &mut dyn Write,
    err: &mut dyn Write,
    answers: &Path,
    as_json: bool,
) -> anyhow::Result<ExitCode> {
    let path = answers;
    let answers = read_answers(answers).context("cannot use the answers file")?;
    if !answers.headache_checked {
        // Never "clear" for questions nobody answered.
        if as_json {
            let value = json!({ "tier": "not-answered", "reasons": [] });
            writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        } else {
            writeln!(
                out,
                "not answered: {} has no [headache] answers",
                path.display()
            )?;
        }
        writeln!(
            err,
            "error: the headache questions were not answered: {}",
            super::export::ADD_HEADACHE_ANSWERS
        )?;
        return Ok(ExitCode::from(2));
    }
    let flags: Vec<RedFlag> = answers.headache.iter().copied().collect();
    let result = headache_check(&flags);
    if as_json {
        let value = json!({
            "tier": result.tier.as_str(),
            "reasons": result.reasons.iter().map(|f| f.as_str()).collect::<Vec<_>>(),
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let fast = result.reasons.iter().any(|f| f.shows_fast_signs());
    let lines = crate::domain::safety::headache_lines(result.tier, &emergency_number(), fast);
    writeln!(out, "{}:", result.tier.as_str())?;
    if lines.is_empty() {
        writeln!(
            out,
            "No red flags. Most headaches are not dangerous; stop if anything gets worse."
        )?;
    }
    for line in lines {
        writeln!(out, "{line}")?;
    }
    if !result.reasons.is_empty() {
        writeln!(out, "Your answers:")?;
    }
    for flag in &result.reasons {
        writeln!(out, "  - {}", flag.question())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints the wording warnings of a routine that parsed (words its tags do not cover,
/// health claims, forceful wording, an unexplained dark screen) as
/// `FILE:LINE:COL: warning: step N "Title": ...` at the field the words are in. Warnings
/// never fail the check.
pub(super) fn check_warnings(
    err: &mut dyn Write,
    name: &str,
    bytes: &[u8],
    routine: &Routine,
) -> anyhow::Result<()> {
    let text = String::from_utf8_lossy(bytes);
    for warning in crate::domain::routine::wording::routine_warnings(routine) {
        let step = warning.step.as_ref().map(|(number, _)| *number);
        let position = crate::domain::routine::field_position(
            &text,
            step,
            warning.substitute_depth,
            warning.field,
        )
        .unwrap_or(crate::domain::routine::Position { line: 1, column: 1 });
        writeln!(
            err,
            "{name}:{}:{}: warning: {warning}",
            position.line, position.column
        )?;
    }
    Ok(())
}
