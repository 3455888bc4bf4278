//! Printing: pages laid out from the top and written as PDF with `pdf-writer` and the
//! standard Helvetica fonts (nothing embedded: the text is `WinAnsi`, which every viewer,
//! printer and `pdftotext` reads; it is wrapped with Helvetica's own metrics). A figure is
//! drawn from the player's own sketch as vector paths, in a marked-content sequence
//! `/Figure` with its words as `/Alt`, as the player gives them to screen readers. Pure:
//! data in, the file's bytes out; the store writes them.
//!
//! `handout.rs` lays out a routine, `diary.rs` the headache diary for a doctor.

mod diary;
mod handout;

pub use diary::diary_pdf;
pub use handout::handout_pdf;

use pdf_writer::types::{LineCapStyle, LineJoinStyle};
use pdf_writer::{Content, Finish as _, Name, Pdf, Rect, Ref, Str, TextStr};

use super::theme::{Theme, palette};
use super::widgets::figure::VectorFigure;

/// A4, in points.
const PAGE: (f32, f32) = (595.0, 842.0);
/// The margin on every side.
const MARGIN: f32 = 50.0;
/// Room kept at the bottom for the page's footer.
const FOOTER: f32 = 24.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Font {
    Regular,
    Bold,
}

impl Font {
    const fn name(self) -> Name<'static> {
        match self {
            Self::Regular => Name(b"F1"),
            Self::Bold => Name(b"F2"),
        }
    }
}

/// What a page holds, placed.
#[derive(Clone, Debug)]
enum Item {
    /// A line of text; `y` is its baseline.
    Text {
        x: f32,
        y: f32,
        font: Font,
        size: f32,
        gray: f32,
        text: String,
    },
    /// A figure `size` points square; `y` is its top edge.
    Figure {
        x: f32,
        y: f32,
        size: f32,
        drawing: VectorFigure,
        alt: String,
    },
    /// A thin line across the text column.
    Rule { y: f32 },
}

/// Pages being filled from the top.
struct Layout {
    pages: Vec<Vec<Item>>,
    y: f32,
}

impl Layout {
    fn new() -> Self {
        Self {
            pages: vec![Vec::new()],
            y: PAGE.1 - MARGIN,
        }
    }

    /// Starts a new page unless `height` more fits on this one.
    fn room_for(&mut self, height: f32) {
        if self.y - height < MARGIN + FOOTER && !self.page().is_empty() {
            self.pages.push(Vec::new());
            self.y = PAGE.1 - MARGIN;
        }
    }

    fn page(&mut self) -> &mut Vec<Item> {
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// `text` wrapped to `width` from `x`, each line `leading` below the last (a line at a
    /// time, so a long one can run on to the next page).
    fn paragraph(&mut self, x: f32, width: f32, style: (Font, f32, f32), leading: f32, text: &str) {
        let (font, size, gray) = style;
        for line in wrap(text, font, size, width) {
            self.room_for(leading);
            self.y -= leading;
            let y = self.y + (leading - size) / 2.0;
            self.page().push(Item::Text {
                x,
                y,
                font,
                size,
                gray,
                text: line,
            });
        }
    }

    fn gap(&mut self, points: f32) {
        self.y -= points;
    }

    /// One line of cells, each `(x, font, text)`, on the same baseline.
    fn row(&mut self, size: f32, leading: f32, gray: f32, cells: Vec<(f32, Font, String)>) {
        self.room_for(leading);
        self.y -= leading;
        let y = self.y + (leading - size) / 2.0;
        for (x, font, text) in cells {
            self.page().push(Item::Text {
                x,
                y,
                font,
                size,
                gray,
                text,
            });
        }
    }
}

/// Serialises the pages, with a footer on each.
fn write_pdf(title: &str, pages: Vec<Vec<Item>>) -> Vec<u8> {
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let regular = Ref::new(3);
    let bold = Ref::new(4);
    let info = Ref::new(5);
    let count = pages.len();
    let number = |i: usize| i32::try_from(i).unwrap_or(i32::MAX / 4);
    let page_ids: Vec<Ref> = (0..count).map(|i| Ref::new(6 + 2 * number(i))).collect();
    let content_ids: Vec<Ref> = (0..count).map(|i| Ref::new(7 + 2 * number(i))).collect();

    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree).lang(TextStr("en"));
    pdf.pages(tree)
        .kids(page_ids.iter().copied())
        .count(i32::try_from(count).unwrap_or(i32::MAX));
    pdf.type1_font(regular)
        .base_font(Name(b"Helvetica"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold)
        .base_font(Name(b"Helvetica-Bold"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    for (index, mut items) in pages.into_iter().enumerate() {
        items.push(Item::Text {
            x: MARGIN,
            y: MARGIN - 14.0,
            font: Font::Regular,
            size: 8.0,
            gray: 0.45,
            text: format!("Lull · {title} · page {} of {count}", index + 1),
        });
        let mut page = pdf.page(page_ids[index]);
        page.parent(tree)
            .media_box(Rect::new(0.0, 0.0, PAGE.0, PAGE.1))
            .contents(content_ids[index]);
        page.resources()
            .fonts()
            .pair(Font::Regular.name(), regular)
            .pair(Font::Bold.name(), bold);
        page.finish();
        pdf.stream(content_ids[index], &draw(&items).finish());
    }
    pdf.document_info(info)
        .title(TextStr(title))
        .creator(TextStr("Lull"));
    pdf.finish()
}

/// A page's content stream.
fn draw(items: &[Item]) -> Content {
    let colours = palette(Theme::Light);
    let rgb = |c: egui::Color32| {
        (
            f32::from(c.r()) / 255.0,
            f32::from(c.g()) / 255.0,
            f32::from(c.b()) / 255.0,
        )
    };
    let line = rgb(colours.figure_line);
    let fill = rgb(colours.figure_fill);
    let edge = rgb(colours.figure_highlight_edge);
    // The highlight as print shows it: the screen's colour over white at 55 %.
    let tint = {
        let (r, g, b) = rgb(colours.figure_highlight);
        let over_white = |v: f32| 1.0 - 0.55 * (1.0 - v);
        (over_white(r), over_white(g), over_white(b))
    };
    let mut c = Content::new();
    for item in items {
        match item {
            Item::Text {
                x,
                y,
                font,
                size,
                gray,
                text,
            } => {
                c.begin_text();
                c.set_font(font.name(), *size);
                c.set_fill_gray(*gray);
                c.next_line(*x, *y);
                c.show(Str(&win_ansi(text)));
                c.end_text();
            }
            Item::Rule { y } => {
                c.set_stroke_gray(0.8);
                c.set_line_width(0.5);
                c.move_to(MARGIN, *y);
                c.line_to(PAGE.0 - MARGIN, *y);
                c.stroke();
            }
            Item::Figure {
                x,
                y,
                size,
                drawing,
                alt,
            } => {
                c.begin_marked_content_with_properties(Name(b"Figure"))
                    .properties()
                    .pair(Name(b"Alt"), TextStr(alt));
                c.save_state();
                c.set_line_join(LineJoinStyle::RoundJoin);
                c.set_line_cap(LineCapStyle::RoundCap);
                let to_page = |p: [f32; 2]| (x + p[0] * size, y - p[1] * size);
                let width = (size / 150.0).max(0.6);
                let path = |c: &mut Content, points: &[[f32; 2]], closed: bool| {
                    for (i, &p) in points.iter().enumerate() {
                        let (px, py) = to_page(p);
                        if i == 0 {
                            c.move_to(px, py);
                        } else {
                            c.line_to(px, py);
                        }
                    }
                    if closed {
                        c.close_path();
                    }
                };
                // The outline of the union: every part stroked twice as wide, then filled.
                c.set_stroke_rgb(line.0, line.1, line.2);
                c.set_line_width(2.0 * width);
                for part in &drawing.parts {
                    path(&mut c, part, true);
                    c.stroke();
                }
                c.set_fill_rgb(fill.0, fill.1, fill.2);
                for part in &drawing.parts {
                    path(&mut c, part, true);
                    c.fill_nonzero();
                }
                c.set_fill_rgb(tint.0, tint.1, tint.2);
                c.set_stroke_rgb(edge.0, edge.1, edge.2);
                c.set_line_width(0.7 * width);
                for region in &drawing.regions {
                    path(&mut c, region, true);
                    c.fill_nonzero_and_stroke();
                }
                c.set_stroke_rgb(line.0, line.1, line.2);
                c.set_line_width(0.8 * width);
                for detail in &drawing.details {
                    path(&mut c, detail, false);
                    c.stroke();
                }
                let dot = 0.016_f32.max(1.5 / size);
                for &[dx, dy] in &drawing.dots {
                    let circle = |r: f32| -> Vec<[f32; 2]> {
                        (0..24)
                            .map(|i| {
                                let a = std::f32::consts::TAU * i as f32 / 24.0;
                                [dx + r * a.cos(), dy + r * a.sin()]
                            })
                            .collect()
                    };
                    c.set_fill_rgb(fill.0, fill.1, fill.2);
                    c.set_stroke_rgb(edge.0, edge.1, edge.2);
                    path(&mut c, &circle(dot * 2.3), true);
                    c.fill_nonzero_and_stroke();
                    c.set_fill_rgb(edge.0, edge.1, edge.2);
                    path(&mut c, &circle(dot), true);
                    c.fill_nonzero();
                }
                c.restore_state();
                c.end_marked_content();
            }
        }
    }
    c
}

/// `text` in the `WinAnsi` encoding of the standard fonts; what it lacks becomes `?`.
fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|ch| win_ansi_byte(ch).unwrap_or(b'?'))
        .collect()
}

fn win_ansi_byte(ch: char) -> Option<u8> {
    let code = u32::from(ch);
    match ch {
        ' '..='~' | '\u{a0}'..='\u{ff}' => u8::try_from(code).ok(),
        '€' => Some(0x80),
        '‚' => Some(0x82),
        '„' => Some(0x84),
        '…' => Some(0x85),
        '‘' => Some(0x91),
        '’' => Some(0x92),
        '“' => Some(0x93),
        '”' => Some(0x94),
        '•' => Some(0x95),
        '–' => Some(0x96),
        '—' => Some(0x97),
        '™' => Some(0x99),
        '\t' | '\n' | '\r' => Some(b' '),
        _ => None,
    }
}

/// Widths of the printable ASCII characters (32..=126) in thousandths of the font size:
/// the Adobe font metrics of Helvetica and Helvetica-Bold.
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
const HELVETICA_BOLD: [u16; 95] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667,
    611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556,
    278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
];

/// The width of one character, in thousandths of the font size.
fn char_width(ch: char, font: Font) -> u16 {
    let table = match font {
        Font::Regular => &HELVETICA,
        Font::Bold => &HELVETICA_BOLD,
    };
    match ch {
        ' '..='~' => table[(u32::from(ch) - 32) as usize],
        '—' | '…' | '™' => 1_000,
        '‘' | '’' | '‚' => 278,
        '“' | '”' | '„' => 500,
        '•' => 350,
        _ => 611,
    }
}

fn text_width_of(text: &str, font: Font, size: f32) -> f32 {
    text.chars()
        .map(|ch| f32::from(char_width(ch, font)))
        .sum::<f32>()
        * size
        / 1_000.0
}

/// `text` broken into lines no wider than `width` at word boundaries (a word longer than a
/// line gets a line of its own).
fn wrap(text: &str, font: Font, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if line.is_empty() || text_width_of(&candidate, font, size) <= width {
            line = candidate;
        } else {
            lines.push(std::mem::replace(&mut line, word.to_owned()));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_wrap_within_the_width_and_nothing_is_lost() {
        let text = "Rest your right hand on top of your left shoulder. Stroke slowly outwards \
                    along the top of the shoulder to its tip — keep the touch light.";
        let lines = wrap(text, Font::Regular, 10.0, 200.0);
        assert!(lines.len() > 2);
        for line in &lines {
            assert!(text_width_of(line, Font::Regular, 10.0) <= 200.0, "{line}");
        }
        assert_eq!(
            lines.join(" "),
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        );
        // A 10-point "m" is 8.33 points wide in Helvetica.
        assert!((text_width_of("m", Font::Regular, 10.0) - 8.33).abs() < 1e-3);
    }

    #[test]
    fn text_is_win_ansi_and_unknown_characters_show_as_a_question_mark() {
        assert_eq!(
            win_ansi("Café — it’s 5 °C…"),
            b"Caf\xe9 \x97 it\x92s 5 \xb0C\x85"
        );
        assert_eq!(win_ansi("呼吸"), b"??");
    }
}
