//! What each fuzz target checks of one input, shared by the fuzz targets (`fuzz_targets/`)
//! and by the regular test that replays the kept corpus and every crash reproducer
//! (`tests/it/fuzz_corpus.rs`). Each function must never panic for any bytes, except on a
//! broken promise (an assertion): that is a bug found.

#![allow(dead_code, clippy::expect_used, reason = "each target uses one check")]

use std::io::Cursor;

use lull::audio::file_loop::{FileLoop, MediaSource, Opener};
use lull::audio::generator::{BlockCtx, Generate as _};
use lull::domain::diary::{DoctorDiary, YearMonth};
use lull::domain::history::{History, minutes_per_week, rating_changes, streak, to_csv};
use lull::domain::routine::wording::routine_warnings;
use lull::domain::routine::{Draft, Origin, parse_routine};
use lull::domain::safety::{Condition, ScreeningAnswers, evaluate, parse_answers};
use lull::domain::soundscape::Preset;
use lull::profile::safety_record::SafetyRecord;
use lull::profile::settings::Settings;

fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 12, 4)
}

/// Routine files (shared by strangers, typed by hand, made by the editor): refused with
/// positioned errors, or loaded; what loads is evaluated against several answers and
/// survives the editor's save (fresh, and over its own text).
pub fn routine(data: &[u8]) {
    let origin = || Origin::User {
        path: "fuzz.toml".into(),
    };
    let routine = match parse_routine("fuzz.toml", data, origin()) {
        Ok(routine) => routine,
        Err(errors) => {
            let text = errors.to_string();
            assert!(
                text.contains("fuzz.toml:"),
                "an error without its place: {text}"
            );
            assert!(!text.contains('\u{1b}'), "an escape in a message: {text:?}");
            return;
        }
    };
    let _ = routine_warnings(&routine);
    let mut answers = ScreeningAnswers::default();
    let _ = evaluate(&routine, &answers);
    answers.skip_breath_holds = true;
    answers.conditions.insert(Condition::Pregnancy);
    answers.conditions.insert(Condition::VaricoseVeinsMild);
    let _ = evaluate(&routine, &answers);
    let draft = Draft::of(&routine);
    let fresh = draft.to_toml();
    let again = parse_routine("fuzz.toml", fresh.as_bytes(), origin())
        .unwrap_or_else(|e| panic!("the editor's file does not load: {e}\n{fresh}"));
    assert_eq!(again, routine, "the editor's fresh file is another routine");
    let text = std::str::from_utf8(data).unwrap_or_default();
    if let Ok(kept) = parse_routine("fuzz.toml", draft.to_toml_over(text).as_bytes(), origin()) {
        assert_eq!(
            kept, routine,
            "the editor's file over its own text is another routine"
        );
    }
}

/// The answers file (`lull screen --answers FILE`): refused with positioned errors, or read.
pub fn answers(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(errors) = parse_answers("answers.toml", text) {
        let _ = errors.to_string();
    }
}

/// The settings file: read and made sane, or refused; what is read writes back and reads
/// again as the same settings.
pub fn settings(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(settings) = toml::from_str::<Settings>(text) else {
        return;
    };
    let settings = settings.sanitized();
    let _ = settings.emergency_number();
    let written = toml::to_string_pretty(&settings).expect("settings serialise");
    let again: Settings = toml::from_str(&written).expect("written settings read back");
    assert_eq!(
        again.sanitized(),
        settings,
        "settings changed on the way to disk and back"
    );
}

/// The safety record: read or refused; what is read answers every question asked of it.
pub fn safety_record(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(record) = toml::from_str::<SafetyRecord>(text) else {
        return;
    };
    let _ = record.answers_today(today());
    let _ = record.needs_reask(today());
    let _ = record.checked_today(today());
    let _ = record.headache_tier_today(today());
    let _ = toml::to_string_pretty(&record).expect("the record serialises");
}

/// The history (JSON lines) and a session checkpoint: any bytes give the good lines and
/// the bad ones; what a repair writes back reads as the same lines; the history screen,
/// the doctor's diary and the CSV are computed from them.
pub fn history(data: &[u8]) {
    let (lines, good, _bad) = lull::store::parse_lines(data);
    let (again, _, bad_again) = lull::store::parse_lines(good.as_bytes());
    assert!(bad_again.is_empty(), "a repaired history has bad lines");
    assert_eq!(again.len(), lines.len(), "a repair lost or added lines");
    let history = History::from_lines(lines);
    let _ = streak(&history, today());
    let _ = minutes_per_week(&history, today(), 8);
    let _ = rating_changes(&history);
    let _ = to_csv(&history);
    let diary = DoctorDiary::build(&history, YearMonth::of(today()), 3);
    let _ = diary.to_csv();
    let _ = serde_json::from_slice::<lull::domain::history::SessionRecord>(data);
}

/// A user's ambience preset: read and checked, or refused.
pub fn preset(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(preset) = toml::from_str::<Preset>(text) else {
        return;
    };
    if preset.check().is_ok() {
        let _ = toml::to_string_pretty(&preset).expect("a preset serialises");
    }
}

/// The user's own sound files (ogg, flac, wav, mp3; truncated, mutated) through the file
/// loop that plays them: refused with a message, or played (¾ s, with a seam for a short
/// file), every sample a number.
pub fn sound_file(data: &[u8]) {
    const RATE: u32 = 8_000;
    let bytes = data.to_vec();
    let open: Opener =
        Box::new(move || Ok(Box::new(Cursor::new(bytes.clone())) as Box<dyn MediaSource>));
    let Ok(mut file) = FileLoop::new("fuzz", open, RATE) else {
        return;
    };
    let mut out = vec![0.0_f32; 512];
    for _ in 0..(RATE as usize * 3 / 2).div_ceil(512) {
        file.render(&mut out, &BlockCtx::default());
        assert!(
            out.iter().all(|s| s.is_finite()),
            "a sample that is not a number"
        );
    }
}
