//! Media keys and the desktop's media controls in the app, through the channels the MPRIS
//! service would use (the service itself is tested on a real bus in tests/it/mpris.rs).

use std::cell::RefCell;
use std::sync::mpsc::{Receiver, Sender, channel};

use lull::app::MediaLink;
use lull::platform::mpris::{MediaCommand, MediaState, MediaStatus};

use super::*;

/// The bus's side of the app's media link.
pub struct FakeMedia {
    /// Commands as if from a media key.
    pub commands: Sender<MediaCommand>,
    told: Receiver<MediaState>,
    link: RefCell<Option<MediaLink>>,
}

impl FakeMedia {
    pub fn new() -> Self {
        let (commands, from_bus) = channel();
        let (to_bus, told) = channel();
        Self {
            commands,
            told,
            link: RefCell::new(Some(MediaLink {
                commands: from_bus,
                states: to_bus,
                repaint: std::sync::Arc::new(std::sync::OnceLock::new()),
            })),
        }
    }

    /// The app's end, for the first app made from the rig.
    pub fn link(&self) -> Option<MediaLink> {
        self.link.borrow_mut().take()
    }

    /// What the app told the desktop since last asked.
    fn told(&self) -> Vec<MediaState> {
        self.told.try_iter().collect()
    }

    /// Sends `command` as a media key would, and lets the app take it.
    fn press(&self, h: &mut Harness<'_, LullApp>, command: MediaCommand) {
        self.commands.send(command).unwrap();
        h.run_steps(2);
    }
}

/// The one state told since last asked (a change is told once).
fn told_once(rig: &Rig) -> MediaState {
    let told = rig.media.told();
    assert_eq!(told.len(), 1, "{told:#?}");
    told.into_iter().next().unwrap()
}

fn run_state(h: &Harness<'_, LullApp>) -> RunState {
    h.state().state().player.as_ref().unwrap().snapshot.state
}

/// The title of the step on screen, found on screen.
fn step_on_screen(h: &Harness<'_, LullApp>) -> String {
    let p = h.state().state().player.as_ref().unwrap();
    let title = p.session.current_step().unwrap().step.title.clone();
    h.get_by_label(&title);
    title
}

#[test]
fn media_keys_pause_resume_skip_and_stop_a_routine_and_the_desktop_sees_each_step() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    assert_eq!(told_once(&rig), MediaState::default(), "nothing plays");
    start(&mut h, "Start Resonance breathing");
    let playing = rig.media.told().pop().unwrap();
    assert_eq!(playing.status, MediaStatus::Playing);
    assert_eq!(playing.title, step_on_screen(&h));
    assert_eq!(playing.album, "Resonance breathing");
    assert!(playing.can_pause && playing.can_go_next && playing.can_play);
    let length = h
        .state()
        .state()
        .player
        .as_ref()
        .unwrap()
        .snapshot
        .total_duration;
    assert_eq!(playing.length, length);
    // Time moving on tells the desktop nothing: it works the position out itself.
    advance(&mut h, &rig.clock, 5);
    assert_eq!(rig.media.told(), []);

    rig.media.press(&mut h, MediaCommand::PlayPause);
    assert_eq!(run_state(&h), RunState::Paused);
    let paused = told_once(&rig);
    assert_eq!(paused.status, MediaStatus::Paused);
    assert_eq!(paused.position, playing.position + Duration::from_secs(5));
    advance(&mut h, &rig.clock, 60);
    assert_eq!(rig.media.told(), [], "a pause stands still");
    rig.media.press(&mut h, MediaCommand::PlayPause);
    assert_eq!(run_state(&h), RunState::Running);
    assert_eq!(told_once(&rig).status, MediaStatus::Playing);

    rig.media.press(&mut h, MediaCommand::Next);
    h.get_by_label_contains("Step 2 of 3");
    let second = told_once(&rig);
    assert_eq!(second.title, step_on_screen(&h));
    assert_ne!(second.title, playing.title);
    assert_ne!(second.track, playing.track);
    rig.media.press(&mut h, MediaCommand::Previous);
    h.get_by_label_contains("Step 1 of 3");
    assert_eq!(told_once(&rig).title, playing.title);

    rig.media.press(&mut h, MediaCommand::Stop);
    assert_eq!(
        h.state().state().screen,
        Screen::Finished { completed: false }
    );
    let stopped = told_once(&rig);
    assert_eq!(stopped.status, MediaStatus::Stopped);
    assert!(stopped.can_play, "Resume is offered");
    assert_eq!(stopped.title, playing.title);
    // Play goes on where it stopped, as Resume does.
    rig.media.press(&mut h, MediaCommand::Play);
    assert_eq!(h.state().state().screen, Screen::Player);
    h.get_by_label_contains("Step 1 of 3");
    assert_eq!(told_once(&rig).status, MediaStatus::Playing);
}

#[test]
fn a_media_key_never_ends_a_routine_by_next_and_pause_does_nothing_while_paused() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    start(&mut h, "Start Resonance breathing");
    rig.media.press(&mut h, MediaCommand::Next);
    rig.media.press(&mut h, MediaCommand::Next);
    h.get_by_label_contains("Step 3 of 3");
    let last = rig.media.told().pop().unwrap();
    assert!(!last.can_go_next, "the desktop greys Next on the last step");
    rig.media.press(&mut h, MediaCommand::Next);
    assert_eq!(h.state().state().screen, Screen::Player);
    h.get_by_label_contains("Step 3 of 3");
    rig.media.press(&mut h, MediaCommand::Pause);
    rig.media.press(&mut h, MediaCommand::Pause);
    assert_eq!(run_state(&h), RunState::Paused);
    rig.media.press(&mut h, MediaCommand::Play);
    assert_eq!(run_state(&h), RunState::Running);
    // A pause by the space bar is told too.
    rig.media.told();
    h.key_press(Key::Space);
    h.run_steps(1);
    assert_eq!(told_once(&rig).status, MediaStatus::Paused);
}

#[test]
fn stop_ends_the_wind_downs_sound_and_raise_wakes_a_dark_screen() {
    let rig = rig();
    let mut app = answered(&rig, &[]);
    app.state_mut().settings.wind_down.tail = lull::domain::schedule::Tail::Minutes(15);
    let mut h = harness(app);
    h.key_press(Key::Num2);
    h.run_steps(2);
    click(&mut h, "Start tonight's wind-down");
    advance(&mut h, &rig.clock, 11);
    h.get_by_label_contains("Screen is dark");
    rig.media.press(&mut h, MediaCommand::Raise);
    assert!(h.query_by_label_contains("Screen is dark").is_none());
    finish_routine(&mut h, &rig.clock);
    assert!(matches!(h.state().state().screen, Screen::Tail { .. }));
    let tail = rig.media.told().pop().unwrap();
    assert_eq!(tail.status, MediaStatus::Playing);
    assert!(!tail.can_pause, "the sound after a wind-down has no pause");
    rig.media.press(&mut h, MediaCommand::PlayPause);
    assert!(matches!(h.state().state().screen, Screen::Tail { .. }));
    rig.media.press(&mut h, MediaCommand::Stop);
    assert_eq!(
        h.state().state().screen,
        Screen::Finished { completed: true }
    );
    assert_eq!(told_once(&rig), MediaState::default());
}

#[test]
fn media_keys_pause_and_stop_just_sound_and_the_desktop_sees_its_timer() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    h.key_press(Key::Num2);
    h.run_steps(2);
    rig.media.told();
    click(&mut h, "Play Night sea for 45 min");
    let state = rig.media.told().pop().unwrap();
    assert_eq!(state.status, MediaStatus::Playing);
    assert_eq!(state.title, "Night sea");
    assert_eq!(state.album, "Just sound");
    assert_eq!(state.length, Duration::from_mins(45));
    assert!(!state.can_go_next && !state.can_go_previous);
    advance(&mut h, &rig.clock, 60);
    rig.media.press(&mut h, MediaCommand::PlayPause);
    let session = h.state().state().sound_session.as_ref().unwrap();
    assert!(!session.is_running(), "the media key paused it");
    let state = rig.media.told().pop().unwrap();
    assert_eq!(state.status, MediaStatus::Paused);
    assert_eq!(state.position, Duration::from_mins(1));
    rig.media.press(&mut h, MediaCommand::Play);
    assert!(
        h.state()
            .state()
            .sound_session
            .as_ref()
            .unwrap()
            .is_running()
    );
    rig.media.press(&mut h, MediaCommand::Stop);
    assert_eq!(
        h.state().state().screen,
        Screen::SoundEnded { completed: false }
    );
}
