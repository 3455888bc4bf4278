//! Real device output: `lull sound-check` opens the default ALSA device exactly as the app
//! does; ALSA's `file` plugin (paced by `pv`) stands in for a sound card and captures what
//! was played. Needs `pv` (installed by `make test`).

use std::process::Command;

use lull::audio::engine::{Engine, EngineCommand, LayerSpec};
use lull::audio::generator::make;
use lull::domain::soundscape::Generator;

fn rms_db(samples: &[f32]) -> f32 {
    let power: f64 =
        samples.iter().map(|&s| f64::from(s).powi(2)).sum::<f64>() / samples.len() as f64;
    (10.0 * power.log10()) as f32
}

#[test]
fn sound_check_plays_through_the_alsa_device_at_the_expected_level() {
    let dir = tempfile::tempdir().unwrap();
    let raw = dir.path().join("capture.raw");
    let conf = dir.path().join("capture.conf");
    // 44.1 kHz × 2 channels × 2 bytes = 176400 bytes per second of real time.
    std::fs::write(
        &conf,
        format!(
            "pcm.!default {{ type plug; slave {{ pcm \"capture\"; format S16_LE; rate 44100; channels 2 }} }}\n\
             pcm.capture {{ type file; slave.pcm \"null\"; file \"|pv -q -L 176400 > {}\"; format \"raw\" }}\n",
            raw.display()
        ),
    )
    .unwrap();
    assert!(
        Command::new("pv").arg("--version").output().is_ok(),
        "pv is missing: run `make test`, which installs it"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_lull"))
        .args(["sound-check", "--seconds", "2"])
        .env(
            "ALSA_CONFIG_PATH",
            format!("/usr/share/alsa/alsa.conf:{}", conf.display()),
        )
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let bytes = std::fs::read(&raw).unwrap();
    let samples: Vec<f32> = bytes
        .chunks_exact(2)
        .map(|b| f32::from(i16::from_le_bytes([b[0], b[1]])) / 32_768.0)
        .collect();
    let frames = samples.len() / 2;
    assert!(frames > 44_100 * 2, "captured only {frames} frames");
    let first = samples
        .iter()
        .position(|s| s.abs() > 1e-3)
        .expect("the capture is silent")
        / 2;
    // Skip the 50 ms fade-in; take 1.5 s of steady sound.
    let start = (first + 4_410) * 2;
    let steady = &samples[start..start + 44_100 * 3];
    let captured = rms_db(steady);

    // The same sound rendered offline by the same engine.
    let mut engine = Engine::new(44_100).with_fade_in(0.05);
    engine.apply(EngineCommand::SetLayers {
        layers: vec![LayerSpec {
            generator: make(Generator::Pink, 44_100, 1),
            level: 1.0,
            breath_sync: false,
        }],
        fade_secs: 0.05,
    });
    let mut reference = vec![0.0; 44_100 * 2 * 2];
    engine.render(&mut reference);
    let expected = rms_db(&reference[44_100..]);
    assert!(
        (captured - expected).abs() < 1.5,
        "captured {captured:.1} dB RMS, expected about {expected:.1} dB"
    );
    assert!(captured < -20.0 && captured > -40.0, "{captured:.1} dB");
}
