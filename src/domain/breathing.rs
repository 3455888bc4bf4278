//! Breathing patterns and the pure pacing function `phase_at`.
//!
//! Times are whole milliseconds; patterns in routine files use 0.5 s steps, so every
//! phase length is a multiple of 500 ms and all arithmetic is exact.

use std::fmt;
use std::time::Duration;

use serde::Serialize;

/// Smallest unit of a phase length in a routine file.
pub const PHASE_STEP_MS: u32 = 500;
/// Inhale and exhale must last at least this long.
pub const MIN_BREATH_MS: u32 = 1_000;
/// No phase may last longer than this.
pub const MAX_PHASE_MS: u32 = 30_000;
/// A hold at least this long is a long hold (`breath-hold-long`).
pub const LONG_HOLD_MS: u32 = 7_000;
/// The breathing part of a cycle (in, top-up, out; holds not counted) lasts at least this
/// long: at most 10 breaths a minute. Research §3.4 allows no rapid or forced breathing
/// ("the app includes no rapid/hyperventilation patterns"; asthma, panic: "never forced or
/// rapid breathing"), and its fastest pattern, box breathing without holds (in 4, out 4),
/// is 7.5 a minute; 10 a minute leaves room for custom patterns while staying below the
/// 12–20 breaths a minute of ordinary resting breathing.
pub const MIN_BREATH_CYCLE_MS: u32 = 6_000;
/// Longest "top-up" (the second short sniff in of the cyclic sigh, research §3.4: 2 + 1 s
/// in). A longer one would be a held, strained breath in, which is a hold in disguise.
pub const MAX_TOP_UP_MS: u32 = 2_000;

/// One breathing cycle: inhale (with an optional second "top-up" sniff), hold, exhale, hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[expect(clippy::struct_field_names, reason = "the unit is part of each name")]
pub struct BreathPattern {
    /// Breathing in, in milliseconds.
    pub inhale_ms: u32,
    /// A second short breath in on top of the first (the cyclic sigh); 0 when absent.
    pub top_up_ms: u32,
    /// Holding after breathing in.
    pub hold_in_ms: u32,
    /// Breathing out.
    pub exhale_ms: u32,
    /// Holding after breathing out.
    pub hold_out_ms: u32,
}

/// The part of the breath cycle you are in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PhaseKind {
    /// Breathe in.
    Inhale,
    /// A second short breath in, on top of the first.
    TopUp,
    /// Hold with the lungs full.
    HoldIn,
    /// Breathe out.
    Exhale,
    /// Rest with the lungs empty.
    HoldOut,
}

impl PhaseKind {
    /// The word shown on the pacer.
    pub const fn word(self) -> &'static str {
        match self {
            Self::Inhale => "Breathe in",
            Self::TopUp => "A little more",
            Self::HoldIn | Self::HoldOut => "Hold",
            Self::Exhale => "Breathe out",
        }
    }
}

impl fmt::Display for PhaseKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

/// Where in the pattern a moment falls.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct BreathPhase {
    /// The current phase.
    pub kind: PhaseKind,
    /// How far through the phase, from 0 (start) to just under 1.
    pub progress_0_to_1: f32,
    /// Zero-based cycle number.
    pub cycle: u32,
    /// Position of this phase in the cycle (0..phase count); with `cycle`, it names the phase uniquely.
    pub index_in_cycle: u8,
    /// Milliseconds left in this phase (rounded up).
    pub remaining_ms: u32,
    /// How full the lungs are, 0 (empty) to 1 (full), eased; drives the pacer and the swell.
    pub fill_0_to_1: f32,
}

impl BreathPattern {
    /// A pattern without a top-up.
    pub const fn new(inhale_ms: u32, hold_in_ms: u32, exhale_ms: u32, hold_out_ms: u32) -> Self {
        Self {
            inhale_ms,
            top_up_ms: 0,
            hold_in_ms,
            exhale_ms,
            hold_out_ms,
        }
    }

    /// Length of one cycle.
    pub const fn cycle_ms(&self) -> u32 {
        self.inhale_ms + self.top_up_ms + self.hold_in_ms + self.exhale_ms + self.hold_out_ms
    }

    /// Length of one cycle as a `Duration`.
    pub fn cycle(&self) -> Duration {
        Duration::from_millis(u64::from(self.cycle_ms()))
    }

    /// Whether the pattern holds the breath at all.
    pub const fn has_holds(&self) -> bool {
        self.hold_in_ms > 0 || self.hold_out_ms > 0
    }

    /// The longest hold, in milliseconds (0 without holds).
    pub const fn longest_hold_ms(&self) -> u32 {
        if self.hold_in_ms > self.hold_out_ms {
            self.hold_in_ms
        } else {
            self.hold_out_ms
        }
    }

    /// Whether any hold lasts 7 s or more.
    pub const fn has_long_hold(&self) -> bool {
        self.hold_in_ms >= LONG_HOLD_MS || self.hold_out_ms >= LONG_HOLD_MS
    }

    /// The same pattern with the holds removed (box → 4/0/4/0, 4-7-8 → 4/0/8/0).
    #[must_use]
    pub const fn without_holds(&self) -> Self {
        Self {
            hold_in_ms: 0,
            hold_out_ms: 0,
            ..*self
        }
    }

    /// The non-empty phases of one cycle, in order, with their lengths.
    pub fn phases(&self) -> impl Iterator<Item = (PhaseKind, u32)> + '_ {
        [
            (PhaseKind::Inhale, self.inhale_ms),
            (PhaseKind::TopUp, self.top_up_ms),
            (PhaseKind::HoldIn, self.hold_in_ms),
            (PhaseKind::Exhale, self.exhale_ms),
            (PhaseKind::HoldOut, self.hold_out_ms),
        ]
        .into_iter()
        .filter(|&(_, ms)| ms > 0)
    }

    /// Where in the pattern `elapsed` (time since the breathing started) falls.
    ///
    /// Pure and total: any `elapsed` gives an answer; a degenerate pattern with a zero
    /// cycle reports a finished exhale.
    pub fn phase_at(&self, elapsed: Duration) -> BreathPhase {
        let cycle_ms = u128::from(self.cycle_ms());
        if cycle_ms == 0 {
            return BreathPhase {
                kind: PhaseKind::Exhale,
                progress_0_to_1: 0.0,
                cycle: 0,
                index_in_cycle: 0,
                remaining_ms: 0,
                fill_0_to_1: 0.0,
            };
        }
        let micros = elapsed.as_micros();
        let cycle_us = cycle_ms * 1_000;
        let cycle = u32::try_from(micros / cycle_us).unwrap_or(u32::MAX);
        let mut into_us = micros % cycle_us;
        for (index, (kind, ms)) in self.phases().enumerate() {
            let len_us = u128::from(ms) * 1_000;
            if into_us < len_us {
                let progress = into_us as f64 / len_us as f64;
                let remaining_ms = (len_us - into_us).div_ceil(1_000) as u32;
                return BreathPhase {
                    kind,
                    progress_0_to_1: progress as f32,
                    cycle,
                    index_in_cycle: index as u8,
                    remaining_ms,
                    fill_0_to_1: self.fill(kind, progress as f32),
                };
            }
            into_us -= len_us;
        }
        // Unreachable for a non-zero cycle: the phases add up to the cycle.
        BreathPhase {
            kind: PhaseKind::Exhale,
            progress_0_to_1: 0.0,
            cycle,
            index_in_cycle: 0,
            remaining_ms: 0,
            fill_0_to_1: 0.0,
        }
    }

    /// The start of each phase within one cycle, in milliseconds from the cycle start.
    pub fn phase_starts_ms(&self) -> Vec<(PhaseKind, u32)> {
        let mut at = 0;
        self.phases()
            .map(|(kind, ms)| {
                let start = at;
                at += ms;
                (kind, start)
            })
            .collect()
    }

    fn fill(&self, kind: PhaseKind, progress: f32) -> f32 {
        // With a top-up, the first inhale fills to 80 % and the top-up adds the rest.
        let first = if self.top_up_ms > 0 { 0.8 } else { 1.0 };
        match kind {
            PhaseKind::Inhale => first * ease(progress),
            PhaseKind::TopUp => first + (1.0 - first) * ease(progress),
            PhaseKind::HoldIn => 1.0,
            PhaseKind::Exhale => 1.0 - ease(progress),
            PhaseKind::HoldOut => 0.0,
        }
    }
}

impl fmt::Display for BreathPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = |ms: u32| {
            if ms.is_multiple_of(1_000) {
                format!("{}", ms / 1_000)
            } else {
                format!("{:.1}", f64::from(ms) / 1_000.0)
            }
        };
        if self.top_up_ms > 0 {
            write!(f, "{}+{}", secs(self.inhale_ms), secs(self.top_up_ms))?;
        } else {
            f.write_str(&secs(self.inhale_ms))?;
        }
        write!(
            f,
            "/{}/{}/{}",
            secs(self.hold_in_ms),
            secs(self.exhale_ms),
            secs(self.hold_out_ms)
        )
    }
}

/// Smooth start and end (a half cosine), so the pacer never jerks.
fn ease(t: f32) -> f32 {
    let t = t.clamp(0.0, 1.0);
    0.5 - 0.5 * (std::f32::consts::PI * t).cos()
}

/// A built-in breathing pattern, referred to by name in routine files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BuiltinPattern {
    /// The name used in files (`breathing = { pattern = "box", cycles = 12 }`).
    pub name: &'static str,
    /// A short human description.
    pub label: &'static str,
    /// The timings.
    pub pattern: BreathPattern,
}

/// Every built-in pattern, exactly as research §3.4 gives them.
pub const BUILTIN_PATTERNS: &[BuiltinPattern] = &[
    BuiltinPattern {
        name: "resonance-4-6",
        label: "Resonance breathing: in 4, out 6",
        pattern: BreathPattern::new(4_000, 0, 6_000, 0),
    },
    BuiltinPattern {
        name: "resonance-5-5",
        label: "Resonance breathing: in 5, out 5",
        pattern: BreathPattern::new(5_000, 0, 5_000, 0),
    },
    BuiltinPattern {
        name: "coherent-5.5",
        label: "Coherent breathing: in 5.5, out 5.5",
        pattern: BreathPattern::new(5_500, 0, 5_500, 0),
    },
    BuiltinPattern {
        name: "box",
        label: "Box breathing: in 4, hold 4, out 4, hold 4",
        pattern: BreathPattern::new(4_000, 4_000, 4_000, 4_000),
    },
    BuiltinPattern {
        name: "4-7-8",
        label: "4-7-8 breathing: in 4, hold 7, out 8",
        pattern: BreathPattern::new(4_000, 7_000, 8_000, 0),
    },
    BuiltinPattern {
        name: "cyclic-sigh",
        label: "Cyclic sigh: in 2, top up 1, long sigh out 6",
        pattern: BreathPattern {
            inhale_ms: 2_000,
            top_up_ms: 1_000,
            hold_in_ms: 0,
            exhale_ms: 6_000,
            hold_out_ms: 0,
        },
    },
    BuiltinPattern {
        name: "extended-exhale",
        label: "Extended exhale: in 4, out 8",
        pattern: BreathPattern::new(4_000, 0, 8_000, 0),
    },
];

/// Looks up a built-in pattern by name.
pub fn builtin(name: &str) -> Option<&'static BuiltinPattern> {
    BUILTIN_PATTERNS.iter().find(|p| p.name == name)
}

/// Checks a custom pattern's timings: 0.5 s steps, inhale/exhale 1–30 s, a top-up of at most
/// 2 s, holds 0–30 s, and no faster than 10 breaths a minute (in + top-up + out ≥ 6 s, so
/// the hold-free version of the pattern is never rapid breathing either).
///
/// Returns every problem, each with its phase (`inhale`, `top_up`, `hold_in`, `exhale`,
/// `hold_out`; the breathing rate is reported on `inhale`), so a file check can list them all.
pub fn check_custom(pattern: &BreathPattern) -> Result<(), Vec<(&'static str, String)>> {
    let fields = [
        ("inhale", pattern.inhale_ms, MIN_BREATH_MS),
        ("top_up", pattern.top_up_ms, 0),
        ("hold_in", pattern.hold_in_ms, 0),
        ("exhale", pattern.exhale_ms, MIN_BREATH_MS),
        ("hold_out", pattern.hold_out_ms, 0),
    ];
    let mut problems = Vec::new();
    for (name, ms, min) in fields {
        if name == "top_up" && ms % PHASE_STEP_MS == 0 && ms > MAX_TOP_UP_MS {
            problems.push((
                name,
                format!(
                    "top_up is a short second sniff in and must be 0..=2 seconds, got {} (a longer one is a held breath)",
                    f64::from(ms) / 1_000.0
                ),
            ));
            continue;
        }
        if ms % PHASE_STEP_MS != 0 {
            problems.push((
                name,
                format!(
                    "{name} must be a multiple of 0.5 seconds, got {}",
                    f64::from(ms) / 1_000.0
                ),
            ));
        } else if ms < min || ms > MAX_PHASE_MS {
            problems.push((
                name,
                format!(
                    "{name} must be {}..=30 seconds, got {}",
                    min / 1_000,
                    f64::from(ms) / 1_000.0
                ),
            ));
        }
    }
    let breathing_ms = pattern.inhale_ms + pattern.top_up_ms + pattern.exhale_ms;
    if problems.is_empty() && breathing_ms < MIN_BREATH_CYCLE_MS {
        problems.push((
            "inhale",
            format!(
                "inhale + top_up + exhale must be at least {} seconds (at most 10 breaths a minute: no rapid breathing), got {}",
                MIN_BREATH_CYCLE_MS / 1_000,
                f64::from(breathing_ms) / 1_000.0
            ),
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(ms: u64) -> Duration {
        Duration::from_millis(ms)
    }

    #[test]
    fn builtin_timings_are_exact() {
        let get = |name| builtin(name).unwrap().pattern;
        assert_eq!(get("resonance-4-6"), BreathPattern::new(4_000, 0, 6_000, 0));
        assert_eq!(get("resonance-5-5"), BreathPattern::new(5_000, 0, 5_000, 0));
        assert_eq!(get("coherent-5.5"), BreathPattern::new(5_500, 0, 5_500, 0));
        assert_eq!(get("box"), BreathPattern::new(4_000, 4_000, 4_000, 4_000));
        assert_eq!(get("4-7-8"), BreathPattern::new(4_000, 7_000, 8_000, 0));
        assert_eq!(
            get("extended-exhale"),
            BreathPattern::new(4_000, 0, 8_000, 0)
        );
        let sigh = get("cyclic-sigh");
        assert_eq!(
            (sigh.inhale_ms, sigh.top_up_ms, sigh.exhale_ms),
            (2_000, 1_000, 6_000)
        );
        assert_eq!(sigh.cycle_ms(), 9_000);
        assert_eq!(BUILTIN_PATTERNS.len(), 7);
    }

    #[test]
    fn hold_free_variants() {
        let get = |name| builtin(name).unwrap().pattern;
        assert_eq!(
            get("box").without_holds(),
            BreathPattern::new(4_000, 0, 4_000, 0)
        );
        assert_eq!(
            get("4-7-8").without_holds(),
            BreathPattern::new(4_000, 0, 8_000, 0)
        );
        assert!(get("4-7-8").has_long_hold());
        assert!(!get("box").has_long_hold());
        assert!(get("box").has_holds());
        assert!(!get("resonance-4-6").has_holds());
    }

    #[test]
    fn phase_at_boundaries_of_box() {
        let p = builtin("box").unwrap().pattern;
        let at = |t| p.phase_at(ms(t));
        assert_eq!(at(0).kind, PhaseKind::Inhale);
        assert_eq!(at(0).progress_0_to_1, 0.0);
        assert_eq!(at(2_000).progress_0_to_1, 0.5);
        assert_eq!(at(3_999).kind, PhaseKind::Inhale);
        assert_eq!(at(4_000).kind, PhaseKind::HoldIn);
        assert_eq!(at(8_000).kind, PhaseKind::Exhale);
        assert_eq!(at(12_000).kind, PhaseKind::HoldOut);
        assert_eq!(at(15_999).cycle, 0);
        let next = at(16_000);
        assert_eq!(
            (next.kind, next.cycle, next.index_in_cycle),
            (PhaseKind::Inhale, 1, 0)
        );
        assert_eq!(at(1_000).remaining_ms, 3_000);
    }

    #[test]
    fn zero_length_holds_are_skipped() {
        let p = builtin("resonance-4-6").unwrap().pattern;
        assert_eq!(p.phases().count(), 2);
        assert_eq!(p.phase_at(ms(4_000)).kind, PhaseKind::Exhale);
        assert_eq!(p.phase_at(ms(4_000)).index_in_cycle, 1);
        assert_eq!(p.phase_at(ms(10_000)).kind, PhaseKind::Inhale);
        assert_eq!(p.phase_at(ms(10_000)).cycle, 1);
    }

    #[test]
    fn cyclic_sigh_has_a_top_up_and_fills_the_lungs() {
        let p = builtin("cyclic-sigh").unwrap().pattern;
        assert_eq!(p.phase_at(ms(2_500)).kind, PhaseKind::TopUp);
        assert!((p.phase_at(ms(1_999)).fill_0_to_1 - 0.8).abs() < 0.01);
        assert!((p.phase_at(ms(2_999)).fill_0_to_1 - 1.0).abs() < 0.01);
        assert_eq!(p.phase_at(ms(3_000)).kind, PhaseKind::Exhale);
    }

    #[test]
    fn fill_rises_on_inhale_and_falls_on_exhale() {
        let p = builtin("4-7-8").unwrap().pattern;
        let fills: Vec<f32> = (0..=19)
            .map(|s| p.phase_at(ms(s * 1_000)).fill_0_to_1)
            .collect();
        assert!(fills[0..4].windows(2).all(|w| w[1] > w[0]));
        assert!(fills[4..11].iter().all(|&f| f == 1.0));
        assert!(fills[11..19].windows(2).all(|w| w[1] < w[0]));
    }

    #[test]
    fn phase_at_is_total_for_huge_times() {
        let p = builtin("coherent-5.5").unwrap().pattern;
        let far = p.phase_at(Duration::from_secs(10_000_000));
        assert!(far.progress_0_to_1 >= 0.0 && far.progress_0_to_1 < 1.0);
        let zero = BreathPattern::new(0, 0, 0, 0);
        assert_eq!(zero.phase_at(ms(5)).cycle, 0);
    }

    #[test]
    fn custom_pattern_limits() {
        assert!(check_custom(&BreathPattern::new(4_500, 0, 6_500, 0)).is_ok());
        assert!(check_custom(&BreathPattern::new(4_200, 0, 6_000, 0)).is_err());
        assert!(check_custom(&BreathPattern::new(500, 0, 6_000, 0)).is_err());
        assert!(check_custom(&BreathPattern::new(4_000, 31_000, 6_000, 0)).is_err());
        assert!(check_custom(&BreathPattern::new(4_000, 30_000, 30_000, 0)).is_ok());
        // Faster than 10 breaths a minute, with or without holds.
        assert!(check_custom(&BreathPattern::new(1_000, 0, 1_000, 0)).is_err());
        assert!(check_custom(&BreathPattern::new(2_000, 4_000, 2_000, 4_000)).is_err());
        assert!(check_custom(&BreathPattern::new(3_000, 0, 3_000, 0)).is_ok());
        let long_top_up = BreathPattern {
            top_up_ms: 30_000,
            ..BreathPattern::new(2_000, 0, 6_000, 0)
        };
        assert_eq!(check_custom(&long_top_up).unwrap_err()[0].0, "top_up");
        let sigh = BreathPattern {
            top_up_ms: 1_000,
            ..BreathPattern::new(2_000, 0, 6_000, 0)
        };
        assert!(check_custom(&sigh).is_ok());
        for p in BUILTIN_PATTERNS {
            assert!(check_custom(&p.pattern).is_ok(), "{}", p.name);
        }
        let all = check_custom(&BreathPattern::new(500, 31_000, 40_000, 4_200)).unwrap_err();
        let phases: Vec<&str> = all.iter().map(|(phase, _)| *phase).collect();
        assert_eq!(phases, ["inhale", "hold_in", "exhale", "hold_out"]);
    }

    #[test]
    fn display_is_compact() {
        assert_eq!(builtin("box").unwrap().pattern.to_string(), "4/4/4/4");
        assert_eq!(
            builtin("cyclic-sigh").unwrap().pattern.to_string(),
            "2+1/0/6/0"
        );
        assert_eq!(
            builtin("coherent-5.5").unwrap().pattern.to_string(),
            "5.5/0/5.5/0"
        );
    }
}
