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

/// Renders `secs` of `file` at `rate`; returns (left, right).
fn render(file: &mut FileLoop, secs: f32, rate: u32) -> (Vec<f32>, Vec<f32>) {
    let mut out = vec![0.0_f32; (secs * rate as f32) as usize * 2];
    for block in out.chunks_mut(512) {
        file.render(block, &BlockCtx::default());
    }
    let left = out.iter().step_by(2).copied().collect();
    let right = out.iter().skip(1).step_by(2).copied().collect();
    (left, right)
}

/// Every 50 ms window has sound, and the level is about that of a signal of amplitude `amp`
/// (a sine; noise is a little lower) at the file gain (0.25).
fn assert_plays_throughout(name: &str, channel: &[f32], rate: u32, amp: f32) {
    for (k, w) in channel.chunks(rate as usize / 20).enumerate() {
        let peak = w.iter().fold(0.0_f32, |m, s| m.max(s.abs()));
        assert!(
            peak > 0.2 * amp * 0.25,
            "{name}: silence around {:.2} s (peak {peak})",
            k as f32 / 20.0
        );
    }
    let rms = (channel.iter().map(|s| s * s).sum::<f32>() / channel.len() as f32).sqrt();
    let expected = amp * 0.25 / std::f32::consts::SQRT_2;
    assert!(
        rms > expected * 0.4 && rms < expected * 1.5,
        "{name}: rms {rms}, expected about {expected}"
    );
}

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sounds")
        .join(name)
}

#[test]
fn committed_ogg_and_mp3_files_play_and_loop() {
    // Generated tones (220 Hz, amplitude 0.5, 22.05 kHz mono): Vorbis by sox, MP3 by LAME.
    for name in ["tone-4s-mono.ogg", "tone-3s-mono.mp3"] {
        let mut file =
            FileLoop::new(name, opener(&fixture(name)), 48_000).unwrap_or_else(|e| panic!("{e}"));
        let (left, right) = render(&mut file, 12.0, 48_000);
        assert!(!file.stopped(), "{name} stopped");
        // Skip the codecs' start-up (encoder delay) in the level check, not in the gap check.
        assert_plays_throughout(name, &left[4_800..], 48_000, 0.5);
        assert_eq!(left, right, "{name}: mono plays on both sides");
    }
}

/// Makes a file with sox, or says why not (sox is in the test dependencies).
#[expect(clippy::print_stderr, reason = "say why the test is skipped")]
fn sox(args: &[&str]) -> bool {
    match std::process::Command::new("sox").args(args).status() {
        Ok(s) if s.success() => true,
        other => {
            eprintln!("skipping: sox {args:?} failed ({other:?})");
            false
        }
    }
}

#[test]
fn ogg_and_flac_files_made_by_sox_play_and_loop() {
    let dir = tempfile::tempdir().unwrap();
    for (secs, channels) in [("4", "1"), ("10", "2"), ("4", "2"), ("10", "1")] {
        for ext in ["ogg", "flac"] {
            let name = format!("tone-{secs}s-{channels}ch.{ext}");
            let path = dir.path().join(&name);
            let out = path.to_str().unwrap();
            if !sox(&[
                // Noise, not a tone: a looped pure tone can cancel itself at a seam.
                "-n",
                "-r",
                "44100",
                "-c",
                channels,
                out,
                "synth",
                secs,
                "whitenoise",
                "vol",
                "0.5",
            ]) {
                return;
            }
            let mut file =
                FileLoop::new(&name, opener(&path), 48_000).unwrap_or_else(|e| panic!("{e}"));
            let (left, right) = render(&mut file, 22.0, 48_000);
            assert!(!file.stopped(), "{name} stopped");
            assert_plays_throughout(&name, &left, 48_000, 0.5);
            assert_plays_throughout(&name, &right, 48_000, 0.5);
        }
    }
}

/// Writes a 32-bit float WAV whose samples rise linearly from -0.8 to 0.8 over `secs`.
fn write_ramp(path: &Path, secs: f32) {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 22_050,
        bits_per_sample: 32,
        sample_format: hound::SampleFormat::Float,
    };
    let mut w = hound::WavWriter::create(path, spec).unwrap();
    let n = (secs * 22_050.0) as usize;
    for i in 0..n {
        w.write_sample(-0.8 + 1.6 * i as f32 / n as f32).unwrap();
    }
    w.finalize().unwrap();
}

/// The seams of a looping linear ramp: outside a seam the output rises by the same step
/// every frame; inside, the crossfade bends it. Returns each seam's length in seconds.
fn seams(left: &[f32], rate: u32, secs: f32) -> Vec<f32> {
    let d: Vec<f32> = left.windows(2).map(|w| w[1] - w[0]).collect();
    // The ramp (1.6 over the file, at the file gain 0.25) per output frame.
    let slope = 1.6 * 0.25 / (secs * rate as f32);
    let bent: Vec<usize> = d
        .iter()
        .enumerate()
        .filter(|(_, x)| (*x - slope).abs() > 4e-7)
        .map(|(i, _)| i)
        .collect();
    let mut out = Vec::new();
    let mut start = None;
    let mut last = 0;
    for &i in &bent {
        match start {
            Some(s) if i - last > rate as usize / 20 => {
                out.push((last - s) as f32 / rate as f32);
                start = Some(i);
            }
            None => start = Some(i),
            _ => {}
        }
        last = i;
    }
    if let Some(s) = start {
        out.push((last - s) as f32 / rate as f32);
    }
    out
}

#[test]
fn short_files_loop_forever_with_the_same_crossfade_at_every_seam() {
    let dir = tempfile::tempdir().unwrap();
    let rate = 48_000;
    // (file length, expected crossfade): half the length below 2 s, at least 1 s from 2 s.
    for (secs, fade) in [
        (1.0, 0.5),
        (2.0, 1.0),
        (2.2, 1.0),
        (2.5, 1.0),
        (2.8, 1.3),
        (5.0, SEAM_SECS),
    ] {
        let path = dir.path().join("ramp.wav");
        write_ramp(&path, secs);
        let mut file = FileLoop::new("ramp.wav", opener(&path), rate).unwrap();
        let (left, _) = render(&mut file, 30.0, rate);
        assert!(!file.stopped(), "a {secs} s file stopped");
        // Sound all the way through.
        for (k, w) in left.chunks(rate as usize / 20).enumerate() {
            let peak = w.iter().fold(0.0_f32, |m, s| m.max(s.abs()));
            assert!(
                peak > 0.001,
                "{secs} s file: silence at {:.2} s",
                k as f32 / 20.0
            );
        }
        let measured = file.seam_secs().unwrap();
        assert!(
            (measured - fade).abs() < 0.01,
            "{secs} s file: crossfade {measured} s"
        );
        // Below 2 s (and at exactly 2 s) the seams follow each other without a gap.
        if secs - 2.0 * fade < 0.15 {
            continue;
        }
        let found = seams(&left, rate, secs);
        // The first seam comes after one pass; each later one a (length - fade) later.
        let expected = ((30.0 - secs) / (secs - fade)).floor() as usize + 1;
        assert!(
            found.len() + 1 >= expected,
            "{secs} s file: {} seams, expected {expected}",
            found.len()
        );
        for (k, s) in found.iter().enumerate() {
            // The detector misses a few per cent at the seam's flat ends.
            assert!(
                *s > fade * 0.85 && *s <= fade,
                "{secs} s file: seam {k} lasts {s} s, expected {fade} s"
            );
        }
    }
}

#[test]
fn a_file_that_cannot_be_read_again_fades_out_with_a_notice_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tone.wav");
    write_tone(&path, 8.0, 0.5);
    let good = std::fs::read(&path).unwrap();
    let mut opened = 0;
    // The first open gives the file; later ones give garbage (as if it were overwritten).
    let open: Opener = Box::new(move || {
        opened += 1;
        let bytes = if opened == 1 {
            good.clone()
        } else {
            b"garbage garbage garbage".to_vec()
        };
        Ok(Box::new(std::io::Cursor::new(bytes)) as Box<dyn MediaSource>)
    });
    let (tx, rx) = std::sync::mpsc::channel();
    let mut file = FileLoop::new("tone.wav", open, 48_000)
        .unwrap()
        .notify_to(tx);
    let (left, _) = render(&mut file, 12.0, 48_000);
    assert!(file.stopped());
    let notice = rx.try_recv().expect("a notice");
    assert_eq!(notice.file, "tone.wav");
    assert!(
        notice.to_string().starts_with("tone.wav: stopped playing"),
        "{notice}"
    );
    // It fades out over the seam instead of stopping with a click.
    let max_step = left
        .windows(2)
        .map(|w| (w[1] - w[0]).abs())
        .fold(0.0, f32::max);
    let sine_step = std::f32::consts::TAU * 220.0 / 48_000.0 * 0.5 * 0.25 * 1.1;
    assert!(max_step < sine_step, "a step of {max_step}");
    assert!(left[11 * 48_000..].iter().all(|s| *s == 0.0));
}

#[test]
fn a_pass_cut_short_by_a_decoding_error_gives_a_notice() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tone.wav");
    write_tone(&path, 8.0, 0.5);
    let good = std::fs::read(&path).unwrap();
    let mut opened = 0;
    // Later opens end after 3 s of the 8 (a truncated file reports its full length).
    let open: Opener = Box::new(move || {
        opened += 1;
        let bytes = if opened == 1 {
            good.clone()
        } else {
            good[..44 + 3 * 22_050 * 2].to_vec()
        };
        Ok(Box::new(std::io::Cursor::new(bytes)) as Box<dyn MediaSource>)
    });
    let (tx, rx) = std::sync::mpsc::channel();
    let mut file = FileLoop::new("tone.wav", open, 48_000)
        .unwrap()
        .notify_to(tx);
    let _ = render(&mut file, 14.0, 48_000);
    let notice = rx.try_recv().expect("a notice");
    assert!(
        notice
            .to_string()
            .starts_with("tone.wav: a decoding error cut it short"),
        "{notice}"
    );
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
