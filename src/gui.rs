//! Starting the desktop app: real clocks, files and sound, then eframe.

use crate::app::{Deps, Launch, LullApp};
use crate::audio::device::DefaultOutput;
use crate::clock::{MonotonicClock, SystemCalendar};
use crate::profile::settings::{Settings, WindowPlace};
use std::sync::Arc;

use crate::platform::autostart::{Autostart, RecordingAutostart, SystemdAutostart};
use crate::platform::inhibit::DesktopInhibit;
use crate::platform::notify::DesktopNotifier;
use crate::platform::open::DesktopOpener;
use crate::store::{self, AppDirs, AppFiles, SETTINGS_FILE};

/// The real dependencies: the monotonic clock, the local calendar, the XDG folders, the
/// default sound output, and the catalogue.
pub fn real_deps() -> Deps {
    let dirs = AppDirs::standard();
    let dirs_cache = dirs.as_ref().map(|d| store::VoiceCache::new(&d.cache));
    let (catalogue, catalogue_problems) = crate::app::user_catalogue(dirs.as_ref());
    let autostart: Arc<dyn Autostart> = match (&dirs, store::current_exe()) {
        (Some(d), Ok(exe)) => Arc::new(SystemdAutostart::new(
            d.config.parent().unwrap_or(&d.config),
            exe,
        )),
        (None, _) => Arc::new(RecordingAutostart {
            refuse: Some("no home folder was found".to_owned()),
            ..RecordingAutostart::default()
        }),
        (_, Err(e)) => Arc::new(RecordingAutostart {
            refuse: Some(e.to_string()),
            ..RecordingAutostart::default()
        }),
    };
    Deps {
        clock: Box::new(MonotonicClock::start()),
        calendar: Box::new(SystemCalendar),
        files: dirs.map(AppFiles::new),
        audio: Box::new(DefaultOutput),
        catalogue,
        catalogue_problems,
        notifier: Box::new(DesktopNotifier),
        inhibitor: Box::new(DesktopInhibit),
        opener: Box::new(DesktopOpener),
        autostart,
        voice: crate::speech::VoiceWorker::start(
            Box::new(crate::speech::InstalledVoices),
            dirs_cache,
        ),
        power: Some(power_watch()),
        suspend: Arc::new(crate::platform::suspend::LogindSuspend),
        media: media_link(),
    }
}

/// The media service on the session bus (`None` without one), waking the window (once it
/// exists) when a media key or the desktop's controls ask for something.
fn media_link() -> Option<crate::app::MediaLink> {
    let repaint: Arc<std::sync::OnceLock<egui::Context>> = Arc::new(std::sync::OnceLock::new());
    let slot = Arc::clone(&repaint);
    let service = crate::platform::mpris::serve(
        crate::platform::mpris::Bus::Session,
        Box::new(move || {
            if let Some(ctx) = slot.get() {
                ctx.request_repaint();
            }
        }),
    )?;
    Some(crate::app::MediaLink {
        commands: service.commands,
        states: service.states,
        repaint,
    })
}

/// The sleep watcher, waking the window (once it exists) when the computer sleeps or wakes.
fn power_watch() -> crate::app::PowerWatch {
    let repaint: Arc<std::sync::OnceLock<egui::Context>> = Arc::new(std::sync::OnceLock::new());
    let slot = Arc::clone(&repaint);
    let events = crate::platform::suspend::watch(Box::new(move || {
        if let Some(ctx) = slot.get() {
            ctx.request_repaint();
        }
    }));
    crate::app::PowerWatch { events, repaint }
}

/// Where the window was last time, from the settings file. Only the place is read here;
/// the app loads (and reports problems with) the whole file as it starts.
fn remembered_window(files: Option<&AppFiles>) -> Option<WindowPlace> {
    files?.peek::<Settings>(SETTINGS_FILE)?.sanitized().window
}

/// The application id: the desktop file's name (`app.lull.Lull.desktop`), the icon's, the
/// `AppStream` id, the MIME package's, and the window's (Wayland's `app_id`, X11's `WM_CLASS`),
/// which is how the desktop finds the window's icon and name.
pub const APP_ID: &str = "app.lull.Lull";

/// The icon the window shows where the desktop takes it from the window (X11's
/// `_NET_WM_ICON`): the 128 px rendering of `assets/desktop`'s scalable icon.
const ICON_PNG: &[u8] =
    include_bytes!("../assets/desktop/icons/hicolor/128x128/apps/app.lull.Lull.png");

/// The window's icon; `None` (and one log line) if the PNG cannot be read.
fn window_icon() -> Option<Arc<egui::IconData>> {
    match eframe::icon_data::from_png_bytes(ICON_PNG) {
        Ok(icon) => Some(Arc::new(icon)),
        Err(e) => {
            log::warn!("the window's icon could not be read: {e}");
            None
        }
    }
}

/// Opens the window and runs until it is closed.
pub fn run(launch: Launch) -> Result<(), eframe::Error> {
    let deps = real_deps();
    let mut viewport = egui::ViewportBuilder::default()
        .with_title(crate::ui::model::APP_TITLE)
        .with_app_id(APP_ID)
        .with_inner_size([1200.0, 820.0])
        .with_min_inner_size([WindowPlace::MIN.0, WindowPlace::MIN.1]);
    if let Some(icon) = window_icon() {
        viewport = viewport.with_icon(icon);
    }
    if let Some(place) = remembered_window(deps.files.as_ref()) {
        viewport = viewport
            .with_inner_size([place.width, place.height])
            .with_maximized(place.maximized);
        if let (Some(x), Some(y)) = (place.x, place.y) {
            viewport = viewport.with_position([x, y]);
        }
    }
    let options = eframe::NativeOptions {
        viewport,
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
            let app = LullApp::new(deps, launch);
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
