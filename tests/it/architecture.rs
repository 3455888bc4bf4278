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

/// `file`'s path under `src/`, with forward slashes.
fn relative(file: &Path) -> String {
    file.strip_prefix(src())
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/")
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

/// What the text scan of the domain looks for (it also sees inside macros, which the Rust
/// reading does not): each impure path as code writes it (`Instant::now`, `Zoned::now`),
/// and file access by its short names.
fn impure_words() -> Vec<String> {
    IMPURE_PATHS
        .iter()
        .map(|p| {
            let segments: Vec<&str> = p.split("::").collect();
            if p.ends_with("::now") {
                segments[segments.len() - 2..].join("::")
            } else {
                (*p).to_owned()
            }
        })
        .chain(["fs::".to_owned(), "File::".to_owned()])
        .collect()
}

#[test]
fn domain_is_pure() {
    let forbidden = impure_words();
    let files = rust_files(&src().join("domain"));
    assert!(files.len() > 10, "domain sources not found");
    let mut violations = Vec::new();
    for file in files {
        let text = code_only(&std::fs::read_to_string(&file).unwrap());
        for word in &forbidden {
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
    assert!(impure_words().iter().any(|w| w == "Zoned::now"));
    assert!(!mentions("WavFile::create(p)", "File::"));
}

#[test]
fn only_audio_imports_rodio_and_only_store_touches_files() {
    let mut violations = Vec::new();
    for file in rust_files(&src()) {
        let rel = relative(&file);
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

/// What a source file names, read as Rust: every path, with `use` aliases expanded to what
/// they stand for (`use std::fs as f; f::read` is `std::fs::read`), and every method called.
#[derive(Debug, Default)]
struct Names {
    paths: Vec<String>,
    methods: Vec<String>,
}

/// The full paths a `use` tree brings in, each with the name it is known by.
fn use_paths(tree: &syn::UseTree, prefix: &str, out: &mut Vec<(String, String)>) {
    let join = |name: &str| {
        if prefix.is_empty() {
            name.to_owned()
        } else {
            format!("{prefix}::{name}")
        }
    };
    match tree {
        syn::UseTree::Path(p) => use_paths(&p.tree, &join(&p.ident.to_string()), out),
        syn::UseTree::Name(n) => {
            let name = n.ident.to_string();
            let full = if name == "self" {
                prefix.to_owned()
            } else {
                join(&name)
            };
            let known = full.rsplit("::").next().unwrap_or_default().to_owned();
            out.push((known, full));
        }
        syn::UseTree::Rename(r) => out.push((r.rename.to_string(), join(&r.ident.to_string()))),
        syn::UseTree::Glob(_) => out.push(("*".to_owned(), join("*"))),
        syn::UseTree::Group(g) => {
            for t in &g.items {
                use_paths(t, prefix, out);
            }
        }
    }
}

#[derive(Default)]
struct Collect {
    uses: Vec<(String, String)>,
    paths: Vec<Vec<String>>,
    methods: Vec<String>,
}

impl<'ast> syn::visit::Visit<'ast> for Collect {
    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        use_paths(&item.tree, "", &mut self.uses);
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        self.paths
            .push(path.segments.iter().map(|s| s.ident.to_string()).collect());
        syn::visit::visit_path(self, path);
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        self.methods.push(call.method.to_string());
        syn::visit::visit_expr_method_call(self, call);
    }
}

fn names(text: &str) -> Names {
    let file = syn::parse_file(text).unwrap();
    let mut c = Collect::default();
    syn::visit::Visit::visit_file(&mut c, &file);
    let mut paths: Vec<String> = c.uses.iter().map(|(_, full)| full.clone()).collect();
    for segments in &c.paths {
        let first = segments.first().cloned().unwrap_or_default();
        let expanded = c
            .uses
            .iter()
            .find(|(known, _)| *known == first)
            .map_or(first, |(_, full)| full.clone());
        let rest = segments.get(1..).unwrap_or_default();
        paths.push(
            std::iter::once(expanded)
                .chain(rest.iter().cloned())
                .collect::<Vec<_>>()
                .join("::"),
        );
    }
    Names {
        paths,
        methods: c.methods,
    }
}

/// Paths that reach files (the standard library's, and the crates that write them).
const FILE_PATHS: [&str; 4] = ["std::fs", "tempfile", "hound", "directories"];

/// `Path` methods that ask the file system.
const FILE_METHODS: [&str; 9] = [
    "is_file",
    "is_dir",
    "exists",
    "try_exists",
    "metadata",
    "symlink_metadata",
    "read_dir",
    "canonicalize",
    "read_link",
];

/// What in `text` touches files: paths into [`FILE_PATHS`] and [`FILE_METHODS`] calls.
fn file_access(text: &str) -> Vec<String> {
    let names = names(text);
    let paths = names.paths.into_iter().filter(|p| {
        FILE_PATHS
            .iter()
            .any(|f| p == f || p.starts_with(&format!("{f}::")))
    });
    let methods = names
        .methods
        .into_iter()
        .filter(|m| FILE_METHODS.contains(&m.as_str()))
        .map(|m| format!(".{m}()"));
    paths.chain(methods).collect()
}

/// Paths the pure domain may not name.
const IMPURE_PATHS: [&str; 14] = [
    "egui",
    "eframe",
    "rodio",
    "cpal",
    "directories",
    "std::fs",
    "std::env",
    "std::net",
    "std::process",
    "std::thread",
    "std::time::Instant::now",
    "std::time::SystemTime::now",
    "jiff::Timestamp::now",
    "jiff::Zoned::now",
];

fn impure(text: &str) -> Vec<String> {
    let mut found: Vec<String> = names(text)
        .paths
        .into_iter()
        .filter(|p| {
            IMPURE_PATHS
                .iter()
                .any(|f| p == f || p.starts_with(&format!("{f}::")))
        })
        .collect();
    found.extend(file_access(text).into_iter().filter(|f| f.starts_with('.')));
    found
}

/// Paths that start outside programs.
const PROCESS_PATHS: [&str; 2] = ["std::process::Command", "std::process::Child"];

#[test]
fn only_platform_starts_outside_programs() {
    // Voice engines, systemctl and xdg-open run as processes with a time limit
    // (`platform::process`), so nothing else may start a program, with or without one.
    let mut violations = Vec::new();
    for file in rust_files(&src()) {
        let rel = relative(&file);
        if rel.starts_with("platform/") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for path in names(&text).paths {
            if PROCESS_PATHS
                .iter()
                .any(|p| path == *p || path.starts_with(&format!("{p}::")))
            {
                violations.push(format!("{rel}: {path} outside src/platform"));
            }
        }
    }
    assert!(violations.is_empty(), "{}", violations.join("\n"));
    // The scan sees through `use` aliases.
    assert!(
        names("use std::process::Command as C; fn f() { C::new(\"flite\"); }")
            .paths
            .iter()
            .any(|p| p.starts_with("std::process::Command"))
    );
}

/// Crates that talk to the desktop's buses.
const BUS_PATHS: [&str; 2] = ["zbus", "notify_rust"];

#[test]
fn only_platform_talks_to_d_bus() {
    // Notifications, keeping awake, sleep and the media keys: the app reaches D-Bus only
    // through `platform`, which degrades to nothing where there is no bus.
    let mut violations = Vec::new();
    for file in rust_files(&src()) {
        let rel = relative(&file);
        if rel.starts_with("platform/") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for path in names(&text).paths {
            if BUS_PATHS
                .iter()
                .any(|p| path == *p || path.starts_with(&format!("{p}::")))
            {
                violations.push(format!("{rel}: {path} outside src/platform"));
            }
        }
    }
    assert!(violations.is_empty(), "{}", violations.join("\n"));
    assert!(
        names("use zbus::blocking as b; fn f() { let _ = b::Connection::session(); }")
            .paths
            .iter()
            .any(|p| p.starts_with("zbus::blocking::Connection"))
    );
}

#[test]
fn read_as_rust_only_store_touches_files_and_the_domain_stays_pure() {
    let mut violations = Vec::new();
    for file in rust_files(&src()) {
        let rel = relative(&file);
        let text = std::fs::read_to_string(&file).unwrap();
        if !rel.starts_with("store/") {
            for what in file_access(&text) {
                violations.push(format!("{rel}: {what} outside src/store"));
            }
        }
        if rel.starts_with("domain/") {
            for what in impure(&text) {
                violations.push(format!("{rel}: {what} in the pure domain"));
            }
        }
    }
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

#[test]
fn the_rust_reading_sees_through_aliases_and_method_calls_but_not_comments() {
    let aliased = "use std::fs as f;\nfn x() { let _ = f::read(\"a\"); }";
    assert_eq!(file_access(aliased), ["std::fs", "std::fs::read"]);
    let grouped = "use std::{io, fs::{self, File}};\nfn x() { File::open(\"a\").ok(); }";
    assert!(file_access(grouped).contains(&"std::fs::File::open".to_owned()));
    let method = "fn x(p: &std::path::Path) -> bool { p.is_file() }";
    assert_eq!(file_access(method), [".is_file()"]);
    let quiet = "// std::fs::read and p.is_file() in prose\nfn x() {}";
    assert!(file_access(quiet).is_empty());
    let clock = "use std::time::Instant;\nfn x() { let _ = Instant::now(); }";
    assert!(impure(clock).contains(&"std::time::Instant::now".to_owned()));
    let wav = "fn x() { let _ = store::WavFile::create(p, 48_000); }";
    assert!(
        file_access(wav).is_empty(),
        "the store's own types are fine"
    );
}

#[test]
fn the_profile_is_pure_data_that_names_no_app_view_file_or_clock() {
    let forbidden = [
        "crate::app",
        "crate::ui",
        "crate::store",
        "crate::platform",
        "crate::audio",
        "egui",
        "eframe",
        "std::fs",
        "std::time::Instant::now",
        "std::time::SystemTime::now",
    ];
    let files = rust_files(&src().join("profile"));
    assert!(files.len() >= 3, "profile sources not found");
    let mut violations = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for path in names(&text).paths {
            if forbidden
                .iter()
                .any(|f| path == *f || path.starts_with(&format!("{f}::")))
            {
                violations.push(format!("{}: names {path}", file.display()));
            }
        }
    }
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

/// The app's files: `src/app.rs` and everything under `src/app/`.
fn app_files() -> Vec<PathBuf> {
    let mut files = rust_files(&src().join("app"));
    files.push(src().join("app.rs"));
    files
}

/// What in `text` breaks the app↔views join: a view naming the app, or the app reaching
/// into a screen for anything but drawing it (`screens::<screen>::ui` or `…_ui`, the toast).
fn join_violations(text: &str, is_view: bool) -> Vec<String> {
    names(text)
        .paths
        .into_iter()
        .filter(|p| {
            if is_view {
                return p == "crate::app" || p.starts_with("crate::app::");
            }
            let segments: Vec<&str> = p.split("::").collect();
            let Some(at) = segments.iter().position(|s| *s == "screens") else {
                return false;
            };
            match &segments[at + 1..] {
                [] => false,
                [_, item] => !(*item == "ui" || item.ends_with("_ui") || *item == "toast"),
                _ => true,
            }
        })
        .collect()
}

#[test]
fn views_never_name_the_app_and_the_app_calls_screens_only_to_draw() {
    let mut violations = Vec::new();
    for file in rust_files(&src().join("ui")) {
        let text = std::fs::read_to_string(&file).unwrap();
        for path in join_violations(&text, true) {
            violations.push(format!("{}: a view names {path}", file.display()));
        }
    }
    for file in app_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        for path in join_violations(&text, false) {
            violations.push(format!("{}: the app uses {path}", file.display()));
        }
    }
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

#[test]
fn the_join_rule_catches_a_view_naming_the_app_and_the_app_using_a_screen_rule() {
    let view = "use crate::app::LullApp;\nfn x() {}";
    assert_eq!(join_violations(view, true), ["crate::app::LullApp"]);
    let app = "use crate::ui::screens;\nfn x() { let _ = screens::player::dark_at(p); screens::player::ui(ui, s, o); }";
    assert_eq!(
        join_violations(app, false),
        ["crate::ui::screens::player::dark_at"]
    );
}

/// The codemap: the fenced block under "## Codemap" in ARCHITECTURE.md.
fn codemap() -> String {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("ARCHITECTURE.md"))
            .unwrap();
    let after = text.split("## Codemap").nth(1).unwrap();
    after.split("```").nth(1).unwrap().to_owned()
}

#[test]
fn the_codemap_names_every_source_folder_and_top_level_file() {
    let map = codemap();
    // A name counts when a line of the codemap starts with it (after its indentation) or
    // lists it after a comma or "and" on a line of its folder.
    let named = |name: &str| {
        map.lines().any(|l| {
            let l = l.trim_start();
            l.starts_with(name)
                || l.contains(&format!("/{name}"))
                || l.contains(&format!(" {name}"))
                || l.contains(&format!(", {name}"))
        })
    };
    let mut missing = Vec::new();
    let mut stack = vec![src()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                if !named(&format!("{name}/")) {
                    missing.push(format!("{}/", path.strip_prefix(src()).unwrap().display()));
                }
                stack.push(path);
            } else if dir == src() && !named(&name) {
                missing.push(name);
            }
        }
    }
    missing.sort();
    assert!(
        missing.is_empty(),
        "not in ARCHITECTURE.md's codemap: {missing:?}"
    );
}

/// The most lines a source file may have before its tests (issue 11: "no source file over
/// ~700 lines before its tests"): past it, a file holds more than one idea.
const MAX_LINES_BEFORE_TESTS: usize = 700;

/// How many lines `text` has before its `#[cfg(test)]` module (all of them without one).
fn lines_before_tests(text: &str) -> usize {
    text.lines()
        .take_while(|l| l.trim_start() != "#[cfg(test)]")
        .count()
}

#[test]
fn no_source_file_is_over_700_lines_before_its_tests() {
    let long: Vec<String> = rust_files(&src())
        .into_iter()
        .filter_map(|file| {
            let n = lines_before_tests(&std::fs::read_to_string(&file).unwrap());
            (n > MAX_LINES_BEFORE_TESTS).then(|| format!("{}: {n} lines", relative(&file)))
        })
        .collect();
    assert!(
        long.is_empty(),
        "split these by idea (at most {MAX_LINES_BEFORE_TESTS} lines before the tests):\n{}",
        long.join("\n")
    );
}

#[test]
fn the_length_rule_counts_up_to_the_tests_only() {
    let code = "fn a() {}\n".repeat(MAX_LINES_BEFORE_TESTS + 1);
    assert_eq!(lines_before_tests(&code), MAX_LINES_BEFORE_TESTS + 1);
    let tested = format!("fn a() {{}}\n#[cfg(test)]\nmod tests {{\n{code}}}\n");
    assert_eq!(lines_before_tests(&tested), 1);
}
