//! `lull generate man | completion SHELL`: the manual pages and the shell completions,
//! made from the same clap definition as the commands themselves, so they never fall
//! behind. Hidden from `--help`; `make install` runs it with the binary it installs.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::CommandFactory as _;

use super::args::{Cli, Generate, Shell};

/// What `lull.1` adds to the generated sections: where the files are, and where to read on.
const LULL_1_EXTRA: &str = r".SH FILES
.TP
\fI~/.config/lull/\fR
Settings (\fIsettings.toml\fR) and safety answers (\fIsafety.toml\fR).
.TP
\fI~/.local/share/lull/\fR
History (\fIhistory.jsonl\fR), your own routines (\fIroutines/\fR), sounds and presets.
.TP
\fI~/.cache/lull/voice/\fR
The voice's spoken lines; safe to delete.
.PP
\fBXDG_CONFIG_HOME\fR, \fBXDG_DATA_HOME\fR and \fBXDG_CACHE_HOME\fR are honoured.
A routine file named \fI*.lull.toml\fR opens in Lull from a file manager.
.SH NOTES
Lull is a wellness app: it may help you relax and ease tension. It is not medical care,
it does not diagnose anything, and it is not for emergencies.
.SH SEE ALSO
The routine format and the JSON shapes: \fIdocs/routine-format.md\fR and \fIdocs/cli.md\fR
in Lull's sources.
";

/// The day this version was released: the manual pages' date, and the date of this
/// version's `<release>` in the `AppStream` metainfo (a test holds them together).
pub const RELEASE_DATE: &str = "2026-12-04";

/// Runs `lull generate …`.
pub fn generate(out: &mut dyn Write, what: &Generate) -> anyhow::Result<ExitCode> {
    match what {
        Generate::Man { dir } => {
            let mut written = Vec::new();
            for (name, page) in man_pages()? {
                let path = dir.join(&name);
                crate::store::write_atomic(&path, &page)?;
                written.push(path);
            }
            for path in written {
                writeln!(out, "{}", path.display())?;
            }
        }
        Generate::Completion { shell } => {
            let mut command = Cli::command();
            let shell = match shell {
                Shell::Bash => clap_complete::Shell::Bash,
                Shell::Zsh => clap_complete::Shell::Zsh,
                Shell::Fish => clap_complete::Shell::Fish,
            };
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command, "lull", &mut script);
            out.write_all(&script)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Every manual page: `lull.1` first, then one per command that is not hidden
/// (`lull-routine.1`, `lull-routine-import.1`…), as file name and roff text.
pub fn man_pages() -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let mut root = Cli::command().disable_help_subcommand(true);
    root.build();
    let source = format!("lull {}", env!("CARGO_PKG_VERSION"));
    let mut pages = Vec::new();
    let mut todo = vec![root];
    while let Some(command) = todo.pop() {
        let is_root = pages.is_empty();
        todo.extend(
            command
                .get_subcommands()
                .filter(|c| !c.is_hide_set())
                .cloned()
                .collect::<Vec<_>>()
                .into_iter()
                .rev(),
        );
        let man = clap_mangen::Man::new(command)
            .date(RELEASE_DATE)
            .source(source.clone())
            .manual("User Commands");
        let mut page = Vec::new();
        man.render(&mut page)
            .context("cannot render a manual page")?;
        if is_root {
            page.extend_from_slice(LULL_1_EXTRA.as_bytes());
        }
        pages.push((man.get_filename(), page));
    }
    Ok(pages)
}
