//! The kinds of sound layer Lull can generate (or play from the user's files).

use serde::{Deserialize, Serialize};

use crate::domain::vocabulary::named_enum;

named_enum! {
    /// A procedural sound generator.
    Generator {
        /// Flat-spectrum noise.
        White = "white",
        /// Noise falling 3 dB per octave: soft and even.
        Pink = "pink",
        /// Noise falling 6 dB per octave: deep, like a distant waterfall.
        Brown = "brown",
        /// A bed of rain with single drops.
        Rain = "rain",
        /// Slow ocean swells.
        Ocean = "ocean",
        /// Wind with a drifting pitch and gusts.
        Wind = "wind",
        /// A babbling stream.
        Stream = "stream",
        /// Crickets on a summer night.
        Night = "night",
        /// A crackling fire.
        Fire = "fire",
        /// A warm, slowly moving chord.
        Drone = "drone",
        /// Singing bowls struck now and then.
        Bowls = "bowls",
    }
}

impl Generator {
    /// The name shown in the mixer.
    pub const fn label(self) -> &'static str {
        match self {
            Self::White => "White noise",
            Self::Pink => "Pink noise",
            Self::Brown => "Brown noise",
            Self::Rain => "Rain",
            Self::Ocean => "Ocean",
            Self::Wind => "Wind",
            Self::Stream => "Stream",
            Self::Night => "Night insects",
            Self::Fire => "Fire",
            Self::Drone => "Warm drone",
            Self::Bowls => "Singing bowls",
        }
    }

    /// Whether this layer can swell with the breath (breath-synced ambience).
    pub const fn breathes(self) -> bool {
        matches!(self, Self::Ocean | Self::Wind | Self::Drone)
    }
}

/// Where a layer's sound comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", untagged)]
pub enum LayerSource {
    /// A built-in generator.
    Generator(Generator),
    /// A file in the user's sounds folder (file name only).
    File {
        /// File name inside the sounds folder.
        file: String,
    },
}

/// One layer of a soundscape.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Layer {
    /// The sound.
    pub source: LayerSource,
    /// Level, 0 (silent) to 1 (full); levels above 1 are allowed up to 2.
    pub level: f32,
    /// Whether the layer swells with the breath during breathing steps.
    #[serde(default)]
    pub breath_sync: bool,
}
