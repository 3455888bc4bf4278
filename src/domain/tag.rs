//! The step tag taxonomy (research notes §1.3). Safety rules match on these tags.
//!
//! There is deliberately no tag for the front or sides of the neck, nor for the abdomen:
//! Lull never has a step there.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::vocabulary::named_enum;

named_enum! {
    /// A body area a hands-on step touches.
    Area {
        /// The scalp.
        Scalp = "scalp",
        /// The temples, above and in front of the ears.
        Temples = "temples",
        /// The forehead and brows.
        Forehead = "forehead",
        /// The face (cheeks, around the eyes).
        Face = "face",
        /// The jaw muscles.
        Jaw = "jaw",
        /// The back of the neck only.
        NeckBack = "neck-back",
        /// The tops of the shoulders.
        Shoulders = "shoulders",
        /// The hands.
        Hands = "hands",
        /// The forearms.
        Forearms = "forearms",
        /// The feet.
        Feet = "feet",
        /// The ankles.
        Ankles = "ankles",
        /// The calves.
        Calves = "calves",
    }
}

impl Area {
    /// A short plain-language name ("the back of your neck").
    pub const fn label(self) -> &'static str {
        match self {
            Self::Scalp => "scalp",
            Self::Temples => "temples",
            Self::Forehead => "forehead",
            Self::Face => "face",
            Self::Jaw => "jaw",
            Self::NeckBack => "back of the neck",
            Self::Shoulders => "shoulders",
            Self::Hands => "hands",
            Self::Forearms => "forearms",
            Self::Feet => "feet",
            Self::Ankles => "ankles",
            Self::Calves => "calves",
        }
    }

    /// Whether the area is on the head or neck (excluded by headache red flags).
    pub const fn is_head_or_neck(self) -> bool {
        matches!(
            self,
            Self::Scalp | Self::Temples | Self::Forehead | Self::Face | Self::Jaw | Self::NeckBack
        )
    }
}

named_enum! {
    /// An acupressure point. `SP6` and `BL60` exist only so that rules can exclude them.
    Acupoint {
        /// Gallbladder 20, in the hollows below the base of the skull.
        Gb20 = "GB20",
        /// Yintang, between the eyebrows.
        Yintang = "yintang",
        /// Large intestine 4 (Hegu), in the web between thumb and index finger.
        Li4 = "LI4",
        /// Gallbladder 21, on top of the shoulder.
        Gb21 = "GB21",
        /// Spleen 6, above the inner ankle.
        Sp6 = "SP6",
        /// Bladder 60, behind the outer ankle.
        Bl60 = "BL60",
    }
}

impl Acupoint {
    /// Where the point is, in plain words ("the point between your thumb and first finger").
    pub const fn label(self) -> &'static str {
        match self {
            Self::Gb20 => "the hollows below the base of your skull",
            Self::Yintang => "the point between your eyebrows",
            Self::Li4 => "the point between your thumb and first finger",
            Self::Gb21 => "the point on top of your shoulder",
            Self::Sp6 => "the point above your inner ankle",
            Self::Bl60 => "the point behind your outer ankle",
        }
    }
}

/// One tag on a step. Spelled in files as in research §1.3, e.g. `area:temples`,
/// `acupoint:GB20`, `pressure-light`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tag {
    /// Any hands-on step.
    Massage,
    /// The body area touched.
    Area(Area),
    /// Gliding, skin-level pressure.
    PressureLight,
    /// Kneading or circles that move skin over muscle.
    PressureModerate,
    /// Sustained point pressure (10 s or more).
    PressurePoints,
    /// An acupressure point.
    Acupoint(Acupoint),
    /// A warm compress or heat pack.
    Heat,
    /// A cold compress or cold pack.
    Cold,
    /// Paced breathing with no hold.
    PacedBreathing,
    /// Any breath hold.
    BreathHold,
    /// A breath hold of 7 s or more.
    BreathHoldLong,
    /// Forceful muscle tensing (progressive muscle relaxation).
    MuscleTensing,
    /// Moving the neck (tilts, turns).
    NeckMovement,
    /// Lying on your back.
    LyingDown,
    /// Eyes closed.
    EyesClosed,
    /// The screen may go dark during this step.
    ScreenOff,
}

impl Tag {
    /// Every tag that exists, in a stable order.
    pub fn all() -> Vec<Self> {
        let mut all = vec![
            Self::Massage,
            Self::PressureLight,
            Self::PressureModerate,
            Self::PressurePoints,
            Self::Heat,
            Self::Cold,
            Self::PacedBreathing,
            Self::BreathHold,
            Self::BreathHoldLong,
            Self::MuscleTensing,
            Self::NeckMovement,
            Self::LyingDown,
            Self::EyesClosed,
            Self::ScreenOff,
        ];
        all.extend(Area::ALL.iter().map(|&a| Self::Area(a)));
        all.extend(Acupoint::ALL.iter().map(|&p| Self::Acupoint(p)));
        all
    }

    /// Parses a tag as written in routine files.
    pub fn parse(text: &str) -> Option<Self> {
        if let Some(area) = text.strip_prefix("area:") {
            return Area::parse(area).map(Self::Area);
        }
        if let Some(point) = text.strip_prefix("acupoint:") {
            return Acupoint::parse(point).map(Self::Acupoint);
        }
        Some(match text {
            "massage" => Self::Massage,
            "pressure-light" => Self::PressureLight,
            "pressure-moderate" => Self::PressureModerate,
            "pressure-points" => Self::PressurePoints,
            "heat" => Self::Heat,
            "cold" => Self::Cold,
            "paced-breathing" => Self::PacedBreathing,
            "breath-hold" => Self::BreathHold,
            "breath-hold-long" => Self::BreathHoldLong,
            "muscle-tensing" => Self::MuscleTensing,
            "neck-movement" => Self::NeckMovement,
            "lying-down" => Self::LyingDown,
            "eyes-closed" => Self::EyesClosed,
            "screen-off" => Self::ScreenOff,
            _ => return None,
        })
    }

    /// Whether this is one of the three pressure tags.
    pub const fn is_pressure(self) -> bool {
        matches!(
            self,
            Self::PressureLight | Self::PressureModerate | Self::PressurePoints
        )
    }

    /// Whether this is a firm pressure tag (`pressure-moderate` or `pressure-points`).
    pub const fn is_firm_pressure(self) -> bool {
        matches!(self, Self::PressureModerate | Self::PressurePoints)
    }

    /// Whether this tag means the step touches the head or neck.
    pub const fn is_head_or_neck(self) -> bool {
        match self {
            Self::Area(area) => area.is_head_or_neck(),
            Self::Acupoint(point) => matches!(point, Acupoint::Gb20 | Acupoint::Yintang),
            Self::NeckMovement => true,
            _ => false,
        }
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Area(area) => write!(f, "area:{area}"),
            Self::Acupoint(point) => write!(f, "acupoint:{point}"),
            Self::Massage => f.write_str("massage"),
            Self::PressureLight => f.write_str("pressure-light"),
            Self::PressureModerate => f.write_str("pressure-moderate"),
            Self::PressurePoints => f.write_str("pressure-points"),
            Self::Heat => f.write_str("heat"),
            Self::Cold => f.write_str("cold"),
            Self::PacedBreathing => f.write_str("paced-breathing"),
            Self::BreathHold => f.write_str("breath-hold"),
            Self::BreathHoldLong => f.write_str("breath-hold-long"),
            Self::MuscleTensing => f.write_str("muscle-tensing"),
            Self::NeckMovement => f.write_str("neck-movement"),
            Self::LyingDown => f.write_str("lying-down"),
            Self::EyesClosed => f.write_str("eyes-closed"),
            Self::ScreenOff => f.write_str("screen-off"),
        }
    }
}

impl Serialize for Tag {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Tag {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown tag \"{text}\"")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tag_round_trips_through_its_spelling() {
        for tag in Tag::all() {
            assert_eq!(Tag::parse(&tag.to_string()), Some(tag), "{tag}");
        }
        assert_eq!(Tag::all().len(), 14 + 12 + 6);
    }

    #[test]
    fn there_is_no_front_of_neck_or_abdomen_tag() {
        for text in [
            "area:neck",
            "area:neck-front",
            "area:throat",
            "area:abdomen",
            "area:",
        ] {
            assert_eq!(Tag::parse(text), None, "{text}");
        }
    }

    #[test]
    fn unknown_tags_are_rejected() {
        assert_eq!(Tag::parse("Massage"), None);
        assert_eq!(Tag::parse("acupoint:gb20"), None);
        assert_eq!(Tag::parse("pressure-deep"), None);
    }
}
