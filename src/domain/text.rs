//! Text from outside (a stranger's routine or preset, a file name) that would be shown on
//! the screen or printed to a terminal: control characters could move the cursor, clear
//! the screen or recolour it (terminal escapes), and bidirectional overrides could make the
//! words read otherwise than they are stored. Files are refused with such characters in
//! them; what is shown anyway (a file name in a message) is escaped.

/// Whether `c` must never reach a screen or a terminal: a control character (C0, DEL, C1)
/// other than a line break or a tab, or a bidirectional embedding, override or isolate.
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The first character of `text` that must not be shown (see [`is_unsafe`]), counting
/// characters from 1; with `one_line`, a line break or a tab counts too.
pub fn first_unsafe(text: &str, one_line: bool) -> Option<(usize, char)> {
    text.chars()
        .enumerate()
        .find(|&(_, c)| is_unsafe(c) || (one_line && matches!(c, '\n' | '\t')))
        .map(|(i, c)| (i + 1, c))
}

/// How a refused character is named in a message: `U+001B`.
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// `text` with every unsafe character written as `\u{1b}` (visible, inert), so it can be
/// shown or printed.
pub fn escaped(text: &str) -> String {
    if !text.chars().any(is_unsafe) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| {
            if is_unsafe(c) {
                format!("\\u{{{:x}}}", u32::from(c))
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_escapes_and_bidi_overrides_are_unsafe_line_breaks_are_not() {
        for c in [
            '\u{1b}', '\u{7}', '\u{0}', '\u{7f}', '\u{9b}', '\u{202e}', '\u{2066}', '\r',
        ] {
            assert!(is_unsafe(c), "{c:?}");
        }
        for c in ['a', 'é', ' ', '\n', '\t', '…', '“', '\u{2014}'] {
            assert!(!is_unsafe(c), "{c:?}");
        }
    }

    #[test]
    fn the_first_unsafe_character_is_found_and_counted_from_one() {
        assert_eq!(first_unsafe("ab\u{1b}[2J", false), Some((3, '\u{1b}')));
        assert_eq!(first_unsafe("one\ntwo", false), None);
        assert_eq!(first_unsafe("one\ntwo", true), Some((4, '\n')));
        assert_eq!(code_point('\u{1b}'), "U+001B");
    }

    #[test]
    fn escaping_makes_it_inert_and_leaves_plain_text_alone() {
        assert_eq!(escaped("plain text"), "plain text");
        assert_eq!(escaped("a\u{1b}[31mred"), "a\\u{1b}[31mred");
        assert!(!escaped("x\u{202e}y\u{9b}").chars().any(is_unsafe));
    }
}
