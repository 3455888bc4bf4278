//! Desktop integration: notifications, keeping the computer awake while a wind-down plays,
//! and the systemd user timer. Every piece is best effort: where the desktop does not offer
//! it (no D-Bus, no systemd), it does nothing and says so, never fails the app.

pub mod autostart;
pub mod editor;
pub mod inhibit;
pub mod mpris;
pub mod notify;
pub mod open;
pub mod process;
pub mod suspend;
pub mod systemd;
pub mod voice;
