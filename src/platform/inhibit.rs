//! Keeping the computer awake while a wind-down plays: systemd-logind's `Inhibit` (sleep and
//! idle) on the system bus and the freedesktop screensaver's `Inhibit` on the session bus.
//! Released when the guard is dropped. Where neither exists, nothing happens.

use std::sync::mpsc;

/// Something that holds the computer awake until dropped.
pub trait Inhibit {
    /// Starts holding the computer awake, for `reason`. The returned guard releases it.
    fn hold(&self, reason: &str) -> Box<dyn std::any::Any>;
}

/// Does nothing (tests, and desktops without D-Bus).
#[derive(Clone, Copy, Debug, Default)]
pub struct NoInhibit;

impl Inhibit for NoInhibit {
    fn hold(&self, _reason: &str) -> Box<dyn std::any::Any> {
        Box::new(())
    }
}

/// The desktop's inhibitors, held by a worker thread until the guard is dropped.
#[derive(Clone, Copy, Debug, Default)]
pub struct DesktopInhibit;

/// Releases the inhibitors when dropped (by closing the worker's channel).
struct Guard(#[expect(dead_code, reason = "dropping it is the signal")] mpsc::Sender<()>);

fn hold_until(release: &mpsc::Receiver<()>, reason: &str) {
    // logind: an fd that inhibits sleep and idle while open.
    let logind = zbus::blocking::Connection::system().ok().and_then(|c| {
        let reply = c
            .call_method(
                Some("org.freedesktop.login1"),
                "/org/freedesktop/login1",
                Some("org.freedesktop.login1.Manager"),
                "Inhibit",
                &("sleep:idle", "Lull", reason, "block"),
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
        "keeping the computer awake: logind {}, screensaver {}",
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
    fn hold(&self, reason: &str) -> Box<dyn std::any::Any> {
        let (tx, rx) = mpsc::channel();
        let reason = reason.to_owned();
        if let Err(e) = std::thread::Builder::new()
            .name("inhibit".to_owned())
            .spawn(move || hold_until(&rx, &reason))
        {
            log::warn!("cannot keep the computer awake: {e}");
        }
        Box::new(Guard(tx))
    }
}
