//! Files: round trips, v1 fixtures, corruption kept aside, interrupted writes, unwritable
//! folders and two writers at once.

#![expect(clippy::unwrap_used, reason = "test helpers")]

use std::path::Path;

use lull::domain::history::{HistoryLine, RatingKind, SessionRecord};
use lull::domain::safety::Condition;
use lull::domain::vocabulary::Program;
use lull::profile::safety_record::SafetyRecord;
use lull::profile::settings::{SETTINGS_VERSION, Settings};
use lull::store::{
    AppDirs, AppFiles, HistoryFile, Loaded, SAFETY_FILE, SETTINGS_FILE, STALE_TEMPORARY,
    quarantine, stage, sweep_temporaries, write_atomic,
};
use lull::ui::theme::Theme;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .unwrap()
}

fn files() -> (tempfile::TempDir, AppFiles) {
    let home = tempfile::tempdir().unwrap();
    let files = AppFiles::new(AppDirs::under(home.path()));
    (home, files)
}

#[test]
fn settings_round_trip_and_v1_migrates() {
    let (_home, files) = files();
    let mut s = Settings {
        theme: Theme::Night,
        text_scale: 1.5,
        ..Settings::default()
    };
    s.audio.master = 0.6;
    files.save(SETTINGS_FILE, &s).unwrap();
    let Loaded::Ok(back) = files.load::<Settings>(SETTINGS_FILE, "x") else {
        panic!("not loaded")
    };
    assert_eq!(back, s);

    std::fs::write(files.settings_path(), fixture("settings-v1.toml")).unwrap();
    let Loaded::Ok(v1) = files.load::<Settings>(SETTINGS_FILE, "x") else {
        panic!("v1 not loaded")
    };
    let v1 = v1.sanitized();
    assert_eq!(v1.version, SETTINGS_VERSION);
    assert_eq!(v1.theme, Theme::Dark);
    assert_eq!(v1.emergency_number, "999");
    assert!(v1.audio.ticks_enabled);
    assert_eq!(
        v1.wind_down,
        lull::domain::schedule::WindDownPlan::default(),
        "new fields take defaults"
    );
    assert_eq!(
        v1.audio.voice,
        lull::domain::soundscape::SpeechSettings::default(),
        "version 3's voice takes its defaults"
    );
}

#[test]
fn voice_settings_are_kept_in_range_and_survive_a_round_trip() {
    let (_home, files) = files();
    std::fs::create_dir_all(&files.dirs().config).unwrap();
    std::fs::write(
        files.settings_path(),
        "version = 2\n[audio.voice]\nrate = 9.0\nlevel = -1.0\nguidance = \"titles-only\"\nengine = \"espeak-ng\"\n",
    )
    .unwrap();
    let Loaded::Ok(s) = files.load::<Settings>(SETTINGS_FILE, "x") else {
        panic!("not loaded")
    };
    let s = s.sanitized();
    assert_eq!(s.version, SETTINGS_VERSION);
    assert!((s.audio.voice.rate - 1.3).abs() < 1e-6);
    assert!(s.audio.voice.level.abs() < 1e-6);
    assert_eq!(
        s.audio.voice.guidance,
        lull::domain::soundscape::Guidance::TitlesOnly
    );
    files.save(SETTINGS_FILE, &s).unwrap();
    let Loaded::Ok(again) = files.load::<Settings>(SETTINGS_FILE, "x") else {
        panic!("not loaded")
    };
    assert_eq!(again.audio.voice, s.audio.voice);
}

#[test]
fn safety_v1_fixture_loads() {
    let (_home, files) = files();
    std::fs::create_dir_all(&files.dirs().config).unwrap();
    std::fs::write(files.safety_path(), fixture("safety-v1.toml")).unwrap();
    let Loaded::Ok(r) = files.load::<SafetyRecord>(SAFETY_FILE, "x") else {
        panic!("not loaded")
    };
    assert!(r.answers.has(Condition::Pregnancy));
    assert_eq!(r.answers.pregnancy_weeks, Some(24));
}

#[test]
fn a_corrupt_file_is_kept_aside_and_defaults_apply() {
    let (_home, files) = files();
    std::fs::create_dir_all(&files.dirs().config).unwrap();
    let garbage = "theme = \"dark\"\ntext_scale = [oops\n";
    std::fs::write(files.settings_path(), garbage).unwrap();
    let Loaded::Corrupt { problem, kept_at } =
        files.load::<Settings>(SETTINGS_FILE, "20261127T100000")
    else {
        panic!("expected corrupt")
    };
    assert!(problem.contains("settings.toml:2:"), "{problem}");
    let kept = kept_at.unwrap();
    assert!(kept.ends_with("settings.toml.corrupt-20261127T100000"));
    assert_eq!(
        std::fs::read_to_string(kept).unwrap(),
        garbage,
        "the bad file is kept as it was"
    );
    assert!(!files.settings_path().exists(), "nothing written over it");
}

#[test]
fn a_crash_between_write_and_rename_leaves_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("settings.toml");
    write_atomic(&path, b"old = 1\n").unwrap();
    // The first half of a real write: the new content is on disk beside the file. A crash
    // now runs no destructor, which `forget` reproduces.
    let staged = stage(&path, b"new = 2\n").unwrap();
    let leftover = staged.temp_path().to_path_buf();
    std::mem::forget(staged);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "old = 1\n");
    assert_eq!(std::fs::read_to_string(&leftover).unwrap(), "new = 2\n");

    // The next start sweeps what the crash left, but never a write that may be in progress.
    let now = std::fs::metadata(&leftover).unwrap().modified().unwrap();
    assert_eq!(
        sweep_temporaries(dir.path(), now),
        0,
        "too fresh to be a leftover"
    );
    let later = now + STALE_TEMPORARY + std::time::Duration::from_secs(1);
    assert_eq!(sweep_temporaries(dir.path(), later), 1);
    assert!(!leftover.exists());
    assert!(path.exists(), "only Lull's own temporary files are swept");

    write_atomic(&path, b"new = 3\n").unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "new = 3\n");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn a_second_corrupt_copy_in_the_same_second_does_not_replace_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("settings.toml");
    std::fs::write(&path, "first = [").unwrap();
    let a = quarantine(&path, "20261127T100000").unwrap();
    std::fs::write(&path, "second = [").unwrap();
    let b = quarantine(&path, "20261127T100000").unwrap();
    assert_ne!(a, b);
    assert_eq!(std::fs::read_to_string(a).unwrap(), "first = [");
    assert_eq!(std::fs::read_to_string(&b).unwrap(), "second = [");
    assert!(b.ends_with("settings.toml.corrupt-20261127T100000-2"));
    assert!(!path.exists());
}

#[test]
fn an_unwritable_folder_is_detected_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    // A folder under a regular file can never be created, even by root.
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, "").unwrap();
    let files = AppFiles::new(AppDirs::under(&blocker));
    assert!(!files.config_writable());
    assert!(!files.data_writable());
    assert!(files.save(SETTINGS_FILE, &Settings::default()).is_err());
    assert!(matches!(
        files.load::<Settings>(SETTINGS_FILE, "x"),
        Loaded::Missing | Loaded::Unreadable(_)
    ));
    assert!(
        HistoryFile::in_dir(&files.dirs().data)
            .append(&session(1))
            .is_err()
    );
}

#[test]
fn a_history_that_cannot_be_repaired_is_still_read_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let file = HistoryFile::in_dir(dir.path());
    let mut text = fixture("history-v1.jsonl");
    text.push_str("garbled\n");
    std::fs::write(file.path(), &text).unwrap();
    // The lock cannot be taken (a folder where the lock file goes; even root cannot open a
    // folder for writing), as in a read-only data folder.
    std::fs::create_dir(file.path().with_extension("lock")).unwrap();
    let load = file.load("stamp").unwrap();
    assert_eq!(load.history.sessions.len(), 2, "the good lines are read");
    assert_eq!(load.bad_lines.len(), 1);
    assert!(load.kept_at.is_none());
    assert!(load.not_repaired.is_some());
    assert_eq!(
        std::fs::read_to_string(file.path()).unwrap(),
        text,
        "untouched"
    );
}

#[test]
fn a_history_over_the_size_limit_is_reported_not_cut() {
    let dir = tempfile::tempdir().unwrap();
    let file = HistoryFile::in_dir(dir.path());
    let f = std::fs::File::create(file.path()).unwrap();
    f.set_len(lull::store::MAX_HISTORY_BYTES + 10).unwrap();
    let err = file.load("stamp").unwrap_err().to_string();
    assert!(err.contains("too large"), "{err}");
    assert_eq!(
        std::fs::metadata(file.path()).unwrap().len(),
        lull::store::MAX_HISTORY_BYTES + 10
    );
}

pub(super) fn session(i: usize) -> HistoryLine {
    HistoryLine::Session(SessionRecord {
        v: 1,
        id: format!("id-{i}"),
        routine_id: "box-breathing".into(),
        routine_title: "Box breathing".to_owned(),
        program: Program::Stress,
        started_at: "2026-11-27T10:00:00+01:00[Europe/Berlin]".to_owned(),
        planned_secs: 240,
        actual_secs: 240,
        completed: true,
        stopped_at_step: None,
        adaptations: vec!["a long line ".repeat(40)],
        rating_kind: Some(RatingKind::Stress),
        before: Some(5),
        after: Some(3),
        wind_down: false,
        kind: lull::domain::history::SessionKind::Routine,
        painkiller: None,
        notes: None,
    })
}

/// Set in the child processes of `two_copies_of_lull_at_once_lose_nothing`.
const WRITER_ENV: &str = "LULL_TEST_HISTORY_WRITER";
const PER_WRITER: usize = 300;

/// Not a test of its own: the body of one writer process, which
/// `two_copies_of_lull_at_once_lose_nothing` starts (with `--ignored`). Run any other way it
/// fails, rather than passing having done nothing.
#[test]
#[ignore = "the body of a writer process, started by two_copies_of_lull_at_once_lose_nothing"]
fn history_writer_process() {
    let spec = std::env::var(WRITER_ENV)
        .unwrap_or_else(|_| panic!("{WRITER_ENV} is not set: this runs only as a writer process"));
    let (w, dir) = spec.split_once(':').unwrap();
    let w: usize = w.parse().unwrap();
    let file = HistoryFile::in_dir(Path::new(dir));
    for i in 0..PER_WRITER {
        file.append(&session(w * 10_000 + i)).unwrap();
    }
}

#[test]
fn two_copies_of_lull_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = HistoryFile::in_dir(dir.path());
    // A bad line, so that loading repairs the file while the others append.
    std::fs::write(file.path(), "garbled\n").unwrap();
    let exe = std::env::current_exe().unwrap();
    let writers: Vec<_> = (0..2)
        .map(|w| {
            std::process::Command::new(&exe)
                .args([
                    "--exact",
                    "store::history_writer_process",
                    "--ignored",
                    "--test-threads=1",
                ])
                .env(WRITER_ENV, format!("{w}:{}", dir.path().display()))
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut repaired = 0;
    for _ in 0..50 {
        let load = file.load(&format!("r{repaired}")).unwrap();
        if load.kept_at.is_some() {
            repaired += 1;
        }
    }
    for mut w in writers {
        assert!(w.wait().unwrap().success());
    }
    let load = file.load("end").unwrap();
    assert!(load.bad_lines.is_empty(), "{:?}", load.bad_lines.first());
    assert_eq!(load.history.sessions.len(), 2 * PER_WRITER);
    assert_eq!(repaired, 1, "the bad line was set aside once");
}

#[test]
fn history_v1_fixture_and_bad_lines() {
    let dir = tempfile::tempdir().unwrap();
    let file = HistoryFile::in_dir(dir.path());
    std::fs::write(file.path(), fixture("history-v1.jsonl")).unwrap();
    let load = file.load("x").unwrap();
    assert_eq!(load.history.sessions.len(), 2);
    assert_eq!(
        load.history.sessions[1].after,
        Some(3),
        "the later rating is folded in"
    );
    assert!(load.kept_at.is_none());

    // A torn last line (a crash mid-write) and a garbled one.
    let mut text = fixture("history-v1.jsonl");
    text.insert_str(0, "not json at all\n");
    text.push_str("{\"type\":\"session\",\"v\":1,\"id\":\"tor");
    std::fs::write(file.path(), &text).unwrap();
    let load = file.load("stamp").unwrap();
    assert_eq!(load.history.sessions.len(), 2);
    assert_eq!(
        load.bad_lines.iter().map(|(l, _)| *l).collect::<Vec<_>>(),
        [1, 5]
    );
    let kept = load.kept_at.unwrap();
    assert_eq!(
        std::fs::read_to_string(kept).unwrap(),
        text,
        "the original is kept as it was"
    );
    assert_eq!(
        file.load("again").unwrap().bad_lines.len(),
        0,
        "the good lines were written back"
    );
}

#[test]
fn user_presets_round_trip_and_bad_ones_are_reported() {
    use lull::domain::soundscape::{Generator, Layer, LayerSource, Preset};
    let dir = tempfile::tempdir().unwrap();
    let preset = Preset {
        id: "my-rainy-night".into(),
        name: "My rainy night".to_owned(),
        program: None,
        layers: vec![
            Layer {
                source: LayerSource::Generator(Generator::Rain),
                level: 0.8,
                breath_sync: false,
            },
            Layer {
                source: LayerSource::File {
                    file: "loon.ogg".to_owned(),
                },
                level: 0.4,
                breath_sync: false,
            },
        ],
    };
    lull::store::save_preset(dir.path(), &preset).unwrap();
    std::fs::write(dir.path().join("broken.toml"), "id = \"x\"\nlayers = 3\n").unwrap();
    let (presets, problems) = lull::store::load_presets(dir.path());
    assert_eq!(presets, vec![preset]);
    assert_eq!(problems.len(), 1);
    assert!(problems[0].contains("broken.toml"), "{problems:?}");
}

#[test]
fn safety_answers_with_missing_fields_still_load() {
    let (_home, files) = files();
    std::fs::create_dir_all(&files.dirs().config).unwrap();
    std::fs::write(
        files.safety_path(),
        "questionnaire_version = 1\nanswered_on = \"2026-11-01\"\n\n[answers]\nconditions = [\"asthma-copd\"]\n",
    )
    .unwrap();
    let Loaded::Ok(r) = files.load::<SafetyRecord>(SAFETY_FILE, "x") else {
        panic!("not loaded")
    };
    assert!(r.answers.has(Condition::AsthmaCopd));
    assert!(r.answers.areas.is_empty() && !r.answers.skip_breath_holds);
}
