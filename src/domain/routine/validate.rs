//! The rules a routine must meet (limits, ids, patterns, timings, tags that tell the truth),
//! checked on the raw tables `parse.rs` read, every problem placed at its step and field.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use toml::Spanned;

use super::error::{Position, RoutineError, RoutineErrors};
use super::parse::{Origin, RawPattern, RawRoutine, RawStep};
use super::step::{NamedPattern, Step, Timing};
use super::{
    MAX_ROUTINE_SECS, MAX_SENTENCES, MAX_STEP_SECS, MAX_STEPS, MAX_TEXT_CHARS, MIN_STEP_SECS,
    Routine, is_kebab_case, sentence_count,
};
use crate::domain::breathing::{self, BreathPattern};
use crate::domain::id::{PresetId, RoutineId};
use crate::domain::tag::Tag;
use crate::domain::vocabulary::{Position as BodyPosition, Program, Side, StepKind};

/// Longest title, in characters (titles are shown large).
pub const MAX_TITLE_CHARS: usize = 100;
/// Deepest chain of substitutes (a substitute of a substitute…).
pub const MAX_SUBSTITUTE_DEPTH: usize = 3;

/// Collects errors for one file.
struct Checker<'a> {
    file: &'a str,
    text: &'a str,
    errors: Vec<RoutineError>,
    /// Custom patterns declared but refused (their errors are already reported; steps that
    /// use them are not reported again as "not declared").
    refused_patterns: BTreeSet<String>,
}

/// Which step an error belongs to.
#[derive(Clone)]
struct StepCtx {
    number: usize,
    title: String,
    depth: usize,
}

impl Checker<'_> {
    fn push(&mut self, span: Range<usize>, step: Option<&StepCtx>, field: &str, message: String) {
        self.errors.push(RoutineError {
            file: self.file.to_owned(),
            position: Position::of_field(self.text, span.start),
            step: step.map(|s| (s.number, s.title.clone())),
            substitute_depth: step.map_or(0, |s| s.depth),
            field: (!field.is_empty()).then(|| field.to_owned()),
            message,
        });
    }

    fn text(&mut self, value: &Spanned<String>, step: Option<&StepCtx>, field: &str, max: usize) {
        let chars = value.get_ref().chars().count();
        // A title is one line; no text may hold a terminal escape or a bidi override.
        let unsafe_char = crate::domain::text::first_unsafe(value.get_ref(), field == "title");
        if let Some((at, c)) = unsafe_char {
            self.push(
                value.span(),
                step,
                field,
                format!(
                    "{field} must not contain control characters, got {} at character {at}",
                    crate::domain::text::code_point(c)
                ),
            );
        } else if value.get_ref().trim().is_empty() {
            self.push(
                value.span(),
                step,
                field,
                format!("{field} must not be empty"),
            );
        } else if chars > max {
            self.push(
                value.span(),
                step,
                field,
                format!("{field} must be at most {max} characters, got {chars}"),
            );
        }
    }
}

/// Checks the raw tables of `file` (its text is `text`) against every rule: the routine, or
/// every problem.
pub(super) fn validate(
    file: &str,
    text: &str,
    raw: RawRoutine,
    origin: Origin,
) -> Result<Routine, RoutineErrors> {
    let mut checker = Checker {
        file,
        text,
        errors: Vec::new(),
        refused_patterns: BTreeSet::new(),
    };
    let routine = build(&mut checker, raw, origin);
    match routine {
        Some(routine) if checker.errors.is_empty() => Ok(routine),
        _ => Err(RoutineErrors(checker.errors)),
    }
}

fn build(c: &mut Checker<'_>, raw: RawRoutine, origin: Origin) -> Option<Routine> {
    if !is_kebab_case(raw.id.get_ref()) {
        c.push(
            raw.id.span(),
            None,
            "id",
            format!(
                "id must be kebab-case (lowercase letters and digits joined by dashes, at most 64), got \"{}\"",
                raw.id.get_ref()
            ),
        );
    }
    c.text(&raw.title, None, "title", MAX_TITLE_CHARS);
    c.text(&raw.summary, None, "summary", MAX_TEXT_CHARS);
    let program = parse_enum(
        c,
        &raw.program,
        None,
        "program",
        Program::parse,
        Program::expected,
    );
    let position = parse_enum(
        c,
        &raw.position,
        None,
        "position",
        BodyPosition::parse,
        BodyPosition::expected,
    );
    if let Some(ambience) = &raw.ambience
        && !is_kebab_case(ambience.get_ref())
    {
        c.push(
            ambience.span(),
            None,
            "ambience",
            format!(
                "ambience must be a preset id in kebab-case, got \"{}\"",
                ambience.get_ref()
            ),
        );
    }
    for source in &raw.sources {
        c.text(source, None, "sources", MAX_TEXT_CHARS);
    }

    let mut patterns = BTreeMap::new();
    for (name, pattern) in &raw.patterns {
        if let Some(p) = custom_pattern(c, name, pattern) {
            patterns.insert(name.clone(), p);
        } else {
            c.refused_patterns.insert(name.clone());
        }
    }

    let steps_raw = raw.steps.get_ref();
    if steps_raw.is_empty() {
        c.push(
            raw.steps.span(),
            None,
            "steps",
            "steps must list at least one step".into(),
        );
    }
    if steps_raw.len() > MAX_STEPS {
        c.push(
            raw.steps.span(),
            None,
            "steps",
            format!("steps must be at most {MAX_STEPS}, got {}", steps_raw.len()),
        );
    }
    let mut steps = Vec::new();
    for (i, step) in steps_raw.iter().enumerate() {
        let ctx = StepCtx {
            number: i + 1,
            title: step.get_ref().title.get_ref().clone(),
            depth: 0,
        };
        if let Some(step) = build_step(c, step, &ctx, &patterns) {
            steps.push(step);
        }
    }
    let total: u64 = steps
        .iter()
        .map(|s: &Step| s.duration().as_millis() as u64)
        .sum();
    if total > u64::from(MAX_ROUTINE_SECS) * 1_000 {
        c.push(
            raw.steps.span(),
            None,
            "steps",
            format!(
                "the routine must last at most {} minutes in all, got {} min {} s",
                MAX_ROUTINE_SECS / 60,
                total / 60_000,
                (total / 1_000) % 60
            ),
        );
    }
    Some(Routine {
        id: RoutineId::new(raw.id.into_inner()),
        title: raw.title.into_inner(),
        program: program?,
        summary: raw.summary.into_inner(),
        position: position?,
        ambience: raw.ambience.map(|a| PresetId::new(a.into_inner())),
        sources: raw.sources.into_iter().map(Spanned::into_inner).collect(),
        steps,
        origin,
    })
}

fn parse_enum<T>(
    c: &mut Checker<'_>,
    value: &Spanned<String>,
    step: Option<&StepCtx>,
    field: &str,
    parse: fn(&str) -> Option<T>,
    expected: fn() -> String,
) -> Option<T> {
    let parsed = parse(value.get_ref());
    if parsed.is_none() {
        c.push(
            value.span(),
            step,
            field,
            format!(
                "{field} must be one of {}, got \"{}\"",
                expected(),
                value.get_ref()
            ),
        );
    }
    parsed
}

fn seconds_to_ms(value: f64) -> Option<u32> {
    if !value.is_finite() || value < 0.0 || value > 3_600.0 || (value * 2.0).fract() != 0.0 {
        return None;
    }
    Some((value * 1_000.0).round() as u32)
}

fn custom_pattern(
    c: &mut Checker<'_>,
    name: &str,
    raw: &Spanned<RawPattern>,
) -> Option<NamedPattern> {
    let field = format!("patterns.{name}");
    if !is_kebab_case(name) {
        c.push(
            raw.span(),
            None,
            &field,
            format!("pattern name must be kebab-case, got \"{name}\""),
        );
        return None;
    }
    if breathing::builtin(name).is_some() {
        c.push(
            raw.span(),
            None,
            &field,
            format!("pattern \"{name}\" is a built-in pattern; choose another name"),
        );
        return None;
    }
    let r = raw.get_ref();
    let values = [
        ("inhale", Some(&r.inhale)),
        ("top_up", r.top_up.as_ref()),
        ("hold_in", r.hold_in.as_ref()),
        ("exhale", Some(&r.exhale)),
        ("hold_out", r.hold_out.as_ref()),
    ];
    // Every phase is checked and every problem reported, not just the first.
    let mut failed = BTreeSet::new();
    let mut ms = [0_u32; 5];
    for (slot, (key, value)) in ms.iter_mut().zip(values) {
        let Some(value) = value else { continue };
        if let Some(v) = seconds_to_ms(*value.get_ref()) {
            *slot = v;
        } else {
            c.push(
                value.span(),
                None,
                &format!("{field}.{key}"),
                format!(
                    "{field}.{key} must be 0..=30 seconds in steps of 0.5, got {}",
                    value.get_ref()
                ),
            );
            failed.insert(key);
        }
    }
    let [inhale_ms, top_up_ms, hold_in_ms, exhale_ms, hold_out_ms] = ms;
    let pattern = BreathPattern {
        inhale_ms,
        top_up_ms,
        hold_in_ms,
        exhale_ms,
        hold_out_ms,
    };
    let problems = breathing::check_custom(&pattern).err().unwrap_or_default();
    let mut ok = failed.is_empty();
    for (key, message) in problems {
        if failed.contains(key) {
            continue;
        }
        ok = false;
        let span = values
            .iter()
            .find(|(k, _)| *k == key)
            .and_then(|(_, v)| v.map(Spanned::span))
            .unwrap_or_else(|| raw.span());
        c.push(
            span,
            None,
            &format!("{field}.{key}"),
            format!("{field}.{message}"),
        );
    }
    if !ok {
        return None;
    }
    Some(NamedPattern {
        name: name.to_owned(),
        pattern,
    })
}

fn build_step(
    c: &mut Checker<'_>,
    raw: &Spanned<RawStep>,
    ctx: &StepCtx,
    patterns: &BTreeMap<String, NamedPattern>,
) -> Option<Step> {
    let r = raw.get_ref();
    let before = c.errors.len();
    c.text(&r.title, Some(ctx), "title", MAX_TITLE_CHARS);
    c.text(&r.instruction, Some(ctx), "instruction", MAX_TEXT_CHARS);
    if let Some(say) = &r.say {
        c.text(say, Some(ctx), "say", MAX_TEXT_CHARS);
    }
    let sentences = sentence_count(r.instruction.get_ref());
    if sentences > MAX_SENTENCES {
        c.push(
            r.instruction.span(),
            Some(ctx),
            "instruction",
            format!("instruction must be 1 to {MAX_SENTENCES} sentences, got {sentences}"),
        );
    }
    let kind = parse_enum(
        c,
        &r.kind,
        Some(ctx),
        "kind",
        StepKind::parse,
        StepKind::expected,
    );
    let side = r
        .side
        .as_ref()
        .and_then(|s| parse_enum(c, s, Some(ctx), "side", Side::parse, Side::expected));

    let timing = timing(c, raw, ctx, patterns);

    let mut tags = BTreeSet::new();
    for tag in r.tags.get_ref() {
        match Tag::parse(tag.get_ref()) {
            Some(t) => {
                if !tags.insert(t) {
                    c.push(tag.span(), Some(ctx), "tags", format!("tag \"{t}\" is listed twice"));
                }
            }
            None => c.push(
                tag.span(),
                Some(ctx),
                "tags",
                format!(
                    "unknown tag \"{}\"; tags are massage, area:<area>, pressure-light, pressure-moderate, pressure-points, acupoint:<point>, heat, cold, paced-breathing, breath-hold, breath-hold-long, muscle-tensing, neck-movement, lying-down, eyes-closed, screen-off (see docs/routine-format.md)",
                    tag.get_ref()
                ),
            ),
        }
    }
    if let (Some(kind), Some(timing)) = (kind, timing.as_ref()) {
        check_tags(c, r, ctx, kind, timing, &tags);
    }

    if let Some(core) = &r.core
        && ctx.depth > 0
    {
        c.push(
            core.span(),
            Some(ctx),
            "core",
            "core is not allowed in a substitute".into(),
        );
    }
    let substitute = match &r.substitute {
        Some(sub) if ctx.depth + 1 > MAX_SUBSTITUTE_DEPTH => {
            c.push(
                sub.span(),
                Some(ctx),
                "substitute",
                format!("substitutes may nest at most {MAX_SUBSTITUTE_DEPTH} deep"),
            );
            None
        }
        Some(sub) => {
            let sub_ctx = StepCtx {
                depth: ctx.depth + 1,
                ..ctx.clone()
            };
            build_step(c, sub, &sub_ctx, patterns).map(Box::new)
        }
        None => None,
    };
    if c.errors.len() > before {
        return None;
    }
    Some(Step {
        title: r.title.get_ref().clone(),
        instruction: r.instruction.get_ref().clone(),
        say: r.say.as_ref().map(|s| s.get_ref().clone()),
        timing: timing?,
        kind: kind?,
        tags,
        side,
        substitute,
        core: r.core.as_ref().is_some_and(|c| *c.get_ref()),
    })
}

fn timing(
    c: &mut Checker<'_>,
    raw: &Spanned<RawStep>,
    ctx: &StepCtx,
    patterns: &BTreeMap<String, NamedPattern>,
) -> Option<Timing> {
    let r = raw.get_ref();
    match (&r.duration_secs, &r.breathing) {
        (Some(_), Some(b)) => {
            c.push(
                b.span(),
                Some(ctx),
                "breathing",
                "give either duration_secs or breathing, not both".into(),
            );
            None
        }
        (None, None) => {
            c.push(
                raw.span(),
                Some(ctx),
                "duration_secs",
                "a step needs duration_secs or breathing = { pattern = \"...\", cycles = N }"
                    .into(),
            );
            None
        }
        (Some(d), None) => {
            let secs = *d.get_ref();
            if secs < i64::from(MIN_STEP_SECS) || secs > i64::from(MAX_STEP_SECS) {
                c.push(
                    d.span(),
                    Some(ctx),
                    "duration_secs",
                    format!("duration_secs must be {MIN_STEP_SECS}..={MAX_STEP_SECS}, got {secs}"),
                );
                return None;
            }
            Some(Timing::Fixed { secs: secs as u32 })
        }
        (None, Some(b)) => {
            let b_ref = b.get_ref();
            let name = b_ref.pattern.get_ref();
            let pattern = breathing::builtin(name)
                .map(|p| NamedPattern {
                    name: p.name.to_owned(),
                    pattern: p.pattern,
                })
                .or_else(|| patterns.get(name).cloned());
            let Some(pattern) = pattern else {
                if c.refused_patterns.contains(name) {
                    return None;
                }
                let builtins: Vec<&str> =
                    breathing::BUILTIN_PATTERNS.iter().map(|p| p.name).collect();
                c.push(
                    b_ref.pattern.span(),
                    Some(ctx),
                    "breathing.pattern",
                    format!(
                        "breathing.pattern \"{name}\" is neither built in ({}) nor declared under [patterns]",
                        builtins.join(", ")
                    ),
                );
                return None;
            };
            let cycles = *b_ref.cycles.get_ref();
            if cycles < 1 || cycles > 10_000 {
                c.push(
                    b_ref.cycles.span(),
                    Some(ctx),
                    "breathing.cycles",
                    format!("breathing.cycles must be at least 1, got {cycles}"),
                );
                return None;
            }
            let total_ms = u64::from(pattern.pattern.cycle_ms()) * cycles as u64;
            let (min, max) = (
                u64::from(MIN_STEP_SECS) * 1_000,
                u64::from(MAX_STEP_SECS) * 1_000,
            );
            if total_ms < min || total_ms > max {
                c.push(
                    b_ref.cycles.span(),
                    Some(ctx),
                    "breathing.cycles",
                    format!(
                        "breathing must last {MIN_STEP_SECS}..={MAX_STEP_SECS} seconds, got {cycles} cycles of {} s = {} s",
                        f64::from(pattern.pattern.cycle_ms()) / 1_000.0,
                        total_ms as f64 / 1_000.0
                    ),
                );
                return None;
            }
            Some(Timing::Breathing {
                pattern,
                cycles: cycles as u32,
            })
        }
    }
}

/// Tags must tell the truth, because safety rules only see tags.
fn check_tags(
    c: &mut Checker<'_>,
    r: &RawStep,
    ctx: &StepCtx,
    kind: StepKind,
    timing: &Timing,
    tags: &BTreeSet<Tag>,
) {
    let span = r.tags.span();
    let touch_detail = tags.iter().any(|t| {
        matches!(
            t,
            Tag::Acupoint(_) | Tag::PressureLight | Tag::PressureModerate | Tag::PressurePoints
        )
    });
    let has_area = tags.iter().any(|t| matches!(t, Tag::Area(_)));
    let massage = tags.contains(&Tag::Massage);
    // An area is where hands touch, or where a warm or cold pack rests.
    let thermal = tags.contains(&Tag::Heat) || tags.contains(&Tag::Cold);
    if kind == StepKind::Massage && !massage {
        c.push(
            span.clone(),
            Some(ctx),
            "tags",
            "a massage step must carry the tag \"massage\"".into(),
        );
    }
    if massage && kind != StepKind::Massage {
        c.push(
            span.clone(),
            Some(ctx),
            "tags",
            format!("the tag \"massage\" needs kind = \"massage\", got \"{kind}\""),
        );
    }
    if massage && !has_area {
        c.push(
            span.clone(),
            Some(ctx),
            "tags",
            "a massage step must name the area it touches (area:<area>)".into(),
        );
    }
    let pressures: Vec<String> = tags
        .iter()
        .filter(|t| t.is_pressure())
        .map(ToString::to_string)
        .collect();
    if massage && pressures.len() != 1 {
        let got = if pressures.is_empty() {
            "none".to_owned()
        } else {
            pressures.join(", ")
        };
        c.push(
            span.clone(),
            Some(ctx),
            "tags",
            format!(
                "a massage step must carry exactly one pressure tag (pressure-light, pressure-moderate or pressure-points), got {got}; the safety rules for firm pressure depend on it"
            ),
        );
    }
    if touch_detail && !massage {
        c.push(
            span.clone(),
            Some(ctx),
            "tags",
            "pressure and acupoint tags need the tag \"massage\"".into(),
        );
    }
    if has_area && !massage && !thermal {
        c.push(
            span.clone(),
            Some(ctx),
            "tags",
            "area tags need the tag \"massage\" (hands touch it), or \"heat\" or \"cold\" (a pack rests on it)".into(),
        );
    }
    if tags.contains(&Tag::BreathHoldLong) && !tags.contains(&Tag::BreathHold) {
        c.push(
            span.clone(),
            Some(ctx),
            "tags",
            "\"breath-hold-long\" also needs \"breath-hold\"".into(),
        );
    }
    let holds = tags.contains(&Tag::BreathHold) || tags.contains(&Tag::BreathHoldLong);
    if holds && matches!(timing, Timing::Fixed { .. }) {
        // Breath holds are always optional: a breathing pattern can be made hold-free, but a
        // step timed by duration_secs cannot, so it needs a substitute without holds.
        let hold_free_substitute = r.substitute.as_ref().is_some_and(|sub| {
            sub.get_ref().tags.get_ref().iter().all(|t| {
                !matches!(
                    Tag::parse(t.get_ref()),
                    Some(Tag::BreathHold | Tag::BreathHoldLong)
                )
            })
        });
        if !hold_free_substitute {
            c.push(
                span.clone(),
                Some(ctx),
                "tags",
                "a step with \"breath-hold\" but no breathing = { ... } cannot be made hold-free, so it needs a substitute without \"breath-hold\" or \"breath-hold-long\" (breath holds are always optional)".into(),
            );
        }
    }
    if let Timing::Breathing { pattern, .. } = timing {
        if kind != StepKind::Breathing {
            c.push(
                r.kind.span(),
                Some(ctx),
                "kind",
                format!("a step with breathing = {{ ... }} must have kind = \"breathing\", got \"{kind}\""),
            );
        }
        let p = pattern.pattern;
        if p.has_holds() != tags.contains(&Tag::BreathHold) {
            let message = if p.has_holds() {
                format!(
                    "pattern \"{}\" holds the breath, so the step must carry \"breath-hold\"",
                    pattern.name
                )
            } else {
                format!(
                    "pattern \"{}\" has no hold, so the step must not carry \"breath-hold\"",
                    pattern.name
                )
            };
            c.push(span.clone(), Some(ctx), "tags", message);
        }
        if p.has_long_hold() != tags.contains(&Tag::BreathHoldLong) {
            let message = if p.has_long_hold() {
                format!(
                    "pattern \"{}\" holds for 7 s or more, so the step must carry \"breath-hold-long\"",
                    pattern.name
                )
            } else {
                format!(
                    "pattern \"{}\" has no hold of 7 s or more, so the step must not carry \"breath-hold-long\"",
                    pattern.name
                )
            };
            c.push(span, Some(ctx), "tags", message);
        }
    }
}
