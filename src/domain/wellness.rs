//! Keeping copy in the wellness lane: Lull may help you relax or ease tension; it never
//! claims to treat, cure or heal, and never diagnoses.

/// Word stems that routine copy must not contain (matched case-insensitively, anywhere in a
/// word, so "treatment", "healing" and "diagnosis" are caught too).
pub const FORBIDDEN_STEMS: [&str; 4] = ["treat", "cure", "heal", "diagnos"];

/// The forbidden stems found in `text`.
pub fn forbidden_claims(text: &str) -> Vec<&'static str> {
    let lower = text.to_lowercase();
    FORBIDDEN_STEMS
        .iter()
        .copied()
        .filter(|stem| lower.contains(stem))
        .collect()
}

/// What kind of wording a user routine should not use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClaimKind {
    /// A health claim: treat, cure, heal, diagnose, immunity, detox, "clinically proven".
    Health,
    /// A figure of what a routine does to pain or illness ("reduces pain by 50%").
    Figure,
    /// Forceful breathing or effort ("as fast as you can", "hyperventilate").
    Forceful,
}

/// Wording found in a user's text that Lull would never use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claim {
    /// The words found, lower-cased.
    pub found: String,
    /// What kind of wording it is.
    pub kind: ClaimKind,
}

impl std::fmt::Display for Claim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let why = match self.kind {
            ClaimKind::Health => {
                "a health claim; a routine may help you relax or ease tension, but never treats, cures, heals or diagnoses anything"
            }
            ClaimKind::Figure => {
                "a figure about pain or illness; no routine can promise a result like that"
            }
            ClaimKind::Forceful => {
                "forceful breathing or effort; breathing and pressure should stay gentle and never forced"
            }
        };
        write!(f, "says \"{}\": {why}", self.found)
    }
}

/// Word starts that make a health claim, with the words that start the same way but do not.
const HEALTH_STEMS: &[(&str, &[&str])] = &[
    ("treat", &[]),
    ("cure", &[]),
    ("curing", &[]),
    ("curative", &[]),
    ("heal", &["health", "healthy", "healthier", "healthcare"]),
    ("diagnos", &[]),
    ("immun", &[]),
    ("detox", &[]),
    ("remedy", &[]),
    ("remedies", &[]),
];

/// Phrases (lower-case, matched inside the text) of forceful breathing or effort.
const FORCEFUL: &[&str] = &[
    "as fast as you can",
    "as hard as you can",
    "as quickly as you can",
    "hyperventilat",
    "rapid breath",
    "rapid breathing",
    "forceful",
    "breath of fire",
];

/// Words that make a percentage a claim about health when they share its sentence.
const OUTCOMES: &[&str] = &[
    "pain",
    "ache",
    "migrain",
    "headache",
    "disease",
    "symptom",
    "ill",
    "insomnia",
    "sleep",
    "stress",
    "anxi",
    "depress",
    "blood",
    "cancer",
    "heart",
    "arthritis",
    "condition",
];

/// Health claims, figures about pain or illness and forceful wording in a user's text.
///
/// Bundled copy is held to the stricter [`forbidden_claims`] (any stem anywhere); a user's
/// routine gets warnings, so this matches whole words' starts ("health" is fine, "heals" is
/// not) and needs a percentage to share its sentence with pain, illness or sleep.
pub fn user_claims(text: &str) -> Vec<Claim> {
    let lower = text.to_lowercase();
    let mut out = Vec::new();
    let words = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    for word in words {
        let health = HEALTH_STEMS
            .iter()
            .any(|(stem, not)| word.starts_with(stem) && !not.iter().any(|n| word.starts_with(n)));
        if health && !out.iter().any(|c: &Claim| c.found == word) {
            out.push(Claim {
                found: word.to_owned(),
                kind: ClaimKind::Health,
            });
        }
    }
    if lower.contains("clinically proven") {
        out.push(Claim {
            found: "clinically proven".to_owned(),
            kind: ClaimKind::Health,
        });
    }
    for sentence in lower.split(['.', '!', '?', ';']) {
        let Some(figure) = percentage(sentence) else {
            continue;
        };
        let words: Vec<&str> = sentence
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let about_health = words.iter().any(|w| {
            OUTCOMES.iter().any(|o| {
                w.starts_with(o) && (*o != "ill" || w.starts_with("illness") || *w == "ill")
            })
        });
        if about_health {
            out.push(Claim {
                found: figure,
                kind: ClaimKind::Figure,
            });
        }
    }
    for phrase in FORCEFUL {
        if lower.contains(phrase) && !out.iter().any(|c| c.kind == ClaimKind::Forceful) {
            out.push(Claim {
                found: (*phrase).to_owned(),
                kind: ClaimKind::Forceful,
            });
        }
    }
    out
}

/// The first percentage in `sentence` ("50%", "90 percent", "30 per cent"), if any.
fn percentage(sentence: &str) -> Option<String> {
    let bytes = sentence.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
                i += 1;
            }
            let number = &sentence[start..i];
            let rest = sentence[i..].trim_start();
            for unit in ["%", "percent", "per cent"] {
                if rest.starts_with(unit) {
                    return Some(format!(
                        "{number}{}",
                        if unit == "%" { "%" } else { " percent" }
                    ));
                }
            }
        } else {
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, ClaimKind)> {
        user_claims(text)
            .into_iter()
            .map(|c| (c.found, c.kind))
            .collect()
    }

    #[test]
    fn user_text_is_warned_about_claims_figures_and_force() {
        use ClaimKind::{Figure, Forceful, Health};
        assert_eq!(
            found("This cures migraines and boosts immunity."),
            [
                ("cures".to_owned(), Health),
                ("immunity".to_owned(), Health)
            ]
        );
        assert_eq!(
            found("Reduces pain by 50%. 90 percent of migraines go away."),
            [
                ("50%".to_owned(), Figure),
                ("90 percent".to_owned(), Figure)
            ]
        );
        assert_eq!(
            found("A gentle detox that heals."),
            [("detox".to_owned(), Health), ("heals".to_owned(), Health)]
        );
        assert_eq!(
            found("Breathe in as fast as you can."),
            [("as fast as you can".to_owned(), Forceful)]
        );
        assert_eq!(found("Hyperventilate for a minute.").len(), 1);
        // Not claims: health as a word, effort as a figure, ordinary words.
        for text in [
            "Talk to a health professional if you are unsure.",
            "Tense at about 50% of your effort.",
            "A secure, quiet place. Stop if anything hurts.",
            "May help you relax and ease tension before sleep.",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn finds_claims_in_any_form() {
        assert_eq!(forbidden_claims("This treats headaches"), ["treat"]);
        assert_eq!(forbidden_claims("A HEALING cure"), ["cure", "heal"]);
        assert_eq!(forbidden_claims("No diagnosis here"), ["diagnos"]);
        assert!(forbidden_claims("May help you relax and ease tension.").is_empty());
    }
}
