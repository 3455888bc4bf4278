//! The voice's figures for BENCHMARKS.md (a measurement, not a test): for flite and eSpeak
//! NG, the time from Start to the first clip ready (cold: empty cache; warm: from the cache),
//! the time to render all speech of the longest bundled routine, and what playing the voice
//! costs the engine (CPU time per second of sound, with and without the voice).
//!
//! ```text
//! cargo run --release --example voice_figures
//! ```

use std::io::Write as _;
use std::time::Duration;

use lull::audio::engine::{Engine, EngineCommand};
use lull::catalogue::Catalogue;
use lull::clock::Stopwatch;
use lull::domain::safety::{ScreeningAnswers, evaluate};
use lull::domain::session::Session;
use lull::domain::soundscape::{
    AudioSettings, SpeechSettings, estimate, lines_in_order, timeline, with_speech,
};
use lull::platform::voice::{installed_engines, synthesizer};
use lull::speech::{Speaker, session_clips};
use lull::store::VoiceCache;

const RATE: u32 = 48_000;

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1_000.0)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let (catalogue, _) = Catalogue::builtin();
    let longest = catalogue
        .routines()
        .iter()
        .max_by_key(|r| r.duration())
        .ok_or_else(|| anyhow::anyhow!("no routines"))?;
    let safe = evaluate(longest, &ScreeningAnswers::default())
        .into_routine()
        .ok_or_else(|| anyhow::anyhow!("{} is not available", longest.id))?;
    let installed = installed_engines();
    writeln!(
        out,
        "routine: {} ({} min, {} steps)",
        longest.id,
        safe.duration().as_secs() / 60,
        safe.steps().len()
    )?;
    let mut clips_for_cpu = None;
    for (engine, voice) in [("flite", "rms"), ("espeak-ng", "en-us+f3")] {
        let speech = SpeechSettings {
            engine: engine.to_owned(),
            voice: voice.to_owned(),
            ..SpeechSettings::default()
        };
        let settings = AudioSettings {
            voice: speech.clone(),
            ..AudioSettings::default()
        };
        // The first line as the app asks for it: placed by estimate, first in order.
        let session = Session::started(safe.clone());
        let rate = speech.rate();
        let planned = with_speech(
            timeline(&session, Duration::ZERO, &settings),
            &session,
            &speech,
            &|t: &str| estimate(t, rate),
        );
        let first = lines_in_order(&planned)
            .into_iter()
            .next()
            .ok_or_else(|| anyhow::anyhow!("nothing to say"))?;
        let (mut cold_first, mut warm_first, mut cold_all, mut warm_all) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut lines = 0;
        let mut spoken = Duration::ZERO;
        for _ in 0..3 {
            let dir = tempfile::tempdir()?;
            let cache = VoiceCache::new(dir.path());
            let speaker = |c: &VoiceCache| -> anyhow::Result<Speaker> {
                Ok(Speaker::new(
                    synthesizer(&speech, &installed)?,
                    Some(c.clone()),
                    RATE,
                ))
            };
            let mut s = speaker(&cache)?;
            let t = Stopwatch::start();
            s.clip(&first)?;
            cold_first.push(t.elapsed());
            let t = Stopwatch::start();
            let (clips, failed) = session_clips(&mut s, &safe, &settings);
            cold_all.push(t.elapsed());
            anyhow::ensure!(failed.is_empty(), "{failed:?}");
            let mut s = speaker(&cache)?;
            let t = Stopwatch::start();
            s.clip(&first)?;
            warm_first.push(t.elapsed());
            let mut s = speaker(&cache)?;
            let t = Stopwatch::start();
            let (again, _) = session_clips(&mut s, &safe, &settings);
            warm_all.push(t.elapsed());
            anyhow::ensure!(again.len() == clips.len());
            lines = clips.len();
            spoken = clips
                .values()
                .map(|c| Duration::from_millis(c.len() as u64 * 1_000 / u64::from(RATE)))
                .sum();
            if engine == "flite" {
                clips_for_cpu = Some(clips);
            }
        }
        writeln!(
            out,
            "{engine} ({voice}): first line ({} chars) cold {} warm {}; all {lines} lines ({:.0} s of speech) cold {} warm {} (median of 3)",
            first.chars().count(),
            ms(median(cold_first)),
            ms(median(warm_first)),
            spoken.as_secs_f64(),
            ms(median(cold_all)),
            ms(median(warm_all)),
        )?;
    }

    // The engine playing the routine's first 5 minutes, with and without the voice: CPU
    // time per second of sound (one core), no layers (the voice's own cost).
    let clips = clips_for_cpu.ok_or_else(|| anyhow::anyhow!("no flite clips"))?;
    let session = Session::started(safe.clone());
    let settings = AudioSettings::default();
    let plain = timeline(&session, Duration::ZERO, &settings);
    let voiced = with_speech(plain.clone(), &session, &settings.voice, &|t: &str| {
        clips.get(t).map_or(Duration::MAX, |c| {
            Duration::from_millis(c.len() as u64 * 1_000 / u64::from(RATE))
        })
    });
    let seconds = 300;
    for (what, tl, with_voice) in [
        ("without voice", plain, false),
        ("with voice", voiced, true),
    ] {
        let mut runs = Vec::new();
        for _ in 0..3 {
            let mut engine = Engine::new(RATE);
            engine.apply(EngineCommand::SetLayers {
                layers: lull::audio::layers::build_layers(
                    &lull::domain::soundscape::bundled_preset("night-sea")
                        .ok_or_else(|| anyhow::anyhow!("no preset"))?
                        .normalized_layers(),
                    RATE,
                    1,
                    &mut |_| None,
                )
                .0,
                fade_secs: 0.05,
            });
            if with_voice {
                for (text, clip) in &clips {
                    engine.apply(EngineCommand::AddClip {
                        text: text.clone(),
                        clip: clip.clone(),
                    });
                }
            }
            engine.apply(EngineCommand::SetTimeline {
                timeline: tl.clone(),
                running: true,
            });
            let mut block = vec![0.0_f32; 512 * 2];
            let t = Stopwatch::start();
            for _ in 0..(seconds * RATE as usize / 512) {
                engine.render(&mut block);
            }
            runs.push(t.elapsed());
            if with_voice {
                anyhow::ensure!(engine.lines_spoken() > 0, "the voice said nothing");
            }
        }
        let t = median(runs);
        writeln!(
            out,
            "engine with the night-sea preset, {seconds} s {what}: {} = {:.3} % of one core",
            ms(t),
            t.as_secs_f64() / f64::from(u32::try_from(seconds)?) * 100.0
        )?;
    }
    Ok(())
}
