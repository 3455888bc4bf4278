//! The fuzzers' kept corpus and every crash reproducer, replayed as regular tests: each
//! input goes through the same check its fuzz target runs (`fuzz/checks.rs`), so an input
//! that once broke Lull stays a test after it is fixed.

use std::path::Path;

#[path = "../../fuzz/checks.rs"]
mod checks;

fn replay(target: &str, check: fn(&[u8])) {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut count = 0;
    for folder in ["corpus", "artifacts"] {
        let Ok(entries) = std::fs::read_dir(fuzz.join(folder).join(target)) else {
            continue;
        };
        let mut paths: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            let Ok(bytes) = std::fs::read(&path) else {
                panic!("cannot read {}", path.display());
            };
            let caught = std::panic::catch_unwind(|| check(&bytes));
            assert!(caught.is_ok(), "{} fails its check", path.display());
            count += 1;
        }
    }
    assert!(count > 0, "no corpus for {target}");
}

#[test]
fn routine_corpus() {
    replay("routine", checks::routine);
}

#[test]
fn answers_corpus() {
    replay("answers", checks::answers);
}

#[test]
fn settings_corpus() {
    replay("settings", checks::settings);
}

#[test]
fn safety_record_corpus() {
    replay("safety_record", checks::safety_record);
}

#[test]
fn history_corpus() {
    replay("history", checks::history);
}

#[test]
fn preset_corpus() {
    replay("preset", checks::preset);
}

#[test]
fn sound_file_corpus() {
    replay("sound_file", checks::sound_file);
}
