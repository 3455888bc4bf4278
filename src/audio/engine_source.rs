//! The engine as a rodio `Source` for the output device, driven by commands from the app.

use std::num::NonZero;
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::Duration;

use rodio::Source;

use super::engine::{Engine, EngineCommand};
use super::generator::BLOCK_FRAMES;

/// Plays an [`Engine`], applying commands between blocks (about every 5 ms).
pub struct EngineSource {
    engine: Engine,
    commands: Receiver<EngineCommand>,
    rate: NonZero<u32>,
    buffer: Vec<f32>,
    pos: usize,
    disconnected: bool,
}

impl EngineSource {
    /// Plays `engine` at `rate`, listening to `commands`.
    pub fn new(engine: Engine, commands: Receiver<EngineCommand>, rate: NonZero<u32>) -> Self {
        Self {
            engine,
            commands,
            rate,
            buffer: vec![0.0; BLOCK_FRAMES * 2],
            pos: BLOCK_FRAMES * 2,
            disconnected: false,
        }
    }

    fn refill(&mut self) {
        if !self.disconnected {
            loop {
                match self.commands.try_recv() {
                    Ok(command) => self.engine.apply(command),
                    Err(TryRecvError::Empty) => break,
                    Err(TryRecvError::Disconnected) => {
                        // The app is gone: fade out quickly and go quiet.
                        self.disconnected = true;
                        self.engine.apply(EngineCommand::SetMaster {
                            gain: 0.0,
                            secs: 0.2,
                        });
                        break;
                    }
                }
            }
        }
        self.engine.render(&mut self.buffer);
        self.pos = 0;
    }
}

impl Iterator for EngineSource {
    type Item = f32;

    #[inline]
    fn next(&mut self) -> Option<f32> {
        if self.pos >= self.buffer.len() {
            self.refill();
        }
        let sample = self.buffer[self.pos];
        self.pos += 1;
        Some(sample)
    }
}

impl Source for EngineSource {
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
