//! Lull's integration tests, as one test crate (one binary to build and link, not one per
//! file): each module is the suite that used to be its own `tests/*.rs` file.

mod architecture;
mod audio_calm;
mod audio_device;
mod audio_engine;
mod audio_files;
mod audio_generators;
mod audio_loudness;
mod audio_presets;
mod audio_voice;
mod cli;
mod cli_desktop;
mod cli_routine;
mod content;
mod faults;
mod fuzz_corpus;
mod gates;
mod gui;
mod handout;
mod hostile;
mod mpris;
mod routine_format;
mod safety;
mod session;
mod soundscape;
mod speech;
mod store;
mod voice_engines;
mod wind_down;
