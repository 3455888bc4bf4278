//! Voice engines: outside programs that turn a line of text into sound, each run as a
//! process with a time limit (no FFI, no licence entanglement). flite and espeak-ng come
//! from Debian; a custom command (a Piper neural voice, for one) reads the text on its
//! standard input and writes raw 16-bit mono PCM. Another platform's engine (macOS
//! `say -o`, Windows SAPI through a small helper) is one more [`Synthesizer`]: nothing else
//! changes.

use std::process::Command;
use std::time::Duration;

use super::process::{RunError, run_with_input};
use crate::domain::soundscape::SpeechSettings;
use crate::store::{Pcm, decode_wav};

/// How long one line may take to render before the engine is stopped.
pub const LINE_LIMIT: Duration = Duration::from_secs(20);
/// How long listing an engine's voices may take.
const LIST_LIMIT: Duration = Duration::from_secs(5);
/// flite at rate 1 stretches its speech this much: a calm pace (about 167 words a minute
/// with `rms`), measured in BENCHMARKS.md.
const FLITE_STRETCH: f32 = 1.1;
/// espeak-ng's words per minute at rate 1.
const ESPEAK_WPM: f32 = 150.0;
/// flite voices that say anything (`awb_time` only says clock times).
const FLITE_VOICES: [&str; 5] = ["rms", "slt", "awb", "kal16", "kal"];
/// The default voice of each engine.
pub const FLITE_DEFAULT: &str = "rms";
/// espeak-ng's default voice.
pub const ESPEAK_DEFAULT: &str = "en-us+f3";

/// Why a line could not be spoken.
#[derive(Debug, thiserror::Error)]
pub enum VoiceError {
    /// The program is not there.
    #[error("{engine} is not installed")]
    NotInstalled {
        /// The engine.
        engine: String,
    },
    /// It ran past its time limit.
    #[error("{engine} took over {:.1} s for one line and was stopped", limit.as_secs_f32())]
    TimedOut {
        /// The engine.
        engine: String,
        /// Its time limit.
        limit: Duration,
    },
    /// It exited with an error.
    #[error("{engine} failed: {detail}")]
    Failed {
        /// The engine.
        engine: String,
        /// What it said.
        detail: String,
    },
    /// Its output is not sound.
    #[error("{engine} wrote something that is not sound: {detail}")]
    Garbage {
        /// The engine.
        engine: String,
        /// What is wrong.
        detail: String,
    },
    /// The settings name no usable voice.
    #[error("{0}")]
    Settings(String),
}

/// Something that speaks: text in, mono 16-bit sound out.
pub trait Synthesizer: Send + Sync {
    /// What the cache keys clips by: engine, voice, rate (and anything else that changes
    /// the sound).
    fn key(&self) -> String;
    /// For people: "flite (rms)".
    fn label(&self) -> String;
    /// Renders `text`.
    fn render(&self, text: &str) -> Result<Pcm, VoiceError>;
    /// About how long `text` takes to say, before it is rendered.
    fn estimate(&self, text: &str) -> Duration;
}

/// The voice engines Lull knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EngineKind {
    /// CMU flite.
    Flite,
    /// eSpeak NG.
    EspeakNg,
    /// The user's own command.
    Custom,
}

impl EngineKind {
    /// Every engine, in the order they are tried when none is chosen.
    pub const ALL: [Self; 3] = [Self::Flite, Self::EspeakNg, Self::Custom];

    /// The name in settings and on the command line.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Flite => "flite",
            Self::EspeakNg => "espeak-ng",
            Self::Custom => "custom",
        }
    }

    /// The engine called `name`.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }
}

fn run_error(engine: &str, e: &RunError) -> VoiceError {
    match e {
        RunError::Spawn { .. } => VoiceError::NotInstalled {
            engine: engine.to_owned(),
        },
        RunError::TimedOut { limit, .. } => VoiceError::TimedOut {
            engine: engine.to_owned(),
            limit: *limit,
        },
    }
}

/// The words as an engine should get them: one line, no leading dash (never an option).
fn clean(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    one_line.trim_start_matches('-').trim().to_owned()
}

/// Checks a program's WAV output: the expected rate, some sound.
fn wav_output(engine: &str, bytes: &[u8], rate: Option<u32>) -> Result<Pcm, VoiceError> {
    let garbage = |detail: String| VoiceError::Garbage {
        engine: engine.to_owned(),
        detail,
    };
    let pcm = decode_wav(bytes, false).map_err(garbage)?;
    if let Some(rate) = rate
        && pcm.rate != rate
    {
        return Err(garbage(format!(
            "{} Hz where {rate} Hz was expected",
            pcm.rate
        )));
    }
    Ok(pcm)
}

/// Runs an engine's `command` (with `input` on its standard input) within `limit`: what it
/// wrote on its standard output, or why there is nothing.
fn run_engine(
    engine: &str,
    command: Command,
    input: Option<Vec<u8>>,
    limit: Duration,
) -> Result<Vec<u8>, VoiceError> {
    let out = run_with_input(command, input, limit).map_err(|e| run_error(engine, &e))?;
    if out.success {
        Ok(out.stdout)
    } else {
        Err(VoiceError::Failed {
            engine: engine.to_owned(),
            detail: out.stderr.trim().to_owned(),
        })
    }
}

fn estimate_at(text: &str, rate: f32) -> Duration {
    crate::domain::soundscape::estimate(&clean(text), rate)
}

/// flite with one of its voices.
pub struct Flite {
    voice: String,
    rate: f32,
}

impl Flite {
    /// flite saying with `voice` at `rate` (1 = calm).
    pub fn new(voice: &str, rate: f32) -> Result<Self, VoiceError> {
        let voice = if voice.is_empty() {
            FLITE_DEFAULT
        } else {
            voice
        };
        // flite falls back to its 8 kHz voice, silently, for a name it does not know.
        if !FLITE_VOICES.contains(&voice) {
            return Err(VoiceError::Settings(format!(
                "flite has no voice \"{voice}\"; its voices are {}",
                FLITE_VOICES.join(", ")
            )));
        }
        Ok(Self {
            voice: voice.to_owned(),
            rate,
        })
    }
}

impl Synthesizer for Flite {
    fn key(&self) -> String {
        format!("flite/{}/{:.2}", self.voice, self.rate)
    }

    fn label(&self) -> String {
        format!("flite ({})", self.voice)
    }

    fn render(&self, text: &str) -> Result<Pcm, VoiceError> {
        let mut command = Command::new("flite");
        command
            .args(["-voice", &self.voice, "--setf"])
            .arg(format!("duration_stretch={:.3}", FLITE_STRETCH / self.rate))
            .arg("-t")
            .arg(clean(text))
            .args(["-o", "/dev/stdout"]);
        let wav = run_engine("flite", command, None, LINE_LIMIT)?;
        let rate = if self.voice == "kal" { 8_000 } else { 16_000 };
        wav_output("flite", &wav, Some(rate))
    }

    fn estimate(&self, text: &str) -> Duration {
        estimate_at(text, self.rate)
    }
}

/// eSpeak NG with one of its voices.
pub struct EspeakNg {
    voice: String,
    rate: f32,
}

impl EspeakNg {
    /// espeak-ng saying with `voice` at `rate`.
    pub fn new(voice: &str, rate: f32) -> Self {
        let voice = if voice.is_empty() {
            ESPEAK_DEFAULT
        } else {
            voice
        };
        Self {
            voice: voice.to_owned(),
            rate,
        }
    }
}

impl Synthesizer for EspeakNg {
    fn key(&self) -> String {
        format!("espeak-ng/{}/{:.2}", self.voice, self.rate)
    }

    fn label(&self) -> String {
        format!("espeak-ng ({})", self.voice)
    }

    fn render(&self, text: &str) -> Result<Pcm, VoiceError> {
        let mut command = Command::new("espeak-ng");
        command
            .args(["--stdout", "-v", &self.voice, "-s"])
            .arg(format!("{}", (ESPEAK_WPM * self.rate).round()))
            // A leading space: words are never read as an option.
            .arg(format!(" {}", clean(text)));
        let wav = run_engine("espeak-ng", command, None, LINE_LIMIT)?;
        wav_output("espeak-ng", &wav, Some(22_050))
    }

    fn estimate(&self, text: &str) -> Duration {
        estimate_at(text, self.rate)
    }
}

/// The user's command: the text on its standard input, raw signed 16-bit little-endian
/// mono PCM at `rate` on its standard output.
pub struct Custom {
    argv: Vec<String>,
    rate: u32,
    /// How long one line may take ([`LINE_LIMIT`] unless set).
    limit: Duration,
}

impl Custom {
    /// The command line `command` (split as a shell would, but never run by a shell).
    pub fn new(command: &str, rate: u32) -> Result<Self, VoiceError> {
        let argv = shell_words::split(command)
            .map_err(|e| VoiceError::Settings(format!("the voice command cannot be read: {e}")))?;
        if argv.is_empty() {
            return Err(VoiceError::Settings("no voice command is set".to_owned()));
        }
        if !(8_000..=192_000).contains(&rate) {
            return Err(VoiceError::Settings(format!(
                "the voice command's sample rate must be 8000 to 192000 Hz, got {rate}"
            )));
        }
        Ok(Self {
            argv,
            rate,
            limit: LINE_LIMIT,
        })
    }

    /// The same command, stopped after `limit` per line instead of [`LINE_LIMIT`].
    #[must_use]
    pub fn with_limit(mut self, limit: Duration) -> Self {
        self.limit = limit;
        self
    }
}

impl Synthesizer for Custom {
    fn key(&self) -> String {
        format!("custom/{}/{}", self.argv.join(" "), self.rate)
    }

    fn label(&self) -> String {
        format!("your command ({})", self.argv[0])
    }

    fn render(&self, text: &str) -> Result<Pcm, VoiceError> {
        let engine = self.argv[0].clone();
        let mut command = Command::new(&self.argv[0]);
        command.args(&self.argv[1..]);
        let input = format!("{}\n", clean(text)).into_bytes();
        let stdout = run_engine(&engine, command, Some(input), self.limit)?;
        if stdout.starts_with(b"RIFF") {
            return wav_output(&engine, &stdout, Some(self.rate));
        }
        // A message on standard output ("usage: …") is not sound, even at an even length.
        if stdout
            .iter()
            .all(|b| b.is_ascii_graphic() || b.is_ascii_whitespace())
            && !stdout.is_empty()
        {
            let text = String::from_utf8_lossy(&stdout);
            return Err(VoiceError::Garbage {
                engine,
                detail: format!(
                    "it wrote text: {}",
                    text.lines().next().unwrap_or("").trim()
                ),
            });
        }
        if stdout.len() < 2 || stdout.len() % 2 != 0 {
            return Err(VoiceError::Garbage {
                engine,
                detail: format!("{} bytes is not 16-bit samples", stdout.len()),
            });
        }
        let samples = stdout
            .chunks_exact(2)
            .map(|b| i16::from_le_bytes([b[0], b[1]]))
            .collect();
        Ok(Pcm {
            rate: self.rate,
            samples,
        })
    }

    fn estimate(&self, text: &str) -> Duration {
        estimate_at(text, 1.0)
    }
}

/// Whether `program` can be run (it answers `--help` or `--version` within the limit).
fn installed(program: &str, arg: &str) -> bool {
    let mut command = Command::new(program);
    command.arg(arg);
    run_with_input(command, None, LIST_LIMIT).is_ok()
}

/// An installed engine and its voices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstalledEngine {
    /// Which.
    pub kind: EngineKind,
    /// Its voices, the default first.
    pub voices: Vec<String>,
}

/// The voice engines installed here, with their voices (the custom command is not
/// listed: it is whatever the user set).
pub fn installed_engines() -> Vec<InstalledEngine> {
    let mut out = Vec::new();
    if installed("flite", "-lv") {
        out.push(InstalledEngine {
            kind: EngineKind::Flite,
            voices: FLITE_VOICES.iter().map(|v| (*v).to_owned()).collect(),
        });
    }
    let mut command = Command::new("espeak-ng");
    command.arg("--voices=en");
    if let Ok(list) = run_with_input(command, None, LIST_LIMIT)
        && list.success
    {
        let text = String::from_utf8_lossy(&list.stdout);
        let mut voices = vec![ESPEAK_DEFAULT.to_owned(), "en-us".to_owned()];
        // "Pty Language       Age/Gender VoiceName          File                 Other Languages"
        for name in text
            .lines()
            .skip(1)
            .filter_map(|l| l.split_whitespace().nth(1))
            .filter(|v| {
                v.starts_with("en") && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            })
        {
            if !voices.iter().any(|v| v == name) {
                voices.push(name.to_owned());
            }
        }
        out.push(InstalledEngine {
            kind: EngineKind::EspeakNg,
            voices,
        });
    }
    out
}

/// The synthesizer the settings ask for: the chosen engine, or (none chosen) the first
/// installed of flite and espeak-ng. `None` with the reason when there is none.
pub fn synthesizer(
    settings: &SpeechSettings,
    installed: &[InstalledEngine],
) -> Result<Box<dyn Synthesizer>, VoiceError> {
    let rate = settings.rate();
    let kind = if settings.engine.is_empty() {
        installed
            .first()
            .map(|e| e.kind)
            .ok_or_else(|| VoiceError::NotInstalled {
                engine: "flite".to_owned(),
            })?
    } else {
        EngineKind::parse(&settings.engine).ok_or_else(|| {
            VoiceError::Settings(format!(
                "unknown voice engine \"{}\"; Lull knows flite, espeak-ng and custom",
                settings.engine
            ))
        })?
    };
    if kind != EngineKind::Custom && !installed.iter().any(|e| e.kind == kind) {
        return Err(VoiceError::NotInstalled {
            engine: kind.name().to_owned(),
        });
    }
    Ok(match kind {
        EngineKind::Flite => Box::new(Flite::new(&settings.voice, rate)?),
        EngineKind::EspeakNg => Box::new(EspeakNg::new(&settings.voice, rate)),
        EngineKind::Custom => {
            Box::new(Custom::new(&settings.custom_command, settings.custom_rate)?)
        }
    })
}
