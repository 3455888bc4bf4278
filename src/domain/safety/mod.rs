//! Safety rules: screening conditions, headache red flags and what they switch off.
//!
//! Pure functions of a routine and the user's answers. The central invariant, tested for
//! every condition and every bundled routine: no step of a [`SafeRoutine`] carries a tag
//! pattern the answers exclude.

mod advice;
mod answers;
mod condition;
mod evaluate;
mod pattern;
mod profile;
mod red_flag;
mod safe_routine;

pub use advice::{
    EMERGENCY_CALL, EMERGENCY_HEADLINE, EMERGENCY_STEPS, FAST_SIGNS, FAST_TITLE,
    SEE_DOCTOR_HEADLINE, SEE_DOCTOR_WHY, URGENT_HEADLINE, URGENT_OFF, URGENT_WHERE, advice_lines,
    emergency_lines, emergency_number_for_time_zone, headache_lines, urgent_worse,
};
pub use answers::{
    AnswersError, AnswersErrors, MAX_PREGNANCY_WEEKS, PREGNANCY_REASK_AFTER_WEEKS,
    ScreeningAnswers, parse_answers,
};
pub use condition::{Condition, ConditionRule, Group, Tier};
pub use evaluate::{EYES_OPEN_NOTE, HOLD_FREE_INSTRUCTION, Verdict, evaluate};
pub use pattern::TagPattern;
pub use profile::{Cause, Exclusion, Gate, Profile};
pub use red_flag::{HeadacheResult, HeadacheTier, RedFlag, headache_check};
pub use safe_routine::{Change, ChangeAction, Reason, SafeRoutine, SafeStep};

/// Version of the questionnaire; answers given to an older version are asked again.
pub const QUESTIONNAIRE_VERSION: u32 = 2;

/// Days after which the full questionnaire is asked again.
pub const REASK_AFTER_DAYS: u32 = 90;
