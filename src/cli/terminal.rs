//! What the CLI prints passes through [`Inert`]: a control character or bidi override that
//! came from a file (a stranger's routine title, a file name in a message) is printed as a
//! visible `\u{1b}`, never sent to the terminal to act. Lull's own output has none, so
//! nothing it means to print changes.

use std::io::{self, Write};

/// A writer that makes unsafe characters inert (see [`crate::domain::text`]); bytes that
/// are not UTF-8 are written as `\xNN`.
pub struct Inert<W: Write> {
    inner: W,
    /// The start of a character cut off by the end of the last write.
    carry: Vec<u8>,
}

impl<W: Write> Inert<W> {
    /// Wraps `inner`.
    pub const fn new(inner: W) -> Self {
        Self {
            inner,
            carry: Vec::new(),
        }
    }

    fn emit(&mut self, text: &str) -> io::Result<()> {
        self.inner
            .write_all(crate::domain::text::escaped(text).as_bytes())
    }
}

impl<W: Write> Write for Inert<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut bytes = std::mem::take(&mut self.carry);
        bytes.extend_from_slice(buf);
        let mut rest: &[u8] = &bytes;
        loop {
            match std::str::from_utf8(rest) {
                Ok(text) => {
                    self.emit(text)?;
                    break;
                }
                Err(e) => {
                    let (good, after) = rest.split_at(e.valid_up_to());
                    self.emit(std::str::from_utf8(good).unwrap_or_default())?;
                    match e.error_len() {
                        // A character cut off at the end: kept for the next write.
                        None => {
                            self.carry = after.to_vec();
                            break;
                        }
                        Some(n) => {
                            for b in &after[..n] {
                                write!(self.inner, "\\x{b:02x}")?;
                            }
                            rest = &after[n..];
                        }
                    }
                }
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.carry.is_empty() {
            let cut = std::mem::take(&mut self.carry);
            for b in cut {
                write!(self.inner, "\\x{b:02x}")?;
            }
        }
        self.inner.flush()
    }
}

impl<W: Write> Drop for Inert<W> {
    fn drop(&mut self) {
        // A cut-off character at the very end is still shown (as bytes).
        let _ = self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(parts: &[&[u8]]) -> String {
        let mut out = Vec::new();
        {
            let mut w = Inert::new(&mut out);
            for p in parts {
                w.write_all(p).unwrap();
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn plain_text_and_line_breaks_pass_unchanged() {
        assert_eq!(
            through(&[b"Box breathing\t4:00\n"]),
            "Box breathing\t4:00\n"
        );
        assert_eq!(through(&["é…“”\n".as_bytes()]), "é…“”\n");
    }

    #[test]
    fn escapes_and_overrides_are_printed_inert() {
        assert_eq!(through(&[b"a\x1b[2Jb\n"]), "a\\u{1b}[2Jb\n");
        assert_eq!(through(&["x\u{202e}y".as_bytes()]), "x\\u{202e}y");
        assert_eq!(through(&["\u{9b}31m".as_bytes()]), "\\u{9b}31m");
    }

    #[test]
    fn a_character_split_across_writes_is_kept_whole_and_bad_bytes_are_shown() {
        let e = "é".as_bytes();
        assert_eq!(through(&[&[b'a', e[0]], &[e[1], b'b']]), "aéb");
        assert_eq!(through(&[b"a\xffb"]), "a\\xffb");
        assert_eq!(through(&[&[b'a', e[0]]]), "a\\xc3");
    }
}
