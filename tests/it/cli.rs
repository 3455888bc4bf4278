//! The `lull` command line, run as a user would run it.

#![expect(clippy::unwrap_used, clippy::expect_used, reason = "test helpers")]

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn lull(args: &[&str], data_home: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lull"))
        .args(args)
        .env("XDG_DATA_HOME", data_home.join("data"))
        .env("XDG_CONFIG_HOME", data_home.join("config"))
        .env("XDG_CACHE_HOME", data_home.join(".cache"))
        .env("HOME", data_home)
        .output()
        .expect("run lull")
}

fn json(output: &Output) -> Value {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("valid JSON")
}

#[test]
fn list_json_has_the_whole_catalogue() {
    let home = tempfile::tempdir().unwrap();
    let list = json(&lull(&["list", "--json"], home.path()));
    let items = list.as_array().unwrap();
    assert!(items.len() >= 19);
    for item in items {
        for key in ["id", "title", "program", "duration_secs", "step_count"] {
            assert!(item.get(key).is_some(), "{key} missing in {item}");
        }
    }
    let sleep = json(&lull(
        &["list", "--program", "sleep", "--json"],
        home.path(),
    ));
    assert!(
        sleep
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["program"] == "sleep")
    );
    let text = lull(&["list"], home.path());
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("Sleep wind-down") && text.contains("temple-scalp-reset"));
}

#[test]
fn show_json_computes_breathing_durations() {
    let home = tempfile::tempdir().unwrap();
    let shown = json(&lull(&["show", "box-breathing", "--json"], home.path()));
    assert_eq!(shown["id"], "box-breathing");
    let steps = shown["steps"].as_array().unwrap();
    let total: f64 = steps
        .iter()
        .map(|s| s["duration_secs"].as_f64().unwrap())
        .sum();
    assert_eq!(total, shown["duration_secs"].as_f64().unwrap());
    assert!(steps.iter().any(|s| {
        s["kind"] == "breathing"
            && s["tags"]
                .as_array()
                .unwrap()
                .contains(&Value::from("breath-hold"))
    }));
    let missing = lull(&["show", "no-such-routine"], home.path());
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no routine with id"));
}

#[test]
fn check_prints_every_error_and_exits_1() {
    let home = tempfile::tempdir().unwrap();
    let bad = home.path().join("neck.toml");
    std::fs::write(
        &bad,
        "id = \"neck\"\ntitle = \"Neck\"\nprogram = \"headache\"\nsummary = \"S.\"\nposition = \"seated\"\nsources = []\n\n[[steps]]\ntitle = \"Temple circles\"\ninstruction = \"Circle.\"\nduration_secs = 0\nkind = \"massage\"\ntags = [\"massage\", \"area:neck-front\"]\n",
    )
    .unwrap();
    let good =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/routines/stress/hand-massage.toml");
    let out = lull(
        &["check", bad.to_str().unwrap(), good.to_str().unwrap()],
        home.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(
            "neck.toml:11:1: step 1 \"Temple circles\": duration_secs must be 5..=3600, got 0"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "neck.toml:13:20: step 1 \"Temple circles\": tags: unknown tag \"area:neck-front\""
        ),
        "{stderr}"
    );
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("hand-massage.toml: ok")
    );
    let ok = lull(&["check", good.to_str().unwrap()], home.path());
    assert_eq!(ok.status.code(), Some(0));
}

#[test]
fn check_warns_about_untagged_words_and_claims_but_passes() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("mine.toml");
    std::fs::write(
        &file,
        "id = \"mine\"\ntitle = \"Mine\"\nprogram = \"headache\"\nsummary = \"Cures migraines and reduces pain by 50%.\"\nposition = \"seated\"\nsources = []\n\n[[steps]]\ntitle = \"Forehead smoothing\"\ninstruction = \"Glide your fingertips out to your temples.\"\nduration_secs = 30\nkind = \"massage\"\ntags = [\"massage\", \"area:forehead\", \"pressure-light\"]\n\n  [steps.substitute]\n  title = \"Rest\"\n  instruction = \"Lie on your back.\"\n  duration_secs = 30\n  kind = \"rest\"\n  tags = []\n",
    )
    .unwrap();
    let out = lull(&["check", file.to_str().unwrap()], home.path());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("mine.toml: ok")
    );
    for expected in [
        "mine.toml:4:1: warning: summary: says \"cures\": a health claim",
        "mine.toml:4:1: warning: summary: says \"50%\": a figure about pain or illness",
        "mine.toml:10:1: warning: step 1 \"Forehead smoothing\": says \"temples\" but is not tagged area:temples",
        "mine.toml:17:3: warning: step 1 \"Forehead smoothing\" (substitute): says \"on your back\" but is not tagged lying-down",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in:\n{stderr}"
        );
    }
    // The bundled routines have none.
    let good = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/routines/sleep/pmr-full.toml");
    let out = lull(&["check", good.to_str().unwrap()], home.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn user_routines_load_and_bad_ones_are_reported() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("data/lull/routines");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("mine.toml"),
        "id = \"my-calm\"\ntitle = \"My calm\"\nprogram = \"stress\"\nsummary = \"Mine.\"\nposition = \"any\"\nsources = []\n\n[[steps]]\ntitle = \"Breathe\"\ninstruction = \"Breathe slowly.\"\nbreathing = { pattern = \"resonance-5-5\", cycles = 6 }\nkind = \"breathing\"\ntags = [\"paced-breathing\"]\n",
    )
    .unwrap();
    std::fs::write(dir.join("broken.toml"), "id = ").unwrap();
    let out = lull(&["list", "--json"], home.path());
    let list = json(&out);
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == "my-calm")
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("broken.toml:1:"));
}

fn write_answers(home: &Path, text: &str) -> String {
    let path = home.join("answers.toml");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn check_names_a_too_large_or_missing_file_once() {
    let home = tempfile::tempdir().unwrap();
    let huge = home.path().join("huge.toml");
    std::fs::write(&huge, vec![b'#'; 300 * 1024]).unwrap();
    let huge = huge.to_str().unwrap();
    let out = lull(&["check", huge], home.path());
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.matches(huge).count(), 1, "{stderr}");
    assert!(
        stderr.starts_with(&format!("{huge}:1:1: file must be at most 262144 bytes")),
        "{stderr}"
    );
    let missing = home.path().join("missing.toml");
    let missing = missing.to_str().unwrap();
    let out = lull(&["check", missing], home.path());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.matches(missing).count(), 1, "{stderr}");
}

#[test]
fn a_failed_write_is_one_line_naming_the_file_and_its_cause_once() {
    let home = tempfile::tempdir().unwrap();
    let answers = write_answers(home.path(), "conditions = []\n");
    let out = home.path().join("no such folder").join("night.wav");
    let out = out.to_str().unwrap();
    let run = lull(
        &[
            "export",
            "box-breathing",
            "--no-voice",
            "--answers",
            &answers,
            "--out",
            out,
        ],
        home.path(),
    );
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8(run.stderr).unwrap();
    let line = stderr.lines().last().unwrap();
    assert!(
        line.starts_with("error: cannot create a file in "),
        "{stderr}"
    );
    assert!(line.contains("no such folder"), "{stderr}");
    assert_eq!(
        line.matches("No such file or directory").count(),
        1,
        "{stderr}"
    );
}

#[test]
fn screen_json_honours_the_answers() {
    let home = tempfile::tempdir().unwrap();
    let answers = write_answers(
        home.path(),
        "conditions = [\"blood-clot\", \"pregnancy\"]\npregnancy_weeks = 24\n",
    );
    let screen = json(&lull(
        &["screen", "--answers", &answers, "--json"],
        home.path(),
    ));
    let items = screen.as_array().unwrap();
    assert!(items.len() >= 19);
    for item in items {
        let status = item["status"].as_str().unwrap();
        assert!(["allowed", "adapted", "needs-clinician", "blocked"].contains(&status));
        for step in item["steps"].as_array().unwrap() {
            let tags: Vec<&str> = step["tags"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_str().unwrap())
                .collect();
            assert!(
                !tags.contains(&"massage"),
                "{}: massage reached a blood-clot user",
                item["id"]
            );
            assert!(
                !tags.contains(&"lying-down"),
                "{}: on the back at 24 weeks",
                item["id"]
            );
        }
    }
    let hand = items.iter().find(|i| i["id"] == "hand-massage").unwrap();
    assert_eq!(hand["status"], "blocked");
    assert!(hand["reason"].as_str().unwrap().contains("Blood clot"));
    let calm = items
        .iter()
        .find(|i| i["id"] == "breathing-only-calm")
        .unwrap();
    assert_eq!(calm["status"], "allowed");
}

#[test]
fn screen_tells_someone_with_calf_pain_to_get_advice_today() {
    let home = tempfile::tempdir().unwrap();
    let answers = write_answers(home.path(), "conditions = [\"calf-pain-swelling-now\"]\n");
    let out = lull(&["screen", "--answers", &answers], home.path());
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let hand = stdout
        .lines()
        .skip_while(|l| !l.contains("hand-massage"))
        .nth(1)
        .unwrap();
    assert!(hand.contains("please get medical advice today"), "{stdout}");
}

#[test]
fn screen_rejects_unknown_ids_with_a_position() {
    let home = tempfile::tempdir().unwrap();
    let answers = write_answers(home.path(), "conditions = [\"blood-clot\", \"gout\"]\n");
    let out = lull(&["screen", "--answers", &answers], home.path());
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("answers.toml:1:29: unknown condition \"gout\""),
        "{stderr}"
    );
}

#[test]
fn headache_check_reports_the_highest_tier() {
    let home = tempfile::tempdir().unwrap();
    let answers = write_answers(
        home.path(),
        "[headache]\nanswers = [\"pattern-changed\", \"fever-worsening\"]\n",
    );
    let result = json(&lull(
        &["headache-check", "--answers", &answers, "--json"],
        home.path(),
    ));
    assert_eq!(result["tier"], "urgent");
    assert_eq!(result["reasons"], serde_json::json!(["fever-worsening"]));
    let answers = write_answers(home.path(), "[headache]\nanswers = [\"thunderclap\"]\n");
    let text = lull(&["headache-check", "--answers", &answers], home.path());
    assert!(
        String::from_utf8(text.stdout)
            .unwrap()
            .starts_with("emergency:")
    );
    let answers = write_answers(home.path(), "[headache]\nanswers = []\n");
    let result = json(&lull(
        &["headache-check", "--answers", &answers, "--json"],
        home.path(),
    ));
    assert_eq!(result["tier"], "clear");
}

#[test]
fn headache_check_never_says_clear_for_questions_not_answered() {
    // Issue 9.4: a file without [headache] used to be reported "clear".
    let home = tempfile::tempdir().unwrap();
    let answers = write_answers(home.path(), "conditions = []\n");
    let out = lull(&["headache-check", "--answers", &answers], home.path());
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.starts_with("not answered"), "{stdout}");
    assert!(!stdout.contains("clear"), "{stdout}");
    let out = lull(
        &["headache-check", "--answers", &answers, "--json"],
        home.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    let value: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value["tier"], "not-answered");
}

/// Sets the emergency number as the app's Settings does.
fn set_emergency_number(home: &Path, number: &str) {
    let dir = home.join("config/lull");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("settings.toml"),
        format!("emergency_number = \"{number}\"\n"),
    )
    .unwrap();
}

#[test]
fn the_cli_emergency_text_is_the_apps_with_the_users_number() {
    // Issue 9.5: the CLI hard-coded "112 / 911 / 999" and left out what the app says.
    let home = tempfile::tempdir().unwrap();
    set_emergency_number(home.path(), "000");
    let answers = write_answers(home.path(), "[headache]\nanswers = [\"neuro-symptoms\"]\n");
    let text =
        String::from_utf8(lull(&["headache-check", "--answers", &answers], home.path()).stdout)
            .unwrap();
    assert!(text.starts_with("emergency:"), "{text}");
    assert!(text.contains("Please stop and call: 000"), "{text}");
    assert!(!text.contains("112 / 911 / 999"), "{text}");
    for step in lull::domain::safety::EMERGENCY_STEPS {
        assert!(text.contains(step), "missing {step:?} in {text}");
    }
    assert!(text.contains(lull::domain::safety::FAST_SIGNS), "{text}");
    // `screen` puts it before everything else.
    let screen =
        String::from_utf8(lull(&["screen", "--answers", &answers], home.path()).stdout).unwrap();
    assert!(screen.starts_with("EMERGENCY: "), "{screen}");
    assert!(screen.contains("Please stop and call: 000"), "{screen}");
}

#[test]
fn export_prints_the_advice_before_anything_else() {
    // Issue 9.4: with urgent headache answers or calf pain now, export printed only
    // "adapted:" lines.
    let home = tempfile::tempdir().unwrap();
    set_emergency_number(home.path(), "999");
    let answers = lull::domain::safety::ScreeningAnswers {
        conditions: [lull::domain::safety::Condition::CalfPainSwellingNow]
            .into_iter()
            .collect(),
        ..Default::default()
    };
    save_answers(home.path(), answers.clone());
    let out = home.path().join("sigh.wav");
    let done = lull(
        &[
            "export",
            "cyclic-sigh-reset",
            "--out",
            out.to_str().unwrap(),
        ],
        home.path(),
    );
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert!(done.status.success(), "{stderr}");
    assert!(
        stderr.starts_with("TODAY: A painful, swollen, warm or red calf needs checking: please get medical advice today."),
        "{stderr}"
    );
    // Today's urgent headache answers, kept by the app: they come first, and stand for the
    // day (head and neck massage stays off in exports too).
    let today = lull::clock::Calendar::today(&lull::clock::SystemCalendar);
    let mut record = lull::profile::safety_record::SafetyRecord::new(answers, today);
    record.set_headache_today(
        [lull::domain::safety::RedFlag::UnexplainedVomiting]
            .into_iter()
            .collect(),
        today,
    );
    std::fs::write(
        home.path().join("config/lull/safety.toml"),
        toml::to_string(&record).unwrap(),
    )
    .unwrap();
    let neck = home.path().join("neck.wav");
    let refused = lull(
        &[
            "export",
            "neck-shoulder-tension",
            "--out",
            neck.to_str().unwrap(),
        ],
        home.path(),
    );
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.starts_with("URGENT: Please get medical advice today."),
        "{stderr}"
    );
    assert!(stderr.contains("call 999."), "{stderr}");
    assert!(!neck.exists() || !refused.status.success());
    // With an answers file, `screen` shows the same advice first.
    let file = write_answers(
        home.path(),
        "conditions = [\"calf-pain-swelling-now\"]\n\n[headache]\nanswers = [\"pattern-changed\"]\n",
    );
    let screen =
        String::from_utf8(lull(&["screen", "--answers", &file], home.path()).stdout).unwrap();
    assert!(screen.starts_with("SEE A DOCTOR: "), "{screen}");
    let second = screen.lines().nth(1).unwrap_or_default();
    assert!(second.starts_with("TODAY: "), "{screen}");
}

#[test]
fn history_exports_json_and_a_csv_diary() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data/lull");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/history-v1.jsonl"),
        data.join("history.jsonl"),
    )
    .unwrap();
    let sessions = json(&lull(&["history", "--json"], home.path()));
    let sessions = sessions.as_array().unwrap();
    assert_eq!(sessions.len(), 2);
    assert_eq!(sessions[1]["after"], 3);
    let csv = String::from_utf8(lull(&["history", "--csv"], home.path()).stdout).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "date,time,duration_min,routine,program,completed,rating,before,after,adaptations,kind,painkiller,notes"
    );
    assert!(
        lines[1].starts_with("2026-11-26,22:00,4.0,Box breathing,stress,true,stress,7,4,"),
        "{}",
        lines[1]
    );
    let table = String::from_utf8(lull(&["history"], home.path()).stdout).unwrap();
    assert!(
        table.contains("Box breathing") && table.contains("7 -> 4"),
        "{table}"
    );
}

/// A headache routine's history line on `date` at 09:00 (Berlin), with a painkiller answer.
fn headache_line(date: &str, before: u8, painkiller: &str, notes: &str) -> String {
    let notes = if notes.is_empty() {
        String::new()
    } else {
        format!(",\"notes\":{}", serde_json::to_string(notes).unwrap())
    };
    format!(
        r#"{{"type":"session","v":1,"id":"{date}-temple","routine_id":"temple-scalp-reset","routine_title":"Quick temple and scalp reset","program":"headache","started_at":"{date}T09:00:00+02:00[Europe/Berlin]","planned_secs":300,"actual_secs":300,"completed":true,"rating_kind":"headache","before":{before},"after":2,"wind_down":false,"painkiller":"{painkiller}"{notes}}}"#
    )
}

#[test]
fn history_diary_writes_months_and_days_for_a_doctor_as_csv_or_pdf() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data/lull");
    std::fs::create_dir_all(&data).unwrap();
    // The old fixture (no diary answers) and fifteen days of simple painkillers in
    // September; a triptan on 1 October, with a note.
    let mut text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/history-v1.jsonl"),
    )
    .unwrap();
    for day in 1..=15 {
        text.push_str(&headache_line(
            &format!("2026-09-{day:02}"),
            6,
            "simple",
            "",
        ));
        text.push('\n');
    }
    text.push_str(&headache_line(
        "2026-10-01",
        8,
        "triptan",
        "woke with it, \"bad\"",
    ));
    text.push('\n');
    std::fs::write(data.join("history.jsonl"), text).unwrap();

    let target = home.path().join("diary.csv");
    let target_text = target.display().to_string();
    let written = lull(
        &[
            "history",
            "--diary",
            "--months",
            "3",
            "--to",
            "2026-11",
            "--out",
            &target_text,
        ],
        home.path(),
    );
    assert!(
        written.status.success(),
        "{}",
        String::from_utf8_lossy(&written.stderr)
    );
    assert!(written.stdout.is_empty());
    let csv = std::fs::read_to_string(&target).unwrap();
    let (months, days) = csv.split_once("\n\n").unwrap();
    let months: Vec<&str> = months.lines().collect();
    assert_eq!(
        months,
        [
            "month,headache_days,painkiller_days,simple_days,triptan_days,opioid_days,combination_days,headache_routines,pain_before_avg,pain_after_avg,talk_to_doctor",
            "2026-09,15,15,15,0,0,0,15,6.0,2.0,headache-days simple-painkillers",
            "2026-10,1,1,0,1,0,0,1,8.0,2.0,",
            // The box breathing and sleep sessions of November are not headache entries.
            "2026-11,0,0,0,0,0,0,0,,,",
        ]
    );
    let days: Vec<&str> = days.lines().collect();
    assert_eq!(days.len(), 1 + 16, "{csv}");
    assert_eq!(
        days[0],
        "date,headache,pain_before,pain_after,painkillers,routines,notes"
    );
    assert_eq!(
        days[16],
        "2026-10-01,yes,8,2,triptan,Quick temple and scalp reset,\"woke with it, \"\"bad\"\"\""
    );

    // Printed when no file is named; --months counts back from --to.
    let printed = lull(
        &["history", "--diary", "--months", "1", "--to", "2026-10"],
        home.path(),
    );
    let printed = String::from_utf8(printed.stdout).unwrap();
    assert!(
        printed
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("2026-10,1,1,0,1"),
        "{printed}"
    );
    assert_eq!(printed.lines().count(), 2 + 1 + 2, "{printed}");

    // A PDF for the doctor: the same months and days, read back as a person's viewer would.
    let pdf = home.path().join("diary.pdf");
    let written = lull(
        &[
            "history",
            "--diary",
            "--months",
            "3",
            "--to",
            "2026-11",
            "--out",
            &pdf.display().to_string(),
        ],
        home.path(),
    );
    assert!(
        written.status.success(),
        "{}",
        String::from_utf8_lossy(&written.stderr)
    );
    // -layout: line by line as printed, so a table reads row by row.
    let text = Command::new("pdftotext")
        .arg("-layout")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let words = String::from_utf8_lossy(&text.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for expected in [
        "Headache diary",
        "September 2026 to November 2026",
        "Your diary for September 2026: a headache on 15 days and simple painkillers on 15 days.",
        "2026-09-15 yes 6 2 simple",
        "2026-10-01 yes 8 2 triptan Quick temple and scalp reset",
        "Note: woke with it, \"bad\"",
    ] {
        assert!(words.contains(expected), "no \"{expected}\" in: {words}");
    }
    for wrong in [
        vec!["history", "--diary", "--months", "0"],
        vec!["history", "--diary", "--to", "2026-13"],
        vec!["history", "--diary", "--out", "diary.txt"],
        vec!["history", "--months", "2"],
    ] {
        let out = lull(&wrong, home.path());
        assert_eq!(out.status.code(), Some(2), "{wrong:?}");
    }
}

#[test]
fn schedule_set_show_and_remove() {
    let home = tempfile::tempdir().unwrap();
    let out = lull(
        &[
            "schedule",
            "set",
            "--time",
            "22:45",
            "--days",
            "mon,fri",
            "--routine",
            "pmr-short",
            "--tail",
            "45",
            "--fade",
            "12",
            "--enabled",
            "true",
        ],
        home.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let shown = String::from_utf8(lull(&["schedule", "show"], home.path()).stdout).unwrap();
    assert!(shown.contains("bedtime:   22:45 on mon,fri"), "{shown}");
    assert!(
        shown.contains("tail:      45 min") && shown.contains("fade-out:  12 min"),
        "{shown}"
    );
    assert!(shown.contains("next:"), "{shown}");
    let bad = lull(&["schedule", "set", "--time", "25:00"], home.path());
    assert_eq!(bad.status.code(), Some(2));
    let not_sleep = lull(
        &["schedule", "set", "--routine", "box-breathing"],
        home.path(),
    );
    assert_eq!(not_sleep.status.code(), Some(2));
    let removed = lull(&["schedule", "remove"], home.path());
    assert!(removed.status.success());
    assert!(
        String::from_utf8(removed.stdout)
            .unwrap()
            .contains("No wind-down timer was installed")
    );
}

#[test]
fn schedule_keeps_bad_and_newer_settings_files_safe() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config/lull");
    std::fs::create_dir_all(&config).unwrap();
    let settings = config.join("settings.toml");

    // Corrupt: kept aside, said on stderr, defaults shown.
    std::fs::write(&settings, "theme = [oops\n").unwrap();
    let shown = lull(&["schedule", "show"], home.path());
    assert!(shown.status.success());
    let err = String::from_utf8_lossy(&shown.stderr);
    assert!(
        err.contains("settings.toml:1:") && err.contains("kept as"),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&shown.stdout).contains("bedtime:   22:30"));
    let kept = std::fs::read_dir(&config)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".corrupt-"))
        .count();
    assert_eq!(kept, 1);

    // Written by a newer Lull: read, never rewritten.
    let newer = "version = 9\nfuture_field = \"x\"\n\n[wind_down]\nbedtime = \"23:00\"\n";
    std::fs::write(&settings, newer).unwrap();
    let set = lull(&["schedule", "set", "--fade", "5"], home.path());
    assert!(!set.status.success());
    assert!(String::from_utf8_lossy(&set.stderr).contains("newer Lull"));
    assert_eq!(std::fs::read_to_string(&settings).unwrap(), newer);

    // A plan that can never fire is not installed.
    std::fs::write(
        &settings,
        "version = 2\n\n[wind_down]\nbedtime = \"22:00\"\ndays = []\n",
    )
    .unwrap();
    let install = lull(&["schedule", "install"], home.path());
    assert_eq!(install.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&install.stderr).contains("no day is chosen"));
}

#[test]
fn docs_give_every_condition_question_in_full() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/cli.md")).unwrap();
    for &c in lull::domain::safety::Condition::ALL {
        let row = format!(
            "| `{}` | {} |",
            c.as_str(),
            c.question().replace('|', "\\|")
        );
        assert!(
            doc.contains(&row),
            "docs/cli.md lacks the full question row: {row}"
        );
    }
}

/// Saves `answers` as the app does, answered today.
fn save_answers(home: &Path, answers: lull::domain::safety::ScreeningAnswers) {
    use lull::clock::Calendar as _;
    let today = lull::clock::SystemCalendar.today();
    let record = lull::profile::safety_record::SafetyRecord::new(answers, today);
    let dir = home.join("config/lull");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("safety.toml"), toml::to_string(&record).unwrap()).unwrap();
}

fn wav_frames(path: &Path) -> u32 {
    hound::WavReader::open(path).unwrap().duration()
}

#[test]
fn export_uses_the_saved_answers_and_never_exports_unscreened() {
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("sigh.wav");
    let out_arg = out.to_str().unwrap();
    // No answers given and none saved: refused, with what to do.
    let refused = lull(
        &["export", "cyclic-sigh-reset", "--out", out_arg],
        home.path(),
    );
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("--answers"), "{stderr}");
    assert!(stderr.contains("in the app"), "{stderr}");
    assert!(!out.exists());
    // Saved in the app: used, and said so.
    save_answers(
        home.path(),
        lull::domain::safety::ScreeningAnswers::default(),
    );
    let done = lull(
        &["export", "cyclic-sigh-reset", "--out", out_arg],
        home.path(),
    );
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert!(done.status.success(), "{stderr}");
    assert!(
        stderr.contains("using your saved safety answers"),
        "{stderr}"
    );
    // The routine (180 s), no tail, and 15 s for the end bell to ring out.
    assert_eq!(wav_frames(&out), (180 + 15) * 44_100);

    // A hands-on routine also needs today's "are you unwell?" answer, as in the app.
    let yesterday = lull::clock::Calendar::today(&lull::clock::SystemCalendar)
        .yesterday()
        .unwrap();
    let record = lull::profile::safety_record::SafetyRecord::new(
        lull::domain::safety::ScreeningAnswers::default(),
        yesterday,
    );
    std::fs::write(
        home.path().join("config/lull/safety.toml"),
        toml::to_string(&record).unwrap(),
    )
    .unwrap();
    let hands = home.path().join("hands.wav");
    let refused = lull(
        &["export", "hand-massage", "--out", hands.to_str().unwrap()],
        home.path(),
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("unwell today"));
    assert!(!hands.exists());
}

#[test]
fn export_has_pacer_tones_by_default_and_an_answers_file_still_works() {
    let home = tempfile::tempdir().unwrap();
    let answers = write_answers(home.path(), "conditions = []\n");
    let export = |name: &str, extra: &[&str]| {
        let out = home.path().join(name);
        let mut args = vec![
            "export",
            "cyclic-sigh-reset",
            "--answers",
            &answers,
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let o = lull(&args, home.path());
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        std::fs::read(&out).unwrap()
    };
    let with = export("with.wav", &[]);
    let without = export("without.wav", &["--no-pacer-tone"]);
    assert_eq!(with.len(), without.len());
    assert_ne!(with, without, "the pacer tone is in the default export");
}

#[test]
fn voice_list_and_say_use_the_installed_engines() {
    let home = tempfile::tempdir().unwrap();
    let list = lull(&["voice", "list"], home.path());
    let stdout = String::from_utf8_lossy(&list.stdout);
    assert!(list.status.success(), "{stdout}");
    assert!(stdout.contains("flite: rms, slt"), "{stdout}");
    assert!(stdout.contains("espeak-ng: en-us+f3"), "{stdout}");
    let out = home.path().join("hello.wav");
    let said = lull(
        &[
            "voice",
            "say",
            "Breathe in slowly.",
            "--out",
            out.to_str().unwrap(),
        ],
        home.path(),
    );
    let stdout = String::from_utf8_lossy(&said.stdout);
    assert!(said.status.success(), "{stdout}");
    assert!(stdout.contains("flite (rms)"), "{stdout}");
    let wav = hound::WavReader::open(&out).unwrap();
    assert_eq!(wav.spec().sample_rate, 44_100);
    assert!(wav.duration() > 44_100 / 2);
    // Said again from the cache, and a voice that does not exist is a clear error.
    assert!(
        home.path()
            .join(".cache/lull/voice")
            .read_dir()
            .unwrap()
            .count()
            >= 1
    );
    let wrong = lull(
        &[
            "voice",
            "say",
            "Hi.",
            "--out",
            out.to_str().unwrap(),
            "--voice",
            "nobody",
        ],
        home.path(),
    );
    assert!(!wrong.status.success());
    let stderr = String::from_utf8_lossy(&wrong.stderr);
    assert!(stderr.contains("flite has no voice \"nobody\""), "{stderr}");
}

#[test]
fn export_speaks_by_default_and_not_with_no_voice_or_no_engine() {
    let home = tempfile::tempdir().unwrap();
    let answers = write_answers(home.path(), "conditions = []\n");
    let out = home.path().join("sigh.wav");
    let export = |extra: &[&str], path: Option<&str>| {
        let mut args = vec![
            "export",
            "cyclic-sigh-reset",
            "--answers",
            &answers,
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let mut command = Command::new(env!("CARGO_BIN_EXE_lull"));
        command
            .args(&args)
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_CACHE_HOME", home.path().join(".cache"))
            .env("HOME", home.path());
        if let Some(path) = path {
            command.env("PATH", path);
        }
        let done = command.output().unwrap();
        assert!(
            done.status.success(),
            "{}",
            String::from_utf8_lossy(&done.stderr)
        );
        String::from_utf8_lossy(&done.stderr).into_owned()
    };
    let voiced = export(&[], None);
    assert!(voiced.contains("voice: flite (rms) ("), "{voiced}");
    let quiet = export(&["--no-voice"], None);
    assert!(!quiet.contains("voice:"), "{quiet}");
    // No voice engine on the PATH: one warning, and the export is made with chimes.
    let empty = tempfile::tempdir().unwrap();
    let none = export(&[], Some(empty.path().to_str().unwrap()));
    assert_eq!(none.matches("No voice is installed").count(), 1, "{none}");
    assert!(out.exists());
}

#[test]
fn check_warns_where_a_steps_spoken_words_do_not_fit_it() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("long.toml");
    std::fs::write(
        &file,
        "id = \"long\"\ntitle = \"Long\"\nprogram = \"stress\"\nsummary = \"A short rest that may help you relax.\"\nposition = \"seated\"\nsources = []\n\n[[steps]]\ntitle = \"Rest\"\ninstruction = \"Sit comfortably and let your shoulders drop, then let your breathing slow down by itself. Notice the weight of your arms resting on your legs. Let your jaw soften and your forehead relax.\"\nduration_secs = 10\nkind = \"rest\"\ntags = []\n\n[[steps]]\ntitle = \"Rest again\"\ninstruction = \"Sit comfortably and let your shoulders drop, then let your breathing slow down by itself. Notice the weight of your arms resting on your legs.\"\nsay = \"Rest.\"\nduration_secs = 10\nkind = \"rest\"\ntags = []\n",
    )
    .unwrap();
    let out = lull(&["check", file.to_str().unwrap()], home.path());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("too long")).collect();
    // Step 1 is too long for its 10 s; step 2's `say` is short enough.
    assert_eq!(warnings.len(), 1, "{stderr}");
    assert!(
        warnings[0].contains(
            "long.toml:10:1: warning: step 1 \"Rest\": spoken by flite (rms) its words take "
        ),
        "{stderr}"
    );
    assert!(warnings[0].contains("for a 10 s step"), "{stderr}");
}

#[test]
fn an_ambience_file_fades_over_its_last_minutes() {
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("rain.wav");
    let done = lull(
        &[
            "ambience",
            "soft-rain",
            "--minutes",
            "2",
            "--fade",
            "1",
            "--out",
            out.to_str().unwrap(),
        ],
        home.path(),
    );
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let mut wav = hound::WavReader::open(&out).unwrap();
    let rate = wav.spec().sample_rate as usize;
    let samples: Vec<f64> = wav
        .samples::<i16>()
        .map(|s| f64::from(s.unwrap()))
        .collect();
    let rms = |from_s: usize, secs: usize| {
        let part = &samples[from_s * rate * 2..(from_s + secs) * rate * 2];
        (part.iter().map(|v| v * v).sum::<f64>() / part.len() as f64).sqrt()
    };
    // Full before the fade, about half way down (in gain) in its middle, silent at the end.
    let full = rms(50, 5);
    let middle = rms(88, 4);
    let end = rms(118, 2);
    assert!(
        middle < full * 0.8 && middle > full * 0.2,
        "{full} {middle}"
    );
    assert!(end < full * 0.05, "{full} {end}");
    let bad = lull(
        &[
            "ambience",
            "soft-rain",
            "--fade",
            "31",
            "--out",
            out.to_str().unwrap(),
        ],
        home.path(),
    );
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn an_ambience_longer_than_a_night_is_refused_before_rendering() {
    // Ten hours is allowed: past 4 GiB the file is RF64 (a plain WAV's 32-bit sizes would
    // wrap and damage it, as they did before).
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("night.wav");
    let done = lull(
        &[
            "ambience",
            "brown-noise",
            "--minutes",
            "601",
            "--out",
            out.to_str().unwrap(),
        ],
        home.path(),
    );
    assert_eq!(done.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert!(stderr.contains("--minutes must be 1 to 600"), "{stderr}");
    assert!(!out.exists());
    // Where a plain WAV ends: 400 minutes of 44.1 kHz fit, 406 take RF64.
    let per_minute = 44_100 * 2 * 60;
    assert!(lull::store::fits_in_wav(0, 400 * per_minute));
    assert!(!lull::store::fits_in_wav(0, 406 * per_minute));
}

#[test]
fn lull_sleep_checks_its_preset_and_numbers_before_a_window_opens() {
    let home = tempfile::tempdir().unwrap();
    let cases: [(&[&str], &str); 4] = [
        (&["sleep", "no-such"], "no ambience preset \"no-such\""),
        (
            &["sleep", "soft-rain", "--minutes", "0"],
            "--minutes must be 1 to 600, got 0",
        ),
        (
            &["sleep", "soft-rain", "--fade", "31"],
            "--fade must be 0 to 30, got 31",
        ),
        // Suspending needs an end.
        (&["sleep", "soft-rain", "--suspend"], "--minutes"),
    ];
    for (args, said) in cases {
        let out = lull(args, home.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(said), "{args:?}: {err}");
    }
    // What a valid command line opens the app with.
    let plan = lull::cli::sleep_plan("night-sea", Some(45), 10, true).unwrap();
    assert_eq!(
        plan.timer,
        lull::domain::sound_session::SoundTimer::Minutes(45)
    );
    assert!(plan.suspend_at_end);
}
