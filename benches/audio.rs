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
use lull::domain::session::{Command, Session};
use lull::domain::soundscape::{AudioSettings, Generator, timeline};

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

fn mix(c: &mut Criterion) {
    let (catalogue, _) = Catalogue::builtin();
    let safe = evaluate(
        catalogue.get("box-breathing").expect("bundled"),
        &ScreeningAnswers::default(),
    )
    .into_routine()
    .expect("allowed");
    let mut group = c.benchmark_group("mix");
    let seconds = 10;
    group.throughput(Throughput::Elements(u64::from(RATE) * seconds));
    group.bench_function("4 layers + cues + pacer, 10 s at 48 kHz", |b| {
        b.iter_batched(
            || {
                let mut engine = Engine::new(RATE);
                engine.apply(EngineCommand::SetLayers {
                    layers: four_layers(RATE),
                    fade_secs: 0.05,
                });
                engine.apply(EngineCommand::SetPacerTone(true));
                let mut session = Session::new(safe.clone());
                let _ = session.handle(Command::Start, Duration::ZERO);
                let settings = AudioSettings {
                    ticks_enabled: true,
                    ..AudioSettings::default()
                };
                engine.apply(EngineCommand::SetTimeline {
                    timeline: timeline(&session, Duration::ZERO, &settings),
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
    });
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
