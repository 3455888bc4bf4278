//! Turning a preset's layers into playable layers.

use super::engine::LayerSpec;
use std::sync::mpsc::Sender;

use super::file_loop::{FileLoop, Opener, SoundFileError};
use super::generator::make;
use crate::domain::soundscape::{Layer, LayerSource};

/// Builds the layers at `rate`. Generators always work; a sound file that cannot be opened
/// or decoded is left out and its problem returned, and the rest plays.
pub fn build_layers(
    layers: &[Layer],
    rate: u32,
    seed: u64,
    open_sound: &mut dyn FnMut(&str) -> Option<Opener>,
) -> (Vec<LayerSpec>, Vec<String>) {
    build_layers_notifying(layers, rate, seed, open_sound, None)
}

/// [`build_layers`], and sound files that stop or are cut short while playing send a
/// notice naming the file to `notices`.
pub fn build_layers_notifying(
    layers: &[Layer],
    rate: u32,
    seed: u64,
    open_sound: &mut dyn FnMut(&str) -> Option<Opener>,
    notices: Option<&Sender<SoundFileError>>,
) -> (Vec<LayerSpec>, Vec<String>) {
    let mut specs = Vec::new();
    let mut problems = Vec::new();
    for (i, layer) in layers.iter().enumerate() {
        let seed = seed.wrapping_mul(31).wrapping_add(i as u64);
        let generator: Box<dyn super::generator::Generate> = match &layer.source {
            LayerSource::Generator(kind) => make(*kind, rate, seed),
            LayerSource::File { file } => {
                let Some(opener) = open_sound(file) else {
                    problems.push(format!("{file}: not found in your sounds folder"));
                    continue;
                };
                match FileLoop::new(file, opener, rate) {
                    Ok(l) => match notices {
                        Some(tx) => Box::new(l.notify_to(tx.clone())),
                        None => Box::new(l),
                    },
                    Err(e) => {
                        problems.push(e.to_string());
                        continue;
                    }
                }
            }
        };
        specs.push(LayerSpec {
            generator,
            level: layer.level,
            breath_sync: layer.breath_sync,
        });
    }
    (specs, problems)
}
