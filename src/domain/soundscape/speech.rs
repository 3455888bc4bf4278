//! What the voice says, and when: spoken lines placed on the session timeline next to the
//! cues. Pure: the length of a spoken line is asked of a `measure` function (the real
//! voice's clip length, or an estimate), so the same rules run in the app, in exports, in
//! `lull check` and in tests with a fake voice.
//!
//! Everything said comes from the session's `SafeRoutine`: a swapped step's substitute
//! speaks its own words, an excluded step is never in it.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::cue::Cue;
use super::plan::{TICK_MIN_STEP, Timeline, TimelineItem, is_switch};
use crate::domain::breathing::PhaseKind;
use crate::domain::routine::Step;
use crate::domain::safety::{ChangeAction, SafeRoutine};
use crate::domain::session::Session;
use crate::domain::vocabulary::{Program, Side};

/// The voice starts this long after a chime, so the two never overlap.
pub const AFTER_CUE: Duration = Duration::from_millis(500);
/// Silence between two lines in a row.
pub const GAP: Duration = Duration::from_millis(300);
/// A step's own words must end at least this long before the step does (`lull check`).
pub const STEP_MARGIN: Duration = Duration::from_secs(3);
/// A breathing word ends at least this long before its phase does.
const PHASE_MARGIN: Duration = Duration::from_millis(150);
/// Lowest and highest speaking rate.
pub const RATE_RANGE: (f32, f32) = (0.7, 1.3);

/// How much of each step is spoken.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Guidance {
    /// Each step's words for the ear (`say`), or its title and instruction.
    #[default]
    Full,
    /// Each step's title only.
    TitlesOnly,
    /// No voice.
    Off,
}

impl Guidance {
    /// Every choice, in the order Settings lists them.
    pub const ALL: [Self; 3] = [Self::Full, Self::TitlesOnly, Self::Off];

    /// The label in Settings.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Full => "Full guidance",
            Self::TitlesOnly => "Step titles only",
            Self::Off => "Off",
        }
    }
}

/// The user's voice settings (in `settings.toml` under `[audio.voice]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[expect(clippy::struct_excessive_bools, reason = "independent on/off settings")]
pub struct SpeechSettings {
    /// The voice on (V in the player toggles it).
    pub on: bool,
    /// How much is spoken.
    pub guidance: Guidance,
    /// "Breathe in", "hold", "breathe out" on each phase of a breathing step.
    pub breath_words: bool,
    /// Counts ("two, three…") on each second of a breathing phase.
    pub counts: bool,
    /// "Ten seconds" before a long step ends (instead of the tick).
    pub ten_seconds: bool,
    /// Speaking rate, 0.7 to 1.3 (1 = the voice's own).
    pub rate: f32,
    /// Level of the voice, 0 to 1.5 (1 = about −20 LUFS).
    pub level: f32,
    /// The voice engine: `flite`, `espeak-ng`, `custom`, or empty for the first installed.
    pub engine: String,
    /// The engine's voice (`slt`, `en-us+f3`…), or empty for the engine's default.
    pub voice: String,
    /// The custom command: reads the text on standard input, writes raw 16-bit mono PCM.
    pub custom_command: String,
    /// The custom command's sample rate.
    pub custom_rate: u32,
}

impl Default for SpeechSettings {
    fn default() -> Self {
        Self {
            on: true,
            guidance: Guidance::Full,
            breath_words: true,
            counts: false,
            ten_seconds: false,
            rate: 1.0,
            level: 1.0,
            engine: String::new(),
            voice: String::new(),
            custom_command: String::new(),
            custom_rate: 22_050,
        }
    }
}

impl SpeechSettings {
    /// Whether anything is spoken.
    pub fn speaks(&self) -> bool {
        self.on && self.guidance != Guidance::Off
    }

    /// Whether `other` sounds different (another engine, voice or rate: the clips must be
    /// made again).
    pub fn other_voice(&self, other: &Self) -> bool {
        self.engine != other.engine
            || self.voice != other.voice
            || (self.rate() - other.rate()).abs() > f32::EPSILON
            || self.custom_command != other.custom_command
            || self.custom_rate != other.custom_rate
    }

    /// The rate, kept in its range.
    pub fn rate(&self) -> f32 {
        if self.rate.is_finite() {
            self.rate.clamp(RATE_RANGE.0, RATE_RANGE.1)
        } else {
            1.0
        }
    }
}

/// About how long `text` takes to say at `rate` before it is rendered: flite's `rms` at
/// its calm pace says about 0.069 s a character (0.067–0.077 measured over the bundled
/// instructions, BENCHMARKS.md), plus its silence at each end.
pub fn estimate(text: &str, rate: f32) -> Duration {
    let chars = text
        .split_whitespace()
        .map(|w| w.chars().count() + 1)
        .sum::<usize>() as f32;
    Duration::try_from_secs_f32(0.4 + chars * 0.072 / rate.max(0.1)).unwrap_or_default()
}

/// What a spoken line is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LineKind {
    /// How the routine was adapted to the user's answers (once, at the start).
    Safety,
    /// A step's own words.
    Step,
    /// "Now the right side."
    Side,
    /// "Ten seconds."
    TenSeconds,
    /// A breathing word or count.
    Breath,
    /// The end of the session.
    End,
}

/// One spoken line.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Line {
    /// What it is for.
    pub kind: LineKind,
    /// The words.
    pub text: String,
}

/// The words of a step at the given guidance (`None` when off).
pub fn step_text(step: &Step, note: Option<&str>, guidance: Guidance) -> Option<String> {
    let title = sentence(&step.title);
    let text = match guidance {
        Guidance::Off => return None,
        Guidance::TitlesOnly => title,
        Guidance::Full => match &step.say {
            Some(say) => say.trim().to_owned(),
            None => format!("{title} {}", step.instruction.trim()),
        },
    };
    Some(match (guidance, note) {
        (Guidance::Full, Some(note)) => format!("{text} {}", sentence(note)),
        _ => text,
    })
}

/// `text` ending with a full stop (a title read aloud as a sentence).
fn sentence(text: &str) -> String {
    let t = text.trim();
    if t.ends_with(['.', '!', '?']) {
        t.to_owned()
    } else {
        format!("{t}.")
    }
}

/// What is said once at the start when the routine was adapted to the user's answers.
/// It counts the changes and never names a left-out step.
pub fn safety_text(routine: &SafeRoutine) -> Option<String> {
    let (mut gentler, mut no_holds, mut left_out) = (0, 0, 0);
    for change in routine.changes() {
        match change.action {
            ChangeAction::Substituted { .. } => gentler += 1,
            ChangeAction::HoldsRemoved => no_holds += 1,
            ChangeAction::Removed => left_out += 1,
        }
    }
    let mut parts = Vec::new();
    if gentler > 0 {
        parts.push(format!(
            "{} a gentler version",
            count_steps(gentler, "is", "are")
        ));
    }
    if no_holds > 0 {
        parts.push(format!(
            "{} done without holding your breath",
            count_steps(no_holds, "is", "are")
        ));
    }
    if left_out > 0 {
        parts.push(format!("{} left out", count_steps(left_out, "is", "are")));
    }
    if parts.is_empty() {
        return None;
    }
    let last = parts.pop().unwrap_or_default();
    let list = if parts.is_empty() {
        last
    } else {
        format!("{}, and {last}", parts.join(", "))
    };
    let stop = if routine.steps().iter().any(|s| s.step.is_touch()) {
        "Stop if anything hurts."
    } else {
        "Stop if you feel light-headed or uneasy."
    };
    Some(format!(
        "This routine is adapted to your answers: {list}. {stop}"
    ))
}

fn count_steps(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("one step {one}")
    } else {
        format!("{} steps {many}", number_word(n).unwrap_or("several"))
    }
}

/// "two" … "twenty".
pub fn number_word(n: usize) -> Option<&'static str> {
    const WORDS: [&str; 21] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    WORDS.get(n).copied()
}

/// The line said when a step works on the other side.
pub fn side_text(side: Side) -> &'static str {
    match side {
        Side::Left => "Now the left side.",
        Side::Right => "Now the right side.",
        Side::Both => "Now both sides.",
    }
}

/// The ten-second warning.
pub const TEN_SECONDS_TEXT: &str = "Ten seconds.";
/// The end of the session.
pub const END_TEXT: &str = "That is the end of the session. Take your time before you move.";
/// The end of a sleep routine: nothing to get up for.
pub const END_SLEEP_TEXT: &str =
    "That is the end of the routine. Stay as you are, and let yourself drift.";

/// The words for a breathing phase, longest first: the first that fits is said.
pub const fn phase_words(kind: PhaseKind) -> &'static [&'static str] {
    match kind {
        PhaseKind::Inhale => &["Breathe in.", "In."],
        PhaseKind::TopUp => &["A little more.", "More."],
        PhaseKind::HoldIn | PhaseKind::HoldOut => &["Hold."],
        PhaseKind::Exhale => &["Breathe out.", "Out."],
    }
}

/// Places lines one after the other inside a window, never past its end.
struct Slot<'m> {
    cursor: Duration,
    measure: &'m dyn Fn(&str) -> Duration,
    items: Vec<TimelineItem>,
}

impl Slot<'_> {
    /// Says the first of `texts` that fits between the cursor and `until`; returns whether
    /// one did.
    fn say(&mut self, kind: LineKind, texts: &[&str], until: Duration) -> bool {
        for text in texts {
            let length = (self.measure)(text);
            if self
                .cursor
                .checked_add(length)
                .is_some_and(|end| end <= until)
            {
                self.items.push(TimelineItem::Speak {
                    at: self.cursor,
                    until,
                    length,
                    line: Line {
                        kind,
                        text: (*text).to_owned(),
                    },
                });
                self.cursor += length + GAP;
                return true;
            }
        }
        false
    }
}

/// Adds the spoken lines to a session's `timeline` (from [`super::timeline`]) and, when
/// the spoken ten-second warning is on, takes out the ticks it replaces; a tick that would
/// sound over a line is taken out too. `measure` gives each line's spoken length. Lines
/// never start within [`AFTER_CUE`] of a cue before them and never run past the end of
/// their step (breathing words: of their phase).
#[must_use]
pub fn with_speech(
    mut timeline: Timeline,
    session: &Session,
    settings: &SpeechSettings,
    measure: &dyn Fn(&str) -> Duration,
) -> Timeline {
    if !settings.speaks() {
        return timeline;
    }
    let from = timeline.from;
    let cue_at = |t: Duration| timeline.cues().any(|(at, _)| at == t);
    let schedule = session.schedule();
    let steps = session.routine().steps();
    let mut previous_side = session
        .step_index()
        .checked_sub(1)
        .and_then(|i| steps.get(i))
        .and_then(|s| s.step.side);
    let mut slot = Slot {
        cursor: Duration::ZERO,
        measure,
        items: Vec::new(),
    };
    let mut spoken_ticks = Vec::new();
    for scheduled in &schedule {
        let Some(safe) = steps.get(scheduled.index) else {
            continue;
        };
        let begins = scheduled.start >= from;
        slot.cursor = scheduled.start.max(from)
            + if cue_at(scheduled.start) {
                AFTER_CUE
            } else {
                Duration::ZERO
            };
        let end = scheduled.end;
        if begins && scheduled.index == 0 {
            // The first words come at once (no chime before them).
            if let Some(text) = safety_text(session.routine()) {
                slot.say(LineKind::Safety, &[&text], end);
            }
        }
        if begins {
            let switch = is_switch(previous_side, scheduled.side);
            if switch && let Some(side) = scheduled.side {
                slot.say(LineKind::Side, &[side_text(side)], end);
            }
            let full = step_text(&safe.step, safe.note.as_deref(), settings.guidance);
            let title = step_text(&safe.step, None, Guidance::TitlesOnly);
            let limit = end.saturating_sub(GAP);
            let texts: Vec<&str> = [full.as_deref(), title.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            slot.say(LineKind::Step, &texts, limit);
        }
        if settings.breath_words
            && let Some(pattern) = scheduled.breathing
        {
            let phases: Vec<(PhaseKind, Duration)> = pattern
                .phases()
                .map(|(kind, ms)| (kind, Duration::from_millis(u64::from(ms))))
                .collect();
            let mut t = scheduled.start;
            'cycles: while t < end {
                for &(kind, length) in &phases {
                    let phase_end = (t + length).min(end);
                    if t >= slot.cursor.saturating_sub(GAP) && t >= from {
                        slot.cursor = t;
                        let limit = phase_end.saturating_sub(PHASE_MARGIN);
                        if slot.say(LineKind::Breath, phase_words(kind), limit) && settings.counts {
                            let mut second = 1;
                            while t + Duration::from_secs(second) < phase_end {
                                let at = t + Duration::from_secs(second);
                                if let Some(word) = number_word(second as usize + 1) {
                                    slot.cursor = slot.cursor.max(at);
                                    if slot.cursor == at {
                                        let limit = (at + Duration::from_secs(1))
                                            .min(phase_end)
                                            .saturating_sub(PHASE_MARGIN);
                                        slot.say(LineKind::Breath, &[word], limit);
                                    }
                                }
                                second += 1;
                            }
                        }
                    }
                    t += length;
                    if t >= end {
                        break 'cycles;
                    }
                }
            }
        }
        let length = end.saturating_sub(scheduled.start);
        if settings.ten_seconds && length >= TICK_MIN_STEP {
            let at = end.saturating_sub(Duration::from_secs(10));
            if at >= from && slot.cursor <= at {
                slot.cursor = at;
                if slot.say(LineKind::TenSeconds, &[TEN_SECONDS_TEXT], end) {
                    spoken_ticks.push(at);
                }
            }
        }
        previous_side = scheduled.side;
    }
    // The routine's own end (a wind-down's timeline ends after its tail, or never).
    if let Some(end) = schedule.last().map(|s| s.end)
        && end >= from
    {
        slot.cursor = end + AFTER_CUE;
        let text = if session.routine().program() == Program::Sleep {
            END_SLEEP_TEXT
        } else {
            END_TEXT
        };
        slot.say(LineKind::End, &[text], Duration::MAX);
    }
    // A tick that would sound over a line is left out too: the voice is speaking then.
    let speaking = |t: Duration| {
        slot.items.iter().any(
            |i| matches!(*i, TimelineItem::Speak { at, length, .. } if at <= t && t < at + length),
        )
    };
    timeline.items.retain(|item| {
        !matches!(*item, TimelineItem::Cue { at, cue: Cue::TenSecondsLeft }
            if spoken_ticks.contains(&at) || speaking(at))
    });
    timeline.items.extend(slot.items);
    timeline.items.sort_by_key(TimelineItem::at);
    timeline
}

/// A step whose own words do not fit in it: `over` is how much too long they are.
#[derive(Clone, Debug, PartialEq)]
pub struct TooLong {
    /// The words.
    pub text: String,
    /// Their spoken length.
    pub spoken: Duration,
    /// The time they have: the step's length minus [`STEP_MARGIN`].
    pub room: Duration,
}

impl TooLong {
    /// How much too long, in seconds.
    pub fn over_secs(&self) -> f32 {
        self.spoken.saturating_sub(self.room).as_secs_f32()
    }
}

/// Whether `step`'s full spoken words fit in it, leaving [`STEP_MARGIN`] at its end.
pub fn step_fits(step: &Step, measure: &mut dyn FnMut(&str) -> Duration) -> Result<(), TooLong> {
    let Some(text) = step_text(step, None, Guidance::Full) else {
        return Ok(());
    };
    let spoken = measure(&text);
    let room = step.duration().saturating_sub(STEP_MARGIN);
    if spoken <= room {
        Ok(())
    } else {
        Err(TooLong { text, spoken, room })
    }
}

/// Every distinct line of a timeline, first spoken first (to render them in that order).
pub fn lines_in_order(timeline: &Timeline) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in &timeline.items {
        if let TimelineItem::Speak { line, .. } = item
            && !out.contains(&line.text)
        {
            out.push(line.text.clone());
        }
    }
    out
}
