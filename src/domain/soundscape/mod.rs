//! Soundscapes as data: layers, presets, cues and the audio timeline of a session.
//! The `audio` module turns this into sound; nothing here knows about devices.

mod cue;
mod layer;
mod plan;
mod preset;
mod speech;

pub use cue::Cue;
pub use layer::{Generator, Layer, LayerSource};
pub use plan::{
    AudioSettings, CALM_SHARE, TICK_MIN_STEP, Timeline, TimelineItem, calm_over, timeline,
    with_wind_down,
};
pub use preset::{
    FALLBACK_PRESET, MAX_LEVEL, Preset, bundled_preset, bundled_presets, is_plain_file_name,
    preset_id_for, user_preset_id,
};
pub use speech::{
    AFTER_CUE, END_SLEEP_TEXT, END_TEXT, GAP, Guidance, Line, LineKind, RATE_RANGE, STEP_MARGIN,
    SpeechSettings, TEN_SECONDS_TEXT, TooLong, estimate, lines_in_order, number_word, phase_words,
    safety_text, side_text, step_fits, step_text, with_speech,
};
