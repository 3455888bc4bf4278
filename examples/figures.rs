//! A gallery of the step illustrations: every figure with typical highlights (the tag
//! combinations the bundled routines use), in the light and night palettes.
//!
//! ```text
//! cargo run --example figures            # 160-point figures, light and night
//! cargo run --example figures -- 300     # bigger figures (scroll for more)
//! cargo run --example figures -- 300 dark   # or light, night
//! cargo run --example figures -- 420 foot   # only figures whose description has "foot"
//! ```

use std::collections::BTreeSet;

use lull::domain::tag::{Acupoint, Area, Tag};
use lull::domain::vocabulary::Side;
use lull::ui::theme::{Theme, palette, space};
use lull::ui::widgets::figure::{describe, figure, figure_for};

/// Typical tag combinations, one cell each.
fn samples() -> Vec<BTreeSet<Tag>> {
    use Acupoint as P;
    use Area as A;
    let a = Tag::Area;
    let pt = Tag::Acupoint;
    [
        vec![a(A::Temples)],
        vec![a(A::Forehead), pt(P::Yintang)],
        vec![a(A::Face)],
        vec![a(A::Temples), a(A::Forehead)],
        vec![a(A::Jaw)],
        vec![a(A::Scalp)],
        vec![a(A::Temples), a(A::Jaw)],
        vec![a(A::Forehead), a(A::Face), a(A::Jaw)],
        vec![a(A::NeckBack), pt(P::Gb20)],
        vec![a(A::NeckBack), a(A::Shoulders)],
        vec![a(A::Shoulders), pt(P::Gb21)],
        vec![a(A::Hands), pt(P::Li4)],
        vec![a(A::Hands), a(A::Forearms)],
        vec![a(A::Feet), a(A::Ankles)],
        vec![a(A::Calves), pt(P::Sp6)],
        vec![a(A::Scalp), a(A::NeckBack)],
    ]
    .into_iter()
    .map(|list| {
        let mut set: BTreeSet<Tag> = list.into_iter().collect();
        set.insert(Tag::Massage);
        set
    })
    .collect()
}

struct Gallery {
    side: f32,
    themes: Vec<Theme>,
    filter: Option<String>,
    samples: Vec<BTreeSet<Tag>>,
}

impl eframe::App for Gallery {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::ScrollArea::vertical().show(ui, |ui| {
            for &theme in &self.themes {
                let p = palette(theme);
                egui::Frame::new()
                    .fill(p.background)
                    .inner_margin(space::S)
                    .show(ui, |ui| {
                        let per_row = ((ui.available_width() + space::S) / (self.side + space::S))
                            .floor()
                            .max(1.0) as usize;
                        let cells: Vec<_> = self
                            .samples
                            .iter()
                            .filter_map(figure_for)
                            .filter(|(fig, highlights)| {
                                self.filter.as_ref().is_none_or(|f| {
                                    describe(*fig, highlights, Side::Both).contains(f.as_str())
                                })
                            })
                            .collect();
                        for row in cells.chunks(per_row) {
                            ui.horizontal_top(|ui| {
                                for (fig, highlights) in row {
                                    ui.vertical(|ui| {
                                        ui.set_width(self.side);
                                        figure(ui, *fig, highlights, Side::Both, &p, self.side);
                                        let text = describe(*fig, highlights, Side::Both);
                                        let text = text.trim_start_matches("Illustration: ");
                                        ui.label(
                                            egui::RichText::new(text).small().color(p.text_muted),
                                        );
                                    });
                                }
                            });
                        }
                    });
            }
        });
    }
}

fn main() -> eframe::Result {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let side = args
        .iter()
        .find_map(|a| a.parse::<f32>().ok())
        .unwrap_or(160.0);
    let themes = if args.iter().any(|a| a == "dark") {
        vec![Theme::Dark]
    } else if args.iter().any(|a| a == "night") {
        vec![Theme::Night]
    } else if args.iter().any(|a| a == "light") {
        vec![Theme::Light]
    } else {
        vec![Theme::Light, Theme::Night]
    };
    let filter = args
        .iter()
        .find(|a| a.parse::<f32>().is_err() && !["light", "dark", "night"].contains(&a.as_str()))
        .cloned();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size([1280.0, 900.0])
            .with_title("Lull figures"),
        ..Default::default()
    };
    eframe::run_native(
        "Lull figures",
        options,
        Box::new(move |_cc| {
            Ok(Box::new(Gallery {
                side,
                themes,
                filter,
                samples: samples(),
            }))
        }),
    )
}
