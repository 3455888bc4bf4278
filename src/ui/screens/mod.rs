//! One file per screen; each draws from `&AppState` and pushes intents.

pub mod checks;
pub mod common;
pub mod dialog;
pub mod editor;
pub mod finished;
pub mod help;
pub mod history;
pub mod library;
pub mod player;
pub mod rating;
pub mod result;
pub mod screening;
pub mod settings;
pub mod sound_only;
pub mod sound_panel;
pub mod top_bar;
pub mod voice_settings;
pub mod welcome;
