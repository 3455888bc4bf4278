//! The bundled words against the bundled tags: every step and substitute names only what
//! its tags declare, no text promises a voice, no text claims a cure, and every stretch of
//! screen-off steps says first what the chime means (issue 9, items 7, 10 and 11).

use lull::catalogue::Catalogue;
use lull::domain::routine::Step;
use lull::domain::routine::wording::{step_mismatches, unexplained_screen_off};
use lull::domain::wellness::user_claims;

fn versions(step: &Step) -> impl Iterator<Item = &Step> {
    std::iter::successors(Some(step), |s| s.substitute.as_deref())
}

#[test]
fn every_bundled_step_names_only_what_its_tags_declare() {
    let (catalogue, _) = Catalogue::builtin();
    let mut problems = Vec::new();
    for routine in catalogue.routines() {
        for (i, top) in routine.steps.iter().enumerate() {
            for (depth, step) in versions(top).enumerate() {
                for m in step_mismatches(step) {
                    problems.push(format!(
                        "{} step {} \"{}\" (substitute depth {depth}): {m}",
                        routine.id,
                        i + 1,
                        step.title
                    ));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} mismatches:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn no_bundled_text_promises_a_voice_or_makes_a_claim() {
    let (catalogue, _) = Catalogue::builtin();
    let mut problems = Vec::new();
    for routine in catalogue.routines() {
        let mut texts = vec![routine.title.clone(), routine.summary.clone()];
        for top in &routine.steps {
            for step in versions(top) {
                texts.push(step.title.clone());
                texts.push(step.instruction.clone());
            }
        }
        for text in texts {
            let lower = text.to_lowercase();
            for promise in [
                "voice",
                "spoken",
                "speak",
                "narrat",
                "count for you",
                "talk you",
            ] {
                if lower.contains(promise) {
                    problems.push(format!("{}: \"{promise}\" in: {text}", routine.id));
                }
            }
            for claim in user_claims(&text) {
                problems.push(format!("{}: {claim} in: {text}", routine.id));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_dark_stretch_says_first_what_the_chime_means() {
    let (catalogue, _) = Catalogue::builtin();
    let mut problems = Vec::new();
    for routine in catalogue.routines() {
        for number in unexplained_screen_off(routine) {
            problems.push(format!(
                "{} step {number} \"{}\"",
                routine.id,
                routine.steps[number - 1].title
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "screen-off stretches that never say what the chime means:\n{}",
        problems.join("\n")
    );
}
