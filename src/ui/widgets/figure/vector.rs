//! A figure as plain vector data, for painters other than egui (the printable handout):
//! the same sketch, highlights and mirroring as [`super::figure`] paints, in unit
//! coordinates (0..1 across the square, y down).

use egui::Pos2;

use super::sketches::{Mark, marks, on_side, sketch};
use super::{Figure, Highlight};
use crate::domain::vocabulary::Side;

/// A point in unit coordinates, y down.
pub type Point = [f32; 2];

/// What to draw, in order: the outlines (stroked twice as wide as a line, then every part
/// filled over them, which leaves the silhouette's outer edge), the highlighted regions,
/// the detail lines, and the acupoints.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VectorFigure {
    /// The silhouette's parts, closed outlines.
    pub parts: Vec<Vec<Point>>,
    /// Highlighted areas, closed outlines.
    pub regions: Vec<Vec<Point>>,
    /// Detail lines, open.
    pub details: Vec<Vec<Point>>,
    /// Acupoints.
    pub dots: Vec<Point>,
}

/// `figure` with `highlights` for a step on `body_side`, as [`super::figure`] draws it: a
/// one-sided figure is drawn as the right one and mirrored for a left-side step; a figure
/// that shows both sides highlights only the step's side.
pub fn vector(figure: Figure, highlights: &[Highlight], body_side: Side) -> VectorFigure {
    let flip = figure.one_sided() && body_side == Side::Left;
    let at = |q: Pos2| [if flip { 1.0 - q.x } else { q.x }, q.y];
    let map = |poly: &[Pos2]| poly.iter().map(|&q| at(q)).collect::<Vec<_>>();
    let drawn = sketch(figure);
    let mut out = VectorFigure {
        parts: drawn.parts.iter().map(|part| map(&part.outline)).collect(),
        details: drawn.details.iter().map(|d| map(d)).collect(),
        ..VectorFigure::default()
    };
    for mark in highlights
        .iter()
        .filter(|&&h| figure.shows(h))
        .flat_map(|&h| marks(figure, h))
        .filter(|mark| figure.one_sided() || on_side(mark, body_side))
    {
        match mark {
            Mark::Region(poly) if poly.len() >= 3 => out.regions.push(map(&poly)),
            Mark::Region(_) => {}
            Mark::Dot(q) => out.dots.push(at(q)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::tag::{Acupoint, Area};

    #[test]
    fn a_left_side_step_mirrors_a_one_sided_figure_and_highlights_show() {
        let right = vector(
            Figure::Hand,
            &[Highlight::Point(Acupoint::Li4)],
            Side::Right,
        );
        let left = vector(Figure::Hand, &[Highlight::Point(Acupoint::Li4)], Side::Left);
        assert_eq!(right.dots.len(), 1);
        assert!((right.dots[0][0] - (1.0 - left.dots[0][0])).abs() < 1e-6);
        assert!(!right.parts.is_empty());
        // Both shoulders drawn, only the step's one highlighted.
        let both = vector(
            Figure::Shoulders,
            &[Highlight::Area(Area::Shoulders)],
            Side::Both,
        );
        let one = vector(
            Figure::Shoulders,
            &[Highlight::Area(Area::Shoulders)],
            Side::Left,
        );
        assert_eq!(both.regions.len(), 2 * one.regions.len());
        assert_eq!(both.parts, one.parts);
    }
}
