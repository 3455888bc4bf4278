//! A sine lookup table with linear interpolation, for oscillators whose pitch glides.

use std::f32::consts::TAU;
use std::sync::OnceLock;

const SIZE: usize = 2_048;

fn table() -> &'static [f32; SIZE + 1] {
    static TABLE: OnceLock<[f32; SIZE + 1]> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = [0.0; SIZE + 1];
        for (i, v) in t.iter_mut().enumerate() {
            *v = (TAU * i as f32 / SIZE as f32).sin();
        }
        t
    })
}

/// An oscillator with a phase accumulator; the frequency may change every sample.
#[derive(Clone, Debug, Default)]
pub struct Phasor {
    phase: f32,
}

impl Phasor {
    /// Advances by `hz` at `rate` and returns sin of the phase.
    #[inline]
    pub fn sine(&mut self, hz: f32, rate: f32) -> f32 {
        let t = table();
        let pos = self.phase * SIZE as f32;
        let i = pos as usize;
        let frac = pos - i as f32;
        let i = i.min(SIZE - 1);
        let value = t[i] + (t[i + 1] - t[i]) * frac;
        // Wrap without `floor` (a library call on the baseline x86-64 target). A step is
        // under one cycle for any audible pitch; the loop only guards odd arguments.
        self.phase += hz / rate;
        while self.phase >= 1.0 {
            self.phase -= 1.0;
        }
        if self.phase < 0.0 {
            self.phase = 0.0;
        }
        value
    }
}

/// A fixed-frequency sine by recurrence (`y[n] = 2 cos w · y[n−1] − y[n−2]`): no table, no trig per sample.
#[derive(Clone, Debug)]
pub struct Resonator {
    coef: f32,
    y1: f32,
    y2: f32,
}

impl Resonator {
    /// A unit sine at `hz`, starting at phase `phase` (radians).
    pub fn new(hz: f32, rate: f32, phase: f32) -> Self {
        let w = TAU * hz / rate;
        Self {
            coef: 2.0 * w.cos(),
            y1: phase.sin(),
            y2: (phase - w).sin(),
        }
    }

    /// The next sample.
    #[inline]
    pub fn sample(&mut self) -> f32 {
        let y = self.coef * self.y1 - self.y2;
        self.y2 = self.y1;
        self.y1 = y;
        y
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_and_recurrence_match_sin() {
        let mut p = Phasor::default();
        // The recurrence's first sample is one step past its starting phase.
        let mut r = Resonator::new(440.0, 48_000.0, 0.3);
        let w = TAU * 440.0 / 48_000.0;
        let mut worst: f32 = 0.0;
        for n in 0..48_000 {
            let expected = (TAU * 440.0 * n as f32 / 48_000.0).sin();
            assert!(
                (p.sine(440.0, 48_000.0) - expected).abs() < 2e-3,
                "table at {n}"
            );
            // In f64, so the reference itself does not drift over a second of samples.
            let exact = (0.3_f64 + f64::from(w) * (n as f64 + 1.0)).sin() as f32;
            worst = worst.max((r.sample() - exact).abs());
        }
        // The f32 coefficient puts the pitch off by about 0.002 Hz: 0.015 after a second.
        assert!(worst < 2e-2, "recurrence strays from sin by {worst}");
        let mut r = Resonator::new(1_000.0, 48_000.0, 0.0);
        let peak = (0..48_000)
            .map(|_| r.sample().abs())
            .fold(0.0_f32, f32::max);
        assert!(
            (peak - 1.0).abs() < 1e-2,
            "recurrence stays at unit amplitude: {peak}"
        );
    }
}
