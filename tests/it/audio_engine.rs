//! The audio engine rendered offline: ramps without clicks, fades on time, a limiter that
//! holds, cues on their exact frame, the pacer tone following the breath, and exports of
//! the right length with cues on the step boundaries.

use std::time::Duration;

use lull::audio::cue_voice::{CUE_PEAK, CueVoice};
use lull::audio::engine::{CROSSFADE_SECS, Engine, EngineCommand, FADE_IN_SECS, LayerSpec};
use lull::audio::generator::{BlockCtx, Generate, make};
use lull::audio::limiter::CEILING;
use lull::audio::render::{RING_OUT, RenderPlan, render};
use lull::catalogue::Catalogue;
use lull::domain::safety::{ScreeningAnswers, evaluate};
use lull::domain::session::{Command, Session, SessionEvent};
use lull::domain::soundscape::{AudioSettings, Cue, Generator, Timeline, TimelineItem, timeline};

const RATE: u32 = 48_000;

/// A steady sine, for measuring ramps (noise would hide a click); the voice tests use it too.
pub(super) struct Tone {
    pub(super) phase: f32,
    pub(super) hz: f32,
    pub(super) amp: f32,
}

impl Generate for Tone {
    fn render(&mut self, out: &mut [f32], _ctx: &BlockCtx) {
        for frame in out.chunks_exact_mut(2) {
            let s = (self.phase * std::f32::consts::TAU).sin() * self.amp;
            self.phase = (self.phase + self.hz / RATE as f32).fract();
            frame[0] = s;
            frame[1] = s;
        }
    }
}

/// A constant level, for measuring fades.
struct Dc(f32);

impl Generate for Dc {
    fn render(&mut self, out: &mut [f32], _ctx: &BlockCtx) {
        out.fill(self.0);
    }
}

fn tone(amp: f32) -> LayerSpec {
    LayerSpec {
        generator: Box::new(Tone {
            phase: 0.0,
            hz: 220.0,
            amp,
        }),
        level: 1.0,
        breath_sync: false,
    }
}

/// Renders `secs` of the engine (the voice tests use it too).
pub(super) fn run(engine: &mut Engine, secs: f32) -> Vec<f32> {
    let mut out = vec![0.0; (secs * RATE as f32) as usize * 2];
    engine.render(&mut out);
    out
}

/// The left channel.
pub(super) fn left(samples: &[f32]) -> Vec<f32> {
    samples.iter().step_by(2).copied().collect()
}

fn max_step(samples: &[f32]) -> f32 {
    left(samples)
        .windows(2)
        .map(|w| (w[1] - w[0]).abs())
        .fold(0.0, f32::max)
}

#[test]
fn gain_changes_starts_and_stops_never_click() {
    let amp = 0.3;
    // The largest step a clean 220 Hz sine of this amplitude can take between two samples.
    let sine_step = std::f32::consts::TAU * 220.0 / RATE as f32 * amp * 1.05;
    let mut engine = Engine::new(RATE).with_fade_in(0.0);
    engine.apply(EngineCommand::SetLayers {
        layers: vec![tone(amp)],
        fade_secs: 0.0,
    });
    let mut all = run(&mut engine, 0.5);
    engine.apply(EngineCommand::SetLevel {
        index: 0,
        level: 0.1,
    });
    all.extend(run(&mut engine, 0.5));
    engine.apply(EngineCommand::SetMaster {
        gain: 0.0,
        secs: 0.0,
    });
    all.extend(run(&mut engine, 0.5));
    engine.apply(EngineCommand::SetMaster {
        gain: 1.0,
        secs: 0.0,
    });
    engine.apply(EngineCommand::SetLayers {
        layers: vec![],
        fade_secs: 0.0,
    });
    all.extend(run(&mut engine, 0.5));
    let step = max_step(&all);
    assert!(
        step <= sine_step,
        "a sample-to-sample step of {step} (a clean sine gives at most {sine_step})"
    );
}

#[test]
fn fades_are_monotonic_and_arrive_on_time() {
    let mut engine = Engine::new(RATE);
    let latency = engine.latency_frames();
    engine.apply(EngineCommand::SetLayers {
        layers: vec![LayerSpec {
            generator: Box::new(Dc(0.5)),
            level: 1.0,
            breath_sync: false,
        }],
        fade_secs: 0.0,
    });
    let out = left(&run(&mut engine, FADE_IN_SECS + 0.5));
    let fade = &out[latency..];
    assert!(
        fade.windows(2).all(|w| w[1] >= w[0] - 1e-7),
        "fade-in is not monotonic"
    );
    let on_time = (FADE_IN_SECS * RATE as f32) as usize;
    assert!(
        (fade[on_time] - 0.5).abs() < 1e-4,
        "fade-in reached {} on time",
        fade[on_time]
    );
    assert!(fade[on_time / 2] < 0.4 && fade[on_time / 2] > 0.1);

    engine.apply(EngineCommand::SetMaster {
        gain: 0.0,
        secs: 2.0,
    });
    let out = left(&run(&mut engine, 2.5));
    let fade = &out[latency..];
    assert!(
        fade.windows(2).all(|w| w[1] <= w[0] + 1e-7),
        "fade-out is not monotonic"
    );
    assert!(
        fade[2 * RATE as usize].abs() < 1e-6,
        "fade-out ended at {}",
        fade[2 * RATE as usize]
    );
}

#[test]
fn layers_crossfade_when_swapped() {
    let mut engine = Engine::new(RATE).with_fade_in(0.0);
    engine.apply(EngineCommand::SetLayers {
        layers: vec![LayerSpec {
            generator: Box::new(Dc(0.4)),
            level: 1.0,
            breath_sync: false,
        }],
        fade_secs: 0.0,
    });
    run(&mut engine, 0.1);
    engine.apply(EngineCommand::SetLayers {
        layers: vec![LayerSpec {
            generator: Box::new(Dc(0.2)),
            level: 1.0,
            breath_sync: false,
        }],
        fade_secs: CROSSFADE_SECS,
    });
    let out = left(&run(&mut engine, CROSSFADE_SECS + 0.2));
    assert!(
        out.windows(2).all(|w| w[1] <= w[0] + 1e-6),
        "a swap from 0.4 to 0.2 must glide down"
    );
    assert!((out.last().unwrap() - 0.2).abs() < 1e-4);
}

#[test]
fn the_limiter_keeps_every_sample_below_full_scale() {
    let mut engine = Engine::new(RATE).with_fade_in(0.0);
    engine.apply(EngineCommand::SetMaster {
        gain: 4.0,
        secs: 0.0,
    });
    let loud = |g| LayerSpec {
        generator: make(g, RATE, 3),
        level: 2.0,
        breath_sync: false,
    };
    engine.apply(EngineCommand::SetLayers {
        layers: vec![
            tone(0.9),
            loud(Generator::White),
            loud(Generator::Brown),
            loud(Generator::Rain),
        ],
        fade_secs: 0.0,
    });
    for _ in 0..3 {
        engine.apply(EngineCommand::PlayCue(Cue::SessionEnd));
    }
    let out = run(&mut engine, 5.0);
    let peak = out.iter().fold(0.0_f32, |m, s| m.max(s.abs()));
    assert!(peak <= CEILING, "peak {peak}");
    assert!(
        peak > 0.5,
        "the test must actually drive the limiter (peak {peak})"
    );
}

#[test]
fn cues_start_on_their_exact_frame() {
    let mut engine = Engine::new(RATE).with_fade_in(0.0);
    let latency = engine.latency_frames();
    // Far enough apart that each chime has died away (below 1e-6) before the next.
    let times = [
        Duration::from_secs(1),
        Duration::from_millis(14_345),
        Duration::from_secs(28),
    ];
    let items = times
        .iter()
        .map(|&at| TimelineItem::Cue {
            at,
            cue: Cue::StepChange,
        })
        .collect();
    engine.apply(EngineCommand::SetTimeline {
        timeline: Timeline {
            from: Duration::ZERO,
            items,
            end: None,
        },
        running: true,
    });
    let out = left(&run(&mut engine, 30.0));
    for at in times {
        let expected = (at.as_secs_f64() * f64::from(RATE)) as usize + latency;
        let onset = (expected - 480..expected + 2_400)
            .find(|&i| out[i].abs() > 1e-6)
            .unwrap();
        assert!(
            onset >= expected && onset - expected < 48,
            "cue at {at:?} started at frame {onset}, expected {expected}"
        );
    }
}

#[test]
fn pausing_holds_cues_back() {
    let mut engine = Engine::new(RATE).with_fade_in(0.0);
    let items = vec![TimelineItem::Cue {
        at: Duration::from_secs(1),
        cue: Cue::StepChange,
    }];
    engine.apply(EngineCommand::SetTimeline {
        timeline: Timeline {
            from: Duration::ZERO,
            items,
            end: None,
        },
        running: true,
    });
    run(&mut engine, 0.5);
    engine.apply(EngineCommand::SetRunning(false));
    let paused = run(&mut engine, 2.0);
    assert!(
        paused.iter().all(|s| s.abs() < 1e-6),
        "a cue sounded while paused"
    );
    engine.apply(EngineCommand::SetRunning(true));
    let resumed = left(&run(&mut engine, 1.0));
    assert!(
        resumed.iter().any(|s| s.abs() > 1e-3),
        "the cue sounded after resuming"
    );
}

#[test]
fn cues_are_audible_but_never_startling() {
    for cue in [
        Cue::StepChange,
        Cue::SwitchSides,
        Cue::TenSecondsLeft,
        Cue::SessionEnd,
    ] {
        let mut voice = CueVoice::new(cue, RATE as f32);
        let mut out = vec![0.0; RATE as usize * 12];
        voice.add_to(&mut out, 0, 1.0);
        let peak = out.iter().fold(0.0_f32, |m, s| m.max(s.abs()));
        assert!(peak <= CUE_PEAK, "{cue:?}: peak {peak} above -12 dBFS");
        assert!(
            peak >= 0.03,
            "{cue:?}: peak {peak} too quiet to hear over a bed"
        );
        let attack = out
            .iter()
            .step_by(2)
            .take(48)
            .map(|s| s.abs())
            .fold(0.0, f32::max);
        assert!(
            attack < peak * 0.5,
            "{cue:?}: attack in under 1 ms is a click"
        );
        assert!(voice.finished() || out.len() < RATE as usize * 24);
    }
}

#[test]
fn the_pacer_tone_follows_the_breath_and_is_silent_in_holds() {
    let pattern = lull::domain::breathing::builtin("box").unwrap().pattern;
    let items = vec![TimelineItem::Breath {
        start: Duration::ZERO,
        end: Duration::from_secs(32),
        pattern,
    }];
    let mut engine = Engine::new(RATE).with_fade_in(0.0);
    engine.apply(EngineCommand::SetPacerTone(true));
    engine.apply(EngineCommand::SetTimeline {
        timeline: Timeline {
            from: Duration::ZERO,
            items,
            end: None,
        },
        running: true,
    });
    let out = left(&run(&mut engine, 16.0));
    let rms = |from: f32, to: f32| {
        let w = &out[(from * RATE as f32) as usize..(to * RATE as f32) as usize];
        (w.iter().map(|s| s * s).sum::<f32>() / w.len() as f32).sqrt()
    };
    assert!(rms(1.0, 3.0) > 0.01, "inhale is audible");
    assert!(rms(5.0, 7.0) < 1e-4, "hold is silent");
    assert!(rms(9.0, 11.0) > 0.01, "exhale is audible");
    assert!(rms(13.0, 15.0) < 1e-4, "hold is silent");
    assert!(
        max_step(&engine_out_to_stereo(&out)) < 0.01,
        "no clicks at phase edges"
    );
}

fn engine_out_to_stereo(mono: &[f32]) -> Vec<f32> {
    mono.iter().flat_map(|&s| [s, s]).collect()
}

fn boundaries(safe: &lull::domain::safety::SafeRoutine) -> Vec<Duration> {
    let mut session = Session::new(safe.clone());
    let mut events = session.handle(Command::Start, Duration::ZERO);
    events.extend(session.tick(Duration::from_secs(100_000)));
    events
        .iter()
        .filter_map(|e| match e {
            SessionEvent::StepStarted { index, at } if *index > 0 => Some(*at),
            _ => None,
        })
        .collect()
}

#[test]
fn an_exported_session_has_cues_on_every_step_boundary_and_the_right_length() {
    let rate = 44_100;
    let (catalogue, _) = Catalogue::builtin();
    let routine = catalogue.get("desk-reset").unwrap();
    let safe = evaluate(routine, &ScreeningAnswers::default())
        .into_routine()
        .unwrap();
    let tail = Duration::from_secs(20);
    let with_cues = |cues: bool| {
        let layers = vec![LayerSpec {
            generator: make(Generator::Pink, rate, 5),
            level: 1.0,
            breath_sync: false,
        }];
        let settings = AudioSettings {
            cues_enabled: cues,
            ..AudioSettings::default()
        };
        let plan = RenderPlan::session(rate, layers, settings, safe.duration(), tail);
        let mut samples = Vec::new();
        render(
            plan,
            Some(&safe),
            &mut |s: &[f32]| -> Result<(), ()> {
                samples.extend_from_slice(s);
                Ok(())
            },
            &mut |_| {},
        )
        .unwrap();
        samples
    };
    let a = with_cues(true);
    let b = with_cues(false);
    let expected_frames =
        ((safe.duration() + tail + RING_OUT).as_secs_f64() * f64::from(rate)).round() as usize;
    assert_eq!(
        a.len() / 2,
        expected_frames,
        "length = session + tail + the bell's ring-out"
    );
    // The bed is deterministic, so the difference is the cues alone.
    let cues: Vec<f32> = a.iter().zip(&b).step_by(2).map(|(x, y)| x - y).collect();
    let bounds = boundaries(&safe);
    assert_eq!(bounds.len(), safe.steps().len() - 1);
    for at in bounds {
        let expected = (at.as_secs_f64() * f64::from(rate)) as usize;
        let onset = (expected.saturating_sub(4_410)..expected + 4_410)
            .find(|&i| cues[i].abs() > 1e-4)
            .unwrap_or_else(|| panic!("no cue near {at:?}"));
        let off_ms = (onset as f64 - expected as f64).abs() / f64::from(rate) * 1_000.0;
        assert!(
            off_ms <= 10.0,
            "cue for the step at {at:?} is {off_ms:.1} ms off"
        );
    }
    let end_bell = (safe.duration().as_secs_f64() * f64::from(rate)) as usize;
    assert!(
        cues[end_bell..end_bell + 4_410]
            .iter()
            .any(|s| s.abs() > 1e-3),
        "the end bell sounds"
    );
    assert!(
        a[a.len() - 200..].iter().all(|s| s.abs() < 1e-3),
        "the export fades out to silence"
    );
}

/// Renders a session export of `id` (tail 0) with a pink bed, with or without cues.
#[expect(clippy::unwrap_used, reason = "test helper")]
fn export_samples(id: &str, cues: bool, rate: u32) -> Vec<f32> {
    let (catalogue, _) = Catalogue::builtin();
    let safe = evaluate(catalogue.get(id).unwrap(), &ScreeningAnswers::default())
        .into_routine()
        .unwrap();
    let layers = vec![LayerSpec {
        generator: make(Generator::Pink, rate, 5),
        level: 1.0,
        breath_sync: false,
    }];
    let settings = AudioSettings {
        cues_enabled: cues,
        ..AudioSettings::default()
    };
    let plan = RenderPlan::session(rate, layers, settings, safe.duration(), Duration::ZERO);
    let mut samples = Vec::new();
    render(
        plan,
        Some(&safe),
        &mut |s: &[f32]| -> Result<(), ()> {
            samples.extend_from_slice(s);
            Ok(())
        },
        &mut |_| {},
    )
    .unwrap();
    samples
}

#[test]
fn with_no_tail_every_cue_and_the_end_bell_ring_at_full_level() {
    let rate = 44_100;
    let id = "desk-reset";
    let (catalogue, _) = Catalogue::builtin();
    let safe = evaluate(catalogue.get(id).unwrap(), &ScreeningAnswers::default())
        .into_routine()
        .unwrap();
    let a = export_samples(id, true, rate);
    let b = export_samples(id, false, rate);
    // The bed is deterministic, so the difference is the cues alone.
    let cues: Vec<f32> = a.iter().zip(&b).step_by(2).map(|(x, y)| x - y).collect();
    let mut session = Session::new(safe.clone());
    let _ = session.handle(Command::Start, Duration::ZERO);
    let items = timeline(&session, Duration::ZERO, &AudioSettings::default()).items;
    let mut checked = 0;
    for item in items {
        let TimelineItem::Cue { at, cue } = item else {
            continue;
        };
        let window = if cue == Cue::SessionEnd { 4.0 } else { 0.6 };
        let n = (window * rate as f32) as usize;
        let mut reference = vec![0.0; n * 2];
        CueVoice::new(cue, rate as f32).add_to(&mut reference, 0, 1.0);
        let expected = reference.iter().fold(0.0_f32, |m, s| m.max(s.abs()));
        let from = (at.as_secs_f64() * f64::from(rate)) as usize;
        let got = cues[from..from + n]
            .iter()
            .fold(0.0_f32, |m, s| m.max(s.abs()));
        assert!(
            got > expected * 0.95,
            "{cue:?} at {at:?}: peak {got}, full level {expected}"
        );
        checked += 1;
    }
    assert_eq!(
        checked,
        safe.steps().len(),
        "every step change and the end bell"
    );
    // The bell has rung out (and everything faded) before the file ends.
    let end = safe.duration().as_secs_f64() * f64::from(rate);
    assert_eq!(
        cues.len(),
        ((safe.duration() + RING_OUT).as_secs_f64() * f64::from(rate)).round() as usize
    );
    let last = &cues[end as usize + (RING_OUT.as_secs() as usize - 4) * rate as usize..];
    let ring = last.iter().fold(0.0_f32, |m, s| m.max(s.abs()));
    assert!(ring < 0.02, "the bell still rings at {ring} near the end");
    assert!(a[a.len() - 200..].iter().all(|s| s.abs() < 1e-3));
}

/// A breathing timeline (box breathing from 0 for 32 s), running.
#[expect(clippy::unwrap_used, reason = "test helper")]
fn breathing(engine: &mut Engine) {
    let pattern = lull::domain::breathing::builtin("box").unwrap().pattern;
    engine.apply(EngineCommand::SetTimeline {
        timeline: Timeline {
            from: Duration::ZERO,
            items: vec![TimelineItem::Breath {
                start: Duration::ZERO,
                end: Duration::from_secs(32),
                pattern,
            }],
            end: Some(Duration::from_secs(32)),
        },
        running: true,
    });
}

#[test]
fn the_pacer_tone_fades_when_turned_off_paused_or_skipped() {
    // The tone is at its loudest half-way through the first inhale (2 s).
    type Stop = (&'static str, fn() -> EngineCommand);
    let stops: [Stop; 3] = [
        ("off", || EngineCommand::SetPacerTone(false)),
        ("pause", || EngineCommand::SetRunning(false)),
        ("skip", || EngineCommand::SetTimeline {
            timeline: Timeline {
                from: Duration::from_secs(40),
                items: Vec::new(),
                end: None,
            },
            running: true,
        }),
    ];
    for (what, stop) in stops {
        let mut engine = Engine::new(RATE).with_fade_in(0.0);
        engine.apply(EngineCommand::SetPacerTone(true));
        breathing(&mut engine);
        let before = run(&mut engine, 2.0);
        assert!(
            left(&before)[RATE as usize * 19 / 10..]
                .iter()
                .any(|s| s.abs() > 0.03),
            "{what}: the tone sounds"
        );
        engine.apply(stop());
        let after = run(&mut engine, 0.2);
        let mut both = before[before.len() - 2_000..].to_vec();
        both.extend_from_slice(&after);
        assert!(
            max_step(&both) < 0.01,
            "{what}: a step of {} when the tone stops",
            max_step(&both)
        );
        assert!(
            left(&after)[RATE as usize / 10..]
                .iter()
                .all(|s| s.abs() < 1e-4),
            "{what}: the tone has stopped"
        );
    }
}

/// Largest second difference (left channel): a gain that jumps, even by a little, shows
/// as a spike far above a smooth chime's own curvature.
fn max_bend(samples: &[f32]) -> f32 {
    left(samples)
        .windows(3)
        .map(|w| (w[2] - 2.0 * w[1] + w[0]).abs())
        .fold(0.0, f32::max)
}

#[test]
fn cue_volume_and_master_changes_ramp_the_cues_too() {
    // The chime alone, at full level: its own largest step and bend.
    let mut reference = vec![0.0; RATE as usize];
    CueVoice::new(Cue::StepChange, RATE as f32).add_to(&mut reference, 0, 1.0);
    let (natural_step, natural_bend) = (max_step(&reference), max_bend(&reference));
    let changes: [(&str, EngineCommand); 3] = [
        ("cue volume", EngineCommand::SetCueVolume(0.0)),
        ("cue volume up", EngineCommand::SetCueVolume(1.0)),
        (
            "master",
            EngineCommand::SetMaster {
                gain: 0.0,
                secs: 0.05,
            },
        ),
    ];
    for (what, change) in changes {
        let mut engine = Engine::new(RATE).with_fade_in(0.0);
        if what == "cue volume up" {
            engine.apply(EngineCommand::SetCueVolume(0.2));
            let _ = run(&mut engine, 0.1);
        }
        engine.apply(EngineCommand::PlayCue(Cue::StepChange));
        let before = run(&mut engine, 0.05);
        engine.apply(change);
        let after = run(&mut engine, 0.2);
        let mut both = before;
        both.extend_from_slice(&after);
        let (step, bend) = (max_step(&both), max_bend(&both));
        assert!(
            step <= natural_step * 1.05,
            "{what}: a step of {step} (the chime's own is {natural_step})"
        );
        // Per-block gain steps (every 256 frames) would bend it several times more.
        assert!(
            bend <= natural_bend * 1.1,
            "{what}: a bend of {bend} (the chime's own is {natural_bend})"
        );
    }
}
