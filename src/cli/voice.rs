//! `lull voice list | say`, the voice in `lull export`, and the spoken-length warnings of
//! `lull check`.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use super::args::VoiceAction;
use super::export::EXPORT_RATE;
use crate::domain::routine::{Position, Routine, field_position};
use crate::domain::soundscape::{STEP_MARGIN, SpeechSettings, step_fits};
use crate::platform::voice::installed_engines;
use crate::speech::{NO_VOICE, Speaker};
use crate::store;

/// The speaker for `settings` at the export rate, with the clip cache; the reason on `err`
/// (as a warning) when there is none.
pub fn speaker(err: &mut dyn Write, settings: &SpeechSettings) -> anyhow::Result<Option<Speaker>> {
    let cache = store::AppDirs::standard().map(|d| store::VoiceCache::new(&d.cache));
    match Speaker::from_settings(settings, &installed_engines(), cache, EXPORT_RATE) {
        Ok(s) => Ok(Some(s)),
        Err(crate::platform::voice::VoiceError::NotInstalled { .. }) => {
            writeln!(err, "warning: {NO_VOICE}")?;
            Ok(None)
        }
        Err(e) => {
            writeln!(err, "warning: the voice cannot speak: {e}")?;
            Ok(None)
        }
    }
}

/// `lull voice …`
pub fn voice(
    out: &mut dyn Write,
    err: &mut dyn Write,
    action: &VoiceAction,
) -> anyhow::Result<ExitCode> {
    match action {
        VoiceAction::List => {
            let engines = installed_engines();
            if engines.is_empty() {
                writeln!(err, "{NO_VOICE}")?;
                return Ok(ExitCode::FAILURE);
            }
            for engine in engines {
                writeln!(out, "{}: {}", engine.kind.name(), engine.voices.join(", "))?;
            }
            writeln!(
                out,
                "custom: a command you set in Settings → Voice (text on its input, raw 16-bit mono on its output)"
            )?;
            Ok(ExitCode::SUCCESS)
        }
        VoiceAction::Say {
            text,
            out: path,
            engine,
            voice,
            rate,
        } => {
            let mut settings = super::export::saved_audio_settings(err)?.voice;
            if let Some(engine) = engine {
                settings.engine.clone_from(engine);
                settings.voice.clear();
            }
            if let Some(voice) = voice {
                settings.voice.clone_from(voice);
            }
            if let Some(rate) = rate {
                settings.rate = *rate;
            }
            let Some(mut speaker) = speaker(err, &settings)? else {
                return Ok(ExitCode::FAILURE);
            };
            match speaker.clip(text) {
                Ok(clip) => {
                    write_clip(path, &clip.samples)?;
                    writeln!(
                        out,
                        "Wrote {} ({:.1} s, {}, {EXPORT_RATE} Hz)",
                        path.display(),
                        clip.length.as_secs_f64(),
                        speaker.label()
                    )?;
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    writeln!(err, "error: {e}")?;
                    Ok(ExitCode::FAILURE)
                }
            }
        }
    }
}

fn write_clip(path: &Path, samples: &[f32]) -> anyhow::Result<()> {
    let mut file = store::WavFile::create(path, EXPORT_RATE)?;
    let stereo: Vec<f32> = samples.iter().flat_map(|&s| [s, s]).collect();
    file.write(&stereo)?;
    file.finish()?;
    Ok(())
}

/// Warns (`FILE:LINE:COL: warning: …`) about every step and substitute whose spoken words
/// do not fit in its length minus 3 s, measured with `speaker` (the real voice).
pub fn speech_warnings(
    err: &mut dyn Write,
    name: &str,
    bytes: &[u8],
    routine: &Routine,
    speaker: &mut Speaker,
) -> anyhow::Result<()> {
    let text = String::from_utf8_lossy(bytes);
    for (i, top) in routine.steps.iter().enumerate() {
        for (depth, s) in top.versions().enumerate() {
            if let Err(long) = step_fits(s, &mut |t: &str| speaker.measure_exactly(t)) {
                let field = if s.say.is_some() {
                    "say"
                } else {
                    "instruction"
                };
                let position = field_position(&text, Some(i + 1), depth, field)
                    .unwrap_or(Position { line: 1, column: 1 });
                let whose = if depth == 0 { "" } else { " (its substitute)" };
                writeln!(
                    err,
                    "{name}:{}:{}: warning: step {} \"{}\"{whose}: spoken by {} its words take {:.1} s, {:.1} s too long for a {} s step (the voice ends {} s before the step does); shorten them or add a shorter `say = \"…\"`",
                    position.line,
                    position.column,
                    i + 1,
                    top.title,
                    speaker.label(),
                    long.spoken.as_secs_f32(),
                    long.over_secs(),
                    s.duration().as_secs(),
                    STEP_MARGIN.as_secs()
                )?;
            }
        }
    }
    Ok(())
}
