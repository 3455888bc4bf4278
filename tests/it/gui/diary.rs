//! The headache diary: the painkiller question and notes after a headache routine, the calm
//! notice at the ICHD-3 thresholds, the red flags filled in from it, and the diary for a
//! doctor saved from History.

use std::fmt::Write as _;

use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

use lull::app::LullApp;
use lull::domain::diary::{PAINKILLER_NOTICE, Painkiller};
use lull::domain::safety::RedFlag;
use lull::ui::model::{Dialog, Screen};

use super::{Rig, answered, app, click, click_contains, finish_routine, harness, rig};

/// Writes a history of headache routines at 09:00 on `days` of `month` (`YYYY-MM`), each
/// rated 6 before and with `painkiller`, before the app starts.
fn seed(rig: &Rig, month: &str, days: std::ops::RangeInclusive<u32>, painkiller: &str) {
    let mut text = String::new();
    for day in days {
        writeln!(
            text,
            r#"{{"type":"session","v":1,"id":"{month}-{day:02}-temple","routine_id":"temple-scalp-reset","routine_title":"Quick temple and scalp reset","program":"headache","started_at":"{month}-{day:02}T09:00:00+01:00[Europe/Berlin]","planned_secs":300,"actual_secs":300,"completed":true,"rating_kind":"headache","before":6,"after":3,"wind_down":false,"painkiller":"{painkiller}"}}"#
        )
        .unwrap();
    }
    let data = &rig.files.dirs().data;
    std::fs::create_dir_all(data).unwrap();
    std::fs::write(data.join("history.jsonl"), text).unwrap();
}

/// From the library to the headache questions of the quick temple routine.
fn to_headache_questions(h: &mut Harness<'_, LullApp>) {
    h.key_press(Key::Num3);
    h.run_steps(2);
    click(h, "Start Quick temple and scalp reset");
    if matches!(h.state().state().screen, Screen::TodayCheck { .. }) {
        click(h, "No, I feel well");
    }
    assert!(matches!(
        h.state().state().screen,
        Screen::HeadacheCheck { .. }
    ));
}

fn flags(h: &Harness<'_, LullApp>) -> Vec<RedFlag> {
    match &h.state().state().screen {
        Screen::HeadacheCheck { flags, .. } => flags.iter().copied().collect(),
        other => panic!("{other:?}"),
    }
}

fn is_text_field(n: &egui_kittest::Node<'_>) -> bool {
    matches!(
        n.accesskit_node().role(),
        egui::accesskit::Role::TextInput | egui::accesskit::Role::MultilineTextInput
    )
}

/// The one text field labelled `label` (a single- or multi-line one).
fn field<'a>(h: &'a Harness<'_, LullApp>, label: &'a str) -> egui_kittest::Node<'a> {
    assert_eq!(
        h.query_all_by_label(label).filter(is_text_field).count(),
        1,
        "one text field labelled {label}"
    );
    h.query_all_by_label(label).find(is_text_field).unwrap()
}

/// Focuses the text field labelled `label`, selects all of it and types `text`.
pub(super) fn type_into(h: &mut Harness<'_, LullApp>, label: &str, text: &str) {
    field(h, label).focus();
    h.run_steps(1);
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
    h.run_steps(1);
    field(h, label).type_text(text);
    h.run_steps(2);
}

#[test]
fn a_headache_routine_asks_about_painkillers_and_notes_and_history_saves_the_doctor_diary() {
    let rig = rig();
    // Fourteen days of simple painkillers this month (today is 27 November): under both
    // limits, so nothing is filled in from the diary yet.
    seed(&rig, "2026-11", 1..=14, "simple");
    let mut h = harness(answered(&rig, &[]));
    to_headache_questions(&mut h);
    assert!(flags(&h).is_empty());
    assert!(h.query_by_label_contains("Your diary shows").is_none());
    click(&mut h, "None of these — continue");
    h.run_steps(3);
    click(&mut h, "Before: 6");
    finish_routine(&mut h, &rig.clock);
    assert_eq!(
        h.state().state().screen,
        Screen::Finished { completed: true }
    );
    // The fifteenth headache day: the notice comes with the session that crossed it.
    h.get_by_label_contains("Your diary for November 2026: a headache on 15 days.");
    assert!(h.query_by_label_contains(PAINKILLER_NOTICE).is_none());
    // One screen: the rating, the painkiller, the notes.
    click(&mut h, "After: 3");
    h.get_by_label("Did you take a painkiller today?");
    click(&mut h, Painkiller::Simple.label());
    let record = h.state().state().history.sessions.last().unwrap().clone();
    assert_eq!(
        (record.routine_id.as_str(), record.after, record.painkiller),
        ("temple-scalp-reset", Some(3), Some(Painkiller::Simple))
    );
    h.get_by_label_contains("simple painkillers on 15 days");
    h.get_by_label_contains(PAINKILLER_NOTICE);
    type_into(&mut h, "Notes for your diary", "Started after lunch");
    click(&mut h, "Save note");
    h.get_by_label("Note saved.");
    assert_eq!(
        h.state()
            .state()
            .history
            .sessions
            .last()
            .unwrap()
            .notes
            .as_deref(),
        Some("Started after lunch")
    );
    // Changing the answer changes the notice.
    click(&mut h, Painkiller::Nothing.label());
    assert!(h.query_by_label_contains(PAINKILLER_NOTICE).is_none());
    click(&mut h, Painkiller::Simple.label());

    click(&mut h, "Back to my routines");
    click(&mut h, "History");
    // History shows the month's notice too, without a terminal command.
    h.get_by_label_contains(PAINKILLER_NOTICE);
    click(&mut h, "Diary for my doctor…");
    let suggested = match &h.state().state().dialog {
        Some(Dialog::SaveDiary { path, .. }) => path.clone(),
        other => panic!("{other:?}"),
    };
    // A page to print by default; named .csv, the table.
    assert!(
        suggested.ends_with("lull-doctor-diary-2026-11-27.pdf"),
        "{suggested}"
    );
    // The dialog is a modal: it shows from its second frame.
    h.run_steps(3);
    h.get_by_label("Save the diary for your doctor");
    let target = rig.files.dirs().data.join("for-dr.csv");
    type_into(&mut h, "Save as", &target.display().to_string());
    click(&mut h, "Save");
    assert!(h.state().state().dialog.is_none());
    let csv = std::fs::read_to_string(&target).unwrap();
    assert!(
        csv.lines()
            .any(|l| l == "2026-11,15,15,15,0,0,0,15,6.0,3.0,headache-days simple-painkillers"),
        "{csv}"
    );
    assert!(
        csv.lines()
            .any(|l| l
                == "2026-11-27,yes,6,3,simple,Quick temple and scalp reset,Started after lunch"),
        "{csv}"
    );
    assert!(csv.starts_with("month,headache_days,"), "{csv}");
    // The answers are in the history file: a restart reads them back.
    let again = harness(app(&rig, None));
    let saved = again.state().state().history.sessions.last().unwrap();
    assert_eq!(
        (saved.painkiller, saved.notes.as_deref(), saved.after),
        (
            Some(Painkiller::Simple),
            Some("Started after lunch"),
            Some(3)
        )
    );
}

#[test]
fn notes_typed_are_kept_when_the_screen_is_left_without_saving() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    to_headache_questions(&mut h);
    click(&mut h, "None of these — continue");
    h.run_steps(3);
    click(&mut h, "Not now");
    finish_routine(&mut h, &rig.clock);
    type_into(&mut h, "Notes for your diary", "Better by evening");
    assert_eq!(
        h.state().state().history.sessions.last().unwrap().notes,
        None
    );
    click(&mut h, "Back to my routines");
    assert_eq!(
        h.state()
            .state()
            .history
            .sessions
            .last()
            .unwrap()
            .notes
            .as_deref(),
        Some("Better by evening")
    );
    let again = harness(app(&rig, None));
    assert_eq!(
        again
            .state()
            .state()
            .history
            .sessions
            .last()
            .unwrap()
            .notes
            .as_deref(),
        Some("Better by evening")
    );
}

#[test]
fn the_diary_fills_in_the_painkiller_and_pattern_questions_and_a_correction_stands() {
    let rig = rig();
    // Triptans on 15 days last month.
    seed(&rig, "2026-10", 1..=15, "triptan");
    let mut h = harness(answered(&rig, &[]));
    to_headache_questions(&mut h);
    assert_eq!(
        flags(&h),
        [RedFlag::PatternChanged, RedFlag::FrequentPainkillers]
    );
    h.get_by_label_contains(
        "Your diary shows triptans on 15 days in October 2026. Ticked from your diary",
    );
    h.get_by_label_contains(
        "Your diary shows a headache on 15 days in October 2026. Ticked from your diary",
    );
    // Not from memory: the user can still change them. Untick the painkillers.
    click_contains(
        &mut h,
        "Are you taking painkillers for headaches on many days",
    );
    assert_eq!(flags(&h), [RedFlag::PatternChanged]);
    click(&mut h, "Continue");
    assert!(matches!(h.state().state().screen, Screen::SeeDoctor { .. }));
    h.get_by_label_contains("“Diary for my doctor” button in History");
    click(&mut h, "Back");
    // Asked again today, the correction stands; the diary's words are still shown.
    to_headache_questions(&mut h);
    assert_eq!(flags(&h), [RedFlag::PatternChanged]);
    h.get_by_label("Your diary shows triptans on 15 days in October 2026.");
}
