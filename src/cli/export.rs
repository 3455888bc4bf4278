//! `lull export` and `lull ambience`: render to WAV files, with a progress bar on a terminal.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::sync::mpsc::Receiver;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use super::format::clock;
use crate::audio::engine::LayerSpec;
use crate::audio::file_loop::{MediaSource, Opener, SoundFileError};
use crate::audio::layers::build_layers_notifying;
use crate::audio::loudness::Loudness;
use crate::audio::render::{RenderPlan, render};
use crate::catalogue::Catalogue;
use crate::domain::safety::{SafeRoutine, ScreeningAnswers, Verdict, evaluate};
use crate::domain::soundscape::{
    AudioSettings, FALLBACK_PRESET, Preset, bundled_preset, bundled_presets,
};
use crate::domain::vocabulary::Program;
use crate::store;

/// Exports are written at this rate (plays everywhere, including phones).
pub const EXPORT_RATE: u32 = 44_100;
/// Longest ambience file: a night (past 4 GiB the WAV is written as RF64).
pub const MAX_AMBIENCE_MINUTES: u32 = crate::domain::sound_session::MAX_MINUTES;
/// Longest ambience tail after a routine.
const MAX_TAIL_MINUTES: u32 = 120;

/// Options for `lull export`.
pub struct ExportOptions {
    /// Preset id overriding the routine's own.
    pub ambience: Option<String>,
    /// Minutes of ambience after the routine.
    pub tail_minutes: u32,
    /// Pacer tones on.
    pub pacer_tone: bool,
    /// Ten-second ticks on.
    pub ticks: bool,
    /// Spoken guidance (as in `base.voice`), unless false.
    pub voice: bool,
    /// The rest of the audio settings (volume, cue volume, cues, breath sync): the user's
    /// saved ones, or the defaults.
    pub base: AudioSettings,
}

/// The safety answers saved in the app (in force today), saying on `err` which were used.
/// `None` (with the reason on `err`) when there are none to use: the export must not run
/// unscreened. A `hands_on` routine also needs today's "are you unwell?" answer, as in the
/// app.
pub fn saved_answers(
    err: &mut dyn Write,
    hands_on: bool,
) -> anyhow::Result<Option<ScreeningAnswers>> {
    use crate::clock::{Calendar as _, SystemCalendar};
    use crate::profile::safety_record::SafetyRecord;
    let ask = "give --answers FILE (see docs/cli.md) or answer the safety questions in the app";
    let Some(dirs) = store::AppDirs::standard() else {
        writeln!(err, "error: cannot find your home folder; {ask}")?;
        return Ok(None);
    };
    let files = store::AppFiles::new(dirs);
    let path = files.safety_path();
    let today = SystemCalendar.today();
    match files.load::<SafetyRecord>(store::SAFETY_FILE, &SystemCalendar.stamp()) {
        store::Loaded::Ok(record) if record.needs_reask(today) => {
            writeln!(
                err,
                "error: your saved safety answers ({}, answered on {}) are due to be asked again; {ask}",
                path.display(),
                record.answered_on
            )?;
            Ok(None)
        }
        store::Loaded::Ok(record) if hands_on && !record.checked_today(today) => {
            writeln!(
                err,
                "error: before a hands-on routine Lull asks whether you are unwell today (a \
                 fever or an infection); answer it in the app (start any hands-on routine), \
                 or give --answers FILE"
            )?;
            Ok(None)
        }
        store::Loaded::Ok(record) => {
            writeln!(
                err,
                "using your saved safety answers from {} (answered on {})",
                path.display(),
                record.answered_on
            )?;
            Ok(Some(record.answers_today(today)))
        }
        store::Loaded::Missing => {
            writeln!(err, "error: no saved safety answers; {ask}")?;
            Ok(None)
        }
        store::Loaded::Corrupt { problem, .. } | store::Loaded::Unreadable(problem) => {
            writeln!(
                err,
                "error: cannot use your saved safety answers ({problem}); {ask}"
            )?;
            Ok(None)
        }
    }
}

/// The settings saved in the app (`settings.toml`), as loaded; `None` without a home folder.
pub fn load_saved_settings() -> Option<store::Loaded<crate::profile::settings::Settings>> {
    use crate::clock::{Calendar as _, SystemCalendar};
    let files = store::AppFiles::new(store::AppDirs::standard()?);
    Some(files.load(store::SETTINGS_FILE, &SystemCalendar.stamp()))
}

/// The message for a file without today's headache answers, where they are needed.
pub const ADD_HEADACHE_ANSWERS: &str = "add today's answers to the answers file as\n[headache]\nanswers = []   # or the ids that apply (see docs/cli.md)";

/// The audio settings saved in the app (`settings.toml`), or the defaults; never muted (an
/// export is made to be heard).
pub fn saved_audio_settings(err: &mut dyn Write) -> anyhow::Result<AudioSettings> {
    let Some(loaded) = load_saved_settings() else {
        return Ok(AudioSettings::default());
    };
    let audio = match loaded {
        store::Loaded::Ok(s) => s.sanitized().audio,
        store::Loaded::Missing => AudioSettings::default(),
        store::Loaded::Corrupt { problem, .. } | store::Loaded::Unreadable(problem) => {
            writeln!(
                err,
                "warning: cannot use your saved sound settings ({problem}); using the defaults"
            )?;
            AudioSettings::default()
        }
    };
    Ok(AudioSettings {
        muted: false,
        ..audio
    })
}

fn opener_for(name: &str) -> Option<Opener> {
    let dirs = store::AppDirs::standard()?;
    let mut open = store::user_sound_opener(&dirs, name)?;
    Some(Box::new(move || {
        open().map(|f| Box::new(f) as Box<dyn MediaSource>)
    }))
}

/// The layers of preset `id` at the export rate, with the problems of the user's sound files
/// said on `err`, and where files that stop while rendering will say so. `None` (said on
/// `err`) when there is no such preset.
fn preset_layers(
    id: &str,
    err: &mut dyn Write,
) -> anyhow::Result<Option<(Vec<LayerSpec>, Receiver<SoundFileError>)>> {
    let Some(preset) = find_preset(id) else {
        writeln!(
            err,
            "error: no ambience preset \"{id}\" (see `lull ambience --list`)"
        )?;
        return Ok(None);
    };
    let (notices, file_notices) = std::sync::mpsc::channel();
    let (layers, problems) = build_layers_notifying(
        &preset.normalized_layers(),
        EXPORT_RATE,
        7,
        &mut opener_for,
        Some(&notices),
    );
    for p in problems {
        writeln!(err, "warning: {p}")?;
    }
    Ok(Some((layers, file_notices)))
}

/// Renders `plan` to `path`, then says which sound files stopped and what was written.
fn render_and_report(
    out: &mut dyn Write,
    err: &mut dyn Write,
    path: &Path,
    plan: RenderPlan,
    routine: Option<&SafeRoutine>,
    file_notices: &Receiver<SoundFileError>,
) -> anyhow::Result<ExitCode> {
    let timer = crate::clock::Stopwatch::start();
    let (loudness, total) = write_wav(path, plan, routine)?;
    for notice in file_notices.try_iter() {
        writeln!(err, "warning: {notice}")?;
    }
    report(out, path, total, &loudness, timer.elapsed())?;
    Ok(ExitCode::SUCCESS)
}

fn progress_bar(total: Duration) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(1_000), indicatif::ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} rendering {msg} [{bar:40}] {percent:>3}%")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(clock(total));
    bar
}

fn write_wav(
    path: &Path,
    plan: RenderPlan,
    routine: Option<&SafeRoutine>,
) -> anyhow::Result<(Loudness, Duration)> {
    use crate::clock::{Calendar as _, SystemCalendar};
    let total = plan.total();
    // What an earlier export killed half-way left in that folder (only Lull's own
    // temporaries, ten minutes old or more).
    let secs = u64::try_from(SystemCalendar.now_zoned().timestamp().as_second()).unwrap_or(0);
    store::sweep_temporaries(
        path.parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or_else(|| Path::new(".")),
        std::time::UNIX_EPOCH + Duration::from_secs(secs),
    );
    let mut file = store::WavFile::create(path, plan.rate)?;
    let bar = progress_bar(total);
    let loudness = render(
        plan,
        routine,
        &mut |samples| file.write(samples),
        &mut |done| {
            bar.set_position((done * 1_000.0) as u64);
        },
    )?;
    bar.finish_and_clear();
    file.finish()?;
    Ok((loudness, total))
}

fn report(
    out: &mut dyn Write,
    path: &Path,
    total: Duration,
    l: &Loudness,
    started: std::time::Duration,
) -> anyhow::Result<()> {
    writeln!(
        out,
        "Wrote {} ({}, {} Hz stereo): loudness {:.1} LUFS, true peak {:.1} dBFS, rendered in {:.1} s",
        path.display(),
        clock(total),
        EXPORT_RATE,
        l.integrated_lufs,
        l.true_peak_dbfs,
        started.as_secs_f64()
    )?;
    Ok(())
}

/// A bundled preset, or one of the user's (`$XDG_DATA_HOME/lull/presets/`).
pub(super) fn find_preset(id: &str) -> Option<Preset> {
    bundled_preset(id).or_else(|| {
        let dirs = store::AppDirs::standard()?;
        let (presets, _) = store::load_presets(&store::presets_dir(&dirs.data));
        presets.into_iter().find(|p| p.id == id)
    })
}

/// `routine` as these answers allow it (each change said on `err`), or the exit code when
/// they do not: a headache routine without the red-flag check (2), or one not available
/// for them (1).
fn screened(
    err: &mut dyn Write,
    routine: &crate::domain::routine::Routine,
    answers: &ScreeningAnswers,
) -> anyhow::Result<Result<crate::domain::safety::SafeRoutine, ExitCode>> {
    if routine.program == Program::Headache && !answers.headache_checked {
        writeln!(
            err,
            "error: headache routines start with the red-flag check: {ADD_HEADACHE_ANSWERS}"
        )?;
        return Ok(Err(ExitCode::from(2)));
    }
    let safe = match evaluate(routine, answers) {
        Verdict::Allowed(safe) | Verdict::Adapted(safe) => safe,
        other => {
            writeln!(
                err,
                "error: \"{}\" is not available for your answers: {}",
                routine.id,
                other.reason().unwrap_or_default()
            )?;
            return Ok(Err(ExitCode::FAILURE));
        }
    };
    for change in safe.changes() {
        writeln!(err, "adapted: {}", change.describe())?;
    }
    Ok(Ok(safe))
}

/// Says there is no routine `id` (exit code 1).
pub fn no_routine(err: &mut dyn Write, id: &str) -> anyhow::Result<ExitCode> {
    writeln!(err, "error: no routine with id \"{id}\" (see `lull list`)")?;
    Ok(ExitCode::FAILURE)
}

/// Writes the printable handout of a routine as these answers allow it.
pub fn handout(
    out: &mut dyn Write,
    err: &mut dyn Write,
    catalogue: &Catalogue,
    id: &str,
    path: &Path,
    answers: &ScreeningAnswers,
) -> anyhow::Result<ExitCode> {
    let Some(routine) = catalogue.get(id) else {
        return no_routine(err, id);
    };
    let safe = match screened(err, routine, answers)? {
        Ok(safe) => safe,
        Err(code) => return Ok(code),
    };
    let bytes = crate::ui::print::handout_pdf(&safe, &routine.sources);
    store::write_atomic(path, &bytes)?;
    writeln!(
        out,
        "Wrote the handout of \"{}\" ({} steps) to {}",
        safe.title(),
        safe.steps().len(),
        path.display()
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Renders a routine's session for these answers.
pub fn export(
    out: &mut dyn Write,
    err: &mut dyn Write,
    catalogue: &Catalogue,
    id: &str,
    path: &Path,
    answers: &ScreeningAnswers,
    options: &ExportOptions,
) -> anyhow::Result<ExitCode> {
    let Some(routine) = catalogue.get(id) else {
        return no_routine(err, id);
    };
    if options.tail_minutes > MAX_TAIL_MINUTES {
        writeln!(
            err,
            "error: --tail-minutes must be 0 to {MAX_TAIL_MINUTES}, got {}",
            options.tail_minutes
        )?;
        return Ok(ExitCode::from(2));
    }
    let safe = match screened(err, routine, answers)? {
        Ok(safe) => safe,
        Err(code) => return Ok(code),
    };
    let preset_id = options
        .ambience
        .clone()
        .or_else(|| safe.ambience().map(ToString::to_string))
        .unwrap_or_else(|| FALLBACK_PRESET.to_owned());
    let Some((layers, file_notices)) = preset_layers(&preset_id, err)? else {
        return Ok(ExitCode::from(2));
    };
    let settings = AudioSettings {
        ticks_enabled: options.ticks,
        pacer_tone_enabled: options.pacer_tone,
        ..options.base.clone()
    };
    let mut settings = settings;
    if !options.voice {
        settings.voice.guidance = crate::domain::soundscape::Guidance::Off;
    }
    let mut voice = std::collections::HashMap::new();
    if settings.voice.speaks()
        && let Some(mut speaker) = super::voice::speaker(err, &settings.voice)?
    {
        let (clips, failed) = crate::speech::session_clips(&mut speaker, &safe, &settings);
        for (text, why) in failed {
            writeln!(err, "warning: the voice skips \"{text}\": {why}")?;
        }
        writeln!(err, "voice: {} ({} lines)", speaker.label(), clips.len())?;
        voice = clips;
    }
    let mut plan = RenderPlan::session(
        EXPORT_RATE,
        layers,
        settings,
        safe.duration(),
        Duration::from_secs(u64::from(options.tail_minutes) * 60),
    );
    plan.voice = voice;
    render_and_report(out, err, path, plan, Some(&safe), &file_notices)
}

/// Renders a soundscape alone, or lists the presets.
pub fn ambience(
    out: &mut dyn Write,
    err: &mut dyn Write,
    preset: Option<&str>,
    (minutes, fade): (u32, u32),
    path: Option<&Path>,
    list: bool,
) -> anyhow::Result<ExitCode> {
    if list {
        let mut all = bundled_presets();
        if let Some(dirs) = store::AppDirs::standard() {
            all.extend(store::load_presets(&store::presets_dir(&dirs.data)).0);
        }
        for p in all {
            let program = p.program.map(Program::label).unwrap_or("any");
            writeln!(out, "{:<22} {:<22} {program}", p.id, p.name)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let (Some(id), Some(path)) = (preset, path) else {
        writeln!(err, "error: give a preset and --out FILE.wav")?;
        return Ok(ExitCode::from(2));
    };
    if !(1..=MAX_AMBIENCE_MINUTES).contains(&minutes) {
        writeln!(
            err,
            "error: --minutes must be 1 to {MAX_AMBIENCE_MINUTES}, got {minutes}"
        )?;
        return Ok(ExitCode::from(2));
    }
    let Some((layers, file_notices)) = preset_layers(id, err)? else {
        return Ok(ExitCode::from(2));
    };
    if fade > 30 {
        writeln!(err, "error: --fade must be 0 to 30 minutes, got {fade}")?;
        return Ok(ExitCode::from(2));
    }
    let total = Duration::from_secs(u64::from(minutes) * 60);
    let mut plan = RenderPlan::ambience(EXPORT_RATE, layers, AudioSettings::default(), total);
    // A long fade, as a sleep timer's: at most half the file.
    plan.fade_out = Duration::from_secs(u64::from(fade) * 60).min(total / 2);
    render_and_report(out, err, path, plan, None, &file_notices)
}
