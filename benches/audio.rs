//! Audio benchmarks: the 4-layer mix with cues and the pacer tone at 48 kHz stereo (one
//! core), and rendering a whole 25-minute session offline. Throughput is in frames, so
//! frames per second ÷ 48 000 is the multiple of real time.

#![expect(clippy::expect_used, reason = "benchmark set-up")]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lull::audio::engine::{Engine, EngineCommand, LayerSpec};
use lull::audio::generator::make;
use lull::audio::render::{RenderPlan, render};
use lull::catalogue::Catalogue;
use lull::domain::safety::{ScreeningAnswers, evaluate};
use lull::domain::soundscape::{AudioSettings, Cue, Generator, Timeline, TimelineItem};

const RATE: u32 = 48_000;

fn four_layers(rate: u32) -> Vec<LayerSpec> {
    [
        Generator::Rain,
        Generator::Ocean,
        Generator::Wind,
        Generator::Brown,
    ]
    .iter()
    .enumerate()
    .map(|(i, &g)| LayerSpec {
        generator: make(g, rate, i as u64),
        level: 0.5,
        breath_sync: g == Generator::Ocean,
    })
    .collect()
}

/// Ten seconds that hold everything the mix can do at once: a tick, a step-change chime,
/// a breathing segment (box, 4 s phases) with the pacer tone and the ocean swelling with
/// it, and a side-switch cue, over the four layers and the limiter.
fn busy_timeline() -> Timeline {
    let pattern = lull::domain::breathing::builtin("box")
        .expect("bundled")
        .pattern;
    let s = Duration::from_secs;
    let mut items = vec![
        TimelineItem::Cue {
            at: s(1),
            cue: Cue::TenSecondsLeft,
        },
        TimelineItem::Cue {
            at: s(2),
            cue: Cue::StepChange,
        },
        TimelineItem::Breath {
            start: s(2),
            end: s(9),
            pattern,
        },
        TimelineItem::Cue {
            at: s(9),
            cue: Cue::SwitchSides,
        },
    ];
    items.sort_by_key(TimelineItem::at);
    Timeline {
        from: Duration::ZERO,
        items,
        end: Some(s(10)),
    }
}

fn mix(c: &mut Criterion) {
    let mut group = c.benchmark_group("mix");
    let seconds = 10;
    group.throughput(Throughput::Elements(u64::from(RATE) * seconds));
    group.bench_function(
        "4 layers + cues + ticks + breathing with pacer and breath sync, 10 s at 48 kHz",
        |b| {
            b.iter_batched(
                || {
                    let mut engine = Engine::new(RATE);
                    engine.apply(EngineCommand::SetLayers {
                        layers: four_layers(RATE),
                        fade_secs: 0.05,
                    });
                    engine.apply(EngineCommand::SetPacerTone(true));
                    engine.apply(EngineCommand::SetBreathSync(true));
                    engine.apply(EngineCommand::SetTimeline {
                        timeline: busy_timeline(),
                        running: true,
                    });
                    (engine, vec![0.0_f32; RATE as usize * 2])
                },
                |(mut engine, mut buffer)| {
                    for _ in 0..seconds {
                        engine.render(&mut buffer);
                    }
                    black_box(buffer[0])
                },
                criterion::BatchSize::LargeInput,
            );
        },
    );
    group.finish();
}

fn export(c: &mut Criterion) {
    let (catalogue, _) = Catalogue::builtin();
    let safe = evaluate(
        catalogue.get("wind-down-sampler").expect("bundled"),
        &ScreeningAnswers::default(),
    )
    .into_routine()
    .expect("allowed");
    let mut group = c.benchmark_group("export");
    group.sample_size(10);
    group.throughput(Throughput::Elements(
        (safe.duration().as_secs_f64() * 44_100.0) as u64,
    ));
    group.bench_function(
        "25-minute session at 44.1 kHz (render + loudness, no disk)",
        |b| {
            b.iter(|| {
                let plan = RenderPlan::session(
                    44_100,
                    four_layers(44_100),
                    AudioSettings::default(),
                    safe.duration(),
                    Duration::ZERO,
                );
                let mut sum = 0.0_f32;
                render(
                    plan,
                    Some(&safe),
                    &mut |s: &[f32]| -> Result<(), ()> {
                        sum += s[0];
                        Ok(())
                    },
                    &mut |_| {},
                )
                .ok();
                black_box(sum)
            });
        },
    );
    group.finish();
}

criterion_group!(benches, mix, export);
criterion_main!(benches);
