//! Soundscapes as data: layers, presets, cues and the audio timeline of a session.
//! The `audio` module turns this into sound; nothing here knows about devices.

mod cue;
mod layer;
mod plan;
mod preset;

pub use cue::Cue;
pub use layer::{Generator, Layer, LayerSource};
pub use plan::{AudioSettings, TICK_MIN_STEP, Timeline, TimelineItem, timeline, with_wind_down};
pub use preset::{
    FALLBACK_PRESET, MAX_LEVEL, Preset, bundled_preset, bundled_presets, preset_id_for,
    user_preset_id,
};
