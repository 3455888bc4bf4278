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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_claims_in_any_form() {
        assert_eq!(forbidden_claims("This treats headaches"), ["treat"]);
        assert_eq!(forbidden_claims("A HEALING cure"), ["cure", "heal"]);
        assert_eq!(forbidden_claims("No diagnosis here"), ["diagnos"]);
        assert!(forbidden_claims("May help you relax and ease tension.").is_empty());
    }
}
