//! Adding a routine file to the user's routines (`lull routine import`, and the app's
//! Import and drag and drop): checked first, as `lull check` checks it, and its id settled
//! against the catalogue. An id the user already has is replaced only when asked; both are
//! kept under a new id when asked; a bundled routine's id is never shadowed. Pure: text in,
//! the file to write out (the store writes it).

use super::Catalogue;
use crate::domain::id::RoutineId;
use crate::domain::routine::{Origin, Routine, RoutineErrors, parse_routine};

/// What to do when the routine's id is taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// Say so and write nothing.
    Ask,
    /// Replace the user's routine with that id (its file goes to the trash).
    Replace,
    /// Keep both: this one gets a new id.
    KeepBoth,
}

/// A routine file ready to be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prepared {
    /// The routine as it will load.
    pub routine: Routine,
    /// The file's text (a new id set in it, comments and layout kept).
    pub text: String,
    /// The user's file it replaces.
    pub replaces: Option<String>,
    /// The id it had, when it was given a new one.
    pub renamed_from: Option<RoutineId>,
}

/// Why a file cannot be imported as it is.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// The file has errors (each with its line and column).
    #[error("{0}")]
    Invalid(RoutineErrors),
    /// The user has a routine with this id: replace it or keep both?
    #[error("you already have a routine with the id \"{id}\" ({path})")]
    Yours {
        /// The id.
        id: RoutineId,
        /// The user's file with it.
        path: String,
    },
    /// A bundled routine has this id: it cannot be replaced; keep both?
    #[error("\"{id}\" is the id of a bundled routine, which cannot be replaced")]
    Bundled {
        /// The id.
        id: RoutineId,
    },
    /// The new id could not be written into the file.
    #[error("cannot give the routine a new id")]
    Rename,
}

/// `text` with its top-level `key` set to `value`, comments and layout kept.
pub fn with_key(text: &str, key: &str, value: &str) -> Option<String> {
    let mut doc: toml_edit::DocumentMut = text.parse().ok()?;
    doc[key] = toml_edit::value(value);
    Some(doc.to_string())
}

/// The first of `base`, `base-2`, `base-3`… that no routine in `catalogue` uses (at most
/// 64 characters, the id's limit).
pub fn free_id(catalogue: &Catalogue, base: &str) -> String {
    let base: String = base.chars().take(56).collect();
    let base = base.trim_end_matches('-');
    std::iter::once(base.to_owned())
        .chain((2..10_000).map(|n| format!("{base}-{n}")))
        .find(|id| catalogue.get(id.as_str()).is_none())
        .unwrap_or_else(|| base.to_owned())
}

/// A bundled routine's own file (comments and all).
pub fn bundled_source(id: &str) -> Option<&'static [u8]> {
    super::BUILTIN_ROUTINES
        .iter()
        .find(|(name, bytes)| parse_routine(name, bytes, Origin::Builtin).is_ok_and(|r| r.id == id))
        .map(|&(_, bytes)| bytes)
}

/// The user's own copy of the routine `id` titled `title`, whose file is `text`: a free id
/// (`ID-copy`, then `ID-copy-2`…) and the title "… (my copy)", the rest as written. `None`
/// when `text` is not TOML.
pub fn copy_of(
    catalogue: &Catalogue,
    id: &str,
    title: &str,
    text: &str,
) -> Option<(String, String)> {
    let new_id = free_id(catalogue, &format!("{id}-copy"));
    let text = with_key(text, "id", &new_id)
        .and_then(|t| with_key(&t, "title", &format!("{title} (my copy)")))?;
    Some((new_id, text))
}

/// The routine file `bytes` (named `name` in messages) as it would join `catalogue`.
pub fn prepare(
    catalogue: &Catalogue,
    name: &str,
    bytes: &[u8],
    choice: Choice,
) -> Result<Prepared, ImportError> {
    let origin = || Origin::User {
        path: name.to_owned(),
    };
    let routine = parse_routine(name, bytes, origin()).map_err(ImportError::Invalid)?;
    let text = String::from_utf8_lossy(bytes).into_owned();
    match (catalogue.get(&routine.id).map(|r| &r.origin), choice) {
        (None, _) => Ok(Prepared {
            routine,
            text,
            replaces: None,
            renamed_from: None,
        }),
        (Some(_), Choice::KeepBoth) => {
            let id = free_id(catalogue, routine.id.as_str());
            let renamed = with_key(&text, "id", &id).ok_or(ImportError::Rename)?;
            let again =
                parse_routine(name, renamed.as_bytes(), origin()).map_err(ImportError::Invalid)?;
            Ok(Prepared {
                routine: again,
                text: renamed,
                replaces: None,
                renamed_from: Some(routine.id),
            })
        }
        (Some(Origin::User { path }), Choice::Replace) => Ok(Prepared {
            routine,
            text,
            replaces: Some(path.clone()),
            renamed_from: None,
        }),
        (Some(Origin::User { path }), Choice::Ask) => Err(ImportError::Yours {
            id: routine.id,
            path: path.clone(),
        }),
        (Some(Origin::Builtin), _) => Err(ImportError::Bundled { id: routine.id }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOX: &str = include_str!("../../assets/routines/stress/box-breathing.toml");

    #[test]
    fn a_new_id_keeps_the_file_as_written() {
        let text = "# mine\nid = \"a\" # the id\ntitle = \"A\"\n\n[[steps]]\ntitle = \"x\"\n";
        let changed = with_key(text, "id", "a-2").unwrap_or_default();
        assert!(changed.starts_with("# mine\nid = \"a-2\""), "{changed}");
        assert!(
            changed.ends_with("title = \"A\"\n\n[[steps]]\ntitle = \"x\"\n"),
            "{changed}"
        );
        let (catalogue, _) = Catalogue::builtin();
        assert_eq!(free_id(&catalogue, "box-breathing"), "box-breathing-2");
        assert_eq!(free_id(&catalogue, "mine"), "mine");
    }

    #[test]
    fn a_bundled_id_is_kept_apart_and_never_replaced() {
        let (catalogue, _) = Catalogue::builtin();
        for choice in [Choice::Ask, Choice::Replace] {
            assert_eq!(
                prepare(&catalogue, "box.toml", BOX.as_bytes(), choice).err(),
                Some(ImportError::Bundled {
                    id: RoutineId::new("box-breathing")
                })
            );
        }
        let kept = prepare(&catalogue, "box.toml", BOX.as_bytes(), Choice::KeepBoth);
        let kept = kept.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(kept.routine.id, "box-breathing-2");
        assert_eq!(kept.renamed_from, Some(RoutineId::new("box-breathing")));
        assert!(matches!(
            prepare(&catalogue, "bad.toml", b"id = 3", Choice::Ask),
            Err(ImportError::Invalid(_))
        ));
    }
}
