//! The computer going to sleep and waking: logind's `PrepareForSleep` signal on the system
//! bus, with a short "delay" inhibitor so Lull can pause and fade its sound before the
//! computer sleeps. No system bus (a container, another OS): no events, one log line.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

/// What the computer is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PowerEvent {
    /// It is about to sleep (Lull has a moment to pause and fade out).
    GoingToSleep,
    /// It has woken up.
    WokeUp,
}

/// How long the sleep waits for Lull after saying it is coming (the fade takes 300 ms).
const DELAY: Duration = Duration::from_millis(600);

/// Takes logind's delay inhibitor: sleep waits (at most [`DELAY`] here) while it is held.
fn delay_lock(conn: &zbus::blocking::Connection) -> Option<zbus::zvariant::OwnedFd> {
    let reply = conn
        .call_method(
            Some("org.freedesktop.login1"),
            "/org/freedesktop/login1",
            Some("org.freedesktop.login1.Manager"),
            "Inhibit",
            &(
                "sleep",
                "Lull",
                "Pausing and fading out before sleep",
                "delay",
            ),
        )
        .ok()?;
    reply.body().deserialize::<zbus::zvariant::OwnedFd>().ok()
}

fn watch_loop(events: &Sender<PowerEvent>, wake: &(dyn Fn() + Send)) {
    let Ok(conn) = zbus::blocking::Connection::system() else {
        log::info!("no system bus: Lull cannot tell when the computer sleeps");
        return;
    };
    let rule = match zbus::MatchRule::builder()
        .msg_type(zbus::message::Type::Signal)
        .sender("org.freedesktop.login1")
        .and_then(|b| b.interface("org.freedesktop.login1.Manager"))
        .and_then(|b| b.member("PrepareForSleep"))
    {
        Ok(b) => b.build(),
        Err(e) => {
            log::warn!("cannot watch for sleep: {e}");
            return;
        }
    };
    let messages = match zbus::blocking::MessageIterator::for_match_rule(rule, &conn, None) {
        Ok(m) => m,
        Err(e) => {
            log::info!("cannot watch for sleep ({e}); a suspend will not pause the session");
            return;
        }
    };
    let mut lock = delay_lock(&conn);
    for message in messages {
        let Ok(message) = message else { continue };
        let Ok(going) = message.body().deserialize::<bool>() else {
            continue;
        };
        let event = if going {
            PowerEvent::GoingToSleep
        } else {
            PowerEvent::WokeUp
        };
        if events.send(event).is_err() {
            return;
        }
        wake();
        if going {
            // Time to pause and fade, then let the computer sleep.
            std::thread::sleep(DELAY);
            lock = None;
        } else if lock.is_none() {
            lock = delay_lock(&conn);
        }
    }
    drop(lock);
}

/// Watches for sleep on a thread; events arrive on the receiver, and `wake` asks the app
/// for a frame when one does.
pub fn watch(wake: Box<dyn Fn() + Send>) -> Receiver<PowerEvent> {
    let (tx, rx) = channel();
    if let Err(e) = std::thread::Builder::new()
        .name("sleep-watch".to_owned())
        .spawn(move || watch_loop(&tx, wake.as_ref()))
    {
        log::warn!("cannot watch for sleep: {e}");
    }
    rx
}

/// Puts the computer to sleep ("suspend when the sound ends").
pub trait Suspend: Send + Sync {
    /// Asks for the computer to suspend now; why not, in plain words, if it cannot.
    fn suspend(&self) -> Result<(), String>;
}

/// logind's `Suspend` on the system bus, not interactive (no password prompt at night:
/// a session that may suspend does; one that may not is refused, and the app says so).
#[derive(Clone, Copy, Debug, Default)]
pub struct LogindSuspend;

impl Suspend for LogindSuspend {
    fn suspend(&self) -> Result<(), String> {
        let conn = zbus::blocking::Connection::system()
            .map_err(|e| format!("no system bus to ask for it ({e})"))?;
        conn.call_method(
            Some("org.freedesktop.login1"),
            "/org/freedesktop/login1",
            Some("org.freedesktop.login1.Manager"),
            "Suspend",
            &(false,),
        )
        .map(drop)
        .map_err(|e| format!("the system refused ({e})"))
    }
}

/// Counts the suspends asked for instead of suspending (tests), and fails when told to.
#[derive(Clone, Debug, Default)]
pub struct RecordingSuspend {
    /// How many times a suspend was asked for.
    pub asked: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    /// The refusal to give, if any.
    pub refuse: Option<String>,
}

impl Suspend for RecordingSuspend {
    fn suspend(&self) -> Result<(), String> {
        self.asked.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.refuse.clone().map_or(Ok(()), Err)
    }
}

impl RecordingSuspend {
    /// How many times a suspend was asked for.
    pub fn count(&self) -> usize {
        self.asked.load(std::sync::atomic::Ordering::SeqCst)
    }
}
