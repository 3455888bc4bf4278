//! The screening conditions, their questions and the rule each maps to (research §1.2–§1.3).

use serde::Serialize;

use super::pattern::TagPattern;
use crate::domain::tag::{Acupoint, Area, Tag};
use crate::domain::vocabulary::named_enum;

named_enum! {
    /// A condition the safety screen asks about. Ids are stable (answers files, JSON).
    #[expect(clippy::enum_variant_names, reason = "ContagiousSkinCondition is the plain name")]
    Condition {
        /// A blood clot (DVT, pulmonary embolism) or an inflamed vein (phlebitis).
        BloodClot = "blood-clot",
        /// A painful, swollen, warm calf right now.
        CalfPainSwellingNow = "calf-pain-swelling-now",
        /// A fever or an infection, or feeling acutely unwell today.
        FeverOrInfection = "fever-or-infection",
        /// A rash, skin infection, cold sore or other contagious skin problem.
        ContagiousSkinCondition = "contagious-skin-condition",
        /// An open wound or sore, a burn, or a broken bone or surgery in the last 3 months.
        WoundFractureOrSurgery = "wound-fracture-or-surgery",
        /// Major surgery recently.
        RecentMajorSurgery = "recent-major-surgery",
        /// Cancer, or cancer treatment now or in the last year.
        Cancer = "cancer",
        /// A heart condition.
        HeartCondition = "heart-condition",
        /// High blood pressure that is not under control.
        HighBloodPressureUncontrolled = "high-blood-pressure-uncontrolled",
        /// Blood thinners, a bleeding disorder or low platelets.
        BloodThinnersOrBleedingDisorder = "blood-thinners-or-bleeding-disorder",
        /// Osteoporosis or bones that break easily.
        Osteoporosis = "osteoporosis",
        /// Pregnancy (with weeks).
        Pregnancy = "pregnancy",
        /// Gave birth in the last 6 weeks.
        Postpartum6Weeks = "postpartum-6-weeks",
        /// Varicose veins.
        VaricoseVeinsMild = "varicose-veins-mild",
        /// Large, painful or swollen varicose veins.
        VaricoseVeinsSevere = "varicose-veins-severe",
        /// Stroke or TIA, neck injury or surgery, narrowed neck arteries, fainting with neck pressure.
        NeckArteryOrInjury = "neck-artery-or-injury",
        /// Diabetes with numbness or reduced feeling in the feet or hands (nerve damage).
        /// Open foot sores are a wound: answered under `wound-fracture-or-surgery` with the feet.
        DiabeticNeuropathy = "diabetic-neuropathy",
        /// A blow to the head or concussion in the last 3 months.
        HeadInjury3Months = "head-injury-3-months",
        /// Panic attacks or an anxiety disorder.
        PanicOrAnxiety = "panic-or-anxiety",
        /// Asthma or COPD.
        AsthmaCopd = "asthma-copd",
        /// Raynaud's or cold urticaria.
        RaynaudOrColdUrticaria = "raynaud-or-cold-urticaria",
        /// Epilepsy or a serious mental-health condition.
        EpilepsyOrSeriousMentalIllness = "epilepsy-or-serious-mental-illness",
    }
}

/// How a condition restricts routines (research §1.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tier {
    /// No touch at all: every hands-on step is off; breathing and body scans stay.
    Systemic,
    /// Not over the affected area: steps tagged with that area are off.
    Local,
    /// Check with a clinician first; until cleared, routines that need it are unavailable,
    /// then a modified mode applies.
    ClinicianFirst,
    /// Research's "relative" tier where it gives concrete changes and no clinician step
    /// (§1.2: blood thinners, osteoporosis, pregnancy, postpartum; §1.2 table: panic, asthma):
    /// allowed at once with those changes (lighter pressure, no long holds…).
    Precaution,
}

/// Questions are shown in these groups, in this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Group {
    /// How you feel today.
    Today,
    /// Blood and circulation.
    BloodAndCirculation,
    /// Heart and blood pressure.
    HeartAndBloodPressure,
    /// Pregnancy.
    Pregnancy,
    /// Cancer.
    Cancer,
    /// Skin, injuries and surgery.
    SkinInjuriesAndSurgery,
    /// Neck and head.
    NeckAndHead,
    /// Nerves and diabetes.
    NervesAndDiabetes,
    /// Breathing and mental health.
    BreathingAndMentalHealth,
}

impl Group {
    /// Every group, in display order.
    pub const ALL: [Self; 9] = [
        Self::Today,
        Self::BloodAndCirculation,
        Self::HeartAndBloodPressure,
        Self::Pregnancy,
        Self::Cancer,
        Self::SkinInjuriesAndSurgery,
        Self::NeckAndHead,
        Self::NervesAndDiabetes,
        Self::BreathingAndMentalHealth,
    ];

    /// The heading shown above the group.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Today => "How you feel today",
            Self::BloodAndCirculation => "Blood and circulation",
            Self::HeartAndBloodPressure => "Heart and blood pressure",
            Self::Pregnancy => "Pregnancy",
            Self::Cancer => "Cancer",
            Self::SkinInjuriesAndSurgery => "Skin, injuries and surgery",
            Self::NeckAndHead => "Neck and head",
            Self::NervesAndDiabetes => "Nerves and diabetes",
            Self::BreathingAndMentalHealth => "Breathing and mental health",
        }
    }
}

/// What a condition does to routines.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConditionRule {
    /// Steps matching any of these are never given (substituted or removed).
    pub exclusions: Vec<TagPattern>,
    /// Until a clinician has cleared the condition, a routine with a step matching any of
    /// these is unavailable ("needs clinician").
    pub gate: Vec<TagPattern>,
    /// Hands-on time per session is capped at this many seconds.
    pub massage_cap_secs: Option<u32>,
    /// All massage is off when the areas named for this condition include the hands, because
    /// the hands are the massage tool.
    pub hands_spread_to_all: bool,
    /// All massage is off until the user says where (no area named for this condition):
    /// the condition is about a body area, and we cannot know which steps touch it.
    pub all_until_area_named: bool,
    /// Eyes-closed steps say you may keep your eyes open.
    pub eyes_open: bool,
    /// Breath holds longer than this many milliseconds are off (made hold-free). A timed step
    /// tagged `breath-hold` counts as too long, since its hold length is unknown.
    pub max_hold_ms: Option<u32>,
}

/// The longest breath hold offered in pregnancy (research §1.2: holds ≤ 4 s).
pub const PREGNANCY_MAX_HOLD_MS: u32 = 4_000;

fn areas(list: &[Area]) -> Vec<TagPattern> {
    list.iter().map(|&a| TagPattern::area(a)).collect()
}

fn one(tag: Tag) -> TagPattern {
    TagPattern::one(tag)
}

impl Condition {
    /// The plain-language yes/no question on the screen.
    pub const fn question(self) -> &'static str {
        match self {
            Self::BloodClot => {
                "Do you have, or are you being treated for, a blood clot (DVT, pulmonary embolism) or an inflamed vein (phlebitis)?"
            }
            Self::CalfPainSwellingNow => {
                "Do you have a painful, swollen, warm or red calf right now?"
            }
            Self::FeverOrInfection => {
                "Do you have a fever or an infection, or feel acutely unwell today?"
            }
            Self::ContagiousSkinCondition => {
                "Do you have a rash, skin infection, cold sore or other contagious skin problem?"
            }
            Self::WoundFractureOrSurgery => {
                "Do you have an open wound or sore (for example a foot sore) or a burn, or have you had a broken bone or surgery in the last 3 months?"
            }
            Self::RecentMajorSurgery => {
                "Have you had major surgery recently (for example on your chest, belly, spine or a joint)?"
            }
            Self::Cancer => {
                "Do you have cancer, or have you had cancer treatment (surgery, chemotherapy, radiotherapy) in the last year?"
            }
            Self::HeartCondition => {
                "Has a doctor told you that you have a heart condition (for example a heart attack, angina, heart failure, an irregular rhythm, a pacemaker or ICD)?"
            }
            Self::HighBloodPressureUncontrolled => {
                "Do you have high blood pressure that is not under control, or has a doctor told you it is dangerously high?"
            }
            Self::BloodThinnersOrBleedingDisorder => {
                "Do you take a blood thinner (for example warfarin, apixaban, rivaroxaban, heparin or clopidogrel), or have a bleeding disorder or low platelets?"
            }
            Self::Osteoporosis => "Do you have osteoporosis or bones that break easily?",
            Self::Pregnancy => "Are you pregnant?",
            Self::Postpartum6Weeks => "Have you given birth in the last 6 weeks?",
            Self::VaricoseVeinsMild => "Do you have varicose veins?",
            Self::VaricoseVeinsSevere => "Are your varicose veins large, painful or swollen?",
            Self::NeckArteryOrInjury => {
                "Have you had a stroke or mini-stroke (TIA), a neck injury, whiplash or neck surgery, or been told you have narrowed neck arteries? Or do you feel faint with tight collars or pressure on your neck?"
            }
            Self::DiabeticNeuropathy => {
                "Do you have diabetes with nerve damage, that is numbness or reduced feeling in your feet or hands?"
            }
            Self::HeadInjury3Months => {
                "Have you hit your head or had concussion in the last 3 months?"
            }
            Self::PanicOrAnxiety => "Do you have panic attacks or an anxiety disorder?",
            Self::AsthmaCopd => "Do you have asthma, COPD or another long-term lung condition?",
            Self::RaynaudOrColdUrticaria => {
                "Do you have Raynaud's (fingers or toes that turn white in the cold) or a skin reaction to cold (cold urticaria)?"
            }
            Self::EpilepsyOrSeriousMentalIllness => {
                "Do you have epilepsy, or a serious mental-health condition you are being treated for?"
            }
        }
    }

    /// A short name for lists ("Blood clot").
    pub const fn label(self) -> &'static str {
        match self {
            Self::BloodClot => "Blood clot or phlebitis",
            Self::CalfPainSwellingNow => "Painful, swollen calf now",
            Self::FeverOrInfection => "Fever or infection",
            Self::ContagiousSkinCondition => "Contagious skin problem",
            Self::WoundFractureOrSurgery => "Wound, broken bone or surgery",
            Self::RecentMajorSurgery => "Recent major surgery",
            Self::Cancer => "Cancer or cancer treatment",
            Self::HeartCondition => "Heart condition",
            Self::HighBloodPressureUncontrolled => "Uncontrolled high blood pressure",
            Self::BloodThinnersOrBleedingDisorder => "Blood thinners or bleeding disorder",
            Self::Osteoporosis => "Osteoporosis",
            Self::Pregnancy => "Pregnancy",
            Self::Postpartum6Weeks => "Gave birth in the last 6 weeks",
            Self::VaricoseVeinsMild => "Varicose veins",
            Self::VaricoseVeinsSevere => "Large or painful varicose veins",
            Self::NeckArteryOrInjury => "Stroke, neck artery or neck injury",
            Self::DiabeticNeuropathy => "Diabetes with reduced feeling",
            Self::HeadInjury3Months => "Head injury in the last 3 months",
            Self::PanicOrAnxiety => "Panic or anxiety",
            Self::AsthmaCopd => "Asthma or COPD",
            Self::RaynaudOrColdUrticaria => "Raynaud's or cold urticaria",
            Self::EpilepsyOrSeriousMentalIllness => "Epilepsy or serious mental-health condition",
        }
    }

    /// The screen group the question sits in.
    pub const fn group(self) -> Group {
        match self {
            Self::FeverOrInfection | Self::CalfPainSwellingNow => Group::Today,
            Self::BloodClot
            | Self::BloodThinnersOrBleedingDisorder
            | Self::VaricoseVeinsMild
            | Self::VaricoseVeinsSevere
            | Self::RaynaudOrColdUrticaria => Group::BloodAndCirculation,
            Self::HeartCondition | Self::HighBloodPressureUncontrolled => {
                Group::HeartAndBloodPressure
            }
            Self::Pregnancy | Self::Postpartum6Weeks => Group::Pregnancy,
            Self::Cancer => Group::Cancer,
            Self::ContagiousSkinCondition
            | Self::WoundFractureOrSurgery
            | Self::RecentMajorSurgery
            | Self::Osteoporosis => Group::SkinInjuriesAndSurgery,
            Self::NeckArteryOrInjury | Self::HeadInjury3Months => Group::NeckAndHead,
            Self::DiabeticNeuropathy => Group::NervesAndDiabetes,
            Self::PanicOrAnxiety | Self::AsthmaCopd | Self::EpilepsyOrSeriousMentalIllness => {
                Group::BreathingAndMentalHealth
            }
        }
    }

    /// Whether the screen asks "where?" (body areas) after a yes.
    pub const fn asks_where(self) -> bool {
        matches!(
            self,
            Self::ContagiousSkinCondition | Self::WoundFractureOrSurgery | Self::Cancer
        )
    }

    /// The tier (research §1.2).
    pub const fn tier(self) -> Tier {
        match self {
            Self::BloodClot | Self::CalfPainSwellingNow | Self::FeverOrInfection => Tier::Systemic,
            Self::ContagiousSkinCondition
            | Self::WoundFractureOrSurgery
            | Self::VaricoseVeinsMild
            | Self::VaricoseVeinsSevere
            | Self::NeckArteryOrInjury
            | Self::DiabeticNeuropathy
            | Self::RaynaudOrColdUrticaria => Tier::Local,
            Self::HeadInjury3Months
            | Self::RecentMajorSurgery
            | Self::Cancer
            | Self::HeartCondition
            | Self::HighBloodPressureUncontrolled
            | Self::EpilepsyOrSeriousMentalIllness => Tier::ClinicianFirst,
            Self::BloodThinnersOrBleedingDisorder
            | Self::Osteoporosis
            | Self::Pregnancy
            | Self::Postpartum6Weeks
            | Self::PanicOrAnxiety
            | Self::AsthmaCopd => Tier::Precaution,
        }
    }

    /// Advice to act on today, added to every blocked routine's reason (research §1.2:
    /// new calf pain, swelling, warmth or redness → "get medical advice today").
    pub const fn advice_today(self) -> Option<&'static str> {
        match self {
            Self::CalfPainSwellingNow => Some(
                "A painful, swollen, warm or red calf needs checking: please get medical advice today.",
            ),
            _ => None,
        }
    }

    /// Whether a clinician's go-ahead changes anything for this condition.
    pub fn can_be_cleared(self) -> bool {
        let rule = self.rule(None);
        !rule.gate.is_empty()
    }

    /// One line for the result screen: what is switched off and why.
    pub const fn effect(self) -> &'static str {
        match self {
            Self::BloodClot => {
                "All hands-on massage is off: rubbing could move a clot. Breathing and body-scan routines stay. Ask your doctor before any massage."
            }
            Self::CalfPainSwellingNow => {
                "All hands-on massage is off. A painful, swollen calf needs checking: please get medical advice today."
            }
            Self::FeverOrInfection => {
                "All hands-on massage is off for today. Breathing and body-scan routines stay."
            }
            Self::ContagiousSkinCondition => {
                "No touch on the areas you named; if your hands are affected (or you did not say where), all hands-on massage is off."
            }
            Self::WoundFractureOrSurgery => {
                "No touch on the areas you named; until you say where, all hands-on massage is off."
            }
            Self::RecentMajorSurgery => {
                "Hands-on and tensing routines wait for your surgeon's or doctor's go-ahead. Breath holds are off."
            }
            Self::Cancer => {
                "Hands-on routines wait for your cancer team's go-ahead; then light pressure only, no heat or cold, no touch on the areas you named, and at most 20 minutes of massage a session."
            }
            Self::HeartCondition => {
                "Hands-on and tensing routines wait for your doctor's go-ahead. Breath holds and forceful tensing are off; gentle tensing replaces them."
            }
            Self::HighBloodPressureUncontrolled => {
                "Hands-on and tensing routines wait for your doctor's go-ahead. Long breath holds and forceful tensing are off."
            }
            Self::BloodThinnersOrBleedingDisorder => {
                "Light pressure only: firm kneading and point pressure are off. Stop and ask for advice if you bruise."
            }
            Self::Osteoporosis => {
                "Light pressure only: firm kneading and point pressure are off, and so is pressing your head back in tensing."
            }
            Self::Pregnancy => {
                "Pressing on points on the hand (between thumb and finger), the inner lower leg, the top of the shoulder and behind the ankle is off, and so are firm calf work, pressing on the ankles and breath holds over 4 seconds. From 20 weeks, steps lying on your back become side-lying or propped up. If your pregnancy is high-risk (bleeding, pre-eclampsia, a clot), ask your midwife or doctor first."
            }
            Self::Postpartum6Weeks => {
                "Massage of the calves, ankles and feet and long breath holds are off for the first 6 weeks."
            }
            Self::VaricoseVeinsMild => "No massage on the calves.",
            Self::VaricoseVeinsSevere => "No massage on the calves, ankles or feet.",
            Self::NeckArteryOrInjury => {
                "Nothing on the back of the neck: neck massage, neck movements and pressing the points below the base of the skull are off."
            }
            Self::DiabeticNeuropathy => {
                "No heat or cold packs, and light pressure only on the feet and ankles. Check your feet for cuts first; for an open sore, answer yes to the wound question and choose your feet."
            }
            Self::HeadInjury3Months => {
                "Routines with scalp, temple or back-of-neck steps wait for a clinician's go-ahead. Headache routines always start with the red-flag check."
            }
            Self::PanicOrAnxiety => {
                "Long breath holds are off, and you can keep your eyes open. Stop if you feel light-headed or panicky."
            }
            Self::AsthmaCopd => "Long breath holds are off. Never force your breathing.",
            Self::RaynaudOrColdUrticaria => "Cold packs are off.",
            Self::EpilepsyOrSeriousMentalIllness => {
                "Hands-on and tensing routines wait for your clinician's go-ahead. Long breath holds are off, and you can keep your eyes open."
            }
        }
    }

    /// The rule for this condition. `pregnancy_weeks` matters only for pregnancy; unknown weeks
    /// are treated as 20 or more (the safer side).
    pub fn rule(self, pregnancy_weeks: Option<u8>) -> ConditionRule {
        let mut rule = ConditionRule::default();
        let firm = [one(Tag::PressureModerate), one(Tag::PressurePoints)];
        let hold_long = one(Tag::BreathHoldLong);
        let touch_and_tensing = vec![one(Tag::Massage), one(Tag::MuscleTensing)];
        match self {
            Self::BloodClot | Self::CalfPainSwellingNow | Self::FeverOrInfection => {
                rule.exclusions = vec![one(Tag::Massage)];
            }
            Self::ContagiousSkinCondition => {
                rule.hands_spread_to_all = true;
                rule.all_until_area_named = true;
            }
            Self::WoundFractureOrSurgery => rule.all_until_area_named = true,
            Self::RecentMajorSurgery => {
                rule.gate = touch_and_tensing;
                rule.exclusions = vec![one(Tag::BreathHold)];
            }
            Self::Cancer => {
                rule.gate = vec![one(Tag::Massage)];
                rule.exclusions = firm.to_vec();
                rule.exclusions.extend([one(Tag::Heat), one(Tag::Cold)]);
                rule.massage_cap_secs = Some(20 * 60);
            }
            Self::HeartCondition => {
                rule.gate = touch_and_tensing;
                rule.exclusions = vec![one(Tag::BreathHold), one(Tag::MuscleTensing)];
            }
            Self::HighBloodPressureUncontrolled => {
                rule.gate = touch_and_tensing;
                rule.exclusions = vec![hold_long, one(Tag::MuscleTensing)];
            }
            Self::BloodThinnersOrBleedingDisorder => rule.exclusions = firm.to_vec(),
            Self::Osteoporosis => {
                rule.exclusions = firm.to_vec();
                rule.exclusions
                    .push(TagPattern::all(&[Tag::MuscleTensing, Tag::NeckMovement]));
            }
            Self::Pregnancy => {
                rule.exclusions = vec![
                    TagPattern::point(Acupoint::Li4),
                    TagPattern::point(Acupoint::Sp6),
                    TagPattern::point(Acupoint::Gb21),
                    TagPattern::point(Acupoint::Bl60),
                    TagPattern::all(&[Tag::Area(Area::Calves), Tag::PressureModerate]),
                    TagPattern::all(&[Tag::Area(Area::Calves), Tag::PressurePoints]),
                    TagPattern::all(&[Tag::Area(Area::Ankles), Tag::PressurePoints]),
                    hold_long,
                ];
                // Research §1.2 (pregnancy, point 4): holds optional and at most 4 s. The
                // breath-hold-long tag starts at 7 s (§1.3), so holds of 4.5–6.5 s need this.
                rule.max_hold_ms = Some(PREGNANCY_MAX_HOLD_MS);
                if pregnancy_weeks.is_none_or(|w| w >= 20) {
                    rule.exclusions.push(one(Tag::LyingDown));
                }
            }
            Self::Postpartum6Weeks => {
                rule.exclusions = areas(&[Area::Calves, Area::Ankles, Area::Feet]);
                rule.exclusions.push(hold_long);
            }
            Self::VaricoseVeinsMild => rule.exclusions = areas(&[Area::Calves]),
            Self::VaricoseVeinsSevere => {
                rule.exclusions = areas(&[Area::Calves, Area::Ankles, Area::Feet]);
            }
            Self::NeckArteryOrInjury => {
                rule.exclusions = vec![
                    TagPattern::area(Area::NeckBack),
                    one(Tag::NeckMovement),
                    TagPattern::point(Acupoint::Gb20),
                ];
            }
            Self::DiabeticNeuropathy => {
                rule.exclusions = vec![
                    one(Tag::Heat),
                    one(Tag::Cold),
                    TagPattern::all(&[Tag::Area(Area::Feet), Tag::PressureModerate]),
                    TagPattern::all(&[Tag::Area(Area::Feet), Tag::PressurePoints]),
                    TagPattern::all(&[Tag::Area(Area::Ankles), Tag::PressureModerate]),
                    TagPattern::all(&[Tag::Area(Area::Ankles), Tag::PressurePoints]),
                ];
            }
            Self::HeadInjury3Months => {
                rule.gate = vec![
                    TagPattern::area(Area::Scalp),
                    TagPattern::area(Area::Temples),
                    TagPattern::area(Area::NeckBack),
                    one(Tag::NeckMovement),
                ];
            }
            Self::PanicOrAnxiety => {
                rule.exclusions = vec![hold_long];
                rule.eyes_open = true;
            }
            Self::AsthmaCopd => rule.exclusions = vec![hold_long],
            Self::RaynaudOrColdUrticaria => rule.exclusions = vec![one(Tag::Cold)],
            Self::EpilepsyOrSeriousMentalIllness => {
                rule.gate = touch_and_tensing;
                rule.exclusions = vec![hold_long];
                rule.eyes_open = true;
            }
        }
        rule
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_are_exactly_the_22_condition_ids() {
        let ids: Vec<&str> = Condition::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(
            ids,
            [
                "blood-clot",
                "calf-pain-swelling-now",
                "fever-or-infection",
                "contagious-skin-condition",
                "wound-fracture-or-surgery",
                "recent-major-surgery",
                "cancer",
                "heart-condition",
                "high-blood-pressure-uncontrolled",
                "blood-thinners-or-bleeding-disorder",
                "osteoporosis",
                "pregnancy",
                "postpartum-6-weeks",
                "varicose-veins-mild",
                "varicose-veins-severe",
                "neck-artery-or-injury",
                "diabetic-neuropathy",
                "head-injury-3-months",
                "panic-or-anxiety",
                "asthma-copd",
                "raynaud-or-cold-urticaria",
                "epilepsy-or-serious-mental-illness",
            ]
        );
    }

    #[test]
    fn every_condition_does_something_and_asks_a_question() {
        for &c in Condition::ALL {
            let rule = c.rule(Some(30));
            let acts = !rule.exclusions.is_empty()
                || !rule.gate.is_empty()
                || rule.hands_spread_to_all
                || rule.all_until_area_named;
            assert!(acts, "{c} has no effect");
            assert!(c.question().ends_with('?'), "{c}");
            assert!(!c.effect().is_empty());
        }
    }

    #[test]
    fn clinician_first_conditions_have_a_gate() {
        for &c in Condition::ALL {
            let gated = !c.rule(None).gate.is_empty();
            assert_eq!(gated, c.tier() == Tier::ClinicianFirst, "{c}");
        }
        assert!(Condition::HeadInjury3Months.can_be_cleared());
        // Research §1.2: massage after a head injury is "relative" (clinician first).
        assert_eq!(Condition::HeadInjury3Months.tier(), Tier::ClinicianFirst);
        assert!(!Condition::BloodClot.can_be_cleared());
    }

    #[test]
    fn open_foot_sores_are_asked_under_wounds_not_neuropathy() {
        // Research §1.2: open foot sores block the feet (a local rule for a wound), while
        // nerve damage alone means no heat or cold and light pressure on the feet.
        let neuropathy = Condition::DiabeticNeuropathy.question();
        assert!(!neuropathy.contains("sore"), "{neuropathy}");
        assert!(neuropathy.contains("numbness"));
        assert!(
            Condition::WoundFractureOrSurgery
                .question()
                .contains("foot sore")
        );
        assert!(Condition::WoundFractureOrSurgery.asks_where());
        assert!(
            Condition::DiabeticNeuropathy
                .effect()
                .contains("wound question")
        );
    }

    #[test]
    fn effects_are_in_plain_words_without_point_codes() {
        // Issue 10.11: the pregnancy result listed "LI4, SP6…".
        for &c in Condition::ALL {
            for code in ["LI4", "SP6", "GB21", "BL60", "GB20"] {
                assert!(!c.effect().contains(code), "{c}: {}", c.effect());
            }
        }
    }

    #[test]
    fn pregnancy_lying_down_rule_starts_at_20_weeks() {
        let lying = TagPattern::one(Tag::LyingDown);
        assert!(
            !Condition::Pregnancy
                .rule(Some(19))
                .exclusions
                .contains(&lying)
        );
        assert!(
            Condition::Pregnancy
                .rule(Some(20))
                .exclusions
                .contains(&lying)
        );
        assert!(Condition::Pregnancy.rule(None).exclusions.contains(&lying));
    }
}
