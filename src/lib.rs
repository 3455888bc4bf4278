//! Lull: guided self-massage, breathing and relaxation, with a real safety screen.
//!
//! Layers (see ARCHITECTURE.md):
//! - [`domain`]: pure model and rules; no I/O, no clocks, no GUI or audio.
//! - [`catalogue`]: the bundled routines (embedded in the binary) plus the user's own.
//! - [`audio`]: the only module that imports rodio: generators, the mixing engine, the
//!   output device and offline rendering.
//! - [`store`]: the only module that touches files.
//! - [`platform`]: desktop integration (notifications, keeping awake, the bedtime timer,
//!   opening folders), outside programs run with time limits.
//! - [`profile`]: the user's settings and saved safety answers, as pure data and their
//!   file formats (shared by the app and the CLI).
//! - [`clock`]: the only place that reads clocks; fakes for tests.
//! - [`app`]: the desktop app's state and logic: safety gates, sessions, sound, settings.
//! - [`ui`]: the views (draw from the state, return intents), the theme and widgets.
//! - [`gui`]: the real dependencies and the eframe start-up.
//! - [`cli`]: the command-line interface.

pub mod app;
pub mod audio;
pub mod catalogue;
pub mod cli;
pub mod clock;
pub mod domain;
pub mod gui;
pub mod platform;
pub mod profile;
pub mod speech;
pub mod store;
pub mod ui;
