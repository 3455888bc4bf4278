//! Where a field of a routine file starts, for messages about a routine that parsed: the
//! `Routine` carries no spans, so the text is read again for just the fields a warning
//! names (pure; never panics, whatever the text).

use serde::Deserialize;
use toml::Spanned;

use super::error::Position;

#[derive(Deserialize)]
struct Doc {
    title: Option<Spanned<String>>,
    summary: Option<Spanned<String>>,
    #[serde(default)]
    steps: Vec<StepText>,
}

#[derive(Deserialize)]
struct StepText {
    title: Option<Spanned<String>>,
    instruction: Option<Spanned<String>>,
    say: Option<Spanned<String>>,
    substitute: Option<Box<Self>>,
}

/// Where `field` (`title`, `summary`, `instruction` or `say`) starts: of the routine when `step` is
/// `None`, else of step `step` (1-based) or, `depth` levels down, of its substitute.
/// Reported at the key, like loader errors. `None` if the text does not have it.
pub fn field_position(
    text: &str,
    step: Option<usize>,
    depth: usize,
    field: &str,
) -> Option<Position> {
    let doc: Doc = toml::from_str(text).ok()?;
    let span = match step {
        None => match field {
            "title" => doc.title?.span(),
            "summary" => doc.summary?.span(),
            _ => return None,
        },
        Some(number) => {
            let mut s = doc.steps.get(number.checked_sub(1)?)?;
            for _ in 0..depth {
                s = s.substitute.as_deref()?;
            }
            match field {
                "title" => s.title.as_ref()?.span(),
                "instruction" => s.instruction.as_ref()?.span(),
                "say" => s.say.as_ref()?.span(),
                _ => return None,
            }
        }
    };
    Some(Position::of_field(text, span.start))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "id = \"a\"\ntitle = \"A\"\nsummary = \"S.\"\n\n[[steps]]\ntitle = \"One\"\ninstruction = \"Do.\"\n\n[[steps]]\ntitle = \"Two\"\ninstruction = \"Do.\"\n\n  [steps.substitute]\n  title = \"Two, lightly\"\n  instruction = \"Do less.\"\n";

    #[test]
    fn finds_routine_step_and_substitute_fields() {
        let at = |line, column| Some(Position { line, column });
        assert_eq!(field_position(TEXT, None, 0, "summary"), at(3, 1));
        assert_eq!(field_position(TEXT, Some(1), 0, "instruction"), at(7, 1));
        assert_eq!(field_position(TEXT, Some(2), 0, "title"), at(10, 1));
        assert_eq!(field_position(TEXT, Some(2), 1, "instruction"), at(15, 3));
        assert_eq!(field_position(TEXT, Some(3), 0, "title"), None);
        assert_eq!(field_position(TEXT, Some(0), 0, "title"), None);
        assert_eq!(field_position("not toml [", None, 0, "title"), None);
    }

    #[test]
    fn finds_a_steps_words_for_the_ear() {
        // `lull check` warns at a `say` that is too long or names what its tags do not.
        let text = "[[steps]]\ntitle = \"One\"\ninstruction = \"Do.\"\nsay = \"Do it.\"\n";
        assert_eq!(
            field_position(text, Some(1), 0, "say"),
            Some(Position { line: 4, column: 1 })
        );
    }
}
