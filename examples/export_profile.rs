//! Where an ambience export's time goes (BENCHMARKS.md, "Export against sox"): the engine
//! alone, the engine with the loudness meter, and with the WAV writer, for 10 minutes of
//! brown noise at 44.1 kHz.
//!
//! ```text
//! cargo run --release --example export_profile
//! ```

use std::io::Write as _;

use lull::audio::engine::{Engine, EngineCommand};
use lull::audio::layers::build_layers;
use lull::audio::loudness::LoudnessMeter;
use lull::clock::Stopwatch;
use lull::domain::soundscape::bundled_preset;

const RATE: u32 = 44_100;
const SECONDS: usize = 600;

fn engine() -> anyhow::Result<Engine> {
    let preset = bundled_preset("brown-noise").ok_or_else(|| anyhow::anyhow!("no preset"))?;
    let mut engine = Engine::new(RATE);
    engine.apply(EngineCommand::SetLayers {
        layers: build_layers(&preset.normalized_layers(), RATE, 7, &mut |_| None).0,
        fade_secs: 0.05,
    });
    Ok(engine)
}

fn main() -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let mut buffer = vec![0.0_f32; 8_192 * 2];
    let chunks = SECONDS * RATE as usize / 8_192;
    for what in ["engine", "engine + meter", "engine + meter + wav"] {
        let mut e = engine()?;
        let mut meter = LoudnessMeter::new(RATE);
        let dir = tempfile::tempdir()?;
        let mut wav = lull::store::WavFile::create(&dir.path().join("x.wav"), RATE)?;
        let t = Stopwatch::start();
        for _ in 0..chunks {
            e.render(&mut buffer);
            if what != "engine" {
                meter.add(&buffer);
            }
            if what == "engine + meter + wav" {
                wav.write(&buffer)?;
            }
        }
        let secs = t.elapsed().as_secs_f64();
        writeln!(out, "{what}: {secs:.2} s for {SECONDS} s")?;
    }
    for (what, mode) in [
        ("ebur128 integrated only", ebur128::Mode::I),
        (
            "ebur128 integrated + sample peak",
            ebur128::Mode::I | ebur128::Mode::SAMPLE_PEAK,
        ),
        (
            "ebur128 integrated + true peak",
            ebur128::Mode::I | ebur128::Mode::TRUE_PEAK,
        ),
    ] {
        let mut e = engine()?;
        let mut m = ebur128::EbuR128::new(2, RATE, mode)?;
        let mut spent = std::time::Duration::ZERO;
        for _ in 0..chunks {
            e.render(&mut buffer);
            let t = Stopwatch::start();
            m.add_frames_f32(&buffer)?;
            spent += t.elapsed();
        }
        writeln!(out, "{what}: {:.2} s for {SECONDS} s", spent.as_secs_f64())?;
    }
    Ok(())
}
