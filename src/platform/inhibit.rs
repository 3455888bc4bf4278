//! Keeping the screen on while a routine shows its steps, and (only when the user asks) the
//! computer awake while sound plays on: systemd-logind's `Inhibit` on the system bus and the
//! freedesktop screensaver's `Inhibit` on the session bus. Released when the guard is
//! dropped. Where neither exists, nothing happens.

use std::sync::{Arc, Mutex, mpsc};

/// What is held off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hold {
    /// The screen blanking and the idle action (a routine's steps are on screen).
    Idle,
    /// Idle and sleep: the computer stays awake (only when the user turned on "keep the
    /// computer awake while sound plays"). Without it a laptop sleeps as usual.
    IdleAndSleep,
}

impl Hold {
    /// logind's `what`.
    pub const fn logind_what(self) -> &'static str {
        match self {
            Self::Idle => "idle",
            Self::IdleAndSleep => "sleep:idle",
        }
    }
}

/// Something that holds the screen or the computer awake until dropped.
pub trait Inhibit {
    /// Starts holding `what` off, for `reason`. The returned guard releases it.
    fn hold(&self, what: Hold, reason: &str) -> Box<dyn std::any::Any>;
}

/// Does nothing (desktops without D-Bus).
#[derive(Clone, Copy, Debug, Default)]
pub struct NoInhibit;

impl Inhibit for NoInhibit {
    fn hold(&self, _what: Hold, _reason: &str) -> Box<dyn std::any::Any> {
        Box::new(())
    }
}

/// Records what is held and released (tests).
#[derive(Clone, Debug, Default)]
pub struct RecordingInhibit {
    /// What is held now, in the order it was taken.
    pub held: Arc<Mutex<Vec<Hold>>>,
}

/// Takes its hold out of the record when dropped.
struct RecordGuard {
    held: Arc<Mutex<Vec<Hold>>>,
    what: Hold,
}

impl Drop for RecordGuard {
    fn drop(&mut self) {
        if let Ok(mut held) = self.held.lock()
            && let Some(i) = held.iter().position(|h| *h == self.what)
        {
            held.remove(i);
        }
    }
}

impl Inhibit for RecordingInhibit {
    fn hold(&self, what: Hold, _reason: &str) -> Box<dyn std::any::Any> {
        if let Ok(mut held) = self.held.lock() {
            held.push(what);
        }
        Box::new(RecordGuard {
            held: Arc::clone(&self.held),
            what,
        })
    }
}

impl RecordingInhibit {
    /// What is held now.
    pub fn now(&self) -> Vec<Hold> {
        self.held.lock().map(|h| h.clone()).unwrap_or_default()
    }
}

/// The desktop's inhibitors, held by a worker thread until the guard is dropped.
#[derive(Clone, Copy, Debug, Default)]
pub struct DesktopInhibit;

/// Releases the inhibitors when dropped (by closing the worker's channel).
struct Guard(#[expect(dead_code, reason = "dropping it is the signal")] mpsc::Sender<()>);

fn hold_until(release: &mpsc::Receiver<()>, what: Hold, reason: &str) {
    // logind: an fd that inhibits while open.
    let logind = zbus::blocking::Connection::system().ok().and_then(|c| {
        let reply = c
            .call_method(
                Some("org.freedesktop.login1"),
                "/org/freedesktop/login1",
                Some("org.freedesktop.login1.Manager"),
                "Inhibit",
                &(what.logind_what(), "Lull", reason, "block"),
            )
            .ok()?;
        reply.body().deserialize::<zbus::zvariant::OwnedFd>().ok()
    });
    // The session's screensaver: a cookie to release later.
    let screensaver = zbus::blocking::Connection::session().ok().and_then(|c| {
        let reply = c
            .call_method(
                Some("org.freedesktop.ScreenSaver"),
                "/org/freedesktop/ScreenSaver",
                Some("org.freedesktop.ScreenSaver"),
                "Inhibit",
                &("Lull", reason),
            )
            .ok()?;
        let cookie = reply.body().deserialize::<u32>().ok()?;
        Some((c, cookie))
    });
    log::info!(
        "holding off {}: logind {}, screensaver {}",
        what.logind_what(),
        if logind.is_some() {
            "yes"
        } else {
            "unavailable"
        },
        if screensaver.is_some() {
            "yes"
        } else {
            "unavailable"
        }
    );
    // Wait until the guard is dropped (the channel closes).
    while release.recv().is_ok() {}
    if let Some((c, cookie)) = screensaver {
        c.call_method(
            Some("org.freedesktop.ScreenSaver"),
            "/org/freedesktop/ScreenSaver",
            Some("org.freedesktop.ScreenSaver"),
            "UnInhibit",
            &(cookie,),
        )
        .ok();
    }
    drop(logind);
}

impl Inhibit for DesktopInhibit {
    fn hold(&self, what: Hold, reason: &str) -> Box<dyn std::any::Any> {
        let (tx, rx) = mpsc::channel();
        let reason = reason.to_owned();
        if let Err(e) = std::thread::Builder::new()
            .name("inhibit".to_owned())
            .spawn(move || hold_until(&rx, what, &reason))
        {
            log::warn!("cannot keep the computer awake: {e}");
        }
        Box::new(Guard(tx))
    }
}
