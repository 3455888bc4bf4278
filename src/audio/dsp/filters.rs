//! Hand-written filters (chosen over a DSP crate after a measurement; see ARCHITECTURE.md).

use std::f32::consts::PI;

/// One-pole low-pass: `y += a (x − y)`.
#[derive(Clone, Debug, Default)]
pub struct OnePole {
    a: f32,
    y: f32,
}

impl OnePole {
    /// A low-pass with cutoff `hz` at `rate` samples per second.
    pub fn lowpass(hz: f32, rate: f32) -> Self {
        let mut f = Self::default();
        f.set_cutoff(hz, rate);
        f
    }

    /// Changes the cutoff.
    pub fn set_cutoff(&mut self, hz: f32, rate: f32) {
        self.a = 1.0 - (-2.0 * PI * hz / rate).exp();
    }

    /// Filters one sample.
    #[inline]
    pub fn process(&mut self, x: f32) -> f32 {
        self.y += self.a * (x - self.y);
        self.y
    }

    /// The last output.
    pub const fn value(&self) -> f32 {
        self.y
    }
}

/// Which response a biquad has (RBJ audio-EQ cookbook).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[expect(clippy::enum_variant_names, reason = "the standard filter names")]
pub enum BiquadKind {
    /// Low-pass.
    LowPass,
    /// High-pass.
    HighPass,
    /// Band-pass, constant 0 dB peak gain.
    BandPass,
}

/// A second-order IIR filter (transposed direct form II).
#[derive(Clone, Debug)]
pub struct Biquad {
    kind: BiquadKind,
    b0: f32,
    b1: f32,
    b2: f32,
    a1: f32,
    a2: f32,
    z1: f32,
    z2: f32,
}

impl Biquad {
    /// A filter at `hz` with quality `q` for `rate` samples per second.
    pub fn new(kind: BiquadKind, hz: f32, q: f32, rate: f32) -> Self {
        let mut f = Self {
            kind,
            b0: 1.0,
            b1: 0.0,
            b2: 0.0,
            a1: 0.0,
            a2: 0.0,
            z1: 0.0,
            z2: 0.0,
        };
        f.set(hz, q, rate);
        f
    }

    /// Recomputes the coefficients (call at control rate, not every sample).
    pub fn set(&mut self, hz: f32, q: f32, rate: f32) {
        let hz = hz.clamp(10.0, rate * 0.45);
        let w0 = 2.0 * PI * hz / rate;
        let (sin, cos) = w0.sin_cos();
        let alpha = sin / (2.0 * q.max(0.05));
        let a0 = 1.0 + alpha;
        let (b0, b1, b2) = match self.kind {
            BiquadKind::LowPass => ((1.0 - cos) / 2.0, 1.0 - cos, (1.0 - cos) / 2.0),
            BiquadKind::HighPass => (
                f32::midpoint(1.0, cos),
                -(1.0 + cos),
                f32::midpoint(1.0, cos),
            ),
            BiquadKind::BandPass => (alpha, 0.0, -alpha),
        };
        self.b0 = b0 / a0;
        self.b1 = b1 / a0;
        self.b2 = b2 / a0;
        self.a1 = -2.0 * cos / a0;
        self.a2 = (1.0 - alpha) / a0;
    }

    /// Filters one sample.
    #[inline]
    pub fn process(&mut self, x: f32) -> f32 {
        // Plain arithmetic: `mul_add` is a slow library call on targets without FMA.
        let y = self.b0 * x + self.z1;
        self.z1 = self.b1 * x + self.z2 - self.a1 * y;
        self.z2 = self.b2 * x - self.a2 * y;
        y
    }
}

/// Pink noise from white noise: Paul Kellet's refined filter (−3 dB/octave within ±0.05 dB
/// from 9 Hz to the Nyquist frequency at 44.1 kHz).
#[derive(Clone, Debug, Default)]
pub struct PinkFilter {
    b: [f32; 7],
}

impl PinkFilter {
    /// Filters one white sample (roughly unit variance in, unit-ish variance out).
    #[inline]
    pub fn process(&mut self, white: f32) -> f32 {
        let b = &mut self.b;
        b[0] = 0.998_86 * b[0] + white * 0.055_517_9;
        b[1] = 0.993_32 * b[1] + white * 0.075_075_9;
        b[2] = 0.969_00 * b[2] + white * 0.153_852;
        b[3] = 0.866_50 * b[3] + white * 0.310_485_6;
        b[4] = 0.550_00 * b[4] + white * 0.532_952_2;
        b[5] = -0.761_6 * b[5] - white * 0.016_898_0;
        let pink = b[0] + b[1] + b[2] + b[3] + b[4] + b[5] + b[6] + white * 0.536_2;
        b[6] = white * 0.115_926;
        pink * 0.11
    }
}

/// Brown noise from white noise: a leaky integrator (−6 dB/octave above its corner), then a
/// gentle high-pass near 20 Hz so the inaudible rumble below it does not eat the headroom.
#[derive(Clone, Debug, Default)]
pub struct BrownFilter {
    y: f32,
    hp_in: f32,
    hp_out: f32,
}

impl BrownFilter {
    /// Filters one white sample.
    #[inline]
    pub fn process(&mut self, white: f32) -> f32 {
        // Leak corner ≈ 7 Hz at 48 kHz keeps it from wandering off.
        self.y = 0.999_1 * self.y + 0.04 * white;
        // One-pole high-pass, corner ≈ 20 Hz at 48 kHz.
        self.hp_out = 0.997_4 * (self.hp_out + self.y - self.hp_in);
        self.hp_in = self.y;
        self.hp_out * 1.6
    }
}

/// Converts decibels to a linear gain.
#[inline]
pub fn db_to_gain(db: f32) -> f32 {
    10f32.powf(db / 20.0)
}

/// Converts a linear gain to decibels (−inf for 0).
#[inline]
pub fn gain_to_db(gain: f32) -> f32 {
    20.0 * gain.log10()
}
