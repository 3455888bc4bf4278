//! A countdown ring: the step's remaining time in the middle, an arc for how much is left.

use std::time::Duration;

use egui::{Align2, Pos2, Response, Sense, Shape, Stroke, Ui, Vec2, WidgetInfo};

use crate::ui::theme::{Palette, font, size};

/// `m:ss`, rounded up (a countdown shows 0:01 until it reaches zero).
pub fn clock_up(d: Duration) -> String {
    let secs = d.as_millis().div_ceil(1_000);
    format!("{}:{:02}", secs / 60, secs % 60)
}

/// Draws the ring, `diameter` points wide, with `remaining` of `total` left.
pub fn countdown_ring(
    ui: &mut Ui,
    remaining: Duration,
    total: Duration,
    palette: &Palette,
    diameter: f32,
) -> Response {
    let diameter = diameter.max(60.0);
    let scale = diameter / 150.0;
    let (rect, response) = ui.allocate_exact_size(Vec2::splat(diameter), Sense::hover());
    let text = clock_up(remaining);
    response.widget_info(|| {
        WidgetInfo::labeled(
            egui::Role::Timer,
            true,
            format!("Time left in this step: {text}"),
        )
    });
    if ui.is_rect_visible(rect) {
        let painter = ui.painter();
        let center = rect.center();
        let r = diameter / 2.0 - 6.0 * scale;
        painter.circle_stroke(center, r, Stroke::new(6.0 * scale, palette.accent_soft));
        // Whole seconds, so the ring moves with the number (and not every frame).
        let secs_left = remaining.as_millis().div_ceil(1_000) as f32;
        let fraction = if total.is_zero() {
            0.0
        } else {
            (secs_left / total.as_secs_f32().max(1.0)).clamp(0.0, 1.0)
        };
        if fraction > 0.0 {
            let segments = (64.0 * fraction).ceil().max(2.0) as usize;
            let start = -std::f32::consts::FRAC_PI_2;
            let points: Vec<Pos2> = (0..=segments)
                .map(|i| {
                    let a = start + std::f32::consts::TAU * fraction * i as f32 / segments as f32;
                    center + Vec2::new(a.cos(), a.sin()) * r
                })
                .collect();
            painter.add(Shape::line(
                points,
                Stroke::new(6.0 * scale, palette.accent),
            ));
        }
        painter.text(
            center,
            Align2::CENTER_CENTER,
            text,
            // As large as the ring allows: readable from a couple of metres.
            font(size::TIMER * 0.95, scale),
            palette.text,
        );
    }
    response
}
