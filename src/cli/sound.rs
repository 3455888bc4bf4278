//! Commands that make sound: `sound-check`.

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use crate::audio::device::{AudioOutput, Wake};
use crate::audio::engine::{EngineCommand, LayerSpec};
use crate::audio::generator::make;
use crate::domain::soundscape::Generator;

/// Plays pink noise at the calibrated bed level (about −27 LUFS) through the default output.
pub fn sound_check(
    out: &mut dyn Write,
    err: &mut dyn Write,
    seconds: f32,
) -> anyhow::Result<ExitCode> {
    if !(1.0..=30.0).contains(&seconds) {
        writeln!(err, "error: --seconds must be 1 to 30, got {seconds}")?;
        return Ok(ExitCode::from(2));
    }
    // Nothing to wake: a lost device is reported once the sound has played.
    let wake: Wake = Arc::new(|| {});
    let output = match AudioOutput::open_default_with(|engine| engine.with_fade_in(0.05), wake) {
        Ok(output) => output,
        Err(e) => {
            writeln!(err, "{e}")?;
            return Ok(ExitCode::FAILURE);
        }
    };
    writeln!(
        out,
        "Playing pink noise for {seconds} s at the bed level (about -27 LUFS), {} Hz…",
        output.rate()
    )?;
    output.send(EngineCommand::SetLayers {
        layers: vec![LayerSpec {
            generator: make(Generator::Pink, output.rate(), 1),
            level: 1.0,
            breath_sync: false,
        }],
        fade_secs: 0.05,
    });
    std::thread::sleep(Duration::from_millis((seconds * 1_000.0) as u64));
    output.send(EngineCommand::SetMaster {
        gain: 0.0,
        secs: 0.05,
    });
    std::thread::sleep(Duration::from_millis(150));
    if let Some(reason) = output.lost() {
        writeln!(err, "The sound output was lost while playing: {reason}")?;
        return Ok(ExitCode::FAILURE);
    }
    writeln!(out, "Done. If you heard a soft hiss, sound works.")?;
    Ok(ExitCode::SUCCESS)
}
