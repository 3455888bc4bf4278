//! The desktop interface (egui). Views draw from a read-only `AppState` and return
//! intents; they never touch files, audio or the clock. Colours and sizes come from [`theme`].

pub mod intent;
pub mod screens;
pub mod theme;
pub mod widgets;
