//! How fast each generator renders: one second of audio at 48 kHz in engine-sized blocks.
//! Throughput is in frames, so the real-time multiple is the frames per second divided by
//! 48 000 (the goal: a four-layer mix at 700× real time or more on one core).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lull::audio::generator::{BLOCK_FRAMES, BlockCtx, make};
use lull::domain::soundscape::Generator;

const RATE: u32 = 48_000;

fn generators(c: &mut Criterion) {
    let mut group = c.benchmark_group("generators");
    group.throughput(Throughput::Elements(u64::from(RATE)));
    let ctx = BlockCtx::default();
    let mut block = vec![0.0f32; BLOCK_FRAMES * 2];
    let blocks = RATE as usize / BLOCK_FRAMES;
    for &kind in Generator::ALL {
        let mut g = make(kind, RATE, 1);
        group.bench_function(kind.to_string(), |b| {
            b.iter(|| {
                for _ in 0..blocks {
                    g.render(&mut block, &ctx);
                    black_box(&mut block);
                }
            });
        });
    }
    // A typical bedtime mix: four layers rendered and summed, as the mixer does.
    let mut layers: Vec<_> = [
        Generator::Rain,
        Generator::Wind,
        Generator::Night,
        Generator::Drone,
    ]
    .iter()
    .map(|&k| make(k, RATE, 1))
    .collect();
    let mut mix = vec![0.0f32; BLOCK_FRAMES * 2];
    group.bench_function("mix of four", |b| {
        b.iter(|| {
            for _ in 0..blocks {
                mix.fill(0.0);
                for g in &mut layers {
                    g.render(&mut block, &ctx);
                    for (m, x) in mix.iter_mut().zip(&block) {
                        *m += *x;
                    }
                }
                black_box(&mut mix);
            }
        });
    });
    group.finish();
}

criterion_group!(benches, generators);
criterion_main!(benches);
