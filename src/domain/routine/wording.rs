//! The words of a step against its tags: a step's title and instruction must not name an
//! area, a point, a pressure, a hold or a position that its tags do not declare, because the
//! safety rules see only tags (issue 9, item 7).
//!
//! Pure. The rules are phrase patterns over lower-cased words, each with a scope:
//!
//! - **Touch** words (areas, points) count in a massage step, where every area named is
//!   taken to be touched (describe relaxation in other words, e.g. "let your teeth part"
//!   rather than "let your jaw stay loose"); and in a warm or cold step only in a sentence
//!   that names the pack, cloth or compress (that is where it rests). Elsewhere ("rest your
//!   hands in your lap", "let your shoulders sink") they are where things rest, not touch.
//!   The hands are the tools of self-massage, so "hand", "palm" and "thumb" alone never
//!   count: only phrases that make the hand the target do ("over the palm", "each finger",
//!   "the heel of the hand", "the web between thumb and index finger").
//! - **Massage** words (hold, pause, knead, squeeze, press, firm, "for about twenty
//!   seconds") count in massage steps only.
//! - **Breathing** words ("hold", "pause") count in breathing steps only; "hold your breath"
//!   counts anywhere.
//! - **Tensing** words (tense, tighten, clench, squeeze, fists, frown, shrug, scrunch) count
//!   outside massage steps, in a sentence that does not make the effort gentle ("at about
//!   half your effort", "a little", "softly", "gently", "lightly", "briefly", "loose"):
//!   `muscle-tensing` means forceful tensing.
//! - **Anywhere**: positions ("on your back"), neck movement (tilts, "turn your head"),
//!   heat and cold packs, closing the eyes, and promises of a voice (Lull has no spoken
//!   guidance yet, so no text may promise it).
//!
//! A short allow-list ([`ALLOWED`]) masks the phrases that name a word in order to rule it
//! out ("never press the front or sides of your neck", "with no pauses", "hold your left
//! hand palm up"…). Nothing else is special-cased.

use std::fmt;

use super::Routine;
use super::step::Step;
use crate::domain::tag::{Acupoint, Area, Tag};
use crate::domain::vocabulary::StepKind;
use crate::domain::wellness;

/// What a word needs: any one of these tags.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    /// One of these tags.
    Tags(&'static [Tag]),
    /// Nothing can make it true: the text must change (a promise of a voice).
    Reword(&'static str),
}

/// A word found in a step's text that its tags do not cover.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    /// The words found, lower-cased ("temples", "on your back").
    pub found: String,
    /// What they need.
    pub need: Need,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.need {
            Need::Tags(tags) => {
                let names: Vec<String> = tags.iter().map(ToString::to_string).collect();
                write!(
                    f,
                    "says \"{}\" but is not tagged {}",
                    self.found,
                    names.join(" or ")
                )
            }
            Need::Reword(why) => write!(f, "says \"{}\": {why}", self.found),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    Touch,
    Massage,
    Breathing,
    Tensing,
    Anywhere,
}

struct Rule {
    scope: Scope,
    phrases: &'static [&'static str],
    need: Need,
}

/// Packs, cloths and compresses: in a warm or cold step, an area in the same sentence is
/// where the pack rests.
const PACKS: &str = "pack|packs|cloth|compress|towel|flannel|pad|bottle|wrap";

/// Phrases that name a word to rule it out; their words are never matched by any rule.
/// `*` is any one word, `a|b` either word, a trailing `?` an optional word.
pub const ALLOWED: &[&str] = &[
    "front or sides of the|your neck",
    "neck pain",
    "hold your? left|right? hand|hands",
    "hold one|each|the hand",
    "hold the pack|cloth|compress",
    "barely moving the skin",
    "without|never|no|nothing press|pressing|presses",
    "no|never tense|tensing",
    "no|without hold|holds|holding|pause|pauses",
    "if you used a cold|cool pack",
];

const fn tags(t: &'static [Tag]) -> Need {
    Need::Tags(t)
}

const PRESSING: &[Tag] = &[Tag::PressureModerate, Tag::PressurePoints];

const RULES: &[Rule] = &[
    // Areas and points.
    Rule {
        scope: Scope::Touch,
        phrases: &["temple", "temples"],
        need: tags(&[Tag::Area(Area::Temples)]),
    },
    Rule {
        scope: Scope::Touch,
        phrases: &["forehead", "brow|brows|eyebrow|eyebrows"],
        need: tags(&[Tag::Area(Area::Forehead)]),
    },
    Rule {
        scope: Scope::Touch,
        phrases: &[
            "face|cheek|cheeks|cheekbone|cheekbones|nose|eyelid|eyelids",
            "eye|eyes",
        ],
        need: tags(&[Tag::Area(Area::Face)]),
    },
    Rule {
        scope: Scope::Touch,
        phrases: &["jaw|jaws|masseter"],
        need: tags(&[Tag::Area(Area::Jaw)]),
    },
    Rule {
        scope: Scope::Touch,
        phrases: &["scalp|crown", "back of the|your head"],
        need: tags(&[Tag::Area(Area::Scalp)]),
    },
    Rule {
        scope: Scope::Touch,
        phrases: &[
            "neck|necks|suboccipital",
            "base of the|your skull",
            "below the skull",
        ],
        need: tags(&[Tag::Area(Area::NeckBack)]),
    },
    Rule {
        scope: Scope::Touch,
        phrases: &["shoulder|shoulders|trapezius"],
        need: tags(&[Tag::Area(Area::Shoulders)]),
    },
    Rule {
        scope: Scope::Touch,
        phrases: &[
            "over|across|into|along the|one|your left|right? palm|palms",
            "each|every finger",
            "heel of the hand",
            "back of the|your hand",
            "palms together",
            "knuckle|knuckles",
            "thumb web",
            "web between",
            "between your left|right? thumb and index finger",
        ],
        need: tags(&[Tag::Area(Area::Hands)]),
    },
    Rule {
        scope: Scope::Touch,
        phrases: &["forearm|forearms|wrist|wrists|elbow|elbows"],
        need: tags(&[Tag::Area(Area::Forearms)]),
    },
    Rule {
        scope: Scope::Touch,
        phrases: &["foot|feet|sole|soles|toe|toes"],
        need: tags(&[Tag::Area(Area::Feet)]),
    },
    Rule {
        scope: Scope::Touch,
        phrases: &["ankle|ankles"],
        need: tags(&[Tag::Area(Area::Ankles)]),
    },
    Rule {
        scope: Scope::Touch,
        phrases: &["calf|calves|shin|shins"],
        need: tags(&[Tag::Area(Area::Calves)]),
    },
    Rule {
        scope: Scope::Touch,
        phrases: &["hollow|hollows", "gb20"],
        need: tags(&[Tag::Acupoint(Acupoint::Gb20)]),
    },
    Rule {
        scope: Scope::Touch,
        phrases: &["between the|your eyebrows", "yintang"],
        need: tags(&[Tag::Acupoint(Acupoint::Yintang)]),
    },
    Rule {
        scope: Scope::Touch,
        phrases: &[
            "thumb web",
            "web between",
            "between your left|right? thumb and index finger",
            "li4|hegu",
        ],
        need: tags(&[Tag::Acupoint(Acupoint::Li4)]),
    },
    Rule {
        scope: Scope::Touch,
        phrases: &["midway between", "gb21"],
        need: tags(&[Tag::Acupoint(Acupoint::Gb21)]),
    },
    // Pressure.
    Rule {
        scope: Scope::Massage,
        phrases: &[
            "hold|holds|holding|pause|pauses",
            "for about? five|ten|fifteen|twenty|thirty|forty|sixty|5|10|15|20|30|40|60 seconds",
        ],
        need: tags(&[Tag::PressurePoints]),
    },
    Rule {
        scope: Scope::Massage,
        phrases: &[
            "knead|kneads|kneading|squeeze|squeezes|squeezing|firm|firmly|press|presses|pressing",
            "move|moves|moving the skin|scalp|muscle",
            "walk your thumbs",
        ],
        need: tags(PRESSING),
    },
    // Breath holds.
    Rule {
        scope: Scope::Anywhere,
        phrases: &["hold|holding your|the breath", "breath hold|holds"],
        need: tags(&[Tag::BreathHold]),
    },
    Rule {
        scope: Scope::Breathing,
        phrases: &["hold|holds|holding|pause|pauses|paused"],
        need: tags(&[Tag::BreathHold]),
    },
    // Tensing.
    Rule {
        scope: Scope::Tensing,
        phrases: &[
            "tense|tensing|tighten|tightening|clench|clenching|squeeze|squeezing|fist|fists|frown|shrug|scrunch",
        ],
        need: tags(&[Tag::MuscleTensing]),
    },
    // Anywhere.
    Rule {
        scope: Scope::Anywhere,
        phrases: &["on your back", "lie|lying flat", "supine"],
        need: tags(&[Tag::LyingDown]),
    },
    Rule {
        scope: Scope::Anywhere,
        phrases: &[
            "tilt|tilts|tilting",
            "turn|roll|nod your head",
            "tuck your chin",
            "ear drift",
        ],
        need: tags(&[Tag::NeckMovement]),
    },
    Rule {
        scope: Scope::Anywhere,
        phrases: &[
            "heat|heating|hot",
            "warm pack|packs|cloth|compress|towel|flannel|pad|bottle|wrap",
        ],
        need: tags(&[Tag::Heat]),
    },
    Rule {
        scope: Scope::Anywhere,
        phrases: &[
            "ice|icy|frozen",
            "cold|cool|chilled pack|packs|cloth|compress|towel|flannel|pad|bottle|wrap",
        ],
        need: tags(&[Tag::Cold]),
    },
    Rule {
        scope: Scope::Anywhere,
        phrases: &[
            "close|shut your eyes",
            "eyes closed|shut",
            "closed eyes",
            "squeeze your eyes",
        ],
        need: tags(&[Tag::EyesClosed]),
    },
    Rule {
        scope: Scope::Anywhere,
        phrases: &[
            "voice|voices|spoken|narrator|narration",
            "count for you",
            "talk you through",
        ],
        need: Need::Reword(
            "Lull has no spoken guidance; say what the chime means instead (a soft chime marks each new step, a bell the end)",
        ),
    },
];

/// Words that make tensing gentle when they share its sentence.
const GENTLE: &[&str] = &[
    "half your effort",
    "a little",
    "softly",
    "lightly",
    "gently",
    "briefly",
    "loose",
];

#[derive(Debug)]
struct Token {
    word: String,
    sentence: usize,
}

fn tokenize(text: &str, first_sentence: usize) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut sentence = first_sentence;
    let mut word = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphanumeric()
            || (c == '\'' && !word.is_empty() && chars.peek().is_some_and(|n| n.is_alphabetic()))
        {
            word.extend(c.to_lowercase());
            continue;
        }
        if !word.is_empty() {
            tokens.push(Token {
                word: std::mem::take(&mut word),
                sentence,
            });
        }
        if matches!(c, '.' | '!' | '?' | ';' | ':') {
            sentence += 1;
        }
    }
    if !word.is_empty() {
        tokens.push(Token { word, sentence });
    }
    tokens
}

/// Whether pattern word `p` (alternatives joined by `|`, `*` for any) matches `word`.
fn word_matches(p: &str, word: &str) -> bool {
    p == "*" || p.split('|').any(|alt| alt == word)
}

/// The length in tokens of `pattern` matched at `tokens[at..]`, if it matches.
fn match_at(pattern: &[&str], tokens: &[&Token], at: usize) -> Option<usize> {
    let Some((first, rest)) = pattern.split_first() else {
        return Some(0);
    };
    let (p, optional) = match first.strip_suffix('?') {
        Some(p) => (p, true),
        None => (*first, false),
    };
    if let Some(t) = tokens.get(at)
        && word_matches(p, &t.word)
        && let Some(n) = match_at(rest, tokens, at + 1)
    {
        return Some(n + 1);
    }
    if optional {
        return match_at(rest, tokens, at);
    }
    None
}

/// Every match of `phrase` in `tokens`, as token ranges.
fn find(phrase: &str, tokens: &[&Token]) -> Vec<std::ops::Range<usize>> {
    let pattern: Vec<&str> = phrase.split(' ').collect();
    (0..tokens.len())
        .filter_map(|i| {
            match_at(&pattern, tokens, i)
                .filter(|&n| n > 0)
                .map(|n| i..i + n)
        })
        .collect()
}

fn joined(tokens: &[&Token]) -> String {
    tokens
        .iter()
        .map(|t| t.word.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `tags` satisfy `need`.
fn satisfied(need: Need, step: &Step) -> bool {
    match need {
        Need::Tags(tags) => tags.iter().any(|t| step.has(*t)),
        Need::Reword(_) => false,
    }
}

/// The words of one step's title, instruction and spoken text (`say`) that its tags do not cover (its
/// substitutes are steps of their own: check them separately). One mismatch per rule, for
/// the first word found.
pub fn step_mismatches(step: &Step) -> Vec<Mismatch> {
    let mut tokens = tokenize(&step.title, 0);
    for text in std::iter::once(&step.instruction).chain(&step.say) {
        let next = tokens.last().map_or(0, |t| t.sentence) + 1;
        tokens.extend(tokenize(text, next));
    }
    let all: Vec<&Token> = tokens.iter().collect();

    let mut masked = vec![false; all.len()];
    for phrase in ALLOWED {
        for range in find(phrase, &all) {
            masked[range].iter_mut().for_each(|m| *m = true);
        }
    }
    let sentence_has = |sentence: usize, phrases: &[&str]| {
        let words: Vec<&Token> = all
            .iter()
            .copied()
            .filter(|t| t.sentence == sentence)
            .collect();
        phrases.iter().any(|p| !find(p, &words).is_empty())
    };
    let massage = step.kind == StepKind::Massage;
    let thermal = step.has(Tag::Heat) || step.has(Tag::Cold);
    let in_scope = |scope: Scope, sentence: usize| match scope {
        Scope::Anywhere => true,
        Scope::Massage => massage,
        Scope::Breathing => step.kind == StepKind::Breathing,
        Scope::Touch => massage || (thermal && sentence_has(sentence, &[PACKS])),
        Scope::Tensing => !massage && !sentence_has(sentence, GENTLE),
    };

    let mut found = Vec::new();
    for rule in RULES {
        if satisfied(rule.need, step) {
            continue;
        }
        let hit = rule.phrases.iter().find_map(|phrase| {
            find(phrase, &all).into_iter().find(|range| {
                !masked[range.clone()].iter().any(|m| *m)
                    && in_scope(rule.scope, all[range.start].sentence)
            })
        });
        if let Some(range) = hit {
            found.push(Mismatch {
                found: joined(&all[range]),
                need: rule.need,
            });
        }
    }
    found
}

/// A warning about a routine that still loads: where it is and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// The 1-based step number and title (the top-level step's, for a substitute).
    pub step: Option<(usize, String)>,
    /// 0 for the step itself, 1 for its substitute, 2 for the substitute's…
    pub substitute_depth: usize,
    /// The field the words are in: `title`, `summary` or `instruction`.
    pub field: &'static str,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some((number, title)) = &self.step {
            write!(f, "step {number} \"{title}\"")?;
            if self.substitute_depth > 0 {
                f.write_str(" (substitute")?;
                if self.substitute_depth > 1 {
                    write!(f, " {}", self.substitute_depth)?;
                }
                f.write_str(")")?;
            }
        } else {
            f.write_str(self.field)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Every wording warning for a routine: words its tags do not cover (each step and each
/// substitute), health claims and forceful wording in its title, summary and steps.
pub fn routine_warnings(routine: &Routine) -> Vec<Warning> {
    let mut out = Vec::new();
    for (field, text) in [("title", &routine.title), ("summary", &routine.summary)] {
        for claim in wellness::user_claims(text) {
            out.push(Warning {
                step: None,
                substitute_depth: 0,
                field,
                message: claim.to_string(),
            });
        }
    }
    for (i, top) in routine.steps.iter().enumerate() {
        for (depth, s) in top.versions().enumerate() {
            let at = |message: String, field| Warning {
                step: Some((i + 1, top.title.clone())),
                substitute_depth: depth,
                field,
                message,
            };
            for m in step_mismatches(s) {
                out.push(at(m.to_string(), "instruction"));
            }
            let said = s.say.iter().map(|t| ("say", t));
            for (field, text) in [("title", &s.title), ("instruction", &s.instruction)]
                .into_iter()
                .chain(said)
            {
                for claim in wellness::user_claims(text) {
                    out.push(at(claim.to_string(), field));
                }
            }
        }
    }
    for number in unexplained_screen_off(routine) {
        out.push(Warning {
            step: Some((number, routine.steps[number - 1].title.clone())),
            substitute_depth: 0,
            field: "instruction",
            message: "the screen goes dark here, but neither this step nor the one before says what the chime means (e.g. \"a soft chime marks each new step, and a bell the end\")".to_owned(),
        });
    }
    out
}

/// Whether `text` says what the step-change chime means ("a soft chime marks…").
pub fn explains_the_chime(text: &str) -> bool {
    let lower = text.to_lowercase();
    lower.contains("chime") && lower.contains("mark")
}

/// Steps (1-based) that start a stretch of `screen-off` steps while neither they nor the
/// step before them say what the chime means, in every version a user may get (the step
/// and each of its substitutes). The voice may be off, or no voice engine installed: then
/// the chime is how guidance reaches someone whose screen is dark and whose eyes are
/// closed, so its meaning must be on screen before the screen goes dark.
pub fn unexplained_screen_off(routine: &Routine) -> Vec<usize> {
    let every_version_explains =
        |step: &Step| step.versions().all(|s| explains_the_chime(&s.instruction));
    let steps = &routine.steps;
    (0..steps.len())
        .filter(|&k| {
            let starts_dark =
                steps[k].has(Tag::ScreenOff) && (k == 0 || !steps[k - 1].has(Tag::ScreenOff));
            starts_dark
                && !every_version_explains(&steps[k])
                && !(k > 0 && every_version_explains(&steps[k - 1]))
        })
        .map(|k| k + 1)
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::domain::routine::Timing;

    fn step(kind: StepKind, tags: &[Tag], text: &str) -> Step {
        Step {
            title: "T".into(),
            instruction: text.into(),
            say: None,
            timing: Timing::Fixed { secs: 30 },
            kind,
            tags: tags.iter().copied().collect::<BTreeSet<_>>(),
            side: None,
            substitute: None,
            core: false,
        }
    }

    fn said(kind: StepKind, tags: &[Tag], text: &str) -> Vec<String> {
        step_mismatches(&step(kind, tags, text))
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    const FOREHEAD: &[Tag] = &[Tag::Massage, Tag::Area(Area::Forehead), Tag::PressureLight];

    #[test]
    fn an_area_named_in_a_massage_step_needs_its_tag() {
        assert_eq!(
            said(
                StepKind::Massage,
                FOREHEAD,
                "Glide your fingertips outwards to your temples."
            ),
            ["says \"temples\" but is not tagged area:temples"]
        );
        assert!(said(StepKind::Massage, FOREHEAD, "Smooth along your brows.").is_empty());
    }

    #[test]
    fn resting_hands_and_relaxed_parts_are_not_touch() {
        for text in [
            "Rest your hands in your lap and let your shoulders sink.",
            "Let your jaw loosen and your neck lengthen.",
        ] {
            assert!(said(StepKind::Rest, &[], text).is_empty(), "{text}");
            assert!(
                said(StepKind::Breathing, &[Tag::PacedBreathing], text).is_empty(),
                "{text}"
            );
        }
        // In a massage step, the hands are the tools.
        let shoulders = [Tag::Massage, Tag::Area(Area::Shoulders), Tag::PressureLight];
        assert!(
            said(
                StepKind::Massage,
                &shoulders,
                "Cross your arms and rest each hand on the opposite shoulder, then stroke lightly."
            )
            .is_empty()
        );
        assert_eq!(
            said(
                StepKind::Massage,
                &shoulders,
                "Stroke outwards from the base of your neck."
            ),
            ["says \"neck\" but is not tagged area:neck-back"]
        );
    }

    #[test]
    fn a_pack_rests_where_its_sentence_says() {
        let cold = [Tag::Cold];
        assert_eq!(
            said(
                StepKind::Prepare,
                &cold,
                "Rest a cold pack on your forehead. Let your jaw go soft."
            ),
            ["says \"forehead\" but is not tagged area:forehead"]
        );
        assert_eq!(
            said(StepKind::Rest, &[], "Rest a cold pack on your forehead."),
            ["says \"cold pack\" but is not tagged cold"]
        );
    }

    #[test]
    fn holds_mean_point_pressure_in_massage_and_breath_holds_in_breathing() {
        let kneading = [
            Tag::Massage,
            Tag::Area(Area::Shoulders),
            Tag::PressureModerate,
        ];
        assert_eq!(
            said(
                StepKind::Massage,
                &kneading,
                "Squeeze the shoulder, hold for a moment and let go."
            ),
            ["says \"hold\" but is not tagged pressure-points"]
        );
        let hands = [Tag::Massage, Tag::Area(Area::Hands), Tag::PressureLight];
        assert!(
            said(
                StepKind::Massage,
                &hands,
                "Hold your left hand palm up and stroke across the palm lightly."
            )
            .is_empty()
        );
        assert_eq!(
            said(
                StepKind::Massage,
                &hands,
                "Stroke across the palm, then press for about ten seconds."
            ),
            [
                "says \"for about ten seconds\" but is not tagged pressure-points",
                "says \"press\" but is not tagged pressure-moderate or pressure-points"
            ]
        );
        assert_eq!(
            said(
                StepKind::Breathing,
                &[Tag::PacedBreathing],
                "Breathe in for four, pause, out for four."
            ),
            ["says \"pause\" but is not tagged breath-hold"]
        );
        assert!(
            said(
                StepKind::Breathing,
                &[Tag::PacedBreathing],
                "In for four, out for four, with no pauses."
            )
            .is_empty()
        );
        assert!(
            said(
                StepKind::TenseRelease,
                &[Tag::MuscleTensing],
                "Make fists and keep breathing while you hold it."
            )
            .is_empty()
        );
    }

    #[test]
    fn only_forceful_tensing_needs_the_tag() {
        assert_eq!(
            said(StepKind::TenseRelease, &[], "Squeeze your fists tight."),
            ["says \"squeeze\" but is not tagged muscle-tensing"]
        );
        assert!(
            said(
                StepKind::TenseRelease,
                &[],
                "Make loose fists, at about half your effort."
            )
            .is_empty()
        );
        assert!(
            said(
                StepKind::Prepare,
                &[],
                "Never tense to the point of pain. Leave your belly with no tensing."
            )
            .is_empty()
        );
    }

    #[test]
    fn positions_eyes_neck_movement_and_voices_count_anywhere() {
        assert_eq!(
            said(StepKind::Prepare, &[], "Lie on your back in bed."),
            ["says \"on your back\" but is not tagged lying-down"]
        );
        assert_eq!(
            said(StepKind::BodyScan, &[], "Close your eyes."),
            ["says \"close your eyes\" but is not tagged eyes-closed"]
        );
        assert_eq!(
            said(StepKind::Prepare, &[], "Gently tilt your head."),
            ["says \"tilt\" but is not tagged neck-movement"]
        );
        let voice = said(
            StepKind::Prepare,
            &[Tag::ScreenOff],
            "The voice will guide you.",
        );
        assert_eq!(voice.len(), 1);
        assert!(voice[0].starts_with("says \"voice\": Lull has no spoken guidance"));
        assert_eq!(
            said(StepKind::Prepare, &[], "Lull will count for you.").len(),
            1
        );
    }

    #[test]
    fn negations_in_the_allow_list_are_not_claims_of_touch() {
        let neck = [
            Tag::Massage,
            Tag::Area(Area::NeckBack),
            Tag::Acupoint(Acupoint::Gb20),
            Tag::PressurePoints,
        ];
        assert!(
            said(
                StepKind::Massage,
                &neck,
                "Press the hollows below the base of your skull for ten seconds. Never press the front or sides of your neck."
            )
            .is_empty()
        );
        let temples = [Tag::Massage, Tag::Area(Area::Temples), Tag::PressureLight];
        assert!(
            said(
                StepKind::Massage,
                &temples,
                "Glide back over your temples, barely moving the skin, without pressing. Stop if you feel neck pain."
            )
            .is_empty()
        );
    }
}
