//! Soundscapes that wind down: every generator's calm control, measured on what it renders
//! (a darker spectrum, fewer events, no clicks or jumps while calm glides), the engine
//! driving it from the timeline, and exports that include it.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use lull::audio::analysis::{events_per_second, mono, spectral_centroid};
use lull::audio::engine::{CALM_GLIDE_SECS, Engine, EngineCommand, LayerSpec};
use lull::audio::generator::{BLOCK_FRAMES, BlockCtx, Generate, make};
use lull::audio::render::{RenderPlan, render};
use lull::domain::soundscape::{
    AudioSettings, CALM_SHARE, Generator, Layer, LayerSource, Timeline, TimelineItem, calm_over,
    with_wind_down,
};

const RATE: u32 = 48_000;

/// `secs` of `kind` at a steady `calm`, as mono.
fn steady(kind: Generator, calm: f32, secs: f32) -> Vec<f32> {
    let mut g = make(kind, RATE, 11);
    let mut out = vec![0.0; (secs * RATE as f32) as usize * 2];
    for block in out.chunks_mut(BLOCK_FRAMES * 2) {
        g.render(block, &BlockCtx { breath: None, calm });
    }
    mono(&out)
}

#[test]
fn every_generator_darkens_steadily_as_it_calms() {
    for &kind in Generator::ALL {
        let centroids: Vec<f32> = [0.0, 0.5, 1.0]
            .iter()
            .map(|&calm| spectral_centroid(&steady(kind, calm, 20.0), RATE))
            .collect();
        assert!(
            centroids.windows(2).all(|w| w[1] < 0.97 * w[0]),
            "{kind}: centroid at calm 0, 0.5, 1: {centroids:?} Hz"
        );
    }
}

#[test]
fn calmer_rain_and_fire_have_fewer_events() {
    // The stream's gurgles swell and fade rather than start: its calm is in the centroid
    // and in `stream::gurgle_rate`'s unit test.
    for kind in [Generator::Rain, Generator::Fire] {
        let rates: Vec<f32> = [0.0, 0.5, 1.0]
            .iter()
            .map(|&calm| events_per_second(&steady(kind, calm, 30.0), RATE))
            .collect();
        assert!(
            rates.windows(2).all(|w| w[1] < 0.85 * w[0]),
            "{kind}: events a second at calm 0, 0.5, 1: {rates:?}"
        );
    }
}

/// The largest step between neighbouring samples, and the largest level change between
/// neighbouring 50 ms windows (dB), over `range` seconds of `m`.
fn roughness(m: &[f32], range: std::ops::Range<f32>) -> (f32, f64) {
    let part = &m[(range.start * RATE as f32) as usize..(range.end * RATE as f32) as usize];
    let step = part
        .windows(2)
        .map(|w| (w[1] - w[0]).abs())
        .fold(0.0, f32::max);
    let window = RATE as usize / 20;
    let levels: Vec<f64> = part
        .chunks_exact(window)
        .map(|w| {
            let e: f64 = w.iter().map(|&x| f64::from(x).powi(2)).sum();
            10.0 * (e / window as f64 + 1e-12).log10()
        })
        .collect();
    let jump = levels
        .windows(2)
        .map(|w| (w[1] - w[0]).abs())
        .fold(0.0, f64::max);
    (step, jump)
}

#[test]
fn nothing_clicks_or_jumps_while_calm_glides() {
    // 6 s as it is, calm gliding 0 → 1 over 4 s (as the engine glides a jump), 6 s calm.
    for &kind in Generator::ALL {
        let mut g = make(kind, RATE, 5);
        let mut out = vec![0.0; RATE as usize * 16 * 2];
        for (i, block) in out.chunks_mut(BLOCK_FRAMES * 2).enumerate() {
            let t = (i * BLOCK_FRAMES) as f32 / RATE as f32;
            let calm = ((t - 6.0) / 4.0).clamp(0.0, 1.0);
            g.render(block, &BlockCtx { breath: None, calm });
        }
        let m = mono(&out);
        let (step_before, jump_before) = roughness(&m, 2.0..6.0);
        let (step_after, jump_after) = roughness(&m, 10.0..16.0);
        let (step, jump) = roughness(&m, 6.0..10.0);
        assert!(
            step <= 1.25 * step_before.max(step_after),
            "{kind}: a step of {step} while calm glides, {step_before} and {step_after} around"
        );
        assert!(
            jump <= 1.25 * jump_before.max(jump_after).max(4.0),
            "{kind}: the level jumps {jump:.1} dB while calm glides"
        );
    }
}

#[test]
fn a_wind_down_calms_over_its_fade() {
    let routine = Timeline {
        from: Duration::ZERO,
        items: Vec::new(),
        end: Some(Duration::from_mins(10)),
    };
    let fade = Duration::from_mins(10);
    let t = with_wind_down(routine, Some(Duration::from_mins(30)), fade);
    let start = Duration::from_mins(30);
    assert!(t.items.contains(&calm_over(start, fade)));
    assert_eq!(t.calm_at(start), 0.0);
    assert_eq!(t.calm_at(Duration::from_mins(25)), 0.0);
    let half = start + fade.mul_f32(CALM_SHARE / 2.0);
    assert!((t.calm_at(half) - 0.5).abs() < 1e-3);
    assert_eq!(t.calm_at(start + fade.mul_f32(CALM_SHARE)), 1.0);
    assert_eq!(t.calm_at(Duration::from_mins(40)), 1.0);
    // No fade, no calm; until stopped, no calm.
    let no_fade = with_wind_down(
        Timeline {
            end: Some(Duration::from_mins(10)),
            ..Timeline::default()
        },
        Some(Duration::from_mins(1)),
        Duration::ZERO,
    );
    assert!(
        !no_fade
            .items
            .iter()
            .any(|i| matches!(i, TimelineItem::Calm { .. }))
    );
    assert_eq!(no_fade.calm_at(Duration::from_secs(700)), 0.0);
}

/// A silent generator that writes down the calm of every block it is asked for.
struct Probe(Arc<Mutex<Vec<f32>>>);

impl Generate for Probe {
    fn render(&mut self, out: &mut [f32], ctx: &BlockCtx) {
        out.fill(0.0);
        if let Ok(mut seen) = self.0.lock() {
            seen.push(ctx.calm);
        }
    }
}

fn probe_engine(timeline: Timeline) -> (Engine, Arc<Mutex<Vec<f32>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let mut engine = Engine::new(RATE);
    engine.apply(EngineCommand::SetLayers {
        layers: vec![LayerSpec {
            generator: Box::new(Probe(seen.clone())),
            level: 1.0,
            breath_sync: false,
        }],
        fade_secs: 0.05,
    });
    engine.apply(EngineCommand::SetTimeline {
        timeline,
        running: true,
    });
    (engine, seen)
}

fn last_calm(seen: &Arc<Mutex<Vec<f32>>>) -> f32 {
    seen.lock()
        .map_or(f32::NAN, |s| s.last().copied().unwrap_or(f32::NAN))
}

fn play(engine: &mut Engine, secs: f32) {
    let mut buf = vec![0.0; (secs * RATE as f32) as usize * 2];
    engine.render(&mut buf);
}

#[test]
fn the_engine_follows_the_timelines_calm_and_glides_when_it_jumps() {
    let calm = |from: u64| Timeline {
        from: Duration::from_secs(from),
        items: vec![TimelineItem::Calm {
            start: Duration::from_secs(10),
            end: Duration::from_secs(20),
        }],
        end: None,
    };
    let (mut engine, seen) = probe_engine(calm(0));
    play(&mut engine, 5.0);
    assert_eq!(last_calm(&seen), 0.0);
    play(&mut engine, 10.0);
    assert!(
        (last_calm(&seen) - 0.5).abs() < 0.01,
        "{}",
        last_calm(&seen)
    );
    // Paused, it holds.
    engine.apply(EngineCommand::SetRunning(false));
    play(&mut engine, 3.0);
    assert!((last_calm(&seen) - 0.5).abs() < 0.01);
    // A jump back (a timer made longer) glides there, never in one step.
    engine.apply(EngineCommand::SetTimeline {
        timeline: calm(0),
        running: true,
    });
    play(&mut engine, 1.0);
    let after_a_second = last_calm(&seen);
    assert!(
        after_a_second > 0.5 - 1.2 / CALM_GLIDE_SECS && after_a_second < 0.45,
        "one second into the glide: {after_a_second}"
    );
    let steps: Vec<f32> = seen
        .lock()
        .map(|s| s.windows(2).map(|w| (w[1] - w[0]).abs()).collect())
        .unwrap_or_default();
    let block = BLOCK_FRAMES as f32 / RATE as f32;
    assert!(
        steps.iter().all(|&d| d <= block / CALM_GLIDE_SECS + 1e-4),
        "calm moved faster than its glide"
    );
    play(&mut engine, 5.0);
    assert_eq!(last_calm(&seen), 0.0, "back at the timeline's calm");

    // A new engine (the sound output opened again) starts where the calm is.
    let (mut fresh, seen) = probe_engine(calm(30));
    play(&mut fresh, 0.1);
    assert_eq!(last_calm(&seen), 1.0);
}

#[test]
fn an_ambience_export_calms_as_it_fades() {
    // A minute of rain fading over its last 30 s: the export's own timeline calms it.
    let (layers, _) = lull::audio::layers::build_layers(
        &[Layer {
            source: LayerSource::Generator(Generator::Rain),
            level: 1.0,
            breath_sync: false,
        }],
        RATE,
        3,
        &mut |_| None,
    );
    let mut plan = RenderPlan::ambience(
        RATE,
        layers,
        AudioSettings::default(),
        Duration::from_mins(1),
    );
    plan.fade_out = Duration::from_secs(30);
    let mut samples = Vec::new();
    let loudness = render(
        plan,
        None,
        &mut |chunk: &[f32]| {
            samples.extend_from_slice(chunk);
            Ok::<(), ()>(())
        },
        &mut |_| {},
    );
    assert!(loudness.is_ok());
    let m = mono(&samples);
    let secs = |a: f32, b: f32| &m[(a * RATE as f32) as usize..(b * RATE as f32) as usize];
    let (start, late) = (secs(5.0, 25.0), secs(52.0, 56.0));
    let (c0, c1) = (
        spectral_centroid(start, RATE),
        spectral_centroid(late, RATE),
    );
    assert!(
        c1 < 0.8 * c0,
        "centroid {c0:.0} Hz at the start, {c1:.0} Hz late in the fade"
    );
}
