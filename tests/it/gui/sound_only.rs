//! "Just sound": an ambience alone with a sleep timer, from the library and from `lull sleep`.

use std::time::Duration;

use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

use lull::app::{Launch, LullApp};
use lull::domain::history::SessionKind;
use lull::domain::sound_session::{SoundPlan, SoundTimer};
use lull::domain::soundscape::TimelineItem;
use lull::platform::inhibit::Hold;
use lull::platform::suspend::PowerEvent;
use lull::ui::model::Screen;

use super::voice::until;
use super::{advance, answered, app_with, click, harness, rig};

const MIN: u64 = 60;

fn on_sleep_tab(h: &mut Harness<'_, LullApp>) {
    h.key_press(Key::Num2);
    h.run_steps(2);
}

fn left(h: &Harness<'_, LullApp>) -> Option<Duration> {
    let s = h.state().state().sound_session.as_ref()?;
    s.left(h.state().state().now)
}

fn fade_of(h: &Harness<'_, LullApp>) -> Option<(Duration, f32)> {
    h.state()
        .sound_timeline()?
        .items
        .iter()
        .find_map(|i| match *i {
            TimelineItem::FadeOut { at, secs } => Some((at, secs)),
            _ => None,
        })
}

#[test]
fn just_sound_plays_for_its_time_fades_and_is_recorded() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    on_sleep_tab(&mut h);
    click(&mut h, "Play Night sea for 45 min");
    assert!(matches!(h.state().state().screen, Screen::Sound { .. }));
    h.get_by_label("45 min left");
    h.get_by_label_contains("fades away over the last 10 min");
    let t = h.state().sound_timeline().unwrap();
    assert_eq!(t.end, Some(Duration::from_secs(45 * MIN)));
    assert_eq!(fade_of(&h), Some((Duration::from_secs(35 * MIN), 600.0)));
    // Sound only: the computer may sleep as usual.
    assert!(rig.inhibit.now().is_empty(), "{:?}", rig.inhibit.now());
    advance(&mut h, &rig.clock, 20 * MIN);
    assert_eq!(left(&h), Some(Duration::from_secs(25 * MIN)));
    // The screen went dark (asked for by default); a key wakes it and is not acted on.
    assert!(h.query_by_label("25 min left").is_none());
    h.key_press(Key::Space);
    h.run_steps(2);
    h.get_by_label("25 min left");
    assert_eq!(
        left(&h),
        Some(Duration::from_secs(25 * MIN)),
        "still playing"
    );
    advance(&mut h, &rig.clock, 25 * MIN);
    assert_eq!(
        h.state().state().screen,
        Screen::SoundEnded { completed: true }
    );
    h.get_by_label("The sound has faded away");
    let last = h.state().state().history.sessions.last().unwrap().clone();
    assert_eq!(last.kind, SessionKind::Sound);
    assert_eq!(last.routine_id.as_str(), "night-sea");
    assert_eq!(last.routine_title, "Night sea");
    assert!(last.completed);
    assert_eq!(last.actual_secs, 45 * MIN);
    assert_eq!(last.rating_kind, None, "no ratings unless asked for");
    assert_eq!(rig.suspend.count(), 0, "suspend is off by default");
    click(&mut h, "Back");
    assert_eq!(h.state().state().screen, Screen::Library);
    // Recorded on disk as well, and read back.
    let again = harness(answered(&rig, &[]));
    let sessions = &again.state().state().history.sessions;
    assert_eq!(sessions.last().unwrap().kind, SessionKind::Sound);
}

#[test]
fn plus_and_minus_fifteen_minutes_and_pause_hold_the_timer() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    on_sleep_tab(&mut h);
    click(&mut h, "30 min");
    click(&mut h, "Play Night sea for 30 min");
    click(&mut h, "+15 min");
    assert_eq!(left(&h), Some(Duration::from_secs(45 * MIN)));
    assert_eq!(fade_of(&h), Some((Duration::from_secs(35 * MIN), 600.0)));
    h.key_press(Key::ArrowRight);
    h.run_steps(2);
    assert_eq!(left(&h), Some(Duration::from_secs(60 * MIN)));
    h.get_by_label("1 h left");
    h.get_by_label("Now 1 h left");
    h.key_press(Key::ArrowLeft);
    h.run_steps(2);
    assert_eq!(left(&h), Some(Duration::from_secs(45 * MIN)));
    // Paused: the timer holds and the timeline stops.
    click(&mut h, "Pause");
    advance(&mut h, &rig.clock, 60 * MIN);
    assert_eq!(left(&h), Some(Duration::from_secs(45 * MIN)));
    h.get_by_label_contains("Paused");
    h.key_press(Key::Space);
    h.run_steps(2);
    advance(&mut h, &rig.clock, 35 * MIN);
    assert_eq!(left(&h), Some(Duration::from_secs(10 * MIN)));
    // With 10 minutes left, −15 would end it: Stop does that.
    h.key_press(Key::Space);
    h.run_steps(2);
    let minus = h.get_by_label("−15 min");
    assert!(
        minus.accesskit_node().is_disabled(),
        "−15 min is off with less than that left"
    );
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert_eq!(
        h.state().state().screen,
        Screen::SoundEnded { completed: false }
    );
    let last = h.state().state().history.sessions.last().unwrap().clone();
    assert!(!last.completed);
    assert_eq!(last.actual_secs, 35 * MIN, "pauses are not counted");
    assert_eq!(last.planned_secs, 45 * MIN);
}

#[test]
fn it_can_suspend_the_computer_at_the_end_and_says_so_when_refused() {
    let mut rig = rig();
    rig.suspend.refuse = Some("not allowed".to_owned());
    let mut app = answered(&rig, &[]);
    app.state_mut().settings.sound = SoundPlan {
        timer: SoundTimer::Minutes(15),
        suspend_at_end: true,
        ..SoundPlan::default()
    };
    let mut h = harness(app);
    on_sleep_tab(&mut h);
    h.get_by_label("Put the computer to sleep when the sound has faded away");
    click(&mut h, "Play Night sea for 15 min");
    h.get_by_label_contains("Then the computer goes to sleep");
    // A fade of 10 minutes is at most half of 15.
    assert_eq!(fade_of(&h), Some((Duration::from_secs(450), 450.0)));
    advance(&mut h, &rig.clock, 15 * MIN);
    until(&mut h, |_| rig.suspend.count() > 0);
    assert_eq!(rig.suspend.count(), 1, "asked once, at the end");
    let refused = "The computer was not put to sleep: not allowed.";
    until(&mut h, |h| {
        h.state().state().notices.iter().any(|n| n.text == refused)
    });
    let notices: Vec<&str> = h
        .state()
        .state()
        .notices
        .iter()
        .map(|n| n.text.as_str())
        .collect();
    assert!(
        notices.iter().filter(|n| **n == refused).count() == 1,
        "{notices:?}"
    );
}

#[test]
fn a_suspend_mid_session_pauses_it_and_it_stays_paused_after_waking() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    on_sleep_tab(&mut h);
    click(&mut h, "Play Night sea for 45 min");
    advance(&mut h, &rig.clock, 5 * MIN);
    rig.power.0.send(PowerEvent::GoingToSleep).unwrap();
    h.run_steps(2);
    let running = |h: &Harness<'_, LullApp>| {
        h.state()
            .state()
            .sound_session
            .as_ref()
            .unwrap()
            .is_running()
    };
    assert!(!running(&h), "paused before sleep");
    advance(&mut h, &rig.clock, 8 * 3600);
    rig.power.0.send(PowerEvent::WokeUp).unwrap();
    h.run_steps(2);
    assert!(!running(&h), "still paused after waking");
    assert_eq!(left(&h), Some(Duration::from_secs(40 * MIN)));
    assert!(
        h.state()
            .state()
            .toast
            .as_ref()
            .is_some_and(|(t, _)| t.starts_with("Paused while the computer slept"))
    );
}

#[test]
fn keep_awake_holds_sleep_off_only_while_the_sound_plays() {
    let rig = rig();
    let mut app = answered(&rig, &[]);
    app.state_mut().settings.keep_awake_while_sound = true;
    let mut h = harness(app);
    on_sleep_tab(&mut h);
    click(&mut h, "Play Night sea for 45 min");
    assert_eq!(rig.inhibit.now(), vec![Hold::IdleAndSleep]);
    click(&mut h, "Stop");
    assert!(rig.inhibit.now().is_empty());
}

#[test]
fn every_program_offers_just_sound_with_its_own_ambience() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    h.key_press(Key::Num1);
    h.run_steps(2);
    h.get_by_label("Just sound");
    h.get_by_label("Play Rain on the window for 45 min");
    h.key_press(Key::Num3);
    h.run_steps(2);
    click(&mut h, "Until I stop it");
    click(&mut h, "Play Soft rain");
    h.get_by_label("Playing until you stop it");
    assert_eq!(h.state().sound_timeline().unwrap().end, None);
    assert_eq!(fade_of(&h), None, "no end, no fade");
    assert!(h.query_by_label("+15 min").is_none());
    advance(&mut h, &rig.clock, 10 * 3600);
    assert!(matches!(h.state().state().screen, Screen::Sound { .. }));
    // The choices are remembered.
    assert_eq!(
        h.state().state().settings.sound.timer,
        SoundTimer::UntilStopped
    );
}

#[test]
fn lull_sleep_opens_straight_into_the_sound_even_before_the_questions() {
    let rig = rig();
    let plan = lull::cli::sleep_plan("soft-rain", Some(30), 5, false).unwrap();
    let mut h = harness(app_with(
        &rig,
        Launch {
            sleep: Some(plan),
            ..Launch::default()
        },
    ));
    h.run_steps(2);
    assert!(matches!(h.state().state().screen, Screen::Sound { .. }));
    h.get_by_label("Soft rain");
    assert_eq!(fade_of(&h), Some((Duration::from_secs(25 * MIN), 300.0)));
    click(&mut h, "Stop");
    click(&mut h, "Back");
    // Nothing was answered yet: back to the first-run screens, not the library.
    assert_eq!(h.state().state().screen, Screen::Welcome);
}

#[test]
fn a_sound_session_is_kept_when_the_window_closes_or_lull_crashes() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    on_sleep_tab(&mut h);
    click(&mut h, "Play Night sea for 45 min");
    advance(&mut h, &rig.clock, 3 * MIN);
    // A crash runs no shutdown: the checkpoint brings it back at the next start.
    drop(h);
    let h = harness(answered(&rig, &[]));
    let last = h.state().state().history.sessions.last().unwrap().clone();
    assert_eq!(last.kind, SessionKind::Sound);
    assert!(!last.completed);
    assert_eq!(last.actual_secs, 3 * MIN);
    drop(h);
    // Another session, later (its id is its start time).
    rig.calendar.set_zoned(
        "2026-11-27T23:00:00+00:00[UTC]"
            .parse::<jiff::ZonedDateTime>()
            .unwrap(),
    );
    let mut h = harness(answered(&rig, &[]));
    on_sleep_tab(&mut h);
    click(&mut h, "Play Night sea for 45 min");
    advance(&mut h, &rig.clock, 2 * MIN);
    h.state_mut().shut_down();
    let sessions = &h.state().state().history.sessions;
    assert_eq!(sessions.len(), 2);
    assert_eq!(sessions[1].actual_secs, 2 * MIN);
}

#[test]
fn ratings_are_asked_only_when_wanted() {
    let rig = rig();
    let mut app = answered(&rig, &[]);
    app.state_mut().settings.sound.ratings = true;
    let mut h = harness(app);
    on_sleep_tab(&mut h);
    click(&mut h, "Play Night sea for 45 min");
    click(&mut h, "Stop");
    h.get_by_label_contains("How tense does your body feel?");
    let last = h.state().state().history.sessions.last().unwrap().clone();
    assert!(last.rating_kind.is_some());
}
