//! A tag pattern: a step matches when it carries every tag in the pattern.

use std::fmt;

use serde::Serialize;

use crate::domain::routine::Step;
use crate::domain::tag::{Acupoint, Area, Tag};

/// All of these tags together (usually just one). `area:calves + pressure-moderate` matches
/// only firm work on the calves.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TagPattern(pub Vec<Tag>);

impl TagPattern {
    /// A pattern of one tag.
    pub fn one(tag: Tag) -> Self {
        Self(vec![tag])
    }

    /// A pattern of several tags, all required.
    pub fn all(tags: &[Tag]) -> Self {
        Self(tags.to_vec())
    }

    /// A pattern matching one area.
    pub fn area(area: Area) -> Self {
        Self::one(Tag::Area(area))
    }

    /// A pattern matching one acupoint.
    pub fn point(point: Acupoint) -> Self {
        Self::one(Tag::Acupoint(point))
    }

    /// Whether `step` carries every tag of the pattern.
    ///
    /// A hands-on step with no pressure tag counts as the firmest: it matches firm-pressure
    /// patterns (`pressure-moderate`, `pressure-points`). The loader refuses such a step, so
    /// this is defence in depth: an untagged "knead as hard as you can" is never light.
    pub fn matches(&self, step: &Step) -> bool {
        let untagged_pressure = step.is_touch() && !step.tags.iter().any(|t| t.is_pressure());
        !self.0.is_empty()
            && self
                .0
                .iter()
                .all(|t| step.tags.contains(t) || (untagged_pressure && t.is_firm_pressure()))
    }
}

impl fmt::Display for TagPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, tag) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(" + ")?;
            }
            write!(f, "{tag}")?;
        }
        Ok(())
    }
}

impl Serialize for TagPattern {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}
