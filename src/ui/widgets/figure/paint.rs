//! Painting a figure with egui: the silhouette's outline and fill, the highlights, the
//! details and the acupoints, in the palette's figure colours, and the [`figure`] widget.

use egui::epaint::{Mesh, PathShape};
use egui::{Color32, Painter, Pos2, Rect, Response, Sense, Shape, Stroke, Ui, Vec2, WidgetInfo};

use super::geometry::average;
use super::sketches::{Mark, marks, on_side, sketch};
use super::{Figure, Highlight, describe};
use crate::domain::vocabulary::Side;
use crate::ui::theme::Palette;

/// Draws the figure for a step on `body_side` at `side` points square (it must look right
/// from 160 to 420 points).
///
/// Left and right are drawn as in a mirror, for every figure: the person's left is on the
/// viewer's left (the back views are seen from behind, so they are so already; the head from
/// the front is then a mirror image, and its words say so for a one-sided step; the hand is a
/// right hand held up, back towards you, and a left-side step shows it mirrored; the same for
/// the forearm, the foot and the head in profile). Figures that show both sides highlight
/// only the step's side.
pub fn figure(
    ui: &mut Ui,
    figure: Figure,
    highlights: &[Highlight],
    body_side: Side,
    palette: &Palette,
    side: f32,
) -> Response {
    // 1. Decide a size.
    let side = side.max(16.0);
    // 2. Allocate space.
    let (rect, response) = ui.allocate_exact_size(Vec2::splat(side), Sense::hover());
    // 3. Interaction: none; but tell assistive technology what it shows.
    response.widget_info(|| {
        WidgetInfo::labeled(
            egui::Role::Image,
            true,
            describe(figure, highlights, body_side),
        )
    });
    // 4. Paint.
    if ui.is_rect_visible(rect) {
        paint(
            &ui.painter_at(rect),
            rect,
            figure,
            highlights,
            body_side,
            palette,
        );
    }
    response
}

/// Paints `figure` into `rect` of `ui` (the editor's picker).
pub(super) fn paint_into(
    ui: &Ui,
    rect: Rect,
    figure: Figure,
    highlights: &[Highlight],
    body_side: Side,
    palette: &Palette,
) {
    paint(
        &ui.painter_at(rect),
        rect,
        figure,
        highlights,
        body_side,
        palette,
    );
}

/// Paints `figure` into `rect` (a square).
fn paint(
    painter: &Painter,
    rect: Rect,
    figure: Figure,
    highlights: &[Highlight],
    body_side: Side,
    palette: &Palette,
) {
    let side = rect.width().min(rect.height());
    let origin = rect.center() - Vec2::splat(side / 2.0);
    // A one-sided figure is drawn as the right one; a left-side step mirrors it.
    let flip = figure.one_sided() && body_side == Side::Left;
    let to_screen = |p: Pos2| {
        let x = if flip { 1.0 - p.x } else { p.x };
        origin + Vec2::new(x, p.y) * side
    };
    let map = |poly: &[Pos2]| poly.iter().map(|&p| to_screen(p)).collect::<Vec<_>>();
    // The outline: 2 points wide at 300 points square, never thinner than 1.25.
    let line = (side / 150.0).max(1.25);

    let sketch = sketch(figure);
    // The outline of the union of the parts, then their fill.
    for part in &sketch.parts {
        painter.add(PathShape::closed_line(
            map(&part.outline),
            Stroke::new(2.0 * line, palette.figure_line),
        ));
    }
    for part in &sketch.parts {
        let fill = palette.figure_fill;
        fan(
            painter,
            &map(&part.outline),
            to_screen(part.center),
            fill,
            fill,
        );
    }
    // Highlighted areas under the details, points on top of everything.
    let marks: Vec<Mark> = highlights
        .iter()
        .filter(|&&h| figure.shows(h))
        .flat_map(|&h| marks(figure, h))
        .filter(|mark| figure.one_sided() || on_side(mark, body_side))
        .collect();
    for mark in &marks {
        if let Mark::Region(poly) = mark {
            soft_region(painter, &map(poly), palette, line);
        }
    }
    for detail in &sketch.details {
        painter.add(Shape::line(
            map(detail),
            Stroke::new(0.8 * line, palette.figure_line),
        ));
    }
    for mark in &marks {
        if let Mark::Dot(p) = *mark {
            let center = to_screen(p);
            // A dot in a ring, on a soft disc so it reads over a highlighted area.
            let dot = (0.016 * side).max(3.0);
            painter.circle_filled(center, dot * 2.3, palette.figure_fill.gamma_multiply(0.6));
            painter.circle_stroke(
                center,
                dot * 2.3,
                Stroke::new(0.8 * line, palette.figure_highlight_edge),
            );
            painter.circle_filled(center, dot, palette.figure_highlight_edge);
        }
    }
}

/// A soft shape: the highlight colour in the middle, fading toward a rim of its own.
fn soft_region(painter: &Painter, poly: &[Pos2], palette: &Palette, line: f32) {
    if poly.len() < 3 {
        return;
    }
    let (middle, edge) = (
        palette.figure_highlight,
        palette.figure_highlight.gamma_multiply(0.45),
    );
    fan(painter, poly, average(poly), middle, edge);
    painter.add(PathShape::closed_line(
        poly.to_vec(),
        Stroke::new(0.7 * line, palette.figure_highlight_edge),
    ));
}

/// Fills the polygon `poly` (star-shaped around `center`) as a triangle fan, from `inner`
/// at the center to `edge` at the outline, with an anti-aliased rim.
fn fan(painter: &Painter, poly: &[Pos2], center: Pos2, inner: Color32, edge: Color32) {
    let count = poly.len();
    if count < 3 {
        return;
    }
    let mut normals: Vec<Vec2> = (0..count)
        .map(|i| {
            let e = poly[(i + 1) % count] - poly[(i + count - 1) % count];
            Vec2::new(e.y, -e.x).normalized()
        })
        .collect();
    let outward: f32 = normals
        .iter()
        .zip(poly)
        .map(|(n, &q)| n.dot(q - center))
        .sum();
    if outward < 0.0 {
        for n in &mut normals {
            *n = -*n;
        }
    }
    // Like epaint's feathering: one pixel wide, centred on the outline.
    let half_pixel = 0.5 / painter.pixels_per_point();
    let mut mesh = Mesh::default();
    mesh.colored_vertex(center, inner);
    for (&q, &n) in poly.iter().zip(&normals) {
        mesh.colored_vertex(q - n * half_pixel, edge);
        mesh.colored_vertex(q + n * half_pixel, Color32::TRANSPARENT);
    }
    let count = count as u32;
    for i in 0..count {
        let j = (i + 1) % count;
        let (ai, ao, bi, bo) = (1 + 2 * i, 2 + 2 * i, 1 + 2 * j, 2 + 2 * j);
        mesh.add_triangle(0, ai, bi);
        mesh.add_triangle(ai, ao, bi);
        mesh.add_triangle(bi, ao, bo);
    }
    painter.add(Shape::mesh(mesh));
}

#[cfg(test)]
mod tests {
    use egui_kittest::kittest::{NodeT as _, Queryable as _};

    use super::*;
    use crate::domain::tag::{Acupoint, Area};
    use crate::ui::theme::{Theme, palette};

    #[test]
    fn every_figure_renders_with_its_accessible_label() {
        let light = palette(Theme::Light);
        for figure in Figure::ALL {
            let every: Vec<Highlight> = Area::ALL
                .iter()
                .map(|&a| Highlight::Area(a))
                .chain(Acupoint::ALL.iter().map(|&p| Highlight::Point(p)))
                .filter(|&h| figure.shows(h))
                .collect();
            let hl = every.clone();
            let mut harness = egui_kittest::Harness::new_ui(move |ui| {
                super::figure(ui, figure, &hl, Side::Both, &light, 300.0);
            });
            harness.run();
            let node = harness.get_by_label_contains("Illustration");
            let label = node.accesskit_node().label().unwrap_or_default();
            assert_eq!(label, describe(figure, &every, Side::Both));
        }
    }
}
