//! Small closed vocabularies used by routines: programs, positions, step kinds and sides.
//!
//! Each is a plain enum with a stable kebab-case spelling (used in routine files, answers
//! files and JSON output).

/// Declares a `Copy` enum with a fixed kebab-case name per variant, plus `ALL`, `as_str`,
/// `parse`, `Display` and serde impls through that name.
macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The stable spelling used in files and JSON.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text),+
                }
            }

            /// Parses the stable spelling; `None` for anything else.
            pub fn parse(text: &str) -> Option<Self> {
                match text {
                    $($text => Some(Self::$variant),)+
                    _ => None,
                }
            }

            /// The accepted spellings, comma-separated, for error messages.
            pub fn expected() -> String {
                Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <String as ::serde::Deserialize>::deserialize(deserializer)?;
                Self::parse(&text).ok_or_else(|| {
                    ::serde::de::Error::custom(format!(
                        "unknown {} \"{text}\", expected one of: {}",
                        stringify!($name).to_lowercase(),
                        Self::expected()
                    ))
                })
            }
        }
    };
}

pub(crate) use named_enum;

named_enum! {
    /// The three programs every routine belongs to.
    Program {
        /// Stress relief during the day.
        Stress = "stress",
        /// Winding down before sleep.
        Sleep = "sleep",
        /// Easing tension that comes with headaches.
        Headache = "headache",
    }
}

impl Program {
    /// The name shown to people.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Stress => "Stress relief",
            Self::Sleep => "Sleep wind-down",
            Self::Headache => "Headaches",
        }
    }
}

named_enum! {
    /// The body position a routine is done in.
    Position {
        /// Sitting on a chair or the bed.
        Seated = "seated",
        /// Lying down.
        Lying = "lying",
        /// Standing.
        Standing = "standing",
        /// Any comfortable position.
        Any = "any",
    }
}

named_enum! {
    /// What a step asks you to do.
    StepKind {
        /// Getting ready: settle, find the position, set things up.
        Prepare = "prepare",
        /// Hands-on self-massage.
        Massage = "massage",
        /// Paced breathing, driven by a breathing pattern.
        Breathing = "breathing",
        /// Tense and release (progressive muscle relaxation).
        TenseRelease = "tense-release",
        /// Moving attention through the body.
        BodyScan = "body-scan",
        /// Resting quietly.
        Rest = "rest",
    }
}

named_enum! {
    /// Which side of the body a step works on.
    Side {
        /// The left side.
        Left = "left",
        /// The right side.
        Right = "right",
        /// Both sides at once.
        Both = "both",
    }
}
