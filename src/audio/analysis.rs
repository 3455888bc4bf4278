//! Measuring what a rendered sound does: its spectral centroid, how many events (drops,
//! crackles, chirps) it has a second, and how long its slow swells are. For the tests of
//! the generators' calm and for the figures in BENCHMARKS.md; nothing plays through here.

use realfft::RealFftPlanner;

use super::dsp::OnePole;

/// FFT length for the centroid: 8192 samples (0.17 s at 48 kHz, 5.9 Hz a bin).
const FFT_LEN: usize = 8_192;

/// The left and right channels of interleaved stereo, averaged.
pub fn mono(stereo: &[f32]) -> Vec<f32> {
    stereo
        .chunks_exact(2)
        .map(|f| 0.5 * (f[0] + f[1]))
        .collect()
}

/// The spectral centroid of `mono`, in hertz: the power-weighted mean frequency of its
/// average spectrum (Hann-windowed 8192-sample frames, from 20 Hz up). 0 for silence or
/// a sound shorter than one frame.
pub fn spectral_centroid(mono: &[f32], rate: u32) -> f32 {
    let mut planner = RealFftPlanner::<f32>::new();
    let fft = planner.plan_fft_forward(FFT_LEN);
    let mut input = fft.make_input_vec();
    let mut spectrum = fft.make_output_vec();
    let mut power = vec![0.0f64; spectrum.len()];
    let window: Vec<f32> = (0..FFT_LEN)
        .map(|i| {
            let x = std::f32::consts::TAU * i as f32 / FFT_LEN as f32;
            0.5 - 0.5 * x.cos()
        })
        .collect();
    for frame in mono.chunks_exact(FFT_LEN) {
        for ((dst, &x), &w) in input.iter_mut().zip(frame).zip(&window) {
            *dst = x * w;
        }
        if fft.process(&mut input, &mut spectrum).is_err() {
            return 0.0;
        }
        for (p, c) in power.iter_mut().zip(&spectrum) {
            *p += f64::from(c.norm_sqr());
        }
    }
    let bin_hz = f64::from(rate) / FFT_LEN as f64;
    let (mut weighted, mut total) = (0.0, 0.0);
    for (k, p) in power.iter().enumerate() {
        let hz = k as f64 * bin_hz;
        if hz >= 20.0 {
            weighted += hz * p;
            total += p;
        }
    }
    if total > 0.0 {
        (weighted / total) as f32
    } else {
        0.0
    }
}

/// Order of the linear predictor that whitens a sound before events are counted.
const LPC_ORDER: usize = 16;

/// The coefficients `a` (with `a[0] = 1`) of the order-`order` linear predictor of `x`
/// (autocorrelation method, Levinson–Durbin): `sum a[j]·x[n−j]` is what is left of `x[n]`
/// once the part its past predicts is taken away.
fn predictor(x: &[f32], order: usize) -> Vec<f64> {
    let mut r = vec![0.0f64; order + 1];
    for (lag, r) in r.iter_mut().enumerate() {
        *r = x[lag..]
            .iter()
            .zip(x)
            .map(|(&a, &b)| f64::from(a) * f64::from(b))
            .sum();
    }
    // A touch of white noise keeps a silent or pure-tone segment well conditioned.
    r[0] = r[0] * (1.0 + 1e-9) + 1e-12;
    let mut a = vec![0.0f64; order + 1];
    a[0] = 1.0;
    let mut err = r[0];
    for i in 1..=order {
        let acc: f64 = r[i] + (1..i).map(|j| a[j] * r[i - j]).sum::<f64>();
        let k = -acc / err;
        let before = a.clone();
        for j in 1..i {
            a[j] = before[j] + k * before[i - j];
        }
        a[i] = k;
        err *= 1.0 - k * k;
    }
    a
}

/// `mono` whitened second by second: what its own recent past does not predict. A steady
/// bed (rain's hiss, a fire's rumble), whatever its colour, becomes even white noise;
/// a burst that starts suddenly stands out of it.
fn whitened(mono: &[f32], rate: u32) -> Vec<f32> {
    let segment = (rate as usize).max(LPC_ORDER + 1);
    let mut out = vec![0.0; mono.len()];
    for (index, chunk) in mono.chunks(segment).enumerate() {
        if chunk.len() <= LPC_ORDER {
            break;
        }
        let a = predictor(chunk, LPC_ORDER);
        let base = index * segment;
        for n in base..base + chunk.len() {
            let residual: f64 = a
                .iter()
                .enumerate()
                .take(n + 1)
                .map(|(j, &aj)| aj * f64::from(mono[n - j]))
                .sum();
            out[n] = residual as f32;
        }
    }
    out
}

/// Events a second in `mono`: bursts (a drop, a crackle, a chirp's start) standing out of
/// the sound around them. The sound is whitened (a 16th-order linear predictor, fitted
/// to each second), so a steady bed of any colour has the same even texture, and cut into
/// 2 ms frames; an event is a frame with more than three times (4.8 dB) the median
/// energy of the 100 ms before it, when the frame before was not, at least 10 ms after
/// the last event. Drops buried in the bed are not counted: this counts the ones a
/// listener hears as distinct.
pub fn events_per_second(mono: &[f32], rate: u32) -> f32 {
    let frame = (rate as usize / 500).max(1);
    let energies: Vec<f32> = whitened(mono, rate)
        .chunks_exact(frame)
        .map(|chunk| chunk.iter().map(|&x| x * x).sum::<f32>())
        .collect();
    let history = 50;
    let refractory = 5;
    let mut events = 0usize;
    let mut last_event: Option<usize> = None;
    let mut above_before = false;
    let mut window: Vec<f32> = Vec::with_capacity(history);
    for k in history..energies.len() {
        window.clear();
        window.extend_from_slice(&energies[k - history..k]);
        window.sort_by(f32::total_cmp);
        let median = window[history / 2];
        let above = energies[k] > 3.0 * median && energies[k] > 0.0;
        let rested = last_event.is_none_or(|at| k - at >= refractory);
        if above && !above_before && rested {
            events += 1;
            last_event = Some(k);
        }
        above_before = above;
    }
    let secs = mono.len() as f32 / rate as f32;
    if secs > 0.0 {
        events as f32 / secs
    } else {
        0.0
    }
}

/// The mean period of the slow swells in `mono` (waves), in seconds: the level below
/// 500 Hz in 100 ms windows, smoothed over a second, counts a swell each time it rises
/// above its mean by a quarter of its spread after having been as far below. `None` with
/// fewer than two swells.
pub fn swell_period(mono: &[f32], rate: u32) -> Option<f32> {
    let window = (rate as usize / 10).max(1);
    let mut lp = OnePole::lowpass(500.0, rate as f32);
    let levels: Vec<f32> = mono
        .chunks_exact(window)
        .map(|chunk| {
            let e: f32 = chunk
                .iter()
                .map(|&x| {
                    let low = lp.process(x);
                    low * low
                })
                .sum();
            (e / window as f32).sqrt()
        })
        .collect();
    let smooth: Vec<f32> = (0..levels.len())
        .map(|i| {
            let from = i.saturating_sub(5);
            let to = (i + 5).min(levels.len());
            levels[from..to].iter().sum::<f32>() / (to - from) as f32
        })
        .collect();
    let n = smooth.len() as f32;
    let mean = smooth.iter().sum::<f32>() / n;
    let spread = (smooth.iter().map(|x| (x - mean).powi(2)).sum::<f32>() / n).sqrt();
    let (high, low) = (mean + 0.25 * spread, mean - 0.25 * spread);
    let mut rises = Vec::new();
    let mut armed = false;
    for (i, &x) in smooth.iter().enumerate() {
        if x < low {
            armed = true;
        } else if armed && x > high {
            rises.push(i);
            armed = false;
        }
    }
    let (first, last) = (rises.first()?, rises.last()?);
    (rises.len() >= 2).then(|| (last - first) as f32 * 0.1 / (rises.len() - 1) as f32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::dsp::Rng;

    const RATE: u32 = 48_000;

    #[test]
    fn the_centroid_of_a_sine_is_its_frequency() {
        for hz in [200.0f32, 1_000.0, 5_000.0] {
            let sine: Vec<f32> = (0..RATE as usize * 2)
                .map(|i| (std::f32::consts::TAU * hz * i as f32 / RATE as f32).sin())
                .collect();
            let c = spectral_centroid(&sine, RATE);
            assert!((c - hz).abs() < 0.02 * hz, "{hz} Hz measured as {c}");
        }
        assert_eq!(spectral_centroid(&vec![0.0; 10_000], RATE), 0.0);
    }

    #[test]
    fn events_are_counted_over_a_noise_bed() {
        // Quiet noise with clear bursts, 12 a second at random.
        let mut rng = Rng::new(7);
        let secs = 20;
        let mut x: Vec<f32> = (0..RATE as usize * secs)
            .map(|_| 0.01 * rng.bipolar())
            .collect();
        let mut placed = 0;
        let mut i = 0;
        while i < x.len() - 2_000 {
            if rng.chance(12.0 / 1_000.0) {
                for (k, s) in x[i..i + 400].iter_mut().enumerate() {
                    *s += 0.3 * rng.bipolar() * (-(k as f32) / 100.0).exp();
                }
                placed += 1;
                i += 1_000;
            } else {
                i += 48;
            }
        }
        let expected = placed as f32 / secs as f32;
        let measured = events_per_second(&x, RATE);
        assert!(
            (measured - expected).abs() < 0.1 * expected,
            "{measured} a second, {expected} placed"
        );
    }

    #[test]
    fn the_swell_period_of_a_slowly_swelling_noise_is_found() {
        let mut rng = Rng::new(3);
        let period = 8.0f32;
        let x: Vec<f32> = (0..RATE as usize * 80)
            .map(|i| {
                let t = i as f32 / RATE as f32;
                let swell = 0.55 - 0.45 * (std::f32::consts::TAU * t / period).cos();
                swell * rng.bipolar()
            })
            .collect();
        let found = swell_period(&x, RATE);
        assert!(
            found.is_some_and(|p| (p - period).abs() < 0.3),
            "found {found:?}"
        );
        assert_eq!(swell_period(&vec![0.0; 48_000], RATE), None);
    }
}
