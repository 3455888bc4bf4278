//! The geometry the figures are sketched with, in unit coordinates (0..1 across the square,
//! y down): convex hulls of discs ("blobs": rounded polygons and tapered capsules), ellipses,
//! smooth closed curves, clipping against a line or a convex window, Bézier curves for
//! detail lines. Pure: points in, points out (egui's `Pos2`/`Vec2` are only the math types),
//! so the same shapes can be drawn by any painter.

use std::f32::consts::TAU;

use egui::{Pos2, Vec2};

/// A closed outline in unit coordinates (convex, unless said otherwise).
pub(super) type Poly = Vec<Pos2>;

/// How finely circles are sampled.
pub(super) const CIRCLE_STEPS: usize = 48;

pub(super) const fn p(x: f32, y: f32) -> Pos2 {
    Pos2::new(x, y)
}

/// The convex hull of `points` (Andrew's monotone chain).
pub(super) fn hull(mut points: Vec<Pos2>) -> Poly {
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
pub(super) fn blob(discs: &[(f32, f32, f32)]) -> Poly {
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
pub(super) fn ellipse(x: f32, y: f32, rx: f32, ry: f32, angle: f32) -> Poly {
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
pub(super) fn clip_line(poly: &[Pos2], a: Pos2, b: Pos2, toward: Pos2) -> Poly {
    let d = b - a;
    let mut n = Vec2::new(-d.y, d.x);
    if (toward - a).dot(n) < 0.0 {
        n = -n;
    }
    clip_half(poly, a, n)
}

/// The intersection of `poly` with the convex polygon `window`.
pub(super) fn intersect(poly: &[Pos2], window: &[Pos2]) -> Poly {
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
pub(super) fn curve(start: Pos2, pull: Pos2, end: Pos2) -> Vec<Pos2> {
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
pub(super) fn mirror(points: &[Pos2]) -> Vec<Pos2> {
    points.iter().map(|q| p(1.0 - q.x, q.y)).collect()
}

/// Where a sketch in local coordinates lands: turned by `angle` (radians, clockwise), scaled,
/// then moved to `origin`.
#[derive(Clone, Copy)]
pub(super) struct Place {
    pub(super) origin: Pos2,
    pub(super) angle: f32,
    pub(super) scale: f32,
}

impl Place {
    pub(super) fn point(self, q: Pos2) -> Pos2 {
        let (sin, cos) = self.angle.sin_cos();
        let (x, y) = (q.x * self.scale, q.y * self.scale);
        p(
            self.origin.x + x * cos - y * sin,
            self.origin.y + x * sin + y * cos,
        )
    }

    pub(super) fn blob(self, discs: &[(f32, f32, f32)]) -> Poly {
        let placed: Vec<(f32, f32, f32)> = discs
            .iter()
            .map(|&(x, y, r)| {
                let q = self.point(p(x, y));
                (q.x, q.y, r * self.scale)
            })
            .collect();
        blob(&placed)
    }

    pub(super) fn line(self, points: &[Pos2]) -> Vec<Pos2> {
        points.iter().map(|&q| self.point(q)).collect()
    }
}

/// One piece of a silhouette: an outline that is star-shaped around `center` (every convex
/// outline is, around its average).
pub(super) struct Part {
    pub(super) outline: Poly,
    pub(super) center: Pos2,
}

/// Convex outlines as parts.
pub(super) fn convex(outlines: Vec<Poly>) -> Vec<Part> {
    outlines
        .into_iter()
        .map(|outline| Part {
            center: average(&outline),
            outline,
        })
        .collect()
}

/// A closed smooth curve (Catmull-Rom) through `points`.
pub(super) fn smooth(points: &[Pos2]) -> Poly {
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

/// The average of `points`.
pub(super) fn average(points: &[Pos2]) -> Pos2 {
    let n = points.len().max(1) as f32;
    Pos2::new(
        points.iter().map(|q| q.x).sum::<f32>() / n,
        points.iter().map(|q| q.y).sum::<f32>() / n,
    )
}

/// A closed outline.
pub(super) fn closed(mut points: Vec<Pos2>) -> Vec<Pos2> {
    if let Some(&first) = points.first() {
        points.push(first);
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
