//! The exclusions, gates and caps that follow from one set of answers.

use std::fmt;

use serde::Serialize;

use super::answers::ScreeningAnswers;
use super::condition::Condition;
use super::pattern::TagPattern;
use super::red_flag::{HeadacheResult, HeadacheTier, headache_check};
use crate::domain::tag::{Area, Tag};

/// Why something is switched off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case", tag = "type", content = "id")]
pub enum Cause {
    /// A screening condition.
    Condition(Condition),
    /// An area the user asked us to avoid.
    AvoidArea(Area),
    /// Today's headache answers.
    Headache(HeadacheTier),
    /// The user's preference for no breath holds.
    NoHoldsPreference,
    /// The per-session massage time cap.
    MassageCap,
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Condition(c) => f.write_str(c.label()),
            Self::AvoidArea(a) => write!(f, "you asked to avoid your {}", a.label()),
            Self::Headache(HeadacheTier::Emergency) => f.write_str("emergency headache signs"),
            Self::Headache(_) => f.write_str("today's headache answers"),
            Self::NoHoldsPreference => f.write_str("you chose no breath holds"),
            Self::MassageCap => f.write_str("at most 20 minutes of massage a session"),
        }
    }
}

/// One switched-off tag pattern and its cause.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Exclusion {
    /// What is off.
    pub pattern: TagPattern,
    /// Why.
    pub cause: Cause,
}

/// A condition that needs a clinician's go-ahead, with the steps it gates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gate {
    /// The condition.
    pub condition: Condition,
    /// Steps matching any of these need the go-ahead.
    pub patterns: Vec<TagPattern>,
}

/// Everything the safety rules derive from one set of answers.
#[derive(Clone, Debug, PartialEq)]
pub struct Profile {
    /// Switched-off tag patterns, each with its cause.
    pub exclusions: Vec<Exclusion>,
    /// Pending clinician gates (not yet cleared).
    pub gates: Vec<Gate>,
    /// Cap on hands-on seconds per session, and the condition that sets it.
    pub massage_cap: Option<(u32, Condition)>,
    /// Eyes-closed steps offer eyes open instead.
    pub eyes_open: bool,
    /// The longest breath hold allowed, in milliseconds, and the condition that sets it.
    pub max_hold: Option<(u32, Condition)>,
    /// Today's headache check.
    pub headache: HeadacheResult,
}

impl Profile {
    /// Derives the profile from the answers.
    pub fn new(answers: &ScreeningAnswers) -> Self {
        let mut exclusions = Vec::new();
        let mut gates = Vec::new();
        let mut massage_cap = None;
        let mut eyes_open = false;
        let mut max_hold: Option<(u32, Condition)> = None;
        let mut add = |patterns: &[TagPattern], cause: Cause| {
            for p in patterns {
                exclusions.push(Exclusion {
                    pattern: p.clone(),
                    cause,
                });
            }
        };
        for &condition in &answers.conditions {
            let rule = condition.rule(answers.pregnancy_weeks);
            let cause = Cause::Condition(condition);
            add(&rule.exclusions, cause);
            if answers.pending(condition) && !rule.gate.is_empty() {
                gates.push(Gate {
                    condition,
                    patterns: rule.gate.clone(),
                });
            }
            // Each condition's own areas: one named for a cancer never says where a rash is.
            let named: Vec<Area> = answers.areas_for(condition).collect();
            let hands_named = named.contains(&Area::Hands);
            if (rule.all_until_area_named && named.is_empty())
                || (rule.hands_spread_to_all && hands_named)
            {
                add(&[TagPattern::one(Tag::Massage)], cause);
            }
            for area in named {
                add(&[TagPattern::area(area)], Cause::AvoidArea(area));
            }
            if let Some(cap) = rule.massage_cap_secs
                && massage_cap.is_none_or(|(c, _)| cap < c)
            {
                massage_cap = Some((cap, condition));
            }
            if let Some(max) = rule.max_hold_ms
                && max_hold.is_none_or(|(m, _)| max < m)
            {
                max_hold = Some((max, condition));
            }
            eyes_open |= rule.eyes_open;
        }
        if answers.skip_breath_holds {
            add(
                &[TagPattern::one(Tag::BreathHold)],
                Cause::NoHoldsPreference,
            );
        }
        let flags: Vec<_> = answers.headache.iter().copied().collect();
        let headache = headache_check(&flags);
        if headache.tier >= HeadacheTier::Urgent {
            let head_neck: Vec<TagPattern> = Tag::all()
                .into_iter()
                .filter(|t| t.is_head_or_neck())
                .map(TagPattern::one)
                .collect();
            add(&head_neck, Cause::Headache(headache.tier));
        }
        Self {
            exclusions,
            gates,
            massage_cap,
            eyes_open,
            max_hold,
            headache,
        }
    }

    /// The condition whose hold limit `step` goes over, if any: a breathing pattern holding
    /// longer than the limit, or a timed step tagged `breath-hold` (its hold is unknown).
    pub fn hold_too_long(&self, step: &crate::domain::routine::Step) -> Option<Condition> {
        let (max, condition) = self.max_hold?;
        let too_long = match step.breathing() {
            Some(pattern) => pattern.longest_hold_ms() > max,
            None => step.has(Tag::BreathHold) || step.has(Tag::BreathHoldLong),
        };
        too_long.then_some(condition)
    }

    /// The exclusions a step runs into.
    pub fn matching<'a>(
        &'a self,
        step: &'a crate::domain::routine::Step,
    ) -> impl Iterator<Item = &'a Exclusion> {
        self.exclusions
            .iter()
            .filter(move |e| e.pattern.matches(step))
    }
}
