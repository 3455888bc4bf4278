//! Choosing body areas and acupoints on a figure (the routine editor): which highlight lies
//! under a point, and the widget that paints the figure with the chosen ones and reports a
//! click. The shapes are the ones the player shows, so what is picked is what plays.

use egui::{Pos2, Rect, Response, Sense, Ui, Vec2, WidgetInfo};

use super::sketches::{Mark, marks};
use super::{Figure, Highlight};
use crate::domain::tag::{Acupoint, Area};
use crate::domain::vocabulary::Side;
use crate::ui::theme::Palette;

/// How near a click must be to an acupoint's dot, across the unit square.
const DOT_REACH: f32 = 0.045;

/// Every highlight `figure` can show: its areas, then its points.
pub fn choices(figure: Figure) -> Vec<Highlight> {
    Area::ALL
        .iter()
        .map(|&a| Highlight::Area(a))
        .chain(Acupoint::ALL.iter().map(|&p| Highlight::Point(p)))
        .filter(|&h| figure.shows(h))
        .collect()
}

/// The highlight under `q` (unit coordinates, as drawn for both sides): a point whose dot is
/// near, else the smallest area that holds it.
pub fn highlight_at(figure: Figure, q: Pos2) -> Option<Highlight> {
    let mut best: Option<(Highlight, f32)> = None;
    for h in choices(figure) {
        for mark in marks(figure, h) {
            let (hit, size) = match mark {
                Mark::Dot(d) => (d.distance(q) <= DOT_REACH, 0.0),
                Mark::Region(poly) => (contains(&poly, q), area(&poly)),
            };
            if hit && best.is_none_or(|(_, s)| size < s) {
                best = Some((h, size));
            }
        }
    }
    best.map(|(h, _)| h)
}

/// A point inside each highlight `figure` shows (for tests and keyboard-free checks).
pub fn point_on(figure: Figure, highlight: Highlight) -> Option<Pos2> {
    marks(figure, highlight)
        .into_iter()
        .find_map(|mark| match mark {
            Mark::Dot(d) => Some(d),
            Mark::Region(poly) => {
                // The middle if it picks this area, else the first point of a fine grid over it
                // that does (a point's dot or a smaller area may cover the middle).
                let c = super::geometry::average(&poly);
                let grid = (1..40_u8).flat_map(|i| (1..40_u8).map(move |j| (i, j)));
                let (lo, hi) = poly
                    .iter()
                    .fold((c, c), |(lo, hi), q| (lo.min(*q), hi.max(*q)));
                std::iter::once(c)
                    .chain(grid.map(|(i, j)| {
                        let t = Vec2::new(f32::from(i) / 40.0, f32::from(j) / 40.0);
                        lo + (hi - lo) * t
                    }))
                    .find(|&q| highlight_at(figure, q) == Some(highlight))
            }
        })
}

/// Even-odd rule: whether `q` is inside the closed outline `poly`.
fn contains(poly: &[Pos2], q: Pos2) -> bool {
    let mut inside = false;
    let mut j = poly.len().wrapping_sub(1);
    for i in 0..poly.len() {
        let (a, b) = (poly[i], poly[j]);
        if (a.y > q.y) != (b.y > q.y) && q.x < (b.x - a.x) * (q.y - a.y) / (b.y - a.y) + a.x {
            inside = !inside;
        }
        j = i;
    }
    inside
}

/// The outline's area (shoelace).
fn area(poly: &[Pos2]) -> f32 {
    let n = poly.len();
    (0..n)
        .map(|i| {
            let (a, b) = (poly[i], poly[(i + 1) % n]);
            a.x * b.y - b.x * a.y
        })
        .sum::<f32>()
        .abs()
        / 2.0
}

/// Draws `figure` `side` points square with `chosen` highlighted; a click on an area or a
/// point gives it back (to add or take away). The response says, for screen readers, what
/// is chosen; the list beside it does the same by keyboard.
pub fn picker(
    ui: &mut Ui,
    figure: Figure,
    chosen: &[Highlight],
    palette: &Palette,
    side: f32,
) -> (Response, Option<Highlight>) {
    let (rect, response) = ui.allocate_exact_size(Vec2::splat(side), Sense::click());
    let names: Vec<&str> = chosen.iter().map(|h| h.label()).collect();
    let label = if names.is_empty() {
        format!("Pick areas on {}: none chosen", figure.label())
    } else {
        format!("Pick areas on {}: {}", figure.label(), names.join(", "))
    };
    response.widget_info(|| WidgetInfo::labeled(egui::Role::Image, true, &label));
    if ui.is_rect_visible(rect) {
        super::paint::paint_into(ui, rect, figure, chosen, Side::Both, palette);
    }
    let picked = response
        .clicked()
        .then(|| response.interact_pointer_pos())
        .flatten()
        .and_then(|pos| highlight_at(figure, to_unit(rect, pos)));
    (response, picked)
}

/// Screen position to unit coordinates in `rect` (a square).
pub fn to_unit(rect: Rect, pos: Pos2) -> Pos2 {
    let side = rect.width().min(rect.height());
    let origin = rect.center() - Vec2::splat(side / 2.0);
    Pos2::new((pos.x - origin.x) / side, (pos.y - origin.y) / side)
}

/// Unit coordinates to a screen position in `rect` (a square).
pub fn from_unit(rect: Rect, q: Pos2) -> Pos2 {
    let side = rect.width().min(rect.height());
    let origin = rect.center() - Vec2::splat(side / 2.0);
    origin + q.to_vec2() * side
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_highlight_can_be_picked_where_it_is_drawn() {
        for figure in Figure::ALL {
            for h in choices(figure) {
                let q = point_on(figure, h)
                    .unwrap_or_else(|| panic!("{figure:?}: no point picks {h:?}"));
                assert_eq!(highlight_at(figure, q), Some(h), "{figure:?} {h:?}");
            }
        }
    }

    #[test]
    fn outside_the_shapes_picks_nothing() {
        for figure in Figure::ALL {
            assert_eq!(
                highlight_at(figure, Pos2::new(0.01, 0.01)),
                None,
                "{figure:?}"
            );
        }
    }

    #[test]
    fn unit_coordinates_round_trip() {
        let rect = Rect::from_min_size(Pos2::new(10.0, 20.0), Vec2::new(200.0, 240.0));
        let q = Pos2::new(0.3, 0.7);
        let back = to_unit(rect, from_unit(rect, q));
        assert!((back - q).length() < 1e-5);
    }
}
