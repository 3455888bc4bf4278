//! The procedural generators, one per file.

mod noise;

pub use noise::{Noise, NoiseColor};
