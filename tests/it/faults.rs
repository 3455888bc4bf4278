//! Fault injection on every write Lull makes: settings, safety answers, the history (append
//! and repair), the session checkpoint, presets, user routines and exported WAV files. Each
//! write runs once cleanly to count its changes to the file system and its bytes, then again
//! from the same start under every fault: the folder turning read-only (or the process dying)
//! after each of its changes, and the disk filling up after 0, 1, half and all but one of its
//! bytes. After each: the earlier file is still there and parses as it was (or as the new
//! one, when the write said it succeeded), nothing is half-written, no temporary is left,
//! and the history has no lost or doubled session.

#![expect(clippy::unwrap_used, reason = "test helpers")]

use std::path::{Path, PathBuf};

use lull::domain::history::{HistoryLine, SessionRecord};
use lull::domain::safety::ScreeningAnswers;
use lull::domain::soundscape::{Generator, Layer, LayerSource, Preset};
use lull::profile::safety_record::SafetyRecord;
use lull::profile::settings::Settings;
use lull::store::fault::{Fault, inject};
use lull::store::{
    AppDirs, AppFiles, Checkpoint, HistoryFile, Loaded, SAFETY_FILE, SETTINGS_FILE, StoreError,
    WavFile,
};

use super::store::session;

/// The faults to try on a write that made `changes` changes and wrote `bytes` bytes.
fn faults(changes: u32, bytes: u64) -> Vec<Fault> {
    let mut all: Vec<Fault> = (0..changes)
        .map(|changes| Fault::ReadOnlyAfter { changes })
        .collect();
    let mut sizes = vec![0, 1, bytes / 2, bytes.saturating_sub(1)];
    sizes.dedup();
    all.extend(sizes.into_iter().map(|bytes| Fault::DiskFull { bytes }));
    all
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().filter_map(Result::ok) {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// No temporary file of Lull's (atomic writes, WAV exports) is left in the folder.
fn no_temporaries(dir: &Path, fault: Fault) {
    let left: Vec<_> = walk(dir)
        .into_iter()
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.contains(".lull-tmp")
        })
        .collect();
    assert!(left.is_empty(), "{fault:?} left {left:?}");
}

/// Runs `write` cleanly once, then under every fault, each time from a fresh folder made by
/// `setup`; `check(folder, fault, succeeded)` then checks what is on disk. Returns how many
/// faults were injected.
fn under_every_fault(
    setup: impl Fn(&Path),
    write: impl Fn(&Path) -> Result<(), StoreError>,
    check: impl Fn(&Path, Fault, bool),
) -> usize {
    let clean = tempfile::tempdir().unwrap();
    setup(clean.path());
    let counting = inject(Fault::ReadOnlyAfter { changes: u32::MAX });
    write(clean.path()).unwrap();
    let (changes, bytes) = (counting.changes(), counting.bytes());
    drop(counting);
    assert!(
        changes > 0 && bytes > 0,
        "the write made no change the seam saw"
    );
    let all = faults(changes, bytes);
    for &fault in &all {
        let dir = tempfile::tempdir().unwrap();
        setup(dir.path());
        let injected = inject(fault);
        let result = write(dir.path());
        drop(injected);
        if let Err(e) = &result {
            // The error names the file (the notice the user gets says which).
            assert!(e.to_string().contains('/'), "{fault:?}: {e}");
        }
        check(dir.path(), fault, result.is_ok());
        no_temporaries(dir.path(), fault);
    }
    all.len()
}

fn files(dir: &Path) -> AppFiles {
    AppFiles::new(AppDirs::under(dir))
}

fn loaded<T>(l: Loaded<T>) -> T {
    match l {
        Loaded::Ok(t) => t,
        Loaded::Missing => panic!("the file is gone"),
        Loaded::Corrupt { problem, .. } => panic!("half-written: {problem}"),
        Loaded::Unreadable(e) => panic!("unreadable: {e}"),
    }
}

#[test]
fn settings_survive_every_fault() {
    let old = Settings {
        text_scale: 1.25,
        ..Settings::default()
    };
    let new = Settings {
        text_scale: 1.5,
        ..Settings::default()
    };
    let n = under_every_fault(
        |dir| files(dir).save(SETTINGS_FILE, &old).unwrap(),
        |dir| files(dir).save(SETTINGS_FILE, &new),
        |dir, fault, ok| {
            let got: Settings = loaded(files(dir).load(SETTINGS_FILE, "stamp"));
            assert_eq!(got, if ok { new.clone() } else { old.clone() }, "{fault:?}");
        },
    );
    assert!(n >= 6, "{n} faults");
}

#[test]
fn safety_answers_survive_every_fault() {
    let day = |d: &str| d.parse::<jiff::civil::Date>().unwrap();
    let old = SafetyRecord::new(ScreeningAnswers::default(), day("2026-11-01"));
    let new = SafetyRecord::new(ScreeningAnswers::default(), day("2026-12-01"));
    under_every_fault(
        |dir| files(dir).save(SAFETY_FILE, &old).unwrap(),
        |dir| files(dir).save(SAFETY_FILE, &new),
        |dir, fault, ok| {
            let got: SafetyRecord = loaded(files(dir).load(SAFETY_FILE, "stamp"));
            assert_eq!(got, if ok { new.clone() } else { old.clone() }, "{fault:?}");
        },
    );
}

fn ids(history: &HistoryFile) -> (Vec<String>, usize) {
    let load = history.load("stamp").unwrap();
    let ids = load.history.sessions.iter().map(|s| s.id.clone()).collect();
    (ids, load.bad_lines.len())
}

fn id_list(ids: &[usize]) -> Vec<String> {
    ids.iter().map(|i| format!("id-{i}")).collect()
}

#[test]
fn a_history_append_under_every_fault_loses_and_doubles_nothing() {
    let history = |dir: &Path| HistoryFile::in_dir(&dir.join("data"));
    under_every_fault(
        |dir| {
            for i in 1..=3 {
                history(dir).append(&session(i)).unwrap();
            }
        },
        |dir| history(dir).append(&session(4)),
        |dir, fault, ok| {
            // The next session, once the disk has room again, is kept whole too.
            history(dir).append(&session(5)).unwrap();
            let want = if ok {
                id_list(&[1, 2, 3, 4, 5])
            } else {
                id_list(&[1, 2, 3, 5])
            };
            assert_eq!(ids(&history(dir)), (want, 0), "{fault:?}");
        },
    );
}

#[test]
fn a_line_torn_by_a_crash_does_not_swallow_the_next_session() {
    let dir = tempfile::tempdir().unwrap();
    let history = HistoryFile::in_dir(dir.path());
    history.append(&session(1)).unwrap();
    let whole = std::fs::read(history.path()).unwrap();
    history.append(&session(2)).unwrap();
    // Killed while writing the second line: half of it is on disk, with no newline.
    let torn = std::fs::read(history.path()).unwrap();
    std::fs::write(
        history.path(),
        &torn[..whole.len() + (torn.len() - whole.len()) / 2],
    )
    .unwrap();
    history.append(&session(3)).unwrap();
    let load = history.load("stamp").unwrap();
    let got: Vec<_> = load.history.sessions.iter().map(|s| s.id.clone()).collect();
    assert_eq!(got, id_list(&[1, 3]));
    assert_eq!(load.bad_lines.len(), 1, "the torn line is reported");
    assert!(load.kept_at.is_some(), "and kept aside");
}

#[test]
fn a_history_repair_under_every_fault_keeps_every_line() {
    let history = |dir: &Path| HistoryFile::in_dir(dir);
    let text = |i| serde_json::to_string(&session(i)).unwrap();
    let original = format!("{}\nnot a session\n{}\n", text(1), text(2));
    under_every_fault(
        |dir| std::fs::write(history(dir).path(), &original).unwrap(),
        |dir| {
            let load = history(dir).load("stamp")?;
            assert_eq!(load.history.sessions.len(), 2, "the good lines are read");
            match load.not_repaired {
                Some(why) => Err(StoreError::Io {
                    action: "cannot repair",
                    path: history(dir).path().to_path_buf(),
                    source: std::io::Error::other(why),
                }),
                None => Ok(()),
            }
        },
        |dir, fault, ok| {
            // The history file is always there, with every good line.
            let now = std::fs::read(history(dir).path())
                .unwrap_or_else(|e| panic!("{fault:?}: the history is gone ({e})"));
            let (lines, _, bad) = lull::store::parse_lines(&now);
            assert_eq!(lines.len(), 2, "{fault:?}");
            let kept: Vec<_> = walk(dir)
                .into_iter()
                .filter(|p| p.to_string_lossy().contains(".corrupt-"))
                .collect();
            if ok {
                // Repaired: the bad line is gone from it and the original is kept aside.
                assert!(bad.is_empty(), "{fault:?}");
                assert_eq!(kept.len(), 1, "{fault:?}");
                assert_eq!(std::fs::read_to_string(&kept[0]).unwrap(), original);
            } else {
                // Not repaired: it is as it was, to be repaired by a later start.
                assert_eq!(String::from_utf8(now).unwrap(), original, "{fault:?}");
                assert!(kept.is_empty(), "{fault:?}: {kept:?}");
                let (got, bad) = ids(&history(dir));
                assert_eq!((got, bad), (id_list(&[1, 2]), 1), "{fault:?}");
            }
        },
    );
}

#[test]
fn a_session_checkpoint_survives_every_fault() {
    let record = |i| match session(i) {
        HistoryLine::Session(s) => s,
        HistoryLine::Rating(_) => unreachable!(),
    };
    let saved = |dir: &Path| -> SessionRecord {
        let path = walk(dir)
            .into_iter()
            .find(|p| p.to_string_lossy().ends_with(".inprogress.json"))
            .unwrap();
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
    };
    under_every_fault(
        |dir| {
            let mut c = Checkpoint::create(dir, "s").unwrap();
            c.save(&record(1)).unwrap();
            // The copy of Lull that played it is gone; the next one takes it over.
            drop(c);
        },
        |dir| Checkpoint::create(dir, "s")?.save(&record(2)),
        |dir, fault, ok| {
            let want = record(if ok { 2 } else { 1 });
            assert_eq!(saved(dir).id, want.id, "{fault:?}");
            assert_eq!(saved(dir).adaptations, want.adaptations, "{fault:?}");
        },
    );
}

fn preset(level: f32) -> Preset {
    Preset {
        id: "my-rainy-night".into(),
        name: "My rainy night".to_owned(),
        program: None,
        layers: vec![Layer {
            source: LayerSource::Generator(Generator::Rain),
            level,
            breath_sync: false,
        }],
    }
}

#[test]
fn a_preset_survives_every_fault() {
    under_every_fault(
        |dir| {
            lull::store::save_preset(dir, &preset(0.5)).unwrap();
        },
        |dir| lull::store::save_preset(dir, &preset(0.8)).map(drop),
        |dir, fault, ok| {
            let (presets, problems) = lull::store::load_presets(dir);
            assert!(problems.is_empty(), "{fault:?}: {problems:?}");
            assert_eq!(
                presets,
                vec![preset(if ok { 0.8 } else { 0.5 })],
                "{fault:?}"
            );
        },
    );
}

const OLD_ROUTINE: &str = "# mine\nid = \"mine\"\ntitle = \"Old\"\n";
const NEW_ROUTINE: &str = "# mine\nid = \"mine\"\ntitle = \"New\"\n";

#[test]
fn a_routine_saved_over_another_under_every_fault_is_always_there_old_or_new() {
    let file = |dir: &Path| dir.join("mine.toml");
    under_every_fault(
        |dir| std::fs::write(file(dir), OLD_ROUTINE).unwrap(),
        |dir| {
            lull::store::save_routine_file(
                dir,
                "mine",
                NEW_ROUTINE.as_bytes(),
                Some(&file(dir)),
                "20261205",
            )
            .map(drop)
        },
        |dir, fault, ok| {
            let now = std::fs::read_to_string(file(dir))
                .unwrap_or_else(|e| panic!("{fault:?}: the routine is gone ({e})"));
            assert_eq!(now, if ok { NEW_ROUTINE } else { OLD_ROUTINE }, "{fault:?}");
            let trash = dir.join(lull::store::TRASH_DIR);
            let trashed: Vec<_> = if trash.is_dir() {
                walk(&trash)
            } else {
                Vec::new()
            };
            if ok {
                // The old text is in the trash, where it can be brought back.
                assert_eq!(trashed.len(), 1, "{fault:?}");
                assert_eq!(std::fs::read_to_string(&trashed[0]).unwrap(), OLD_ROUTINE);
            } else {
                assert!(trashed.is_empty(), "{fault:?}: a copy left in the trash");
            }
        },
    );
}

#[test]
fn an_exported_wav_under_every_fault_is_whole_or_not_there() {
    let target = |dir: &Path| dir.join("night.wav");
    let samples: Vec<f32> = (0..8_000).map(|i| (i as f32 * 0.01).sin() * 0.5).collect();
    under_every_fault(
        |dir| std::fs::write(target(dir), b"an earlier export").unwrap(),
        |dir| {
            let mut wav = WavFile::create(&target(dir), 8_000)?;
            for block in samples.chunks(1_000) {
                wav.write(block)?;
            }
            wav.finish().map(drop)
        },
        |dir, fault, ok| {
            let bytes = std::fs::read(target(dir)).unwrap();
            if ok {
                assert_eq!(bytes.len(), 80 + 2 * samples.len(), "{fault:?}");
                assert_eq!(&bytes[..4], b"RIFF");
            } else {
                assert_eq!(bytes, b"an earlier export", "{fault:?}");
            }
        },
    );
}
