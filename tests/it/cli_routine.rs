//! `lull routine import | export | new | edit`, run as a user would run them: files
//! checked before anything is written, ids that never clash, the editor loop of
//! `crontab -e`, and the trash instead of nothing.

#![expect(clippy::unwrap_used, reason = "test helpers")]

use std::io::Write as _;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BOX: &str = include_str!("../../assets/routines/stress/box-breathing.toml");

struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn routines(&self) -> PathBuf {
        self.path().join("data/lull/routines")
    }

    /// Runs lull with `editor` as $EDITOR (none: $EDITOR unset) and `stdin` typed in.
    fn run(&self, args: &[&str], editor: Option<&Path>, stdin: &str) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_lull"));
        command
            .args(args)
            .env("XDG_DATA_HOME", self.path().join("data"))
            .env("XDG_CONFIG_HOME", self.path().join("config"))
            .env("XDG_CACHE_HOME", self.path().join(".cache"))
            .env("HOME", self.path())
            .env_remove("VISUAL")
            .env_remove("EDITOR")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(editor) = editor {
            command.env("EDITOR", editor);
        }
        let mut child = command.spawn().unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }

    fn lull(&self, args: &[&str]) -> Output {
        self.run(args, None, "")
    }

    fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    /// A shell script as the editor: `$1` is the file; `$N` counts the runs from 1.
    fn editor(&self, body: &str) -> PathBuf {
        let path = self.path().join("editor.sh");
        let counter = self.path().join("editor-runs");
        std::fs::write(
            &path,
            format!(
                "#!/bin/sh\nN=$(($(cat '{c}' 2>/dev/null || echo 0) + 1))\necho $N > '{c}'\n{body}\n",
                c = counter.display()
            ),
        )
        .unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path
    }

    fn ids(&self) -> Vec<String> {
        let out = self.lull(&["list", "--json"]);
        assert!(out.status.success());
        let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        list.as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_owned())
            .collect()
    }

    fn saved(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.routines())
            .map(|d| {
                d.filter_map(Result::ok)
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Box breathing as the user's own routine `id`.
fn mine(id: &str, title: &str) -> String {
    BOX.replacen("id = \"box-breathing\"", &format!("id = \"{id}\""), 1)
        .replacen(
            "title = \"Box breathing\"",
            &format!("title = \"{title}\""),
            1,
        )
}

#[test]
fn a_bad_file_is_refused_with_its_line_and_nothing_is_written() {
    let home = Home::new();
    let bad = home.file(
        "bad.toml",
        &mine("physio", "Physio").replacen("kind = \"breathing\"", "kind = \"jumping\"", 1),
    );
    let out = home.lull(&["routine", "import", bad.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    let line = BOX
        .lines()
        .position(|l| l == "kind = \"breathing\"")
        .unwrap()
        + 1;
    assert!(
        err.contains(&format!("bad.toml:{line}:")),
        "no line {line} in: {err}"
    );
    assert!(err.contains("Nothing was imported"), "{err}");
    assert!(home.saved().is_empty(), "{:?}", home.saved());
}

#[test]
fn import_adds_a_routine_and_a_clash_asks_to_replace_or_keep_both() {
    let home = Home::new();
    let first = home.file("physio.toml", &mine("physio", "Physio shoulders"));
    let out = home.lull(&["routine", "import", first.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Imported \"Physio shoulders\""));
    assert!(home.ids().contains(&"physio".to_owned()));
    assert_eq!(home.saved(), ["physio.toml"]);

    // The same id again: neither flag, nothing changes.
    let second = home.file(
        "physio-v2.toml",
        &mine("physio", "Physio shoulders, week 2"),
    );
    let out = home.lull(&["routine", "import", second.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("--replace") && err.contains("--keep-both"),
        "{err}"
    );
    assert_eq!(home.saved(), ["physio.toml"]);

    // Keep both: a new id, the file otherwise as written.
    let out = home.lull(&["routine", "import", second.to_str().unwrap(), "--keep-both"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(home.ids().contains(&"physio-2".to_owned()));
    let kept = std::fs::read_to_string(home.routines().join("physio-2.toml")).unwrap();
    assert_eq!(kept, mine("physio-2", "Physio shoulders, week 2"));

    // Replace: the old file goes to the trash, never to nothing.
    let out = home.lull(&["routine", "import", second.to_str().unwrap(), "--replace"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let now = std::fs::read_to_string(home.routines().join("physio.toml")).unwrap();
    assert!(now.contains("week 2"));
    let trash: Vec<PathBuf> = std::fs::read_dir(home.routines().join("trash"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(trash.len(), 1);
    assert_eq!(
        std::fs::read_to_string(&trash[0]).unwrap(),
        mine("physio", "Physio shoulders")
    );
}

#[test]
fn a_bundled_id_is_never_shadowed() {
    let home = Home::new();
    let copy = home.file("box.toml", BOX);
    let out = home.lull(&["routine", "import", copy.to_str().unwrap(), "--replace"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("bundled routine"));
    assert!(home.saved().is_empty());
    let out = home.lull(&["routine", "import", copy.to_str().unwrap(), "--keep-both"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(home.ids().contains(&"box-breathing-2".to_owned()));
}

#[test]
fn export_writes_the_routines_own_file() {
    let home = Home::new();
    let to = home.path().join("shared.toml");
    let out = home.lull(&[
        "routine",
        "export",
        "box-breathing",
        "--out",
        to.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&to).unwrap(), BOX);

    let own = home.file("physio.toml", &mine("physio", "Physio"));
    assert!(
        home.lull(&["routine", "import", own.to_str().unwrap()])
            .status
            .success()
    );
    let out = home.lull(&["routine", "export", "physio", "--out", to.to_str().unwrap()]);
    assert!(out.status.success());
    assert_eq!(
        std::fs::read_to_string(&to).unwrap(),
        mine("physio", "Physio")
    );

    let out = home.lull(&[
        "routine",
        "export",
        "no-such",
        "--out",
        to.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("no routine with id"));
}

#[test]
fn new_opens_the_editor_and_keeps_a_valid_routine() {
    let home = Home::new();
    let editor = home.editor(
        "sed -i 's/^title = .*/title = \"Evening shoulders\"/; s/^id = .*/id = \"evening\"/' \"$1\"",
    );
    let out = home.run(&["routine", "new"], Some(&editor), "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Saved \"Evening shoulders\""));
    assert_eq!(home.saved(), ["evening.toml"]);
    assert!(home.ids().contains(&"evening".to_owned()));

    // A copy of a bundled routine, under a new id and title, left as it came.
    let untouched = home.editor("true");
    let out = home.run(
        &["routine", "new", "--from", "box-breathing"],
        Some(&untouched),
        "",
    );
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("No changes"));
    let retitle = home.editor("sed -i 's/(my copy)/for the bus/' \"$1\"");
    let out = home.run(
        &["routine", "new", "--from", "box-breathing"],
        Some(&retitle),
        "",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let copy = std::fs::read_to_string(home.routines().join("box-breathing-copy.toml")).unwrap();
    assert!(copy.contains("id = \"box-breathing-copy\""));
    assert!(copy.contains("title = \"Box breathing for the bus\""));
}

#[test]
fn edit_asks_again_until_valid_or_given_up_as_crontab_does() {
    let home = Home::new();
    let own = home.file("physio.toml", &mine("physio", "Physio"));
    assert!(
        home.lull(&["routine", "import", own.to_str().unwrap()])
            .status
            .success()
    );
    let saved = home.routines().join("physio.toml");

    // A mistake, then giving up: the file is as it was.
    let breaks = home.editor("sed -i 's/^kind = \"breathing\"/kind = \"jumping\"/' \"$1\"");
    let out = home.run(&["routine", "edit", "physio"], Some(&breaks), "n\n");
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("physio.toml:") && err.contains("Edit it again?"),
        "{err}"
    );
    assert!(err.contains("Nothing was saved"));
    assert_eq!(
        std::fs::read_to_string(&saved).unwrap(),
        mine("physio", "Physio")
    );

    // A mistake, then fixed on the second run: saved.
    let fixes = home.editor(
        "if [ $N = 1 ]; then sed -i 's/^kind = \"breathing\"/kind = \"jumping\"/' \"$1\"; \
         else sed -i 's/^kind = \"jumping\"/kind = \"breathing\"/; s/^title = \"Physio\"/title = \"Physio, week 2\"/' \"$1\"; fi",
    );
    std::fs::remove_file(home.path().join("editor-runs")).ok();
    let out = home.run(&["routine", "edit", "physio"], Some(&fixes), "y\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        std::fs::read_to_string(&saved)
            .unwrap()
            .contains("Physio, week 2")
    );

    // The id stays (history refers to it); a bundled routine is copied, not edited.
    let renames = home.editor("sed -i 's/^id = .*/id = \"other\"/' \"$1\"");
    let out = home.run(&["routine", "edit", "physio"], Some(&renames), "n\n");
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("the id cannot change"));
    let out = home.run(&["routine", "edit", "box-breathing"], Some(&renames), "");
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("lull routine new --from box-breathing"));
}
