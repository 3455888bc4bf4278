//! Media keys and the desktop's media controls (`platform::mpris`): what they ask for
//! becomes the player's own intents, and what plays is told to the desktop whenever it
//! changes (compared with what was last told, once a frame).

use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use super::LullApp;
use crate::domain::session::{Command, RunState};
use crate::domain::sound_session::{SoundCommand, SoundState};
use crate::platform::mpris::{MediaCommand, MediaState, MediaStatus};
use crate::ui::intent::Intent;
use crate::ui::model::Screen;

/// The media service as the app sees it (real in `gui.rs`, channels of their own in tests).
pub struct MediaLink {
    /// What the desktop asked for.
    pub commands: Receiver<MediaCommand>,
    /// What plays, sent when it changes.
    pub states: Sender<MediaState>,
    /// The window's context, for the service's thread to ask for a frame when a command
    /// comes (set at the first frame).
    pub repaint: Arc<OnceLock<egui::Context>>,
}

/// The link, and what was last told through it.
pub(super) struct MediaSide {
    link: MediaLink,
    /// The state last sent, and when (app time).
    sent: Option<(MediaState, Duration)>,
}

impl MediaSide {
    pub(super) const fn new(link: MediaLink) -> Self {
        Self { link, sent: None }
    }
}

/// What an ambience played alone is listed under.
const SOUND_ALBUM: &str = "Just sound";

/// The wind-down's sound after its routine, as the tail screen names it.
const TAIL_TITLE: &str = "Sleep well";

impl LullApp {
    /// What plays, for the desktop: a routine's step (with the routine), the wind-down's
    /// sound after it, or the step a stopped session would resume at.
    pub(super) fn media_state(&self, now: Duration) -> MediaState {
        if let Some(p) = &self.state.player {
            let snapshot = p.session.snapshot(now);
            let routine = p.session.routine();
            let status = match snapshot.state {
                RunState::Running => MediaStatus::Playing,
                RunState::Paused => MediaStatus::Paused,
                RunState::Ready | RunState::Finished { .. } => MediaStatus::Stopped,
            };
            return MediaState {
                status,
                title: p
                    .session
                    .current_step()
                    .map(|s| s.step.title.clone())
                    .unwrap_or_default(),
                album: routine.title().to_owned(),
                track: format!("{}/{}", routine.id(), snapshot.step_index),
                length: snapshot.total_duration,
                position: snapshot
                    .total_duration
                    .saturating_sub(snapshot.total_remaining),
                // Next on the last step would end the session: a media key never does.
                can_go_next: snapshot.step_index + 1 < snapshot.step_count,
                // Previous on the first step starts it again.
                can_go_previous: status != MediaStatus::Stopped,
                can_play: status != MediaStatus::Stopped,
                can_pause: status != MediaStatus::Stopped,
            };
        }
        if let Some(s) = &self.state.sound_session {
            // "Just sound": the ambience, its timer as the track's length.
            let status = match s.state(now) {
                SoundState::Playing => MediaStatus::Playing,
                SoundState::Paused => MediaStatus::Paused,
                SoundState::Ended => MediaStatus::Stopped,
            };
            return MediaState {
                status,
                title: s.name.clone(),
                album: SOUND_ALBUM.to_owned(),
                track: format!("sound/{}", s.preset),
                length: s.length().unwrap_or_default(),
                position: s.elapsed(now),
                can_play: status != MediaStatus::Stopped,
                can_pause: status != MediaStatus::Stopped,
                ..MediaState::default()
            };
        }
        if matches!(self.state.screen, Screen::Tail { .. }) {
            // Sound alone, until it fades or is stopped (Stop ends it; it has no pause).
            return MediaState {
                status: MediaStatus::Playing,
                title: TAIL_TITLE.to_owned(),
                track: "wind-down-tail".to_owned(),
                can_play: true,
                ..MediaState::default()
            };
        }
        if let Some(stopped) = &self.state.stopped {
            // Resume is offered: Play goes on at the step the session stopped at.
            let routine = &stopped.routine;
            return MediaState {
                status: MediaStatus::Stopped,
                title: routine
                    .steps()
                    .get(stopped.at_step)
                    .map(|s| s.step.title.clone())
                    .unwrap_or_default(),
                album: routine.title().to_owned(),
                track: format!("{}/{}", routine.id(), stopped.at_step),
                length: routine.duration(),
                can_play: true,
                can_pause: true,
                ..MediaState::default()
            };
        }
        MediaState::default()
    }

    /// The intent a media command means now; `None` where it would do nothing or where the
    /// state says it cannot be done (what the desktop was told, so a greyed button never
    /// acts).
    fn media_intent(&self, command: MediaCommand, now: Duration) -> Option<Intent> {
        let state = self.media_state(now);
        let playing = state.status == MediaStatus::Playing;
        let sound = self.state.sound_session.is_some();
        let play = (state.can_play && !playing).then(|| {
            if self.state.player.is_some() {
                Intent::Session(Command::Resume)
            } else if sound {
                Intent::SoundSession(SoundCommand::TogglePause)
            } else {
                Intent::ResumeStopped
            }
        });
        let pause = (state.can_pause && playing).then_some(if sound {
            Intent::SoundSession(SoundCommand::TogglePause)
        } else {
            Intent::Session(Command::Pause)
        });
        match command {
            MediaCommand::Play => play,
            MediaCommand::Pause => pause,
            MediaCommand::PlayPause => pause.or(play),
            MediaCommand::Next => state.can_go_next.then_some(Intent::Session(Command::Next)),
            MediaCommand::Previous => state
                .can_go_previous
                .then_some(Intent::Session(Command::Previous)),
            MediaCommand::Stop => {
                if self.state.player.is_some() {
                    Some(Intent::Session(Command::Stop))
                } else if sound {
                    Some(Intent::SoundSession(SoundCommand::Stop))
                } else if matches!(self.state.screen, Screen::Tail { .. }) {
                    Some(Intent::StopTail)
                } else {
                    None
                }
            }
            // Wakes a dark screen too.
            MediaCommand::Raise => Some(Intent::Wake),
        }
    }

    /// Applies the commands that came from the desktop (once a frame).
    pub(super) fn poll_media(&mut self, ctx: &egui::Context) {
        let Some(media) = &self.media else { return };
        media.link.repaint.get_or_init(|| ctx.clone());
        let commands: Vec<MediaCommand> = media.link.commands.try_iter().collect();
        for command in commands {
            log::debug!("media control: {command:?}");
            if command == MediaCommand::Raise {
                ctx.send_viewport_cmd(egui::ViewportCommand::Minimized(false));
                ctx.send_viewport_cmd(egui::ViewportCommand::Focus);
            }
            if let Some(intent) = self.media_intent(command, self.clock.now()) {
                self.apply(intent, ctx);
            }
        }
    }

    /// Tells the desktop what plays if that changed since it was last told: anything but a
    /// position moving on with the clock while it plays (the service works that out).
    pub(super) fn publish_media(&mut self) {
        if self.media.is_none() {
            return;
        }
        let now = self.clock.now();
        let state = self.media_state(now);
        let Some(media) = &mut self.media else { return };
        if media
            .sent
            .as_ref()
            .is_some_and(|(last, at)| last.continues_as(&state, now.saturating_sub(*at)))
        {
            return;
        }
        if media.link.states.send(state.clone()).is_err() {
            log::info!("the media service has stopped: media keys no longer reach Lull");
            self.media = None;
            return;
        }
        media.sent = Some((state, now));
    }
}
