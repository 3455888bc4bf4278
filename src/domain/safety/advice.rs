//! What the user is told to do, in words: the emergency, urgent and see-a-doctor advice and
//! the "today" advice of a condition. One source for the app and the CLI, so every path says
//! the same, with the user's own emergency number.

use super::answers::ScreeningAnswers;
use super::red_flag::{HeadacheTier, headache_check};

/// The emergency screen's heading.
pub const EMERGENCY_HEADLINE: &str = "This needs emergency help now";
/// The line before the number.
pub const EMERGENCY_CALL: &str =
    "The signs you ticked can mean something serious. Please stop and call:";
/// What to do while help comes.
pub const EMERGENCY_STEPS: [&str; 4] = [
    "Don't drive yourself — wait for help.",
    "If you can, ask someone to stay with you, and unlock the door.",
    "Note the time your symptoms started; you will be asked.",
    "If you are unsure, call anyway: it is better to be checked.",
];
/// The stroke signs' heading.
pub const FAST_TITLE: &str = "Signs of a stroke — act FAST";
/// The stroke signs.
pub const FAST_SIGNS: &str =
    "Face drooping on one side · Arm weakness · Speech slurred or strange · Time to call now.";

/// The urgent screen's heading.
pub const URGENT_HEADLINE: &str = "Please get medical advice today";
/// Where to get it.
pub const URGENT_WHERE: &str = "Contact your doctor, an urgent-care clinic, or your local health advice line (for example NHS 111 in England).";
/// What stays off.
pub const URGENT_OFF: &str = "Head and neck massage is switched off for the rest of today, or until you answer the headache questions again. While you arrange care, a calm breathing routine may help you feel steadier.";

/// When things get worse after an urgent answer.
pub fn urgent_worse(number: &str) -> String {
    format!(
        "If things get worse — a sudden severe headache, weakness, trouble speaking, confusion, a stiff neck with fever — call {number}."
    )
}

/// The see-a-doctor screen's heading.
pub const SEE_DOCTOR_HEADLINE: &str = "Worth seeing a doctor soon";
/// Why, and the diary.
pub const SEE_DOCTOR_WHY: &str = "Headaches that change, keep coming back, or need painkillers on many days are worth talking through with your doctor: book an appointment. A headache diary (when, how long, how bad, what you took) helps them.";

/// The whole emergency advice as plain text lines, for a terminal.
pub fn emergency_lines(number: &str, fast_signs: bool) -> Vec<String> {
    let mut lines = vec![
        format!("EMERGENCY: {EMERGENCY_HEADLINE}."),
        format!("{EMERGENCY_CALL} {number}"),
    ];
    lines.extend(EMERGENCY_STEPS.iter().map(|s| format!("  - {s}")));
    if fast_signs {
        lines.push(format!("{FAST_TITLE}: {FAST_SIGNS}"));
    }
    lines
}

/// The advice a headache tier calls for, as plain text lines (none when clear).
pub fn headache_lines(tier: HeadacheTier, number: &str, fast_signs: bool) -> Vec<String> {
    match tier {
        HeadacheTier::Emergency => emergency_lines(number, fast_signs),
        HeadacheTier::Urgent => vec![
            format!("URGENT: {URGENT_HEADLINE}. {URGENT_WHERE}"),
            urgent_worse(number),
            URGENT_OFF.to_owned(),
        ],
        HeadacheTier::SeeDoctor => vec![format!(
            "SEE A DOCTOR: {SEE_DOCTOR_HEADLINE}. {SEE_DOCTOR_WHY}"
        )],
        HeadacheTier::Clear => Vec::new(),
    }
}

/// Everything the app would show for these answers before any routine, most urgent first,
/// as plain text lines: the headache advice, then a condition's advice for today (a painful,
/// swollen calf: get medical advice today). Empty when there is nothing to say.
pub fn advice_lines(answers: &ScreeningAnswers, number: &str) -> Vec<String> {
    let flags: Vec<_> = answers.headache.iter().copied().collect();
    let result = headache_check(&flags);
    let fast = result.reasons.iter().any(|f| f.shows_fast_signs());
    let mut lines = headache_lines(result.tier, number, fast);
    for c in &answers.conditions {
        if let Some(advice) = c.advice_today() {
            lines.push(format!("TODAY: {advice}"));
        }
    }
    lines
}

/// The main zones of the US, Canada and Mexico (911); more are matched by prefix below.
const NORTH_AMERICA_911: [&str; 24] = [
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Phoenix",
    "America/Anchorage",
    "America/Adak",
    "America/Detroit",
    "America/Boise",
    "America/Juneau",
    "America/Toronto",
    "America/Vancouver",
    "America/Edmonton",
    "America/Winnipeg",
    "America/Halifax",
    "America/St_Johns",
    "America/Regina",
    "America/Moncton",
    "America/Whitehorse",
    "America/Yellowknife",
    "America/Iqaluit",
    "America/Mexico_City",
    "America/Puerto_Rico",
    "Pacific/Honolulu",
];

/// A likely emergency number for an IANA time zone, to pre-fill the first-run question (the
/// user always confirms it). `None` where the zone does not say (UTC, or a zone not listed):
/// the user types it. Sources: the EU's single number 112 (also in the UK, 999 there by
/// habit); 911 in the US, Canada and Mexico; 000 in Australia; 111 in New Zealand; 112 in
/// India; 119 in Japan and Korea; 999 in Hong Kong; 995 (ambulance) in Singapore.
pub fn emergency_number_for_time_zone(zone: &str) -> Option<&'static str> {
    const UK: [&str; 6] = [
        "Europe/London",
        "Europe/Belfast",
        "Europe/Guernsey",
        "Europe/Isle_of_Man",
        "Europe/Jersey",
        "Europe/Gibraltar",
    ];
    const EUROPE_112_ATLANTIC: [&str; 5] = [
        "Atlantic/Reykjavik",
        "Atlantic/Canary",
        "Atlantic/Madeira",
        "Atlantic/Azores",
        "Atlantic/Faroe",
    ];
    if UK.contains(&zone) {
        return Some("999");
    }
    if zone == "Europe/Minsk" {
        return None;
    }
    if zone.starts_with("Europe/") || EUROPE_112_ATLANTIC.contains(&zone) {
        return Some("112");
    }
    if NORTH_AMERICA_911.contains(&zone)
        || [
            "America/Indiana/",
            "America/Kentucky/",
            "America/North_Dakota/",
            "US/",
            "Canada/",
        ]
        .iter()
        .any(|p| zone.starts_with(p))
    {
        return Some("911");
    }
    if zone.starts_with("Australia/") {
        return Some("000");
    }
    match zone {
        "Pacific/Auckland" | "Pacific/Chatham" | "NZ" => Some("111"),
        "Asia/Kolkata" | "Asia/Calcutta" => Some("112"),
        "Asia/Tokyo" | "Japan" | "Asia/Seoul" | "ROK" => Some("119"),
        "Asia/Hong_Kong" | "Hongkong" => Some("999"),
        "Asia/Singapore" | "Singapore" => Some("995"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::safety::{Condition, RedFlag};

    #[test]
    fn every_tier_and_the_calf_say_what_to_do_with_the_users_number() {
        let mut a = ScreeningAnswers::default();
        assert!(advice_lines(&a, "999").is_empty());
        a.headache.insert(RedFlag::NeuroSymptoms);
        let lines = advice_lines(&a, "999").join("\n");
        assert!(lines.starts_with("EMERGENCY"), "{lines}");
        assert!(
            lines.contains("call: 999") && lines.contains("act FAST"),
            "{lines}"
        );
        assert!(lines.contains("Note the time"));
        let mut urgent = ScreeningAnswers::default();
        urgent.headache.insert(RedFlag::UnexplainedVomiting);
        let lines = advice_lines(&urgent, "000").join("\n");
        assert!(lines.contains("medical advice today") && lines.contains("call 000."));
        let mut see = ScreeningAnswers::default();
        see.headache.insert(RedFlag::PatternChanged);
        assert!(
            advice_lines(&see, "1")
                .join(" ")
                .contains("book an appointment")
        );
        let mut calf = ScreeningAnswers::default();
        calf.conditions.insert(Condition::CalfPainSwellingNow);
        assert!(advice_lines(&calf, "1")[0].contains("get medical advice today"));
    }

    #[test]
    fn the_time_zone_suggests_a_number_or_nothing() {
        let guess = emergency_number_for_time_zone;
        assert_eq!(guess("Europe/Paris"), Some("112"));
        assert_eq!(guess("Europe/London"), Some("999"));
        assert_eq!(guess("Europe/Dublin"), Some("112"));
        assert_eq!(guess("America/New_York"), Some("911"));
        assert_eq!(guess("America/Indiana/Indianapolis"), Some("911"));
        assert_eq!(guess("America/Toronto"), Some("911"));
        assert_eq!(guess("Australia/Sydney"), Some("000"));
        assert_eq!(guess("Pacific/Auckland"), Some("111"));
        assert_eq!(guess("Asia/Tokyo"), Some("119"));
        assert_eq!(guess("UTC"), None);
        assert_eq!(guess("America/Sao_Paulo"), None);
        assert_eq!(guess(""), None);
    }
}
