//! Every generator rendered offline and measured: level, loudness, spectrum, stereo, no
//! repetition, determinism.

use lull::audio::dsp::{Biquad, BiquadKind};
use lull::audio::generator::{BLOCK_FRAMES, BlockCtx, make};
use lull::audio::loudness::measure;
use lull::domain::soundscape::Generator;

const RATE: u32 = 48_000;

/// Renders `secs` seconds of interleaved stereo.
fn render(kind: Generator, secs: f32, seed: u64, ctx: BlockCtx) -> Vec<f32> {
    let mut g = make(kind, RATE, seed);
    let frames = (secs * RATE as f32) as usize;
    let mut out = vec![0.0; frames * 2];
    for block in out.chunks_mut(BLOCK_FRAMES * 2) {
        g.render(block, &ctx);
    }
    out
}

fn channel(samples: &[f32], ch: usize) -> Vec<f32> {
    samples.iter().skip(ch).step_by(2).copied().collect()
}

/// Energy (dB) in one-octave bands centred on `centres`.
fn octave_band_db(mono: &[f32], centres: &[f32]) -> Vec<f32> {
    centres
        .iter()
        .map(|&f| {
            let mut bp = Biquad::new(
                BiquadKind::BandPass,
                f,
                std::f32::consts::SQRT_2,
                RATE as f32,
            );
            let mut bp2 = Biquad::new(
                BiquadKind::BandPass,
                f,
                std::f32::consts::SQRT_2,
                RATE as f32,
            );
            let energy: f64 = mono
                .iter()
                .skip(4_800)
                .map(|&x| f64::from(bp2.process(bp.process(x))).powi(2))
                .sum();
            10.0 * (energy / mono.len() as f64).log10() as f32
        })
        .collect()
}

/// Least-squares slope of the noise's power spectral density, dB per octave.
/// Constant-Q bands gain +3 dB/octave on a flat spectrum, so that is subtracted.
fn psd_slope(mono: &[f32]) -> f32 {
    let centres = [125.0, 250.0, 500.0, 1_000.0, 2_000.0, 4_000.0, 8_000.0];
    let db = octave_band_db(mono, &centres);
    let n = db.len() as f32;
    let xs: Vec<f32> = (0..db.len()).map(|i| i as f32).collect();
    let mx = xs.iter().sum::<f32>() / n;
    let my = db.iter().sum::<f32>() / n;
    let cov: f32 = xs.iter().zip(&db).map(|(x, y)| (x - mx) * (y - my)).sum();
    let var: f32 = xs.iter().map(|x| (x - mx).powi(2)).sum();
    cov / var - 3.0
}

fn correlation(a: &[f32], b: &[f32]) -> f64 {
    let n = a.len() as f64;
    let ma = a.iter().map(|&x| f64::from(x)).sum::<f64>() / n;
    let mb = b.iter().map(|&x| f64::from(x)).sum::<f64>() / n;
    let mut cov = 0.0;
    let mut va = 0.0;
    let mut vb = 0.0;
    for (&x, &y) in a.iter().zip(b) {
        let (dx, dy) = (f64::from(x) - ma, f64::from(y) - mb);
        cov += dx * dy;
        va += dx * dx;
        vb += dy * dy;
    }
    cov / (va * vb).sqrt().max(1e-30)
}

#[test]
fn noise_spectral_slopes() {
    let ctx = BlockCtx::default();
    let white = psd_slope(&channel(&render(Generator::White, 20.0, 1, ctx), 0));
    let pink = psd_slope(&channel(&render(Generator::Pink, 20.0, 1, ctx), 0));
    let brown = psd_slope(&channel(&render(Generator::Brown, 20.0, 1, ctx), 0));
    assert!(white.abs() < 0.5, "white slope {white} dB/oct");
    assert!((pink + 3.0).abs() < 0.5, "pink slope {pink} dB/oct");
    assert!((brown + 6.0).abs() < 0.7, "brown slope {brown} dB/oct");
}

#[test]
fn every_generator_is_calibrated_bounded_and_stereo() {
    let ctx = BlockCtx::default();
    for &kind in Generator::ALL {
        let samples = render(kind, 60.0, 42, ctx);
        assert!(samples.iter().all(|s| s.is_finite()), "{kind}: NaN or inf");
        let loud = measure(&samples, RATE);
        assert!(
            (loud.integrated_lufs - -27.0).abs() <= 1.5,
            "{kind}: {:.1} LUFS, expected about -27",
            loud.integrated_lufs
        );
        assert!(
            loud.true_peak_dbfs <= -6.0,
            "{kind}: true peak {:.1} dBFS",
            loud.true_peak_dbfs
        );
    }
}

#[test]
fn channels_are_decorrelated_in_every_second() {
    let ctx = BlockCtx::default();
    for &kind in Generator::ALL {
        let samples = render(kind, 120.0, 42, ctx);
        let (left, right) = (channel(&samples, 0), channel(&samples, 1));
        let block = RATE as usize;
        // Skip the first second (fade-ins), and seconds of near silence between bowl
        // strikes, where r means nothing.
        let worst = left
            .chunks_exact(block)
            .zip(right.chunks_exact(block))
            .skip(1)
            .filter(|(l, _)| l.iter().map(|x| x * x).sum::<f32>() / block as f32 > 1e-7)
            .map(|(l, r)| correlation(l, r).abs())
            .fold(0.0, f64::max);
        // Measured: noises 0.01–0.38, the tonal drone, bowls and crickets 0.13–0.36.
        assert!(
            worst < 0.5,
            "{kind}: channels too alike in some second (|r| = {worst:.2})"
        );
    }
}

#[test]
fn generators_are_deterministic_per_seed() {
    let ctx = BlockCtx::default();
    for &kind in Generator::ALL {
        let a = render(kind, 2.0, 9, ctx);
        let b = render(kind, 2.0, 9, ctx);
        assert_eq!(a, b, "{kind}");
        let c = render(kind, 2.0, 10, ctx);
        assert_ne!(a, c, "{kind}: the seed must matter");
    }
}

/// The first place where a one-second stretch of `samples` starting on a whole second
/// appears again at any other offset (sample-exact): a loop of any period and alignment
/// repeats such a stretch. Rolling polynomial hash over every offset, checked exactly.
fn first_repeat(samples: &[f32], block: usize) -> Option<(usize, usize)> {
    const BASE: u64 = 0x100_0000_01b3;
    let bits: Vec<u64> = samples.iter().map(|x| u64::from(x.to_bits())).collect();
    let hash = |w: &[u64]| {
        w.iter()
            .fold(0_u64, |h, &x| h.wrapping_mul(BASE).wrapping_add(x))
    };
    let mut aligned = std::collections::HashMap::new();
    for (k, w) in bits.chunks_exact(block).enumerate() {
        aligned
            .entry(hash(w))
            .or_insert_with(Vec::new)
            .push(k * block);
    }
    let top = (0..block - 1).fold(1_u64, |p, _| p.wrapping_mul(BASE));
    let mut h = hash(&bits[..block]);
    for start in 0..=bits.len() - block {
        if start > 0 {
            h = h
                .wrapping_sub(bits[start - 1].wrapping_mul(top))
                .wrapping_mul(BASE)
                .wrapping_add(bits[start + block - 1]);
        }
        if let Some(origins) = aligned.get(&h) {
            for &o in origins {
                if o != start && bits[o..o + block] == bits[start..start + block] {
                    return Some((o, start));
                }
            }
        }
    }
    None
}

#[test]
fn the_repeat_detector_finds_a_loop_of_any_period() {
    let noise = channel(&render(Generator::White, 20.0, 1, BlockCtx::default()), 0);
    // A loop of 3.7 s plus 123 samples, not aligned to anything.
    let period = 3 * RATE as usize + RATE as usize * 7 / 10 + 123;
    let looped: Vec<f32> = (0..noise.len()).map(|i| noise[i % period]).collect();
    let found = first_repeat(&looped, RATE as usize).expect("the loop is found");
    assert_eq!(found.0.abs_diff(found.1) % period, 0, "{found:?}");
    assert_eq!(first_repeat(&noise, RATE as usize), None);
}

#[test]
fn rain_never_repeats_a_one_second_block_over_ten_minutes() {
    let samples = render(Generator::Rain, 600.0, 5, BlockCtx::default());
    for ch in 0..2 {
        let found = first_repeat(&channel(&samples, ch), RATE as usize);
        assert_eq!(found, None, "channel {ch}: a one-second stretch repeats");
    }
}

/// RMS in dB of both channels over the frames from `from_secs` on.
fn rms_db(samples: &[f32], from_secs: f32) -> f64 {
    let skip = (from_secs * RATE as f32) as usize * 2;
    let tail = &samples[skip..];
    let energy: f64 = tail.iter().map(|&x| f64::from(x).powi(2)).sum();
    10.0 * (energy / tail.len() as f64).max(1e-30).log10()
}

#[test]
fn breath_synced_layers_swell_with_the_inhale() {
    for &kind in Generator::ALL.iter().filter(|k| k.breathes()) {
        let full = rms_db(
            &render(
                kind,
                8.0,
                3,
                BlockCtx {
                    breath: Some(1.0),
                    calm: 0.0,
                },
            ),
            4.0,
        );
        let empty = rms_db(
            &render(
                kind,
                8.0,
                3,
                BlockCtx {
                    breath: Some(0.0),
                    calm: 0.0,
                },
            ),
            4.0,
        );
        assert!(
            full > empty + 3.0,
            "{kind}: {full:.1} dB with full lungs, {empty:.1} dB with empty ones"
        );
    }
}

#[test]
fn breath_sync_takes_over_and_hands_back_smoothly() {
    // Own rhythm for 5 s, then a 6 s breath cycle for 12 s, then own rhythm again; the level
    // over consecutive 100 ms windows must never jump.
    let window = RATE as usize / 10;
    for &kind in Generator::ALL.iter().filter(|k| k.breathes()) {
        let mut g = make(kind, RATE, 4);
        let mut out = vec![0.0; RATE as usize * 25 * 2];
        for (i, block) in out.chunks_mut(BLOCK_FRAMES * 2).enumerate() {
            let t = (i * BLOCK_FRAMES) as f32 / RATE as f32;
            let breath = (5.0..17.0)
                .contains(&t)
                .then(|| 0.5 - 0.5 * (std::f32::consts::TAU * (t - 5.0) / 6.0).cos());
            g.render(block, &BlockCtx { breath, calm: 0.0 });
        }
        let levels: Vec<f64> = out
            .chunks_exact(window * 2)
            .map(|w| rms_db(w, 0.0))
            .collect();
        for (i, pair) in levels.windows(2).enumerate().skip(10) {
            let jump = (pair[1] - pair[0]).abs();
            assert!(
                jump < 4.0,
                "{kind}: level jumps {jump:.1} dB at {:.1} s",
                (i + 1) as f32 / 10.0
            );
        }
    }
}
