//! The user's own sound files: decoded as they play, converted to the engine's rate, looped
//! with a crossfade (no gap, no click); a broken file is a clear error naming it.

#![expect(clippy::unwrap_used, reason = "test helpers")]

use std::path::Path;

use lull::audio::file_loop::{FileLoop, MediaSource, Opener, SEAM_SECS};
use lull::audio::generator::{BlockCtx, Generate};

fn opener(path: &Path) -> Opener {
    let path = path.to_path_buf();
    Box::new(move || std::fs::File::open(&path).map(|f| Box::new(f) as Box<dyn MediaSource>))
}

/// Writes `secs` of a 220 Hz sine at 22.05 kHz mono.
fn write_tone(path: &Path, secs: f32, amp: f32) {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 22_050,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(path, spec).unwrap();
    let n = (secs * 22_050.0) as usize;
    for i in 0..n {
        let s = (std::f32::consts::TAU * 220.0 * i as f32 / 22_050.0).sin() * amp;
        w.write_sample((s * 32_767.0) as i16).unwrap();
    }
    w.finalize().unwrap();
}

#[test]
fn a_file_loops_seamlessly_at_the_engine_rate() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tone.wav");
    // Shorter than the render, so it must loop several times.
    write_tone(&path, 2.5, 0.5);
    let rate = 48_000;
    let mut file = FileLoop::new("tone.wav", opener(&path), rate).unwrap();
    assert_eq!(file.name(), "tone.wav");
    let secs = 9;
    let mut out = vec![0.0_f32; secs * rate as usize * 2];
    for block in out.chunks_mut(512) {
        file.render(block, &BlockCtx::default());
    }
    let left: Vec<f32> = out.iter().step_by(2).copied().collect();
    // Sound all the way through: no gap at any seam (every 50 ms window has signal).
    for (k, w) in left.chunks(rate as usize / 20).enumerate() {
        let peak = w.iter().fold(0.0_f32, |m, s| m.max(s.abs()));
        assert!(peak > 0.01, "silence around {:.2} s", k as f32 / 20.0);
    }
    // No click: a 220 Hz sine (0.5 × 0.25 gain) never steps more than this per sample, and
    // the crossfade of two such sines cannot either.
    let max_step = left
        .windows(2)
        .map(|w| (w[1] - w[0]).abs())
        .fold(0.0, f32::max);
    let sine_step = std::f32::consts::TAU * 220.0 / rate as f32 * 0.5 * 0.25 * 2.2;
    assert!(
        max_step < sine_step,
        "a step of {max_step} (limit {sine_step})"
    );
    const { assert!(SEAM_SECS >= 1.0) };
}

#[test]
fn a_broken_file_is_a_clear_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.ogg");
    std::fs::write(&path, b"this is not an ogg file at all").unwrap();
    let Err(e) = FileLoop::new("notes.ogg", opener(&path), 48_000) else {
        panic!("accepted garbage")
    };
    let message = e.to_string();
    assert!(message.starts_with("notes.ogg: "), "{message}");
    assert!(message.contains("not a playable audio file"), "{message}");
    let Err(e) = FileLoop::new("gone.wav", opener(&dir.path().join("gone.wav")), 48_000) else {
        panic!("no file")
    };
    assert!(e.to_string().starts_with("gone.wav: cannot open"), "{e}");
}
