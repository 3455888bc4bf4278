//! The voice bus in the engine, with fake clips (tones): lines start on their frame, the
//! bed ducks under them and comes back, nothing clicks or clips, a line is cut at its end,
//! a missing clip stalls nothing, a late clip still plays, and a pause silences the voice.

#![expect(clippy::unwrap_used, reason = "test helpers")]

use std::sync::Arc;
use std::time::Duration;

use lull::audio::engine::{Engine, EngineCommand, LayerSpec};
use lull::audio::generator::{BlockCtx, Generate};
use lull::audio::voice_bus::DUCK_DB;
use lull::audio::voice_clip::prepare;
use lull::domain::soundscape::{Line, LineKind, Timeline, TimelineItem};

const RATE: u32 = 48_000;

/// A steady level, for measuring the duck.
struct Dc(f32);

impl Generate for Dc {
    fn render(&mut self, out: &mut [f32], _ctx: &BlockCtx) {
        out.fill(self.0);
    }
}

// A steady sine, for hearing clicks: the engine tests' own.
use super::audio_engine::{Tone, left, run};

fn layer(generator: Box<dyn Generate>) -> LayerSpec {
    LayerSpec {
        generator,
        level: 1.0,
        breath_sync: false,
    }
}

/// A fake clip: a 1 kHz sine of `amp`, `secs` long, with 5 ms fades at both ends (as the
/// real clips have).
fn clip(secs: f32, amp: f32) -> Arc<[f32]> {
    let n = (secs * RATE as f32) as usize;
    let edge = RATE as usize / 200;
    (0..n)
        .map(|i| {
            let fade = (i.min(n - 1 - i) as f32 / edge as f32).min(1.0);
            (i as f32 * 1_000.0 / RATE as f32 * std::f32::consts::TAU).sin() * amp * fade
        })
        .collect()
}

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

fn speak(text: &str, at: Duration, until: Duration, length: Duration) -> TimelineItem {
    TimelineItem::Speak {
        at,
        until,
        length,
        line: Line {
            kind: LineKind::Step,
            text: text.to_owned(),
        },
    }
}

fn start(engine: &mut Engine, items: Vec<TimelineItem>) {
    engine.apply(EngineCommand::SetTimeline {
        timeline: Timeline {
            from: Duration::ZERO,
            items,
            end: Some(Duration::from_mins(1)),
        },
        running: true,
    });
}

fn add(engine: &mut Engine, text: &str, samples: &Arc<[f32]>) {
    engine.apply(EngineCommand::AddClip {
        text: text.to_owned(),
        clip: Arc::clone(samples),
    });
}

/// The frame of session time `t` in the output (the limiter delays it).
fn frame(engine: &Engine, t: Duration) -> usize {
    (t.as_secs_f64() * f64::from(RATE)).round() as usize + engine.latency_frames()
}

/// The first frame at or after `from` louder than `threshold`.
fn onset(out: &[f32], from: usize, threshold: f32) -> Option<usize> {
    (from..out.len()).find(|&i| out[i].abs() > threshold)
}

fn peak(samples: &[f32]) -> f32 {
    samples.iter().fold(0.0_f32, |m, s| m.max(s.abs()))
}

#[test]
fn lines_start_on_their_scheduled_frame() {
    let mut engine = Engine::new(RATE).with_fade_in(0.0);
    let tone = clip(0.5, 0.3);
    add(&mut engine, "One.", &tone);
    add(&mut engine, "Two.", &tone);
    let times = [ms(500), ms(1_733)];
    start(
        &mut engine,
        vec![
            speak("One.", times[0], ms(1_400), ms(500)),
            speak("Two.", times[1], ms(3_000), ms(500)),
        ],
    );
    let out = left(&run(&mut engine, 3.0));
    let tolerance = RATE as usize / 200;
    let mut from = 0;
    for at in times {
        let expected = frame(&engine, at);
        assert!(
            peak(&out[from..expected - tolerance]) < 1e-6,
            "sound before the line at {at:?}"
        );
        let got = onset(&out, expected - tolerance, 0.01).unwrap();
        assert!(
            got.abs_diff(expected) <= tolerance,
            "the line at {at:?} started at frame {got}, expected {expected}"
        );
        from = expected + RATE as usize / 2 + tolerance;
    }
    assert_eq!(engine.lines_spoken(), 2);
}

/// Mean over `[from, to)` seconds of session time: the bed's DC level (the 1 kHz voice
/// averages out over whole cycles).
fn level(engine: &Engine, out: &[f32], from: f32, to: f32) -> f32 {
    let a = frame(engine, Duration::try_from_secs_f32(from).unwrap());
    let b = frame(engine, Duration::try_from_secs_f32(to).unwrap());
    out[a..b].iter().sum::<f32>() / (b - a) as f32
}

fn db(ratio: f32) -> f32 {
    20.0 * ratio.log10()
}

#[test]
fn the_bed_ducks_under_the_voice_and_comes_back() {
    let mut engine = Engine::new(RATE).with_fade_in(0.0);
    engine.apply(EngineCommand::SetLayers {
        layers: vec![layer(Box::new(Dc(0.1)))],
        fade_secs: 0.0,
    });
    add(&mut engine, "Relax.", &clip(1.0, 0.3));
    start(
        &mut engine,
        vec![speak("Relax.", ms(1_000), ms(5_000), ms(1_000))],
    );
    let out = left(&run(&mut engine, 3.0));
    // Windows of whole 1 kHz cycles (48 frames): 0.1 s = 100 cycles.
    let before = level(&engine, &out, 0.5, 0.8);
    assert!((before - 0.1).abs() < 1e-3, "bed at {before}");
    let during = level(&engine, &out, 1.4, 1.6);
    let duck = db(during / before);
    assert!(
        (duck - DUCK_DB).abs() <= 1.0,
        "the bed is {duck:.1} dB down in the middle of the line (expected {DUCK_DB})"
    );
    // Back within 1 dB no later than 300 ms after the line ends (2.0 s).
    let after = level(&engine, &out, 2.3, 2.4);
    assert!(
        db(after / before).abs() <= 1.0,
        "the bed is {:.1} dB down 300 ms after the line",
        db(after / before)
    );
    let later = level(&engine, &out, 2.8, 2.9);
    assert!((later - before).abs() < 1e-3, "the bed is back: {later}");
}

/// Largest second difference: a gain that jumps shows as a spike far above a smooth
/// signal's own curvature.
fn max_bend(samples: &[f32]) -> f32 {
    samples
        .windows(3)
        .map(|w| (w[2] - 2.0 * w[1] + w[0]).abs())
        .fold(0.0, f32::max)
}

/// A prepared clip, as the voice service makes it: a 300 Hz tone with harmonics at 16 kHz,
/// resampled to the engine rate and brought to the voice's loudness.
fn prepared(secs: f32) -> Arc<[f32]> {
    let n = (secs * 16_000.0) as usize;
    let samples: Vec<i16> = (0..n)
        .map(|i| {
            let t = i as f32 / 16_000.0;
            let s = (t * 300.0 * std::f32::consts::TAU).sin()
                + 0.5 * (t * 600.0 * std::f32::consts::TAU).sin();
            (s * 12_000.0) as i16
        })
        .collect();
    prepare(&samples, 16_000, RATE).unwrap()
}

#[test]
fn the_voice_never_clicks_or_clips() {
    let voice = prepared(0.8);
    // The clip's own curvature, with silence around it.
    let mut alone = vec![0.0; 1_000];
    alone.extend_from_slice(&voice);
    alone.extend(std::iter::repeat_n(0.0, 1_000));
    let natural = max_bend(&alone);
    let bed_amp = 0.3;
    let bed_bend = (std::f32::consts::TAU * 220.0 / RATE as f32).powi(2) * bed_amp;
    let mut engine = Engine::new(RATE).with_fade_in(0.0);
    engine.apply(EngineCommand::SetLayers {
        layers: vec![layer(Box::new(Tone {
            phase: 0.0,
            hz: 220.0,
            amp: bed_amp,
        }))],
        fade_secs: 0.0,
    });
    add(&mut engine, "A.", &voice);
    add(&mut engine, "B.", &voice);
    // B is cut at its until, half-way through.
    start(
        &mut engine,
        vec![
            speak("A.", ms(500), ms(2_000), ms(800)),
            speak("B.", ms(2_000), ms(2_400), ms(800)),
        ],
    );
    let out = left(&run(&mut engine, 3.5));
    for (what, at) in [
        ("start of A", 500),
        ("end of A", 1_300),
        ("start of B", 2_000),
        ("cut of B", 2_400),
    ] {
        let centre = frame(&engine, ms(at));
        let window = &out[centre - 2_400..centre + 2_400];
        let bend = max_bend(window);
        assert!(
            bend <= (natural + bed_bend) * 1.1,
            "{what}: a bend of {bend} (clip {natural}, bed {bed_bend})"
        );
    }
    // Loud: a bed near full scale and the voice at its highest level stay below 1.0.
    let mut engine = Engine::new(RATE).with_fade_in(0.0);
    engine.apply(EngineCommand::SetLayers {
        layers: vec![LayerSpec {
            generator: Box::new(Tone {
                phase: 0.0,
                hz: 220.0,
                amp: 0.95,
            }),
            level: 2.0,
            breath_sync: false,
        }],
        fade_secs: 0.0,
    });
    engine.apply(EngineCommand::SetVoiceLevel(1.5));
    add(&mut engine, "A.", &voice);
    start(&mut engine, vec![speak("A.", ms(200), ms(2_000), ms(800))]);
    let out = run(&mut engine, 1.5);
    let top = peak(&out);
    assert!(top <= 1.0, "a sample at {top}");
}

#[test]
fn a_line_past_its_until_fades_out_there() {
    let mut engine = Engine::new(RATE).with_fade_in(0.0);
    add(&mut engine, "Long.", &clip(1.0, 0.3));
    start(
        &mut engine,
        vec![speak("Long.", ms(500), ms(800), ms(1_000))],
    );
    let out = left(&run(&mut engine, 2.0));
    let until = frame(&engine, ms(800));
    assert!(
        peak(&out[until - 2_400..until]) > 0.2,
        "the line is heard until its end"
    );
    let after = peak(&out[frame(&engine, ms(840))..]);
    assert!(after < 1e-4, "heard at {after} after its until");
    // Faded, not chopped: a bend no larger than the tone's own.
    let tone_bend = (std::f32::consts::TAU * 1_000.0 / RATE as f32).powi(2) * 0.3;
    assert!(max_bend(&out[until - 480..until + 2_400]) <= tone_bend * 1.1);
}

#[test]
fn a_missing_clip_stalls_nothing_and_a_late_one_still_plays() {
    let tone = clip(0.5, 0.3);
    // No clip ever comes for "Lost.": "Found." still starts on time.
    let mut engine = Engine::new(RATE).with_fade_in(0.0);
    add(&mut engine, "Found.", &tone);
    start(
        &mut engine,
        vec![
            speak("Lost.", ms(500), ms(5_000), ms(500)),
            speak("Found.", ms(1_000), ms(5_000), ms(500)),
        ],
    );
    let out = left(&run(&mut engine, 2.0));
    let expected = frame(&engine, ms(1_000));
    assert!(peak(&out[..expected - 240]) < 1e-6, "nothing before Found.");
    let got = onset(&out, expected - 240, 0.01).unwrap();
    assert!(
        got.abs_diff(expected) <= 240,
        "Found. at {got}, expected {expected}"
    );
    assert_eq!(engine.lines_spoken(), 1);

    // The clip of "Late." comes 0.5 s after its time, well before its until: it plays then.
    let mut engine = Engine::new(RATE).with_fade_in(0.0);
    start(
        &mut engine,
        vec![speak("Late.", ms(500), ms(3_000), ms(500))],
    );
    let mut out = left(&run(&mut engine, 1.0));
    assert!(peak(&out) < 1e-6);
    add(&mut engine, "Late.", &tone);
    out.extend(left(&run(&mut engine, 1.0)));
    let arrived = frame(&engine, ms(1_000));
    let got = onset(&out, arrived - 240, 0.01).unwrap();
    assert!(
        got.abs_diff(arrived) <= RATE as usize / 100,
        "Late. at {got}, its clip came at {arrived}"
    );
    assert_eq!(engine.lines_spoken(), 1);
}

#[test]
fn pausing_silences_the_voice_at_once() {
    let mut engine = Engine::new(RATE).with_fade_in(0.0);
    add(&mut engine, "Long.", &clip(2.0, 0.3));
    start(
        &mut engine,
        vec![speak("Long.", ms(200), ms(5_000), ms(2_000))],
    );
    let before = left(&run(&mut engine, 0.6));
    assert!(
        peak(&before[before.len() - 480..]) > 0.2,
        "speaking when paused"
    );
    engine.apply(EngineCommand::SetRunning(false));
    let paused = left(&run(&mut engine, 0.5));
    let latency = engine.latency_frames();
    let stop = RATE as usize / 20 + latency;
    assert!(
        peak(&paused[stop..]) < 1e-4,
        "the voice is still heard {} ms into the pause",
        stop * 1_000 / RATE as usize
    );
    assert!(!engine.is_speaking());
    let tone_bend = (std::f32::consts::TAU * 1_000.0 / RATE as f32).powi(2) * 0.3;
    let mut both = before[before.len() - 480..].to_vec();
    both.extend_from_slice(&paused[..stop]);
    assert!(max_bend(&both) <= tone_bend * 1.1, "the pause clicks");
}

#[test]
fn a_clip_shorter_than_a_loudness_block_is_prepared_at_the_same_level() {
    // "two" from a quick voice lasts under the 400 ms a loudness measurement needs.
    let tone = |secs: f32| -> Vec<i16> {
        let n = (secs * 16_000.0) as usize;
        (0..n)
            .map(|i| ((i as f32 * 440.0 / 16_000.0 * std::f32::consts::TAU).sin() * 9_000.0) as i16)
            .collect()
    };
    let long = prepare(&tone(2.0), 16_000, RATE).unwrap();
    let short = prepare(&tone(0.18), 16_000, RATE).unwrap();
    let (a, b) = (peak(&long), peak(&short));
    assert!(
        db(b / a).abs() < 0.5,
        "a 180 ms clip peaks at {b}, a long one at {a}"
    );
}
