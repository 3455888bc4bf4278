//! The figures' drawings as data: each figure's silhouette (the parts the painter fills and
//! outlines) and detail lines, and where each highlight goes on it, in unit coordinates.
//! Pure, like [`super::geometry`].
//!
//! The front and sides of the neck are drawn but are never highlighted: there is no tag for
//! them (see [`crate::domain::tag`]), and the head figures do not show `neck-back`.

use std::f32::consts::TAU;

use egui::Pos2;

use super::geometry::{
    CIRCLE_STEPS, Part, Place, Poly, average, blob, clip_line, closed, convex, curve, ellipse,
    hull, intersect, mirror, p, smooth,
};
use super::{Figure, Highlight};
use crate::domain::tag::{Acupoint, Area};
use crate::domain::vocabulary::Side;

/// A figure's drawing: the silhouette's parts and the detail lines.
pub(super) struct Sketch {
    pub(super) parts: Vec<Part>,
    pub(super) details: Vec<Vec<Pos2>>,
}

/// What a highlight looks like on a figure.
pub(super) enum Mark {
    /// A soft shape over an area.
    Region(Poly),
    /// An acupoint.
    Dot(Pos2),
}

pub(super) fn sketch(figure: Figure) -> Sketch {
    match figure {
        Figure::HeadFront => head_front(),
        Figure::HeadSide => head_side(),
        Figure::HeadBack => head_back(),
        Figure::Shoulders => shoulders(),
        Figure::Hand => hand_figure(),
        Figure::Forearm => forearm(),
        Figure::Foot => foot(),
    }
}

/// The marks for `highlight` on `figure` (empty if the figure does not show it).
pub(super) fn marks(figure: Figure, highlight: Highlight) -> Vec<Mark> {
    use Acupoint as P;
    use Area as A;
    use Highlight::{Area as Ar, Point as Pt};
    let region = |poly: Poly| vec![Mark::Region(poly)];
    let pair = |poly: Poly| vec![Mark::Region(mirror(&poly)), Mark::Region(poly)];
    let dots = |q: Pos2| vec![Mark::Dot(q), Mark::Dot(p(1.0 - q.x, q.y))];
    match (figure, highlight) {
        // Head from the front.
        (Figure::HeadFront, Ar(A::Forehead)) => region(ellipse(0.5, 0.255, 0.125, 0.068, 0.0)),
        (Figure::HeadFront, Ar(A::Temples)) => {
            pair(intersect(&ellipse(0.336, 0.366, 0.036, 0.05, 0.0), &egg()))
        }
        (Figure::HeadFront, Ar(A::Face)) => {
            region(intersect(&ellipse(0.5, 0.475, 0.165, 0.095, 0.0), &egg()))
        }
        (Figure::HeadFront, Pt(P::Yintang)) => vec![Mark::Dot(p(0.5, 0.38))],
        // Head in profile.
        (Figure::HeadSide, Ar(A::Scalp)) => region(clip_line(
            &cranium(),
            SCALP_LINE.0,
            SCALP_LINE.1,
            p(0.4, 0.1),
        )),
        (Figure::HeadSide, Ar(A::Temples)) => region(ellipse(0.588, 0.35, 0.038, 0.045, 0.0)),
        (Figure::HeadSide, Ar(A::Forehead)) => region(clip_line(
            &intersect(&ellipse(0.66, 0.29, 0.045, 0.07, 0.35), &cranium()),
            SCALP_LINE.0,
            SCALP_LINE.1,
            p(0.7, 0.4),
        )),
        (Figure::HeadSide, Ar(A::Face)) => region(ellipse(0.625, 0.458, 0.042, 0.036, 0.0)),
        (Figure::HeadSide, Ar(A::Jaw)) => region(intersect(
            &ellipse(0.548, 0.54, 0.04, 0.078, 0.25),
            &side_face(),
        )),
        // Back of the head.
        (Figure::HeadBack, Ar(A::Scalp)) => region(intersect(
            &back_skull(),
            &ellipse(0.5, 0.12, 0.4, 0.36, 0.0),
        )),
        (Figure::HeadBack, Ar(A::NeckBack)) => {
            pair(blob(&[(0.545, 0.645, 0.026), (0.545, 0.8, 0.026)]))
        }
        (Figure::HeadBack, Pt(P::Gb20)) => dots(p(0.565, 0.622)),
        // Shoulders from behind.
        (Figure::Shoulders, Ar(A::Shoulders)) => pair(intersect(
            &blob(&[(0.57, 0.478, 0.026), (0.79, 0.555, 0.034)]),
            &torso(),
        )),
        (Figure::Shoulders, Ar(A::NeckBack)) => {
            pair(blob(&[(0.523, 0.36, 0.016), (0.523, 0.44, 0.016)]))
        }
        (Figure::Shoulders, Pt(P::Gb20)) => dots(p(0.534, 0.34)),
        (Figure::Shoulders, Pt(P::Gb21)) => dots(p(0.68, 0.5)),
        // Hand and forearm.
        (Figure::Hand, Ar(A::Hands)) => region(HAND_PLACE.blob(HAND_BACK_INSET)),
        (Figure::Hand, Pt(P::Li4)) => vec![Mark::Dot(HAND_PLACE.point(LI4))],
        (Figure::Forearm, Ar(A::Hands)) => region(forearm_hand().blob(HAND_BACK_INSET)),
        (Figure::Forearm, Ar(A::Forearms)) => region(forearm_inset()),
        (Figure::Forearm, Pt(P::Li4)) => vec![Mark::Dot(forearm_hand().point(LI4))],
        // Lower leg and foot.
        (Figure::Foot, Ar(A::Feet)) => region(clip_line(
            &foot_outline(),
            FOOT_LINE.0,
            FOOT_LINE.1,
            p(0.8, 0.95),
        )),
        (Figure::Foot, Ar(A::Ankles)) => region(ellipse(0.485, 0.712, 0.066, 0.05, 0.0)),
        (Figure::Foot, Ar(A::Calves)) => region(ellipse(0.4, 0.24, 0.085, 0.19, -0.1)),
        (Figure::Foot, Pt(P::Sp6)) => vec![Mark::Dot(p(0.49, 0.52))],
        _ => Vec::new(),
    }
}

/// Whether a mark is on `side` of a figure that shows both (marks on the middle line are on
/// both).
pub(super) fn on_side(mark: &Mark, side: Side) -> bool {
    let x = match mark {
        Mark::Region(poly) => average(poly).x,
        Mark::Dot(q) => q.x,
    };
    match side {
        Side::Both => true,
        _ if (x - 0.5).abs() < 0.01 => true,
        Side::Left => x < 0.5,
        Side::Right => x > 0.5,
    }
}

// Head from the front -------------------------------------------------------------------

/// The head from the front: an egg, narrower at the chin.
fn egg() -> Poly {
    let steps = CIRCLE_STEPS * 2;
    let points = (0..steps)
        .map(|i| {
            let t = TAU * i as f32 / steps as f32;
            let v = -t.cos(); // -1 at the crown, 1 at the chin
            let half_width = 0.208 * (1.0 - 0.2 * v.max(0.0).powf(1.6));
            let y = if v < 0.0 {
                0.40 + 0.29 * v
            } else {
                0.40 + 0.305 * v
            };
            p(0.5 + half_width * t.sin(), y)
        })
        .collect();
    hull(points)
}

fn head_front() -> Sketch {
    let ear = ellipse(0.292, 0.425, 0.034, 0.058, 0.0);
    let parts = vec![
        // Shoulders, cut by the bottom edge.
        blob(&[
            (0.34, 0.87, 0.05),
            (0.66, 0.87, 0.05),
            (0.9, 1.1, 0.05),
            (0.1, 1.1, 0.05),
        ]),
        blob(&[
            (0.44, 0.62, 0.012),
            (0.56, 0.62, 0.012),
            (0.565, 0.88, 0.012),
            (0.435, 0.88, 0.012),
        ]),
        mirror(&ear),
        ear,
        egg(),
    ];
    let eye = curve(p(0.375, 0.42), p(0.41, 0.445), p(0.445, 0.42));
    let brow = curve(p(0.365, 0.38), p(0.405, 0.363), p(0.45, 0.373));
    let details = vec![
        mirror(&eye),
        eye,
        mirror(&brow),
        brow,
        curve(p(0.5, 0.44), p(0.49, 0.5), p(0.482, 0.515)),
        curve(p(0.482, 0.515), p(0.5, 0.525), p(0.515, 0.512)),
        curve(p(0.455, 0.585), p(0.5, 0.61), p(0.545, 0.585)),
        // Collarbones, softly.
        curve(p(0.44, 0.925), p(0.36, 0.9), p(0.27, 0.915)),
        curve(p(0.56, 0.925), p(0.64, 0.9), p(0.73, 0.915)),
    ];
    Sketch {
        parts: convex(parts),
        details,
    }
}

// Head in profile ------------------------------------------------------------------------

/// The line between the scalp and the face, in profile: from the hairline at the forehead to
/// the back of the head.
const SCALP_LINE: (Pos2, Pos2) = (p(0.7, 0.2), p(0.27, 0.5));

fn cranium() -> Poly {
    ellipse(0.48, 0.355, 0.215, 0.225, 0.0)
}

fn side_face() -> Poly {
    blob(&[
        (0.665, 0.37, 0.035),
        (0.665, 0.545, 0.028),
        (0.64, 0.62, 0.04),
        (0.535, 0.6, 0.025),
        (0.5, 0.45, 0.03),
    ])
}

/// The neck in profile: from under the back of the skull and under the jaw, leaning
/// forward like a real neck, down to the upper back and the top of the chest. It is drawn,
/// never highlighted.
fn side_neck() -> Poly {
    blob(&[
        (0.365, 0.51, 0.012),
        (0.572, 0.62, 0.012),
        (0.552, 0.86, 0.012),
        (0.325, 0.82, 0.012),
    ])
}

fn head_side() -> Sketch {
    let parts = vec![
        // The upper back, the shoulder and the top of the chest, cut by the bottom edge.
        blob(&[
            (0.28, 0.89, 0.075),
            (0.44, 0.83, 0.05),
            (0.6, 0.91, 0.05),
            (0.72, 1.1, 0.05),
            (0.14, 1.1, 0.05),
        ]),
        side_neck(),
        cranium(),
        side_face(),
        // The nose.
        blob(&[
            (0.695, 0.405, 0.01),
            (0.735, 0.482, 0.013),
            (0.69, 0.5, 0.01),
        ]),
    ];
    let details = vec![
        // The ear.
        closed(ellipse(0.47, 0.43, 0.032, 0.056, 0.15)),
        curve(p(0.466, 0.405), p(0.487, 0.43), p(0.466, 0.458)),
        // The jaw, from below the ear to its angle.
        curve(p(0.507, 0.49), p(0.512, 0.598), p(0.575, 0.628)),
        // Closed eye, brow, mouth.
        curve(p(0.636, 0.412), p(0.656, 0.432), p(0.681, 0.413)),
        curve(p(0.63, 0.372), p(0.66, 0.36), p(0.694, 0.366)),
        curve(p(0.66, 0.57), p(0.678, 0.58), p(0.692, 0.57)),
    ];
    Sketch {
        parts: convex(parts),
        details,
    }
}

// Back of the head ----------------------------------------------------------------------

fn back_skull() -> Poly {
    ellipse(0.5, 0.37, 0.212, 0.25, 0.0)
}

fn head_back() -> Sketch {
    let ear = ellipse(0.29, 0.41, 0.03, 0.058, 0.0);
    let parts = vec![
        blob(&[
            (0.41, 0.82, 0.04),
            (0.59, 0.82, 0.04),
            (0.88, 0.93, 0.05),
            (0.95, 1.12, 0.05),
            (0.05, 1.12, 0.05),
            (0.12, 0.93, 0.05),
        ]),
        blob(&[
            (0.425, 0.5, 0.012),
            (0.575, 0.5, 0.012),
            (0.59, 0.86, 0.012),
            (0.41, 0.86, 0.012),
        ]),
        mirror(&ear),
        ear,
        back_skull(),
    ];
    // The base of the skull, where the hair ends; hair from the crown; the spine.
    let strand = curve(p(0.485, 0.16), p(0.4, 0.21), p(0.36, 0.33));
    let strand_inner = curve(p(0.49, 0.2), p(0.445, 0.27), p(0.43, 0.38));
    let mut details = vec![
        nape(&back_skull(), 0.097),
        mirror(&strand),
        strand,
        mirror(&strand_inner),
        strand_inner,
    ];
    details.extend(spine(0.7, 0.86, 4, 0.014));
    Sketch {
        parts: convex(parts),
        details,
    }
}

// Shoulders from behind -----------------------------------------------------------------

fn torso() -> Poly {
    blob(&[
        (0.45, 0.45, 0.025),
        (0.55, 0.45, 0.025),
        (0.83, 0.55, 0.03),
        (0.885, 0.64, 0.035),
        (0.87, 1.1, 0.03),
        (0.13, 1.1, 0.03),
        (0.115, 0.64, 0.035),
        (0.17, 0.55, 0.03),
    ])
}

fn shoulders_skull() -> Poly {
    ellipse(0.5, 0.205, 0.115, 0.14, 0.0)
}

fn shoulders() -> Sketch {
    let ear = ellipse(0.388, 0.225, 0.018, 0.033, 0.0);
    let parts = vec![
        torso(),
        blob(&[
            (0.455, 0.29, 0.008),
            (0.545, 0.29, 0.008),
            (0.555, 0.48, 0.008),
            (0.445, 0.48, 0.008),
        ]),
        mirror(&ear),
        ear,
        shoulders_skull(),
    ];
    // The left shoulder blade (the person's and the viewer's): the spine of the blade out
    // toward the shoulder, then its inner edge down beside the spine to its lower tip and
    // its outer edge back up toward the armpit.
    let blade_spine = curve(p(0.405, 0.6), p(0.32, 0.565), p(0.235, 0.565));
    let mut blade = curve(p(0.405, 0.6), p(0.412, 0.72), p(0.385, 0.8));
    blade.extend(curve(p(0.385, 0.8), p(0.31, 0.74), p(0.26, 0.655)));
    let arm = curve(p(0.2, 0.74), p(0.19, 0.86), p(0.195, 1.0));
    let mut details = vec![
        nape(&shoulders_skull(), 0.052),
        mirror(&blade_spine),
        blade_spine,
        mirror(&blade),
        blade,
        mirror(&arm),
        arm,
    ];
    details.extend(spine(0.47, 0.99, 10, 0.012));
    Sketch {
        parts: convex(parts),
        details,
    }
}

/// The hairline at the base of `skull` (seen from behind), `half_width` either side of the
/// middle.
fn nape(skull: &[Pos2], half_width: f32) -> Vec<Pos2> {
    let middle = average(skull);
    let mut nape: Vec<Pos2> = skull
        .iter()
        .copied()
        .filter(|q| q.y > middle.y && (q.x - 0.5).abs() < half_width)
        .collect();
    nape.sort_by(|a, b| a.x.total_cmp(&b.x));
    nape
}

/// The spine seen from behind: `count` small arcs (the bumps of the vertebrae) down the
/// middle from `top` to `bottom`, each `half_width` either side.
fn spine(top: f32, bottom: f32, count: usize, half_width: f32) -> Vec<Vec<Pos2>> {
    (0..count)
        .map(|i| {
            let y = top + (bottom - top) * i as f32 / (count - 1).max(1) as f32;
            curve(
                p(0.5 - half_width, y + 0.4 * half_width),
                p(0.5, y - 0.5 * half_width),
                p(0.5 + half_width, y + 0.4 * half_width),
            )
        })
        .collect()
}

// Hand and forearm ----------------------------------------------------------------------
//
// The hand is sketched in its own coordinates: the middle of the wrist at (0, 0), fingers
// up (toward negative y), about 1 from the wrist to the tip of the middle finger. It is a
// right hand seen from the back, so the thumb is on the left.

/// The back of the hand (the rounded block between the wrist and the knuckles).
const HAND_BACK: &[(f32, f32, f32)] = &[
    (-0.125, -0.03, 0.05),
    (0.115, -0.03, 0.05),
    (0.16, -0.4, 0.05),
    (-0.165, -0.43, 0.05),
];

/// [`HAND_BACK`], a little inside the outline: the highlighted area.
const HAND_BACK_INSET: &[(f32, f32, f32)] = &[
    (-0.11, -0.05, 0.035),
    (0.1, -0.05, 0.035),
    (0.145, -0.39, 0.04),
    (-0.15, -0.42, 0.04),
];

/// LI4, on the back of the hand in the web between thumb and index finger.
const LI4: Pos2 = p(-0.175, -0.3);

/// A fingernail on the finger from `base` to `tip` of radius `r`.
fn nail(base: Pos2, tip: Pos2, r: f32) -> Vec<Pos2> {
    let along = (tip - base).normalized();
    let center = tip - along * (r * 0.45);
    closed(ellipse(
        center.x,
        center.y,
        r * 0.5,
        r * 0.62,
        (-along.x).atan2(along.y),
    ))
}

/// The hand's parts and details, placed by `place`, with the fingers fanned out by `spread`
/// (1 for a hand held up, less for a hand at rest).
fn hand_parts(place: Place, spread: f32) -> (Vec<Poly>, Vec<Vec<Pos2>>) {
    let fingers: [(Pos2, Pos2, f32); 4] = [
        // base, tip, radius
        (p(-0.14, -0.46), p(-0.18, -0.86), 0.05),
        (p(-0.045, -0.48), p(-0.05, -0.96), 0.052),
        (p(0.05, -0.47), p(0.08, -0.9), 0.05),
        (p(0.14, -0.43), p(0.2, -0.76), 0.043),
    ];
    let thumb = (p(-0.27, -0.31), p(-0.36, -0.46), 0.054);
    let mut parts = vec![
        // The thumb, with the fleshy ball at its base.
        place.blob(&[
            (-0.13, -0.14, 0.09),
            (thumb.0.x, thumb.0.y, 0.064),
            (thumb.1.x, thumb.1.y, thumb.2),
        ]),
        place.blob(HAND_BACK),
    ];
    let mut details = vec![place.line(&nail(thumb.0, thumb.1, thumb.2))];
    for (base, tip, r) in fingers {
        let tip = p(base.x + (tip.x - base.x) * spread, tip.y);
        parts.push(place.blob(&[(base.x, base.y, r), (tip.x, tip.y, r * 0.94)]));
        details.push(place.line(&nail(base, tip, r * 0.94)));
    }
    (parts, details)
}

/// The hand in the [`Figure::Hand`] figure.
const HAND_PLACE: Place = Place {
    origin: p(0.56, 0.87),
    angle: -0.04,
    scale: 0.8,
};

fn hand_figure() -> Sketch {
    let (mut parts, details) = hand_parts(HAND_PLACE, 1.0);
    // The wrist, cut by the bottom edge.
    parts.insert(
        0,
        blob(&[
            (0.48, 0.88, 0.02),
            (0.66, 0.88, 0.02),
            (0.67, 1.1, 0.02),
            (0.47, 1.1, 0.02),
        ]),
    );
    Sketch {
        parts: convex(parts),
        details,
    }
}

/// The elbow and the wrist of the [`Figure::Forearm`] figure: the whole forearm is in the
/// square, ending in the rounded elbow (a forearm cut by the frame ends in a hard edge).
const ELBOW: (f32, f32, f32) = (0.11, 0.74, 0.072);
const WRIST: (f32, f32, f32) = (0.52, 0.5, 0.05);

/// The hand in the [`Figure::Forearm`] figure: continuing the forearm, fingers to the upper
/// right.
fn forearm_hand() -> Place {
    let (dx, dy) = (WRIST.0 - ELBOW.0, WRIST.1 - ELBOW.1);
    Place {
        origin: p(WRIST.0, WRIST.1),
        // Turned from "fingers up" to the forearm's direction.
        angle: dx.atan2(-dy),
        scale: 0.42,
    }
}

fn forearm_inset() -> Poly {
    let lerp = |t: f32, inset: f32| {
        (
            ELBOW.0 + (WRIST.0 - ELBOW.0) * t,
            ELBOW.1 + (WRIST.1 - ELBOW.1) * t,
            ELBOW.2 + (WRIST.2 - ELBOW.2) * t - inset,
        )
    };
    blob(&[lerp(0.33, 0.025), lerp(0.88, 0.018)])
}

fn forearm() -> Sketch {
    let (hand, details) = hand_parts(forearm_hand(), 0.45);
    let mut parts = vec![blob(&[ELBOW, WRIST])];
    parts.extend(hand);
    Sketch {
        parts: convex(parts),
        details,
    }
}

// Lower leg and foot --------------------------------------------------------------------

/// The line under the ankle: the foot's highlight is below it.
const FOOT_LINE: (Pos2, Pos2) = (p(0.36, 0.79), p(0.72, 0.735));

/// The lower leg (cut by the top edge) and the foot, toes to the right, as one smooth outline
/// (star-shaped around [`FOOT_CENTER`]).
fn foot_outline() -> Poly {
    smooth(&[
        // The back of the leg, from above the top edge down to the heel.
        p(0.31, -0.06),
        p(0.285, 0.15),
        p(0.305, 0.31),
        p(0.365, 0.48),
        p(0.405, 0.63),
        p(0.405, 0.74),
        p(0.375, 0.81),
        p(0.385, 0.9),
        // The sole.
        p(0.45, 0.926),
        p(0.62, 0.92),
        p(0.8, 0.928),
        p(0.9, 0.924),
        // The toes, then the top of the foot.
        p(0.927, 0.898),
        p(0.897, 0.858),
        p(0.8, 0.824),
        p(0.67, 0.765),
        p(0.565, 0.705),
        // The front of the leg (the shin), back up.
        p(0.535, 0.62),
        p(0.548, 0.3),
        p(0.565, -0.06),
        p(0.44, -0.12),
    ])
}

/// Where the foot's outline is seen whole from.
const FOOT_CENTER: Pos2 = p(0.49, 0.76);

fn foot() -> Sketch {
    let parts = vec![Part {
        outline: foot_outline(),
        center: FOOT_CENTER,
    }];
    let details = vec![
        // The big toe.
        curve(p(0.835, 0.85), p(0.856, 0.89), p(0.846, 0.926)),
    ];
    Sketch { parts, details }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::widgets::figure::{View, describe};

    #[test]
    fn head_figures_never_highlight_the_neck() {
        for figure in [Figure::HeadFront, Figure::HeadSide] {
            assert!(!figure.shows(Highlight::Area(Area::NeckBack)));
            for &area in Area::ALL {
                for mark in marks(figure, Highlight::Area(area)) {
                    let Mark::Region(poly) = mark else { continue };
                    // The neck starts below the chin (y ≈ 0.62 on both head figures);
                    // nothing highlighted reaches below the jaw.
                    let lowest = poly.iter().map(|q| q.y).fold(f32::MIN, f32::max);
                    assert!(lowest < 0.63, "{figure:?} {area}: {lowest}");
                }
            }
        }
    }

    #[test]
    fn shows_agrees_with_the_drawing() {
        let every: Vec<Highlight> = Area::ALL
            .iter()
            .map(|&a| Highlight::Area(a))
            .chain(Acupoint::ALL.iter().map(|&p| Highlight::Point(p)))
            .collect();
        for figure in Figure::ALL {
            for &h in &every {
                let drawn = marks(figure, h);
                assert_eq!(figure.shows(h), !drawn.is_empty(), "{figure:?} {h:?}");
                for mark in drawn {
                    let inside =
                        |q: Pos2| (-0.01..=1.01).contains(&q.x) && (-0.01..=1.01).contains(&q.y);
                    match mark {
                        Mark::Region(poly) => {
                            assert!(poly.len() >= 3, "{figure:?} {h:?}");
                            assert!(poly.iter().all(|&q| inside(q)), "{figure:?} {h:?}");
                        }
                        Mark::Dot(q) => assert!(inside(q), "{figure:?} {h:?}"),
                    }
                }
            }
        }
    }

    /// Whether `poly` is star-shaped around `center`: every fan triangle turns the same way.
    fn star_shaped(poly: &[Pos2], center: Pos2) -> bool {
        let turns: Vec<f32> = (0..poly.len())
            .map(|i| {
                let (a, b) = (poly[i] - center, poly[(i + 1) % poly.len()] - center);
                a.x * b.y - a.y * b.x
            })
            .filter(|t| t.abs() > 1e-7)
            .collect();
        turns.iter().all(|&t| t > 0.0) || turns.iter().all(|&t| t < 0.0)
    }

    /// Whether `q` is inside `poly` (even-odd rule) or within `tolerance` of its outline.
    fn inside(poly: &[Pos2], q: Pos2, tolerance: f32) -> bool {
        let mut crossings = false;
        for i in 0..poly.len() {
            let (a, b) = (poly[i], poly[(i + 1) % poly.len()]);
            if (a.y > q.y) != (b.y > q.y) && q.x < a.x + (q.y - a.y) / (b.y - a.y) * (b.x - a.x) {
                crossings = !crossings;
            }
            let ab = b - a;
            let t = ((q - a).dot(ab) / ab.length_sq().max(1e-12)).clamp(0.0, 1.0);
            if (a + ab * t).distance(q) <= tolerance {
                return true;
            }
        }
        crossings
    }

    #[test]
    fn every_part_and_highlight_can_be_filled_as_a_fan() {
        for figure in Figure::ALL {
            for part in sketch(figure).parts {
                assert!(part.outline.len() >= 3, "{figure:?}");
                assert!(star_shaped(&part.outline, part.center), "{figure:?}");
            }
            for &h in &every_highlight() {
                for mark in marks(figure, h) {
                    if let Mark::Region(poly) = mark {
                        assert!(star_shaped(&poly, average(&poly)), "{figure:?} {h:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn highlights_lie_on_the_figure() {
        for figure in Figure::ALL {
            let parts = sketch(figure).parts;
            let on_figure = |q: Pos2| parts.iter().any(|part| inside(&part.outline, q, 0.004));
            for &h in &every_highlight() {
                for mark in marks(figure, h) {
                    match mark {
                        Mark::Region(poly) => {
                            for q in poly {
                                assert!(on_figure(q), "{figure:?} {h:?} at {q:?}");
                            }
                        }
                        Mark::Dot(q) => assert!(on_figure(q), "{figure:?} {h:?}"),
                    }
                }
            }
        }
    }

    fn every_highlight() -> Vec<Highlight> {
        Area::ALL
            .iter()
            .map(|&a| Highlight::Area(a))
            .chain(Acupoint::ALL.iter().map(|&p| Highlight::Point(p)))
            .collect()
    }

    #[test]
    fn a_one_sided_step_highlights_only_its_side() {
        let shoulders = [Highlight::Area(Area::Shoulders)];
        let both = marks(Figure::Shoulders, shoulders[0]);
        let left: Vec<&Mark> = both.iter().filter(|m| on_side(m, Side::Left)).collect();
        let right: Vec<&Mark> = both.iter().filter(|m| on_side(m, Side::Right)).collect();
        assert_eq!((both.len(), left.len(), right.len()), (2, 1, 1));
        // Seen from behind, the person's left shoulder is on the viewer's left.
        assert!(matches!(left[0], Mark::Region(poly) if average(poly).x < 0.5));
        assert_eq!(
            describe(Figure::Shoulders, &shoulders, Side::Left),
            "Illustration: the shoulders and upper back, seen from behind, highlighted: left \
             shoulder"
        );
        assert_eq!(
            describe(Figure::Foot, &[Highlight::Area(Area::Feet)], Side::Right),
            "Illustration: the right lower leg and foot, seen from the side, highlighted: foot"
        );
        assert_eq!(
            describe(Figure::Hand, &[Highlight::Area(Area::Hands)], Side::Left),
            "Illustration: the back of the left hand, highlighted: hand"
        );
    }

    /// Where the horizontal line at `y` crosses `poly`: its leftmost and rightmost points.
    fn span_at(poly: &[Pos2], y: f32) -> (f32, f32) {
        let mut span = (f32::MAX, f32::MIN);
        for i in 0..poly.len() {
            let (a, b) = (poly[i], poly[(i + 1) % poly.len()]);
            if (a.y - y) * (b.y - y) <= 0.0 && a.y != b.y {
                let x = a.x + (y - a.y) / (b.y - a.y) * (b.x - a.x);
                span = (span.0.min(x), span.1.max(x));
            }
        }
        span
    }

    #[test]
    fn no_figure_is_cut_by_a_side_of_its_frame() {
        // A limb cut by the left or right edge ends in a hard vertical line (the forearm
        // once did); only the top and bottom edges may cut a figure (a leg, a torso).
        let square = vec![p(0.0, 0.0), p(1.0, 0.0), p(1.0, 1.0), p(0.0, 1.0)];
        for figure in Figure::ALL {
            for part in sketch(figure).parts {
                let inside = intersect(&part.outline, &square);
                for i in 0..inside.len() {
                    let (a, b) = (inside[i], inside[(i + 1) % inside.len()]);
                    for edge in [0.0, 1.0] {
                        let along = (a.x - edge).abs() < 1e-4 && (b.x - edge).abs() < 1e-4;
                        assert!(
                            !along || (a.y - b.y).abs() < 0.01,
                            "{figure:?}: cut by the edge x = {edge} from {a:?} to {b:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn back_views_are_drawn_from_behind_with_left_on_the_left() {
        for figure in Figure::ALL {
            // The bumps of the vertebrae down the middle: short details on the middle line.
            let vertebrae = sketch(figure)
                .details
                .iter()
                .filter(|d| {
                    let (first, last) = (d[0], d[d.len() - 1]);
                    (first.x + last.x - 1.0).abs() < 1e-4
                        && (first.y - last.y).abs() < 1e-4
                        && d.iter().all(|q| (q.x - 0.5).abs() < 0.02)
                        && d.iter().map(|q| q.y).fold(f32::MIN, f32::max)
                            - d.iter().map(|q| q.y).fold(f32::MAX, f32::min)
                            < 0.03
                })
                .count();
            if figure.view() == View::Behind {
                assert!(vertebrae >= 4, "{figure:?}: {vertebrae} vertebrae");
            } else {
                assert_eq!(vertebrae, 0, "{figure:?}");
            }
        }
        // Seen from behind, the person's left is the viewer's left, and the words say left.
        for (figure, h) in [
            (Figure::HeadBack, Highlight::Point(Acupoint::Gb20)),
            (Figure::HeadBack, Highlight::Area(Area::NeckBack)),
            (Figure::Shoulders, Highlight::Area(Area::Shoulders)),
            (Figure::Shoulders, Highlight::Point(Acupoint::Gb21)),
        ] {
            let left: Vec<Mark> = marks(figure, h)
                .into_iter()
                .filter(|m| on_side(m, Side::Left))
                .collect();
            assert_eq!(left.len(), 1, "{figure:?} {h:?}");
            let x = match &left[0] {
                Mark::Region(poly) => average(poly).x,
                Mark::Dot(q) => q.x,
            };
            assert!(x < 0.5, "{figure:?} {h:?}");
            let text = describe(figure, &[h], Side::Left);
            assert!(
                text.contains("seen from behind") && text.contains("left"),
                "{text}"
            );
        }
    }

    #[test]
    fn the_neck_in_profile_joins_skull_and_shoulders_and_leans_forward() {
        let neck = side_neck();
        let parts = sketch(Figure::HeadSide).parts;
        let body = &parts[0].outline;
        // Its top is under the skull and the jaw; its bottom is in the shoulders.
        let top = neck
            .iter()
            .copied()
            .fold(p(0.0, 1.0), |a, q| if q.y < a.y { q } else { a });
        assert!(inside(&cranium(), top, 0.0), "{top:?}");
        let (back, front) = span_at(&neck, 0.8);
        assert!(inside(body, p(back + 0.01, 0.84), 0.0));
        assert!(inside(body, p(front - 0.01, 0.84), 0.0));
        // It leans forward (the face is on the right): the back of the neck runs down and
        // back from the skull to the upper back, and its front down from under the jaw.
        let (back_high, _) = span_at(&neck, 0.55);
        let (_, front_high) = span_at(&neck, 0.66);
        assert!(back_high - back >= 0.03, "{back_high} → {back}");
        assert!(front_high >= front, "{front_high} → {front}");
        // It is about as deep as a neck: narrower than the head, wider than a stalk.
        let depth = front - back;
        assert!((0.18..0.3).contains(&depth), "{depth}");
    }
}
