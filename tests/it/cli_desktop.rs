//! What the desktop and an install need from the binary: `lull --version`, `lull FILE` that
//! is not a file, and the manual pages and completions `make install` writes with it.

#![expect(clippy::unwrap_used, reason = "test helpers")]

use std::process::{Command, Output};

fn lull(args: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_lull"))
        .args(args)
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn version_says_the_package_version() {
    let version = stdout(&lull(&["--version"]));
    assert_eq!(version, format!("lull {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn a_name_that_is_neither_a_file_nor_a_command_is_an_error_before_any_window() {
    let out = lull(&["lsit"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("\"lsit\" is neither a file nor a command"),
        "{err}"
    );
    // A command is still a command, not a file.
    assert!(stdout(&lull(&["list"])).contains("Box breathing"));
    // Options of the app and files do not mix with commands.
    assert_eq!(lull(&["list", "extra.toml"]).status.code(), Some(2));
}

#[test]
fn man_pages_cover_every_visible_command_and_name_the_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = stdout(&lull(&[
        "generate",
        "man",
        "--dir",
        dir.path().to_str().unwrap(),
    ]));
    let mut written: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(out.lines().count(), written.len());
    for page in [
        "lull.1",
        "lull-play.1",
        "lull-routine.1",
        "lull-routine-import.1",
        "lull-schedule-set.1",
    ] {
        assert!(written.contains(&page.to_owned()), "{page} in {written:?}");
    }
    // The hidden command has no page.
    assert!(
        !written.iter().any(|p| p.contains("generate")),
        "{written:?}"
    );
    let main = std::fs::read_to_string(dir.path().join("lull.1")).unwrap();
    assert!(main.starts_with(".ie \\n(.g .ds Aq"), "{}", &main[..80]);
    assert!(
        main.contains(&format!(".TH lull 1 {} ", lull::cli::RELEASE_DATE)),
        "{main}"
    );
    assert!(main.contains("lull\\-routine(1)"), "{main}");
    assert!(main.contains(".SH FILES"), "{main}");
    let import = std::fs::read_to_string(dir.path().join("lull-routine-import.1")).unwrap();
    assert!(import.contains("\\-\\-keep\\-both"), "{import}");
}

#[test]
fn completions_know_the_commands_in_every_shell() {
    for shell in ["bash", "zsh", "fish"] {
        let script = stdout(&lull(&["generate", "completion", shell]));
        for word in ["handout", "headache-check", "keep-both"] {
            assert!(script.contains(word), "{shell}: {word}");
        }
    }
    let bash = stdout(&lull(&["generate", "completion", "bash"]));
    assert!(bash.contains("complete -F _lull"), "{bash}");
}

/// A file of `assets/desktop/`.
fn desktop_asset(name: &str) -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/desktop")
            .join(name),
    )
    .unwrap()
}

#[test]
fn the_desktop_files_agree_on_the_app_id_and_this_release() {
    let id = lull::gui::APP_ID;
    let desktop = desktop_asset(&format!("{id}.desktop"));
    for line in [
        format!("Icon={id}"),
        format!("StartupWMClass={id}"),
        "Exec=lull %F".to_owned(),
        "GenericName=Relaxation and self-massage".to_owned(),
        "MimeType=application/x-lull-routine+toml;".to_owned(),
    ] {
        assert!(desktop.lines().any(|l| l == line), "{line} in {desktop}");
    }
    let keywords = desktop
        .lines()
        .find(|l| l.starts_with("Keywords="))
        .unwrap();
    for word in ["sleep", "breathing", "massage", "headache", "relax"] {
        assert!(keywords.split([';', '=']).any(|k| k == word), "{word}");
    }
    let metainfo = desktop_asset(&format!("{id}.metainfo.xml"));
    assert!(metainfo.contains(&format!("<id>{id}</id>")));
    assert!(metainfo.contains(&format!(
        "<launchable type=\"desktop-id\">{id}.desktop</launchable>"
    )));
    assert!(metainfo.contains("<mediatype>application/x-lull-routine+toml</mediatype>"));
    // The newest release is this version, on the manual pages' date.
    let newest = metainfo.split("<release ").nth(1).unwrap();
    assert!(
        newest.starts_with(&format!(
            "version=\"{}\" date=\"{}\"",
            env!("CARGO_PKG_VERSION"),
            lull::cli::RELEASE_DATE
        )),
        "{newest}"
    );
    let mime = desktop_asset(&format!("{id}.mime.xml"));
    assert!(mime.contains("<mime-type type=\"application/x-lull-routine+toml\">"));
    assert!(mime.contains("<glob pattern=\"*.lull.toml\"/>"));
    for icon in [
        format!("icons/hicolor/scalable/apps/{id}.svg"),
        format!("icons/hicolor/symbolic/apps/{id}-symbolic.svg"),
        format!("icons/hicolor/128x128/apps/{id}.png"),
    ] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/desktop")
            .join(icon);
        assert!(path.is_file(), "{}", path.display());
    }
}
