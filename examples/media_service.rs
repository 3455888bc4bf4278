//! What the media service costs start-up (a measurement for BENCHMARKS.md, not a test): the
//! time `platform::mpris::serve` takes to connect, serve and own its name on a private
//! session bus (`dbus-daemon`), and to give up where there is no bus. `gui::real_deps` waits
//! for it before the window opens.
//!
//! ```text
//! cargo run --example media_service
//! ```

use std::io::{BufRead as _, BufReader, Write as _};
use std::process::{Command, Stdio};
use std::time::Duration;

use lull::clock::Stopwatch;
use lull::platform::mpris::{Bus, serve};

const RUNS: usize = 21;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort_unstable();
    times[times.len() / 2]
}

fn timed(bus: &Bus) -> Duration {
    let watch = Stopwatch::start();
    let service = serve(bus.clone(), Box::new(|| {}));
    let took = watch.elapsed();
    drop(service);
    took
}

fn main() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let mut daemon = Command::new("dbus-daemon")
        .args(["--session", "--nofork", "--print-address"])
        .arg(format!(
            "--address=unix:path={}",
            dir.path().join("bus").display()
        ))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let mut address = String::new();
    if let Some(out) = daemon.stdout.take() {
        BufReader::new(out).read_line(&mut address)?;
    }
    let bus = Bus::Address(address.trim().to_owned());
    let served: Vec<Duration> = (0..RUNS).map(|_| timed(&bus)).collect();
    let nowhere = Bus::Address(format!("unix:path={}", dir.path().join("no-bus").display()));
    let refused: Vec<Duration> = (0..RUNS).map(|_| timed(&nowhere)).collect();
    daemon.kill()?;
    daemon.wait()?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "serve on a private bus: median {:.2} ms, max {:.2} ms ({RUNS} runs)",
        median(served.clone()).as_secs_f64() * 1e3,
        served
            .iter()
            .max()
            .copied()
            .unwrap_or_default()
            .as_secs_f64()
            * 1e3
    )?;
    writeln!(
        out,
        "no bus: median {:.2} ms, max {:.2} ms",
        median(refused.clone()).as_secs_f64() * 1e3,
        refused
            .iter()
            .max()
            .copied()
            .unwrap_or_default()
            .as_secs_f64()
            * 1e3
    )?;
    Ok(())
}
