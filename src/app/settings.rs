//! The user's settings (stored as TOML in the config folder).

use serde::{Deserialize, Serialize};

use crate::domain::schedule::WindDownPlan;
use crate::domain::soundscape::AudioSettings;
use crate::ui::theme::Theme;

/// Version of the settings file format.
pub const SETTINGS_VERSION: u32 = 2;

/// The words shown in place of the emergency number until the user sets their own (the
/// first run asks for it, pre-filled from the time zone).
pub const DEFAULT_EMERGENCY_NUMBER: &str = "112 / 911 / 999 — your local emergency number";

/// Everything the user can set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// File format version.
    pub version: u32,
    /// Colours.
    pub theme: Theme,
    /// Text size multiplier, 0.8 to 2.
    pub text_scale: f32,
    /// Pacer as text and a static bar; no animation.
    pub reduce_motion: bool,
    /// The number shown on the emergency screens (empty: not set).
    pub emergency_number: String,
    /// Sound.
    pub audio: AudioSettings,
    /// The nightly wind-down (added in version 2; version 1 files get the default).
    pub wind_down: WindDownPlan,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            version: SETTINGS_VERSION,
            theme: Theme::Light,
            text_scale: 1.0,
            reduce_motion: false,
            emergency_number: String::new(),
            audio: AudioSettings::default(),
            wind_down: WindDownPlan::default(),
        }
    }
}

impl Settings {
    /// The number to show on the emergency screens (the default when none is set).
    pub fn emergency_number(&self) -> &str {
        let n = self.emergency_number.trim();
        if n.is_empty() {
            DEFAULT_EMERGENCY_NUMBER
        } else {
            n
        }
    }

    /// Whether the user has set their emergency number.
    pub fn has_emergency_number(&self) -> bool {
        !self.emergency_number.trim().is_empty()
    }

    /// Whether a newer Lull wrote this file (it may hold fields this one does not know, so
    /// it must not be written back).
    pub const fn is_from_newer_lull(&self) -> bool {
        self.version > SETTINGS_VERSION
    }

    /// Brings values into range (a hand-edited file may hold anything).
    #[must_use]
    pub fn sanitized(mut self) -> Self {
        // Version 1 had no wind-down plan; serde filled in the default. Nothing else changed.
        self.version = SETTINGS_VERSION;
        self.wind_down.fade_minutes = self.wind_down.fade_minutes.min(30);
        self.text_scale = if self.text_scale.is_finite() {
            self.text_scale.clamp(0.8, 2.0)
        } else {
            1.0
        };
        let a = &mut self.audio;
        a.master = if a.master.is_finite() {
            a.master.clamp(0.0, 2.0)
        } else {
            1.0
        };
        a.cue_volume = if a.cue_volume.is_finite() {
            a.cue_volume.clamp(0.0, 1.0)
        } else {
            1.0
        };
        // Left empty while the user types; `emergency_number()` shows the default then. Older
        // Lulls saved the placeholder itself: that is "not set".
        if self.emergency_number.trim() == DEFAULT_EMERGENCY_NUMBER {
            self.emergency_number.clear();
        }
        let end = self.emergency_number.floor_char_boundary(120);
        self.emergency_number.truncate(end);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_placeholder_saved_by_older_lulls_counts_as_not_set() {
        let old = Settings {
            emergency_number: DEFAULT_EMERGENCY_NUMBER.to_owned(),
            ..Settings::default()
        }
        .sanitized();
        assert!(!old.has_emergency_number());
        assert_eq!(old.emergency_number(), DEFAULT_EMERGENCY_NUMBER);
        let mine = Settings {
            emergency_number: " 999 ".to_owned(),
            ..Settings::default()
        }
        .sanitized();
        assert_eq!(mine.emergency_number(), "999");
        assert!(!Settings::default().has_emergency_number());
    }
}
