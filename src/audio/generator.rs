//! The interface every sound generator implements, and the factory.

use crate::domain::soundscape::Generator;

use super::generators;

/// Frames rendered per block by the engine (about 5 ms at 48 kHz).
pub const BLOCK_FRAMES: usize = 256;

/// Per-block control data for generators.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct BlockCtx {
    /// How full the lungs are (0..1) during a breathing step, when this layer is
    /// breath-synced; `None` otherwise (the layer follows its own rhythm).
    pub breath: Option<f32>,
    /// How far the sound has wound down (0 = as it is, 1 = fully calmed): fewer and softer
    /// events, slower swells, a darker spectrum. It moves slowly (the engine glides it), so
    /// a generator may follow it once a block or a control period.
    pub calm: f32,
}

/// A sound generator: stereo, at a fixed sample rate, deterministic for its seed, never
/// looping. Output at level 1 is calibrated to about −27 LUFS.
pub trait Generate: Send {
    /// Overwrites `out` (interleaved stereo: L, R, L, R…) with the next frames.
    fn render(&mut self, out: &mut [f32], ctx: &BlockCtx);
}

/// Builds the generator for `kind` at `rate` samples per second.
pub fn make(kind: Generator, rate: u32, seed: u64) -> Box<dyn Generate> {
    let rate = rate as f32;
    match kind {
        Generator::White => Box::new(generators::Noise::new(
            generators::NoiseColor::White,
            rate,
            seed,
        )),
        Generator::Pink => Box::new(generators::Noise::new(
            generators::NoiseColor::Pink,
            rate,
            seed,
        )),
        Generator::Brown => Box::new(generators::Noise::new(
            generators::NoiseColor::Brown,
            rate,
            seed,
        )),
        Generator::Rain => Box::new(generators::Rain::new(rate, seed)),
        Generator::Ocean => Box::new(generators::Ocean::new(rate, seed)),
        Generator::Wind => Box::new(generators::Wind::new(rate, seed)),
        Generator::Stream => Box::new(generators::Stream::new(rate, seed)),
        Generator::Night => Box::new(generators::Night::new(rate, seed)),
        Generator::Fire => Box::new(generators::Fire::new(rate, seed)),
        Generator::Drone => Box::new(generators::Drone::new(rate, seed)),
        Generator::Bowls => Box::new(generators::Bowls::new(rate, seed)),
    }
}
