//! The engine as a rodio `Source` for the output device, driven by commands from the app.

use std::num::NonZero;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError};

use super::engine::{Engine, EngineCommand};
use super::source::{BlockRender, BlockSource};

/// The engine plus the commands it receives, applied between blocks (about every 5 ms).
pub struct EngineDriver {
    engine: Engine,
    commands: Receiver<EngineCommand>,
    disconnected: bool,
    /// Counts the blocks rendered: the device's watcher sees the stream is alive.
    heartbeat: Arc<AtomicU64>,
}

impl BlockRender for EngineDriver {
    fn render_block(&mut self, out: &mut [f32]) {
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
        self.engine.render(out);
        self.heartbeat.fetch_add(1, Ordering::Relaxed);
    }
}

/// The engine as the device's `Source`.
pub type EngineSource = BlockSource<EngineDriver>;

/// Plays `engine` at `rate`, listening to `commands`; each block rendered adds one to
/// `heartbeat`.
pub fn engine_source(
    engine: Engine,
    commands: Receiver<EngineCommand>,
    rate: NonZero<u32>,
    heartbeat: Arc<AtomicU64>,
) -> EngineSource {
    BlockSource::new(
        EngineDriver {
            engine,
            commands,
            disconnected: false,
            heartbeat,
        },
        rate,
    )
}
