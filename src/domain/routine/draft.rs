//! A routine being edited (the app's routine editor): plain fields a form can change, written
//! out in the routine file format and checked by the same parser as every file, so the
//! editor shows `lull check`'s own messages and can only save what loads.
//!
//! A file that is edited keeps its comments and layout where its tables still fit: each
//! value is rewritten only when it changed, steps are rewritten in place, and a table the
//! edit removed goes with its comments. Pure: text in, text out.

use std::collections::{BTreeMap, BTreeSet};

use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value};

use super::step::{Step, Timing};
use super::{Origin, Routine, RoutineErrors, parse_routine};
use crate::domain::breathing::{self, BreathPattern};
use crate::domain::tag::Tag;
use crate::domain::vocabulary::{Position as BodyPosition, Program, Side, StepKind};

/// A routine as the editor holds it.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    /// The id (kebab-case).
    pub id: String,
    /// The title.
    pub title: String,
    /// The program.
    pub program: Program,
    /// One line saying what it is for.
    pub summary: String,
    /// The body position.
    pub position: BodyPosition,
    /// An ambience preset's id, or none.
    pub ambience: Option<String>,
    /// Where the content comes from (who gave it to you, a web page…).
    pub sources: Vec<String>,
    /// The breathing patterns this routine declares, by name.
    pub patterns: BTreeMap<String, DraftPattern>,
    /// The steps, in order.
    pub steps: Vec<DraftStep>,
}

/// A breathing pattern's timings, in seconds as the file writes them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DraftPattern {
    /// Breathing in.
    pub inhale: f64,
    /// A second short sniff in (0 for none).
    pub top_up: f64,
    /// Holding, full.
    pub hold_in: f64,
    /// Breathing out.
    pub exhale: f64,
    /// Holding, empty.
    pub hold_out: f64,
}

/// How long a step lasts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DraftTiming {
    /// A number of seconds.
    Fixed(u32),
    /// Cycles of a breathing pattern (built in, or declared by the routine).
    Breathing {
        /// The pattern's name.
        pattern: String,
        /// How many cycles.
        cycles: u32,
    },
}

/// A step as the editor holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftStep {
    /// Short title.
    pub title: String,
    /// What to do, one to four sentences.
    pub instruction: String,
    /// The words to speak instead (empty for none).
    pub say: String,
    /// Its length.
    pub timing: DraftTiming,
    /// The kind of step.
    pub kind: StepKind,
    /// What it involves.
    pub tags: BTreeSet<Tag>,
    /// Which side, when it matters.
    pub side: Option<Side>,
    /// The gentler version used when a tag of this one is excluded.
    pub substitute: Option<Box<Self>>,
    /// Whether the routine cannot be done without it.
    pub core: bool,
}

impl DraftPattern {
    /// The pattern in milliseconds (rounded to the millisecond).
    pub fn pattern(&self) -> BreathPattern {
        let ms = |s: f64| {
            let ms = (s * 1_000.0).round().clamp(0.0, f64::from(u32::MAX));
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "clamped to u32's range just above"
            )]
            let ms = ms as u32;
            ms
        };
        BreathPattern {
            inhale_ms: ms(self.inhale),
            top_up_ms: ms(self.top_up),
            hold_in_ms: ms(self.hold_in),
            exhale_ms: ms(self.exhale),
            hold_out_ms: ms(self.hold_out),
        }
    }

    /// The timings of `pattern`, in seconds.
    pub fn of(pattern: &BreathPattern) -> Self {
        let s = |ms: u32| f64::from(ms) / 1_000.0;
        Self {
            inhale: s(pattern.inhale_ms),
            top_up: s(pattern.top_up_ms),
            hold_in: s(pattern.hold_in_ms),
            exhale: s(pattern.exhale_ms),
            hold_out: s(pattern.hold_out_ms),
        }
    }
}

impl DraftStep {
    /// A new step: a short rest with nothing to do.
    pub fn new() -> Self {
        Self {
            title: String::new(),
            instruction: String::new(),
            say: String::new(),
            timing: DraftTiming::Fixed(30),
            kind: StepKind::Rest,
            tags: BTreeSet::new(),
            side: None,
            substitute: None,
            core: false,
        }
    }

    fn of(step: &Step) -> Self {
        Self {
            title: step.title.clone(),
            instruction: step.instruction.clone(),
            say: step.say.clone().unwrap_or_default(),
            timing: match &step.timing {
                Timing::Fixed { secs } => DraftTiming::Fixed(*secs),
                Timing::Breathing { pattern, cycles } => DraftTiming::Breathing {
                    pattern: pattern.name.clone(),
                    cycles: *cycles,
                },
            },
            kind: step.kind,
            tags: step.tags.clone(),
            side: step.side,
            substitute: step.substitute.as_deref().map(|s| Box::new(Self::of(s))),
            core: step.core,
        }
    }

    /// Whether the step is hands-on (tagged `massage`).
    pub fn is_touch(&self) -> bool {
        self.tags.contains(&Tag::Massage)
    }

    /// Writes the tags that follow from the step's other fields, so that what the editor
    /// shows can only be said truthfully: a step timed by a breathing pattern is a breathing
    /// step whose hold tags are the pattern's; `massage` is the kind's; pressure and
    /// acupoints only on a hands-on step, areas only where hands or a pack touch;
    /// `breath-hold-long` brings `breath-hold`. A substitute is never `core`. The choices
    /// that are the user's (which area, which pressure) are left to them.
    pub fn settle(&mut self, patterns: &BTreeMap<String, DraftPattern>, depth: usize) {
        if let DraftTiming::Breathing { pattern, .. } = &self.timing {
            self.kind = StepKind::Breathing;
            if let Some(p) = pattern_named(pattern, patterns) {
                set_tag(&mut self.tags, Tag::BreathHold, p.has_holds());
                set_tag(&mut self.tags, Tag::BreathHoldLong, p.has_long_hold());
            }
        }
        let massage = self.kind == StepKind::Massage;
        set_tag(&mut self.tags, Tag::Massage, massage);
        let thermal = self.tags.contains(&Tag::Heat) || self.tags.contains(&Tag::Cold);
        self.tags.retain(|t| match t {
            Tag::Acupoint(_) => massage,
            t if t.is_pressure() => massage,
            Tag::Area(_) => massage || thermal,
            _ => true,
        });
        if self.tags.contains(&Tag::BreathHoldLong) {
            self.tags.insert(Tag::BreathHold);
        }
        if depth > 0 {
            self.core = false;
        }
        if let Some(substitute) = &mut self.substitute {
            substitute.settle(patterns, depth + 1);
        }
    }
}

/// The timings of the pattern `name`: built in, or one of `patterns` (the routine's own).
pub fn pattern_named(
    name: &str,
    patterns: &BTreeMap<String, DraftPattern>,
) -> Option<BreathPattern> {
    breathing::builtin(name)
        .map(|p| p.pattern)
        .or_else(|| patterns.get(name).map(DraftPattern::pattern))
}

fn set_tag(tags: &mut BTreeSet<Tag>, tag: Tag, on: bool) {
    if on {
        tags.insert(tag);
    } else {
        tags.remove(&tag);
    }
}

impl Default for DraftStep {
    fn default() -> Self {
        Self::new()
    }
}

impl Draft {
    /// A new routine with one step, under `id`.
    pub fn new(id: &str) -> Self {
        Self {
            id: id.to_owned(),
            title: String::new(),
            program: Program::Stress,
            summary: String::new(),
            position: BodyPosition::Any,
            ambience: None,
            sources: Vec::new(),
            patterns: BTreeMap::new(),
            steps: vec![DraftStep::new()],
        }
    }

    /// The routine as a draft: every custom pattern its steps use declared again.
    pub fn of(routine: &Routine) -> Self {
        let mut patterns = BTreeMap::new();
        for step in &routine.steps {
            for version in step.versions() {
                if let Timing::Breathing { pattern, .. } = &version.timing
                    && breathing::builtin(&pattern.name).is_none()
                {
                    patterns.insert(pattern.name.clone(), DraftPattern::of(&pattern.pattern));
                }
            }
        }
        Self {
            id: routine.id.to_string(),
            title: routine.title.clone(),
            program: routine.program,
            summary: routine.summary.clone(),
            position: routine.position,
            ambience: routine.ambience.as_ref().map(ToString::to_string),
            sources: routine.sources.clone(),
            patterns,
            steps: routine.steps.iter().map(DraftStep::of).collect(),
        }
    }

    /// Writes every step's tags that follow from its other fields ([`DraftStep::settle`]).
    pub fn settle(&mut self) {
        for step in &mut self.steps {
            step.settle(&self.patterns, 0);
        }
    }

    /// The routine file, written fresh.
    pub fn to_toml(&self) -> String {
        let mut doc = DocumentMut::new();
        self.write_into(&mut doc);
        doc.to_string()
    }

    /// The routine file `original` with this draft written into it: comments and layout
    /// kept where the tables still fit. A file that does not parse as TOML is written fresh.
    pub fn to_toml_over(&self, original: &str) -> String {
        match original.parse::<DocumentMut>() {
            Ok(mut doc) => {
                self.write_into(&mut doc);
                doc.to_string()
            }
            Err(_) => self.to_toml(),
        }
    }

    /// Checks the draft as its file `file` would be checked: the routine it is, or every
    /// problem with its step and field.
    ///
    /// # Errors
    /// The problems `lull check` would report for the file.
    pub fn check(&self, file: &str) -> Result<Routine, RoutineErrors> {
        parse_routine(
            file,
            self.to_toml().as_bytes(),
            Origin::User {
                path: file.to_owned(),
            },
        )
    }

    fn write_into(&self, doc: &mut DocumentMut) {
        let root = doc.as_table_mut();
        set_str(root, "id", &self.id);
        set_str(root, "title", &self.title);
        set_str(root, "program", self.program.as_str());
        set_str(root, "summary", &self.summary);
        set_str(root, "position", self.position.as_str());
        match &self.ambience {
            Some(ambience) => set_str(root, "ambience", ambience),
            None => {
                root.remove("ambience");
            }
        }
        set_sources(root, &self.sources);
        set_patterns(root, &self.patterns);
        set_steps(root, &self.steps);
        renumber(root, &mut 0);
    }
}

/// Sets `key` to the string `text`, leaving the file's value (and its layout) when equal.
fn set_str(table: &mut Table, key: &str, text: &str) {
    if table.get(key).and_then(Item::as_str) != Some(text) {
        table[key] = toml_edit::value(text);
    }
}

fn set_u32(table: &mut Table, key: &str, n: u32) {
    if table.get(key).and_then(Item::as_integer) != Some(i64::from(n)) {
        table[key] = toml_edit::value(i64::from(n));
    }
}

fn set_seconds(table: &mut Table, key: &str, secs: f64) {
    if table.get(key).and_then(Item::as_float) != Some(secs) {
        table[key] = toml_edit::value(secs);
    }
}

/// The sources, one a line as the bundled files write them.
fn set_sources(root: &mut Table, sources: &[String]) {
    let same = root
        .get("sources")
        .and_then(Item::as_array)
        .is_some_and(|a| {
            a.len() == sources.len() && a.iter().zip(sources).all(|(v, s)| v.as_str() == Some(s))
        });
    if same {
        return;
    }
    let mut array = Array::new();
    for source in sources {
        let mut value = Value::from(source.as_str());
        value.decor_mut().set_prefix("\n  ");
        array.push_formatted(value);
    }
    array.set_trailing_comma(!sources.is_empty());
    array.set_trailing(if sources.is_empty() { "" } else { "\n" });
    root["sources"] = toml_edit::value(array);
}

fn set_patterns(root: &mut Table, patterns: &BTreeMap<String, DraftPattern>) {
    if patterns.is_empty() {
        root.remove("patterns");
        return;
    }
    if !root.get("patterns").is_some_and(Item::is_table) {
        let mut table = Table::new();
        table.set_implicit(true);
        root["patterns"] = Item::Table(table);
    }
    let Some(table) = root.get_mut("patterns").and_then(Item::as_table_mut) else {
        return;
    };
    let gone: Vec<String> = table
        .iter()
        .map(|(k, _)| k.to_owned())
        .filter(|k| !patterns.contains_key(k))
        .collect();
    for name in gone {
        table.remove(&name);
    }
    for (name, pattern) in patterns {
        if !table.get(name).is_some_and(Item::is_table) {
            table[name.as_str()] = Item::Table(Table::new());
        }
        let Some(t) = table.get_mut(name).and_then(Item::as_table_mut) else {
            continue;
        };
        let optional = [
            ("top_up", pattern.top_up),
            ("hold_in", pattern.hold_in),
            ("hold_out", pattern.hold_out),
        ];
        set_seconds(t, "inhale", pattern.inhale);
        for (key, secs) in optional {
            if secs == 0.0 {
                // A zero the file wrote is kept as written; none is added.
                if t.get(key)
                    .and_then(Item::as_float)
                    .is_some_and(|v| v != 0.0)
                {
                    t.remove(key);
                }
            } else {
                set_seconds(t, key, secs);
            }
        }
        set_seconds(t, "exhale", pattern.exhale);
        // Keys in the file's usual order: inhale, top_up, hold_in, exhale, hold_out.
        t.sort_values_by(|a, _, b, _| key_rank(a.get()).cmp(&key_rank(b.get())));
    }
}

fn key_rank(key: &str) -> usize {
    const ORDER: [&str; 15] = [
        "inhale",
        "top_up",
        "hold_in",
        "exhale",
        "hold_out",
        "title",
        "instruction",
        "say",
        "duration_secs",
        "breathing",
        "kind",
        "tags",
        "side",
        "core",
        "substitute",
    ];
    ORDER.iter().position(|k| *k == key).unwrap_or(ORDER.len())
}

fn set_steps(root: &mut Table, steps: &[DraftStep]) {
    if !root.get("steps").is_some_and(Item::is_array_of_tables) {
        root["steps"] = Item::ArrayOfTables(ArrayOfTables::new());
    }
    let Some(array) = root.get_mut("steps").and_then(Item::as_array_of_tables_mut) else {
        return;
    };
    while array.len() > steps.len() {
        array.remove(array.len() - 1);
    }
    for (i, step) in steps.iter().enumerate() {
        if i >= array.len() {
            array.push(Table::new());
        }
        if let Some(table) = array.get_mut(i) {
            write_step(table, step, 0);
        }
    }
}

fn write_step(table: &mut Table, step: &DraftStep, depth: usize) {
    set_str(table, "title", &step.title);
    set_str(table, "instruction", &step.instruction);
    if step.say.is_empty() {
        table.remove("say");
    } else {
        set_str(table, "say", &step.say);
    }
    match &step.timing {
        DraftTiming::Fixed(secs) => {
            table.remove("breathing");
            set_u32(table, "duration_secs", *secs);
        }
        DraftTiming::Breathing { pattern, cycles } => {
            table.remove("duration_secs");
            let same = table
                .get("breathing")
                .and_then(Item::as_inline_table)
                .is_some_and(|b| {
                    b.len() == 2
                        && b.get("pattern").and_then(Value::as_str) == Some(pattern)
                        && b.get("cycles").and_then(Value::as_integer) == Some(i64::from(*cycles))
                });
            if !same {
                let mut breathing = InlineTable::new();
                breathing.insert("pattern", Value::from(pattern.as_str()));
                breathing.insert("cycles", Value::from(i64::from(*cycles)));
                breathing.fmt();
                table["breathing"] = toml_edit::value(breathing);
            }
        }
    }
    set_str(table, "kind", step.kind.as_str());
    let tags: Vec<String> = step.tags.iter().map(ToString::to_string).collect();
    let same_tags = table.get("tags").and_then(Item::as_array).is_some_and(|a| {
        let written: BTreeSet<Option<Tag>> =
            a.iter().map(|v| v.as_str().and_then(Tag::parse)).collect();
        written == step.tags.iter().copied().map(Some).collect()
    });
    if !same_tags {
        let array: Array = tags.iter().map(String::as_str).collect();
        table["tags"] = toml_edit::value(array);
    }
    match step.side {
        Some(side) => set_str(table, "side", side.as_str()),
        None => {
            table.remove("side");
        }
    }
    if step.core {
        if table.get("core").and_then(Item::as_bool) != Some(true) {
            table["core"] = toml_edit::value(true);
        }
    } else if table.get("core").and_then(Item::as_bool) == Some(true) {
        table.remove("core");
    }
    match &step.substitute {
        Some(substitute) => {
            if !table.get("substitute").is_some_and(Item::is_table) {
                let mut sub = Table::new();
                sub.decor_mut()
                    .set_prefix(format!("\n{}", "  ".repeat(depth + 1)));
                table["substitute"] = Item::Table(sub);
            }
            if let Some(sub) = table.get_mut("substitute").and_then(Item::as_table_mut) {
                write_step(sub, substitute, depth + 1);
            }
        }
        None => {
            table.remove("substitute");
        }
    }
    table.sort_values_by(|a, _, b, _| key_rank(a.get()).cmp(&key_rank(b.get())));
}

/// Gives every table its place in the file in the order it is read (the root's values
/// first), so a step inserted or moved is written where it belongs.
fn renumber(table: &mut Table, next: &mut isize) {
    for (_, item) in table.iter_mut() {
        match item {
            Item::Table(t) => {
                t.set_position(Some(*next));
                *next += 1;
                renumber(t, next);
            }
            Item::ArrayOfTables(array) => {
                for t in array.iter_mut() {
                    t.set_position(Some(*next));
                    *next += 1;
                    renumber(t, next);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "# My physio's routine\nid = \"physio\"\ntitle = \"From my physio\"\nprogram = \"stress\"\nsummary = \"What she showed me.\" # 2026\nposition = \"seated\"\nsources = [\"My physio, June 2026.\"]\n\n# the first one\n[[steps]]\ntitle = \"Rest\"\ninstruction = \"Sit and rest your hands in your lap.\"\nduration_secs = 30 # half a minute\nkind = \"rest\"\ntags = []\n\n[[steps]]\ntitle = \"Breathe\"\ninstruction = \"Breathe in for four and out for six.\"\nbreathing = { pattern = \"resonance-4-6\", cycles = 6 }\nkind = \"breathing\"\ntags = [\"paced-breathing\"]\n";

    fn routine(text: &str) -> Routine {
        parse_routine("t.toml", text.as_bytes(), Origin::Builtin).unwrap()
    }

    #[test]
    fn an_unchanged_draft_writes_the_file_back_as_it_was() {
        let draft = Draft::of(&routine(FILE));
        assert_eq!(draft.to_toml_over(FILE), FILE);
    }

    #[test]
    fn an_edit_keeps_comments_and_moves_steps_with_their_tables() {
        let mut draft = Draft::of(&routine(FILE));
        draft.summary = "What she showed me in June.".into();
        draft.steps.swap(0, 1);
        draft.steps[1].timing = DraftTiming::Fixed(45);
        let text = draft.to_toml_over(FILE);
        assert!(text.starts_with("# My physio's routine\n"), "{text}");
        assert!(
            text.contains("summary = \"What she showed me in June.\""),
            "{text}"
        );
        let again = routine(&text);
        assert_eq!(again.steps[0].title, "Breathe");
        assert_eq!(again.steps[1].title, "Rest");
        assert_eq!(again.steps[1].duration().as_secs(), 45);
        assert_eq!(Draft::of(&again), draft);
    }

    #[test]
    fn a_fresh_draft_is_refused_with_the_loader_messages_until_filled_in() {
        let mut draft = Draft::new("mine");
        let errors = draft.check("mine.toml").unwrap_err();
        let fields: Vec<_> = errors.0.iter().filter_map(|e| e.field.clone()).collect();
        assert!(fields.contains(&"title".to_owned()), "{errors}");
        draft.title = "Mine".into();
        draft.summary = "A rest.".into();
        draft.steps[0].title = "Rest".into();
        draft.steps[0].instruction = "Rest your hands in your lap.".into();
        let routine = draft.check("mine.toml").unwrap();
        assert_eq!(routine.steps.len(), 1);
        assert_eq!(Draft::of(&routine), draft);
    }

    #[test]
    fn custom_patterns_and_substitutes_are_written_and_read_back() {
        let mut draft = Draft::new("held");
        draft.title = "Held".into();
        draft.summary = "Breathing with a pause.".into();
        draft.patterns.insert(
            "slow-box".into(),
            DraftPattern {
                inhale: 5.0,
                top_up: 0.0,
                hold_in: 2.5,
                exhale: 5.0,
                hold_out: 0.0,
            },
        );
        draft.steps[0] = DraftStep {
            title: "Slow box".into(),
            instruction: "Breathe in for five, pause, and breathe out for five.".into(),
            timing: DraftTiming::Breathing {
                pattern: "slow-box".into(),
                cycles: 5,
            },
            kind: StepKind::Breathing,
            tags: [Tag::BreathHold].into(),
            substitute: Some(Box::new(DraftStep {
                title: "Slow breaths".into(),
                instruction: "Breathe in for five and out for five.".into(),
                timing: DraftTiming::Breathing {
                    pattern: "resonance-5-5".into(),
                    cycles: 5,
                },
                kind: StepKind::Breathing,
                tags: [Tag::PacedBreathing].into(),
                ..DraftStep::new()
            })),
            ..DraftStep::new()
        };
        let routine = draft.check("held.toml").unwrap();
        assert_eq!(Draft::of(&routine), draft);
        let text = draft.to_toml();
        assert!(text.contains("[patterns.slow-box]"), "{text}");
        assert!(text.contains("[steps.substitute]"), "{text}");
    }
}
