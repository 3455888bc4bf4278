//! A routine file opened from a file manager (`lull FILE`, the desktop file's `Exec=lull %F`):
//! the app opens with it in the import dialog, checked exactly as a dropped file is.

use egui_kittest::kittest::Queryable as _;
use lull::app::Launch;
use lull::domain::safety::ScreeningAnswers;
use lull::profile::safety_record::SafetyRecord;
use lull::store::SAFETY_FILE;
use lull::ui::model::Dialog;

use super::{Rig, app_with, harness, rig, today};

const BOX: &str = include_str!("../../../assets/routines/stress/box-breathing.toml");

/// The user has answered the questions; the app opens with `file`.
fn opened_with(rig: &Rig, file: &std::path::Path) -> lull::app::LullApp {
    rig.files
        .save(
            SAFETY_FILE,
            &SafetyRecord::new(ScreeningAnswers::default(), today().yesterday().unwrap()),
        )
        .unwrap();
    app_with(
        rig,
        Launch {
            open: Some(file.to_path_buf()),
            ..Launch::default()
        },
    )
}

#[test]
fn a_routine_file_given_at_start_is_checked_and_imported() {
    let rig = rig();
    let incoming = rig.files.dirs().data.join("incoming");
    std::fs::create_dir_all(&incoming).unwrap();
    let file = incoming.join("evening.lull.toml");
    std::fs::write(
        &file,
        BOX.replacen("id = \"box-breathing\"", "id = \"evening\"", 1)
            .replacen("title = \"Box breathing\"", "title = \"Evening box\"", 1),
    )
    .unwrap();
    let mut h = harness(opened_with(&rig, &file));
    assert!(h.state().state().dialog.is_none());
    assert!(h.state().state().catalogue.get("evening").is_some());
    h.get_by_label_contains("Imported “Evening box”");
    h.get_by_label("Start Evening box");
    h.run_steps(2);
}

#[test]
fn a_bad_routine_file_given_at_start_shows_its_errors_and_writes_nothing() {
    let rig = rig();
    let incoming = rig.files.dirs().data.join("incoming");
    std::fs::create_dir_all(&incoming).unwrap();
    let file = incoming.join("broken.lull.toml");
    std::fs::write(
        &file,
        BOX.replacen("kind = \"breathing\"", "kind = \"jumping\"", 1),
    )
    .unwrap();
    let h = harness(opened_with(&rig, &file));
    assert!(matches!(
        &h.state().state().dialog,
        Some(Dialog::ImportRoutine {
            problem: Some(_),
            ..
        })
    ));
    h.get_by_label_contains("broken.lull.toml:");
    assert!(!lull::store::user_routines_dir(rig.files.dirs()).exists());
}
