//! The layering rules of ARCHITECTURE.md, checked on the source text.

#![expect(clippy::unwrap_used, reason = "test helpers")]

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Strips `//` comments so that prose mentioning a crate does not count.
fn code_only(text: &str) -> String {
    text.lines()
        .map(|l| l.find("//").map_or(l, |i| &l[..i]))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether `word` occurs in `text` not as the tail of a longer identifier
/// (`WavFile::create` does not count as `File::`).
fn mentions(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        text[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
    })
}

#[test]
fn domain_is_pure() {
    let forbidden = [
        "egui",
        "eframe",
        "rodio",
        "cpal",
        "directories",
        "std::fs",
        "fs::",
        "File::",
        "Instant::now",
        "SystemTime::now",
        "std::env",
        "std::net",
        "std::process",
        "std::thread",
        "jiff::Timestamp::now",
        "Zoned::now",
    ];
    let files = rust_files(&src().join("domain"));
    assert!(files.len() > 10, "domain sources not found");
    let mut violations = Vec::new();
    for file in files {
        let text = code_only(&std::fs::read_to_string(&file).unwrap());
        for word in forbidden {
            if mentions(&text, word) {
                violations.push(format!("{}: uses `{word}`", file.display()));
            }
        }
    }
    assert!(
        violations.is_empty(),
        "domain must stay pure:\n{}",
        violations.join("\n")
    );
}

#[test]
fn the_architecture_test_catches_a_violation() {
    // The scan above must notice a forbidden word in code but not in a comment.
    assert!(code_only("let t = std::time::Instant::now();").contains("Instant::now"));
    assert!(!code_only("// Instant::now is not used here").contains("Instant::now"));
    assert!(mentions("let f = File::open(p);", "File::"));
    assert!(!mentions("WavFile::create(p)", "File::"));
}

#[test]
fn only_audio_imports_rodio_and_only_store_touches_files() {
    let mut violations = Vec::new();
    for file in rust_files(&src()) {
        let rel = file
            .strip_prefix(src())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text = code_only(&std::fs::read_to_string(&file).unwrap());
        if !rel.starts_with("audio/") && (mentions(&text, "rodio") || mentions(&text, "cpal")) {
            violations.push(format!("{rel}: rodio outside src/audio"));
        }
        let touches_files =
            mentions(&text, "std::fs") || mentions(&text, "fs::") || mentions(&text, "File::");
        if touches_files && !rel.starts_with("store/") {
            violations.push(format!("{rel}: file access outside src/store"));
        }
        if !rel.starts_with("ui/theme")
            && (text.contains("Color32::from_rgb") || text.contains("Color32::from_gray"))
        {
            violations.push(format!("{rel}: colour literal outside ui/theme"));
        }
    }
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}
