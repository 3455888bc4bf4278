//! The user's text editor, for `lull routine new` and `edit` (as `crontab -e` does it):
//! `$VISUAL`, else `$EDITOR`, else Debian's `editor` alternative, then `nano`, then `vi`.
//! The command is split into words as a shell would and run without a shell, with the
//! terminal handed over. It has no time limit, unlike every other outside program: a
//! person is typing in it.

use std::path::Path;
use std::process::Command;

use super::process::RunError;

/// The editor command to use: the first of `visual` and `editor` that is set and not
/// blank, split into words; else the fallbacks, tried in order.
pub fn editor_commands(visual: Option<&str>, editor: Option<&str>) -> Vec<Vec<String>> {
    for chosen in [visual, editor].into_iter().flatten() {
        if let Ok(words) = shell_words::split(chosen)
            && !words.is_empty()
        {
            return vec![words];
        }
    }
    ["editor", "nano", "vi"]
        .iter()
        .map(|e| vec![(*e).to_owned()])
        .collect()
}

/// Opens `file` in the user's editor and waits until it is closed. `Ok(true)` when the
/// editor exited with success.
pub fn edit(file: &Path) -> Result<bool, RunError> {
    let var = |name| std::env::var(name).ok();
    let candidates = editor_commands(var("VISUAL").as_deref(), var("EDITOR").as_deref());
    let mut last = None;
    for words in &candidates {
        let Some((program, args)) = words.split_first() else {
            continue;
        };
        match Command::new(program).args(args).arg(file).status() {
            Ok(status) => return Ok(status.success()),
            Err(source) => {
                last = Some(RunError::Spawn {
                    program: program.clone(),
                    source,
                });
            }
        }
    }
    Err(last.unwrap_or_else(|| RunError::Spawn {
        program: "editor".to_owned(),
        source: std::io::Error::from(std::io::ErrorKind::NotFound),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visual_then_editor_then_the_fallbacks() {
        let words = |c: &[Vec<String>]| c.iter().map(|w| w.join(" ")).collect::<Vec<_>>();
        assert_eq!(
            words(&editor_commands(Some("code --wait"), Some("vim"))),
            ["code --wait"]
        );
        assert_eq!(words(&editor_commands(Some("  "), Some("vim"))), ["vim"]);
        assert_eq!(
            words(&editor_commands(None, Some("'/opt/my editor/ed' -n"))),
            ["/opt/my editor/ed -n"]
        );
        assert_eq!(
            words(&editor_commands(None, None)),
            ["editor", "nano", "vi"]
        );
    }
}
