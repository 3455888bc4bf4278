//! Lull: guided self-massage, breathing and relaxation, with a real safety screen.
//!
//! Layers (see ARCHITECTURE.md):
//! - [`domain`]: pure model and rules; no I/O, no clocks, no GUI or audio.
//! - [`catalogue`]: the bundled routines (embedded in the binary) plus the user's own.
//! - [`store`]: the only module that touches files.
//! - [`cli`]: the command-line interface.

pub mod app;
pub mod audio;
pub mod catalogue;
pub mod cli;
pub mod clock;
pub mod domain;
pub mod gui;
pub mod platform;
pub mod store;
pub mod ui;
