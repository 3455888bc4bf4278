//! The user's settings (stored as TOML in the config folder).

use serde::{Deserialize, Serialize};

use crate::domain::schedule::WindDownPlan;
use crate::domain::sound_session::SoundPlan;
use crate::domain::soundscape::AudioSettings;

/// Which colours to use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Theme {
    /// Light background.
    #[default]
    Light,
    /// Dark background.
    Dark,
    /// Dark, dim and warm, for the evening.
    Night,
}

impl Theme {
    /// Every theme.
    pub const ALL: [Self; 3] = [Self::Light, Self::Dark, Self::Night];

    /// The name shown in Settings.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Light => "Light",
            Self::Dark => "Dark",
            Self::Night => "Night (dim and warm)",
        }
    }
}

/// Version of the settings file format.
pub const SETTINGS_VERSION: u32 = 3;

/// The words shown in place of the emergency number until the user sets their own (the
/// first run asks for it, pre-filled from the time zone).
pub const DEFAULT_EMERGENCY_NUMBER: &str = "112 / 911 / 999 — your local emergency number";

/// Everything the user can set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[expect(clippy::struct_excessive_bools, reason = "independent on/off settings")]
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
    /// The night look from an hour before bedtime until morning (the wind-down's bedtime,
    /// whether or not its reminder is on).
    pub night_look_before_bed: bool,
    /// Keep the computer awake while sound plays on after a routine (a wind-down's tail).
    /// Off: it sleeps as usual when idle (the sound stops with it).
    pub keep_awake_while_sound: bool,
    /// Show the streak (days in a row) in History.
    pub show_streak: bool,
    /// The choices of the last sound-only session ("Just sound"), offered again.
    pub sound: SoundPlan,
    /// Where the window was when Lull last closed (absent: the default size, placed by the
    /// window manager).
    pub window: Option<WindowPlace>,
}

/// The window's size and place, remembered between runs.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct WindowPlace {
    /// Inner width, points.
    pub width: f32,
    /// Inner height, points.
    pub height: f32,
    /// Left edge of the outer frame on the desktop, points (unknown on Wayland).
    pub x: Option<f32>,
    /// Top edge of the outer frame on the desktop, points.
    pub y: Option<f32>,
    /// Maximized (the size is then the last one before it was).
    #[serde(default)]
    pub maximized: bool,
}

impl WindowPlace {
    /// The smallest window Lull opens (every screen fits it).
    pub const MIN: (f32, f32) = (640.0, 480.0);
    /// Larger than any screen; a bigger value in the file is a mistake.
    const MAX: f32 = 16_384.0;

    /// Brings a hand-edited or stale place into range: a size within limits, a position
    /// only when it is a plausible desktop coordinate.
    #[must_use]
    pub fn sanitized(self) -> Self {
        let size = |v: f32, min: f32, default: f32| {
            if v.is_finite() {
                v.clamp(min, Self::MAX)
            } else {
                default
            }
        };
        let coordinate =
            |v: Option<f32>| v.filter(|v| v.is_finite() && (-4096.0..=Self::MAX).contains(v));
        let (x, y) = (coordinate(self.x), coordinate(self.y));
        Self {
            width: size(self.width, Self::MIN.0, 1200.0),
            height: size(self.height, Self::MIN.1, 820.0),
            // Half a position is no position.
            x: x.and(y).and(x),
            y: x.and(y),
            maximized: self.maximized,
        }
    }
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
            night_look_before_bed: true,
            keep_awake_while_sound: false,
            show_streak: true,
            sound: SoundPlan::default(),
            window: None,
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
        // Version 1 had no wind-down plan, version 2 no voice (`[audio.voice]`); serde
        // filled in the defaults. Nothing else changed.
        self.version = SETTINGS_VERSION;
        self.wind_down.fade_minutes = self.wind_down.fade_minutes.min(30);
        self.sound.fade_minutes = self
            .sound
            .fade_minutes
            .min(crate::domain::sound_session::MAX_FADE_MINUTES);
        if let crate::domain::sound_session::SoundTimer::Minutes(m) = &mut self.sound.timer {
            *m = (*m).clamp(1, crate::domain::sound_session::MAX_MINUTES);
        }
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
        let v = &mut a.voice;
        v.rate = v.rate();
        v.level = if v.level.is_finite() {
            v.level.clamp(0.0, 1.5)
        } else {
            1.0
        };
        v.custom_rate = v.custom_rate.clamp(8_000, 192_000);
        // Left empty while the user types; `emergency_number()` shows the default then. Older
        // Lulls saved the placeholder itself: that is "not set".
        if self.emergency_number.trim() == DEFAULT_EMERGENCY_NUMBER {
            self.emergency_number.clear();
        }
        let end = self.emergency_number.floor_char_boundary(120);
        self.emergency_number.truncate(end);
        self.window = self.window.map(WindowPlace::sanitized);
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

    #[test]
    fn a_remembered_window_place_is_brought_into_range() {
        let wild = WindowPlace {
            width: 10.0,
            height: f32::NAN,
            x: Some(100.0),
            y: Some(1.0e9),
            maximized: true,
        }
        .sanitized();
        assert_eq!(
            wild,
            WindowPlace {
                width: WindowPlace::MIN.0,
                height: 820.0,
                x: None,
                y: None,
                maximized: true,
            }
        );
        let fine = WindowPlace {
            width: 900.0,
            height: 700.0,
            x: Some(-20.0),
            y: Some(40.0),
            maximized: false,
        };
        assert_eq!(fine.sanitized(), fine);
    }
}
