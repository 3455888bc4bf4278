//! The printable handout: a routine as this user will do it (their safety answers applied),
//! on A4 pages: the title, total time and position, the safety note that applies to them,
//! every step with its time, its instruction and (for a step on the body) the player's own
//! figure, and the sources.

use std::time::Duration;

use super::{Font, Item, Layout, MARGIN, PAGE, text_width_of, wrap, write_pdf};
use crate::domain::safety::SafeRoutine;
use crate::domain::vocabulary::{Position, Side};
use crate::ui::widgets::figure::{describe, figure_for, vector};

/// A step's figure, square.
const FIGURE: f32 = 72.0;
/// Where a step's words start.
const TEXT_X: f32 = MARGIN + FIGURE + 16.0;

/// A duration as a handout says it: "45 s", "2 min", "1 min 30 s".
fn duration_words(d: Duration) -> String {
    let secs = d.as_secs() + u64::from(d.subsec_millis() >= 500);
    match (secs / 60, secs % 60) {
        (0, s) => format!("{s} s"),
        (m, 0) => format!("{m} min"),
        (m, s) => format!("{m} min {s} s"),
    }
}

const fn position_words(position: Position) -> &'static str {
    match position {
        Position::Seated => "seated",
        Position::Lying => "lying down",
        Position::Standing => "standing",
        Position::Any => "in any comfortable position",
    }
}

/// The handout of `routine` (as evaluated for the user's answers), with its `sources`.
pub fn handout_pdf(routine: &SafeRoutine, sources: &[String]) -> Vec<u8> {
    let mut layout = Layout::new();
    let width = PAGE.0 - 2.0 * MARGIN;
    // The title and what it is.
    layout.paragraph(
        MARGIN,
        width,
        (Font::Bold, 20.0, 0.0),
        26.0,
        routine.title(),
    );
    layout.paragraph(
        MARGIN,
        width,
        (Font::Regular, 10.0, 0.35),
        14.0,
        &format!(
            "{} · {} in all · {}",
            routine.program().label(),
            duration_words(routine.duration()),
            position_words(routine.position())
        ),
    );
    layout.gap(4.0);
    layout.paragraph(
        MARGIN,
        width,
        (Font::Regular, 11.0, 0.0),
        15.0,
        routine.summary(),
    );
    // The safety note for this user.
    layout.gap(10.0);
    layout.paragraph(MARGIN, width, (Font::Bold, 12.0, 0.0), 16.0, "For you");
    let changes = routine.changes();
    if changes.is_empty() {
        layout.paragraph(
            MARGIN,
            width,
            (Font::Regular, 10.0, 0.0),
            13.0,
            "With your safety answers, every step is as written.",
        );
    } else {
        layout.paragraph(
            MARGIN,
            width,
            (Font::Regular, 10.0, 0.0),
            13.0,
            "With your safety answers, this routine is changed for you:",
        );
        for change in changes {
            layout.paragraph(
                MARGIN + 10.0,
                width - 10.0,
                (Font::Regular, 10.0, 0.0),
                13.0,
                &format!("• {}", change.describe()),
            );
        }
    }
    layout.gap(4.0);
    layout.paragraph(
        MARGIN,
        width,
        (Font::Regular, 10.0, 0.0),
        13.0,
        "Stop at once if anything hurts, or if you feel dizzy, faint or unwell. This routine \
         may help you relax and ease tension; it does not diagnose, treat or cure anything. \
         Never press the front or sides of your neck. Holding your breath is always optional.",
    );
    layout.gap(8.0);
    let y = layout.y;
    layout.page().push(Item::Rule { y });
    layout.gap(6.0);
    // The steps.
    let text_width = PAGE.0 - MARGIN - TEXT_X;
    for (number, s) in routine.steps().iter().enumerate() {
        let step = &s.step;
        let heading = format!("{}. {}", number + 1, step.title);
        let time = duration_words(step.duration());
        let lines = wrap(&step.instruction, Font::Regular, 10.0, text_width).len();
        let text_height = 16.0 + 13.0 * lines as f32;
        let figure = figure_for(&step.tags);
        let height = text_height.max(if figure.is_some() { FIGURE } else { 0.0 }) + 12.0;
        // The gap under the step need not fit on the page.
        layout.room_for(height - 12.0);
        let top = layout.y;
        if let Some((shown, highlights)) = figure {
            let side = step.side.unwrap_or(Side::Both);
            layout.page().push(Item::Figure {
                x: MARGIN,
                y: top - 2.0,
                size: FIGURE,
                drawing: vector(shown, &highlights, side),
                alt: describe(shown, &highlights, side),
            });
        }
        layout.paragraph(TEXT_X, text_width, (Font::Bold, 11.0, 0.0), 16.0, &heading);
        // The time, after the title on its last line.
        if let Some(Item::Text { x, y, text, .. }) = layout.page().last().cloned() {
            layout.page().push(Item::Text {
                x: x + text_width_of(&text, Font::Bold, 11.0) + 8.0,
                y,
                font: Font::Regular,
                size: 10.0,
                gray: 0.35,
                text: time,
            });
        }
        layout.paragraph(
            TEXT_X,
            text_width,
            (Font::Regular, 10.0, 0.0),
            13.0,
            &step.instruction,
        );
        layout.y = layout.y.min(top - height + 12.0);
        layout.gap(12.0);
    }
    // The sources.
    if !sources.is_empty() {
        layout.room_for(40.0);
        layout.paragraph(MARGIN, width, (Font::Bold, 10.0, 0.0), 14.0, "Sources");
        for source in sources {
            layout.paragraph(MARGIN, width, (Font::Regular, 8.0, 0.3), 10.5, source);
        }
    }
    write_pdf(routine.title(), layout.pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_a_person_says_them() {
        assert_eq!(duration_words(Duration::from_secs(45)), "45 s");
        assert_eq!(duration_words(Duration::from_mins(2)), "2 min");
        assert_eq!(duration_words(Duration::from_millis(89_600)), "1 min 30 s");
    }
}
