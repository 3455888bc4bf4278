//! Every bundled ambience preset, as exported: about −27 LUFS, true peak at most −6 dBFS;
//! and every routine names a preset that exists.

use std::time::Duration;

use lull::audio::layers::build_layers;
use lull::audio::render::{RenderPlan, render};
use lull::catalogue::Catalogue;
use lull::domain::soundscape::{AudioSettings, bundled_preset, bundled_presets};

#[test]
fn every_routine_names_a_bundled_preset() {
    let (catalogue, _) = Catalogue::builtin();
    for r in catalogue.routines() {
        let id = r.ambience.as_deref().unwrap();
        assert!(
            bundled_preset(id).is_some(),
            "{}: unknown ambience \"{id}\"",
            r.id
        );
    }
}

#[test]
fn presets_render_at_the_bed_level_with_headroom() {
    let rate = 44_100;
    for preset in bundled_presets() {
        let (layers, problems) = build_layers(&preset.normalized_layers(), rate, 3, &mut |_| None);
        assert!(problems.is_empty());
        let plan = RenderPlan {
            rate,
            layers,
            settings: AudioSettings::default(),
            routine: Duration::ZERO,
            tail: Duration::from_mins(1),
            fade_out: Duration::ZERO,
            ring_out: Duration::ZERO,
        };
        let loudness = render(
            plan,
            None,
            &mut |_: &[f32]| -> Result<(), ()> { Ok(()) },
            &mut |_| {},
        )
        .unwrap();
        assert!(
            (loudness.integrated_lufs - -27.0).abs() <= 2.0,
            "{}: {:.1} LUFS",
            preset.id,
            loudness.integrated_lufs
        );
        assert!(
            loudness.true_peak_dbfs <= -6.0,
            "{}: true peak {:.1} dBFS",
            preset.id,
            loudness.true_peak_dbfs
        );
    }
}
