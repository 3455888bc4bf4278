//! The model and the rules: routines, breathing, safety and the session engine.
//!
//! Invariant: this module is pure. It imports no egui, eframe, rodio or directories, never
//! touches files (`std::fs`) and never reads a clock (`Instant::now`, `SystemTime::now`):
//! time is always passed in. `tests/it/architecture.rs` enforces this.

pub mod breathing;
pub mod diary;
pub mod history;
pub mod id;
pub mod routine;
pub mod safety;
pub mod schedule;
pub mod session;
pub mod sound_session;
pub mod soundscape;
pub mod tag;
pub mod text;
pub mod vocabulary;
pub mod wellness;
