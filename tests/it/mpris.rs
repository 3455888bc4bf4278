//! The media service on a real session bus (a private `dbus-daemon`, so nothing of the
//! machine's own desktop is touched), driven by the clients a desktop uses: `playerctl`
//! (what media keys and widgets do) and `dbus-send`. Both are in the test dependencies
//! (scripts/install-deps.sh test); a missing one fails the test, it never passes silently.

#![expect(clippy::unwrap_used, clippy::expect_used, reason = "test helpers")]

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::Receiver;
use std::time::Duration;

use lull::platform::mpris::{
    BUS_NAME, Bus, MediaCommand, MediaService, MediaState, MediaStatus, serve,
};

/// How long a bus round trip may take before the test says it did not come.
const WAIT: Duration = Duration::from_secs(10);

/// Asks `done` every 20 ms until it says yes, for up to [`WAIT`]; whether it did.
fn eventually(mut done: impl FnMut() -> bool) -> bool {
    let tries = WAIT.as_millis() / 20;
    (0..tries).any(|_| {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
        false
    })
}

/// A session bus of the test's own, stopped when dropped.
struct PrivateBus {
    daemon: Child,
    address: String,
    _dir: tempfile::TempDir,
}

impl PrivateBus {
    fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let listen = format!("unix:path={}", dir.path().join("bus").display());
        let mut daemon = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address"])
            .arg(format!("--address={listen}"))
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot run dbus-daemon ({e}): run `scripts/install-deps.sh test`")
            });
        let mut address = String::new();
        BufReader::new(daemon.stdout.take().unwrap())
            .read_line(&mut address)
            .unwrap();
        let address = address.trim().to_owned();
        assert!(!address.is_empty(), "dbus-daemon printed no address");
        Self {
            daemon,
            address,
            _dir: dir,
        }
    }

    /// `program args…` run against this bus (its address in the child's environment only).
    fn run(&self, program: &str, args: &[&str]) -> std::process::Output {
        Command::new(program)
            .args(args)
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .output()
            .unwrap_or_else(|e| {
                panic!("cannot run {program} ({e}): run `scripts/install-deps.sh test`")
            })
    }

    /// `playerctl --player=lull args…`: its output, trimmed, or the failure.
    fn playerctl(&self, args: &[&str]) -> Result<String, String> {
        let out = self.run("playerctl", &[&["--player=lull"], args].concat());
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).trim().to_owned())
        }
    }

    /// Asks again (the state travels through the service's thread) until `want` answers.
    fn playerctl_until(&self, args: &[&str], want: &str) {
        let mut got = Err(String::new());
        let came = eventually(|| {
            got = self.playerctl(args);
            got.as_deref() == Ok(want)
        });
        assert!(came, "playerctl {args:?}: {got:?}, not {want:?}");
    }
}

impl Drop for PrivateBus {
    fn drop(&mut self) {
        self.daemon.kill().ok();
        self.daemon.wait().ok();
    }
}

/// The service on `bus`, counting its wake-up calls.
fn service_on(bus: &PrivateBus) -> (MediaService, Arc<AtomicUsize>) {
    let wakes = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&wakes);
    let service = serve(
        Bus::Address(bus.address.clone()),
        Box::new(move || {
            counter.fetch_add(1, Ordering::SeqCst);
        }),
    )
    .expect("the service starts on the private bus");
    (service, wakes)
}

fn step(title: &str, index: usize, status: MediaStatus) -> MediaState {
    MediaState {
        status,
        title: title.to_owned(),
        album: "Neck release".to_owned(),
        track: format!("neck-release/{index}"),
        length: Duration::from_mins(10),
        position: Duration::from_secs(30),
        can_go_next: true,
        can_go_previous: true,
        can_play: true,
        can_pause: true,
    }
}

fn next_command(commands: &Receiver<MediaCommand>) -> MediaCommand {
    commands
        .recv_timeout(WAIT)
        .expect("the command reaches the app")
}

#[test]
fn playerctl_controls_lull_and_reads_what_plays() {
    let bus = PrivateBus::start();
    let (service, wakes) = service_on(&bus);
    assert_eq!(service.name, BUS_NAME);
    service
        .states
        .send(step("Slow neck turns", 0, MediaStatus::Playing))
        .unwrap();
    bus.playerctl_until(&["status"], "Playing");
    assert_eq!(
        bus.playerctl(&[
            "metadata",
            "--format",
            "{{title}}|{{album}}|{{artist}}|{{mpris:length}}|{{mpris:trackid}}"
        ]),
        Ok(
            "Slow neck turns|Neck release|Neck release|600000000|'/lull/track/neck_release_0'"
                .to_owned()
        )
    );
    // The position moves on by itself while playing (nobody sent it again).
    let position: f64 = bus.playerctl(&["position"]).unwrap().parse().unwrap();
    assert!((30.0..40.0).contains(&position), "{position}");

    for (verb, command) in [
        ("play-pause", MediaCommand::PlayPause),
        ("pause", MediaCommand::Pause),
        ("next", MediaCommand::Next),
        ("previous", MediaCommand::Previous),
        ("stop", MediaCommand::Stop),
    ] {
        let before = wakes.load(Ordering::SeqCst);
        bus.playerctl(&[verb]).unwrap();
        assert_eq!(next_command(&service.commands), command, "{verb}");
        assert!(
            wakes.load(Ordering::SeqCst) > before,
            "{verb} wakes the app"
        );
    }
    // Raise, which playerctl has no verb for, and the player's name.
    let raise = bus.run(
        "dbus-send",
        &[
            "--session",
            "--print-reply",
            &format!("--dest={BUS_NAME}"),
            "/org/mpris/MediaPlayer2",
            "org.mpris.MediaPlayer2.Raise",
        ],
    );
    assert!(raise.status.success(), "{raise:?}");
    assert_eq!(next_command(&service.commands), MediaCommand::Raise);
    let identity = bus.run(
        "dbus-send",
        &[
            "--session",
            "--print-reply",
            &format!("--dest={BUS_NAME}"),
            "/org/mpris/MediaPlayer2",
            "org.freedesktop.DBus.Properties.Get",
            "string:org.mpris.MediaPlayer2",
            "string:Identity",
        ],
    );
    assert!(String::from_utf8_lossy(&identity.stdout).contains("\"Lull\""));

    // Paused: the position stands still where it was sent.
    service
        .states
        .send(MediaState {
            position: Duration::from_secs(95),
            ..step("Slow neck turns", 0, MediaStatus::Paused)
        })
        .unwrap();
    bus.playerctl_until(&["status"], "Paused");
    assert_eq!(bus.playerctl(&["position"]), Ok("95.000000".to_owned()));
    // Nothing to play: playerctl says so, and sends nothing.
    service.states.send(MediaState::default()).unwrap();
    bus.playerctl_until(&["status"], "Stopped");
    assert!(bus.playerctl(&["play"]).is_err());
    assert!(service.commands.try_recv().is_err());
}

/// `playerctl --follow args…`: a line each time the player announces a change.
struct Follow {
    child: Child,
    lines: Receiver<String>,
}

impl Follow {
    fn start(bus: &PrivateBus, args: &[&str]) -> Self {
        let mut child = Command::new("playerctl")
            .args(["--player=lull", "--follow"])
            .args(args)
            .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot run playerctl ({e}): run `scripts/install-deps.sh test`")
            });
        let (lines_tx, lines) = std::sync::mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        std::thread::Builder::new()
            .name("follow".to_owned())
            .spawn(move || {
                for line in BufReader::new(stdout).lines() {
                    let Ok(line) = line else { return };
                    if lines_tx.send(line).is_err() {
                        return;
                    }
                }
            })
            .unwrap();
        Self { child, lines }
    }

    fn next_line(&self) -> String {
        self.lines
            .recv_timeout(WAIT)
            .expect("playerctl printed a change")
    }
}

impl Drop for Follow {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

#[test]
fn changes_are_announced_to_clients_that_follow_them() {
    let bus = PrivateBus::start();
    let (service, _) = service_on(&bus);
    service
        .states
        .send(step("Slow neck turns", 0, MediaStatus::Playing))
        .unwrap();
    bus.playerctl_until(&["status"], "Playing");
    // `--follow` prints a line when the player announces a change (PropertiesChanged): a
    // client that only read the properties once would not see these.
    let follow = Follow::start(&bus, &["metadata", "--format", "{{status}} {{title}}"]);
    assert_eq!(follow.next_line(), "Playing Slow neck turns");
    service
        .states
        .send(step("Slow neck turns", 0, MediaStatus::Paused))
        .unwrap();
    assert_eq!(follow.next_line(), "Paused Slow neck turns");
    service
        .states
        .send(step("Shoulder rolls", 1, MediaStatus::Paused))
        .unwrap();
    assert_eq!(follow.next_line(), "Paused Shoulder rolls");
}

#[test]
fn a_jump_in_position_is_announced_as_seeked() {
    let bus = PrivateBus::start();
    let (service, _) = service_on(&bus);
    let paused = step("Slow neck turns", 0, MediaStatus::Paused);
    service.states.send(paused.clone()).unwrap();
    bus.playerctl_until(&["status"], "Paused");
    let follow = Follow::start(&bus, &["position"]);
    assert_eq!(follow.next_line(), "30.000000");
    // The step starts again: back to 0:00 from 0:30. Only the position changed, so no
    // property is announced: the line below comes from the Seeked signal alone.
    service
        .states
        .send(MediaState {
            position: Duration::ZERO,
            ..paused
        })
        .unwrap();
    assert_eq!(follow.next_line(), "0.000000");
}

#[test]
fn a_second_lull_takes_its_own_instance_name_and_leaving_frees_the_name() {
    let bus = PrivateBus::start();
    let (first, _) = service_on(&bus);
    let (second, _) = service_on(&bus);
    assert_eq!(first.name, BUS_NAME);
    assert_eq!(
        second.name,
        format!("{BUS_NAME}.instance{}", std::process::id())
    );
    // The app closing (its sender dropped) ends the service and gives the name back.
    drop(first);
    let freed = eventually(|| {
        let list = bus.run(
            "dbus-send",
            &[
                "--session",
                "--print-reply",
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.ListNames",
            ],
        );
        !String::from_utf8_lossy(&list.stdout).contains(&format!("\"{BUS_NAME}\""))
    });
    assert!(freed, "the name was kept");
    drop(second);
}

#[test]
fn no_bus_is_no_service_and_no_panic() {
    let dir = tempfile::tempdir().unwrap();
    let nowhere = format!("unix:path={}", dir.path().join("no-bus").display());
    assert!(serve(Bus::Address(nowhere), Box::new(|| {})).is_none());
    assert!(serve(Bus::Address("not an address".to_owned()), Box::new(|| {})).is_none());
}
