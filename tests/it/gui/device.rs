//! The sound output lost mid-session (headphones unplugged, a Bluetooth switch, the sound
//! server restarting), with a fake device that fails on demand: the app opens one again at
//! once and gives it the session where it is, tries again with growing waits while none
//! opens, and says so once.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use lull::audio::device::{AudioError, OpenOutput, Output, Wake};
use lull::audio::engine::EngineCommand;
use lull::domain::soundscape::{Timeline, TimelineItem};
use lull::ui::model::SOUND_LOST_NOTICE;

use super::voice::until;
use super::*;

/// Output devices that come and go: what the app opens through its `OpenOutput`.
#[derive(Clone, Default)]
pub struct FakeDevices(Arc<Mutex<Devices>>);

#[derive(Default)]
struct Devices {
    /// The rate of the device there is to open (`None`: no device).
    present: Option<u32>,
    /// Attempts to open one, successful or not.
    attempts: usize,
    /// Every output opened, in order.
    opened: Vec<Arc<FakeOutput>>,
}

/// One opened output: what it was sent, and whether it failed or was closed.
pub struct FakeOutput {
    rate: u32,
    commands: Mutex<Vec<EngineCommand>>,
    lost: Mutex<Option<String>>,
    wake: Wake,
    closed: AtomicBool,
}

/// What the app holds: dropping it closes the output.
struct Handle(Arc<FakeOutput>);

impl Drop for Handle {
    fn drop(&mut self) {
        self.0.closed.store(true, Ordering::Relaxed);
    }
}

impl Output for Handle {
    fn rate(&self) -> u32 {
        self.0.rate
    }

    fn send(&self, command: EngineCommand) -> bool {
        self.0.commands.lock().unwrap().push(command);
        true
    }

    fn lost(&self) -> Option<String> {
        self.0.lost.lock().unwrap().clone()
    }
}

impl OpenOutput for FakeDevices {
    fn open(&self, wake: Wake) -> Result<Box<dyn Output>, AudioError> {
        let mut d = self.0.lock().unwrap();
        d.attempts += 1;
        let Some(rate) = d.present else {
            return Err(AudioError::NoDevice("no sound card in tests".to_owned()));
        };
        let out = Arc::new(FakeOutput {
            rate,
            commands: Mutex::new(Vec::new()),
            lost: Mutex::new(None),
            wake,
            closed: AtomicBool::new(false),
        });
        d.opened.push(Arc::clone(&out));
        Ok(Box::new(Handle(out)))
    }
}

impl FakeDevices {
    /// A device at `rate` is there to open.
    pub fn plug_in(&self, rate: u32) {
        self.0.lock().unwrap().present = Some(rate);
    }

    /// The output playing fails (its watcher says why and wakes the app); with `gone`, no
    /// device is left to open.
    fn fail(&self, gone: bool) {
        let current = {
            let mut d = self.0.lock().unwrap();
            if gone {
                d.present = None;
            }
            d.opened.last().cloned()
        };
        let out = current.unwrap();
        *out.lost.lock().unwrap() = Some("the headphones were unplugged".to_owned());
        (out.wake)();
    }

    fn attempts(&self) -> usize {
        self.0.lock().unwrap().attempts
    }

    fn opened(&self) -> usize {
        self.0.lock().unwrap().opened.len()
    }

    fn last(&self) -> Arc<FakeOutput> {
        self.0.lock().unwrap().opened.last().cloned().unwrap()
    }
}

impl FakeOutput {
    fn clips(&self) -> Vec<String> {
        let mut texts: Vec<String> = self
            .commands
            .lock()
            .unwrap()
            .iter()
            .filter_map(|c| match c {
                EngineCommand::AddClip { text, .. } => Some(text.clone()),
                _ => None,
            })
            .collect();
        texts.sort();
        texts.dedup();
        texts
    }

    fn timeline(&self) -> Option<(Timeline, bool)> {
        self.commands
            .lock()
            .unwrap()
            .iter()
            .rev()
            .find_map(|c| match c {
                EngineCommand::SetTimeline { timeline, running } => {
                    Some((timeline.clone(), *running))
                }
                _ => None,
            })
    }

    /// The master gains it was sent, in order.
    fn masters(&self) -> Vec<f32> {
        self.commands
            .lock()
            .unwrap()
            .iter()
            .filter_map(|c| match c {
                EngineCommand::SetMaster { gain, .. } => Some(*gain),
                _ => None,
            })
            .collect()
    }

    fn layers(&self) -> Option<usize> {
        self.commands
            .lock()
            .unwrap()
            .iter()
            .rev()
            .find_map(|c| match c {
                EngineCommand::SetLayers { layers, .. } => Some(layers.len()),
                _ => None,
            })
    }

    fn sent(&self, what: fn(&EngineCommand) -> bool) -> bool {
        self.commands.lock().unwrap().iter().any(what)
    }

    /// Whether the app closed it (off its UI thread), waiting up to 2 s.
    fn closed_soon(&self) -> bool {
        for _ in 0..200 {
            if self.closed.load(Ordering::Relaxed) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        false
    }
}

fn lost_notices(h: &Harness<'_, LullApp>) -> usize {
    h.state()
        .state()
        .notices
        .iter()
        .filter(|n| n.text == SOUND_LOST_NOTICE)
        .count()
}

fn session_time(h: &Harness<'_, LullApp>, rig: &Rig) -> Duration {
    let p = h.state().state().player.as_ref().unwrap();
    p.session.session_time_at(rig.clock_now())
}

fn step(h: &mut Harness<'_, LullApp>, rig: &Rig, by: Duration) {
    rig.clock.advance(by);
    h.run_steps(1);
}

#[test]
fn a_device_lost_mid_routine_is_opened_again_at_once_with_the_session_where_it_is() {
    let rig = rig();
    rig.devices.plug_in(48_000);
    let mut h = harness(answered(&rig, &[]));
    start(&mut h, "Start Box breathing");
    // The voice's first lines reach the device, and the volume is not the default.
    until(&mut h, |_| rig.devices.last().clips().len() >= 2);
    h.key_press(Key::Minus);
    h.run_steps(2);
    advance(&mut h, &rig.clock, 20);
    let before = rig.devices.last();
    let clips = before.clips();
    let opened = rig.devices.opened();
    let layers = h.state().state().mixer.layers.len();
    assert!(layers > 0 && before.layers() == Some(layers));

    rig.devices.fail(false);
    // The watcher's wake asks the window for a frame at once.
    assert!(h.ctx.has_requested_repaint());
    step(&mut h, &rig, Duration::from_millis(100));

    assert_eq!(
        rig.devices.opened(),
        opened + 1,
        "opened again in the next frame"
    );
    let after = rig.devices.last();
    let volume = h.state().state().settings.audio.effective_master();
    assert!((volume - 0.9).abs() < 1e-6);
    assert_eq!(after.masters(), vec![volume], "the volume as set");
    assert!(after.sent(|c| matches!(c, EngineCommand::SetCueVolume(v) if *v > 0.0)));
    assert!(after.sent(|c| matches!(c, EngineCommand::SetPacerTone(_))));
    assert!(after.sent(|c| matches!(c, EngineCommand::SetVoiceLevel(v) if *v > 0.0)));
    assert_eq!(after.clips(), clips, "every clip of the voice");
    assert_eq!(after.layers(), Some(layers), "the whole mix");
    let (timeline, running) = after.timeline().unwrap();
    assert!(running);
    let sent = h.state().sound_timeline().unwrap();
    assert_eq!(timeline.items, sent.items, "the session's timeline");
    // From the session time reached, not the time it was first sent.
    let now = session_time(&h, &rig);
    assert!(now >= Duration::from_secs(20));
    assert!(
        timeline.from.abs_diff(now) < Duration::from_millis(1),
        "{:?} vs {now:?}",
        timeline.from
    );
    // The lost output is closed (off the UI thread); nothing to say.
    assert!(before.closed_soon());
    assert_eq!(lost_notices(&h), 0);
    // The session went on meanwhile.
    advance(&mut h, &rig.clock, 5);
    assert!(session_time(&h, &rig) >= now + Duration::from_secs(5));
}

#[test]
fn a_device_that_stays_lost_is_tried_with_growing_waits_and_said_once() {
    let rig = rig();
    rig.devices.plug_in(48_000);
    let mut h = harness(answered(&rig, &[]));
    start(&mut h, "Start Box breathing");
    until(&mut h, |_| !rig.devices.last().clips().is_empty());
    advance(&mut h, &rig.clock, 5);
    // Paused: nothing else asks for frames, so the retries must.
    h.key_press(Key::Space);
    h.run_steps(2);
    let paused_at = session_time(&h, &rig);
    let first = rig.devices.attempts();

    rig.devices.fail(true);
    let mut tries = Vec::new();
    let mut said_at = None;
    let mut t = Duration::ZERO;
    while t < Duration::from_secs(70) {
        step(&mut h, &rig, Duration::from_millis(100));
        t += Duration::from_millis(100);
        // The window is woken when the next attempt (or the notice) is due.
        let wait = h.state().next_repaint(rig.clock_now());
        assert!(
            wait.is_some_and(|w| w <= Duration::from_secs(31)),
            "{wait:?}"
        );
        while rig.devices.attempts() > first + tries.len() {
            tries.push(t);
        }
        if said_at.is_none() && lost_notices(&h) > 0 {
            said_at = Some(t);
            // Shown where the user is (the player has no notice bar): a toast too.
            let toast = h.state().state().toast.as_ref().map(|(t, _)| t.as_str());
            assert_eq!(toast, Some(SOUND_LOST_NOTICE));
        }
    }
    let secs: Vec<f32> = tries.iter().map(Duration::as_secs_f32).collect();
    // At once, then after 0.5, 1, 2, 4, 8, 16 s, then every 30 s: never a busy loop.
    let expected = [0.1, 0.6, 1.6, 3.6, 7.6, 15.6, 31.6, 61.6];
    assert_eq!(secs.len(), expected.len(), "{secs:?}");
    for (got, want) in secs.iter().zip(expected) {
        assert!((got - want).abs() < 0.15, "{secs:?}");
    }
    // Said once, when it had been lost for two seconds.
    let said_at = said_at.unwrap().as_secs_f32();
    assert!((2.0..2.3).contains(&said_at), "{said_at}");
    assert_eq!(lost_notices(&h), 1);

    // The device comes back at another rate, at the next attempt: the notice goes, the
    // paused session is where it was, and the voice's lines are made again at the new rate.
    let said = rig.voices.said.lock().unwrap().len();
    let opened = rig.devices.opened();
    rig.devices.plug_in(44_100);
    for _ in 0..320 {
        step(&mut h, &rig, Duration::from_millis(100));
    }
    assert_eq!(rig.devices.opened(), opened + 1);
    assert_eq!(lost_notices(&h), 0);
    let back = rig.devices.last();
    let (timeline, running) = back.timeline().unwrap();
    assert!(!running, "still paused");
    assert_eq!(timeline.from, paused_at);
    until(&mut h, |_| rig.voices.said.lock().unwrap().len() > said);
    until(&mut h, |_| !back.clips().is_empty());
}

#[test]
fn a_wind_downs_tail_plays_on_through_a_lost_device() {
    let rig = rig();
    rig.devices.plug_in(48_000);
    let mut app = answered(&rig, &[]);
    let mut settings = app.state().settings.clone();
    settings.wind_down.routine = "awake-at-night".into();
    settings.wind_down.tail = lull::domain::schedule::Tail::Minutes(30);
    app.state_mut().settings = settings;
    let mut h = harness(app);
    h.key_press(Key::Num2);
    h.run_steps(2);
    click(&mut h, "Start tonight's wind-down");
    let end = h
        .state()
        .state()
        .player
        .as_ref()
        .unwrap()
        .snapshot
        .total_remaining;
    finish_routine(&mut h, &rig.clock);
    assert!(matches!(h.state().state().screen, Screen::Tail { .. }));
    advance(&mut h, &rig.clock, 600);
    let layers = rig.devices.last().layers();

    rig.devices.fail(false);
    step(&mut h, &rig, Duration::from_millis(100));
    let back = rig.devices.last();
    assert_eq!(back.layers(), layers, "the ambience plays on");
    let (timeline, running) = back.timeline().unwrap();
    assert!(running);
    assert!(
        timeline
            .items
            .iter()
            .any(|i| matches!(i, TimelineItem::FadeOut { .. })),
        "the fade is still to come"
    );
    // Ten minutes and a bit into the tail (the session time ran on from the routine's end).
    let into_tail = timeline.from.saturating_sub(end);
    assert!(
        into_tail >= Duration::from_mins(10) && into_tail < Duration::from_secs(603),
        "{into_tail:?}"
    );
}

#[test]
fn a_device_lost_while_the_computer_sleeps_comes_back_faded_out() {
    let rig = rig();
    rig.devices.plug_in(48_000);
    let mut h = harness(answered(&rig, &[]));
    start(&mut h, "Start Box breathing");
    advance(&mut h, &rig.clock, 5);
    rig.power.0.send(PowerEvent::GoingToSleep).unwrap();
    h.run_steps(2);
    let opened = rig.devices.opened();
    rig.devices.fail(false);
    step(&mut h, &rig, Duration::from_millis(100));
    assert_eq!(rig.devices.opened(), opened + 1);
    let masters = rig.devices.last().masters();
    assert_eq!(masters.last(), Some(&0.0), "{masters:?}");
    // Resuming brings the sound back, as it would have without the loss.
    h.key_press(Key::Space);
    h.run_steps(2);
    assert!(rig.devices.last().masters().last().unwrap() > &0.0);
}

#[test]
fn no_device_at_start_up_is_never_tried_again() {
    let rig = rig();
    let mut h = harness(answered(&rig, &[]));
    start(&mut h, "Start Box breathing");
    for _ in 0..60 {
        advance(&mut h, &rig.clock, 1);
    }
    assert_eq!(rig.devices.attempts(), 1, "the start-up probe only");
    assert_eq!(lost_notices(&h), 0);
}

#[test]
fn an_idle_output_is_released_and_opened_again_through_the_same_path() {
    let rig = rig();
    rig.devices.plug_in(48_000);
    let mut h = harness(answered(&rig, &[]));
    // The start-up probe is released at the first frame.
    assert!(rig.devices.last().closed_soon());
    start(&mut h, "Start Box breathing");
    assert_eq!(rig.devices.opened(), 2);
    assert!(rig.devices.last().layers().is_some());
    stop(&mut h);
    // Released a few seconds after the sound stops: the window is woken for it.
    let wait = h.state().next_repaint(rig.clock_now()).unwrap();
    assert!(wait <= Duration::from_secs(6), "{wait:?}");
    advance(&mut h, &rig.clock, 6);
    assert!(rig.devices.last().closed_soon());
    assert_eq!(h.state().next_repaint(rig.clock_now()), None);
    // Losing nothing: an idle app never reopens by itself.
    advance(&mut h, &rig.clock, 60);
    assert_eq!(rig.devices.attempts(), 2);
}

#[test]
fn a_routine_started_after_the_sound_was_lost_opens_the_device_at_once() {
    let rig = rig();
    rig.devices.plug_in(48_000);
    let mut h = harness(answered(&rig, &[]));
    start(&mut h, "Start Box breathing");
    rig.devices.fail(true);
    for _ in 0..30 {
        step(&mut h, &rig, Duration::from_millis(100));
    }
    assert_eq!(lost_notices(&h), 1);
    // Stopped: nothing needs sound, so nothing is tried any more; the notice stays.
    stop(&mut h);
    click(&mut h, "Back to my routines");
    advance(&mut h, &rig.clock, 10);
    let tried = rig.devices.attempts();
    advance(&mut h, &rig.clock, 120);
    assert_eq!(rig.devices.attempts(), tried, "no attempts while idle");
    assert_eq!(h.state().next_repaint(rig.clock_now()), None);
    assert_eq!(lost_notices(&h), 1);
    // The headphones are back and a routine starts: opened at once, not at the next wait.
    rig.devices.plug_in(48_000);
    let opened = rig.devices.opened();
    start(&mut h, "Start Box breathing");
    assert_eq!(rig.devices.opened(), opened + 1);
    assert!(rig.devices.last().layers().is_some());
    assert_eq!(lost_notices(&h), 0);
    let toast = h.state().state().toast.as_ref().map(|(t, _)| t.clone());
    assert_eq!(toast.as_deref(), Some("Sound is back"));
}
