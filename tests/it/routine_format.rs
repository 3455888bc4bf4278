//! The routine loader: exact error positions, the documented example, the bundled catalogue,
//! and that no input of any kind makes it panic.

use lull::catalogue::{BUILTIN_ROUTINES, Catalogue};
use lull::domain::routine::{MAX_FILE_BYTES, Origin, Position, parse_routine};
use lull::domain::tag::Tag;
use lull::domain::vocabulary::Program;
use lull::domain::wellness::forbidden_claims;
use proptest::prelude::*;

fn errors(text: &str) -> Vec<String> {
    match parse_routine("neck.toml", text.as_bytes(), Origin::Builtin) {
        Ok(_) => Vec::new(),
        Err(e) => e.0.iter().map(ToString::to_string).collect(),
    }
}

const HEADER: &str = "id = \"neck\"\ntitle = \"Neck\"\nprogram = \"headache\"\nsummary = \"S.\"\nposition = \"seated\"\nsources = []\n";

#[test]
fn the_documented_example_is_valid() {
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/routine-format.md"
    ))
    .unwrap();
    let after = doc.split("## A complete example").nth(1).unwrap();
    let toml = after
        .split("```toml\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let routine = parse_routine("example.toml", toml.as_bytes(), Origin::Builtin).unwrap();
    assert_eq!(routine.id, "evening-hands");
    assert_eq!(routine.steps.len(), 5);
    // 20 + 60 + 60 + 10 × 11 + 4 × 16
    assert_eq!(routine.duration().as_secs(), 20 + 60 + 60 + 110 + 64);
}

#[test]
fn errors_name_file_line_column_step_and_field() {
    let text = format!(
        "{HEADER}\n[[steps]]\ntitle = \"Settle\"\ninstruction = \"Sit.\"\nduration_secs = 20\nkind = \"prepare\"\ntags = []\n\n[[steps]]\ntitle = \"Rub\"\ninstruction = \"Rub.\"\nduration_secs = 20\nkind = \"prepare\"\ntags = []\n\n[[steps]]\ntitle = \"Temple circles\"\ninstruction = \"Circle.\"\nduration_secs = 0\nkind = \"massage\"\ntags = [\"massage\", \"area:temples\"]\n"
    );
    let line = text.lines().position(|l| l == "duration_secs = 0").unwrap() + 1;
    assert_eq!(
        errors(&text),
        [format!(
            "neck.toml:{line}:1: step 3 \"Temple circles\": duration_secs must be 5..=3600, got 0"
        )]
    );
}

#[test]
fn every_error_is_reported_not_just_the_first() {
    let text = format!(
        "{HEADER}ambience = \"Rain!\"\n\n[[steps]]\ntitle = \"\"\ninstruction = \"One. Two. Three. Four. Five.\"\nbreathing = {{ pattern = \"box\", cycles = 2 }}\nkind = \"breathing\"\ntags = [\"paced-breathing\", \"area:throat\"]\nside = \"middle\"\n"
    );
    let errs = errors(&text);
    let joined = errs.join("\n");
    for expected in [
        "ambience must be a preset id",
        "title must not be empty",
        "instruction must be 1 to 4 sentences, got 5",
        "unknown tag \"area:throat\"",
        "side must be one of left, right, both, got \"middle\"",
        "pattern \"box\" holds the breath, so the step must carry \"breath-hold\"",
    ] {
        assert!(
            joined.contains(expected),
            "missing {expected:?} in:\n{joined}"
        );
    }
    assert!(errs.iter().all(|e| e.starts_with("neck.toml:")));
}

#[test]
fn tags_must_tell_the_truth() {
    let step = |kind: &str, tags: &str| {
        format!(
            "{HEADER}\n[[steps]]\ntitle = \"T\"\ninstruction = \"Do.\"\nduration_secs = 30\nkind = \"{kind}\"\ntags = [{tags}]\n"
        )
    };
    assert!(
        errors(&step("massage", ""))
            .join(" ")
            .contains("must carry the tag \"massage\"")
    );
    assert!(
        errors(&step("massage", "\"massage\""))
            .join(" ")
            .contains("must name the area")
    );
    assert!(
        errors(&step("rest", "\"area:hands\""))
            .join(" ")
            .contains("need the tag \"massage\"")
    );
    assert!(
        errors(&step("rest", "\"pressure-light\""))
            .join(" ")
            .contains("pressure and acupoint tags need the tag \"massage\"")
    );
    // An area is also where a warm or cold pack rests.
    assert!(errors(&step("prepare", "\"cold\", \"area:forehead\"")).is_empty());
    assert!(errors(&step("rest", "\"heat\", \"area:jaw\"")).is_empty());
    assert!(
        errors(&step("rest", "\"breath-hold-long\""))
            .join(" ")
            .contains("also needs \"breath-hold\"")
    );
    assert!(
        errors(&step(
            "massage",
            "\"massage\", \"area:hands\", \"pressure-light\""
        ))
        .is_empty()
    );
}

#[test]
fn a_massage_step_carries_exactly_one_pressure_tag() {
    // Issue 9.2: an untagged "knead as hard as you can" used to pass as light pressure.
    let step = |tags: &str| {
        format!(
            "{HEADER}\n[[steps]]\ntitle = \"Calf kneading\"\ninstruction = \"Knead your calf.\"\nduration_secs = 30\nkind = \"massage\"\ntags = [{tags}]\n"
        )
    };
    let none = step("\"massage\", \"area:calves\"");
    let line = none.lines().position(|l| l.starts_with("tags =")).unwrap() + 1;
    assert_eq!(
        errors(&none),
        [format!(
            "neck.toml:{line}:1: step 1 \"Calf kneading\": tags: a massage step must carry exactly one pressure tag (pressure-light, pressure-moderate or pressure-points), got none; the safety rules for firm pressure depend on it"
        )]
    );
    let two = errors(&step(
        "\"massage\", \"area:calves\", \"pressure-light\", \"pressure-points\"",
    ));
    assert!(
        two.join(" ")
            .contains("exactly one pressure tag (pressure-light, pressure-moderate or pressure-points), got pressure-light, pressure-points"),
        "{two:?}"
    );
    assert!(errors(&step("\"massage\", \"area:calves\", \"pressure-moderate\"")).is_empty());
}

#[test]
fn breathing_faster_than_ten_breaths_a_minute_is_refused() {
    // Issue 9.3: 1 s in / 1 s out for 900 cycles used to play, even with asthma or panic.
    let with = |pattern: &str, cycles: u32| {
        format!(
            "{HEADER}\n[patterns.fast]\n{pattern}\n\n[[steps]]\ntitle = \"B\"\ninstruction = \"Breathe.\"\nbreathing = {{ pattern = \"fast\", cycles = {cycles} }}\nkind = \"breathing\"\ntags = [\"paced-breathing\"]\n"
        )
    };
    let fast = errors(&with("inhale = 1\nexhale = 1", 900));
    assert!(
        fast.join(" ").contains(
            "patterns.fast.inhale + top_up + exhale must be at least 6 seconds (at most 10 breaths a minute: no rapid breathing), got 2"
        ),
        "{fast:?}"
    );
    assert!(
        fast[0].starts_with("neck.toml:9:1: patterns.fast.inhale + top_up"),
        "{fast:?}"
    );
    // A refused pattern is reported once, not again as "not declared" by the steps using it.
    assert_eq!(fast.len(), 1, "{fast:?}");
    // Holds do not make fast breathing slow: its hold-free version would be rapid.
    let held = format!(
        "{HEADER}\n[patterns.fast]\ninhale = 1\nhold_in = 4\nexhale = 1\nhold_out = 4\n\n[[steps]]\ntitle = \"B\"\ninstruction = \"Breathe.\"\nbreathing = {{ pattern = \"fast\", cycles = 10 }}\nkind = \"breathing\"\ntags = [\"breath-hold\"]\n"
    );
    assert!(errors(&held).join(" ").contains("at least 6 seconds"));
    // A 30 s "top-up" is a held breath in disguise.
    let top_up = errors(&with("inhale = 2\ntop_up = 30\nexhale = 6", 5));
    assert!(
        top_up.join(" ").contains(
            "patterns.fast.top_up is a short second sniff in and must be 0..=2 seconds, got 30"
        ),
        "{top_up:?}"
    );
    assert!(errors(&with("inhale = 2\ntop_up = 1\nexhale = 6", 5)).is_empty());
    assert!(errors(&with("inhale = 3\nexhale = 3", 10)).is_empty());
}

#[test]
fn a_timed_step_with_a_breath_hold_needs_a_hold_free_substitute() {
    let step = |tags: &str, substitute: &str| {
        format!(
            "{HEADER}\n[[steps]]\ntitle = \"Hold it\"\ninstruction = \"Breathe in and hold.\"\nduration_secs = 30\nkind = \"breathing\"\ntags = [{tags}]\ncore = true\n{substitute}"
        )
    };
    let text = step("\"breath-hold\"", "");
    let line = text.lines().position(|l| l.starts_with("tags =")).unwrap() + 1;
    let e = errors(&text);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].starts_with(&format!(
            "neck.toml:{line}:1: step 1 \"Hold it\": tags: a step with \"breath-hold\" but no breathing"
        )),
        "{e:?}"
    );
    assert!(!errors(&step("\"breath-hold\", \"breath-hold-long\"", "")).is_empty());
    let holding_sub = "\n  [steps.substitute]\n  title = \"Still holding\"\n  instruction = \"Hold.\"\n  duration_secs = 30\n  kind = \"breathing\"\n  tags = [\"breath-hold\"]\n";
    assert!(
        errors(&step("\"breath-hold\"", holding_sub))
            .join("\n")
            .contains("needs a substitute without")
    );
    let free_sub = "\n  [steps.substitute]\n  title = \"Easy breaths\"\n  instruction = \"Breathe easily.\"\n  duration_secs = 30\n  kind = \"breathing\"\n  tags = [\"paced-breathing\"]\n";
    assert_eq!(
        errors(&step("\"breath-hold\"", free_sub)),
        Vec::<String>::new()
    );
}

#[test]
fn sources_are_required_but_may_be_empty() {
    let without = HEADER.replace("sources = []\n", "");
    let text = format!(
        "{without}\n[[steps]]\ntitle = \"Rest\"\ninstruction = \"Rest.\"\nduration_secs = 30\nkind = \"rest\"\ntags = []\n"
    );
    let e = errors(&text);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].contains("missing field `sources`"), "{e:?}");
    assert!(!e[0].contains("step "), "not inside a step: {e:?}");
    let with = text.replace(
        "position = \"seated\"\n",
        "position = \"seated\"\nsources = []\n",
    );
    assert_eq!(errors(&with), Vec::<String>::new());
}

#[test]
fn limits_are_enforced() {
    let long = "x".repeat(1_001);
    let text = format!(
        "{HEADER}\n[[steps]]\ntitle = \"T\"\ninstruction = \"{long}\"\nduration_secs = 3601\nkind = \"rest\"\ntags = []\n"
    );
    let joined = errors(&text).join("\n");
    assert!(
        joined.contains("instruction must be at most 1000 characters, got 1001"),
        "{joined}"
    );
    assert!(
        joined.contains("duration_secs must be 5..=3600, got 3601"),
        "{joined}"
    );

    let mut many = HEADER.to_owned();
    for _ in 0..201 {
        many.push_str("\n[[steps]]\ntitle = \"T\"\ninstruction = \"Rest.\"\nduration_secs = 60\nkind = \"rest\"\ntags = []\n");
    }
    let joined = errors(&many).join("\n");
    assert!(
        joined.contains("steps must be at most 200, got 201"),
        "{joined}"
    );
    assert!(joined.contains("at most 180 minutes in all"), "{joined}");

    let huge = vec![b'#'; MAX_FILE_BYTES + 1];
    let e = parse_routine("big.toml", &huge, Origin::Builtin).unwrap_err();
    assert!(e.to_string().contains("at most 262144 bytes"));
}

#[test]
fn type_missing_and_unknown_field_errors_name_the_step_and_field() {
    let steps = |third: &str| {
        format!(
            "{HEADER}\n[[steps]]\ntitle = \"Settle\"\ninstruction = \"Sit.\"\nduration_secs = 20\nkind = \"prepare\"\ntags = []\n\n[[steps]]\ntitle = \"Rub\"\ninstruction = \"Rub.\"\nduration_secs = 20\nkind = \"prepare\"\ntags = []\n\n[[steps]]\ntitle = \"Temple circles\"\ninstruction = \"Circle.\"\nkind = \"rest\"\n{third}"
        )
    };
    let line_of =
        |text: &str, start: &str| text.lines().position(|l| l.starts_with(start)).unwrap() + 1;

    let text = steps("duration_secs = \"ten\"\ntags = []\n");
    let e = errors(&text);
    let line = line_of(&text, "duration_secs = \"ten\"");
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].starts_with(&format!(
            "neck.toml:{line}:1: step 3 \"Temple circles\": duration_secs: invalid type: string \"ten\""
        )),
        "{e:?}"
    );

    let text = steps("duration_secs = 20\ntags = []\ncolour = \"blue\"\n");
    let e = errors(&text);
    assert!(
        e[0].contains(": step 3 \"Temple circles\": colour: unknown field `colour`"),
        "{e:?}"
    );
    assert!(
        e[0].starts_with(&format!("neck.toml:{}:", line_of(&text, "colour"))),
        "{e:?}"
    );

    let text = steps("duration_secs = 20\n");
    let e = errors(&text);
    assert!(
        e[0].contains(": step 3 \"Temple circles\": tags: missing field `tags`"),
        "{e:?}"
    );

    // In a substitute, the error says so.
    let text = steps(
        "duration_secs = 20\ntags = []\n\n  [steps.substitute]\n  title = \"Soft\"\n  instruction = \"Rest.\"\n  duration_secs = true\n  kind = \"rest\"\n  tags = []\n",
    );
    let e = errors(&text);
    assert!(
        e[0].contains(": step 3 \"Temple circles\" substitute: duration_secs: invalid type"),
        "{e:?}"
    );

    // Outside the steps nothing is invented.
    let e = errors(&format!("{HEADER}colour = \"blue\"\n[[steps]]\n"));
    assert!(
        e[0].starts_with("neck.toml:7:1: colour: unknown field `colour`"),
        "{e:?}"
    );
}

#[test]
fn syntax_and_encoding_errors_have_positions() {
    let e = errors(&format!("{HEADER}\n[[steps]\n"));
    assert_eq!(e.len(), 1);
    assert!(e[0].starts_with("neck.toml:8:"), "{e:?}");
    let bad = b"id = \"a\"\ntitle = \"\xff\"\n";
    let e = parse_routine("enc.toml", bad, Origin::Builtin)
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("enc.toml:2:10: file is not valid UTF-8"),
        "{e}"
    );
    let e = errors(&format!("{HEADER}colour = \"blue\"\n[[steps]]\n"));
    assert!(e[0].contains("unknown field `colour`"), "{e:?}");
    assert_eq!(Position::of_offset("", 0), Position { line: 1, column: 1 });
}

#[test]
fn custom_patterns_are_checked() {
    let with = |pattern: &str| {
        format!(
            "{HEADER}\n[patterns.mine]\n{pattern}\n\n[[steps]]\ntitle = \"B\"\ninstruction = \"Breathe.\"\nbreathing = {{ pattern = \"mine\", cycles = 3 }}\nkind = \"breathing\"\ntags = [\"paced-breathing\"]\n"
        )
    };
    assert!(errors(&with("inhale = 4.5\nexhale = 6.5")).is_empty());
    assert!(
        errors(&with("inhale = 4.2\nexhale = 6"))
            .join(" ")
            .contains("steps of 0.5")
    );
    assert!(
        errors(&with("inhale = 0.5\nexhale = 6"))
            .join(" ")
            .contains("inhale must be 1..=30")
    );
    assert!(
        errors(&with("inhale = 4\nexhale = 40"))
            .join(" ")
            .contains("exhale")
    );
    // Every phase problem is reported, not only the first.
    let all = errors(&with(
        "inhale = 0.5\nhold_in = 4.2\nexhale = 40\nhold_out = 31",
    ));
    let joined = all.join("\n");
    let phase_errors = all.iter().filter(|e| e.contains("patterns.mine.")).count();
    assert_eq!(phase_errors, 4, "{joined}");
    for expected in [
        "patterns.mine.inhale must be 1..=30 seconds, got 0.5",
        "patterns.mine.hold_in must be 0..=30 seconds in steps of 0.5, got 4.2",
        "patterns.mine.exhale must be 1..=30 seconds, got 40",
        "patterns.mine.hold_out must be 0..=30 seconds, got 31",
    ] {
        assert!(
            joined.contains(expected),
            "missing {expected:?} in:\n{joined}"
        );
    }
}

#[test]
fn the_bundled_catalogue_meets_the_brief() {
    let (catalogue, problems) = Catalogue::builtin();
    assert!(problems.is_empty(), "{problems:#?}");
    let routines = catalogue.routines();
    assert!(routines.len() >= 19, "{}", routines.len());
    let count = |p| routines.iter().filter(|r| r.program == p).count();
    assert!(count(Program::Headache) >= 5);
    assert!(count(Program::Stress) >= 7);
    assert!(count(Program::Sleep) >= 7);
    for r in routines {
        let mins = r.duration().as_secs_f64() / 60.0;
        assert!((3.0..=25.0).contains(&mins), "{}: {mins} min", r.id);
        assert!(!r.sources.is_empty(), "{}: no sources", r.id);
        assert!(r.ambience.is_some(), "{}: no ambience", r.id);
    }
}

#[test]
fn bundled_ids_match_their_file_names() {
    for (name, bytes) in BUILTIN_ROUTINES {
        let routine = parse_routine(name, bytes, Origin::Builtin).unwrap();
        let stem = name.rsplit('/').next().unwrap().trim_end_matches(".toml");
        assert_eq!(routine.id, stem, "{name}");
        let folder = name.split('/').next().unwrap();
        assert_eq!(
            routine.program.as_str(),
            folder,
            "{name} is in the wrong folder"
        );
    }
}

#[test]
fn copy_stays_in_the_wellness_lane() {
    let (catalogue, _) = Catalogue::builtin();
    let mut found = Vec::new();
    for r in catalogue.routines() {
        let mut texts = vec![r.title.clone(), r.summary.clone()];
        for s in &r.steps {
            let mut step = Some(s);
            while let Some(st) = step {
                texts.push(st.title.clone());
                texts.push(st.instruction.clone());
                step = st.substitute.as_deref();
            }
        }
        for t in texts {
            let claims = forbidden_claims(&t);
            if !claims.is_empty() {
                found.push(format!("{}: {claims:?} in {t:?}", r.id));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn neck_steps_carry_a_stop_rule_and_nothing_touches_the_front_of_the_neck() {
    let (catalogue, _) = Catalogue::builtin();
    for r in catalogue.routines() {
        for s in &r.steps {
            let text = s.instruction.to_lowercase();
            if s.is_touch() {
                assert!(
                    !text.contains("throat") && !text.contains("front of your neck"),
                    "{}: {}",
                    r.id,
                    s.title
                );
            }
            if s.has(Tag::Area(lull::domain::tag::Area::NeckBack)) && s.is_touch() {
                assert!(
                    text.contains("stop"),
                    "{}: neck step \"{}\" has no stop rule",
                    r.id,
                    s.title
                );
            }
        }
        let first = r.steps[0].instruction.to_lowercase();
        assert!(
            first.contains("stop"),
            "{}: the first step must remind you to stop if anything hurts",
            r.id
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2_000)) {
        let _ = parse_routine("fuzz.toml", &bytes, Origin::Builtin);
    }

    #[test]
    fn mutated_routines_never_panic(index in 0..BUILTIN_ROUTINES.len(), cuts in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6)) {
        let mut bytes = BUILTIN_ROUTINES[index].1.to_vec();
        for (at, byte) in cuts {
            let i = at.index(bytes.len());
            match byte % 3 {
                0 => bytes[i] = byte,
                1 => { bytes.remove(i); }
                _ => bytes.insert(i, byte),
            }
        }
        if let Err(e) = parse_routine("m.toml", &bytes, Origin::Builtin) {
            prop_assert!(!e.0.is_empty());
            for err in e.0 {
                prop_assert!(err.position.line >= 1 && err.position.column >= 1);
            }
        }
    }

    #[test]
    fn mutated_text_fields_never_panic(text in "\\PC{0,300}", field in 0usize..4) {
        let keys = ["title", "instruction", "kind", "tags"];
        let value = if keys[field] == "tags" { format!("[{text:?}]") } else { format!("{text:?}") };
        let doc = format!("{HEADER}\n[[steps]]\n{} = {value}\ninstruction = \"x\"\nduration_secs = 10\n", keys[field]);
        let _ = parse_routine("t.toml", doc.as_bytes(), Origin::Builtin);
    }
}

#[test]
fn every_bundled_routine_survives_the_editor_load_save_load() {
    use lull::domain::routine::Draft;
    for (name, bytes) in BUILTIN_ROUTINES {
        let text = std::str::from_utf8(bytes).unwrap();
        let routine = parse_routine(name, bytes, Origin::Builtin).unwrap();
        let draft = Draft::of(&routine);
        // Unchanged, the file is written back byte for byte, comments and all.
        assert_eq!(draft.to_toml_over(text), text, "{name}");
        // Written fresh, it loads as the same routine.
        let fresh = draft.to_toml();
        let again = parse_routine(name, fresh.as_bytes(), Origin::Builtin)
            .unwrap_or_else(|e| panic!("{name}: {e}\n{fresh}"));
        assert_eq!(again, routine, "{name}");
        // The editor's settling changes nothing in a routine that already tells the truth.
        let mut settled = draft.clone();
        settled.settle();
        assert_eq!(settled, draft, "{name}");
    }
}
