//! Block renderers as rodio `Source`s: each generator can be played or composed on its own,
//! like rodio's built-in sources, and the engine plays through the same adapter.

use std::num::NonZero;
use std::time::Duration;

use rodio::Source;

use super::generator::{BLOCK_FRAMES, BlockCtx, Generate};

/// Something that fills interleaved stereo blocks.
pub trait BlockRender: Send {
    /// Fills `out` (a whole number of stereo frames).
    fn render_block(&mut self, out: &mut [f32]);
}

/// An endless stereo rodio `Source` pulling blocks from a [`BlockRender`].
pub struct BlockSource<B> {
    inner: B,
    rate: NonZero<u32>,
    buffer: Vec<f32>,
    pos: usize,
}

impl<B: BlockRender> BlockSource<B> {
    /// Plays `inner`, which renders at `rate`.
    pub fn new(inner: B, rate: NonZero<u32>) -> Self {
        Self {
            inner,
            rate,
            buffer: vec![0.0; BLOCK_FRAMES * 2],
            pos: BLOCK_FRAMES * 2,
        }
    }
}

impl<B: BlockRender> Iterator for BlockSource<B> {
    type Item = f32;

    #[inline]
    fn next(&mut self) -> Option<f32> {
        if self.pos >= self.buffer.len() {
            self.inner.render_block(&mut self.buffer);
            self.pos = 0;
        }
        let sample = self.buffer[self.pos];
        self.pos += 1;
        Some(sample)
    }
}

impl<B: BlockRender> Source for BlockSource<B> {
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

/// A generator as a block renderer (following its own rhythm).
pub struct GeneratorBlocks(pub Box<dyn Generate>);

impl BlockRender for GeneratorBlocks {
    fn render_block(&mut self, out: &mut [f32]) {
        self.0.render(out, &BlockCtx::default());
    }
}

/// A generator as an endless stereo rodio `Source`.
pub type GeneratorSource = BlockSource<GeneratorBlocks>;

/// Plays `generator` (rendering at `rate`) as a rodio `Source`.
pub fn generator_source(generator: Box<dyn Generate>, rate: NonZero<u32>) -> GeneratorSource {
    BlockSource::new(GeneratorBlocks(generator), rate)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::generator::make;
    use crate::domain::soundscape::Generator;

    #[test]
    fn a_generator_plays_as_a_source_with_the_same_samples() {
        let rate = NonZero::new(48_000).unwrap();
        let source = generator_source(make(Generator::Rain, 48_000, 4), rate);
        assert_eq!(
            (source.channels().get(), source.sample_rate().get()),
            (2, 48_000)
        );
        assert!(source.total_duration().is_none());
        let played: Vec<f32> = source.take(BLOCK_FRAMES * 4).collect();
        let mut direct = vec![0.0; BLOCK_FRAMES * 4];
        let mut g = make(Generator::Rain, 48_000, 4);
        for block in direct.chunks_mut(BLOCK_FRAMES * 2) {
            g.render(block, &BlockCtx::default());
        }
        assert_eq!(played, direct);
    }
}
