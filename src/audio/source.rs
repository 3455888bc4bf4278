//! Adapts a block generator to a rodio `Source` (so each generator can also be played or
//! composed on its own, like rodio's built-in sources).

use std::num::NonZero;
use std::time::Duration;

use rodio::Source;

use super::generator::{BLOCK_FRAMES, BlockCtx, Generate};

/// A generator as an endless stereo rodio `Source`.
pub struct GeneratorSource {
    generator: Box<dyn Generate>,
    rate: NonZero<u32>,
    buffer: Vec<f32>,
    pos: usize,
}

impl GeneratorSource {
    /// Wraps `generator`, which renders at `rate`.
    pub fn new(generator: Box<dyn Generate>, rate: NonZero<u32>) -> Self {
        Self {
            generator,
            rate,
            buffer: vec![0.0; BLOCK_FRAMES * 2],
            pos: BLOCK_FRAMES * 2,
        }
    }
}

impl Iterator for GeneratorSource {
    type Item = f32;

    #[inline]
    fn next(&mut self) -> Option<f32> {
        if self.pos >= self.buffer.len() {
            self.generator
                .render(&mut self.buffer, &BlockCtx::default());
            self.pos = 0;
        }
        let sample = self.buffer[self.pos];
        self.pos += 1;
        Some(sample)
    }
}

impl Source for GeneratorSource {
    fn current_span_len(&self) -> Option<usize> {
        None
    }

    fn channels(&self) -> NonZero<u16> {
        NonZero::<u16>::MIN.saturating_add(1)
    }

    fn sample_rate(&self) -> NonZero<u32> {
        self.rate
    }

    fn total_duration(&self) -> Option<Duration> {
        None
    }
}
