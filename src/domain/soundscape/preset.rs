//! Ambience presets: named mixes of layers. A serde type, so users can save their own.

use serde::{Deserialize, Serialize};

use super::layer::{Generator, Layer, LayerSource};
use crate::domain::id::PresetId;
use crate::domain::vocabulary::Program;

/// The ambience of a routine that names none.
pub const FALLBACK_PRESET: &str = "brown-noise";

/// Highest level a layer may have.
pub const MAX_LEVEL: f32 = 2.0;

/// A named soundscape.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Preset {
    /// Kebab-case id (`night-sea`); routines refer to presets by id.
    pub id: PresetId,
    /// The name shown to people ("Night sea").
    pub name: String,
    /// The program it suits best, if any.
    #[serde(default)]
    pub program: Option<Program>,
    /// The layers.
    pub layers: Vec<Layer>,
}

impl Preset {
    /// The layers with levels scaled so that their summed power is that of one full layer:
    /// any bundled mix then plays at about the same loudness as a single calibrated layer.
    pub fn normalized_layers(&self) -> Vec<Layer> {
        let power: f32 = self.layers.iter().map(|l| l.level * l.level).sum();
        let scale = if power > 0.0 { 1.0 / power.sqrt() } else { 1.0 };
        self.layers
            .iter()
            .map(|l| Layer {
                level: (l.level * scale).clamp(0.0, MAX_LEVEL),
                ..l.clone()
            })
            .collect()
    }

    /// Checks the preset; returns what is wrong.
    pub fn check(&self) -> Result<(), String> {
        if !crate::domain::routine::is_kebab_case(self.id.as_str()) {
            return Err(format!("preset id must be kebab-case, got \"{}\"", self.id));
        }
        if self.name.trim().is_empty() || self.name.chars().count() > 100 {
            return Err("preset name must be 1 to 100 characters".to_owned());
        }
        if let Some((at, c)) = crate::domain::text::first_unsafe(&self.name, true) {
            return Err(format!(
                "preset name must not contain control characters, got {} at character {at}",
                crate::domain::text::code_point(c)
            ));
        }
        if self.layers.is_empty() || self.layers.len() > 8 {
            return Err(format!(
                "a preset has 1 to 8 layers, got {}",
                self.layers.len()
            ));
        }
        for layer in &self.layers {
            if !layer.level.is_finite() || layer.level < 0.0 || layer.level > MAX_LEVEL {
                return Err(format!("layer level must be 0..=2, got {}", layer.level));
            }
            if let LayerSource::File { file } = &layer.source
                && !is_plain_file_name(file)
            {
                return Err(format!(
                    "a sound file must be a plain file name in your sounds folder, got \"{}\"",
                    crate::domain::text::escaped(file)
                ));
            }
        }
        Ok(())
    }
}

/// Whether `name` can only name a file directly in the sounds folder: not empty, no path
/// separator, not hidden or `..`, at most 255 bytes, nothing unsafe to show.
pub fn is_plain_file_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 255
        && !name.contains(['/', '\\', '\0'])
        && !name.starts_with('.')
        && crate::domain::text::first_unsafe(name, true).is_none()
}

fn layer(generator: Generator, level: f32, breath_sync: bool) -> Layer {
    Layer {
        source: LayerSource::Generator(generator),
        level,
        breath_sync,
    }
}

fn preset(id: &str, name: &str, program: Option<Program>, layers: Vec<Layer>) -> Preset {
    Preset {
        id: PresetId::new(id),
        name: name.to_owned(),
        program,
        layers,
    }
}

/// The presets shipped with Lull.
pub fn bundled_presets() -> Vec<Preset> {
    use Generator as G;
    vec![
        preset(
            "rain-on-the-window",
            "Rain on the window",
            Some(Program::Stress),
            vec![layer(G::Rain, 1.0, false), layer(G::Brown, 0.35, false)],
        ),
        preset(
            "forest-stream",
            "Forest stream",
            Some(Program::Stress),
            vec![layer(G::Stream, 1.0, false), layer(G::Wind, 0.35, true)],
        ),
        preset(
            "singing-bowls",
            "Singing bowls",
            Some(Program::Stress),
            vec![layer(G::Bowls, 1.0, false), layer(G::Drone, 0.5, true)],
        ),
        preset(
            "warm-wind",
            "Warm wind",
            Some(Program::Stress),
            vec![layer(G::Wind, 1.0, true), layer(G::Drone, 0.3, false)],
        ),
        preset(
            "night-sea",
            "Night sea",
            Some(Program::Sleep),
            vec![layer(G::Ocean, 1.0, true), layer(G::Brown, 0.3, false)],
        ),
        preset(
            "summer-night",
            "Summer night",
            Some(Program::Sleep),
            vec![
                layer(G::Night, 0.8, false),
                layer(G::Wind, 0.3, true),
                layer(G::Brown, 0.3, false),
            ],
        ),
        preset(
            "fireside",
            "Fireside",
            Some(Program::Sleep),
            vec![layer(G::Fire, 1.0, false), layer(G::Brown, 0.4, false)],
        ),
        preset(
            "brown-noise",
            "Brown noise",
            Some(Program::Sleep),
            vec![layer(G::Brown, 1.0, false)],
        ),
        preset(
            "warm-drone",
            "Warm drone",
            Some(Program::Sleep),
            vec![layer(G::Drone, 1.0, true)],
        ),
        preset(
            "soft-rain",
            "Soft rain",
            Some(Program::Headache),
            vec![layer(G::Rain, 0.8, false), layer(G::Pink, 0.3, false)],
        ),
        preset(
            "dark-room",
            "Dark room",
            Some(Program::Headache),
            vec![layer(G::Brown, 1.0, false), layer(G::Drone, 0.25, true)],
        ),
        preset(
            "pink-noise",
            "Pink noise",
            None,
            vec![layer(G::Pink, 1.0, false)],
        ),
        preset(
            "white-noise",
            "White noise",
            None,
            vec![layer(G::White, 1.0, false)],
        ),
    ]
}

/// The id of the user's own preset named `name`: always `my-…`, so it never takes a bundled
/// preset's id ("Rain" → `my-rain`; "My rainy night" → `my-rainy-night`, not `my-my-…`).
pub fn user_preset_id(name: &str) -> String {
    let id = preset_id_for(name);
    if id.starts_with("my-") {
        id
    } else {
        format!("my-{id}")
    }
}

/// A preset id made from a name: "My rainy night" → `my-rainy-night` (kebab-case, at most
/// 48 characters; `my-mix` when nothing usable is left).
pub fn preset_id_for(name: &str) -> String {
    let mut id = String::new();
    for c in name.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c);
        } else if !id.ends_with('-') && !id.is_empty() {
            id.push('-');
        }
    }
    let id = id
        .trim_end_matches('-')
        .chars()
        .take(48)
        .collect::<String>();
    let id = id.trim_end_matches('-').to_owned();
    if id.is_empty() {
        "my-mix".to_owned()
    } else {
        id
    }
}

/// The bundled preset with this id.
pub fn bundled_preset(id: &str) -> Option<Preset> {
    bundled_presets().into_iter().find(|p| p.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_user_preset_id_starts_with_my_once() {
        assert_eq!(user_preset_id("Rain"), "my-rain");
        assert_eq!(user_preset_id("My rainy night"), "my-rainy-night");
        assert_eq!(user_preset_id("  "), "my-mix");
        assert_eq!(user_preset_id("my"), "my-my");
    }

    #[test]
    fn bundled_presets_are_valid_and_unique() {
        let presets = bundled_presets();
        for p in &presets {
            p.check().unwrap();
        }
        let mut ids: Vec<&str> = presets.iter().map(|p| p.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), presets.len());
        for program in Program::ALL {
            assert!(presets.iter().any(|p| p.program == Some(*program)));
        }
    }

    #[test]
    fn normalization_keeps_the_summed_power_at_one() {
        let p = bundled_preset("summer-night").unwrap();
        let power: f32 = p
            .normalized_layers()
            .iter()
            .map(|l| l.level * l.level)
            .sum();
        assert!((power - 1.0).abs() < 1e-5);
    }

    #[test]
    fn ids_from_names() {
        assert_eq!(preset_id_for("My rainy night!"), "my-rainy-night");
        assert_eq!(preset_id_for("  ---  "), "my-mix");
        assert_eq!(preset_id_for("Éte 2"), "te-2");
        assert!(crate::domain::routine::is_kebab_case(&preset_id_for(
            "A  b__c"
        )));
    }

    #[test]
    fn bad_presets_are_rejected() {
        let mut p = bundled_preset("fireside").unwrap();
        p.layers[0].level = 3.0;
        assert!(p.check().is_err());
        p.layers[0].level = 1.0;
        p.layers.push(Layer {
            source: LayerSource::File {
                file: "../x.ogg".into(),
            },
            level: 1.0,
            breath_sync: false,
        });
        assert!(p.check().is_err());
    }
}
