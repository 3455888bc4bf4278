//! Ids as types: a routine's id and a sound preset's id are kebab-case strings on disk, but
//! not interchangeable in the code, and neither is free text.

use std::borrow::Borrow;
use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// The id `id` (checked where it is read: the routine and preset loaders).
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }

            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                // `pad`, so a width lines up columns (`lull ambience --list`).
                f.pad(&self.0)
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(id.to_owned())
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                Self(id)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }
    };
}

id_type!(
    /// A routine's id (`box-breathing`): unique in the catalogue, kept in the history.
    RoutineId
);

id_type!(
    /// A sound preset's id (`night-sea`, `my-rain`): what routines and the wind-down name.
    PresetId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_its_text_on_disk_and_on_screen() {
        let id = RoutineId::new("box-breathing");
        assert_eq!(id.to_string(), "box-breathing");
        assert_eq!(id, "box-breathing");
        assert_eq!(
            serde_json::to_string(&id).ok().as_deref(),
            Some("\"box-breathing\"")
        );
        assert_eq!(
            format!("{:<12}|", PresetId::new("night-sea")),
            "night-sea   |"
        );
        let back: Result<PresetId, _> = serde_json::from_str("\"night-sea\"");
        assert_eq!(back.ok(), Some(PresetId::new("night-sea")));
    }
}
