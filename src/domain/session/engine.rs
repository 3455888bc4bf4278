//! The session engine: a pure state machine over a [`SafeRoutine`].
//!
//! Time is passed in (`now`: a monotonic time since any origin, e.g. an `Instant` minus the
//! app's start). Session time is computed from absolute timestamps and the accumulated
//! pause time, so there is no drift however irregular the ticks are. One `tick` that jumps
//! over many steps (a hidden window draws no frames) reports every event it passed, once,
//! in order.

use std::time::Duration;

use serde::Serialize;

use super::event::{Outcome, SessionEvent};
use super::snapshot::{RunState, Snapshot};
use crate::domain::breathing::BreathPattern;
use crate::domain::safety::{SafeRoutine, SafeStep};
use crate::domain::vocabulary::Side;

/// A command from the user.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Command {
    /// Start from the first step (only from ready).
    Start,
    /// Pause.
    Pause,
    /// Resume after a pause.
    Resume,
    /// Skip to the next step (ends the session on the last step).
    Next,
    /// Go back to the previous step (restarts the first step when on it).
    Previous,
    /// Start the current step again.
    RestartStep,
    /// End the session now.
    Stop,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum State {
    Ready,
    Running,
    Paused { since: Duration },
    Finished { outcome: Outcome, at: Duration },
}

/// Where a current or future step sits on the session timeline.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ScheduledStep {
    /// Zero-based step index.
    pub index: usize,
    /// Session time at which it starts (or started).
    pub start: Duration,
    /// Session time at which it ends, if nothing intervenes.
    pub end: Duration,
    /// The side it works on.
    pub side: Option<Side>,
    /// Its breathing pattern, for breathing steps.
    pub breathing: Option<BreathPattern>,
}

/// A session of one routine.
#[derive(Clone, Debug)]
pub struct Session {
    routine: SafeRoutine,
    durations: Vec<Duration>,
    state: State,
    /// `now` at start.
    origin: Duration,
    /// Total time spent paused.
    paused_total: Duration,
    /// Current step.
    step: usize,
    /// Session time at which the current step began.
    step_start: Duration,
    /// Breathing phases of the current step already reported.
    phases_reported: u64,
    /// The latest `now` seen (time never runs backwards inside the engine).
    latest_now: Duration,
}

impl Session {
    /// A session ready to start.
    pub fn new(routine: SafeRoutine) -> Self {
        let durations = routine.steps().iter().map(|s| s.step.duration()).collect();
        Self {
            routine,
            durations,
            state: State::Ready,
            origin: Duration::ZERO,
            paused_total: Duration::ZERO,
            step: 0,
            step_start: Duration::ZERO,
            phases_reported: 0,
            latest_now: Duration::ZERO,
        }
    }

    /// A session started at time zero, as an export or a spoken plan plays it whole.
    pub fn started(routine: SafeRoutine) -> Self {
        let mut session = Self::new(routine);
        let _ = session.handle(Command::Start, Duration::ZERO);
        session
    }

    /// The routine being played.
    pub fn routine(&self) -> &SafeRoutine {
        &self.routine
    }

    /// The current step.
    pub fn current_step(&self) -> Option<&SafeStep> {
        self.routine.steps().get(self.step)
    }

    /// Zero-based index of the current step.
    pub const fn step_index(&self) -> usize {
        self.step
    }

    /// Whether the session has ended.
    pub const fn is_finished(&self) -> bool {
        matches!(self.state, State::Finished { .. })
    }

    /// Whether the session is running (started, not paused, not finished).
    pub const fn is_running(&self) -> bool {
        matches!(self.state, State::Running)
    }

    fn clamp_now(&mut self, now: Duration) -> Duration {
        if now > self.latest_now {
            self.latest_now = now;
        }
        self.latest_now
    }

    /// Session time at `now`.
    fn session_time(&self, now: Duration) -> Duration {
        match self.state {
            State::Ready => Duration::ZERO,
            State::Running => now
                .saturating_sub(self.origin)
                .saturating_sub(self.paused_total),
            State::Paused { since } => since
                .saturating_sub(self.origin)
                .saturating_sub(self.paused_total),
            State::Finished { at, .. } => at,
        }
    }

    fn step_end(&self) -> Duration {
        self.step_start + self.durations.get(self.step).copied().unwrap_or_default()
    }

    fn pattern(&self) -> Option<BreathPattern> {
        self.current_step()
            .and_then(|s| s.step.breathing().copied())
    }

    /// Reports breathing phases that began at or before `until` (and before the step's end).
    fn report_phases(&mut self, until: Duration, events: &mut Vec<SessionEvent>) {
        let Some(pattern) = self.pattern() else {
            return;
        };
        let starts = pattern.phase_starts_ms();
        if starts.is_empty() || pattern.cycle_ms() == 0 {
            return;
        }
        let per_cycle = starts.len() as u64;
        let end = self.step_end();
        loop {
            let k = self.phases_reported;
            let cycle = k / per_cycle;
            let (phase, offset_ms) = starts[(k % per_cycle) as usize];
            let at_ms = cycle * u64::from(pattern.cycle_ms()) + u64::from(offset_ms);
            let at = self.step_start + Duration::from_millis(at_ms);
            if at > until || at >= end {
                break;
            }
            events.push(SessionEvent::BreathPhaseChanged {
                step: self.step,
                cycle: u32::try_from(cycle).unwrap_or(u32::MAX),
                phase,
                at,
            });
            self.phases_reported += 1;
        }
    }

    fn enter_step(&mut self, index: usize, at: Duration, events: &mut Vec<SessionEvent>) {
        let before = self.current_step().and_then(|s| s.step.side);
        self.step = index;
        self.step_start = at;
        self.phases_reported = 0;
        events.push(SessionEvent::StepStarted { index, at });
        let after = self.current_step().and_then(|s| s.step.side);
        if let (Some(from), Some(to)) = (before, after) {
            let lr = |s| matches!(s, Side::Left | Side::Right);
            if from != to && lr(from) && lr(to) {
                events.push(SessionEvent::SideSwitch { from, to, at });
            }
        }
        self.report_phases(at, events);
    }

    fn finish(&mut self, outcome: Outcome, at: Duration, events: &mut Vec<SessionEvent>) {
        self.state = State::Finished { outcome, at };
        events.push(SessionEvent::SessionFinished { outcome, at });
    }

    /// Advances to `now`, reporting everything that happened since the last call.
    pub fn tick(&mut self, now: Duration) -> Vec<SessionEvent> {
        let now = self.clamp_now(now);
        let mut events = Vec::new();
        if self.state != State::Running {
            return events;
        }
        let t = self.session_time(now);
        loop {
            let end = self.step_end();
            self.report_phases(t, &mut events);
            if t < end {
                break;
            }
            events.push(SessionEvent::StepFinished {
                index: self.step,
                at: end,
                completed: true,
            });
            if self.step + 1 >= self.durations.len() {
                self.finish(Outcome::Completed, end, &mut events);
                break;
            }
            self.enter_step(self.step + 1, end, &mut events);
        }
        events
    }

    /// Applies a command at `now`. Events due before `now` are reported first.
    pub fn handle(&mut self, command: Command, now: Duration) -> Vec<SessionEvent> {
        let mut events = self.tick(now);
        let now = self.latest_now;
        let t = self.session_time(now);
        match (command, self.state) {
            (Command::Start, State::Ready) => {
                if self.durations.is_empty() {
                    self.finish(Outcome::Completed, Duration::ZERO, &mut events);
                    return events;
                }
                self.origin = now;
                self.state = State::Running;
                self.enter_step(0, Duration::ZERO, &mut events);
            }
            (Command::Pause, State::Running) => {
                self.state = State::Paused { since: now };
                events.push(SessionEvent::Paused { at: t });
            }
            (Command::Resume, State::Paused { since }) => {
                self.paused_total += now.saturating_sub(since);
                self.state = State::Running;
                events.push(SessionEvent::Resumed { at: t });
            }
            (Command::Next, State::Running | State::Paused { .. }) => {
                events.push(SessionEvent::StepFinished {
                    index: self.step,
                    at: t,
                    completed: false,
                });
                if self.step + 1 >= self.durations.len() {
                    self.finish(Outcome::Completed, t, &mut events);
                } else {
                    self.enter_step(self.step + 1, t, &mut events);
                }
            }
            (Command::Previous, State::Running | State::Paused { .. }) => {
                events.push(SessionEvent::StepFinished {
                    index: self.step,
                    at: t,
                    completed: false,
                });
                self.enter_step(self.step.saturating_sub(1), t, &mut events);
            }
            (Command::RestartStep, State::Running | State::Paused { .. }) => {
                events.push(SessionEvent::StepFinished {
                    index: self.step,
                    at: t,
                    completed: false,
                });
                self.enter_step(self.step, t, &mut events);
            }
            (Command::Stop, State::Running | State::Paused { .. }) => {
                events.push(SessionEvent::StepFinished {
                    index: self.step,
                    at: t,
                    completed: false,
                });
                self.finish(Outcome::Stopped { at_step: self.step }, t, &mut events);
            }
            // Anything else is a no-op (pausing twice, resuming while running, commands after the end).
            _ => {}
        }
        events
    }

    /// Starts a ready session at step `index` (the last step if past it) at `now`, as if the
    /// steps before it were not part of this run: nothing is reported for them. Resuming a
    /// stopped session uses it. A session already started is left as it is.
    pub fn start_at(&mut self, index: usize, now: Duration) -> Vec<SessionEvent> {
        if self.state != State::Ready || index == 0 || self.durations.is_empty() {
            return self.handle(Command::Start, now);
        }
        let now = self.clamp_now(now);
        let mut events = Vec::new();
        self.origin = now;
        self.state = State::Running;
        let index = index.min(self.durations.len() - 1);
        // Session time starts at this step: the steps before it take none.
        self.step = index;
        self.step_start = Duration::ZERO;
        self.phases_reported = 0;
        events.push(SessionEvent::StepStarted {
            index,
            at: Duration::ZERO,
        });
        self.report_phases(Duration::ZERO, &mut events);
        events
    }

    /// The session at `now`. Call [`Self::tick`] first to move past ended steps.
    pub fn snapshot(&self, now: Duration) -> Snapshot {
        let now = now.max(self.latest_now);
        let t = self.session_time(now);
        let step_duration = self.durations.get(self.step).copied().unwrap_or_default();
        let step_elapsed = match self.state {
            State::Ready => Duration::ZERO,
            _ => t.saturating_sub(self.step_start).min(step_duration),
        };
        let finished = self.is_finished();
        let step_remaining = if finished
            && matches!(
                self.state,
                State::Finished {
                    outcome: Outcome::Completed,
                    ..
                }
            ) {
            Duration::ZERO
        } else {
            step_duration.saturating_sub(step_elapsed)
        };
        let later: Duration = self.durations.iter().skip(self.step + 1).sum();
        let total_remaining = if matches!(
            self.state,
            State::Finished {
                outcome: Outcome::Completed,
                ..
            }
        ) {
            Duration::ZERO
        } else {
            step_remaining + later
        };
        let state = match self.state {
            State::Ready => RunState::Ready,
            State::Running => RunState::Running,
            State::Paused { .. } => RunState::Paused,
            State::Finished { outcome, .. } => RunState::Finished { outcome },
        };
        let breath = if finished {
            None
        } else {
            self.pattern().map(|p| p.phase_at(step_elapsed))
        };
        Snapshot {
            state,
            step_index: self.step,
            step_count: self.durations.len(),
            step_elapsed,
            step_remaining,
            step_duration,
            total_remaining,
            total_duration: self.durations.iter().sum(),
            session_time: t,
            breath,
            side: self.current_step().and_then(|s| s.step.side),
        }
    }

    /// Session time (running time, pauses excluded) at `now`.
    pub fn session_time_at(&self, now: Duration) -> Duration {
        self.session_time(now.max(self.latest_now))
    }

    /// The current step and every later one, placed on the session timeline as they will
    /// play if no command intervenes. Empty before the start and after the end.
    pub fn schedule(&self) -> Vec<ScheduledStep> {
        if matches!(self.state, State::Ready | State::Finished { .. }) {
            return Vec::new();
        }
        let mut start = self.step_start;
        (self.step..self.durations.len())
            .map(|index| {
                let end = start + self.durations[index];
                let step = &self.routine.steps()[index].step;
                let scheduled = ScheduledStep {
                    index,
                    start,
                    end,
                    side: step.side,
                    breathing: step.breathing().copied(),
                };
                start = end;
                scheduled
            })
            .collect()
    }
}
