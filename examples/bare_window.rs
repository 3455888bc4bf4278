//! A bare eframe window (glow, same features as Lull) for scripts/measure-desktop.sh: Lull's
//! start-up time, memory and idle CPU are reported against this.

use std::time::{SystemTime, UNIX_EPOCH};

struct Bare {
    reported: bool,
}

impl eframe::App for Bare {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.label("Bare window");
        });
        if !self.reported {
            self.reported = true;
            #[expect(clippy::disallowed_methods, reason = "measurement")]
            let now = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos());
            #[expect(clippy::print_stderr, reason = "read by the measurement script")]
            {
                eprintln!("first frame at {now} ns since the epoch");
            }
        }
    }
}

fn main() -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default().with_inner_size([1200.0, 820.0]),
        ..Default::default()
    };
    eframe::run_native(
        "Bare",
        options,
        Box::new(|_cc| Ok(Box::new(Bare { reported: false }))),
    )
}
