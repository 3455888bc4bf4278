//! Headache red flags (research §2.2): asked before every headache routine.

use serde::Serialize;

use crate::domain::vocabulary::named_enum;

named_enum! {
    /// A headache red-flag question. Ids are stable (answers files, JSON).
    RedFlag {
        /// Sudden, worst-ever headache, peaking within about a minute.
        Thunderclap = "thunderclap",
        /// Started after a blow to the head, a fall or an accident.
        AfterHeadInjury = "after-head-injury",
        /// New weakness, numbness, face drooping, speech or vision trouble, confusion, fainting, seizure.
        NeuroSymptoms = "neuro-symptoms",
        /// Fever with a stiff neck or a rash.
        FeverStiffNeckOrRash = "fever-stiff-neck-or-rash",
        /// One painful red eye.
        PainfulRedEye = "painful-red-eye",
        /// Severe neck pain with headache, dizziness or double vision after neck massage or movement.
        NeckPainAfterNeckMassage = "neck-pain-after-neck-massage",
        /// 50 or over with a new kind of headache.
        Over50NewHeadache = "over-50-new-headache",
        /// Pregnant or gave birth in the last 6 weeks, with a new or severe headache.
        PregnantOrPostpartumNewHeadache = "pregnant-or-postpartum-new-headache",
        /// Brought on by coughing, straining or exertion, or changes with posture.
        CoughOrPostureTriggered = "cough-or-posture-triggered",
        /// Vomiting with no other obvious reason.
        UnexplainedVomiting = "unexplained-vomiting",
        /// Weakened immune system or cancer, with a new headache.
        ImmunosuppressedOrCancer = "immunosuppressed-or-cancer",
        /// A fever with a headache that keeps getting worse.
        FeverWorsening = "fever-worsening",
        /// Headaches have changed a lot or are steadily getting worse.
        PatternChanged = "pattern-changed",
        /// Headaches keep coming back and painkillers are not helping.
        PainkillersNotHelping = "painkillers-not-helping",
        /// Painkillers for headaches on many days each month.
        FrequentPainkillers = "frequent-painkillers",
    }
}

/// How urgent a headache is, from the answers. Ordered: the highest wins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HeadacheTier {
    /// No red flag.
    Clear,
    /// See a doctor soon; routines may still be used.
    SeeDoctor,
    /// Get medical advice today; head and neck massage is off; a breathing routine is offered.
    Urgent,
    /// Call the emergency number now; no routine starts.
    Emergency,
}

impl HeadacheTier {
    /// The stable id (`clear`, `see-doctor`, `urgent`, `emergency`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Clear => "clear",
            Self::SeeDoctor => "see-doctor",
            Self::Urgent => "urgent",
            Self::Emergency => "emergency",
        }
    }
}

impl RedFlag {
    /// The tier a "yes" to this question puts you in.
    pub const fn tier(self) -> HeadacheTier {
        match self {
            Self::Thunderclap
            | Self::AfterHeadInjury
            | Self::NeuroSymptoms
            | Self::FeverStiffNeckOrRash
            | Self::PainfulRedEye
            | Self::NeckPainAfterNeckMassage => HeadacheTier::Emergency,
            Self::Over50NewHeadache
            | Self::PregnantOrPostpartumNewHeadache
            | Self::CoughOrPostureTriggered
            | Self::UnexplainedVomiting
            | Self::ImmunosuppressedOrCancer
            | Self::FeverWorsening => HeadacheTier::Urgent,
            Self::PatternChanged | Self::PainkillersNotHelping | Self::FrequentPainkillers => {
                HeadacheTier::SeeDoctor
            }
        }
    }

    /// The plain-language question.
    pub const fn question(self) -> &'static str {
        match self {
            Self::Thunderclap => {
                "Did this headache come on suddenly and reach its worst within about a minute, or is it the worst headache you have ever had?"
            }
            Self::AfterHeadInjury => {
                "Did it start after a blow to the head, a fall or an accident?"
            }
            Self::NeuroSymptoms => {
                "With the headache, do you have new weakness or numbness (especially on one side), a drooping face, trouble speaking or understanding, loss of vision or double vision, confusion, unusual drowsiness, fainting or a seizure?"
            }
            Self::FeverStiffNeckOrRash => "Do you have a fever and a stiff neck or a rash?",
            Self::PainfulRedEye => "Is one eye painful and red?",
            Self::NeckPainAfterNeckMassage => {
                "Did severe neck pain with headache, dizziness, unsteadiness or double vision start during or after a neck massage or a neck movement?"
            }
            Self::Over50NewHeadache => {
                "Are you 50 or over and this is a new kind of headache (especially with jaw pain when chewing, a tender scalp or blurred vision)?"
            }
            Self::PregnantOrPostpartumNewHeadache => {
                "Are you pregnant or did you give birth in the last 6 weeks, and this headache is new or severe?"
            }
            Self::CoughOrPostureTriggered => {
                "Is it brought on by coughing, sneezing, straining or exertion, or is it clearly worse when lying down or standing up?"
            }
            Self::UnexplainedVomiting => {
                "Are you being sick (vomiting) with no other obvious reason?"
            }
            Self::ImmunosuppressedOrCancer => {
                "Do you have a weakened immune system, or cancer, and this headache is new?"
            }
            Self::FeverWorsening => "Do you have a fever with a headache that keeps getting worse?",
            Self::PatternChanged => {
                "Have your headaches changed a lot, or been getting steadily worse over days or weeks?"
            }
            Self::PainkillersNotHelping => {
                "Do headaches keep coming back and painkillers are not helping?"
            }
            Self::FrequentPainkillers => {
                "Are you taking painkillers for headaches on many days each month?"
            }
        }
    }

    /// Whether this flag asks for the stroke signs (FAST) to be shown on the emergency screen.
    pub const fn shows_fast_signs(self) -> bool {
        matches!(self, Self::NeuroSymptoms)
    }
}

/// The outcome of the headache check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HeadacheResult {
    /// The highest tier among the answers.
    pub tier: HeadacheTier,
    /// The flags that put you in that tier.
    pub reasons: Vec<RedFlag>,
}

/// Checks the answered red flags; the highest tier wins.
pub fn headache_check(flags: &[RedFlag]) -> HeadacheResult {
    let tier = flags
        .iter()
        .map(|f| f.tier())
        .max()
        .unwrap_or(HeadacheTier::Clear);
    let mut reasons: Vec<RedFlag> = flags.iter().copied().filter(|f| f.tier() == tier).collect();
    reasons.sort();
    reasons.dedup();
    HeadacheResult { tier, reasons }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highest_tier_wins() {
        let r = headache_check(&[
            RedFlag::PatternChanged,
            RedFlag::Thunderclap,
            RedFlag::UnexplainedVomiting,
        ]);
        assert_eq!(r.tier, HeadacheTier::Emergency);
        assert_eq!(r.reasons, [RedFlag::Thunderclap]);
        let r = headache_check(&[RedFlag::PatternChanged, RedFlag::FeverWorsening]);
        assert_eq!(r.tier, HeadacheTier::Urgent);
        assert_eq!(headache_check(&[]).tier, HeadacheTier::Clear);
        assert_eq!(
            headache_check(&[RedFlag::FrequentPainkillers]).tier,
            HeadacheTier::SeeDoctor
        );
    }

    #[test]
    fn tiers_match_the_research_table() {
        let count = |tier| RedFlag::ALL.iter().filter(|f| f.tier() == tier).count();
        assert_eq!(count(HeadacheTier::Emergency), 6);
        assert_eq!(count(HeadacheTier::Urgent), 6);
        assert_eq!(count(HeadacheTier::SeeDoctor), 3);
    }
}
