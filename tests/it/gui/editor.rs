//! The routine editor: a routine typed in from scratch with its areas picked on the body
//! figure, steps reordered (drag and buttons), problems shown at their fields, saved,
//! loaded again after a restart and played; a copy of a bundled routine edited; and the
//! live safety preview.

use egui::{Event, Key, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use lull::app::{LullApp, user_catalogue};
use lull::domain::safety::Condition;
use lull::domain::tag::{Area, Tag};
use lull::domain::vocabulary::StepKind;
use lull::ui::model::Screen;
use lull::ui::widgets::figure::{Figure, Highlight, from_unit, point_on};

use super::diary::type_into;
use super::{answered, app_of, click, harness, rig};

fn editor(h: &Harness<'_, LullApp>) -> lull::ui::model::Editor {
    h.state().state().editor.clone().unwrap()
}

/// Picks `choice` in the combo box labelled `label`.
fn choose(h: &mut Harness<'_, LullApp>, label: &str, choice: &str) {
    let combo = h
        .query_all_by_label(label)
        .find(|n| n.accesskit_node().role() == egui::accesskit::Role::ComboBox)
        .unwrap_or_else(|| panic!("no combo box {label}"));
    combo.click();
    h.run_steps(3);
    click(h, choice);
    h.run_steps(2);
}

/// A real click at `pos` (the figure picker reads where it was clicked).
fn click_at(h: &mut Harness<'_, LullApp>, pos: Pos2) {
    h.event(Event::PointerMoved(pos));
    for pressed in [true, false] {
        h.event(Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    h.run_steps(3);
}

/// Clicks the area `area` where it is drawn on the picker's figure.
fn pick_on_figure(h: &mut Harness<'_, LullApp>, figure: Figure, area: Area) {
    let rect = h.get_by_label_contains("Pick areas on").rect();
    let q = point_on(figure, Highlight::Area(area)).unwrap();
    click_at(h, from_unit(rect, q));
}

#[test]
fn a_routine_typed_in_with_areas_picked_on_the_figure_is_saved_loaded_again_and_plays() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    h.key_press(Key::Num4);
    h.run_steps(2);
    click(&mut h, "New routine");
    h.run_steps(2);
    assert_eq!(h.state().state().screen, Screen::Editor);
    // Nothing typed yet: the loader's own message at the title, and no Save.
    // At the routine's title and at the step's.
    assert_eq!(
        h.query_all_by_label_contains("title must not be empty")
            .count(),
        2
    );
    assert!(!editor(&h).problems.is_empty());

    type_into(&mut h, "Title", "From my physio");
    type_into(
        &mut h,
        "What it is for (one line)",
        "What my physio showed me in June.",
    );
    type_into(&mut h, "Step title", "Shoulder circles");
    type_into(
        &mut h,
        "What to do (one to four short sentences)",
        "Make slow, firm circles on your shoulders with your fingertips.",
    );
    choose(&mut h, "Kind of step", "Massage (hands-on)");
    // Hands-on with no area and no pressure: said at the tags, and it cannot be saved.
    assert!(
        h.query_by_label_contains("must carry exactly one pressure tag")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("must name the area it touches")
            .is_some()
    );
    click(&mut h, "Shoulders and back");
    pick_on_figure(&mut h, Figure::Shoulders, Area::Shoulders);
    click(&mut h, "Moderate: kneading, circles");
    let e = editor(&h);
    let step = &e.draft.steps[0];
    assert_eq!(step.kind, StepKind::Massage);
    for tag in [
        Tag::Massage,
        Tag::Area(Area::Shoulders),
        Tag::PressureModerate,
    ] {
        assert!(step.tags.contains(&tag), "{tag} in {:?}", step.tags);
    }
    assert!(e.problems.is_empty(), "{:?}", e.problems);
    // A second click on the same area takes it away again, and puts it back.
    pick_on_figure(&mut h, Figure::Shoulders, Area::Shoulders);
    assert!(
        !editor(&h).draft.steps[0]
            .tags
            .contains(&Tag::Area(Area::Shoulders))
    );
    click(&mut h, "Shoulders and back");
    pick_on_figure(&mut h, Figure::Shoulders, Area::Shoulders);
    assert!(
        editor(&h).draft.steps[0]
            .tags
            .contains(&Tag::Area(Area::Shoulders))
    );

    // A second step, a rest, moved first with the arrow, then back by dragging.
    click(&mut h, "Add a step");
    type_into(&mut h, "Step title", "Rest");
    type_into(
        &mut h,
        "What to do (one to four short sentences)",
        "Let your hands rest in your lap.",
    );
    click(&mut h, "Move step 2 up");
    let titles = |h: &Harness<'_, LullApp>| {
        editor(h)
            .draft
            .steps
            .iter()
            .map(|s| s.title.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(titles(&h), ["Rest", "Shoulder circles"]);
    let handle = h.get_all_by_label("Drag").nth(1).unwrap().rect().center();
    let target = h.get_all_by_label("Drag").next().unwrap().rect().center();
    h.drag_at(handle);
    h.run_steps(2);
    h.hover_at(target);
    h.run_steps(2);
    h.drop_at(target);
    h.run_steps(3);
    assert_eq!(titles(&h), ["Shoulder circles", "Rest"]);
    // And by keyboard: Alt+Down moves the chosen step (the first) down, Alt+Up back.
    click(&mut h, "1. Shoulder circles · 0:30");
    h.key_press_modifiers(Modifiers::ALT, Key::ArrowDown);
    h.run_steps(2);
    assert_eq!(titles(&h), ["Rest", "Shoulder circles"]);
    h.key_press_modifiers(Modifiers::ALT, Key::ArrowUp);
    h.run_steps(2);
    assert_eq!(titles(&h), ["Shoulder circles", "Rest"]);

    assert!(editor(&h).problems.is_empty(), "{:?}", editor(&h).problems);
    click(&mut h, "Save");
    h.run_steps(2);
    assert_eq!(h.state().state().screen, Screen::Library);
    let routines = lull::store::user_routines_dir(rig.files.dirs());
    let saved = routines.join("from-my-physio.toml");
    let text = std::fs::read_to_string(&saved).unwrap();
    assert!(text.contains("\"area:shoulders\""), "{text}");

    // A restart reads it from the routines folder; it plays.
    drop(h);
    let (catalogue, problems) = user_catalogue(Some(rig.files.dirs()));
    assert!(problems.is_empty(), "{problems:?}");
    let mut h = harness(app_of(&rig, catalogue, lull::app::Launch::default()));
    let routine = h
        .state()
        .state()
        .catalogue
        .get("from-my-physio")
        .cloned()
        .unwrap();
    assert_eq!(routine.steps.len(), 2);
    assert_eq!(routine.steps[0].title, "Shoulder circles");
    h.key_press(Key::Num4);
    h.run_steps(2);
    click(&mut h, "Start From my physio");
    h.run_steps(3);
    // The daily "are you unwell?" check comes first for a hands-on routine.
    if matches!(h.state().state().screen, Screen::TodayCheck { .. }) {
        click(&mut h, "No, I feel well");
        h.run_steps(3);
    }
    assert_eq!(h.state().state().screen, Screen::Player);
}

#[test]
fn a_copy_of_a_bundled_routine_is_edited_in_place_keeping_its_comments() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    h.key_press(Key::Num1);
    h.run_steps(2);
    click(&mut h, "Make my own copy of Box breathing");
    h.run_steps(2);
    click(&mut h, "Edit Box breathing (my copy)");
    h.run_steps(2);
    assert_eq!(h.state().state().screen, Screen::Editor);
    assert!(editor(&h).problems.is_empty());
    click(&mut h, "1. Settle · 0:20");
    type_into(&mut h, "Step title", "Settle in");
    // The breathing step's holds are its pattern's: its gentler version stays hold-free.
    click(&mut h, "Save");
    h.run_steps(2);
    let routines = lull::store::user_routines_dir(rig.files.dirs());
    let text = std::fs::read_to_string(routines.join("box-breathing-copy.toml")).unwrap();
    assert!(
        text.starts_with("# S2 · Box breathing"),
        "the comment is kept:\n{text}"
    );
    assert!(text.contains("title = \"Settle in\""), "{text}");
    let copy = h
        .state()
        .state()
        .catalogue
        .get("box-breathing-copy")
        .unwrap();
    assert_eq!(copy.steps[0].title, "Settle in");
    // The earlier version went to the trash folder, not to nothing.
    let trash = routines.join("trash");
    assert!(std::fs::read_dir(&trash).unwrap().count() >= 1);
}

#[test]
fn the_safety_preview_says_a_calf_step_is_left_out_with_varicose_veins() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[Condition::VaricoseVeinsMild]));
    h.key_press(Key::Num4);
    h.run_steps(2);
    click(&mut h, "New routine");
    type_into(&mut h, "Title", "Legs");
    type_into(&mut h, "What it is for (one line)", "Ease tired legs.");
    type_into(&mut h, "Step title", "Calf kneading");
    type_into(
        &mut h,
        "What to do (one to four short sentences)",
        "Knead your calves firmly with both hands.",
    );
    choose(&mut h, "Kind of step", "Massage (hands-on)");
    click(&mut h, "Lower leg and foot");
    pick_on_figure(&mut h, Figure::Foot, Area::Calves);
    click(&mut h, "Moderate: kneading, circles");
    // With a second step, the routine is adapted rather than left with nothing.
    click(&mut h, "Add a step");
    type_into(&mut h, "Step title", "Noticing");
    type_into(
        &mut h,
        "What to do (one to four short sentences)",
        "Sit back and notice how you feel, one breath at a time.",
    );
    choose(&mut h, "Kind of step", "Body scan");
    let e = editor(&h);
    assert!(e.problems.is_empty(), "{:?}", e.problems);
    let preview = e.preview.join("\n");
    assert!(preview.contains("Calf kneading"), "{preview}");
    assert!(preview.contains("is left out"), "{preview}");
    assert!(preview.contains("calves"), "{preview}");
    // Shown in the editor, as said.
    assert!(
        h.query_by_label_contains("\"Calf kneading\", is left out")
            .is_some()
    );
}

#[test]
fn share_saves_the_routine_file_as_it_is() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    h.key_press(Key::Num1);
    h.run_steps(2);
    click(&mut h, "Share the routine file of Box breathing");
    h.run_steps(2);
    let out = rig.files.dirs().data.join("box-to-send.toml");
    type_into(&mut h, "Save as", &out.display().to_string());
    click(&mut h, "Save");
    h.run_steps(2);
    let sent = std::fs::read(&out).unwrap();
    assert_eq!(
        sent,
        include_bytes!("../../../assets/routines/stress/box-breathing.toml")
    );
    assert!(
        h.query_by_label_contains("The routine file was saved as")
            .is_some()
    );
}
