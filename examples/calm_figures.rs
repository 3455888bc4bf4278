//! The figures for "Soundscapes that wind down" in BENCHMARKS.md: every generator's
//! spectral centroid and distinct events a second at calm 0 and calm 1 (30 s each, seed
//! 11, 48 kHz), the ocean's swell period (over ten minutes), and, given a WAV an export wrote, the same
//! measures over its first minutes and late in its fade.
//!
//! ```text
//! cargo run --release --example calm_figures
//! lull ambience rain --minutes 20 --fade 10 --out rain.wav
//! cargo run --release --example calm_figures -- rain.wav 20 10
//! ```

use std::io::Write;

use anyhow::Context as _;
use lull::audio::analysis::{events_per_second, mono, spectral_centroid, swell_period};
use lull::audio::generator::{BLOCK_FRAMES, BlockCtx, make};
use lull::domain::soundscape::{CALM_SHARE, Generator};

const RATE: u32 = 48_000;
const SECS: usize = 30;

fn steady(kind: Generator, calm: f32, secs: usize) -> Vec<f32> {
    let mut g = make(kind, RATE, 11);
    let mut out = vec![0.0; secs * RATE as usize * 2];
    for block in out.chunks_mut(BLOCK_FRAMES * 2) {
        g.render(block, &BlockCtx { breath: None, calm });
    }
    mono(&out)
}

fn swell(m: &[f32], rate: u32) -> String {
    swell_period(m, rate).map_or_else(|| "–".to_owned(), |p| format!("{p:.1} s"))
}

fn generators(out: &mut impl Write) -> std::io::Result<()> {
    writeln!(
        out,
        "| generator | centroid, calm 0 → 1 | events a second, calm 0 → 1 | swell period |"
    )?;
    writeln!(out, "|---|---|---|---|")?;
    for &kind in Generator::ALL {
        let (a, b) = (steady(kind, 0.0, SECS), steady(kind, 1.0, SECS));
        let swells = if kind == Generator::Ocean {
            // Waves are slow: ten minutes for a steady mean.
            let long = |calm| swell(&steady(kind, calm, 600), RATE);
            format!("{} → {}", long(0.0), long(1.0))
        } else {
            String::new()
        };
        writeln!(
            out,
            "| {kind} | {:.0} → {:.0} Hz | {:.2} → {:.2} | {swells} |",
            spectral_centroid(&a, RATE),
            spectral_centroid(&b, RATE),
            events_per_second(&a, RATE),
            events_per_second(&b, RATE),
        )?;
    }
    Ok(())
}

/// The export `path`, `minutes` long with a fade of `fade` minutes: its first two minutes
/// against the two minutes where the calm has reached 1 (the fade's last quarter is where
/// the level falls away, so the stretch measured ends there).
fn export(out: &mut impl Write, path: &str, minutes: f32, fade: f32) -> anyhow::Result<()> {
    let mut reader = hound::WavReader::open(path).with_context(|| format!("reading {path}"))?;
    let spec = reader.spec();
    let scale = 1.0 / f32::from(i16::MAX);
    let samples: Vec<f32> = reader
        .samples::<i16>()
        .map(|s| s.map(|s| f32::from(s) * scale))
        .collect::<Result<_, _>>()?;
    let m = mono(&samples);
    let at = |from: f32, to: f32| {
        let rate = spec.sample_rate as f32;
        let (a, b) = ((from * 60.0 * rate) as usize, (to * 60.0 * rate) as usize);
        &m[a.min(m.len())..b.min(m.len())]
    };
    let calm_full = minutes - fade + fade * CALM_SHARE;
    for (label, part) in [
        ("first two minutes", at(0.0, 2.0)),
        ("calm reached (two minutes)", at(calm_full - 2.0, calm_full)),
    ] {
        writeln!(
            out,
            "{label}: centroid {:.0} Hz, {:.2} events a second, swell {}",
            spectral_centroid(part, spec.sample_rate),
            events_per_second(part, spec.sample_rate),
            swell(part, spec.sample_rate),
        )?;
    }
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [] => generators(&mut out)?,
        [path, minutes, fade] => export(&mut out, path, minutes.parse()?, fade.parse()?)?,
        _ => anyhow::bail!("usage: calm_figures [EXPORT.wav MINUTES FADE]"),
    }
    Ok(())
}
