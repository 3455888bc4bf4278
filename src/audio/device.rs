//! Opening the sound output: the one place that talks to the device. If it fails (no sound
//! card, a busy device), the caller gets an error to show as a one-line notice and carries
//! on silently. Never retried in a loop, never a panic.

use std::num::NonZero;
use std::sync::mpsc::{Sender, channel};

use super::engine::{Engine, EngineCommand};
use super::engine_source::engine_source;

/// The output could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum AudioError {
    /// The default output device could not be opened.
    #[error("no sound output was found ({0}), so Lull is silent")]
    NoDevice(String),
}

/// An open output device playing an engine.
pub struct AudioOutput {
    _sink: rodio::MixerDeviceSink,
    commands: Sender<EngineCommand>,
    rate: NonZero<u32>,
}

impl AudioOutput {
    /// Opens the default output and starts a silent engine on it.
    pub fn open_default() -> Result<Self, AudioError> {
        Self::open_default_with(|engine| engine)
    }

    /// Opens the default output with an engine adjusted by `configure`.
    pub fn open_default_with(configure: impl FnOnce(Engine) -> Engine) -> Result<Self, AudioError> {
        let mut sink = rodio::DeviceSinkBuilder::open_default_sink()
            .map_err(|e| AudioError::NoDevice(e.to_string()))?;
        sink.log_on_drop(false);
        let rate = sink.config().sample_rate();
        let (commands, receiver) = channel();
        let engine = configure(Engine::new(rate.get()));
        sink.mixer().add(engine_source(engine, receiver, rate));
        log::info!("sound output open at {} Hz", rate.get());
        Ok(Self {
            _sink: sink,
            commands,
            rate,
        })
    }

    /// The device's sample rate.
    pub const fn rate(&self) -> u32 {
        self.rate.get()
    }

    /// Sends a command to the engine. Returns false if the audio thread is gone.
    pub fn send(&self, command: EngineCommand) -> bool {
        self.commands.send(command).is_ok()
    }
}
