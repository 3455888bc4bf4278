//! What should sound, as plain data: the cue and breathing timeline computed from the
//! session, and the audio settings. The audio module plays it; this module decides it.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::cue::Cue;
use super::speech::{Line, SpeechSettings};
use crate::domain::breathing::BreathPattern;
use crate::domain::session::Session;
use crate::domain::vocabulary::Side;

/// A tick ten seconds before the end of a step is only given on steps at least this long.
pub const TICK_MIN_STEP: Duration = Duration::from_secs(20);

/// The user's sound settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[expect(clippy::struct_excessive_bools, reason = "independent on/off settings")]
pub struct AudioSettings {
    /// Overall volume, 0 to 2 (1 = the calibrated level).
    pub master: f32,
    /// Everything silent.
    pub muted: bool,
    /// Volume of the cues relative to their calibrated level, 0 to 1.
    pub cue_volume: f32,
    /// Cues at step changes, side switches and the end.
    pub cues_enabled: bool,
    /// A quiet tick ten seconds before a step ends.
    pub ticks_enabled: bool,
    /// Rising and falling tones that follow the breathing pacer.
    pub pacer_tone_enabled: bool,
    /// Ocean, wind and drone layers swell with the breath during breathing steps.
    pub breath_sync_enabled: bool,
    /// Spoken guidance.
    pub voice: SpeechSettings,
}

impl Default for AudioSettings {
    fn default() -> Self {
        Self {
            master: 1.0,
            muted: false,
            cue_volume: 1.0,
            cues_enabled: true,
            ticks_enabled: false,
            pacer_tone_enabled: false,
            breath_sync_enabled: true,
            voice: SpeechSettings::default(),
        }
    }
}

impl AudioSettings {
    /// The gain actually applied to everything (0 when muted).
    pub fn effective_master(&self) -> f32 {
        if self.muted {
            0.0
        } else {
            self.master.clamp(0.0, 2.0)
        }
    }
}

/// Something on the session timeline the audio engine must honour.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "type")]
pub enum TimelineItem {
    /// Play a cue when session time reaches `at`.
    Cue {
        /// Session time.
        at: Duration,
        /// The cue.
        cue: Cue,
    },
    /// A breathing step runs from `start` to `end` with this pattern (for the pacer tone and
    /// breath-synced layers).
    Breath {
        /// Session time the pattern starts.
        start: Duration,
        /// Session time it ends.
        end: Duration,
        /// The pattern.
        pattern: BreathPattern,
    },
    /// Say `line` at `at` (or, if the voice is still busy, as soon as it is free), never
    /// heard past `until` (the end of its step or breathing phase).
    Speak {
        /// Session time.
        at: Duration,
        /// The latest session time it may still be heard.
        until: Duration,
        /// Its spoken length as planned (the clip's, or an estimate).
        length: Duration,
        /// What is said.
        line: Line,
    },
    /// Fade the ambience out, starting at `at`, over `secs` (the end of a wind-down or a
    /// sleep timer). `at` may lie before the timeline's `from`: the fade is then part-way.
    FadeOut {
        /// Session time the fade starts.
        at: Duration,
        /// Length of the fade, seconds.
        secs: f32,
    },
    /// The ambience winds down from `start` to `end` (calm 0 to 1, and 1 after): fewer,
    /// softer events, slower swells, a darker sound. It rides with a fade-out.
    Calm {
        /// Session time calm starts to rise.
        start: Duration,
        /// Session time it is complete.
        end: Duration,
    },
}

/// Calm is complete this far into a fade: it is heard while the sound is still there
/// (three quarters of the way through the fade, the gain is about −16 dB).
pub const CALM_SHARE: f32 = 0.75;

/// The calm that rides with a fade-out starting at `start` and lasting `fade`.
pub fn calm_over(start: Duration, fade: Duration) -> TimelineItem {
    TimelineItem::Calm {
        start,
        end: start + fade.mul_f32(CALM_SHARE),
    }
}

impl TimelineItem {
    /// When the item starts.
    pub const fn at(&self) -> Duration {
        match *self {
            Self::Cue { at, .. } | Self::FadeOut { at, .. } | Self::Speak { at, .. } => at,
            Self::Breath { start, .. } | Self::Calm { start, .. } => start,
        }
    }
}

/// The audio timeline from some session time on.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Timeline {
    /// Session time the timeline starts from ("now").
    pub from: Duration,
    /// Items in time order.
    pub items: Vec<TimelineItem>,
    /// Session time at which the routine ends, if it is running.
    pub end: Option<Duration>,
}

impl Timeline {
    /// The cues, in order.
    pub fn cues(&self) -> impl Iterator<Item = (Duration, Cue)> + '_ {
        self.items.iter().filter_map(|i| match *i {
            TimelineItem::Cue { at, cue } => Some((at, cue)),
            TimelineItem::Breath { .. }
            | TimelineItem::FadeOut { .. }
            | TimelineItem::Speak { .. }
            | TimelineItem::Calm { .. } => None,
        })
    }

    /// Each spoken line with the span it is heard over, as planned: from its start to its
    /// planned end or its `until`, whichever comes first.
    pub fn spoken(&self) -> impl Iterator<Item = (&Line, std::ops::Range<Duration>)> + '_ {
        self.items.iter().filter_map(|i| match i {
            TimelineItem::Speak {
                at,
                until,
                length,
                line,
            } => Some((line, *at..at.saturating_add(*length).min(*until))),
            _ => None,
        })
    }

    /// The line being said at session time `t`, as planned, if any.
    pub fn speaking_at(&self, t: Duration) -> Option<&Line> {
        self.spoken()
            .find_map(|(line, heard)| heard.contains(&t).then_some(line))
    }

    /// The first time after `t` a line starts or stops being heard, as planned.
    pub fn next_speech_edge(&self, t: Duration) -> Option<Duration> {
        self.spoken()
            .flat_map(|(_, heard)| [heard.start, heard.end])
            .filter(|edge| *edge > t)
            .min()
    }

    /// How calm the ambience is at session time `t` (0 before any calm, 1 once complete).
    pub fn calm_at(&self, t: Duration) -> f32 {
        self.items
            .iter()
            .find_map(|i| match *i {
                TimelineItem::Calm { start, end } => Some(if t <= start {
                    0.0
                } else if t >= end {
                    1.0
                } else {
                    (t.saturating_sub(start).as_secs_f64()
                        / end.saturating_sub(start).as_secs_f64()) as f32
                }),
                _ => None,
            })
            .unwrap_or(0.0)
    }

    /// The breathing segment covering session time `t`, if any.
    pub fn breath_at(&self, t: Duration) -> Option<(Duration, BreathPattern)> {
        self.items.iter().find_map(|i| match *i {
            TimelineItem::Breath {
                start,
                end,
                pattern,
            } if start <= t && t < end => Some((start, pattern)),
            _ => None,
        })
    }
}

pub(super) fn is_switch(from: Option<Side>, to: Option<Side>) -> bool {
    matches!(
        (from, to),
        (Some(Side::Left), Some(Side::Right)) | (Some(Side::Right), Some(Side::Left))
    )
}

/// The timeline of what the session will sound like from `now` on, if no command intervenes.
pub fn timeline(session: &Session, now: Duration, settings: &AudioSettings) -> Timeline {
    let from = session.session_time_at(now);
    let schedule = session.schedule();
    let mut items = Vec::new();
    let mut previous_side = session
        .step_index()
        .checked_sub(1)
        .and_then(|i| session.routine().steps().get(i))
        .and_then(|s| s.step.side);
    for (k, step) in schedule.iter().enumerate() {
        let is_current = k == 0;
        if settings.cues_enabled && step.index > 0 && (!is_current || step.start >= from) {
            let cue = if is_switch(previous_side, step.side) {
                Cue::SwitchSides
            } else {
                Cue::StepChange
            };
            items.push(TimelineItem::Cue {
                at: step.start,
                cue,
            });
        }
        if let Some(pattern) = step.breathing
            && step.end > from
        {
            items.push(TimelineItem::Breath {
                start: step.start,
                end: step.end,
                pattern,
            });
        }
        let length = step.end.saturating_sub(step.start);
        if settings.ticks_enabled && length >= TICK_MIN_STEP {
            let at = step.end.saturating_sub(Duration::from_secs(10));
            if at >= from {
                items.push(TimelineItem::Cue {
                    at,
                    cue: Cue::TenSecondsLeft,
                });
            }
        }
        previous_side = step.side;
    }
    let end = schedule.last().map(|s| s.end);
    if settings.cues_enabled
        && let Some(at) = end
    {
        items.push(TimelineItem::Cue {
            at,
            cue: Cue::SessionEnd,
        });
    }
    items.sort_by_key(TimelineItem::at);
    Timeline { from, items, end }
}

/// Extends a session timeline for a wind-down: the ambience goes on for `tail` after the
/// routine (`None`: until stopped) and everything fades out over the last `fade` before the
/// end, calming as it goes ([`calm_over`]). The end moves to the end of the tail.
#[must_use]
pub fn with_wind_down(mut timeline: Timeline, tail: Option<Duration>, fade: Duration) -> Timeline {
    let Some(routine_end) = timeline.end else {
        return timeline;
    };
    let Some(tail) = tail else {
        timeline.end = None;
        return timeline;
    };
    let end = routine_end + tail;
    let start = end.saturating_sub(fade);
    if !fade.is_zero() && end > timeline.from {
        // Where the fade really starts, even when the timeline begins part-way through it:
        // the engine's gain follows session time, so it goes on from where it was.
        timeline.items.push(TimelineItem::FadeOut {
            at: start,
            secs: fade.as_secs_f32(),
        });
        // And the sound calms as it fades.
        timeline.items.push(calm_over(start, fade));
        timeline.items.sort_by_key(TimelineItem::at);
    }
    timeline.end = Some(end);
    timeline
}
