//! The desktop interface (egui). Views draw from a read-only `AppState` (the view model,
//! [`model`]) and return intents; they never touch files, audio or the clock, and never
//! name the app. Colours and sizes come from [`theme`].

pub mod intent;
pub mod model;
pub mod print;
pub mod screens;
pub mod theme;
pub mod widgets;
