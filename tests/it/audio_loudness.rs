//! Lull's integrated loudness (`audio/integrated.rs`) against the `ebur128` crate (a port
//! of libebur128, the reference implementation of EBU R 128) on the sounds it measures:
//! noise of each colour, a sine, generators, a loud part followed by a quiet one (the
//! relative gate), silence and less than one block.

use lull::audio::dsp::Rng;
use lull::audio::generator::{BLOCK_FRAMES, BlockCtx, make};
use lull::audio::integrated::IntegratedLoudness;
use lull::domain::soundscape::Generator;

fn reference(frames: &[f32], rate: u32) -> f64 {
    let mut m = ebur128::EbuR128::new(2, rate, ebur128::Mode::I).unwrap_or_else(|e| panic!("{e}"));
    m.add_frames_f32(frames).unwrap_or_else(|e| panic!("{e}"));
    m.loudness_global().unwrap_or_else(|e| panic!("{e}"))
}

/// Ours, fed in uneven chunks (as the export's queue hands them over).
fn ours(frames: &[f32], rate: u32) -> f64 {
    let mut m = IntegratedLoudness::new(rate);
    let mut rest = frames;
    let mut size = 2;
    while !rest.is_empty() {
        let (now, later) = rest.split_at(size.min(rest.len()));
        m.add(now);
        rest = later;
        size = (size * 7 + 6) % 20_000 / 2 * 2 + 2;
    }
    m.lufs()
}

fn assert_close(frames: &[f32], rate: u32, what: &str) {
    let (theirs, mine) = (reference(frames, rate), ours(frames, rate));
    if theirs.is_finite() {
        assert!(
            (theirs - mine).abs() < 0.01,
            "{what} at {rate} Hz: ebur128 {theirs:.4} LUFS, Lull {mine:.4}"
        );
    } else {
        assert_eq!(mine, theirs, "{what} at {rate} Hz");
    }
}

fn noise(secs: f32, rate: u32, level: f32, seed: u64) -> Vec<f32> {
    let mut rng = Rng::new(seed);
    (0..(secs * rate as f32) as usize * 2)
        .map(|_| level * rng.bipolar())
        .collect()
}

#[test]
fn agrees_with_the_reference_on_noise_and_a_sine() {
    for rate in [44_100, 48_000, 22_050] {
        assert_close(&noise(7.3, rate, 0.3, 1), rate, "white noise");
        let sine: Vec<f32> = (0..rate as usize * 5)
            .flat_map(|i| {
                let x = 0.1 * (std::f32::consts::TAU * 997.0 * i as f32 / rate as f32).sin();
                [x, 0.5 * x]
            })
            .collect();
        assert_close(&sine, rate, "997 Hz sine");
        let low: Vec<f32> = (0..rate as usize * 5)
            .flat_map(|i| {
                let x = 0.5 * (std::f32::consts::TAU * 40.0 * i as f32 / rate as f32).sin();
                [x, x]
            })
            .collect();
        assert_close(&low, rate, "40 Hz sine");
    }
}

#[test]
fn agrees_with_the_reference_on_every_generator() {
    for &kind in Generator::ALL {
        let mut g = make(kind, 44_100, 5);
        let mut out = vec![0.0; 44_100 * 2 * 12];
        for block in out.chunks_mut(BLOCK_FRAMES * 2) {
            g.render(block, &BlockCtx::default());
        }
        assert_close(&out, 44_100, &kind.to_string());
    }
}

#[test]
fn gates_like_the_reference() {
    // Loud, then 20 dB quieter (under the relative gate), then nearly silent (under the
    // absolute gate): only the loud part counts.
    let mut x = noise(4.0, 48_000, 0.3, 2);
    x.extend(noise(6.0, 48_000, 0.03, 3));
    x.extend(noise(3.0, 48_000, 1e-5, 4));
    assert_close(&x, 48_000, "gated noise");
    // Loud, then 6 dB quieter: both count.
    let mut y = noise(3.0, 48_000, 0.3, 5);
    y.extend(noise(3.0, 48_000, 0.15, 6));
    assert_close(&y, 48_000, "two levels");
}

#[test]
fn silence_and_less_than_a_block_have_no_loudness() {
    assert_eq!(ours(&vec![0.0; 48_000 * 4], 48_000), f64::NEG_INFINITY);
    assert_eq!(
        ours(&noise(0.35, 48_000, 0.3, 7), 48_000),
        f64::NEG_INFINITY
    );
    assert_close(&noise(0.35, 48_000, 0.3, 7), 48_000, "0.35 s");
    assert!(ours(&noise(0.45, 48_000, 0.3, 7), 48_000).is_finite());
}
