//! Desktop notifications (freedesktop, through notify-rust on the shared zbus 5), sent from a
//! worker thread because a D-Bus round trip can block.

use std::cell::RefCell;
use std::rc::Rc;

/// Sends a notification.
pub trait Notifier {
    /// Shows `summary` and `body`; never blocks the caller, never fails it.
    fn notify(&self, summary: &str, body: &str);
}

/// The desktop's notification service.
#[derive(Clone, Copy, Debug, Default)]
pub struct DesktopNotifier;

impl Notifier for DesktopNotifier {
    fn notify(&self, summary: &str, body: &str) {
        let (summary, body) = (summary.to_owned(), body.to_owned());
        let spawned = std::thread::Builder::new()
            .name("notify".to_owned())
            .spawn(move || {
                if let Err(e) = notify_rust::Notification::new()
                    .appname("Lull")
                    .summary(&summary)
                    .body(&body)
                    .show()
                {
                    log::info!("no desktop notification ({e})");
                }
            });
        if let Err(e) = spawned {
            log::warn!("cannot start the notification thread: {e}");
        }
    }
}

/// Remembers notifications instead of showing them (tests, demos).
#[derive(Clone, Debug, Default)]
pub struct RecordingNotifier {
    /// Every (summary, body) asked for.
    pub sent: Rc<RefCell<Vec<(String, String)>>>,
}

impl Notifier for RecordingNotifier {
    fn notify(&self, summary: &str, body: &str) {
        self.sent
            .borrow_mut()
            .push((summary.to_owned(), body.to_owned()));
    }
}
