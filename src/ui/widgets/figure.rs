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

use std::collections::BTreeSet;
use std::f32::consts::TAU;

use egui::epaint::{Mesh, PathShape};
use egui::{Color32, Painter, Pos2, Rect, Response, Sense, Shape, Stroke, Ui, Vec2, WidgetInfo};

use crate::domain::tag::{Acupoint, Area, Tag};
use crate::domain::vocabulary::Side;
use crate::ui::theme::Palette;

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

/// Whether a mark is on `side` of a figure that shows both (marks on the middle line are on
/// both).
fn on_side(mark: &Mark, side: Side) -> bool {
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

// ---------------------------------------------------------------------------------------
// Painting

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

/// The average of `points`.
fn average(points: &[Pos2]) -> Pos2 {
    let n = points.len().max(1) as f32;
    Pos2::new(
        points.iter().map(|q| q.x).sum::<f32>() / n,
        points.iter().map(|q| q.y).sum::<f32>() / n,
    )
}

// ---------------------------------------------------------------------------------------
// Geometry, in unit coordinates

/// A closed outline in unit coordinates (convex, unless said otherwise).
type Poly = Vec<Pos2>;

/// How finely circles are sampled.
const CIRCLE_STEPS: usize = 48;

const fn p(x: f32, y: f32) -> Pos2 {
    Pos2::new(x, y)
}

/// The convex hull of `points` (Andrew's monotone chain).
fn hull(mut points: Vec<Pos2>) -> Poly {
    points.sort_by(|a, b| a.x.total_cmp(&b.x).then(a.y.total_cmp(&b.y)));
    points.dedup();
    if points.len() < 3 {
        return points;
    }
    let cross = |o: Pos2, a: Pos2, b: Pos2| (a - o).x * (b - o).y - (a - o).y * (b - o).x;
    let mut lower: Vec<Pos2> = Vec::new();
    for &pt in &points {
        while lower.len() >= 2 && cross(lower[lower.len() - 2], lower[lower.len() - 1], pt) <= 0.0 {
            lower.pop();
        }
        lower.push(pt);
    }
    let mut upper: Vec<Pos2> = Vec::new();
    for &pt in points.iter().rev() {
        while upper.len() >= 2 && cross(upper[upper.len() - 2], upper[upper.len() - 1], pt) <= 0.0 {
            upper.pop();
        }
        upper.push(pt);
    }
    lower.pop();
    upper.pop();
    lower.extend(upper);
    lower
}

/// The convex hull of discs `(x, y, radius)`: a rounded polygon, or a tapered capsule.
fn blob(discs: &[(f32, f32, f32)]) -> Poly {
    let mut points = Vec::with_capacity(discs.len() * CIRCLE_STEPS);
    for &(x, y, r) in discs {
        for i in 0..CIRCLE_STEPS {
            let a = TAU * i as f32 / CIRCLE_STEPS as f32;
            points.push(p(x + r * a.cos(), y + r * a.sin()));
        }
    }
    hull(points)
}

/// An ellipse with radii `(rx, ry)`, turned `angle` radians clockwise.
fn ellipse(x: f32, y: f32, rx: f32, ry: f32, angle: f32) -> Poly {
    let (sin, cos) = angle.sin_cos();
    (0..CIRCLE_STEPS * 2)
        .map(|i| {
            let a = TAU * i as f32 / (CIRCLE_STEPS * 2) as f32;
            let (ex, ey) = (rx * a.cos(), ry * a.sin());
            p(x + ex * cos - ey * sin, y + ex * sin + ey * cos)
        })
        .collect()
}

/// Keeps the part of `poly` on the side of the line through `o` that `inside` points to.
fn clip_half(poly: &[Pos2], o: Pos2, inside: Vec2) -> Poly {
    let side = |q: Pos2| (q - o).dot(inside);
    let mut out = Vec::with_capacity(poly.len() + 2);
    for (i, &a) in poly.iter().enumerate() {
        let b = poly[(i + 1) % poly.len()];
        let (sa, sb) = (side(a), side(b));
        if sa >= 0.0 {
            out.push(a);
        }
        if (sa >= 0.0) != (sb >= 0.0) {
            out.push(a + (b - a) * (sa / (sa - sb)));
        }
    }
    out
}

/// Keeps the part of `poly` on the side of the line `a → b` where `toward` is.
fn clip_line(poly: &[Pos2], a: Pos2, b: Pos2, toward: Pos2) -> Poly {
    let d = b - a;
    let mut n = Vec2::new(-d.y, d.x);
    if (toward - a).dot(n) < 0.0 {
        n = -n;
    }
    clip_half(poly, a, n)
}

/// The intersection of `poly` with the convex polygon `window`.
fn intersect(poly: &[Pos2], window: &[Pos2]) -> Poly {
    if window.len() < 3 {
        return Vec::new();
    }
    let center = average(window);
    let mut out = poly.to_vec();
    for (i, &a) in window.iter().enumerate() {
        let b = window[(i + 1) % window.len()];
        out = clip_line(&out, a, b, center);
        if out.is_empty() {
            break;
        }
    }
    out
}

/// A quadratic Bézier curve from `start` to `end` pulled toward `pull`, as a polyline.
fn curve(start: Pos2, pull: Pos2, end: Pos2) -> Vec<Pos2> {
    (0..=16)
        .map(|i| {
            let t = i as f32 / 16.0;
            let rest = 1.0 - t;
            let v = start.to_vec2() * (rest * rest)
                + pull.to_vec2() * (2.0 * rest * t)
                + end.to_vec2() * (t * t);
            v.to_pos2()
        })
        .collect()
}

/// `points` mirrored left to right about the middle of the square.
fn mirror(points: &[Pos2]) -> Vec<Pos2> {
    points.iter().map(|q| p(1.0 - q.x, q.y)).collect()
}

/// Where a sketch in local coordinates lands: turned by `angle` (radians, clockwise), scaled,
/// then moved to `origin`.
#[derive(Clone, Copy)]
struct Place {
    origin: Pos2,
    angle: f32,
    scale: f32,
}

impl Place {
    fn point(self, q: Pos2) -> Pos2 {
        let (sin, cos) = self.angle.sin_cos();
        let (x, y) = (q.x * self.scale, q.y * self.scale);
        p(
            self.origin.x + x * cos - y * sin,
            self.origin.y + x * sin + y * cos,
        )
    }

    fn blob(self, discs: &[(f32, f32, f32)]) -> Poly {
        let placed: Vec<(f32, f32, f32)> = discs
            .iter()
            .map(|&(x, y, r)| {
                let q = self.point(p(x, y));
                (q.x, q.y, r * self.scale)
            })
            .collect();
        blob(&placed)
    }

    fn line(self, points: &[Pos2]) -> Vec<Pos2> {
        points.iter().map(|&q| self.point(q)).collect()
    }
}

/// One piece of a silhouette: an outline that is star-shaped around `center` (every convex
/// outline is, around its average).
struct Part {
    outline: Poly,
    center: Pos2,
}

/// Convex outlines as parts.
fn convex(outlines: Vec<Poly>) -> Vec<Part> {
    outlines
        .into_iter()
        .map(|outline| Part {
            center: average(&outline),
            outline,
        })
        .collect()
}

/// A closed smooth curve (Catmull-Rom) through `points`.
fn smooth(points: &[Pos2]) -> Poly {
    let count = points.len();
    let mut out = Vec::with_capacity(count * 8);
    for i in 0..count {
        // The segment from p1 to p2, shaped by the points before and after it.
        let [p0, p1, p2, p3] = [
            points[(i + count - 1) % count],
            points[i],
            points[(i + 1) % count],
            points[(i + 2) % count],
        ]
        .map(Pos2::to_vec2);
        for step in 0..8 {
            let t = step as f32 / 8.0;
            let v = (p1 * 2.0
                + (p2 - p0) * t
                + (p0 * 2.0 - p1 * 5.0 + p2 * 4.0 - p3) * (t * t)
                + (p1 * 3.0 - p0 - p2 * 3.0 + p3) * (t * t * t))
                * 0.5;
            out.push(v.to_pos2());
        }
    }
    out
}

/// A figure's drawing: the silhouette's parts and the detail lines.
struct Sketch {
    parts: Vec<Part>,
    details: Vec<Vec<Pos2>>,
}

/// What a highlight looks like on a figure.
enum Mark {
    /// A soft shape over an area.
    Region(Poly),
    /// An acupoint.
    Dot(Pos2),
}

fn sketch(figure: Figure) -> Sketch {
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
fn marks(figure: Figure, highlight: Highlight) -> Vec<Mark> {
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

/// A closed outline.
fn closed(mut points: Vec<Pos2>) -> Vec<Pos2> {
    if let Some(&first) = points.first() {
        points.push(first);
    }
    points
}

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
    use egui_kittest::kittest::{NodeT as _, Queryable as _};

    use super::*;
    use crate::catalogue::Catalogue;
    use crate::domain::routine::Step;
    use crate::ui::theme::{Theme, palette};

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

    #[test]
    fn hull_and_clipping_behave() {
        let square = hull(vec![
            p(0.0, 0.0),
            p(1.0, 0.0),
            p(1.0, 1.0),
            p(0.0, 1.0),
            p(0.5, 0.5),
        ]);
        assert_eq!(square.len(), 4);
        let half = clip_half(&square, p(0.0, 0.5), Vec2::new(0.0, 1.0));
        assert!(half.iter().all(|q| q.y >= 0.5));
        assert_eq!(half.len(), 4);
        let quarter = intersect(
            &half,
            &hull(vec![p(0.5, 0.0), p(2.0, 0.0), p(2.0, 2.0), p(0.5, 2.0)]),
        );
        assert!(
            quarter
                .iter()
                .all(|q| q.x >= 0.5 - 1e-6 && q.y >= 0.5 - 1e-6)
        );
        assert!(intersect(&square, &hull(vec![p(3.0, 3.0), p(4.0, 3.0), p(4.0, 4.0)])).is_empty());
    }

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
