//! Opening the sound output: the one place that talks to the device. If it fails (no sound
//! card, a busy device), the caller gets an error to show as a one-line notice and carries
//! on silently. Never a panic.
//!
//! An open output is watched. The stream's error callback (on the audio thread) only counts
//! underruns and passes other errors on through a one-slot channel; a small watcher thread
//! judges them, with the engine's heartbeat (a counter of blocks rendered): an error that
//! is not an underrun, underruns that never stop, or no sound asked for during a second
//! mean the output is lost. The watcher then records why and wakes the app, which opens
//! the default device again ([`Output::lost`]); nothing is reopened on the audio side.

use std::num::NonZero;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, SyncSender, channel, sync_channel};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use rodio::cpal::traits::HostTrait as _;
use rodio::{CpalError, CpalErrorKind, DeviceSinkBuilder, DeviceSinkError, DeviceTrait as _};

use super::engine::{Engine, EngineCommand};
use super::engine_source::engine_source;

/// The output could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum AudioError {
    /// The default output device could not be opened.
    #[error("no sound output was found ({0}), so Lull is silent")]
    NoDevice(String),
}

/// Wakes the app (asks its window for a frame). Called from the watcher thread, never from
/// the audio thread.
pub type Wake = Arc<dyn Fn() + Send + Sync>;

/// A sound output playing an engine: the device, or a fake in tests.
pub trait Output: Send {
    /// The output's sample rate (the engine's).
    fn rate(&self) -> u32;

    /// Sends a command to the engine. Returns false if the audio thread is gone.
    fn send(&self, command: EngineCommand) -> bool;

    /// Why the output stopped playing, once it has (the device went away, its stream keeps
    /// failing, or it stopped asking for sound). A lost output stays lost: open another.
    fn lost(&self) -> Option<String>;
}

/// Opens an output; `wake` is called (from another thread) when the output is lost.
pub trait OpenOutput {
    /// Opens the output, or says why it cannot be opened.
    fn open(&self, wake: Wake) -> Result<Box<dyn Output>, AudioError>;
}

impl<F> OpenOutput for F
where
    F: Fn(Wake) -> Result<Box<dyn Output>, AudioError>,
{
    fn open(&self, wake: Wake) -> Result<Box<dyn Output>, AudioError> {
        self(wake)
    }
}

/// The system's default output device (what the app plays through).
#[derive(Clone, Copy, Debug, Default)]
pub struct DefaultOutput;

impl OpenOutput for DefaultOutput {
    fn open(&self, wake: Wake) -> Result<Box<dyn Output>, AudioError> {
        Ok(Box::new(AudioOutput::open_default_with(|e| e, wake)?))
    }
}

/// How often the watcher looks at the stream.
pub const WATCH_EVERY: Duration = Duration::from_millis(250);

/// Checks in a row without a block rendered before the output counts as stalled (1 s).
const QUIET_CHECKS: usize = 4;

/// Underruns within the last [`QUIET_CHECKS`] checks (a second) that mean the stream is
/// failing, not glitching: a pipe or server gone makes one every period (tens a second),
/// and the stream recovers from each only to fail again.
const UNDERRUN_STORM: u64 = 20;

/// What the watcher knows of the stream: the heartbeat and underrun counts at each of the
/// last checks.
#[derive(Debug, Default)]
pub struct Vitals {
    /// (heartbeat, underruns) at the last [`QUIET_CHECKS`] + 1 checks, oldest first.
    seen: std::collections::VecDeque<(u64, u64)>,
}

impl Vitals {
    /// Takes the counts at one check (every [`WATCH_EVERY`]): says why the stream is lost,
    /// if it now is.
    pub fn check(&mut self, beats: u64, underruns: u64) -> Option<String> {
        self.seen.push_back((beats, underruns));
        if self.seen.len() > QUIET_CHECKS + 1 {
            self.seen.pop_front();
        }
        if self.seen.len() <= QUIET_CHECKS {
            return None;
        }
        let (old_beats, old_underruns) = self.seen.front().copied().unwrap_or_default();
        if beats == old_beats {
            return Some("the device stopped asking for sound".to_owned());
        }
        let storm = underruns.saturating_sub(old_underruns);
        (storm >= UNDERRUN_STORM).then(|| format!("the device failed {storm} times in a second"))
    }
}

/// An open output device playing an engine.
pub struct AudioOutput {
    _sink: rodio::MixerDeviceSink,
    commands: Sender<EngineCommand>,
    rate: NonZero<u32>,
    /// Why the output was lost, once the watcher has said.
    lost: Arc<Mutex<Option<String>>>,
}

impl AudioOutput {
    /// Opens the default output with an engine adjusted by `configure`, watched: `wake` is
    /// called when it is lost.
    pub fn open_default_with(
        configure: impl FnOnce(Engine) -> Engine,
        wake: Wake,
    ) -> Result<Self, AudioError> {
        let underruns = Arc::new(AtomicU64::new(0));
        let (errors, failures) = sync_channel(1);
        let mut sink = open_sink(on_error(errors, Arc::clone(&underruns)))
            .map_err(|e| AudioError::NoDevice(e.to_string()))?;
        sink.log_on_drop(false);
        let rate = sink.config().sample_rate();
        let (commands, receiver) = channel();
        let beats = Arc::new(AtomicU64::new(0));
        let engine = configure(Engine::new(rate.get()));
        sink.mixer()
            .add(engine_source(engine, receiver, rate, Arc::clone(&beats)));
        let lost = Arc::new(Mutex::new(None));
        let watcher = Watcher {
            failures,
            beats,
            underruns,
            lost: Arc::clone(&lost),
            wake,
        };
        let watching = std::thread::Builder::new()
            .name("audio-watch".to_owned())
            .spawn(move || watcher.run());
        if let Err(e) = watching {
            // It plays; only a lost device would not be noticed.
            log::warn!("the sound output is not watched: {e}");
        }
        log::info!("sound output open at {} Hz", rate.get());
        Ok(Self {
            _sink: sink,
            commands,
            rate,
            lost,
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

    /// Why the output stopped playing, once the watcher has seen it.
    pub fn lost(&self) -> Option<String> {
        self.lost
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Output for AudioOutput {
    fn rate(&self) -> u32 {
        Self::rate(self)
    }

    fn send(&self, command: EngineCommand) -> bool {
        Self::send(self, command)
    }

    fn lost(&self) -> Option<String> {
        Self::lost(self)
    }
}

/// The stream's error callback. It runs on the audio thread, so it only counts underruns
/// (cpal recovers from each) and hands any other error to the watcher without waiting
/// (a full slot drops it: one is enough). A rerouted stream needs nothing, and a refused
/// real-time priority still plays.
fn on_error(
    errors: SyncSender<CpalError>,
    underruns: Arc<AtomicU64>,
) -> impl FnMut(CpalError) + Send + Clone + 'static {
    move |error: CpalError| match error.kind() {
        CpalErrorKind::Xrun => {
            underruns.fetch_add(1, Ordering::Relaxed);
        }
        CpalErrorKind::DeviceChanged | CpalErrorKind::RealtimeDenied => {}
        _ => {
            errors.try_send(error).ok();
        }
    }
}

/// Opens the default device, or failing that the first other device that opens (as rodio's
/// `open_default_sink` does), with `on_error` as the stream's error callback.
fn open_sink(
    on_error: impl FnMut(CpalError) + Send + Clone + 'static,
) -> Result<rodio::MixerDeviceSink, DeviceSinkError> {
    DeviceSinkBuilder::from_default_device()
        .and_then(|b| b.with_error_callback(on_error.clone()).open_stream())
        .or_else(|first| {
            let Ok(devices) = rodio::cpal::default_host().output_devices() else {
                return Err(first);
            };
            devices
                .filter(|d| {
                    d.description()
                        .is_ok_and(|desc| desc.driver().is_some_and(|driver| driver != "null"))
                })
                .find_map(|d| {
                    DeviceSinkBuilder::from_device(d)
                        .and_then(|b| {
                            b.with_error_callback(on_error.clone())
                                .open_sink_or_fallback()
                        })
                        .ok()
                })
                .ok_or(first)
        })
}

/// The watcher thread's side: the stream's errors, the engine's heartbeat and the underrun
/// count, checked every [`WATCH_EVERY`] until the output is lost or closed.
struct Watcher {
    failures: Receiver<CpalError>,
    beats: Arc<AtomicU64>,
    underruns: Arc<AtomicU64>,
    lost: Arc<Mutex<Option<String>>>,
    wake: Wake,
}

impl Watcher {
    fn run(self) {
        let mut vitals = Vitals::default();
        let reason = loop {
            match self.failures.recv_timeout(WATCH_EVERY) {
                Ok(error) => break error.to_string(),
                Err(RecvTimeoutError::Timeout) => {
                    let beats = self.beats.load(Ordering::Relaxed);
                    let underruns = self.underruns.load(Ordering::Relaxed);
                    if let Some(reason) = vitals.check(beats, underruns) {
                        break reason;
                    }
                }
                // The stream was closed (its error callback dropped with it).
                Err(RecvTimeoutError::Disconnected) => return,
            }
        };
        *self.lost.lock().unwrap_or_else(PoisonError::into_inner) = Some(reason);
        (self.wake)();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stream_that_plays_is_never_lost_and_stray_underruns_are_glitches() {
        let mut v = Vitals::default();
        for i in 0..100 {
            // Blocks keep coming; an underrun every other check.
            assert_eq!(v.check(i * 50, i / 2), None, "check {i}");
        }
    }

    #[test]
    fn a_second_without_a_block_is_lost_but_less_is_not() {
        let mut v = Vitals::default();
        assert_eq!(v.check(10, 0), None);
        for _ in 0..QUIET_CHECKS - 1 {
            assert_eq!(v.check(20, 0), None);
        }
        // Three quiet checks after the last block: under a second.
        assert_eq!(v.check(20, 0), None);
        assert!(v.check(20, 0).unwrap().contains("stopped asking for sound"));
        // A stream that has not started yet is not judged before a second has passed.
        let mut fresh = Vitals::default();
        for _ in 0..QUIET_CHECKS {
            assert_eq!(fresh.check(0, 0), None);
        }
        assert!(fresh.check(0, 0).is_some());
    }

    #[test]
    fn underruns_that_never_stop_are_lost() {
        let mut v = Vitals::default();
        let mut lost = None;
        for i in 0..10_u64 {
            // One underrun every period (about 10 ms), blocks still rendered.
            lost = lost.or(v.check(i * 50, i * 25));
        }
        assert!(lost.unwrap().contains("failed"));
    }

    #[test]
    fn the_error_callback_counts_underruns_and_passes_other_errors_once() {
        let (tx, rx) = sync_channel(1);
        let underruns = Arc::new(AtomicU64::new(0));
        let mut callback = on_error(tx, Arc::clone(&underruns));
        callback(CpalErrorKind::Xrun.into());
        callback(CpalErrorKind::Xrun.into());
        callback(CpalErrorKind::DeviceChanged.into());
        assert_eq!(underruns.load(Ordering::Relaxed), 2);
        assert!(rx.try_recv().is_err(), "nothing to act on yet");
        // The device goes; the callback keeps being called and never blocks.
        for _ in 0..5 {
            callback(CpalErrorKind::DeviceNotAvailable.into());
        }
        assert_eq!(
            rx.try_recv().unwrap().kind(),
            CpalErrorKind::DeviceNotAvailable
        );
        assert!(rx.try_recv().is_err());
    }

    #[test]
    fn the_watcher_records_why_and_wakes_the_app_once() {
        let (tx, failures) = sync_channel(1);
        let woken = Arc::new(AtomicU64::new(0));
        let lost = Arc::new(Mutex::new(None));
        let watcher = Watcher {
            failures,
            beats: Arc::new(AtomicU64::new(0)),
            underruns: Arc::new(AtomicU64::new(0)),
            lost: Arc::clone(&lost),
            wake: {
                let woken = Arc::clone(&woken);
                Arc::new(move || {
                    woken.fetch_add(1, Ordering::Relaxed);
                })
            },
        };
        tx.send(CpalErrorKind::DeviceNotAvailable.into()).unwrap();
        // Returns at once on the error (a heartbeat of 0 would take a second).
        watcher.run();
        assert_eq!(woken.load(Ordering::Relaxed), 1);
        assert!(
            lost.lock()
                .unwrap()
                .as_ref()
                .unwrap()
                .contains("not available")
        );
    }

    #[test]
    fn a_closed_stream_ends_the_watcher_without_waking_anyone() {
        let (tx, failures) = sync_channel::<CpalError>(1);
        drop(tx);
        let lost = Arc::new(Mutex::new(None));
        let watcher = Watcher {
            failures,
            beats: Arc::new(AtomicU64::new(0)),
            underruns: Arc::new(AtomicU64::new(0)),
            lost: Arc::clone(&lost),
            wake: Arc::new(|| panic!("woken for a closed stream")),
        };
        watcher.run();
        assert!(lost.lock().unwrap().is_none());
    }
}
