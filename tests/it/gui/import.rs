//! Importing a routine file in the app: from the dialog or dropped on the window, checked
//! first (its errors with their lines, nothing written), and an id already taken asks:
//! replace yours (into the trash) or keep both.

use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use lull::app::LullApp;
use lull::ui::model::Dialog;

use super::diary::type_into;
use super::{answered, click, harness, rig};

const BOX: &str = include_str!("../../../assets/routines/stress/box-breathing.toml");

fn has(h: &Harness<'_, LullApp>, id: &str) -> bool {
    h.state().state().catalogue.get(id).is_some()
}

/// A file dropped on the window, as egui-winit hands it over.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

fn drop_file(h: &mut Harness<'_, LullApp>, path: &std::path::Path) {
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(path.to_path_buf())));
    h.run_steps(4);
}

#[test]
fn a_routine_file_is_checked_then_imported_and_a_taken_id_asks_what_to_do() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    let incoming = rig.files.dirs().data.join("incoming");
    std::fs::create_dir_all(&incoming).unwrap();
    let mine = BOX
        .replacen("id = \"box-breathing\"", "id = \"physio\"", 1)
        .replacen(
            "title = \"Box breathing\"",
            "title = \"Physio breathing\"",
            1,
        );
    let good = incoming.join("physio.toml");
    std::fs::write(&good, &mine).unwrap();
    let bad = incoming.join("bad.toml");
    std::fs::write(
        &bad,
        mine.replacen("kind = \"breathing\"", "kind = \"jumping\"", 1),
    )
    .unwrap();
    let routines = lull::store::user_routines_dir(rig.files.dirs());
    let saved = || {
        std::fs::read_dir(&routines)
            .map(|d| {
                d.filter_map(Result::ok)
                    .filter(|e| e.path().is_file())
                    .count()
            })
            .unwrap_or(0)
    };

    // A bad file: its error with its line, and nothing written.
    h.key_press(Key::Num4);
    h.run_steps(2);
    click(&mut h, "Import a routine file…");
    h.run_steps(3);
    type_into(&mut h, "Routine file", &bad.display().to_string());
    click(&mut h, "Import");
    let line = mine
        .lines()
        .position(|l| l == "kind = \"breathing\"")
        .unwrap()
        + 1;
    h.get_by_label_contains(&format!("bad.toml:{line}:"));
    assert_eq!(saved(), 0);

    // The good one: imported, on the Your routines tab, and said.
    type_into(&mut h, "Routine file", &good.display().to_string());
    click(&mut h, "Import");
    assert!(h.state().state().dialog.is_none());
    assert!(has(&h, "physio"));
    h.get_by_label_contains("Imported “Physio breathing”");
    h.get_by_label("Start Physio breathing");
    assert_eq!(saved(), 1);

    // Dropped again: its id is taken, so it asks; keep both gives it a new id.
    drop_file(&mut h, &good);
    assert!(matches!(
        &h.state().state().dialog,
        Some(Dialog::ImportRoutine { clash: Some(_), .. })
    ));
    h.get_by_label_contains("You already have a routine with this id");
    click(&mut h, "Keep both");
    assert!(has(&h, "physio") && has(&h, "physio-2"));
    assert_eq!(saved(), 2);

    // And replace: the old file goes to the trash, never to nothing.
    drop_file(&mut h, &good);
    click(&mut h, "Replace mine");
    assert!(h.state().state().dialog.is_none());
    assert_eq!(saved(), 2);
    let trash = std::fs::read_dir(routines.join("trash")).unwrap().count();
    assert_eq!(trash, 1);

    // A bundled routine's id is kept apart: keep both only.
    let copy = incoming.join("box.toml");
    std::fs::write(&copy, BOX).unwrap();
    drop_file(&mut h, &copy);
    assert!(h.query_by_label("Replace mine").is_none());
    click(&mut h, "Keep both");
    assert!(has(&h, "box-breathing-2"));
}

#[test]
fn a_copy_of_any_routine_is_yours_and_a_deleted_one_comes_back_with_undo() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    let routines = lull::store::user_routines_dir(rig.files.dirs());
    let file = routines.join("box-breathing-copy.toml");
    click(&mut h, "Make my own copy of Box breathing");
    assert!(has(&h, "box-breathing-copy"));
    h.get_by_label_contains("Made “Box breathing (my copy)”");
    h.get_by_label("Start Box breathing (my copy)");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("title = \"Box breathing (my copy)\""),
        "{text}"
    );
    // The rest of the file as written, comments and all.
    assert!(text.starts_with(BOX.lines().next().unwrap()), "{text}");

    click(&mut h, "Delete Box breathing (my copy)");
    assert!(!has(&h, "box-breathing-copy"));
    assert!(!file.exists());
    assert_eq!(
        std::fs::read_dir(routines.join("trash")).unwrap().count(),
        1
    );
    click(&mut h, "Undo");
    assert!(has(&h, "box-breathing-copy"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
    assert!(h.query_by_label("Undo").is_none());
}
