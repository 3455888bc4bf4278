//! The output's life: opened when something plays, released when idle, noticed when
//! lost and opened again (at once, then with growing waits), and given what the engine
//! had whenever one opens; what the app says about it.

use std::sync::Arc;
use std::time::Duration;

use super::{Sound, opener};
use crate::app::LullApp;
use crate::audio::device::{Output, Wake};
use crate::audio::engine::{CROSSFADE_SECS, EngineCommand, FADE_IN_SECS};
use crate::audio::layers::build_layers_notifying;
use crate::ui::model::SOUND_LOST_NOTICE;

/// How long the sound may be lost before the app says so (a device that comes back at
/// once, as when the sound server moves the stream, is not worth a word).
pub const LOST_NOTICE_AFTER: Duration = Duration::from_secs(2);

/// The first wait before opening a lost output again after an attempt failed; each
/// failure doubles it, up to [`RETRY_AT_MOST`].
pub const RETRY_FIRST: Duration = Duration::from_millis(500);

/// The longest wait between two attempts to open a lost output.
pub const RETRY_AT_MOST: Duration = Duration::from_secs(30);

/// An output opened after a loss that is lost again sooner than this is the same trouble:
/// the waits go on growing rather than starting again at none.
const STEADY_AFTER: Duration = Duration::from_secs(30);

/// The wait before attempt `failures` + 1 (none before the first).
fn backoff(failures: u32) -> Duration {
    if failures == 0 {
        return Duration::ZERO;
    }
    RETRY_FIRST
        .saturating_mul(1 << (failures - 1).min(16))
        .min(RETRY_AT_MOST)
}

/// The output, as far as the app knows.
pub(super) enum Device {
    /// None could be opened at start-up: Lull is silent (and said so then), for good.
    Absent,
    /// Released while idle; opened again when something plays.
    Closed,
    /// Playing, opened at `at` (app time); `after_loss` if it replaced a lost one.
    Open {
        out: Box<dyn Output>,
        at: Duration,
        after_loss: bool,
    },
    /// Lost while in use (or could not be opened again): the next attempt is at `retry_at`.
    Lost {
        since: Duration,
        retry_at: Duration,
        reason: String,
    },
}

/// What happened to the output that the app shows or acts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SoundNews {
    /// The sound has been lost for [`LOST_NOTICE_AFTER`]: say so, once.
    Lost,
    /// An output opened again after a loss (or while the loss was being said). At another
    /// rate, the voice's clips are gone and must be made again.
    Back { rate_changed: bool },
}

/// Drops an output off the UI thread: closing a device can wait for its buffer to drain,
/// and a lost one for a driver that no longer answers.
fn close_in_background(out: Box<dyn Output>) {
    let closed = std::thread::Builder::new()
        .name("audio-close".to_owned())
        .spawn(move || drop(out));
    if let Err(e) = closed {
        log::warn!("cannot close the sound output in the background: {e}");
    }
}

impl Sound {
    /// Where the output's watcher wakes the window (the first frame gives it).
    pub fn set_window(&self, ctx: &egui::Context) {
        self.repaint.set(ctx.clone()).ok();
    }

    pub(super) fn waker(&self) -> Wake {
        let window = Arc::clone(&self.repaint);
        Arc::new(move || {
            if let Some(ctx) = window.get() {
                ctx.request_repaint();
            }
        })
    }

    /// Opens the device again if it was released, or lost: the user asked for sound (a
    /// routine, a preset, a file, the voice's test), so it is tried now, whatever the wait.
    pub(super) fn ensure_output(&mut self) {
        self.release_at = None;
        match self.device {
            Device::Closed => {
                // A new start: the waits of an earlier loss are over.
                self.failures = 0;
                self.open(self.now);
            }
            Device::Lost { .. } => self.open(self.now),
            Device::Absent | Device::Open { .. } => {}
        }
    }

    /// Opens an output in place of a released or lost one and gives it what the engine
    /// had; if none opens, tries again later (waiting longer each time).
    fn open(&mut self, now: Duration) {
        let lost = match &self.device {
            Device::Closed => None,
            Device::Lost { since, reason, .. } => Some((*since, reason.clone())),
            Device::Absent | Device::Open { .. } => return,
        };
        match self.opener.open(self.waker()) {
            Ok(out) => {
                if let Some((since, reason)) = &lost {
                    log::info!(
                        "sound output open again {:.1} s after it was lost ({reason})",
                        now.saturating_sub(*since).as_secs_f32()
                    );
                }
                self.send_failed.set(false);
                self.device = Device::Open {
                    out,
                    at: now,
                    after_loss: lost.is_some(),
                };
                let rate_changed = self.restore(now);
                if lost.is_some() || self.lost_said || rate_changed {
                    self.lost_said = false;
                    self.news.push(SoundNews::Back { rate_changed });
                }
            }
            Err(e) => {
                if self.failures == 0 {
                    log::warn!("{e}; trying again");
                } else {
                    log::debug!("{e}; trying again");
                }
                self.failures = self.failures.saturating_add(1);
                self.device = Device::Lost {
                    since: lost.map_or(now, |(since, _)| since),
                    retry_at: now + backoff(self.failures),
                    reason: e.to_string(),
                };
            }
        }
    }

    /// The output stopped playing: it is closed and another is opened, at once unless the
    /// last one was lost soon after it replaced a lost one.
    fn lose(&mut self, reason: String, now: Duration) {
        let Device::Open {
            out,
            at,
            after_loss,
        } = std::mem::replace(&mut self.device, Device::Closed)
        else {
            return;
        };
        close_in_background(out);
        log::warn!("sound output lost: {reason}");
        if after_loss && now.saturating_sub(at) < STEADY_AFTER {
            self.failures = self.failures.saturating_add(1);
        } else {
            self.failures = 0;
        }
        self.device = Device::Lost {
            since: now,
            retry_at: now + backoff(self.failures),
            reason,
        };
    }

    /// Gives a newly opened output everything the engine had: the settings (faded out if
    /// the computer is asleep), the voice's clips, the mix, and the session timeline from
    /// the session time reached at `now`. Returns whether the rate changed (the clips are
    /// then gone: they are made at the device's rate).
    fn restore(&mut self, now: Duration) -> bool {
        let Device::Open { out, .. } = &self.device else {
            return false;
        };
        let rate = out.rate();
        let rate_changed = rate != self.rate;
        if rate_changed {
            self.clips.clear();
            self.rate = rate;
        }
        let settings = self.settings.clone();
        self.send_settings(&settings, FADE_IN_SECS);
        if self.faded {
            self.send(EngineCommand::SetMaster {
                gain: 0.0,
                secs: 0.0,
            });
        }
        for (text, clip) in &self.clips {
            self.send(EngineCommand::AddClip {
                text: text.clone(),
                clip: clip.clone(),
            });
        }
        if let Some(mix) = &self.mix {
            self.seed = self.seed.wrapping_add(1);
            let dirs = self.dirs.clone();
            let (layers, problems) = build_layers_notifying(
                &mix.layers,
                rate,
                self.seed,
                &mut |name| opener(dirs.as_ref(), name),
                Some(&self.file_problems.0),
            );
            self.restore_problems.extend(problems);
            self.send(EngineCommand::SetLayers {
                layers,
                fade_secs: CROSSFADE_SECS,
            });
        }
        let timeline = self
            .sent
            .borrow()
            .as_ref()
            .filter(|s| s.live)
            .map(|s| (s.at(now), s.running));
        if let Some((timeline, running)) = timeline {
            self.send(EngineCommand::SetTimeline { timeline, running });
        }
        rate_changed
    }

    /// Whether nothing needs the output now (then an open one is released).
    fn idle(&self, now: Duration) -> bool {
        self.mix.is_none() && self.release_at.is_some_and(|at| now >= at)
    }

    /// Each frame, with app time: notices a lost output and opens another when it is time
    /// (at once, then with growing waits), and releases the output once the sound has
    /// stopped. What the app should say comes out of [`Self::take_news`].
    pub fn tick(&mut self, now: Duration) {
        self.now = now;
        if let Device::Open { out, .. } = &self.device {
            let failed = self.send_failed.take();
            let lost = out
                .lost()
                .or_else(|| failed.then(|| "the audio thread has stopped".to_owned()));
            if let Some(reason) = lost {
                self.lose(reason, now);
            }
        }
        if self.idle(now) {
            match std::mem::replace(&mut self.device, Device::Closed) {
                Device::Open { out, .. } => {
                    close_in_background(out);
                    log::info!("sound output released while idle");
                }
                Device::Lost { .. } => log::info!("nothing plays: no longer opening an output"),
                other @ (Device::Absent | Device::Closed) => self.device = other,
            }
        } else if let Device::Lost { retry_at, .. } = self.device
            && now >= retry_at
        {
            self.open(now);
        }
        if let Device::Lost { since, .. } = self.device
            && !self.lost_said
            && now >= since + LOST_NOTICE_AFTER
        {
            self.lost_said = true;
            self.news.push(SoundNews::Lost);
        }
    }

    /// What happened to the output since the last call.
    pub(super) fn take_news(&mut self) -> Vec<SoundNews> {
        std::mem::take(&mut self.news)
    }

    /// How long until [`Self::tick`] has something to do by itself (open a lost output
    /// again, say it is lost, release an idle one), if ever.
    pub fn next_tick(&self, now: Duration) -> Option<Duration> {
        let at = match &self.device {
            Device::Lost {
                since, retry_at, ..
            } => {
                let say = (!self.lost_said).then_some(*since + LOST_NOTICE_AFTER);
                Some(say.map_or(*retry_at, |say| say.min(*retry_at)))
            }
            Device::Open { .. } if self.mix.is_none() => self.release_at,
            Device::Open { .. } | Device::Absent | Device::Closed => None,
        };
        at.map(|at| at.saturating_sub(now))
    }
}

impl LullApp {
    /// Each frame: the sound's own work (a lost output opened again, an idle one
    /// released), and what it has to say: one notice (and a toast) while the sound stays
    /// lost, taken away when it is back; at another rate, the voice's clips made again.
    pub(in crate::app) fn poll_sound(&mut self, now: Duration) {
        self.sound.tick(now);
        for news in self.sound.take_news() {
            match news {
                SoundNews::Lost => {
                    self.notice(SOUND_LOST_NOTICE, true);
                    self.toast(SOUND_LOST_NOTICE);
                }
                SoundNews::Back { rate_changed } => {
                    let said = self.state.notices.len();
                    self.state.notices.retain(|n| n.text != SOUND_LOST_NOTICE);
                    if self.state.notices.len() < said {
                        self.toast("Sound is back");
                    }
                    if rate_changed {
                        self.configure_voice();
                        self.send_timeline(now);
                    }
                }
            }
        }
        for problem in self.sound.take_problems() {
            self.notice(problem, true);
        }
    }
}
