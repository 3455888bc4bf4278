//! Reading the TOML routine format (documented in docs/routine-format.md): bytes to the
//! raw tables, with TOML and serde errors placed at their step and field. The rules a
//! routine must meet are in `validate.rs`.
//!
//! Pure: takes the file's name and bytes, returns a valid [`Routine`] or every problem
//! found, each with a position. Never panics, whatever the bytes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::error::{Position, RoutineError, RoutineErrors};
use super::{MAX_FILE_BYTES, Routine};

/// Where a routine came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "type")]
pub enum Origin {
    /// Shipped inside the binary.
    Builtin,
    /// The user's own file.
    User {
        /// The file's path, for messages.
        path: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRoutine {
    pub(super) id: Spanned<String>,
    pub(super) title: Spanned<String>,
    pub(super) program: Spanned<String>,
    pub(super) summary: Spanned<String>,
    pub(super) position: Spanned<String>,
    pub(super) ambience: Option<Spanned<String>>,
    pub(super) sources: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) patterns: BTreeMap<String, Spanned<RawPattern>>,
    pub(super) steps: Spanned<Vec<Spanned<RawStep>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPattern {
    pub(super) inhale: Spanned<f64>,
    pub(super) top_up: Option<Spanned<f64>>,
    pub(super) hold_in: Option<Spanned<f64>>,
    pub(super) exhale: Spanned<f64>,
    pub(super) hold_out: Option<Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStep {
    pub(super) title: Spanned<String>,
    pub(super) instruction: Spanned<String>,
    pub(super) say: Option<Spanned<String>>,
    pub(super) duration_secs: Option<Spanned<i64>>,
    pub(super) breathing: Option<Spanned<RawBreathing>>,
    pub(super) kind: Spanned<String>,
    pub(super) tags: Spanned<Vec<Spanned<String>>>,
    pub(super) side: Option<Spanned<String>>,
    pub(super) substitute: Option<Box<Spanned<Self>>>,
    pub(super) core: Option<Spanned<bool>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBreathing {
    pub(super) pattern: Spanned<String>,
    pub(super) cycles: Spanned<i64>,
}

/// Parses and validates one routine file.
///
/// `file` names the file in messages; `bytes` are its contents.
pub fn parse_routine(file: &str, bytes: &[u8], origin: Origin) -> Result<Routine, RoutineErrors> {
    let whole_file = |position: Position, message: String| {
        RoutineErrors(vec![RoutineError {
            file: file.to_owned(),
            position,
            step: None,
            substitute_depth: 0,
            field: None,
            message,
        }])
    };
    let start = Position { line: 1, column: 1 };
    if bytes.len() > MAX_FILE_BYTES {
        return Err(whole_file(
            start,
            format!(
                "file must be at most {MAX_FILE_BYTES} bytes (256 KiB), got {}",
                bytes.len()
            ),
        ));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            let position = Position::of_offset(valid, valid.len());
            return Err(whole_file(
                position,
                format!(
                    "file is not valid UTF-8 (bad byte at offset {})",
                    e.valid_up_to()
                ),
            ));
        }
    };
    let raw: RawRoutine = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => return Err(RoutineErrors(vec![toml_error(file, text, &e)])),
    };
    super::validate::validate(file, text, raw, origin)
}

/// Which `[[steps]]` table (1-based) holds byte `offset`, and how deep in its substitutes,
/// judged from the table headers above it. `None` outside the steps.
fn step_at(text: &str, offset: usize) -> Option<(usize, usize)> {
    let mut number = 0;
    let mut current = None;
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        if line_start > offset {
            break;
        }
        line_start += line.len();
        let header = line.trim();
        let Some(inner) = header.strip_prefix('[') else {
            continue;
        };
        let array = inner.starts_with('[');
        let name: String = inner
            .trim_start_matches('[')
            .split(']')
            .next()
            .unwrap_or_default()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if array && name == "steps" {
            number += 1;
            current = Some((number, 0));
        } else if let Some(rest) = name.strip_prefix("steps.") {
            let depth = rest.split('.').filter(|k| *k == "substitute").count();
            current = current.map(|(n, _)| (n, depth));
        } else {
            current = None;
        }
    }
    current
}

/// The key of the `key = value` line that byte `offset` sits on, if any.
fn key_at(text: &str, offset: usize) -> Option<String> {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let (key, _) = text[line_start..line_end].split_once('=')?;
    let key = key.trim().trim_matches('"');
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    plain.then(|| key.to_owned())
}

/// A TOML or serde error, placed like every other error: the step (found from the
/// `[[steps]]` headers above the error) and the field (named by serde, or the key at the
/// error's position).
fn toml_error(file: &str, text: &str, e: &toml::de::Error) -> RoutineError {
    let message = e.message().trim().replace('\n', " ");
    let offset = e.span().map(|span| span.start);
    let position = offset.map_or(Position { line: 1, column: 1 }, |o| {
        Position::of_field(text, o)
    });
    let step = offset.and_then(|o| step_at(text, o));
    let named = ["unknown field `", "missing field `"]
        .iter()
        .find_map(|prefix| message.strip_prefix(prefix))
        .and_then(|rest| rest.split('`').next())
        .map(str::to_owned);
    let field = named.or_else(|| offset.and_then(|o| key_at(text, o)));
    let step = step.map(|(number, depth)| {
        let title = text
            .parse::<toml::Table>()
            .ok()
            .and_then(|doc| {
                // Like every other error, a substitute's error names its step's title.
                let table = doc.get("steps")?.as_array()?.get(number - 1)?.as_table()?;
                Some(table.get("title")?.as_str()?.to_owned())
            })
            .unwrap_or_default();
        (number, title, depth)
    });
    RoutineError {
        file: file.to_owned(),
        position,
        step: step.as_ref().map(|(n, t, _)| (*n, t.clone())),
        substitute_depth: step.as_ref().map_or(0, |(_, _, d)| *d),
        field,
        message,
    }
}
