//! Errors found in a routine file, each with its file, line, column, step and field.

use std::fmt;

use crate::domain::text::escaped;

/// A 1-based line and column in a text file (column counted in characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Position {
    /// The position of byte `offset` in `text` (clamped to the text, never panics).
    pub fn of_offset(text: &str, offset: usize) -> Self {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Self { line, column }
    }

    /// Where a field's value starts, reported at its key when the value sits on a plain
    /// `key = value` line (so `duration_secs = 0` on line 14 is reported as `14:1`).
    pub fn of_field(text: &str, value_offset: usize) -> Self {
        let mut offset = value_offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let prefix = &text[line_start..offset];
        let trimmed = prefix.trim_start();
        let is_key_line = trimmed.trim_end().strip_suffix('=').is_some_and(|key| {
            let key = key.trim();
            !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '"'))
        });
        if is_key_line {
            Self::of_offset(text, line_start + (prefix.len() - trimmed.len()))
        } else {
            Self::of_offset(text, offset)
        }
    }
}

/// One problem in a routine file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct RoutineError {
    /// The file name as given (e.g. `neck.toml` or `builtin:h1.toml`).
    pub file: String,
    /// Where in the file.
    pub position: Position,
    /// The 1-based step number and title, when the problem is inside a step.
    pub step: Option<(usize, String)>,
    /// Whether the problem is in the step's substitute (depth, 1 = the substitute).
    pub substitute_depth: usize,
    /// The field, when one is to blame (`duration_secs`, `tags`…).
    pub field: Option<String>,
    /// What was wrong and what was expected.
    pub message: String,
}

impl fmt::Display for RoutineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The file's name and the words quoted from it are a stranger's: shown inert.
        write!(
            f,
            "{}:{}:{}: ",
            escaped(&self.file),
            self.position.line,
            self.position.column
        )?;
        if let Some((number, title)) = &self.step {
            write!(f, "step {number}")?;
            if !title.is_empty() {
                write!(f, " \"{}\"", escaped(title))?;
            }
            for _ in 0..self.substitute_depth {
                f.write_str(" substitute")?;
            }
            f.write_str(": ")?;
        }
        if let Some(field) = &self.field
            && !self.message.starts_with(field.as_str())
        {
            write!(f, "{field}: ")?;
        }
        f.write_str(&escaped(&self.message))
    }
}

/// Every problem found in one file (never empty).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct RoutineErrors(pub Vec<RoutineError>);

impl fmt::Display for RoutineErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(
            Position::of_offset(text, 0),
            Position { line: 1, column: 1 }
        );
        let two = text.find('2').unwrap();
        assert_eq!(
            Position::of_offset(text, two),
            Position { line: 2, column: 6 }
        );
        assert_eq!(
            Position::of_offset(text, 9_999),
            Position { line: 3, column: 1 }
        );
    }

    #[test]
    fn field_positions_point_at_the_key_on_plain_lines() {
        let text = "x = 1\n  duration_secs = 0\nbreathing = { cycles = 0 }\n";
        let zero = text.find("0\n").unwrap();
        assert_eq!(
            Position::of_field(text, zero),
            Position { line: 2, column: 3 }
        );
        let inline = text.rfind('0').unwrap();
        assert_eq!(
            Position::of_field(text, inline),
            Position {
                line: 3,
                column: 24
            }
        );
    }

    #[test]
    fn display_matches_the_documented_shape() {
        let error = RoutineError {
            file: "neck.toml".into(),
            position: Position {
                line: 14,
                column: 1,
            },
            step: Some((3, "Temple circles".into())),
            substitute_depth: 0,
            field: Some("duration_secs".into()),
            message: "duration_secs must be 5..=3600, got 0".into(),
        };
        assert_eq!(
            error.to_string(),
            "neck.toml:14:1: step 3 \"Temple circles\": duration_secs must be 5..=3600, got 0"
        );
    }
}
