//! `evaluate(routine, answers)`: what one routine becomes for one user.

use std::collections::BTreeSet;

use serde::Serialize;

use super::answers::ScreeningAnswers;
use super::condition::Condition;
use super::pattern::TagPattern;
use super::profile::{Cause, Profile};
use super::red_flag::HeadacheTier;
use super::safe_routine::{Change, ChangeAction, Reason, SafeRoutine, SafeStep};
use crate::domain::routine::{NamedPattern, Routine, Step, Timing};
use crate::domain::tag::Tag;
use crate::domain::vocabulary::StepKind;

/// The note added to eyes-closed steps for people who may prefer their eyes open.
pub const EYES_OPEN_NOTE: &str = "You can keep your eyes open, with a soft downward gaze.";

/// The instruction a breathing step gets once its holds are removed.
pub const HOLD_FREE_INSTRUCTION: &str = "Breathe in gently through your nose, then out slowly, without holding your breath. Follow the pacer.";

/// The result of evaluating one routine for one user.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "status")]
pub enum Verdict {
    /// Nothing had to change.
    Allowed(SafeRoutine),
    /// Some steps were substituted, made hold-free or removed.
    Adapted(SafeRoutine),
    /// Unavailable until a clinician has cleared these conditions.
    NeedsClinician {
        /// The pending conditions.
        conditions: Vec<Condition>,
    },
    /// Not available at all.
    Blocked {
        /// One line saying why.
        reason: String,
    },
}

impl Verdict {
    /// The stable status id: `allowed`, `adapted`, `needs-clinician`, `blocked`.
    pub const fn status(&self) -> &'static str {
        match self {
            Self::Allowed(_) => "allowed",
            Self::Adapted(_) => "adapted",
            Self::NeedsClinician { .. } => "needs-clinician",
            Self::Blocked { .. } => "blocked",
        }
    }

    /// The routine as this user may do it, when available.
    pub fn routine(&self) -> Option<&SafeRoutine> {
        match self {
            Self::Allowed(r) | Self::Adapted(r) => Some(r),
            Self::NeedsClinician { .. } | Self::Blocked { .. } => None,
        }
    }

    /// Takes the runnable routine, when available.
    pub fn into_routine(self) -> Option<SafeRoutine> {
        match self {
            Self::Allowed(r) | Self::Adapted(r) => Some(r),
            Self::NeedsClinician { .. } | Self::Blocked { .. } => None,
        }
    }

    /// One line for people, or `None` when the routine is allowed unchanged.
    pub fn reason(&self) -> Option<String> {
        match self {
            Self::Allowed(_) => None,
            Self::Adapted(r) => {
                let n = r.changes.len();
                let plural = if n == 1 { "step" } else { "steps" };
                Some(format!("Adapted for you: {n} {plural} changed"))
            }
            Self::NeedsClinician { conditions } => {
                let names: Vec<&str> = conditions.iter().map(|c| c.label()).collect();
                Some(format!(
                    "Check with your clinician first ({}); once they have cleared you, tick it in your safety answers",
                    names.join(", ")
                ))
            }
            Self::Blocked { reason } => Some(reason.clone()),
        }
    }
}

enum Outcome {
    Keep(Step),
    Replaced {
        step: Step,
        action: ChangeAction,
        reasons: Vec<Reason>,
    },
    Removed(Vec<Reason>),
}

fn reasons_for(profile: &Profile, step: &Step) -> Vec<Reason> {
    let mut seen = BTreeSet::new();
    let mut reasons: Vec<Reason> = profile
        .matching(step)
        .filter(|e| seen.insert((e.pattern.clone(), e.cause)))
        .map(|e| Reason {
            excluded: e.pattern.clone(),
            cause: e.cause,
        })
        .collect();
    if let Some(condition) = profile.hold_too_long(step) {
        let reason = Reason {
            excluded: TagPattern::one(Tag::BreathHold),
            cause: Cause::Condition(condition),
        };
        if !reasons.contains(&reason) {
            reasons.push(reason);
        }
    }
    reasons
}

fn without_substitute(step: &Step) -> Step {
    Step {
        substitute: None,
        ..step.clone()
    }
}

/// The hold-free version of a breathing step, lasting about as long.
fn hold_free(step: &Step) -> Option<Step> {
    let Timing::Breathing { pattern, cycles } = &step.timing else {
        return None;
    };
    if !pattern.pattern.has_holds() {
        return None;
    }
    let free = pattern.pattern.without_holds();
    let original_ms = u64::from(pattern.pattern.cycle_ms()) * u64::from(*cycles);
    let cycle_ms = u64::from(free.cycle_ms()).max(1);
    let min_cycles = (5_000_u64).div_ceil(cycle_ms);
    let new_cycles = ((original_ms + cycle_ms / 2) / cycle_ms)
        .max(min_cycles)
        .max(1);
    let mut tags = step.tags.clone();
    tags.remove(&Tag::BreathHold);
    tags.remove(&Tag::BreathHoldLong);
    tags.insert(Tag::PacedBreathing);
    Some(Step {
        title: format!("{} (no holds)", step.title),
        instruction: HOLD_FREE_INSTRUCTION.to_owned(),
        // The original's words for the ear may name its holds.
        say: None,
        timing: Timing::Breathing {
            pattern: NamedPattern {
                name: format!("{}-no-holds", pattern.name),
                pattern: free,
            },
            cycles: u32::try_from(new_cycles).unwrap_or(u32::MAX),
        },
        tags,
        substitute: None,
        ..step.clone()
    })
}

fn adapt(step: &Step, profile: &Profile) -> Outcome {
    let reasons = reasons_for(profile, step);
    if reasons.is_empty() {
        return Outcome::Keep(without_substitute(step));
    }
    if let Some(sub) = &step.substitute {
        match adapt(sub, profile) {
            Outcome::Keep(s) => {
                return Outcome::Replaced {
                    action: ChangeAction::Substituted {
                        with: s.title.clone(),
                    },
                    step: s,
                    reasons,
                };
            }
            Outcome::Replaced {
                step: s,
                reasons: more,
                ..
            } => {
                let mut all = reasons;
                all.extend(more);
                return Outcome::Replaced {
                    action: ChangeAction::Substituted {
                        with: s.title.clone(),
                    },
                    step: s,
                    reasons: all,
                };
            }
            Outcome::Removed(_) => {}
        }
    }
    if let Some(free) = hold_free(step)
        && reasons_for(profile, &free).is_empty()
    {
        return Outcome::Replaced {
            step: free,
            action: ChangeAction::HoldsRemoved,
            reasons,
        };
    }
    Outcome::Removed(reasons)
}

fn blocked_line(step_number: usize, title: &str, reasons: &[Reason]) -> String {
    let mut causes: Vec<String> = Vec::new();
    for r in reasons {
        let c = r.cause.to_string();
        if !causes.contains(&c) {
            causes.push(c);
        }
    }
    format!(
        "Step {step_number} \"{title}\" is the heart of this routine and is off for you ({})",
        causes.join(", ")
    )
}

/// Evaluates `routine` for `answers`. Invariant: no step of a returned [`SafeRoutine`]
/// matches any exclusion derived from `answers`.
pub fn evaluate(routine: &Routine, answers: &ScreeningAnswers) -> Verdict {
    let profile = Profile::new(answers);
    if profile.headache.tier == HeadacheTier::Emergency {
        return Verdict::Blocked {
            reason: "You answered yes to an emergency sign: call your emergency number now. No routine starts."
                .to_owned(),
        };
    }
    let verdict = evaluate_with(routine, &profile);
    let advice: Vec<&str> = answers
        .conditions
        .iter()
        .filter_map(|c| c.advice_today())
        .collect();
    match verdict {
        Verdict::Blocked { reason } if !advice.is_empty() => Verdict::Blocked {
            reason: format!("{reason}. {}", advice.join(" ")),
        },
        other => other,
    }
}

/// The step `a` and `b` make when they are the same step one after the other (the same
/// words, kind, tags, side and pattern): one step of their summed length. `None` when they
/// differ or the sum would be longer than a step may be.
fn merged(first: &Step, second: &Step) -> Option<Step> {
    let same = first.title == second.title
        && first.instruction == second.instruction
        && first.kind == second.kind
        && first.tags == second.tags
        && first.side == second.side;
    if !same {
        return None;
    }
    let timing = match (&first.timing, &second.timing) {
        (Timing::Fixed { secs: one }, Timing::Fixed { secs: two })
            if one + two <= crate::domain::routine::MAX_STEP_SECS =>
        {
            Timing::Fixed { secs: one + two }
        }
        (
            Timing::Breathing {
                pattern,
                cycles: one,
            },
            Timing::Breathing {
                pattern: other,
                cycles: two,
            },
        ) if pattern == other => Timing::Breathing {
            pattern: pattern.clone(),
            cycles: one + two,
        },
        _ => return None,
    };
    Some(Step {
        timing,
        ..first.clone()
    })
}

/// Substitutes can make neighbouring steps the same ("Light temple strokes" twice in a row):
/// such a run becomes one step of the summed length, so nothing repeats itself. Only runs
/// that a substitution made are merged; a routine's own repeated steps stay as written.
fn merge_repeats(steps: Vec<SafeStep>) -> Vec<SafeStep> {
    let mut out: Vec<SafeStep> = Vec::with_capacity(steps.len());
    for s in steps {
        if let Some(last) = out.last_mut()
            && (last.substituted || s.substituted)
            && last.note == s.note
            && let Some(step) = merged(&last.step, &s.step)
        {
            last.step = step;
            last.substituted = true;
            continue;
        }
        out.push(s);
    }
    out
}

/// Evaluates `routine` once the emergency check has passed.
fn evaluate_with(routine: &Routine, profile: &Profile) -> Verdict {
    let mut steps = Vec::new();
    let mut changes = Vec::new();
    for (i, step) in routine.steps.iter().enumerate() {
        let number = i + 1;
        match adapt(step, profile) {
            Outcome::Keep(s) => steps.push(SafeStep {
                step: s,
                original_number: number,
                substituted: false,
                note: None,
            }),
            Outcome::Replaced {
                step: s,
                action,
                reasons,
            } => {
                changes.push(Change {
                    step_number: number,
                    title: step.title.clone(),
                    action,
                    reasons,
                });
                steps.push(SafeStep {
                    step: s,
                    original_number: number,
                    substituted: true,
                    note: None,
                });
            }
            Outcome::Removed(reasons) => {
                if step.core {
                    return Verdict::Blocked {
                        reason: blocked_line(number, &step.title, &reasons),
                    };
                }
                changes.push(Change {
                    step_number: number,
                    title: step.title.clone(),
                    action: ChangeAction::Removed,
                    reasons,
                });
            }
        }
    }

    if let Some((cap_secs, condition)) = profile.massage_cap {
        let cap_ms = u64::from(cap_secs) * 1_000;
        let mut used_ms = 0;
        let mut kept = Vec::new();
        for s in steps {
            if s.step.is_touch() {
                let ms = s.step.duration().as_millis() as u64;
                if used_ms + ms > cap_ms {
                    let original = &routine.steps[s.original_number - 1];
                    let reasons = vec![Reason {
                        excluded: TagPattern::one(Tag::Massage),
                        cause: Cause::MassageCap,
                    }];
                    if original.core {
                        return Verdict::Blocked {
                            reason: format!(
                                "This routine has more than {} minutes of massage, the most advised in one session with {}",
                                cap_secs / 60,
                                condition.label().to_lowercase()
                            ),
                        };
                    }
                    changes.retain(|c: &Change| c.step_number != s.original_number);
                    changes.push(Change {
                        step_number: s.original_number,
                        title: original.title.clone(),
                        action: ChangeAction::Removed,
                        reasons,
                    });
                    continue;
                }
                used_ms += ms;
            }
            kept.push(s);
        }
        steps = kept;
        changes.sort_by_key(|c| c.step_number);
    }

    if !changes.is_empty()
        && steps
            .iter()
            .all(|s| matches!(s.step.kind, StepKind::Prepare | StepKind::Rest))
    {
        return Verdict::Blocked {
            reason: "Too little of this routine would be left for you after the safety changes"
                .to_owned(),
        };
    }

    // A gate applies when a step the user would get, or the step it stands in for, is gated:
    // gentle tensing still waits for a heart patient's go-ahead, while a routine whose
    // gated steps are all gone for other reasons does not.
    let pending: Vec<Condition> = profile
        .gates
        .iter()
        .filter(|g| {
            steps.iter().any(|s| {
                let original = &routine.steps[s.original_number - 1];
                g.patterns
                    .iter()
                    .any(|p| p.matches(&s.step) || p.matches(original))
            })
        })
        .map(|g| g.condition)
        .collect();
    if !pending.is_empty() {
        return Verdict::NeedsClinician {
            conditions: pending,
        };
    }

    let mut steps = merge_repeats(steps);
    if profile.eyes_open {
        for s in &mut steps {
            if s.step.has(Tag::EyesClosed) {
                s.note = Some(EYES_OPEN_NOTE.to_owned());
            }
        }
    }
    let safe = SafeRoutine::new(routine, steps, changes);
    if safe.changes.is_empty() {
        Verdict::Allowed(safe)
    } else {
        Verdict::Adapted(safe)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::breathing::builtin;

    fn step(title: &str, timing: Timing) -> Step {
        Step {
            title: title.to_owned(),
            instruction: "Breathe slowly.".to_owned(),
            say: None,
            timing,
            kind: StepKind::Breathing,
            tags: BTreeSet::from([Tag::PacedBreathing]),
            side: None,
            substitute: None,
            core: false,
        }
    }

    fn safe(step: Step, substituted: bool) -> SafeStep {
        SafeStep {
            step,
            original_number: 1,
            substituted,
            note: None,
        }
    }

    #[test]
    fn a_run_of_the_same_substitute_becomes_one_step_of_the_summed_length() {
        let p = builtin("resonance-4-6").map(|b| NamedPattern {
            name: b.name.to_owned(),
            pattern: b.pattern,
        });
        let Some(p) = p else {
            panic!("built-in pattern")
        };
        let breaths = |cycles| Timing::Breathing {
            pattern: p.clone(),
            cycles,
        };
        let steps = vec![
            safe(step("Slow breaths", breaths(3)), true),
            safe(step("Slow breaths", breaths(4)), true),
            safe(step("Slow breaths", breaths(5)), false),
            safe(step("Rest", Timing::Fixed { secs: 20 }), false),
            safe(step("Rest", Timing::Fixed { secs: 20 }), false),
        ];
        let before: std::time::Duration = steps.iter().map(|s| s.step.duration()).sum();
        let merged = merge_repeats(steps);
        let after: std::time::Duration = merged.iter().map(|s| s.step.duration()).sum();
        assert_eq!(before, after, "the session stays exactly as long");
        let titles: Vec<&str> = merged.iter().map(|s| s.step.title.as_str()).collect();
        // The routine's own repeated rests stay as written.
        assert_eq!(titles, ["Slow breaths", "Rest", "Rest"]);
        assert_eq!(merged[0].step.duration().as_secs(), 120);
    }
}
