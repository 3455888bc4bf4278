//! Starting the desktop app: real clocks, files and sound, then eframe.

use crate::app::{Deps, LullApp};
use crate::audio::device::AudioOutput;
use crate::catalogue::Catalogue;
use crate::clock::{MonotonicClock, SystemCalendar};
use crate::domain::routine::MAX_FILE_BYTES;
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
    }
}

/// Opens the window and runs until it is closed.
pub fn run(play: Option<String>) -> Result<(), eframe::Error> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Lull")
            .with_app_id("lull")
            .with_inner_size([1200.0, 820.0])
            .with_min_inner_size([640.0, 480.0]),
        ..Default::default()
    };
    eframe::run_native(
        "Lull",
        options,
        Box::new(move |_cc| Ok(Box::new(LullApp::new(real_deps(), play)))),
    )
}
