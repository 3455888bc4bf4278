//! The desktop app driven like a person would, through the accessibility tree (which also
//! proves screen readers can reach every control), with a fake clock and calendar, a
//! temporary data folder and no sound card.

#![expect(clippy::unwrap_used, reason = "test helpers")]

use std::time::Duration;

use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use lull::app::{Deps, Launch, LullApp, PACER_FRAME};
use lull::catalogue::Catalogue;
use lull::clock::{Clock as _, FixedCalendar, ManualClock};
use lull::domain::safety::{Condition, Group, ScreeningAnswers};
use lull::domain::session::RunState;
use lull::platform::autostart::RecordingAutostart;
use lull::platform::inhibit::{Hold, RecordingInhibit};
use lull::platform::notify::RecordingNotifier;
use lull::platform::open::RecordingOpener;
use lull::platform::suspend::PowerEvent;
use lull::profile::safety_record::SafetyRecord;
use lull::store::{AppDirs, AppFiles, HistoryFile, SAFETY_FILE};
use lull::ui::model::Screen;

mod device;
mod diary;
mod editor;
mod import;
mod media;
mod open_file;
mod sound_only;
mod voice;

struct Rig {
    clock: ManualClock,
    calendar: FixedCalendar,
    notes: RecordingNotifier,
    opener: RecordingOpener,
    autostart: RecordingAutostart,
    voices: voice::FakeVoices,
    /// The sound output: none unless a test plugs one in.
    devices: device::FakeDevices,
    inhibit: RecordingInhibit,
    suspend: lull::platform::suspend::RecordingSuspend,
    /// Sleep and wake events for the first app made from the rig.
    power: (
        std::sync::mpsc::Sender<PowerEvent>,
        std::sync::Mutex<Option<std::sync::mpsc::Receiver<PowerEvent>>>,
    ),
    /// The media keys' side of the first app made from the rig.
    media: media::FakeMedia,
    _home: tempfile::TempDir,
    files: AppFiles,
}

fn rig() -> Rig {
    let home = tempfile::tempdir().unwrap();
    let files = AppFiles::new(AppDirs::under(home.path()));
    Rig {
        clock: ManualClock::new(),
        calendar: FixedCalendar::new(today()),
        notes: RecordingNotifier::default(),
        opener: RecordingOpener::default(),
        autostart: RecordingAutostart::default(),
        voices: voice::FakeVoices::default(),
        devices: device::FakeDevices::default(),
        inhibit: RecordingInhibit::default(),
        suspend: lull::platform::suspend::RecordingSuspend::default(),
        power: {
            let (tx, rx) = std::sync::mpsc::channel();
            (tx, std::sync::Mutex::new(Some(rx)))
        },
        media: media::FakeMedia::new(),
        _home: home,
        files,
    }
}

fn today() -> jiff::civil::Date {
    "2026-11-27".parse().unwrap()
}

fn app(rig: &Rig, play: Option<&str>) -> LullApp {
    app_with(
        rig,
        Launch {
            play: play.map(Into::into),
            wind_down: false,
            ..Launch::default()
        },
    )
}

fn app_with(rig: &Rig, launch: Launch) -> LullApp {
    app_of(rig, Catalogue::builtin().0, launch)
}

/// The app over `catalogue`, with the rig's fakes.
fn app_of(rig: &Rig, catalogue: Catalogue, launch: Launch) -> LullApp {
    let deps = Deps {
        clock: Box::new(rig.clock.clone()),
        calendar: Box::new(rig.calendar.clone()),
        files: Some(rig.files.clone()),
        audio: Box::new(rig.devices.clone()),
        catalogue,
        catalogue_problems: Vec::new(),
        notifier: Box::new(rig.notes.clone()),
        inhibitor: Box::new(rig.inhibit.clone()),
        opener: Box::new(rig.opener.clone()),
        autostart: std::sync::Arc::new(rig.autostart.clone()),
        voice: lull::speech::VoiceWorker::start(Box::new(rig.voices.clone()), None),
        power: Some(lull::app::PowerWatch {
            events: rig
                .power
                .1
                .lock()
                .unwrap()
                .take()
                .unwrap_or_else(|| std::sync::mpsc::channel().1),
            repaint: std::sync::Arc::new(std::sync::OnceLock::new()),
        }),
        suspend: std::sync::Arc::new(rig.suspend.clone()),
        media: rig.media.link(),
    };
    LullApp::new(deps, launch)
}

/// An app whose user has already answered the questionnaire with `conditions`.
fn answered(rig: &Rig, conditions: &[Condition]) -> LullApp {
    let answers = ScreeningAnswers {
        conditions: conditions.iter().copied().collect(),
        ..Default::default()
    };
    // Answered yesterday: today's "are you unwell?" check is still to come.
    rig.files
        .save(
            SAFETY_FILE,
            &SafetyRecord::new(answers, today().yesterday().unwrap()),
        )
        .unwrap();
    app(rig, None)
}

fn harness(app: LullApp) -> Harness<'static, LullApp> {
    // Tall enough that long pages need no scrolling (these tests draw no pixels).
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 4000.0))
        .build_ui_state(|ui, app: &mut LullApp| app.show(ui), app);
    h.run_steps(2);
    h
}

fn click(h: &mut Harness<'_, LullApp>, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run_steps(2);
    h.get_by_label(label).click();
    h.run_steps(2);
}

fn click_contains(h: &mut Harness<'_, LullApp>, label: &str) {
    h.get_by_label_contains(label).scroll_to_me();
    h.run_steps(2);
    h.get_by_label_contains(label).click();
    h.run_steps(2);
}

/// Starts a routine and puts off the optional before-rating (the step waits while it shows).
fn start(h: &mut Harness<'_, LullApp>, label: &str) {
    click(h, label);
    // The prompt is a modal: it shows from its second frame.
    h.run_steps(3);
    if h.state()
        .state()
        .player
        .as_ref()
        .is_some_and(|p| p.ask_before.is_some())
    {
        click(h, "Not now");
    }
}

/// Stops the session playing: Esc asks, Esc again stops.
fn stop(h: &mut Harness<'_, LullApp>) {
    h.key_press(Key::Escape);
    h.run_steps(3);
    h.key_press(Key::Escape);
    h.run_steps(2);
}

fn advance(h: &mut Harness<'_, LullApp>, clock: &ManualClock, secs: u64) {
    clock.advance(Duration::from_secs(secs));
    h.run_steps(2);
}

#[test]
fn first_run_answers_block_adapt_and_clear_routines() {
    let rig = rig();
    let mut h = harness(app(&rig, None));
    assert_eq!(h.state().state().screen, Screen::Welcome);
    h.get_by_label_contains("call 112 / 911 / 999");
    click(&mut h, "I understand — continue");
    assert_eq!(
        h.state().state().screen,
        Screen::Screening { cancel_to: None }
    );
    // Continue is disabled until every question has an answer; the first run has no Cancel.
    click(&mut h, "See what this means");
    assert_eq!(
        h.state().state().screen,
        Screen::Screening { cancel_to: None }
    );
    assert!(h.query_by_label_contains("Cancel").is_none());
    h.get_by_label_contains("0 of ");
    for group in Group::ALL {
        click(
            &mut h,
            &format!("None of these: {}", group.label().to_lowercase()),
        );
    }
    assert_eq!(
        h.state().state().answered.len(),
        Condition::ALL.len(),
        "every question answered no"
    );
    click(&mut h, "Yes: Cancer or cancer treatment");
    click(&mut h, "Yes: Blood thinners or bleeding disorder");
    assert!(h.state().state().draft.has(Condition::Cancer));
    click(&mut h, "See what this means");
    assert_eq!(h.state().state().screen, Screen::ScreeningResult);
    h.get_by_label_contains("Light pressure only");
    let status =
        |h: &Harness<'_, LullApp>, id: &str| h.state().state().verdict(id).unwrap().status();
    assert_eq!(status(&h, "hand-massage"), "needs-clinician");
    assert_eq!(status(&h, "breathing-only-calm"), "allowed");
    click(
        &mut h,
        "My clinician has cleared me: Cancer or cancer treatment",
    );
    assert_eq!(status(&h, "hand-massage"), "adapted");
    click(&mut h, "Go to my routines");
    assert_eq!(h.state().state().screen, Screen::Library);
    assert!(h.query_all_by_label_contains("Adapted:").count() >= 2);
    // The answers were saved.
    assert!(rig.files.safety_path().is_file());
}

#[test]
fn the_first_run_asks_for_the_emergency_number_suggested_from_the_time_zone() {
    // Issue 10.3: the emergency screen showed a placeholder, because set-up never asked.
    let rig = rig();
    let paris = jiff::civil::date(2026, 11, 27)
        .at(12, 0, 0, 0)
        .in_tz("Europe/Paris")
        .unwrap();
    rig.calendar.set_zoned(paris);
    let mut h = harness(app(&rig, None));
    assert_eq!(h.state().state().screen, Screen::Welcome);
    h.get_by_label_contains("Suggested from your time zone (Europe/Paris)");
    assert_eq!(h.state().state().settings.emergency_number(), "112");
    h.get_by_label_contains("call 112 now");
    click(&mut h, "I understand — continue");
    // Continuing confirms it: saved, and used from then on (the CLI reads the same file).
    let saved: lull::profile::settings::Settings = toml::from_str(
        &std::fs::read_to_string(rig.files.dirs().config.join("settings.toml")).unwrap(),
    )
    .unwrap();
    assert_eq!(saved.emergency_number, "112");
    // Without a zone that says (tests run in UTC), the field is empty and asks to be typed.
    let utc = self::rig();
    let mut h = harness(app(&utc, None));
    h.get_by_label_contains("Type the number you would call");
    h.get_by_label("Your local emergency number").click();
    h.run_steps(1);
    h.get_by_label("Your local emergency number")
        .type_text("000");
    h.run_steps(2);
    assert_eq!(h.state().state().settings.emergency_number(), "000");
    h.get_by_label_contains("call 000 now");
}

#[test]
fn no_sound_is_one_plain_notice_with_details_that_can_be_dismissed() {
    // Issue 10.4: the raw device error sat in every header and twice in the sound panel.
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    h.get_by_label_contains("No speakers or headphones found");
    assert!(h.query_by_label_contains("o sound card in tests").is_none());
    click(&mut h, "Details");
    h.get_by_label_contains("o sound card in tests");
    h.get_by_label("Dismiss this notice").click();
    h.run_steps(2);
    assert!(
        h.query_by_label_contains("No speakers or headphones found")
            .is_none()
    );
}

#[test]
fn sound_keys_show_a_brief_volume_toast_and_louder_unmutes() {
    // Issue 10.9: M, + and − changed nothing visible; + while muted stayed muted.
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    h.key_press(Key::M);
    h.run_steps(2);
    h.get_by_label_contains("Sound muted (volume 100 %)");
    h.key_press(Key::Plus);
    h.run_steps(2);
    assert!(!h.state().state().settings.audio.muted, "+ unmutes");
    h.get_by_label("Volume 110 %");
    advance(&mut h, &rig.clock, 3);
    assert!(
        h.query_by_label("Volume 110 %").is_none(),
        "the toast goes away"
    );
    h.key_press(Key::Minus);
    h.run_steps(2);
    h.get_by_label("Volume 100 %");
}

#[test]
fn a_systemic_condition_blocks_massage_routines_in_the_library() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[Condition::BloodClot]));
    assert_eq!(h.state().state().screen, Screen::Library);
    assert!(h.query_all_by_label_contains("Blocked").count() >= 3);
    assert_eq!(
        h.state().state().verdict("hand-massage").unwrap().status(),
        "blocked"
    );
    // Blocked routines cannot be started.
    let before = h.state().state().screen.clone();
    h.state_mut().state_mut().screen = before;
    assert!(h.state().state().player.is_none());
}

#[test]
fn a_routine_runs_end_to_end_with_steps_changing_on_time() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    start(&mut h, "Start Cyclic sigh reset");
    assert_eq!(h.state().state().screen, Screen::Player);
    h.get_by_label_contains("Step 1 of 3");
    let durations: Vec<u64> = h
        .state()
        .state()
        .player
        .as_ref()
        .unwrap()
        .session
        .routine()
        .steps()
        .iter()
        .map(|s| s.step.duration().as_secs())
        .collect();
    advance(&mut h, &rig.clock, durations[0] - 1);
    h.get_by_label_contains("Step 1 of 3");
    advance(&mut h, &rig.clock, 1);
    h.get_by_label_contains("Step 2 of 3");
    h.get_by_label_contains("Breathing pacer: Breathe in");
    advance(&mut h, &rig.clock, 2);
    h.get_by_label_contains("Breathing pacer: A little more");
    advance(&mut h, &rig.clock, 1);
    h.get_by_label_contains("Breathing pacer: Breathe out");
    advance(&mut h, &rig.clock, durations[1] + durations[2]);
    assert_eq!(
        h.state().state().screen,
        Screen::Finished { completed: true }
    );
    h.get_by_label("Well done");
}

#[test]
fn pause_next_previous_and_the_keyboard() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    start(&mut h, "Start Resonance breathing");
    click(&mut h, "Pause");
    let paused = |h: &Harness<'_, LullApp>| {
        h.state().state().player.as_ref().unwrap().snapshot.state == RunState::Paused
    };
    assert!(paused(&h));
    advance(&mut h, &rig.clock, 120);
    h.get_by_label_contains("Step 1 of 3");
    click(&mut h, "Resume");
    assert!(!paused(&h));
    click(&mut h, "Next");
    h.get_by_label_contains("Step 2 of 3");
    click(&mut h, "Previous");
    h.get_by_label_contains("Step 1 of 3");
    // The same by keyboard.
    h.key_press(Key::Space);
    h.run_steps(2);
    assert!(paused(&h));
    h.key_press(Key::Space);
    h.run_steps(2);
    assert!(!paused(&h));
    h.key_press(Key::ArrowRight);
    h.run_steps(2);
    h.get_by_label_contains("Step 2 of 3");
    advance(&mut h, &rig.clock, 30);
    h.key_press(Key::R);
    h.run_steps(2);
    let remaining = h
        .state()
        .state()
        .player
        .as_ref()
        .unwrap()
        .snapshot
        .step_remaining;
    assert_eq!(
        remaining,
        h.state()
            .state()
            .player
            .as_ref()
            .unwrap()
            .snapshot
            .step_duration,
        "R restarts the step"
    );
    h.key_press(Key::ArrowLeft);
    h.run_steps(2);
    h.get_by_label_contains("Step 1 of 3");
    h.key_press(Key::M);
    h.run_steps(2);
    assert!(h.state().state().settings.audio.muted);
    // Issue 10.8: Esc pauses and asks; "Keep going" plays on, Esc again stops.
    h.key_press(Key::Escape);
    h.run_steps(3);
    assert_eq!(
        h.state().state().screen,
        Screen::Player,
        "Esc alone never stops"
    );
    h.get_by_label("Stop this session?");
    let state_now =
        |h: &Harness<'_, LullApp>| h.state().state().player.as_ref().unwrap().snapshot.state;
    assert_eq!(state_now(&h), RunState::Paused);
    click(&mut h, "Keep going");
    assert_eq!(state_now(&h), RunState::Running);
    h.key_press(Key::Escape);
    h.run_steps(3);
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert_eq!(
        h.state().state().screen,
        Screen::Finished { completed: false }
    );
    // Resume stays, with its meaning in words, however long the user takes.
    assert_eq!(h.state().state().history.sessions.len(), 1);
    advance(&mut h, &rig.clock, 60);
    h.get_by_label_contains("Resume picks up this session where you stopped");
    click(&mut h, "Resume from step 1");
    assert_eq!(h.state().state().screen, Screen::Player);
    h.get_by_label_contains("Step 1 of 3");
    // The same session goes on: one history entry, updated when it ends.
    let total = h
        .state()
        .state()
        .player
        .as_ref()
        .unwrap()
        .snapshot
        .total_remaining
        .as_secs();
    advance(&mut h, &rig.clock, total + 1);
    let sessions = &h.state().state().history.sessions;
    assert_eq!(sessions.len(), 1, "{sessions:?}");
    assert!(sessions[0].completed);
    let reopened = harness(app(&rig, None));
    assert_eq!(reopened.state().state().history.sessions.len(), 1);
}

#[test]
fn a_headache_red_flag_shows_the_emergency_screen_and_nothing_starts() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    h.key_press(Key::Num3);
    h.run_steps(2);
    start(&mut h, "Start Quick temple and scalp reset");
    assert!(matches!(
        h.state().state().screen,
        Screen::TodayCheck { .. }
    ));
    click(&mut h, "No, I feel well");
    assert!(matches!(
        h.state().state().screen,
        Screen::HeadacheCheck { .. }
    ));
    click_contains(&mut h, "reach its worst within about a minute");
    click(&mut h, "Continue");
    assert!(matches!(h.state().state().screen, Screen::Emergency { .. }));
    h.get_by_label("This needs emergency help now");
    h.get_by_label_contains("112 / 911 / 999");
    h.get_by_label_contains("Don't drive yourself");
    // The emergency answer stands for the day too: every routine stays blocked until the
    // questions are answered again ("by mistake" leads back to them).
    click_contains(&mut h, "I answered by mistake");
    assert!(matches!(
        h.state().state().screen,
        Screen::HeadacheCheck { .. }
    ));
    assert!(h.state().state().player.is_none(), "no routine started");
}

#[test]
fn an_urgent_red_flag_offers_only_breathing() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    h.key_press(Key::Num3);
    h.run_steps(2);
    start(&mut h, "Start Headache acupressure sequence");
    click(&mut h, "No, I feel well");
    click_contains(&mut h, "being sick (vomiting)");
    click(&mut h, "Continue");
    assert_eq!(h.state().state().screen, Screen::Urgent);
    h.get_by_label("Please get medical advice today");
    assert!(
        h.query_by_label("Start Headache acupressure sequence")
            .is_none()
    );
    start(&mut h, "Start Breathing-only calm");
    assert_eq!(h.state().state().screen, Screen::Player);
}

#[test]
fn an_urgent_answer_keeps_head_and_neck_off_for_the_day_until_answered_again() {
    // Issue 9.6: "Back to my routines" after an urgent answer used to clear the answers, so
    // neck massage was available at once.
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    h.key_press(Key::Num3);
    h.run_steps(2);
    start(&mut h, "Start Headache acupressure sequence");
    click(&mut h, "No, I feel well");
    click_contains(&mut h, "being sick (vomiting)");
    click(&mut h, "Continue");
    assert_eq!(h.state().state().screen, Screen::Urgent);
    click(&mut h, "Back to my routines");
    assert_eq!(h.state().state().screen, Screen::Library);
    let neck_off = |h: &Harness<'_, LullApp>| {
        h.state()
            .state()
            .verdict("neck-shoulder-tension")
            .and_then(lull::domain::safety::Verdict::routine)
            .is_none_or(|safe| {
                !safe
                    .steps()
                    .iter()
                    .any(|s| s.step.tags.iter().any(|t| t.is_head_or_neck()))
            })
    };
    assert!(
        neck_off(&h),
        "head and neck massage is back after one screen"
    );
    h.get_by_label_contains("Head and neck massage stays off until tomorrow");
    // A restart (or `lull play`) keeps it: the answers are saved with their day.
    let mut h = harness(app(&rig, None));
    assert!(neck_off(&h), "a restart brought neck massage back");
    // Answering the questions again as clear brings it back.
    click(&mut h, "Answer the headache questions again");
    assert!(matches!(
        h.state().state().screen,
        Screen::HeadacheCheck { .. }
    ));
    // Today's answers are filled in; untick the "yes".
    click_contains(&mut h, "being sick (vomiting)");
    click(&mut h, "None of these — continue");
    assert_eq!(h.state().state().screen, Screen::Library);
    assert!(!neck_off(&h), "a clear answer switches it back on");
    assert!(
        h.query_by_label_contains("Head and neck massage stays off")
            .is_none()
    );
}

#[test]
fn being_unwell_today_switches_massage_off_for_the_day() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    start(&mut h, "Start Five-minute hand massage");
    click(&mut h, "Yes, I am unwell today");
    assert_eq!(h.state().state().screen, Screen::Library);
    assert_eq!(
        h.state().state().verdict("hand-massage").unwrap().status(),
        "blocked"
    );
    assert_eq!(
        h.state()
            .state()
            .verdict("cyclic-sigh-reset")
            .unwrap()
            .status(),
        "allowed"
    );
}

#[test]
fn reduced_motion_shows_a_still_pacer_and_no_animation() {
    let rig = rig();
    let mut app = answered(&rig, &[]);
    app.state_mut().settings.reduce_motion = true;
    let mut h = harness(app);
    start(&mut h, "Start Box breathing");
    click(&mut h, "Next");
    h.get_by_label_contains("Breathing pacer: Breathe in");
    let next = h.state().next_repaint(rig.clock_now());
    assert_ne!(
        next,
        Some(PACER_FRAME),
        "reduced motion must not animate at 30 fps"
    );
    assert!(
        next.is_some_and(|d| d >= Duration::from_millis(500)),
        "{next:?}"
    );
    // Without reduced motion the pacer animates.
    h.state_mut().state_mut().settings.reduce_motion = false;
    h.run_steps(1);
    assert_eq!(h.state().next_repaint(rig.clock_now()), Some(PACER_FRAME));
}

#[test]
fn screen_off_steps_blank_the_screen_until_a_key() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    h.key_press(Key::Num2);
    h.run_steps(2);
    start(&mut h, "Start Awake at night");
    h.get_by_label_contains("Step 1 of 2");
    advance(&mut h, &rig.clock, 11);
    h.get_by_label_contains("Screen is dark");
    assert!(
        h.query_by_label_contains("Step 1 of 2").is_none(),
        "nothing is drawn on a dark screen"
    );
    h.key_press(Key::A);
    h.run_steps(2);
    h.get_by_label_contains("Step 1 of 2");
    assert!(
        h.state()
            .state()
            .player
            .as_ref()
            .unwrap()
            .session
            .is_running(),
        "waking does not pause or skip"
    );
}

#[test]
fn a_dark_screen_says_how_to_wake_it_for_a_few_seconds_and_a_mouse_move_wakes_it() {
    let hint = "Move the mouse or press any key to see the screen";
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    h.key_press(Key::Num2);
    h.run_steps(2);
    start(&mut h, "Start Awake at night");
    h.hover_at(egui::pos2(400.0, 300.0));
    h.run_steps(1);
    advance(&mut h, &rig.clock, 11);
    h.get_by_label_contains("Screen is dark");
    h.get_by_label(hint);
    // The hint goes after five seconds; the app asks for the frame that takes it away.
    let wait = h.state().next_repaint(rig.clock_now()).unwrap();
    assert!(wait <= Duration::from_secs(5), "{wait:?}");
    advance(&mut h, &rig.clock, 5);
    h.get_by_label_contains("Screen is dark");
    assert!(h.query_by_label(hint).is_none(), "the hint is gone");
    // A small jitter does not wake it; a real move does.
    h.hover_at(egui::pos2(402.0, 301.0));
    h.run_steps(2);
    h.get_by_label_contains("Screen is dark");
    h.hover_at(egui::pos2(460.0, 330.0));
    h.run_steps(2);
    h.get_by_label_contains("Step 1 of 2");
}

#[test]
fn the_sleep_program_starts_with_tonights_wind_down() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    h.key_press(Key::Num2);
    h.run_steps(2);
    h.get_by_label("Tonight's wind-down");
    h.get_by_label_contains("Body scan for sleep, then the sound plays on for 30 minutes");
    click(&mut h, "Start tonight's wind-down");
    let player = h.state().state().player.as_ref().unwrap();
    assert!(player.wind_down);
    assert_eq!(player.session.routine().id(), "body-scan-for-sleep");
}

#[test]
fn the_night_look_comes_an_hour_before_bedtime_unless_turned_off() {
    use lull::ui::theme::Theme;
    let rig = rig();
    let at = |hm: &str| {
        format!("2026-11-27T{hm}:00+00:00[UTC]")
            .parse::<jiff::ZonedDateTime>()
            .unwrap()
    };
    let mut h = harness(answered(&rig, &[]));
    // Default bedtime 22:30.
    assert_eq!(h.state().state().look.theme, Theme::Light, "noon");
    rig.calendar.set_zoned(at("21:29"));
    h.run_steps(2);
    assert_eq!(h.state().state().look.theme, Theme::Light);
    rig.calendar.set_zoned(at("21:30"));
    h.run_steps(2);
    assert_eq!(h.state().state().look.theme, Theme::Night);
    assert_eq!(
        h.state().state().palette(),
        lull::ui::theme::palette(Theme::Night),
        "every screen paints with the look"
    );
    click(&mut h, "Settings");
    click(
        &mut h,
        "Night look from an hour before bedtime (22:30) until morning",
    );
    assert_eq!(h.state().state().look.theme, Theme::Light);
    assert!(!h.state().state().settings.night_look_before_bed);
}

#[test]
fn idle_in_the_library_asks_for_no_frames() {
    let rig = rig();
    let h = harness(answered(&rig, &[]));
    assert_eq!(h.state().next_repaint(rig.clock_now()), None);
}

#[test]
fn the_shortcuts_overlay_lists_every_key() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    h.key_press(Key::Questionmark);
    h.run_steps(2);
    h.get_by_label("Keyboard shortcuts");
    h.get_by_label("Pause or resume");
    h.get_by_label("Full screen");
}

impl Rig {
    fn clock_now(&self) -> Duration {
        use lull::clock::Clock as _;
        self.clock.now()
    }
}

fn finish_routine(h: &mut Harness<'_, LullApp>, clock: &ManualClock) {
    let total = h
        .state()
        .state()
        .player
        .as_ref()
        .unwrap()
        .snapshot
        .total_remaining
        .as_secs();
    advance(h, clock, total + 1);
}

#[test]
fn sessions_are_recorded_with_ratings_and_shown_in_history() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    click(&mut h, "Start Cyclic sigh reset");
    h.run_steps(3);
    click(&mut h, "Before: 7");
    finish_routine(&mut h, &rig.clock);
    assert_eq!(
        h.state().state().screen,
        Screen::Finished { completed: true }
    );
    click(&mut h, "After: 4");
    h.get_by_label("Saved. Thank you.");
    let record = h.state().state().history.sessions.last().unwrap().clone();
    assert_eq!(
        (
            record.routine_id.as_str(),
            record.before,
            record.after,
            record.completed
        ),
        ("cyclic-sigh-reset", Some(7), Some(4), true)
    );
    click(&mut h, "Back to my routines");
    click(&mut h, "History");
    h.get_by_label_contains("Streak: 1 day");
    h.get_by_label_contains("week of 2026-11-23: 3 min");
    h.get_by_label("3 points better");
    // Streaks can be hidden (some find them stressful); the rest stays.
    click(&mut h, "Settings");
    click_contains(&mut h, "Show my streak in History");
    assert!(!h.state().state().settings.show_streak);
    click(&mut h, "History");
    assert!(h.query_by_label_contains("Streak:").is_none());
    h.get_by_label_contains("1 session · 3 minutes in all");
    // What was saved survives a restart.
    let again = harness(app(&rig, None));
    let saved = again.state().state().history.sessions.last().unwrap();
    assert_eq!((saved.before, saved.after), (Some(7), Some(4)));
}

#[test]
fn a_sleep_routine_asks_its_rating_at_the_next_launch_not_at_bedtime() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    h.key_press(Key::Num2);
    h.run_steps(2);
    click(&mut h, "Start Awake at night");
    h.run_steps(3);
    click(&mut h, "Before: 6");
    finish_routine(&mut h, &rig.clock);
    assert!(
        h.query_by_label("After: 3").is_none(),
        "no rating at bedtime"
    );
    assert!(h.state().state().after_rating.is_none());
    drop(h);
    rig.calendar.set("2026-11-28".parse().unwrap());
    let mut h = harness(app(&rig, None));
    h.get_by_label_contains("Last night: Awake at night");
    click(&mut h, "Last night: 3");
    assert!(h.state().state().sleep_prompt.is_none());
    assert_eq!(
        h.state().state().history.sessions.last().unwrap().after,
        Some(3)
    );
}

#[test]
fn the_bedtime_reminder_starts_a_dark_wind_down_that_plays_on_and_ends() {
    let rig = rig();
    let mut app = answered(&rig, &[]);
    let mut settings = app.state().settings.clone();
    settings.wind_down.enabled = true;
    settings.wind_down.bedtime = "22:30".to_owned();
    settings.wind_down.routine = "awake-at-night".into();
    settings.wind_down.tail = lull::domain::schedule::Tail::Minutes(15);
    app.state_mut().settings = settings;
    let at = |hm: &str| {
        format!("2026-11-27T{hm}:00+00:00[UTC]")
            .parse::<jiff::ZonedDateTime>()
            .unwrap()
    };
    rig.calendar.set_zoned(at("22:29"));
    let mut h = harness(app);
    assert!(h.state().state().bedtime_banner.is_none());
    rig.calendar.set_zoned(at("22:31"));
    h.run_steps(2);
    h.get_by_label("Time to wind down");
    assert_eq!(rig.notes.sent.borrow().len(), 1, "one desktop notification");
    assert_eq!(rig.notes.sent.borrow()[0].0, "Time to wind down");
    click(&mut h, "Start tonight's wind-down");
    let player = h.state().state().player.as_ref().unwrap();
    assert!(
        player.wind_down,
        "no rating asked; straight into the wind-down"
    );
    advance(&mut h, &rig.clock, 11);
    h.get_by_label_contains("Screen is dark");
    finish_routine(&mut h, &rig.clock);
    assert!(
        matches!(
            h.state().state().screen,
            Screen::Tail { until: Some(_), .. }
        ),
        "{:?}",
        h.state().state().screen
    );
    advance(&mut h, &rig.clock, 15 * 60 + 1);
    assert_eq!(
        h.state().state().screen,
        Screen::Finished { completed: true }
    );
    let record = h.state().state().history.sessions.last().unwrap();
    assert!(record.wind_down && record.completed);
    // The reminder does not fire again tonight.
    rig.calendar.set_zoned(at("23:30"));
    h.run_steps(2);
    assert_eq!(rig.notes.sent.borrow().len(), 1);
}

#[test]
fn the_mix_can_be_saved_as_a_preset_that_survives_a_restart() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    start(&mut h, "Start Cyclic sigh reset");
    click(&mut h, "Sound");
    // A new window needs a sizing pass before it is shown.
    h.run_steps(3);
    click(&mut h, "Save as my preset");
    assert!(
        h.state()
            .state()
            .notices
            .iter()
            .any(|n| n.text == "Saved your mix \"My mix\".")
    );
    h.get_by_label_contains("Saved your mix");
    assert!(rig.files.dirs().data.join("presets/my-mix.toml").is_file());
    let again = harness(app(&rig, None));
    assert!(
        again
            .state()
            .state()
            .mixer
            .presets
            .iter()
            .any(|(id, name)| id == "my-mix" && name == "My mix")
    );
}

#[test]
fn a_wind_down_goes_dark_whatever_the_step_and_stays_dark_across_steps() {
    let rig = rig();
    answered(&rig, &[]);
    let app = app_with(
        &rig,
        Launch {
            play: Some("feet-and-hands-before-bed".into()),
            wind_down: true,
            ..Launch::default()
        },
    );
    let mut h = harness(app);
    // Hands-on: the once-a-day question still comes first, even at bedtime.
    click(&mut h, "No, I feel well");
    h.get_by_label_contains("Step 1 of 5");
    // Step 1 ("Sit and breathe", 60 s) is not tagged screen-off: a wind-down darkens anyway.
    advance(&mut h, &rig.clock, 11);
    h.get_by_label_contains("Screen is dark");
    // The next step does not light the screen again: the cues carry the guidance.
    advance(&mut h, &rig.clock, 55);
    let p = h.state().state().player.as_ref().unwrap();
    assert_eq!(p.snapshot.step_index, 1, "the second step is playing");
    h.get_by_label_contains("Screen is dark");
    // In the dark the app wakes only for the next step, not every second.
    let next = h.state().next_repaint(rig.clock.now()).unwrap();
    assert!(next > Duration::from_secs(100), "{next:?}");
    h.key_press(Key::A);
    h.run_steps(2);
    h.get_by_label_contains("Step 2 of 5");
}

#[test]
fn a_read_only_data_folder_is_said_once_and_nothing_is_written() {
    let rig = rig();
    let dirs = rig.files.dirs().clone();
    // The data folder's place is taken by a file: it can never be created, even by root.
    std::fs::create_dir_all(dirs.data.parent().unwrap()).unwrap();
    std::fs::write(&dirs.data, "").unwrap();
    let mut h = harness(answered(&rig, &[]));
    h.get_by_label_contains("Your data folder");
    assert_eq!(
        h.state()
            .state()
            .notices
            .iter()
            .filter(|n| n.text.contains("cannot be written"))
            .count(),
        1
    );
    start(&mut h, "Start Cyclic sigh reset");
    finish_routine(&mut h, &rig.clock);
    assert_eq!(
        h.state().state().history.sessions.len(),
        1,
        "the session is still shown in this run"
    );
    assert!(std::fs::metadata(&dirs.data).unwrap().is_file());
}

#[test]
fn a_data_folder_that_turns_read_only_mid_session_is_said_once_and_loses_nothing() {
    use lull::store::fault::{Fault, inject};
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    start(&mut h, "Start Cyclic sigh reset");
    advance(&mut h, &rig.clock, 20);
    // From here on every write fails (the thread-local seam: this thread draws the app).
    let fault = inject(Fault::ReadOnlyAfter { changes: 0 });
    finish_routine(&mut h, &rig.clock);
    click(&mut h, "After: 4");
    click(&mut h, "Back to my routines");
    click(&mut h, "Settings");
    click_contains(&mut h, "Show my streak in History");
    let failed: Vec<String> = h
        .state()
        .state()
        .notices
        .iter()
        .filter(|n| n.text.starts_with("Cannot save your"))
        .map(|n| n.text.clone())
        .collect();
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert!(
        failed[0].contains("history") && failed[0].contains("read-only"),
        "{failed:?}"
    );
    h.get_by_label(&failed[0]);
    drop(fault);
    // The next start, with the folder writable again, finds the session (kept by its
    // checkpoint), once, and a history file with no half line.
    let again = harness(app(&rig, None));
    let sessions = &again.state().state().history.sessions;
    assert_eq!(sessions.len(), 1, "{sessions:?}");
    assert_eq!(sessions[0].routine_id.as_str(), "cyclic-sigh-reset");
    let history = HistoryFile::in_dir(&rig.files.dirs().data)
        .load("stamp")
        .unwrap();
    assert!(history.bad_lines.is_empty(), "{:?}", history.bad_lines);
}

#[test]
fn settings_from_a_newer_lull_are_used_but_never_written_over() {
    let rig = rig();
    answered(&rig, &[]);
    let path = rig.files.settings_path();
    let text = "version = 9\ntheme = \"dark\"\nfuture_field = \"kept\"\n";
    std::fs::write(&path, text).unwrap();
    let mut h = harness(app(&rig, None));
    h.get_by_label_contains("written by a newer version of Lull");
    assert_eq!(
        h.state().state().settings.theme,
        lull::ui::theme::Theme::Dark
    );
    h.key_press(Key::M);
    h.run_steps(2);
    assert!(h.state().state().settings.audio.muted, "the change applies");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn a_corrupt_settings_file_is_kept_aside_and_said_once() {
    let rig = rig();
    answered(&rig, &[]);
    let path = rig.files.settings_path();
    std::fs::write(&path, "theme = [oops\n").unwrap();
    let h = harness(app(&rig, None));
    let notices: Vec<_> = h
        .state()
        .state()
        .notices
        .iter()
        .filter(|n| n.text.contains("settings could not be read"))
        .collect();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(
        notices[0].text.contains("settings.toml:1:"),
        "{}",
        notices[0].text
    );
    let kept: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("settings.toml.corrupt-")
        })
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(
        std::fs::read_to_string(kept[0].path()).unwrap(),
        "theme = [oops\n"
    );
}

#[test]
fn closing_the_window_or_a_crash_mid_session_still_leaves_it_in_the_history() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    start(&mut h, "Start Cyclic sigh reset");
    h.key_press(Key::ArrowRight);
    h.run_steps(2);
    // Closing the window records the session as stopped where it was.
    h.state_mut().shut_down();
    let last = h.state().state().history.sessions.last().unwrap().clone();
    assert!(!last.completed);
    assert_eq!(last.stopped_at_step, Some(2));
    drop(h);
    let reopened = harness(app(&rig, None));
    assert_eq!(reopened.state().state().history.sessions.len(), 1);
    drop(reopened);

    // A crash runs no shutdown: the session is recovered at the next start.
    rig.calendar.set_zoned(
        "2026-11-27T13:00:00+00:00[UTC]"
            .parse::<jiff::ZonedDateTime>()
            .unwrap(),
    );
    let mut h = harness(app(&rig, None));
    start(&mut h, "Start Cyclic sigh reset");
    h.key_press(Key::ArrowRight);
    h.run_steps(2);
    h.key_press(Key::ArrowRight);
    h.run_steps(2);
    // A second copy of Lull running now leaves the session being played alone.
    let other = harness(app(&rig, None));
    assert_eq!(other.state().state().history.sessions.len(), 1);
    drop(other);
    // Dropping runs no shutdown either; it only closes the files, as the system does for a
    // process that dies.
    drop(h);
    let h = harness(app(&rig, None));
    let sessions = &h.state().state().history.sessions;
    assert_eq!(sessions.len(), 2, "{sessions:?}");
    assert_eq!(sessions[1].stopped_at_step, Some(3));
    h.get_by_label_contains("ended unexpectedly last time");
    drop(h);
    let h = harness(app(&rig, None));
    assert_eq!(
        h.state().state().history.sessions.len(),
        2,
        "recovered once"
    );
}

#[test]
fn esc_closes_the_overlay_before_it_stops_and_key_4_opens_your_routines() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    h.key_press(Key::Num4);
    h.run_steps(2);
    assert_eq!(h.state().state().tab, lull::ui::model::Tab::Yours);
    h.key_press(Key::Num1);
    h.run_steps(2);
    start(&mut h, "Start Cyclic sigh reset");
    click(&mut h, "?");
    assert!(h.state().state().show_help);
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(!h.state().state().show_help);
    assert_eq!(h.state().state().screen, Screen::Player, "still playing");
}

#[test]
fn a_cleared_emergency_number_stays_clear_while_typing_and_shows_the_default() {
    let rig = rig();
    let mut app = answered(&rig, &[]);
    app.state_mut().settings.emergency_number = "000".to_owned();
    let mut h = harness(app);
    h.state_mut().state_mut().settings.emergency_number.clear();
    h.run_steps(2);
    assert_eq!(h.state().state().settings.emergency_number, "");
    assert_eq!(
        h.state().state().settings.emergency_number(),
        lull::profile::settings::DEFAULT_EMERGENCY_NUMBER
    );
}

#[test]
fn a_sleep_routine_is_in_night_mode_from_its_rating_to_its_end_screen() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    h.key_press(Key::Num2);
    h.run_steps(2);
    start(&mut h, "Start Awake at night");
    assert!(h.state().state().night(), "the rating before it");
    assert!(h.state().state().night());
    finish_routine(&mut h, &rig.clock);
    assert!(matches!(h.state().state().screen, Screen::Finished { .. }));
    assert!(h.state().state().night(), "the end screen");
    click(&mut h, "Back to my routines");
    assert!(!h.state().state().night());
}

#[test]
fn the_player_shows_the_pacer_ring_and_phase_at_double_text_size_in_a_small_window() {
    let rig = rig();
    let mut app = answered(&rig, &[]);
    app.state_mut().settings.text_scale = 2.0;
    let mut h = harness(app);
    start(&mut h, "Start Box breathing");
    click(&mut h, "Next");
    for (width, height, scale, still) in [
        (1024.0, 700.0, 2.0, false),
        (1280.0, 860.0, 2.0, false),
        (1024.0, 700.0, 0.8, false),
        (1024.0, 700.0, 2.0, true),
        (1280.0, 860.0, 2.0, true),
    ] {
        h.state_mut().state_mut().settings.text_scale = scale;
        h.state_mut().state_mut().settings.reduce_motion = still;
        h.set_size(egui::vec2(width, height));
        h.run_steps(2);
        let window = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(width, height));
        for label in ["Breathing pacer: Breathe in", "Time left in this step"] {
            let rect = h.get_by_label_contains(label).rect();
            assert!(
                window.contains_rect(rect),
                "{label} at {rect:?} in {window:?}"
            );
        }
        // The phase is written out as a label of its own (a live region for screen readers).
        let rect = h.get_by_label("Breathe in").rect();
        assert!(
            window.contains_rect(rect),
            "phase word at {rect:?} in {window:?}"
        );
    }
}

#[test]
fn the_changes_dialog_says_what_changed_in_plain_words_with_its_whole_title() {
    let rig = rig();
    let mut h = harness(answered(
        &rig,
        &[Condition::BloodThinnersOrBleedingDisorder],
    ));
    click(&mut h, "3  Headaches");
    h.query_all_by_label_contains("Adapted:")
        .next()
        .unwrap()
        .click();
    h.run_steps(2);
    let dialog = h.state().state().dialog.clone().unwrap();
    let lull::ui::model::Dialog::Changes { title, .. } = &dialog else {
        panic!("{dialog:?}")
    };
    let heading = format!("What changed in “{title}” for you");
    // The dialog the app shows, drawn on its own in a small window at double text size.
    let mut d = Harness::builder()
        .with_size(egui::vec2(1024.0, 700.0))
        .build_ui_state(
            move |ui, out: &mut Vec<lull::ui::intent::Intent>| {
                let p = lull::ui::theme::palette(lull::ui::theme::Theme::Light);
                lull::ui::screens::dialog::show(ui.ctx(), &p, 2.0, &dialog, out);
            },
            Vec::new(),
        );
    d.run_steps(2);
    d.get_by_label(&heading);
    let lines: Vec<_> = d.query_all_by_label_contains("Step ").collect();
    assert!(!lines.is_empty());
    for node in lines {
        let text = node.accesskit_node().label().unwrap_or_default();
        assert!(
            !text.contains("pressure-") && !text.contains("area:"),
            "tags shown to people: {text}"
        );
    }
    d.get_by_label("Close").click();
    d.run_steps(1);
    assert!(d.state().contains(&lull::ui::intent::Intent::CloseDialog));
}

#[test]
fn a_second_headache_check_opens_at_the_top_with_the_emergency_questions_in_view() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    h.set_size(egui::vec2(1280.0, 700.0));
    h.key_press(Key::Num3);
    h.run_steps(2);
    let window = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 700.0));
    for visit in 0..2 {
        start(&mut h, "Start Headache acupressure sequence");
        if matches!(h.state().state().screen, Screen::TodayCheck { .. }) {
            click(&mut h, "No, I feel well");
        }
        assert!(
            matches!(h.state().state().screen, Screen::HeadacheCheck { .. }),
            "visit {visit}: {:?}",
            h.state().state().screen
        );
        let first = h
            .get_by_label_contains("reach its worst within about a minute")
            .rect();
        assert!(window.contains_rect(first), "visit {visit}: {first:?}");
        // Scroll to the bottom, then leave (as "Back" does).
        h.get_by_label("Back").scroll_to_me();
        h.run();
        let first = h
            .get_by_label_contains("reach its worst within about a minute")
            .rect();
        assert!(!window.contains_rect(first), "scrolled away: {first:?}");
        h.get_by_label("Back").click();
        h.run();
        assert_eq!(h.state().state().screen, Screen::Library);
    }
}

#[test]
fn follow_up_questions_wait_for_a_yes_and_number_fields_have_names() {
    let rig = rig();
    let mut h = harness(app(&rig, None));
    click(&mut h, "I understand — continue");
    let severe = "Yes: Large or painful varicose veins";
    assert!(h.query_by_label(severe).is_none(), "asked before a yes");
    click(&mut h, "Yes: Varicose veins");
    h.get_by_label(severe);
    click(&mut h, "No: Varicose veins");
    assert!(h.query_by_label(severe).is_none(), "still asked after a no");
    assert!(
        h.state()
            .state()
            .answered
            .contains(&Condition::VaricoseVeinsSevere),
        "a no answers the follow-up too"
    );
    click(&mut h, "Yes: Pregnancy");
    click(&mut h, "I know");
    h.get_by_role_and_label(egui::Role::SpinButton, "How many weeks?");
    // Settings: the emergency number and the bedtime fields are named.
    for group in Group::ALL {
        click(
            &mut h,
            &format!("None of these: {}", group.label().to_lowercase()),
        );
    }
    click(&mut h, "See what this means");
    click(&mut h, "Go to my routines");
    click(&mut h, "Settings");
    h.get_by_role_and_label(egui::Role::TextInput, "Emergency number");
    h.get_by_role_and_label(egui::Role::TextInput, "Bedtime (24-hour, HH:MM)");
}

#[test]
fn the_top_bar_offers_routines_only_where_the_screen_has_no_way_back() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    h.key_press(Key::Num3);
    h.run_steps(2);
    start(&mut h, "Start Headache acupressure sequence");
    // The top bar the app shows, drawn on its own over the app's state.
    let bar = |app: &LullApp| {
        let mut b = Harness::builder()
            .with_size(egui::vec2(1280.0, 200.0))
            .build_ui(|ui| {
                let mut out = Vec::new();
                lull::ui::screens::top_bar::ui(ui, app.state(), &mut out);
            });
        b.run_steps(1);
        b.query_by_label("Routines").is_some()
    };
    assert!(
        matches!(h.state().state().screen, Screen::TodayCheck { .. }),
        "{:?}",
        h.state().state().screen
    );
    h.get_by_label("Back");
    assert!(!bar(h.state()), "Routines beside Back");
    click(&mut h, "Back");
    click(&mut h, "Settings");
    assert!(bar(h.state()), "no way back from Settings at the top");
}

#[test]
fn one_click_starts_a_routine_and_the_before_rating_is_offered_in_the_player() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    click(&mut h, "Start Cyclic sigh reset");
    assert_eq!(h.state().state().screen, Screen::Player, "one click");
    // The prompt is a modal: it shows from its second frame.
    h.run_steps(3);
    h.get_by_label("Before: 4");
    // Issue 10.1: the step's clock used to run under the prompt. It waits, paused.
    let elapsed = |h: &Harness<'_, LullApp>| {
        let p = h.state().state().player.as_ref().unwrap();
        (
            p.snapshot.step_index,
            p.snapshot.step_elapsed,
            p.snapshot.state,
        )
    };
    advance(&mut h, &rig.clock, 9);
    assert_eq!(elapsed(&h), (0, Duration::ZERO, RunState::Paused));
    click(&mut h, "Not now");
    assert!(h.query_by_label("Before: 4").is_none());
    assert_eq!(
        elapsed(&h).2,
        RunState::Running,
        "answering starts the clock"
    );
    advance(&mut h, &rig.clock, 3);
    assert_eq!(elapsed(&h).1, Duration::from_secs(3));

    // Rating also starts it; and skipping to the next step puts the prompt off, running.
    stop(&mut h);
    click(&mut h, "Back to my routines");
    click(&mut h, "Start Cyclic sigh reset");
    h.run_steps(3);
    click(&mut h, "Before: 4");
    assert_eq!(elapsed(&h).2, RunState::Running);
    stop(&mut h);
    click(&mut h, "Back to my routines");
    click(&mut h, "Start Cyclic sigh reset");
    h.run_steps(3);
    h.get_by_label("Before: 4");
    h.key_press(Key::ArrowRight);
    h.run_steps(2);
    assert!(h.query_by_label("Before: 4").is_none());
    assert_eq!(elapsed(&h).0, 1);
    assert_eq!(elapsed(&h).2, RunState::Running);
}

#[test]
fn changing_a_sound_setting_in_a_wind_down_keeps_its_tail_and_fade() {
    use lull::domain::soundscape::TimelineItem;
    let rig = rig();
    let mut settings = answered(&rig, &[]).state().settings.clone();
    settings.wind_down.tail = lull::domain::schedule::Tail::Minutes(15);
    settings.wind_down.fade_minutes = 10;
    rig.files
        .save(lull::store::SETTINGS_FILE, &settings)
        .unwrap();
    let app = app_with(
        &rig,
        Launch {
            play: Some("awake-at-night".into()),
            wind_down: true,
            ..Launch::default()
        },
    );
    let mut h = harness(app);
    let fades = |h: &Harness<'_, LullApp>| {
        let t = h.state().sound_timeline().unwrap();
        let fade = t.items.iter().find_map(|i| match i {
            TimelineItem::FadeOut { secs, .. } => Some(*secs),
            _ => None,
        });
        (fade, t.end)
    };
    let (fade, end) = fades(&h);
    assert_eq!(fade, Some(600.0), "a 10-minute fade-out");
    let routine = h
        .state()
        .state()
        .player
        .as_ref()
        .unwrap()
        .session
        .routine()
        .duration();
    assert_eq!(end, Some(routine + Duration::from_mins(15)));
    h.key_press(Key::A); // wake the dark screen first, if it is dark
    h.run_steps(2);
    h.key_press(Key::M);
    h.run_steps(2);
    assert!(h.state().state().settings.audio.muted);
    assert_eq!(
        fades(&h),
        (fade, end),
        "the same tail and fade after a change"
    );
}

#[test]
fn reviewing_the_answers_keeps_todays_unwell_answer() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    start(&mut h, "Start Five-minute hand massage");
    click(&mut h, "Yes, I am unwell today");
    assert_eq!(
        h.state().state().verdict("hand-massage").unwrap().status(),
        "blocked"
    );
    click(&mut h, "Settings");
    click(&mut h, "Review my safety answers");
    assert!(
        h.state().state().draft.has(Condition::FeverOrInfection),
        "today's answer is shown"
    );
    click(&mut h, "See what this means");
    assert_eq!(
        h.state().state().verdict("hand-massage").unwrap().status(),
        "blocked",
        "still off today after the answers are submitted again"
    );
}

#[test]
fn a_user_routine_is_labelled_as_not_lulls_and_its_wording_warnings_are_notices() {
    let rig = rig();
    rig.files
        .save(
            SAFETY_FILE,
            &SafetyRecord::new(ScreeningAnswers::default(), today().yesterday().unwrap()),
        )
        .unwrap();
    let text = "id = \"mine\"\ntitle = \"My forehead\"\nprogram = \"stress\"\nsummary = \"Heals headaches.\"\nposition = \"seated\"\nsources = []\n\n[[steps]]\ntitle = \"Smoothing\"\ninstruction = \"Glide your fingertips out to your temples.\"\nduration_secs = 30\nkind = \"massage\"\ntags = [\"massage\", \"area:forehead\", \"pressure-light\"]\n";
    let (catalogue, problems) =
        Catalogue::with_user_files(vec![("mine.toml".to_owned(), text.as_bytes().to_vec())]);
    assert!(problems.is_empty(), "{problems:?}");
    let app = app_of(&rig, catalogue, Launch::default());
    let notices: Vec<String> = app.state().notices.iter().map(|n| n.text.clone()).collect();
    assert!(
        notices.iter().any(|n| n.contains("mine.toml")
            && n.contains("says \"heals\"")
            && n.contains("1 more warning")),
        "{notices:?}"
    );
    let mut h = harness(app);
    h.key_press(Key::Num4);
    h.run_steps(2);
    h.get_by_label_contains("not by Lull");
    h.get_by_label("Start My forehead");
}

#[test]
fn the_questionnaire_shows_its_progress_and_a_review_from_settings_can_be_cancelled() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    let saved = std::fs::read_to_string(rig.files.safety_path()).unwrap();
    click(&mut h, "Settings");
    click(&mut h, "Review my safety answers");
    assert!(matches!(
        h.state().state().screen,
        Screen::Screening { cancel_to: Some(_) }
    ));
    let total = Condition::ALL.len() - 1; // the varicose-veins follow-up waits for a yes
    h.get_by_label(&format!("{total} of {total} questions answered"));
    click(
        &mut h,
        &format!("Yes: {}", Condition::HeartCondition.label()),
    );
    click(&mut h, "Cancel — keep my saved answers");
    assert!(matches!(h.state().state().screen, Screen::Settings { .. }));
    assert!(
        !h.state()
            .state()
            .record
            .as_ref()
            .unwrap()
            .answers
            .has(Condition::HeartCondition)
    );
    assert_eq!(
        std::fs::read_to_string(rig.files.safety_path()).unwrap(),
        saved,
        "nothing written"
    );
}

#[test]
fn a_length_with_no_routines_says_so_and_offers_every_length() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    click(&mut h, "Over 10 min");
    h.get_by_label("No routines here are longer than 10 minutes.");
    click(&mut h, "Show every length");
    h.get_by_label("Box breathing");
}

#[test]
fn a_new_library_tab_opens_at_the_top() {
    let rig = rig();
    let mut h = Harness::builder()
        .with_size(egui::vec2(800.0, 600.0))
        .build_ui_state(|ui, app: &mut LullApp| app.show(ui), answered(&rig, &[]));
    h.run_steps(2);
    click_contains(&mut h, "2  Sleep");
    // Scroll to the last card of the sleep program.
    h.get_by_label("Full wind-down sampler").scroll_to_me();
    h.run_steps(3);
    click_contains(&mut h, "3  Headaches");
    h.run_steps(2);
    let first = h.get_by_label("Headache acupressure sequence");
    let top = first.rect().top();
    assert!(
        (0.0..600.0).contains(&top),
        "the first card of the new tab is in view (top at {top})"
    );
}

#[test]
fn the_window_size_and_place_are_remembered_in_the_settings() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    let info = h
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default();
    info.inner_rect = Some(egui::Rect::from_min_size(
        egui::pos2(110.0, 140.0),
        egui::vec2(900.0, 700.0),
    ));
    info.outer_rect = Some(egui::Rect::from_min_size(
        egui::pos2(100.0, 110.0),
        egui::vec2(920.0, 730.0),
    ));
    h.run_steps(2);
    h.state_mut().shut_down();
    let text = std::fs::read_to_string(rig.files.settings_path()).unwrap();
    let settings: lull::profile::settings::Settings = toml::from_str(&text).unwrap();
    assert_eq!(
        settings.window,
        Some(lull::profile::settings::WindowPlace {
            width: 900.0,
            height: 700.0,
            x: Some(100.0),
            y: Some(110.0),
            maximized: false,
        })
    );
}

/// Plays every step of `id` at `scale` in a `size` window and checks each step's words: the
/// title is in view when the step opens (the scroll starts at the top), and the whole
/// instruction, to its last line, can be brought into view above the controls with the
/// keyboard (Page Down), a page at a time.
fn every_step_can_be_read(id: &str, conditions: &[Condition], size: egui::Vec2, scale: f32) {
    let rig = rig();
    drop(answered(&rig, conditions));
    let mut app = app(&rig, Some(id));
    app.state_mut().settings.text_scale = scale;
    let mut h = Harness::builder()
        .with_size(size)
        .build_ui_state(|ui, app: &mut LullApp| app.show(ui), app);
    h.run_steps(3);
    for label in ["No, I feel well", "None of these — continue", "Not now"] {
        h.run_steps(3);
        if h.query_by_label(label).is_some() {
            // In a small window the button may need scrolling to (an animation) first.
            h.get_by_label(label).scroll_to_me();
            h.run_steps(10);
            h.get_by_label(label).click();
        }
    }
    h.run_steps(3);
    assert!(
        h.state()
            .state()
            .player
            .as_ref()
            .is_some_and(|p| p.ask_before.is_none()),
        "{id} plays: {:?} {:?}",
        h.state().state().screen,
        h.state().state().player.as_ref().map(|p| p.ask_before)
    );
    let count = h
        .state()
        .state()
        .player
        .as_ref()
        .unwrap()
        .snapshot
        .step_count;
    let window = egui::Rect::from_min_size(egui::Pos2::ZERO, size);
    for i in 0..count {
        h.run_steps(3);
        let (step_title, instruction) = {
            let player = h.state().state().player.as_ref().unwrap();
            assert_eq!(player.snapshot.step_index, i, "{id}");
            let step = &player.session.current_step().unwrap().step;
            (step.title.clone(), step.instruction.clone())
        };
        let controls_top = h
            .get_by_label(&format!("Step {} of {count}", i + 1))
            .rect()
            .top();
        let top = h.query_all_by_label(&step_title).next().unwrap().rect();
        assert!(
            window.contains_rect(top) && top.bottom() <= controls_top,
            "{id} step {}: the title opens in view ({top:?}, controls at {controls_top})",
            i + 1
        );
        let mut presses = 0;
        loop {
            let words = h.get_by_label(&instruction).rect();
            if words.bottom() <= controls_top && words.bottom() > 0.0 {
                break;
            }
            assert!(
                presses < 30,
                "{id} step {}: the end of the instruction never comes into view ({words:?}, controls at {controls_top})",
                i + 1
            );
            h.key_press(Key::PageDown);
            h.run_steps(2);
            presses += 1;
        }
        h.key_press(Key::ArrowRight);
    }
}

#[test]
fn every_bundled_step_can_be_read_whole_at_double_text_size_in_a_small_window() {
    let (catalogue, _) = Catalogue::builtin();
    for routine in catalogue.routines() {
        every_step_can_be_read(routine.id.as_str(), &[], egui::vec2(800.0, 600.0), 2.0);
    }
}

#[test]
fn adapted_steps_and_their_gentler_note_can_be_read_at_every_text_size() {
    // Pregnancy brings substitutes (and their "gentler version" note) into these routines.
    for scale in [0.8, 1.0, 1.5, 2.0] {
        for size in [egui::vec2(800.0, 600.0), egui::vec2(1280.0, 860.0)] {
            every_step_can_be_read("headache-acupressure", &[Condition::Pregnancy], size, scale);
            every_step_can_be_read("desk-reset", &[Condition::Pregnancy], size, scale);
        }
    }
}

#[test]
fn a_notice_and_its_dismiss_button_fit_a_small_window_at_double_text_size() {
    let rig = rig();
    let mut app = answered(&rig, &[]);
    app.state_mut().settings.text_scale = 2.0;
    let mut h = Harness::builder()
        .with_size(egui::vec2(800.0, 600.0))
        .build_ui_state(|ui, app: &mut LullApp| app.show(ui), app);
    h.run_steps(3);
    let window = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(800.0, 600.0));
    let button = h.get_by_label("Dismiss this notice").rect();
    assert!(window.contains_rect(button), "{button:?}");
}

#[test]
fn your_routines_show_their_real_folder_which_opens_and_reloads_without_a_restart() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    h.key_press(Key::Num4);
    h.run_steps(2);
    let dir = lull::store::user_routines_dir(rig.files.dirs());
    h.get_by_label(&dir.display().to_string());
    click(&mut h, "Open my routines folder");
    assert_eq!(*rig.opener.opened.borrow(), vec![dir.clone()]);
    assert!(dir.is_dir(), "the folder is made before it is opened");
    // A new file shows after Reload, with no restart.
    let routine = "id = \"mine\"\ntitle = \"My forehead\"\nprogram = \"stress\"\nsummary = \"Soft strokes.\"\nposition = \"seated\"\nsources = []\n\n[[steps]]\ntitle = \"Smoothing\"\ninstruction = \"Glide your fingertips out to your temples.\"\nduration_secs = 30\nkind = \"massage\"\ntags = [\"massage\", \"area:forehead\", \"pressure-light\"]\n";
    std::fs::write(dir.join("mine.toml"), routine).unwrap();
    std::fs::write(dir.join("broken.toml"), "id = ").unwrap();
    click(&mut h, "Reload");
    h.get_by_label("My forehead");
    let toast = h.state().state().toast.clone();
    assert!(
        toast
            .as_ref()
            .is_some_and(|t| t.0.contains("Reloaded: 1 routine of yours, 1 skipped")),
        "{toast:?}"
    );
    h.get_by_label_contains("A routine of yours was skipped");
    // Fixing the file and reloading takes its notice away.
    std::fs::remove_file(dir.join("broken.toml")).unwrap();
    click(&mut h, "Reload");
    assert!(
        h.query_by_label_contains("A routine of yours was skipped")
            .is_none()
    );
    h.get_by_label("My forehead");
}

/// Runs frames until the bedtime timer's worker has answered.
fn wait_for_autostart(h: &mut Harness<'_, LullApp>) {
    for _ in 0..200 {
        h.run_steps(1);
        if !h.state().state().autostart.busy {
            return;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    panic!("the bedtime timer never answered");
}

#[test]
fn the_wind_down_can_start_by_itself_at_bedtime_from_a_settings_button() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    click(&mut h, "Settings");
    assert!(
        h.query_by_label_contains("lull schedule install").is_none(),
        "no terminal command in the app"
    );
    click(&mut h, "Start automatically at bedtime");
    wait_for_autostart(&mut h);
    assert!(h.state().state().autostart.on);
    let installed = rig.autostart.plan.lock().unwrap().clone().unwrap();
    assert_eq!(installed.bedtime, "22:30");
    h.get_by_label_contains("Starts by itself at 22:30");
    // Changing the plan updates the installed timer.
    let field = h
        .query_all_by_label("Bedtime (24-hour, HH:MM)")
        .find(|n| n.accesskit_node().role() == egui::accesskit::Role::TextInput)
        .unwrap();
    field.click();
    h.run_steps(1);
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
    h.run_steps(1);
    h.query_all_by_label("Bedtime (24-hour, HH:MM)")
        .find(|n| n.accesskit_node().role() == egui::accesskit::Role::TextInput)
        .unwrap()
        .type_text("23:15");
    h.run_steps(2);
    assert_eq!(h.state().state().settings.wind_down.bedtime, "23:15");
    wait_for_autostart(&mut h);
    let installed = rig.autostart.plan.lock().unwrap().clone().unwrap();
    assert_eq!(installed.bedtime, "23:15");
    click(&mut h, "Stop starting automatically");
    wait_for_autostart(&mut h);
    assert!(!h.state().state().autostart.on);
    assert!(rig.autostart.plan.lock().unwrap().is_none());
}

#[test]
fn without_systemd_the_bedtime_button_says_so_in_one_notice() {
    let mut rig = rig();
    rig.autostart.refuse = Some("Failed to connect to bus".to_owned());
    let mut h = harness(answered(&rig, &[]));
    click(&mut h, "Settings");
    click(&mut h, "Start automatically at bedtime");
    wait_for_autostart(&mut h);
    assert!(!h.state().state().autostart.on);
    h.get_by_label_contains("Cannot start the wind-down automatically");
}

#[test]
fn the_diaries_and_a_handout_are_saved_from_a_save_dialog_with_no_terminal_command() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    start(&mut h, "Start Box breathing");
    stop(&mut h);
    click(&mut h, "History");
    assert!(h.query_by_label_contains("lull history").is_none());
    click(&mut h, "Save diary as CSV…");
    let suggested = match &h.state().state().dialog {
        Some(lull::ui::model::Dialog::SaveDiary { path, .. }) => path.clone(),
        other => panic!("{other:?}"),
    };
    assert!(
        suggested.ends_with("lull-diary-2026-11-27.csv"),
        "{suggested}"
    );
    // A folder is not a file name.
    let folder = rig.files.dirs().data.display().to_string();
    let input = |h: &Harness<'_, LullApp>| -> bool {
        h.query_all_by_label("Save as")
            .any(|n| n.accesskit_node().role() == egui::accesskit::Role::TextInput)
    };
    assert!(input(&h), "the file name is a labelled text field");
    let retype = |h: &mut Harness<'_, LullApp>, text: &str| {
        let pick = |h: &Harness<'_, LullApp>| {
            h.query_all_by_label("Save as")
                .filter(|n| n.accesskit_node().role() == egui::accesskit::Role::TextInput)
                .count()
        };
        assert_eq!(pick(h), 1);
        h.query_all_by_label("Save as")
            .find(|n| n.accesskit_node().role() == egui::accesskit::Role::TextInput)
            .unwrap()
            .focus();
        h.run_steps(1);
        h.key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
        h.run_steps(1);
        h.query_all_by_label("Save as")
            .find(|n| n.accesskit_node().role() == egui::accesskit::Role::TextInput)
            .unwrap()
            .type_text(text);
        h.run_steps(2);
        // Never press Save on the suggested path: it is in the real home folder.
        assert!(
            matches!(&h.state().state().dialog, Some(lull::ui::model::Dialog::SaveDiary { path, .. }) if path == text),
            "{:?}",
            h.state().state().dialog
        );
    };
    retype(&mut h, &folder);
    click(&mut h, "Save");
    h.get_by_label_contains("That is a folder");
    let target = rig.files.dirs().data.join("diary.csv");
    retype(&mut h, &target.display().to_string());
    click(&mut h, "Save");
    assert!(h.state().state().dialog.is_none());
    let csv = std::fs::read_to_string(&target).unwrap();
    assert!(csv.starts_with("date,time,duration_min,routine"), "{csv}");
    assert!(csv.contains("Box breathing"), "{csv}");
    h.get_by_label_contains("Your diary was saved as");
    // Saving again over it says so first.
    click(&mut h, "Save diary as CSV…");
    retype(&mut h, &target.display().to_string());
    h.get_by_label_contains("saving replaces it");
    click(&mut h, "Replace");
    assert!(h.state().state().dialog.is_none());
    // The diary for a doctor is a page to print (PDF) unless named .csv.
    click(&mut h, "Diary for my doctor…");
    let suggested = match &h.state().state().dialog {
        Some(lull::ui::model::Dialog::SaveDiary { path, .. }) => path.clone(),
        other => panic!("{other:?}"),
    };
    assert!(
        suggested.ends_with("lull-doctor-diary-2026-11-27.pdf"),
        "{suggested}"
    );
    let doctor = rig.files.dirs().data.join("doctor.pdf");
    retype(&mut h, &doctor.display().to_string());
    click(&mut h, "Save");
    assert!(h.state().state().dialog.is_none());
    let pdf = std::fs::read(&doctor).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(pdf.windows(16).any(|w| w == b"(Headache diary)"));
    // Any routine that can start can be printed, as the answers allow it.
    click(&mut h, "Routines");
    click(&mut h, "Print a handout of Box breathing");
    let suggested = match &h.state().state().dialog {
        Some(lull::ui::model::Dialog::SaveDiary { path, .. }) => path.clone(),
        other => panic!("{other:?}"),
    };
    assert!(suggested.ends_with("box-breathing.pdf"), "{suggested}");
    let handout = rig.files.dirs().data.join("box.pdf");
    retype(&mut h, &handout.display().to_string());
    click(&mut h, "Save");
    assert!(h.state().state().dialog.is_none());
    let pdf = std::fs::read(&handout).unwrap();
    assert!(pdf.windows(15).any(|w| w == b"(Box breathing)"));
    h.get_by_label_contains("The handout was saved as");
}

#[test]
fn resume_goes_on_at_the_step_where_the_session_stopped() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    start(&mut h, "Start Box breathing");
    h.key_press(Key::ArrowRight);
    h.run_steps(2);
    h.get_by_label_contains("Step 2 of 3");
    stop(&mut h);
    click(&mut h, "Resume from step 2");
    h.get_by_label_contains("Step 2 of 3");
    let player = h.state().state().player.as_ref().unwrap();
    assert_eq!(player.snapshot.step_index, 1);
    assert_eq!(player.snapshot.state, RunState::Running);
}

/// The window's name as a screen reader reads it: the label of the tree's window node.
fn window_name(h: &Harness<'_, LullApp>) -> String {
    h.root().accesskit_node().label().unwrap_or_default()
}

/// The window titles the app asked for in its last frame.
fn titles_asked(h: &Harness<'_, LullApp>) -> Vec<String> {
    h.output()
        .viewport_output
        .get(&egui::ViewportId::ROOT)
        .map(|v| {
            v.commands
                .iter()
                .filter_map(|c| match c {
                    egui::ViewportCommand::Title(t) => Some(t.clone()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn headings_are_headings_to_screen_readers_so_they_can_be_jumped_between() {
    use egui::Role;
    let rig = rig();
    let mut h = harness(app(&rig, None));
    // The page title is level 1 (AccessKit counts from 0), its sections level 2.
    let title = h.get_by_role_and_label(Role::Heading, "Welcome to Lull");
    assert_eq!(title.accesskit_node().level(), Some(0));
    let section = h.get_by_role_and_label(Role::Heading, "What Lull is not");
    assert_eq!(section.accesskit_node().level(), Some(1));
    h.get_by_role_and_label(Role::Heading, "Not for emergencies");
    click(&mut h, "I understand — continue");
    h.get_by_role_and_label(Role::Heading, "A few questions about your health");
    h.get_by_role_and_label(Role::Heading, Group::ALL[0].label());
}

#[test]
fn the_player_names_the_window_its_progress_bar_and_its_step_title() {
    use egui::Role;
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    assert_eq!(window_name(&h), "Lull");
    // Each routine's card has its title as a heading.
    h.get_by_role_and_label(Role::Heading, "Cyclic sigh reset");
    // The window is retitled in the frame the routine starts, and only then.
    h.get_by_label("Start Cyclic sigh reset").click();
    h.step();
    assert_eq!(titles_asked(&h), ["Cyclic sigh reset — Lull"]);
    h.step();
    assert!(
        titles_asked(&h).is_empty(),
        "asked again: {:?}",
        titles_asked(&h)
    );
    // The before-rating prompt shows from its second frame; put it off.
    h.run_steps(3);
    click(&mut h, "Not now");
    assert_eq!(window_name(&h), "Cyclic sigh reset — Lull");
    let bar = h.get_by_role(Role::ProgressIndicator);
    assert_eq!(
        bar.accesskit_node().label().as_deref(),
        Some("Session progress")
    );
    assert_eq!(bar.accesskit_node().numeric_value(), Some(0.0));
    let first = h
        .state()
        .state()
        .player
        .as_ref()
        .unwrap()
        .session
        .routine()
        .steps()[0]
        .step
        .title
        .clone();
    let step = h.get_by_role_and_label(Role::Heading, &first);
    assert_eq!(step.accesskit_node().level(), Some(1));
    h.get_by_role_and_label(Role::Heading, "Cyclic sigh reset");
    h.get_by_role(Role::Timer);
    stop(&mut h);
    assert_ne!(h.state().state().screen, Screen::Player);
    assert_eq!(window_name(&h), "Lull");
}

/// Issue 13: the laptop must still sleep. A routine on screen holds off the screen blanking
/// and the idle action only; a wind-down's tail (sound alone) holds nothing, unless the user
/// asked to keep the computer awake while sound plays; everything is let go at the end.
#[test]
fn only_idle_is_held_while_steps_show_and_sleep_only_when_asked() {
    for keep_awake in [false, true] {
        let rig = rig();
        let mut app = answered(&rig, &[]);
        let mut settings = app.state().settings.clone();
        settings.wind_down.routine = "awake-at-night".into();
        settings.wind_down.tail = lull::domain::schedule::Tail::Minutes(15);
        settings.keep_awake_while_sound = keep_awake;
        app.state_mut().settings = settings;
        let mut h = harness(app);
        assert!(rig.inhibit.now().is_empty(), "nothing held in the library");
        h.key_press(Key::Num2);
        h.run_steps(2);
        click(&mut h, "Start tonight's wind-down");
        assert_eq!(
            rig.inhibit.now(),
            vec![Hold::Idle],
            "the routine: idle only"
        );
        finish_routine(&mut h, &rig.clock);
        assert!(matches!(h.state().state().screen, Screen::Tail { .. }));
        let tail = if keep_awake {
            vec![Hold::IdleAndSleep]
        } else {
            Vec::new()
        };
        assert_eq!(
            rig.inhibit.now(),
            tail,
            "the tail (keep awake: {keep_awake})"
        );
        advance(&mut h, &rig.clock, 15 * 60 + 1);
        assert_eq!(
            h.state().state().screen,
            Screen::Finished { completed: true }
        );
        assert!(rig.inhibit.now().is_empty(), "let go at the end");
    }
    // A daytime routine: idle while it plays, nothing once it is stopped.
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    start(&mut h, "Start Box breathing");
    assert_eq!(rig.inhibit.now(), vec![Hold::Idle]);
    stop(&mut h);
    assert!(rig.inhibit.now().is_empty());
}

/// Issue 13: a suspend mid-session. The session pauses before the computer sleeps and stays
/// paused after it wakes (no sound at full volume in the morning) until Space; a
/// wind-down's tail, sound alone, ends.
#[test]
fn a_suspend_pauses_the_session_and_it_stays_paused_after_waking() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    start(&mut h, "Start Box breathing");
    advance(&mut h, &rig.clock, 5);
    rig.power.0.send(PowerEvent::GoingToSleep).unwrap();
    h.run_steps(2);
    let paused = |h: &Harness<'_, LullApp>| {
        let p = h.state().state().player.as_ref().unwrap();
        p.session.snapshot(rig.clock.now()).state == RunState::Paused
    };
    assert!(paused(&h), "paused before sleep");
    // A night passes (the monotonic clock stops during suspend, but say it did not).
    advance(&mut h, &rig.clock, 8 * 3600);
    rig.power.0.send(PowerEvent::WokeUp).unwrap();
    h.run_steps(2);
    assert!(paused(&h), "still paused after waking");
    assert!(
        h.state()
            .state()
            .toast
            .as_ref()
            .is_some_and(|(t, _)| t.starts_with("Paused while the computer slept"))
    );
    assert!(!h.state().sound_timeline().unwrap().items.is_empty());
    h.key_press(Key::Space);
    h.run_steps(2);
    assert!(!paused(&h), "Space goes on");
}

#[test]
fn a_suspend_during_a_wind_downs_tail_ends_it() {
    let rig = rig();
    let mut app = answered(&rig, &[]);
    let mut settings = app.state().settings.clone();
    settings.wind_down.routine = "awake-at-night".into();
    settings.wind_down.tail = lull::domain::schedule::Tail::UntilStopped;
    app.state_mut().settings = settings;
    let mut h = harness(app);
    h.key_press(Key::Num2);
    h.run_steps(2);
    click(&mut h, "Start tonight's wind-down");
    finish_routine(&mut h, &rig.clock);
    assert!(matches!(h.state().state().screen, Screen::Tail { .. }));
    rig.power.0.send(PowerEvent::GoingToSleep).unwrap();
    h.run_steps(2);
    assert_eq!(
        h.state().state().screen,
        Screen::Finished { completed: true }
    );
}
