//! The user's profile as pure data: settings (look, sound, the emergency number, the nightly
//! wind-down, the window's place) and the saved safety answers, with their file formats.
//! The app and the CLI share them; the store reads and writes them.

pub mod safety_record;
pub mod settings;
