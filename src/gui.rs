//! Starting the desktop app: real clocks, files and sound, then eframe.

use crate::app::{Deps, Launch, LullApp};
use crate::audio::device::AudioOutput;
use crate::catalogue::Catalogue;
use crate::clock::{MonotonicClock, SystemCalendar};
use crate::domain::routine::MAX_FILE_BYTES;
use crate::platform::inhibit::DesktopInhibit;
use crate::platform::notify::DesktopNotifier;
use crate::store::{self, AppDirs, AppFiles};

/// The real dependencies: the monotonic clock, the local calendar, the XDG folders, the
/// default sound output (or silence, with the reason), and the catalogue.
pub fn real_deps() -> Deps {
    let dirs = AppDirs::standard();
    let mut problems = Vec::new();
    let mut files = Vec::new();
    if let Some(d) = &dirs {
        match store::list_routine_files(&store::user_routines_dir(d)) {
            Ok(paths) => {
                for path in paths {
                    match store::read_limited(&path, MAX_FILE_BYTES as u64 + 1) {
                        Ok(bytes) => files.push((path.display().to_string(), bytes)),
                        Err(e) => problems.push(e.to_string()),
                    }
                }
            }
            Err(e) => problems.push(e.to_string()),
        }
    }
    let (catalogue, catalogue_problems) = Catalogue::with_user_files(files);
    problems.extend(catalogue_problems.iter().map(ToString::to_string));
    let (audio, audio_problem) = match AudioOutput::open_default() {
        Ok(out) => (Some(out), None),
        Err(e) => {
            log::warn!("{e}");
            (None, Some(e.to_string()))
        }
    };
    Deps {
        clock: Box::new(MonotonicClock::start()),
        calendar: Box::new(SystemCalendar),
        files: dirs.map(AppFiles::new),
        audio,
        audio_problem,
        catalogue,
        catalogue_problems: problems,
        notifier: Box::new(DesktopNotifier),
        inhibitor: Box::new(DesktopInhibit),
    }
}

/// Opens the window and runs until it is closed.
pub fn run(launch: Launch) -> Result<(), eframe::Error> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(crate::app::state::APP_TITLE)
            .with_app_id("lull")
            .with_inner_size([1200.0, 820.0])
            .with_min_inner_size([640.0, 480.0]),
        // No gradients need it, and under software GL the per-pixel noise costs about a
        // tenth of the redraw (massage step: 1.8–2.05 % → 1.55–1.6 % of a core, llvmpipe).
        dithering: false,
        ..Default::default()
    };
    let report_first_frame = std::env::var_os("LULL_REPORT_FIRST_FRAME").is_some();
    eframe::run_native(
        "Lull",
        options,
        Box::new(move |_cc| {
            let app = LullApp::new(real_deps(), launch);
            Ok(Box::new(FirstFrame {
                app,
                report: report_first_frame,
            }))
        }),
    )
}

/// Wraps the app to log when the first frame is drawn (`LULL_REPORT_FIRST_FRAME=1`, read by
/// scripts/measure-desktop.sh).
struct FirstFrame {
    app: LullApp,
    report: bool,
}

impl eframe::App for FirstFrame {
    fn logic(&mut self, ctx: &egui::Context, frame: &mut eframe::Frame) {
        eframe::App::logic(&mut self.app, ctx, frame);
    }

    fn on_exit(&mut self, gl: Option<&eframe::glow::Context>) {
        eframe::App::on_exit(&mut self.app, gl);
    }

    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        eframe::App::ui(&mut self.app, ui, frame);
        if self.report {
            self.report = false;
            log::warn!(
                "first frame at {} ns since the epoch",
                crate::clock::unix_nanos()
            );
        }
    }
}
