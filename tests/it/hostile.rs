//! Files from a stranger (a routine or preset shared with you, a zip of sounds) can only be
//! refused or play: no escape out of Lull's folders, no huge reads, and nothing in them
//! acts on the screen or the terminal.

#![expect(clippy::expect_used, reason = "test helpers")]

use std::path::Path;
use std::process::{Command, Output};

use lull::domain::routine::{MAX_FILE_BYTES, Origin, parse_routine};
use lull::domain::soundscape::{Layer, LayerSource, Preset, is_plain_file_name};
use lull::store::{AppDirs, contained_sound, list_sounds};

const GOOD: &str = "id = \"mine\"\ntitle = \"Mine\"\nprogram = \"stress\"\nsummary = \"A rest.\"\nposition = \"any\"\nsources = []\n\n[[steps]]\ntitle = \"Rest\"\ninstruction = \"Rest your hands in your lap.\"\nduration_secs = 30\nkind = \"rest\"\ntags = []\n";

fn lull(args: &[&str], home: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lull"))
        .args(args)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_CACHE_HOME", home.join(".cache"))
        .env("HOME", home)
        .output()
        .expect("run lull")
}

/// Whether `bytes` hold a terminal escape or a C1 control (which terminals also act on).
fn acts_on_a_terminal(bytes: &[u8]) -> bool {
    bytes.contains(&0x1b) || String::from_utf8_lossy(bytes).contains('\u{9b}')
}

#[test]
fn control_characters_and_bidi_overrides_in_a_routine_are_refused() {
    for (field, hostile) in [
        ("title = \"Mine\"", "title = \"Mine\\u001b[2J\""),
        ("summary = \"A rest.\"", "summary = \"A rest.\\u009b31m\""),
        (
            "instruction = \"Rest your hands in your lap.\"",
            "instruction = \"Rest your \\u202ehands in your lap.\"",
        ),
        ("title = \"Rest\"", "title = \"Rest\\nnow\""),
    ] {
        let text = GOOD.replacen(field, hostile, 1);
        assert_ne!(text, GOOD, "{field}");
        let errors = parse_routine("x.toml", text.as_bytes(), Origin::Builtin).unwrap_err();
        let shown = errors.to_string();
        assert!(
            shown.contains("must not contain control characters"),
            "{shown}"
        );
        assert!(!acts_on_a_terminal(shown.as_bytes()), "{shown:?}");
    }
    // A line break in an instruction is fine; in a title it is not (above).
    let text = GOOD.replacen(
        "instruction = \"Rest your hands in your lap.\"",
        "instruction = \"Rest your hands.\\nStay still.\"",
        1,
    );
    assert!(parse_routine("x.toml", text.as_bytes(), Origin::Builtin).is_ok());
}

#[test]
fn nothing_from_a_file_reaches_the_terminal_as_an_escape() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("data/lull/routines");
    std::fs::create_dir_all(&dir).unwrap();
    // A hostile title, and a file whose very name is hostile.
    let bad = GOOD.replacen(
        "title = \"Mine\"",
        "title = \"\\u001b]0;pwned\\u0007Mine\"",
        1,
    );
    std::fs::write(dir.join("a.toml"), &bad).unwrap();
    std::fs::write(dir.join("b\u{1b}[31m.toml"), "id = ").unwrap();
    let check = lull(
        &["check", &dir.join("a.toml").display().to_string()],
        home.path(),
    );
    assert!(!check.status.success());
    assert!(!acts_on_a_terminal(&check.stdout) && !acts_on_a_terminal(&check.stderr));
    assert!(
        String::from_utf8_lossy(&check.stdout).contains("control characters")
            || String::from_utf8_lossy(&check.stderr).contains("control characters")
    );
    let list = lull(&["list"], home.path());
    assert!(list.status.success());
    let all = [list.stdout.as_slice(), list.stderr.as_slice()].concat();
    assert!(
        !acts_on_a_terminal(&all),
        "{}",
        String::from_utf8_lossy(&all)
    );
    // The bad name is still named, inert.
    assert!(
        String::from_utf8_lossy(&all).contains("b\\u{1b}[31m.toml"),
        "{}",
        String::from_utf8_lossy(&all)
    );
}

fn preset_with(file: &str, name: &str) -> Preset {
    Preset {
        id: lull::domain::id::PresetId::new("shared"),
        name: name.to_owned(),
        program: None,
        layers: vec![Layer {
            source: LayerSource::File {
                file: file.to_owned(),
            },
            level: 0.5,
            breath_sync: false,
        }],
    }
}

#[test]
fn a_preset_cannot_name_a_file_outside_the_sounds_folder_or_an_unsafe_name() {
    for file in [
        "../../../etc/passwd",
        "/etc/passwd",
        "..",
        ".hidden.ogg",
        "sub/rain.ogg",
        "c:\\rain.ogg",
        "rain\u{1b}[2J.ogg",
        "",
    ] {
        assert!(!is_plain_file_name(file), "{file:?}");
        let e = preset_with(file, "Shared").check().unwrap_err();
        assert!(!acts_on_a_terminal(e.as_bytes()), "{e:?}");
    }
    assert!(preset_with("rain.ogg", "Shared").check().is_ok());
    let e = preset_with("rain.ogg", "Shared\u{1b}[2J")
        .check()
        .unwrap_err();
    assert!(e.contains("control characters"), "{e}");
}

#[test]
fn a_link_out_of_the_sounds_folder_is_neither_listed_nor_opened() {
    let home = tempfile::tempdir().unwrap();
    let dirs = AppDirs::under(home.path());
    let sounds = lull::store::sounds_dir(&dirs);
    std::fs::create_dir_all(&sounds).unwrap();
    let outside = home.path().join("secret.wav");
    std::fs::write(&outside, b"RIFF").unwrap();
    std::fs::write(sounds.join("rain.wav"), b"RIFF").unwrap();
    std::os::unix::fs::symlink(&outside, sounds.join("leak.wav")).unwrap();
    std::os::unix::fs::symlink(sounds.join("rain.wav"), sounds.join("again.wav")).unwrap();
    assert!(contained_sound(&sounds, "leak.wav").is_none());
    assert!(contained_sound(&sounds, "../secret.wav").is_none());
    assert!(contained_sound(&sounds, &outside.display().to_string()).is_none());
    assert!(contained_sound(&sounds, "rain.wav").is_some());
    // A link that stays inside the folder is the user's own business.
    assert!(contained_sound(&sounds, "again.wav").is_some());
    assert_eq!(list_sounds(&sounds).unwrap(), ["again.wav", "rain.wav"]);
    assert!(lull::store::user_sound_opener(&dirs, "leak.wav").is_none());
}

#[test]
fn sizes_and_counts_are_limited_before_anything_large_is_read() {
    // A routine file over the limit is refused whole, before it is parsed.
    let huge = format!("{GOOD}# {}\n", "x".repeat(MAX_FILE_BYTES));
    let e = parse_routine("huge.toml", huge.as_bytes(), Origin::Builtin).unwrap_err();
    assert!(e.to_string().contains("at most"), "{e}");
    // Counts and durations within the file: steps, cycles, seconds.
    let steps = (0..250)
        .map(|_| "[[steps]]\ntitle = \"Rest\"\ninstruction = \"Rest.\"\nduration_secs = 30\nkind = \"rest\"\ntags = []\n")
        .collect::<String>();
    let many = GOOD.split("[[steps]]").next().unwrap().to_owned() + &steps;
    assert!(parse_routine("many.toml", many.as_bytes(), Origin::Builtin).is_err());
    for (from, to) in [
        ("duration_secs = 30", "duration_secs = 9999999999"),
        (
            "duration_secs = 30",
            "breathing = { pattern = \"box\", cycles = 4000000000 }",
        ),
    ] {
        let text = GOOD.replacen(from, to, 1);
        assert!(
            parse_routine("long.toml", text.as_bytes(), Origin::Builtin).is_err(),
            "{to}"
        );
    }
    // A routines folder with more files than are read: the first ones, and a notice.
    let home = tempfile::tempdir().unwrap();
    let dirs = AppDirs::under(home.path());
    let dir = lull::store::user_routines_dir(&dirs);
    std::fs::create_dir_all(&dir).unwrap();
    let max = lull::store::MAX_USER_ROUTINES;
    for i in 0..=max {
        std::fs::write(dir.join(format!("r{i:04}.toml")), "id = ").unwrap();
    }
    let (files, problems) = lull::store::read_user_routines(&dirs);
    assert_eq!(files.len(), max);
    assert!(
        problems.iter().any(|p| p.to_string().contains("more than")),
        "{problems:?}"
    );
}
