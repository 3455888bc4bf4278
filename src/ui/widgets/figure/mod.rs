//! Step illustrations: a simple, calm line drawing of the body area a massage step works on,
//! with that area (or acupoint) highlighted.
//!
//! Built like egui's `toggle_switch` in four steps (size, allocate, interact, paint). Every
//! figure is sketched in unit coordinates (0..1 across the square, y down) from pieces that
//! can be filled as a triangle fan: convex ones (discs joined by their convex hull — "blobs",
//! which give rounded polygons and tapered capsules — and ellipses) and, for the leg and
//! foot, one smooth outline that is star-shaped around a chosen point. The silhouette's
//! outline is drawn once for the union of the pieces: each piece is stroked at twice the
//! line width, then every piece is filled on top, which leaves only the outer half of the
//! outer strokes. Highlights are soft shapes drawn over the fill (the highlight colour in the
//! middle, fading toward a rim of their own), acupoints are dots with a ring, and facial
//! features and other details are thin lines on top. Only the palette's figure colours are
//! used (made translucent with `gamma_multiply`); the theme tests hold them to 3:1.
//!
//! Every figure says where it is seen from ([`View`], and the words of [`describe`]); the
//! back views show the spine, the shoulder blades and the hair, never a face. Only the top
//! and bottom edges of the square may cut a figure (a limb cut by a side edge ends in a hard
//! line).
//!
//! The front and sides of the neck are drawn but are never highlighted: there is no tag for
//! them (see [`crate::domain::tag`]), and the head figures do not show `neck-back`.
//!
//! The model is here (which figure shows a step, its highlights, its words); the shapes are
//! pure data in `geometry.rs` and `sketches.rs`; `paint.rs` draws them with egui, and
//! `vector.rs` hands them to other painters (the printable handout's PDF).

mod geometry;
mod paint;
mod pick;
mod sketches;
mod vector;

use std::collections::BTreeSet;

use crate::domain::tag::{Acupoint, Area, Tag};
use crate::domain::vocabulary::Side;

pub use paint::figure;
pub use pick::{choices, from_unit, highlight_at, picker, point_on};
pub use vector::{Point, VectorFigure, vector};

/// One of the illustrations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Figure {
    /// The head and neck from the front, eyes closed.
    HeadFront,
    /// The head and neck in profile, facing right.
    HeadSide,
    /// The back of the head and the neck.
    HeadBack,
    /// The head, neck, shoulders and upper back, from behind.
    Shoulders,
    /// The back of a right hand, fingers up (so LI4 is visible).
    Hand,
    /// A forearm, from the elbow, and the back of its hand.
    Forearm,
    /// The lower leg and foot from the side, toes to the right.
    Foot,
}

impl Figure {
    /// Every figure, in order of preference when two show a step's areas equally well.
    pub const ALL: [Self; 7] = [
        Self::HeadFront,
        Self::HeadSide,
        Self::HeadBack,
        Self::Shoulders,
        Self::Hand,
        Self::Forearm,
        Self::Foot,
    ];

    /// What the figure shows and where it is seen from, in plain words ("the shoulders and
    /// upper back, seen from behind").
    pub const fn label(self) -> &'static str {
        match self {
            Self::HeadFront => "the head, seen from the front",
            Self::HeadSide => "the head, seen from the side",
            Self::HeadBack => "the back of the head and neck, seen from behind",
            Self::Shoulders => "the shoulders and upper back, seen from behind",
            Self::Hand => "the back of the hand",
            Self::Forearm => "the forearm and the back of the hand",
            Self::Foot => "the lower leg and foot, seen from the side",
        }
    }

    /// Where the figure is seen from.
    pub const fn view(self) -> View {
        match self {
            Self::HeadFront => View::Front,
            Self::HeadSide | Self::Foot => View::Side,
            Self::HeadBack | Self::Shoulders => View::Behind,
            Self::Hand | Self::Forearm => View::BackOfHand,
        }
    }

    /// Whether the figure shows one of a pair (one hand, one foot, one side of the head),
    /// so a left-side step shows it mirrored; the others show both sides and highlight one.
    pub const fn one_sided(self) -> bool {
        matches!(
            self,
            Self::HeadSide | Self::Hand | Self::Forearm | Self::Foot
        )
    }

    /// What the figure shows for a step on `side`, in plain words ("back of the left
    /// hand").
    pub fn label_for(self, side: Side) -> String {
        let word = match side {
            Side::Left => "left",
            Side::Right => "right",
            Side::Both => return self.label().to_owned(),
        };
        match self {
            // Its left is drawn on the viewer's left (see [`figure`]): a mirror image.
            Self::HeadFront => "the head, as seen in a mirror".to_owned(),
            Self::HeadSide => format!("the head, seen from the {word} side"),
            Self::Hand => format!("the back of the {word} hand"),
            Self::Forearm => format!("the {word} forearm and the back of the hand"),
            Self::Foot => format!("the {word} lower leg and foot, seen from the side"),
            Self::HeadBack | Self::Shoulders => self.label().to_owned(),
        }
    }

    /// Whether this figure can show `highlight`.
    pub const fn shows(self, highlight: Highlight) -> bool {
        use Acupoint as P;
        use Area as A;
        match highlight {
            Highlight::Area(area) => matches!(
                (self, area),
                (Self::HeadFront, A::Temples | A::Forehead | A::Face)
                    | (
                        Self::HeadSide,
                        A::Scalp | A::Temples | A::Forehead | A::Face | A::Jaw
                    )
                    | (Self::HeadBack, A::Scalp | A::NeckBack)
                    | (Self::Shoulders, A::NeckBack | A::Shoulders)
                    | (Self::Hand, A::Hands)
                    | (Self::Forearm, A::Hands | A::Forearms)
                    | (Self::Foot, A::Feet | A::Ankles | A::Calves)
            ),
            Highlight::Point(point) => matches!(
                (self, point),
                (Self::HeadFront, P::Yintang)
                    | (Self::HeadBack | Self::Shoulders, P::Gb20)
                    | (Self::Shoulders, P::Gb21)
                    | (Self::Hand | Self::Forearm, P::Li4)
                    | (Self::Foot, P::Sp6)
            ),
        }
    }
}

/// Where a figure is seen from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// From the front: the face.
    Front,
    /// From one side: a profile.
    Side,
    /// From behind: the back of the head, the spine and the shoulder blades, so the
    /// person's left is on the viewer's left.
    Behind,
    /// Looking at the back of a hand.
    BackOfHand,
}

/// Something highlighted on a figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Highlight {
    /// A body area, drawn as a soft translucent shape.
    Area(Area),
    /// An acupoint (or a pair of them), drawn as a dot with a ring.
    Point(Acupoint),
}

impl Highlight {
    /// A plain-language name: the area's label, or "GB20 points".
    pub const fn label(self) -> &'static str {
        match self {
            Self::Area(area) => area.label(),
            Self::Point(point) => match point {
                Acupoint::Gb20 => "GB20 points",
                Acupoint::Yintang => "yintang point",
                Acupoint::Li4 => "LI4 point",
                Acupoint::Gb21 => "GB21 points",
                Acupoint::Sp6 => "SP6 point",
                Acupoint::Bl60 => "BL60 point",
            },
        }
    }
}

/// Picks the figure and highlights for a step's tags: None when the step touches no area
/// (breathing, body scan…).
///
/// The figure is the one that shows the most of the step's areas and acupoints; on a tie the
/// earlier one in [`Figure::ALL`] wins (so `hands` alone gives the hand, `hands` with
/// `forearms` the forearm, `jaw` the side of the head, `neck-back` the back of the head and
/// `neck-back` with `shoulders` the shoulders). The highlights are every tagged area and
/// point that figure shows, areas first.
pub fn figure_for(tags: &BTreeSet<Tag>) -> Option<(Figure, Vec<Highlight>)> {
    let wanted: Vec<Highlight> = tags
        .iter()
        .filter_map(|tag| match *tag {
            Tag::Area(area) => Some(Highlight::Area(area)),
            Tag::Acupoint(point) => Some(Highlight::Point(point)),
            _ => None,
        })
        .collect();
    let mut best: Option<(Figure, usize)> = None;
    for figure in Figure::ALL {
        let count = wanted.iter().filter(|&&h| figure.shows(h)).count();
        if count > 0 && best.is_none_or(|(_, most)| count > most) {
            best = Some((figure, count));
        }
    }
    let (figure, _) = best?;
    let mut shown: Vec<Highlight> = wanted.into_iter().filter(|&h| figure.shows(h)).collect();
    shown.sort();
    Some((figure, shown))
}

impl Highlight {
    /// The highlight's name on one `side` ("left shoulder", "left GB20 point").
    pub fn label_for(self, side: Side) -> String {
        let word = match side {
            Side::Left => "left",
            Side::Right => "right",
            Side::Both => return self.label().to_owned(),
        };
        let single = match self {
            Self::Area(area) => match area {
                Area::Temples => "temple",
                Area::Shoulders => "shoulder",
                Area::Hands => "hand",
                Area::Forearms => "forearm",
                Area::Feet => "foot",
                Area::Ankles => "ankle",
                Area::Calves => "calf",
                other => return format!("{} ({word} side)", other.label()),
            },
            Self::Point(point) => match point {
                Acupoint::Gb20 => "GB20 point",
                Acupoint::Gb21 => "GB21 point",
                _ => return format!("{} ({word} side)", self.label()),
            },
        };
        format!("{word} {single}")
    }
}

/// A short description for screen readers, captions and tests, e.g. "Illustration: the back
/// of the head and neck, seen from behind, highlighted: back of the neck, GB20 points", or
/// for a left-side step "Illustration: the shoulders and upper back, seen from behind,
/// highlighted: left shoulder". It always says where the figure is seen from.
pub fn describe(figure: Figure, highlights: &[Highlight], side: Side) -> String {
    let mut text = format!("Illustration: {}", figure.label_for(side));
    if !highlights.is_empty() {
        // A one-sided figure is already the left or right one: its parts are named once
        // ("foot"), without the side.
        let names: Vec<String> = highlights
            .iter()
            .map(|h| {
                let name = h.label_for(side);
                if figure.one_sided() {
                    let plain = name
                        .trim_start_matches("left ")
                        .trim_start_matches("right ");
                    plain.to_owned()
                } else {
                    name
                }
            })
            .collect();
        text.push_str(", highlighted: ");
        text.push_str(&names.join(", "));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::sketches::marks;
    use super::*;
    use crate::catalogue::Catalogue;
    use crate::domain::routine::Step;

    fn tags(list: &[Tag]) -> BTreeSet<Tag> {
        let mut set: BTreeSet<Tag> = list.iter().copied().collect();
        set.insert(Tag::Massage);
        set
    }

    fn all_steps(steps: &[Step]) -> Vec<&Step> {
        let mut out = Vec::new();
        for step in steps {
            let mut current = Some(step);
            while let Some(s) = current {
                out.push(s);
                current = s.substitute.as_deref();
            }
        }
        out
    }

    #[test]
    fn every_area_maps_to_a_figure_that_highlights_it() {
        for &area in Area::ALL {
            let (figure, highlights) = figure_for(&tags(&[Tag::Area(area)]))
                .unwrap_or_else(|| panic!("no figure for {area}"));
            assert_eq!(highlights, vec![Highlight::Area(area)], "{area}");
            assert!(!marks(figure, Highlight::Area(area)).is_empty(), "{area}");
        }
    }

    #[test]
    fn the_choice_rules_hold() {
        use Acupoint as P;
        use Area as A;
        let pick = |list: &[Tag]| figure_for(&tags(list)).map(|(f, _)| f);
        let a = Tag::Area;
        assert_eq!(pick(&[a(A::Temples)]), Some(Figure::HeadFront));
        assert_eq!(pick(&[a(A::Forehead)]), Some(Figure::HeadFront));
        assert_eq!(pick(&[a(A::Face)]), Some(Figure::HeadFront));
        assert_eq!(
            pick(&[a(A::Forehead), Tag::Acupoint(P::Yintang)]),
            Some(Figure::HeadFront)
        );
        assert_eq!(
            pick(&[a(A::Temples), a(A::Forehead)]),
            Some(Figure::HeadFront)
        );
        assert_eq!(pick(&[a(A::Jaw)]), Some(Figure::HeadSide));
        assert_eq!(pick(&[a(A::Temples), a(A::Jaw)]), Some(Figure::HeadSide));
        assert_eq!(pick(&[a(A::Scalp)]), Some(Figure::HeadSide));
        assert_eq!(pick(&[a(A::NeckBack)]), Some(Figure::HeadBack));
        assert_eq!(pick(&[Tag::Acupoint(P::Gb20)]), Some(Figure::HeadBack));
        assert_eq!(
            pick(&[a(A::NeckBack), Tag::Acupoint(P::Gb20)]),
            Some(Figure::HeadBack)
        );
        assert_eq!(pick(&[a(A::Shoulders)]), Some(Figure::Shoulders));
        assert_eq!(pick(&[Tag::Acupoint(P::Gb21)]), Some(Figure::Shoulders));
        assert_eq!(
            pick(&[a(A::NeckBack), a(A::Shoulders)]),
            Some(Figure::Shoulders)
        );
        assert_eq!(pick(&[a(A::Hands)]), Some(Figure::Hand));
        assert_eq!(pick(&[Tag::Acupoint(P::Li4)]), Some(Figure::Hand));
        assert_eq!(
            pick(&[a(A::Hands), Tag::Acupoint(P::Li4)]),
            Some(Figure::Hand)
        );
        assert_eq!(pick(&[a(A::Forearms)]), Some(Figure::Forearm));
        assert_eq!(pick(&[a(A::Hands), a(A::Forearms)]), Some(Figure::Forearm));
        assert_eq!(pick(&[a(A::Feet)]), Some(Figure::Foot));
        assert_eq!(pick(&[a(A::Feet), a(A::Ankles)]), Some(Figure::Foot));
        assert_eq!(pick(&[a(A::Calves)]), Some(Figure::Foot));
    }

    #[test]
    fn gb20_gets_the_back_of_the_head_with_its_points() {
        let (figure, highlights) = figure_for(&tags(&[
            Tag::Area(Area::NeckBack),
            Tag::Acupoint(Acupoint::Gb20),
            Tag::PressurePoints,
        ]))
        .unwrap();
        assert_eq!(figure, Figure::HeadBack);
        assert_eq!(
            highlights,
            vec![
                Highlight::Area(Area::NeckBack),
                Highlight::Point(Acupoint::Gb20)
            ]
        );
        assert_eq!(
            describe(figure, &highlights, Side::Both),
            "Illustration: the back of the head and neck, seen from behind, highlighted: back of \
             the neck, GB20 points"
        );
    }

    #[test]
    fn steps_without_an_area_get_no_figure() {
        assert_eq!(figure_for(&BTreeSet::new()), None);
        assert_eq!(figure_for(&tags(&[])), None);
        let breathing: BTreeSet<Tag> = [Tag::PacedBreathing, Tag::EyesClosed].into();
        assert_eq!(figure_for(&breathing), None);
        let pmr: BTreeSet<Tag> = [Tag::MuscleTensing, Tag::LyingDown, Tag::ScreenOff].into();
        assert_eq!(figure_for(&pmr), None);
    }

    #[test]
    fn every_bundled_massage_step_gets_a_figure_with_only_its_own_areas() {
        let (catalogue, problems) = Catalogue::builtin();
        assert!(problems.is_empty(), "{problems:?}");
        let mut massage_steps = 0;
        for routine in catalogue.routines() {
            for step in all_steps(&routine.steps) {
                if !step.tags.contains(&Tag::Massage) {
                    continue;
                }
                massage_steps += 1;
                let (figure, highlights) = figure_for(&step.tags)
                    .unwrap_or_else(|| panic!("{} / {}: no figure", routine.id, step.title));
                assert!(!highlights.is_empty(), "{} / {}", routine.id, step.title);
                for h in &highlights {
                    let tag = match *h {
                        Highlight::Area(area) => Tag::Area(area),
                        Highlight::Point(point) => Tag::Acupoint(point),
                    };
                    // Only the step's own areas: never the front or sides of the neck.
                    assert!(step.tags.contains(&tag), "{} / {}", routine.id, step.title);
                    assert!(figure.shows(*h));
                }
                // Every tagged area is shown.
                for tag in &step.tags {
                    if let Tag::Area(area) = *tag {
                        assert!(
                            highlights.contains(&Highlight::Area(area)),
                            "{} / {}: {area} not shown on {figure:?}",
                            routine.id,
                            step.title
                        );
                    }
                }
            }
        }
        assert!(massage_steps > 20, "{massage_steps}");
    }

    #[test]
    fn describe_names_the_highlights_in_plain_words() {
        let hl = [
            Highlight::Area(Area::Temples),
            Highlight::Area(Area::Forehead),
        ];
        let text = describe(Figure::HeadFront, &hl, Side::Both);
        assert!(
            text.starts_with("Illustration: the head, seen from the front"),
            "{text}"
        );
        assert!(text.contains(Area::Temples.label()), "{text}");
        assert!(text.contains(Area::Forehead.label()), "{text}");
        for &area in Area::ALL {
            let (figure, highlights) = figure_for(&tags(&[Tag::Area(area)])).unwrap();
            assert!(
                describe(figure, &highlights, Side::Both).contains(area.label()),
                "{area}"
            );
        }
        assert_eq!(
            describe(Figure::Hand, &[], Side::Both),
            "Illustration: the back of the hand"
        );
        assert_eq!(
            describe(Figure::Hand, &[Highlight::Point(Acupoint::Li4)], Side::Both),
            "Illustration: the back of the hand, highlighted: LI4 point"
        );
    }

    #[test]
    fn every_description_says_where_the_figure_is_seen_from() {
        for figure in Figure::ALL {
            for side in [Side::Both, Side::Left, Side::Right] {
                let text = describe(figure, &[], side);
                let says = match (figure.view(), side) {
                    (View::Behind, _) => "seen from behind",
                    (View::Front, Side::Both) => "seen from the front",
                    // A front view with a side is drawn as in a mirror (its left on the
                    // viewer's left): the words must not say "from the front".
                    (View::Front, _) => "as seen in a mirror",
                    (View::Side, _) => "seen from the",
                    (View::BackOfHand, _) => "the back of the",
                };
                assert!(text.contains(says), "{figure:?} {side:?}: {text}");
            }
        }
        assert!(describe(Figure::HeadSide, &[], Side::Left).contains("from the left side"));
    }
}
