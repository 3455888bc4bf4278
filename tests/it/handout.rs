//! The printable handout: for every bundled routine, the PDF holds every step's title (read
//! back with poppler's `pdftotext`, as a person's viewer would), one figure for each step
//! the player shows a figure for (every hands-on step has one), and the changes the user's
//! answers make; `lull handout` writes it.

#![expect(clippy::unwrap_used, reason = "test helpers")]

use std::path::Path;
use std::process::Command;

use lull::catalogue::Catalogue;
use lull::domain::safety::{Verdict, evaluate, parse_answers};
use lull::ui::print::handout_pdf;
use lull::ui::widgets::figure::figure_for;

/// The words of a PDF, as `pdftotext` reads them, with every run of whitespace one space.
fn words_of(pdf: &[u8], dir: &Path) -> String {
    let file = dir.join("handout.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext (poppler-utils, installed by make test): {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    squash(&String::from_utf8_lossy(&out.stdout))
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn pages_of(pdf: &[u8], dir: &Path) -> usize {
    let file = dir.join("pages.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = Command::new("pdfinfo").arg(&file).output().unwrap();
    let info = String::from_utf8_lossy(&out.stdout).into_owned();
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap()
}

#[test]
fn every_routine_prints_every_step_and_a_figure_for_each_step_on_the_body() {
    let dir = tempfile::tempdir().unwrap();
    let answers = parse_answers("answers.toml", "[headache]\nanswers = []\n").unwrap();
    let (catalogue, _) = Catalogue::builtin();
    let mut pages = Vec::new();
    for routine in catalogue.routines() {
        let (Verdict::Allowed(safe) | Verdict::Adapted(safe)) = evaluate(routine, &answers) else {
            panic!("{} is not available with no conditions", routine.id);
        };
        let pdf = handout_pdf(&safe, &routine.sources);
        assert!(pdf.starts_with(b"%PDF-"));
        let words = words_of(&pdf, dir.path());
        assert!(words.contains(&squash(safe.title())), "{}", routine.id);
        for (n, s) in safe.steps().iter().enumerate() {
            let heading = squash(&format!("{}. {}", n + 1, s.step.title));
            assert!(words.contains(&heading), "{}: no \"{heading}\"", routine.id);
            if s.step.is_touch() {
                assert!(
                    figure_for(&s.step.tags).is_some(),
                    "{}: hands-on step {heading} has no figure",
                    routine.id
                );
            }
        }
        let figures = safe
            .steps()
            .iter()
            .filter(|s| figure_for(&s.step.tags).is_some())
            .count();
        let marked = pdf
            .windows(b"/Figure <<".len())
            .filter(|w| w == b"/Figure <<")
            .count();
        assert_eq!(marked, figures, "{}: figures in the PDF", routine.id);
        assert!(words.contains("Sources"), "{}", routine.id);
        pages.push((routine.id.to_string(), pages_of(&pdf, dir.path())));
    }
    // One or two pages for most; none runs past three.
    assert!(pages.iter().all(|(_, n)| *n <= 3), "{pages:?}");
    let short = pages.iter().filter(|(_, n)| *n <= 2).count();
    assert!(short * 4 >= pages.len() * 3, "{pages:?}");
}

fn lull(args: &[&str], home: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lull"))
        .args(args)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_CACHE_HOME", home.join(".cache"))
        .env("HOME", home)
        .output()
        .unwrap()
}

#[test]
fn lull_handout_writes_what_the_answers_allow_and_says_what_changed() {
    let home = tempfile::tempdir().unwrap();
    let answers = home.path().join("answers.toml");
    // Pregnancy: the points said to be avoided then (LI4, SP6, GB21) are left out or softened.
    std::fs::write(
        &answers,
        "conditions = [\"pregnancy\"]\npregnancy_weeks = 20\n[headache]\nanswers = []\n",
    )
    .unwrap();
    let pdf = home.path().join("acupressure.pdf");
    let out = lull(
        &[
            "handout",
            "headache-acupressure",
            "--out",
            pdf.to_str().unwrap(),
            "--answers",
            answers.to_str().unwrap(),
        ],
        home.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("adapted:"), "{stderr}");
    let bytes = std::fs::read(&pdf).unwrap();
    let words = words_of(&bytes, home.path());
    assert!(words.contains("this routine is changed for you"), "{words}");
    // The thumb-web point (LI4) is swapped for palm circles: only the gentler step is printed.
    assert!(words.contains("Left palm circles"), "{words}");
    assert!(
        (1..20).all(|n| !words.contains(&format!("{n}. Left hand, thumb web"))),
        "a step pregnancy excludes is printed: {words}"
    );
    // No saved answers and none given: nothing is written.
    let none = home.path().join("none.pdf");
    let out = lull(
        &["handout", "desk-reset", "--out", none.to_str().unwrap()],
        home.path(),
    );
    assert!(!out.status.success());
    assert!(!none.exists());
}
