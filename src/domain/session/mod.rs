//! The session engine: commands in, events and snapshots out, time passed in.

mod engine;
mod event;
mod snapshot;

pub use engine::{Command, ScheduledStep, Session};
pub use event::{Outcome, SessionEvent};
pub use snapshot::{RunState, Snapshot};
