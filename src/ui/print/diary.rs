//! The headache diary for a doctor, printed: what the CSV holds, laid out for a person to
//! read across a desk. The months first (headache days, painkiller days by kind, routines,
//! average pain before and after, and the ICHD-3 guardrails reached, in the words of the
//! app's calm notice), then each day with something recorded.

use super::{Font, Layout, MARGIN, PAGE, wrap, write_pdf};
use crate::domain::diary::{DayEntry, DoctorDiary, MonthSummary, notice};

/// The days table's columns: where each starts.
const DATE_X: f32 = MARGIN;
const HEADACHE_X: f32 = MARGIN + 72.0;
const BEFORE_X: f32 = MARGIN + 122.0;
const AFTER_X: f32 = MARGIN + 160.0;
const PAINKILLER_X: f32 = MARGIN + 196.0;
const ROUTINE_X: f32 = MARGIN + 300.0;

/// The months table's columns.
const MONTH_COLUMNS: [(f32, &str); 6] = [
    (MARGIN, "Month"),
    (MARGIN + 100.0, "Headache days"),
    (MARGIN + 170.0, "Painkiller days"),
    (MARGIN + 245.0, "Triptan, opioid, combined"),
    (MARGIN + 385.0, "Pain before"),
    (MARGIN + 440.0, "Pain after"),
];

fn rating(v: Option<u8>) -> String {
    v.map_or_else(|| "–".to_owned(), |v| v.to_string())
}

fn average(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_owned(), |v| format!("{v:.1}"))
}

fn month_row(layout: &mut Layout, m: &MonthSummary) {
    layout.row(
        9.0,
        13.0,
        0.0,
        vec![
            (MONTH_COLUMNS[0].0, Font::Bold, m.month.name()),
            (
                MONTH_COLUMNS[1].0,
                Font::Regular,
                m.headache_days.to_string(),
            ),
            (
                MONTH_COLUMNS[2].0,
                Font::Regular,
                m.painkiller_days.to_string(),
            ),
            (
                MONTH_COLUMNS[3].0,
                Font::Regular,
                format!(
                    "{} / {} / {}",
                    m.triptan_days, m.opioid_days, m.combination_days
                ),
            ),
            (
                MONTH_COLUMNS[4].0,
                Font::Regular,
                average(m.pain_before_avg),
            ),
            (MONTH_COLUMNS[5].0, Font::Regular, average(m.pain_after_avg)),
        ],
    );
}

fn day_rows(layout: &mut Layout, d: &DayEntry) {
    let painkillers = if d.painkillers.is_empty() {
        if d.painkiller_answered { "none" } else { "–" }.to_owned()
    } else {
        d.painkillers
            .iter()
            .map(|p| p.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let routines = wrap(
        &d.routines.join(", "),
        Font::Regular,
        9.0,
        PAGE.0 - MARGIN - ROUTINE_X,
    );
    let pains = wrap(
        &painkillers,
        Font::Regular,
        9.0,
        ROUTINE_X - PAINKILLER_X - 8.0,
    );
    let lines = routines.len().max(pains.len()).max(1);
    // A day's lines stay on one page.
    layout.room_for(12.0 * lines as f32 + 12.0 * d.notes.len() as f32);
    for i in 0..lines {
        let mut cells = Vec::new();
        if i == 0 {
            cells.push((DATE_X, Font::Bold, d.date.to_string()));
            cells.push((
                HEADACHE_X,
                Font::Regular,
                if d.headache { "yes" } else { "no" }.to_owned(),
            ));
            cells.push((BEFORE_X, Font::Regular, rating(d.pain_before)));
            cells.push((AFTER_X, Font::Regular, rating(d.pain_after)));
        }
        if let Some(p) = pains.get(i) {
            cells.push((PAINKILLER_X, Font::Regular, p.clone()));
        }
        if let Some(r) = routines.get(i) {
            cells.push((ROUTINE_X, Font::Regular, r.clone()));
        }
        layout.row(9.0, 12.0, 0.0, cells);
    }
    for note in &d.notes {
        layout.paragraph(
            HEADACHE_X,
            PAGE.0 - MARGIN - HEADACHE_X,
            (Font::Regular, 9.0, 0.3),
            12.0,
            &format!("Note: {note}"),
        );
    }
    layout.gap(3.0);
}

/// The diary as PDF; `made_on` is today's date as the page says it.
pub fn diary_pdf(diary: &DoctorDiary, made_on: &str) -> Vec<u8> {
    let mut layout = Layout::new();
    let width = PAGE.0 - 2.0 * MARGIN;
    let title = "Headache diary";
    layout.paragraph(MARGIN, width, (Font::Bold, 20.0, 0.0), 26.0, title);
    let span = match (diary.months.first(), diary.months.last()) {
        (Some(first), Some(last)) if first.month != last.month => {
            format!("{} to {}", first.month.name(), last.month.name())
        }
        (Some(only), _) => only.month.name(),
        _ => String::new(),
    };
    layout.paragraph(
        MARGIN,
        width,
        (Font::Regular, 10.0, 0.35),
        14.0,
        &format!("{span} · from Lull, {made_on}"),
    );
    layout.gap(4.0);
    layout.paragraph(
        MARGIN,
        width,
        (Font::Regular, 10.0, 0.0),
        13.0,
        "Kept in Lull after its headache routines: how bad the headache was before and after \
         the routine (0 none to 10 worst), painkillers taken that day, and notes. A record to \
         talk over with a doctor; Lull does not diagnose.",
    );
    // What the months reached, in the app's own calm words.
    let notices: Vec<String> = diary
        .months
        .iter()
        .filter_map(|m| notice(m.month, &m.guardrails()))
        .collect();
    if !notices.is_empty() {
        layout.gap(8.0);
        layout.paragraph(
            MARGIN,
            width,
            (Font::Bold, 11.0, 0.0),
            15.0,
            "To talk about",
        );
        for text in &notices {
            layout.paragraph(
                MARGIN + 10.0,
                width - 10.0,
                (Font::Regular, 10.0, 0.0),
                13.0,
                &format!("• {text}"),
            );
        }
    }
    layout.gap(10.0);
    layout.paragraph(
        MARGIN,
        width,
        (Font::Bold, 12.0, 0.0),
        16.0,
        "Month by month",
    );
    layout.row(
        8.0,
        12.0,
        0.35,
        MONTH_COLUMNS
            .iter()
            .map(|&(x, name)| (x, Font::Regular, name.to_owned()))
            .collect(),
    );
    for m in &diary.months {
        month_row(&mut layout, m);
    }
    layout.gap(12.0);
    layout.paragraph(MARGIN, width, (Font::Bold, 12.0, 0.0), 16.0, "Day by day");
    if diary.days.is_empty() {
        layout.paragraph(
            MARGIN,
            width,
            (Font::Regular, 10.0, 0.0),
            13.0,
            "No headache routines or painkillers were recorded in these months.",
        );
    } else {
        layout.row(
            8.0,
            12.0,
            0.35,
            [
                (DATE_X, "Date"),
                (HEADACHE_X, "Headache"),
                (BEFORE_X, "Before"),
                (AFTER_X, "After"),
                (PAINKILLER_X, "Painkillers"),
                (ROUTINE_X, "Routines"),
            ]
            .iter()
            .map(|&(x, name)| (x, Font::Regular, name.to_owned()))
            .collect(),
        );
        for d in &diary.days {
            day_rows(&mut layout, d);
        }
    }
    write_pdf(title, layout.pages)
}
