//! Every bundled ambience preset, as exported: about −27 LUFS, true peak at most −6 dBFS,
//! alone and swelling with the breath through a breathing routine; and every routine names
//! a preset that exists.

use std::time::Duration;

use lull::audio::layers::build_layers;
use lull::audio::render::{RenderPlan, render};
use lull::catalogue::Catalogue;
use lull::domain::safety::{ScreeningAnswers, evaluate};
use lull::domain::soundscape::{
    AudioSettings, Generator, Layer, LayerSource, bundled_preset, bundled_presets,
};

#[test]
fn every_routine_names_a_bundled_preset() {
    let (catalogue, _) = Catalogue::builtin();
    for r in catalogue.routines() {
        let id = r.ambience.as_ref().unwrap().as_str();
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
            voice: std::collections::HashMap::new(),
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

#[test]
fn breath_synced_beds_alone_stay_at_the_bed_level_through_a_breathing_routine() {
    breath_synced_beds_through_a_breathing_routine(false);
}

#[test]
fn breath_synced_beds_with_cues_and_pacer_stay_at_the_bed_level_through_a_breathing_routine() {
    breath_synced_beds_through_a_breathing_routine(true);
}

/// Every breath-synced mix through a breathing routine: the bed alone, or `full`, as `lull
/// export` makes it (two tests, so the two renders run side by side).
#[expect(clippy::unwrap_used, reason = "test helper")]
fn breath_synced_beds_through_a_breathing_routine(full: bool) {
    let (catalogue, _) = Catalogue::builtin();
    let safe = evaluate(
        catalogue.get("cyclic-sigh-reset").unwrap(),
        &ScreeningAnswers::default(),
    )
    .into_routine()
    .unwrap();
    // Every bundled preset with a breath-synced layer, and a lone breath-synced ocean and
    // wind (the layers that swell most).
    let mut mixes: Vec<(String, Vec<Layer>)> = bundled_presets()
        .into_iter()
        .filter(|p| p.layers.iter().any(|l| l.breath_sync))
        .map(|p| (p.id.to_string(), p.normalized_layers()))
        .collect();
    for g in [Generator::Ocean, Generator::Wind] {
        let layer = Layer {
            source: LayerSource::Generator(g),
            level: 1.0,
            breath_sync: true,
        };
        mixes.push((format!("only {g:?}"), vec![layer]));
    }
    for (name, layers) in mixes {
        check_breathing_export(&name, &layers, full, &safe);
    }
}

/// Renders `safe` over `layers`: the bed alone (no cues, no pacer tone), or as `lull
/// export` makes it by default (cues and pacer tones), breath sync on.
#[expect(clippy::unwrap_used, reason = "test helper")]
fn check_breathing_export(
    name: &str,
    layers: &[Layer],
    full: bool,
    safe: &lull::domain::safety::SafeRoutine,
) {
    let rate = 44_100;
    let (layers, _) = build_layers(layers, rate, 3, &mut |_| None);
    let settings = AudioSettings {
        cues_enabled: full,
        pacer_tone_enabled: full,
        ..AudioSettings::default()
    };
    let plan = RenderPlan::session(rate, layers, settings, safe.duration(), Duration::ZERO);
    let loudness = render(
        plan,
        Some(safe),
        &mut |_: &[f32]| -> Result<(), ()> { Ok(()) },
        &mut |_| {},
    )
    .unwrap();
    assert!(
        (loudness.integrated_lufs - -27.0).abs() <= 2.0,
        "{name} (cues and pacer: {full}): {:.1} LUFS",
        loudness.integrated_lufs
    );
    assert!(
        loudness.true_peak_dbfs <= -6.0,
        "{name} (cues and pacer: {full}): true peak {:.1} dBFS",
        loudness.true_peak_dbfs
    );
}
