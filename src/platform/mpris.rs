//! Media keys and the desktop's media controls (GNOME's and KDE's media widgets,
//! `playerctl`): Lull as an MPRIS player, `org.mpris.MediaPlayer2.lull` on the session bus.
//!
//! What the bus asks for (play, pause, next…) arrives on a channel, with a wake-up call so
//! the app takes it at once; what the app plays is sent the other way as a [`MediaState`]
//! whenever it changes, and the service announces what changed (`PropertiesChanged`, and
//! `Seeked` when the position jumps). The position is worked out when asked, from the last
//! one sent and the time since, so the app never sends it every frame. No session bus: no
//! service, one log line.

use std::collections::HashMap;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use zbus::zvariant::{ObjectPath, OwnedValue, Value};

use crate::clock::{Clock, MonotonicClock};

/// The name Lull asks for on the bus (a second Lull takes `….instance<pid>`, as the
/// specification says).
pub const BUS_NAME: &str = "org.mpris.MediaPlayer2.lull";

/// Where the player is served.
const PATH: &str = "/org/mpris/MediaPlayer2";

/// The player's interface, as named in the signals.
const PLAYER: &str = "org.mpris.MediaPlayer2.Player";

/// The track id meaning "nothing is loaded".
const NO_TRACK: &str = "/org/mpris/MediaPlayer2/TrackList/NoTrack";

/// How long start-up waits for the bus before going on without media keys.
const CONNECT_WAIT: Duration = Duration::from_secs(2);

/// A position further than this from where it should be has jumped (a step restarted or
/// skipped).
const JUMP: Duration = Duration::from_millis(500);

/// What the desktop asks Lull to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MediaCommand {
    /// Play (resume a pause, or a stopped session).
    Play,
    /// Pause.
    Pause,
    /// Pause if playing, play otherwise (the play/pause media key).
    PlayPause,
    /// The next step.
    Next,
    /// The previous step (the first one starts again).
    Previous,
    /// Stop.
    Stop,
    /// Show the window.
    Raise,
}

/// Whether something plays.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MediaStatus {
    /// Playing.
    Playing,
    /// Paused.
    Paused,
    /// Nothing playing.
    #[default]
    Stopped,
}

impl MediaStatus {
    /// MPRIS's word for it.
    pub const fn mpris(self) -> &'static str {
        match self {
            Self::Playing => "Playing",
            Self::Paused => "Paused",
            Self::Stopped => "Stopped",
        }
    }
}

/// What the desktop is told about what plays: filled by the app from whatever plays (a
/// routine's step, sound alone), sent when it changes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "MPRIS's own flags, each its own property"
)]
pub struct MediaState {
    /// Playing, paused or stopped.
    pub status: MediaStatus,
    /// What plays now (a routine's step): `xesam:title`. Empty: nothing is loaded.
    pub title: String,
    /// What it is part of (the routine): `xesam:album`, and `xesam:artist`, which is what
    /// GNOME shows under the title.
    pub album: String,
    /// Names what plays, stably (the routine's id and the step), for `mpris:trackid`: any
    /// text, made into an object path.
    pub track: String,
    /// How long the whole plays (`mpris:length`; zero: not known).
    pub length: Duration,
    /// Where it stands, at the moment it is sent.
    pub position: Duration,
    /// Next leads somewhere.
    pub can_go_next: bool,
    /// Previous leads somewhere.
    pub can_go_previous: bool,
    /// Something is there to play or go on with (true while it plays, too: MPRIS asks for
    /// what the track allows, not for what would change now, and `playerctl` ignores a
    /// player that cannot play).
    pub can_play: bool,
    /// What is there can be paused (true while paused, too).
    pub can_pause: bool,
}

impl MediaState {
    /// Where it stands `elapsed` after it was sent: moving on while it plays, never past
    /// its length.
    pub fn position_after(&self, elapsed: Duration) -> Duration {
        let moved = if self.status == MediaStatus::Playing {
            self.position + elapsed
        } else {
            self.position
        };
        if self.length.is_zero() {
            moved
        } else {
            moved.min(self.length)
        }
    }

    /// Whether `next` says nothing new: everything the same, and its position where this
    /// one's would be `elapsed` later (give or take half a second).
    pub fn continues_as(&self, next: &Self, elapsed: Duration) -> bool {
        let same_but_position = Self {
            position: next.position,
            ..self.clone()
        } == *next;
        same_but_position && !jumped(self.position_after(elapsed), next.position)
    }

    /// `mpris:trackid`: the track as an object path (`/lull/track/<letters, digits and _>`).
    fn track_path(&self) -> ObjectPath<'static> {
        if self.track.is_empty() {
            return ObjectPath::from_static_str_unchecked(NO_TRACK);
        }
        let element: String = self
            .track
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        ObjectPath::try_from(format!("/lull/track/{element}"))
            .unwrap_or_else(|_| ObjectPath::from_static_str_unchecked(NO_TRACK))
    }

    /// The `Metadata` property: the track id, and the title, album, artist and length
    /// where known.
    fn track_metadata(&self) -> HashMap<String, OwnedValue> {
        let mut entries: Vec<(&str, Value<'static>)> =
            vec![("mpris:trackid", self.track_path().into())];
        if !self.title.is_empty() {
            entries.push(("xesam:title", self.title.clone().into()));
        }
        if !self.album.is_empty() {
            entries.push(("xesam:album", self.album.clone().into()));
            entries.push(("xesam:artist", vec![self.album.clone()].into()));
        }
        if !self.length.is_zero() {
            entries.push(("mpris:length", micros(self.length).into()));
        }
        entries
            .into_iter()
            .filter_map(|(key, value)| Some((key.to_owned(), OwnedValue::try_from(value).ok()?)))
            .collect()
    }
}

/// Whether two positions are further apart than a jump.
fn jumped(a: Duration, b: Duration) -> bool {
    a.abs_diff(b) > JUMP
}

/// A time in MPRIS's microseconds.
fn micros(d: Duration) -> i64 {
    i64::try_from(d.as_micros()).unwrap_or(i64::MAX)
}

/// Which bus to serve on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Bus {
    /// The user's session bus.
    Session,
    /// The bus at this D-Bus address (tests run a private one).
    Address(String),
}

/// The service running: commands from the bus come out of `commands`; what plays goes
/// into `states`. Dropping `states` ends it (and frees the name).
pub struct MediaService {
    /// What the desktop asked for.
    pub commands: Receiver<MediaCommand>,
    /// What plays, sent whenever it changes.
    pub states: Sender<MediaState>,
    /// The name owned on the bus.
    pub name: String,
}

/// The last state sent, and when it arrived (the service's clock).
#[derive(Default)]
struct Published {
    state: MediaState,
    at: Duration,
}

/// The published state, even if a thread panicked while holding it.
fn lock(shared: &Mutex<Published>) -> MutexGuard<'_, Published> {
    shared.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Passes a command on to the app and wakes it.
#[derive(Clone)]
struct Commands {
    to_app: Sender<MediaCommand>,
    wake: Arc<dyn Fn() + Send + Sync>,
}

impl Commands {
    fn send(&self, command: MediaCommand) {
        log::debug!("media control: {command:?}");
        if self.to_app.send(command).is_ok() {
            (self.wake)();
        }
    }
}

/// `org.mpris.MediaPlayer2`: who Lull is.
struct Root {
    commands: Commands,
}

#[zbus::interface(name = "org.mpris.MediaPlayer2")]
#[expect(clippy::unused_self, reason = "D-Bus methods and properties take self")]
impl Root {
    fn raise(&self) {
        self.commands.send(MediaCommand::Raise);
    }

    /// Lull is closed from its window only (`CanQuit` is false).
    fn quit(&self) {}

    #[zbus(property(emits_changed_signal = "const"))]
    fn can_quit(&self) -> bool {
        false
    }

    #[zbus(property(emits_changed_signal = "const"))]
    fn can_raise(&self) -> bool {
        true
    }

    #[zbus(property(emits_changed_signal = "const"))]
    fn has_track_list(&self) -> bool {
        false
    }

    #[zbus(property(emits_changed_signal = "const"))]
    fn identity(&self) -> String {
        "Lull".to_owned()
    }

    /// The window's app id (`lull.desktop` where Lull is installed with one).
    #[zbus(property(emits_changed_signal = "const"))]
    fn desktop_entry(&self) -> String {
        "lull".to_owned()
    }

    #[zbus(property(emits_changed_signal = "const"))]
    fn supported_uri_schemes(&self) -> Vec<String> {
        Vec::new()
    }

    #[zbus(property(emits_changed_signal = "const"))]
    fn supported_mime_types(&self) -> Vec<String> {
        Vec::new()
    }
}

/// `org.mpris.MediaPlayer2.Player`: what plays, and the controls.
struct Player {
    commands: Commands,
    shared: Arc<Mutex<Published>>,
    clock: MonotonicClock,
}

impl Player {
    fn state(&self) -> MediaState {
        lock(&self.shared).state.clone()
    }
}

#[zbus::interface(name = "org.mpris.MediaPlayer2.Player")]
#[expect(clippy::unused_self, reason = "D-Bus methods and properties take self")]
impl Player {
    fn next(&self) {
        self.commands.send(MediaCommand::Next);
    }

    fn previous(&self) {
        self.commands.send(MediaCommand::Previous);
    }

    fn pause(&self) {
        self.commands.send(MediaCommand::Pause);
    }

    fn play_pause(&self) {
        self.commands.send(MediaCommand::PlayPause);
    }

    fn stop(&self) {
        self.commands.send(MediaCommand::Stop);
    }

    fn play(&self) {
        self.commands.send(MediaCommand::Play);
    }

    /// Sessions keep their own time (`CanSeek` is false): ignored, as the specification
    /// says.
    fn seek(&self, offset: i64) {
        log::debug!("media control: seek by {offset} µs ignored (Lull cannot seek)");
    }

    /// Ignored, as [`Self::seek`].
    #[expect(
        clippy::needless_pass_by_value,
        reason = "zbus hands the arguments over by value"
    )]
    fn set_position(&self, track_id: ObjectPath<'_>, position: i64) {
        log::debug!("media control: {track_id} to {position} µs ignored (Lull cannot seek)");
    }

    fn open_uri(&self, uri: &str) -> zbus::fdo::Result<()> {
        Err(zbus::fdo::Error::NotSupported(format!(
            "Lull plays its own routines only, not {uri}"
        )))
    }

    /// The position jumped (a step restarted or skipped).
    #[zbus(signal)]
    async fn seeked(
        emitter: &zbus::object_server::SignalEmitter<'_>,
        position: i64,
    ) -> zbus::Result<()>;

    #[zbus(property)]
    fn playback_status(&self) -> String {
        self.state().status.mpris().to_owned()
    }

    #[zbus(property(emits_changed_signal = "const"))]
    fn rate(&self) -> f64 {
        1.0
    }

    #[zbus(property(emits_changed_signal = "const"))]
    fn minimum_rate(&self) -> f64 {
        1.0
    }

    #[zbus(property(emits_changed_signal = "const"))]
    fn maximum_rate(&self) -> f64 {
        1.0
    }

    #[zbus(property)]
    fn metadata(&self) -> HashMap<String, OwnedValue> {
        self.state().track_metadata()
    }

    /// Lull's own volume is in its window; here it reads full.
    #[zbus(property(emits_changed_signal = "const"))]
    fn volume(&self) -> f64 {
        1.0
    }

    /// Worked out when asked: the position last sent, moved on by the time since while
    /// playing.
    #[zbus(property(emits_changed_signal = "false"))]
    fn position(&self) -> i64 {
        let published = lock(&self.shared);
        let elapsed = self.clock.now().saturating_sub(published.at);
        micros(published.state.position_after(elapsed))
    }

    #[zbus(property)]
    fn can_go_next(&self) -> bool {
        self.state().can_go_next
    }

    #[zbus(property)]
    fn can_go_previous(&self) -> bool {
        self.state().can_go_previous
    }

    #[zbus(property)]
    fn can_play(&self) -> bool {
        self.state().can_play
    }

    #[zbus(property)]
    fn can_pause(&self) -> bool {
        self.state().can_pause
    }

    #[zbus(property(emits_changed_signal = "const"))]
    fn can_seek(&self) -> bool {
        false
    }

    #[zbus(property(emits_changed_signal = "const"))]
    fn can_control(&self) -> bool {
        true
    }
}

/// Connects to `bus`, serves both interfaces and takes the name (or the per-instance name
/// when another Lull has it).
fn connect(
    bus: &Bus,
    commands: &Commands,
    shared: &Arc<Mutex<Published>>,
    clock: MonotonicClock,
) -> zbus::Result<(zbus::blocking::Connection, String)> {
    let builder = match bus {
        Bus::Session => zbus::blocking::connection::Builder::session()?,
        Bus::Address(address) => zbus::blocking::connection::Builder::address(address.as_str())?,
    };
    let conn = builder
        .serve_at(
            PATH,
            Root {
                commands: commands.clone(),
            },
        )?
        .serve_at(
            PATH,
            Player {
                commands: commands.clone(),
                shared: Arc::clone(shared),
                clock,
            },
        )?
        .build()?;
    // Not queued behind another Lull: that one keeps the name, this one takes its own.
    let only_if_free = zbus::fdo::RequestNameFlags::DoNotQueue.into();
    let name = match conn.request_name_with_flags(BUS_NAME, only_if_free) {
        Ok(_) => BUS_NAME.to_owned(),
        Err(zbus::Error::NameTaken) => {
            let name = format!("{BUS_NAME}.instance{}", std::process::id());
            conn.request_name_with_flags(name.as_str(), only_if_free)?;
            name
        }
        Err(e) => return Err(e),
    };
    Ok((conn, name))
}

/// What changed between two states, as `PropertiesChanged` carries it.
fn changes(before: &MediaState, after: &MediaState) -> HashMap<&'static str, Value<'static>> {
    let mut changed: HashMap<&'static str, Value<'static>> = HashMap::new();
    if before.status != after.status {
        changed.insert("PlaybackStatus", after.status.mpris().into());
    }
    let metadata = |s: &MediaState| (s.title.clone(), s.album.clone(), s.track.clone(), s.length);
    if metadata(before) != metadata(after) {
        changed.insert("Metadata", after.track_metadata().into());
    }
    for (name, was, is) in [
        ("CanGoNext", before.can_go_next, after.can_go_next),
        (
            "CanGoPrevious",
            before.can_go_previous,
            after.can_go_previous,
        ),
        ("CanPlay", before.can_play, after.can_play),
        ("CanPause", before.can_pause, after.can_pause),
    ] {
        if was != is {
            changed.insert(name, is.into());
        }
    }
    changed
}

/// Takes each state the app sends and announces what changed, until the app is gone.
fn publish(
    conn: &zbus::blocking::Connection,
    shared: &Mutex<Published>,
    states: &Receiver<MediaState>,
    clock: MonotonicClock,
) {
    let mut said_failure = false;
    for state in states {
        let now = clock.now();
        let before = std::mem::replace(
            &mut *lock(shared),
            Published {
                state: state.clone(),
                at: now,
            },
        );
        let changed = changes(&before.state, &state);
        let expected = before.state.position_after(now.saturating_sub(before.at));
        let mut sent = Ok(());
        if !changed.is_empty() {
            sent = conn.emit_signal(
                None::<()>,
                PATH,
                "org.freedesktop.DBus.Properties",
                "PropertiesChanged",
                &(PLAYER, changed, Vec::<&str>::new()),
            );
        }
        if sent.is_ok() && jumped(expected, state.position) {
            sent = conn.emit_signal(
                None::<()>,
                PATH,
                PLAYER,
                "Seeked",
                &(micros(state.position),),
            );
        }
        if let Err(e) = sent
            && !std::mem::replace(&mut said_failure, true)
        {
            log::warn!("cannot tell the desktop's media controls what plays: {e}");
        }
    }
}

/// Starts the media service on `bus`, on its own thread; `wake` asks the app for a frame
/// when a command comes. `None` (and one log line) when there is no bus, it does not answer
/// within two seconds, or the name cannot be had.
pub fn serve(bus: Bus, wake: Box<dyn Fn() + Send + Sync>) -> Option<MediaService> {
    let (to_app, commands) = channel();
    let (states, from_app) = channel::<MediaState>();
    let (ready_tx, ready) = channel();
    let commands_side = Commands {
        to_app,
        wake: Arc::from(wake),
    };
    let spawned = std::thread::Builder::new()
        .name("mpris".to_owned())
        .spawn(move || {
            let clock = MonotonicClock::start();
            let shared = Arc::new(Mutex::new(Published::default()));
            match connect(&bus, &commands_side, &shared, clock) {
                Ok((conn, name)) => {
                    // Nobody waits any more (start-up gave up): the connection is dropped.
                    if ready_tx.send(Ok(name)).is_ok() {
                        publish(&conn, &shared, &from_app, clock);
                    }
                }
                Err(e) => {
                    ready_tx.send(Err(e)).ok();
                }
            }
        });
    if let Err(e) = spawned {
        log::warn!("no media keys: cannot start the media service's thread: {e}");
        return None;
    }
    match ready.recv_timeout(CONNECT_WAIT) {
        Ok(Ok(name)) => {
            log::debug!("media keys and the desktop's media controls reach Lull as {name}");
            Some(MediaService {
                commands,
                states,
                name,
            })
        }
        Ok(Err(e)) => {
            log::info!(
                "no media keys: the desktop's media controls cannot reach Lull (session bus: {e})"
            );
            None
        }
        Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {
            log::warn!(
                "no media keys: the session bus did not answer within {} s",
                CONNECT_WAIT.as_secs()
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn playing() -> MediaState {
        MediaState {
            status: MediaStatus::Playing,
            title: "Slow breaths".to_owned(),
            album: "Calm".to_owned(),
            track: "calm/0".to_owned(),
            length: Duration::from_mins(10),
            position: Duration::from_secs(30),
            can_go_next: true,
            can_go_previous: true,
            can_play: true,
            can_pause: true,
        }
    }

    #[test]
    fn the_position_moves_on_only_while_playing_and_stops_at_the_end() {
        let s = playing();
        assert_eq!(
            s.position_after(Duration::from_secs(5)),
            Duration::from_secs(35)
        );
        assert_eq!(s.position_after(Duration::from_hours(1)), s.length);
        let paused = MediaState {
            status: MediaStatus::Paused,
            ..s
        };
        assert_eq!(
            paused.position_after(Duration::from_secs(5)),
            Duration::from_secs(30)
        );
    }

    #[test]
    fn a_state_continues_unless_something_but_the_running_position_changed() {
        let s = playing();
        let later = MediaState {
            position: Duration::from_secs(40),
            ..s.clone()
        };
        assert!(s.continues_as(&later, Duration::from_secs(10)));
        assert!(!s.continues_as(&later, Duration::from_secs(2)), "a jump");
        let next_step = MediaState {
            title: "Shoulders".to_owned(),
            ..later.clone()
        };
        assert!(!s.continues_as(&next_step, Duration::from_secs(10)));
    }

    #[test]
    fn metadata_has_a_valid_track_id_and_only_what_is_known() {
        let s = playing();
        let m = s.track_metadata();
        let id = ObjectPath::try_from(m["mpris:trackid"].clone()).unwrap();
        assert_eq!(id.as_str(), "/lull/track/calm_0");
        assert_eq!(
            i64::try_from(m["mpris:length"].clone()).unwrap(),
            600_000_000
        );
        let empty = MediaState::default().track_metadata();
        assert_eq!(empty.len(), 1, "{empty:?}");
        let id = ObjectPath::try_from(empty["mpris:trackid"].clone()).unwrap();
        assert_eq!(id.as_str(), NO_TRACK);
    }

    #[test]
    fn only_what_changed_is_announced() {
        let s = playing();
        let paused = MediaState {
            status: MediaStatus::Paused,
            ..s.clone()
        };
        let names: Vec<&str> = changes(&s, &paused).into_keys().collect();
        assert_eq!(names, ["PlaybackStatus"]);
        let last_step = MediaState {
            title: "Rest".to_owned(),
            track: "calm/5".to_owned(),
            can_go_next: false,
            ..s.clone()
        };
        let mut names: Vec<&str> = changes(&s, &last_step).into_keys().collect();
        names.sort_unstable();
        assert_eq!(names, ["CanGoNext", "Metadata"]);
        let moved = MediaState {
            position: Duration::from_secs(99),
            ..s.clone()
        };
        assert!(changes(&s, &moved).is_empty());
    }
}
