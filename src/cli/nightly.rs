//! `lull history` and `lull schedule`.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use super::args::ScheduleAction;
use super::format::clock;
use crate::catalogue::Catalogue;
use crate::clock::{Calendar as _, SystemCalendar};
use crate::domain::diary::{DoctorDiary, YearMonth};
use crate::domain::history::{History, record_date, record_time, to_csv};
use crate::domain::id::{PresetId, RoutineId};
use crate::domain::schedule::{Day, Tail, WindDownPlan, next_bedtime, parse_time};
use crate::domain::vocabulary::Program;
use crate::platform::autostart::{Autostart as _, AutostartError, SystemdAutostart};
use crate::platform::systemd::SystemdError;
use crate::profile::settings::Settings;
use crate::store::{self, AppDirs, AppFiles, HistoryFile, Loaded, SETTINGS_FILE};

fn dirs() -> anyhow::Result<AppDirs> {
    AppDirs::standard().ok_or_else(|| anyhow::anyhow!("cannot find your home folder"))
}

/// The most months `lull history --diary` covers.
pub const MAX_DIARY_MONTHS: u32 = 24;

/// Writes (or prints) the headache diary for a doctor: `months` calendar months up to `to`
/// (`YYYY-MM`, default this month). A PDF is refused for now (exit 2), as is any other file
/// type, before anything is read.
pub fn doctor_diary(
    out: &mut dyn Write,
    err: &mut dyn Write,
    months: u32,
    to: Option<&str>,
    path: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    if !(1..=MAX_DIARY_MONTHS).contains(&months) {
        writeln!(
            err,
            "error: --months must be 1 to {MAX_DIARY_MONTHS}, got {months}"
        )?;
        return Ok(ExitCode::from(2));
    }
    let last = match to {
        None => YearMonth::of(SystemCalendar.today()),
        Some(text) => {
            let Some(month) = YearMonth::parse(text) else {
                writeln!(
                    err,
                    "error: --to must be a month as YYYY-MM, got \"{text}\""
                )?;
                return Ok(ExitCode::from(2));
            };
            month
        }
    };
    if let Some(path) = path {
        let kind = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if !matches!(kind.as_str(), "csv" | "pdf") {
            writeln!(
                err,
                "error: --out must name a .csv or .pdf file, got {}",
                path.display()
            )?;
            return Ok(ExitCode::from(2));
        }
    }
    let history = load_history(err)?;
    let diary = DoctorDiary::build(&history, last, months);
    let Some(path) = path else {
        write!(out, "{}", diary.to_csv())?;
        return Ok(ExitCode::SUCCESS);
    };
    let pdf = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    let bytes = if pdf {
        crate::ui::print::diary_pdf(&diary, &SystemCalendar.today().to_string())
    } else {
        diary.to_csv().into_bytes()
    };
    store::write_atomic(path, &bytes)?;
    writeln!(
        err,
        "wrote the diary for {} months up to {} to {}",
        months,
        last.name(),
        path.display()
    )?;
    Ok(ExitCode::SUCCESS)
}

/// The history, with what could not be read said on `err`.
fn load_history(err: &mut dyn Write) -> anyhow::Result<History> {
    let dirs = dirs()?;
    let load = HistoryFile::in_dir(&dirs.data).load(&SystemCalendar.stamp())?;
    if let Some(kept) = &load.kept_at {
        writeln!(
            err,
            "warning: {} lines could not be read; the original file was kept as {}",
            load.bad_lines.len(),
            kept.display()
        )?;
    }
    if let Some(why) = &load.not_repaired {
        for (line, problem) in &load.bad_lines {
            writeln!(err, "warning: history line {line} skipped: {problem}")?;
        }
        writeln!(
            err,
            "warning: the file was left as it is ({why}); the other lines are shown"
        )?;
    }
    Ok(load.history)
}

/// Prints the history.
pub fn history(
    out: &mut dyn Write,
    err: &mut dyn Write,
    json: bool,
    csv: bool,
) -> anyhow::Result<ExitCode> {
    let h = load_history(err)?;
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&h.sessions)?)?;
    } else if csv {
        write!(out, "{}", to_csv(&h))?;
    } else if h.sessions.is_empty() {
        writeln!(out, "No sessions yet.")?;
    } else {
        for s in &h.sessions {
            let rating = match (s.before, s.after) {
                (Some(b), Some(a)) => format!("{b} -> {a}"),
                (Some(b), None) => format!("{b} -> ?"),
                _ => String::new(),
            };
            writeln!(
                out,
                "{} {}  {:<36} {:>6}  {:<10} {rating}",
                record_date(s).map(|d| d.to_string()).unwrap_or_default(),
                record_time(s).unwrap_or_default(),
                s.title(),
                clock(std::time::Duration::from_secs(s.actual_secs)),
                if s.completed { "done" } else { "stopped" },
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The settings, and whether they may be written back. A corrupt file has been kept aside
/// (said on `err`) and defaults apply; a file from a newer Lull is read but never rewritten.
fn load_settings(files: &AppFiles, err: &mut dyn Write) -> anyhow::Result<(Settings, bool)> {
    match files.load::<Settings>(SETTINGS_FILE, &SystemCalendar.stamp()) {
        Loaded::Ok(s) if s.is_from_newer_lull() => {
            writeln!(
                err,
                "warning: {} was written by a newer Lull (format {}); it is read but not changed",
                files.settings_path().display(),
                s.version
            )?;
            Ok((s.sanitized(), false))
        }
        Loaded::Ok(s) => Ok((s.sanitized(), true)),
        Loaded::Missing => Ok((Settings::default(), true)),
        Loaded::Corrupt { problem, kept_at } => {
            let kept = kept_at.map_or_else(
                || "it could not be moved aside".to_owned(),
                |k| format!("the file was kept as {}", k.display()),
            );
            writeln!(
                err,
                "warning: your settings could not be read ({problem}); {kept}; using defaults"
            )?;
            // Kept aside: writing defaults now overwrites nothing. Not moved: leave it be.
            Ok((Settings::default(), !store::is_file(&files.settings_path())))
        }
        Loaded::Unreadable(problem) => anyhow::bail!("cannot read your settings: {problem}"),
    }
}

fn describe(plan: &WindDownPlan, catalogue: &Catalogue) -> Vec<String> {
    let days: Vec<&str> = plan.days.iter().map(|d| d.as_str()).collect();
    let title = catalogue
        .get(&plan.routine)
        .map_or("(unknown routine)", |r| r.title.as_str());
    let mut lines = vec![
        format!("reminder:  {}", if plan.enabled { "on" } else { "off" }),
        format!("bedtime:   {} on {}", plan.bedtime, days.join(",")),
        format!("routine:   {} ({title})", plan.routine),
        format!(
            "ambience:  {}",
            plan.ambience
                .as_ref()
                .map_or("the routine's own", PresetId::as_str)
        ),
        format!("tail:      {}", plan.tail.label()),
        format!("fade-out:  {} min", plan.fade_minutes),
    ];
    if let Some(at) = parse_time(&plan.bedtime)
        && let Some(next) = next_bedtime(&SystemCalendar.now_zoned(), at, &plan.days)
    {
        lines.push(format!("next:      {next}"));
    }
    lines
}

fn parse_days(text: &str) -> anyhow::Result<BTreeSet<Day>> {
    if text == "all" {
        return Ok(Day::ALL.iter().copied().collect());
    }
    text.split(',')
        .map(|d| {
            Day::parse(d.trim()).ok_or_else(|| {
                anyhow::anyhow!("unknown day \"{d}\", expected {} or all", Day::expected())
            })
        })
        .collect()
}

fn parse_tail(text: &str) -> anyhow::Result<Tail> {
    Ok(match text {
        "until-stopped" => Tail::UntilStopped,
        "0" => Tail::Off,
        "15" | "30" | "45" | "60" => Tail::Minutes(text.parse()?),
        other => {
            anyhow::bail!("--tail must be 0, 15, 30, 45, 60 or until-stopped, got \"{other}\"")
        }
    })
}

/// The bedtime timer for this user and this program.
fn timer(dirs: &AppDirs) -> anyhow::Result<SystemdAutostart> {
    let config_home = dirs
        .config
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();
    Ok(SystemdAutostart::new(&config_home, store::current_exe()?))
}

/// `lull schedule …`
pub fn schedule(
    out: &mut dyn Write,
    err: &mut dyn Write,
    action: &ScheduleAction,
) -> anyhow::Result<ExitCode> {
    let dirs = dirs()?;
    let files = AppFiles::new(dirs.clone());
    let (mut settings, may_save) = load_settings(&files, err)?;
    let (catalogue, _) = Catalogue::builtin();
    match action {
        ScheduleAction::Show => {
            for line in describe(&settings.wind_down, &catalogue) {
                writeln!(out, "{line}")?;
            }
        }
        ScheduleAction::Set {
            time,
            days,
            routine,
            ambience,
            tail,
            fade,
            enabled,
        } => {
            let plan = &mut settings.wind_down;
            if let Some(t) = time {
                if parse_time(t).is_none() {
                    writeln!(err, "error: --time must be HH:MM (24-hour), got \"{t}\"")?;
                    return Ok(ExitCode::from(2));
                }
                plan.bedtime.clone_from(t);
            }
            if let Some(d) = days {
                plan.days = parse_days(d)?;
            }
            if let Some(r) = routine {
                match catalogue.get(r) {
                    Some(found) if found.program == Program::Sleep => {
                        plan.routine = RoutineId::new(r.as_str());
                    }
                    _ => {
                        writeln!(
                            err,
                            "error: \"{r}\" is not a sleep routine (see `lull list --program sleep`)"
                        )?;
                        return Ok(ExitCode::from(2));
                    }
                }
            }
            if let Some(a) = ambience {
                if !a.is_empty() && super::export::find_preset(a).is_none() {
                    writeln!(
                        err,
                        "error: no ambience preset \"{a}\" (see `lull ambience --list`)"
                    )?;
                    return Ok(ExitCode::from(2));
                }
                plan.ambience = (!a.is_empty()).then(|| PresetId::new(a.as_str()));
            }
            if let Some(t) = tail {
                plan.tail = parse_tail(t)?;
            }
            if let Some(f) = fade {
                plan.fade_minutes = (*f).min(30);
            }
            if let Some(e) = enabled {
                plan.enabled = *e;
            }
            if !may_save {
                anyhow::bail!(
                    "not changing {}: it is kept as it is (see the warning above)",
                    files.settings_path().display()
                );
            }
            files.save(SETTINGS_FILE, &settings)?;
            for line in describe(&settings.wind_down, &catalogue) {
                writeln!(out, "{line}")?;
            }
            if let Some(problem) = settings.wind_down.problem() {
                writeln!(err, "warning: the wind-down will not start: {problem}")?;
            }
        }
        ScheduleAction::Install => {
            if let Some(problem) = settings.wind_down.problem() {
                writeln!(
                    err,
                    "error: cannot install the timer: {problem} (see `lull schedule set --help`)"
                )?;
                return Ok(ExitCode::from(2));
            }
            let timer_path = match timer(&dirs)?.install(&settings.wind_down) {
                Ok(path) => path,
                Err(e @ AutostartError::Systemd(SystemdError::Unavailable(_))) => {
                    writeln!(err, "{e}")?;
                    return Ok(ExitCode::FAILURE);
                }
                Err(e) => return Err(e.into()),
            };
            writeln!(
                out,
                "Installed {} — the wind-down starts at {} on {}.",
                timer_path.display(),
                settings.wind_down.bedtime,
                settings
                    .wind_down
                    .days
                    .iter()
                    .map(|d| d.as_str())
                    .collect::<Vec<_>>()
                    .join(",")
            )?;
            writeln!(out, "Undo with `lull schedule remove`.")?;
        }
        ScheduleAction::Remove => {
            let removed = timer(&dirs)?.remove()?;
            writeln!(
                out,
                "{}",
                if removed {
                    "Removed the wind-down timer."
                } else {
                    "No wind-down timer was installed."
                }
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_tails_parse() {
        assert_eq!(parse_days("mon,sun").unwrap().len(), 2);
        assert_eq!(parse_days("all").unwrap().len(), 7);
        assert!(parse_days("funday").is_err());
        assert_eq!(parse_tail("until-stopped").unwrap(), Tail::UntilStopped);
        assert_eq!(parse_tail("30").unwrap(), Tail::Minutes(30));
        assert!(parse_tail("20").is_err());
    }
}
