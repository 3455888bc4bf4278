//! Files: round trips, v1 fixtures, corruption kept aside, interrupted writes, unwritable
//! folders and two writers at once.

#![expect(clippy::unwrap_used, reason = "test helpers")]

use std::path::Path;

use lull::app::safety_record::SafetyRecord;
use lull::app::settings::{SETTINGS_VERSION, Settings};
use lull::domain::history::{HistoryLine, RatingKind, SessionRecord};
use lull::domain::safety::Condition;
use lull::domain::vocabulary::Program;
use lull::store::{
    AppDirs, AppFiles, HistoryFile, Loaded, SAFETY_FILE, SETTINGS_FILE, write_atomic,
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
fn an_interrupted_write_leaves_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("settings.toml");
    write_atomic(&path, b"old = 1\n").unwrap();
    {
        // What a crash between writing and renaming leaves: a temporary file never renamed.
        let mut temp = tempfile::NamedTempFile::new_in(dir.path()).unwrap();
        std::io::Write::write_all(&mut temp, b"new = ").unwrap();
    }
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "old = 1\n");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left behind"
    );
    write_atomic(&path, b"new = 2\n").unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "new = 2\n");
}

#[test]
fn an_unwritable_folder_is_detected_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    // A folder under a regular file can never be created, even by root.
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, "").unwrap();
    let files = AppFiles::new(AppDirs::under(&blocker));
    assert!(!files.writable());
    assert!(files.save(SETTINGS_FILE, &Settings::default()).is_err());
    assert!(matches!(
        files.load::<Settings>(SETTINGS_FILE, "x"),
        Loaded::Missing | Loaded::Unreadable(_)
    ));
}

fn session(i: usize) -> HistoryLine {
    HistoryLine::Session(SessionRecord {
        v: 1,
        id: format!("id-{i}"),
        routine_id: "box-breathing".to_owned(),
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
    })
}

#[test]
fn two_writers_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let per_writer = 300;
    std::thread::scope(|scope| {
        for w in 0..2 {
            let path = dir.path().to_path_buf();
            std::thread::Builder::new()
                .name(format!("writer-{w}"))
                .spawn_scoped(scope, move || {
                    let file = HistoryFile::in_dir(&path);
                    for i in 0..per_writer {
                        file.append(&session(w * 10_000 + i)).unwrap();
                    }
                })
                .unwrap();
        }
    });
    let load = HistoryFile::in_dir(dir.path()).load("x").unwrap();
    assert!(load.bad_lines.is_empty(), "{:?}", load.bad_lines.first());
    assert_eq!(load.history.sessions.len(), 2 * per_writer);
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
        id: "my-rainy-night".to_owned(),
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
    assert!(r.answers.avoid_areas.is_empty() && !r.answers.skip_breath_holds);
}
