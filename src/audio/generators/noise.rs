//! White, pink and brown noise, independent per channel. As it calms
//! ([`BlockCtx::calm`]) the noise darkens ([`Darken`]: a low-pass gliding down an octave
//! from where most of its colour's energy lies).

use crate::audio::dsp::{BrownFilter, PinkFilter, Rng};
use crate::audio::generator::{BlockCtx, Generate};

use super::common::Darken;

/// The colour of the noise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoiseColor {
    /// Flat spectrum.
    White,
    /// −3 dB per octave.
    Pink,
    /// −6 dB per octave.
    Brown,
}

/// Coloured noise with decorrelated channels.
pub struct Noise {
    color: NoiseColor,
    rng: [Rng; 2],
    pink: [PinkFilter; 2],
    brown: [BrownFilter; 2],
    gain: f32,
    darken: Darken,
}

impl Noise {
    /// New noise of `color` at `rate` samples per second.
    pub fn new(color: NoiseColor, rate: f32, seed: u64) -> Self {
        let mut root = Rng::new(seed);
        // Gains calibrate each colour to about −27 LUFS (see tests/it/audio_generators.rs).
        let gain = match color {
            NoiseColor::White => 0.022,
            NoiseColor::Pink => 0.098,
            NoiseColor::Brown => 0.074,
        };
        let bright = match color {
            NoiseColor::White => 8_000.0,
            NoiseColor::Pink => 3_000.0,
            NoiseColor::Brown => 600.0,
        };
        Self {
            darken: Darken::new(bright, rate),
            color,
            rng: [root.fork(), root.fork()],
            pink: Default::default(),
            brown: Default::default(),
            gain,
        }
    }
}

impl Generate for Noise {
    fn render(&mut self, out: &mut [f32], ctx: &BlockCtx) {
        for frame in out.chunks_exact_mut(2) {
            for (ch, sample) in frame.iter_mut().enumerate() {
                let white = self.rng[ch].bipolar() * 1.732;
                let x = match self.color {
                    NoiseColor::White => white,
                    NoiseColor::Pink => self.pink[ch].process(white),
                    NoiseColor::Brown => self.brown[ch].process(white),
                };
                *sample = x * self.gain;
            }
        }
        self.darken.process(out, ctx.calm);
    }
}
