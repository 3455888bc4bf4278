//! Sound: procedural soundscapes, the mixer engine, cues, the pacer tone, user audio files,
//! the output device and offline rendering.
//!
//! Invariant: this is the only module that imports rodio (and through it cpal/ALSA).
//! What should sound is decided in `domain::soundscape`; this module only makes it sound.

pub mod analysis;
pub mod cue_voice;
pub mod device;
pub mod dsp;
pub mod engine;
pub mod engine_source;
pub mod file_loop;
pub mod generator;
pub mod generators;
pub mod integrated;
pub mod layers;
pub mod limiter;
pub mod loudness;
pub mod pacer_tone;
pub mod render;
pub mod source;
pub mod true_peak;
pub mod voice_bus;
pub mod voice_clip;
