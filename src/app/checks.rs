//! The safety questions as intents: the questionnaire and its review, a clinician's
//! go-ahead, today's check, the headache questions and the advice after them, and what the
//! rules changed in a routine.

use std::collections::BTreeSet;

use super::LullApp;
use super::gates::PendingStart;
use super::startup::review_draft;
use crate::domain::id::RoutineId;
use crate::domain::safety::{Condition, HeadacheTier, RedFlag, Verdict, headache_check};
use crate::profile::safety_record::{SafetyRecord, TodayCheck};
use crate::ui::model::{Dialog, Screen};

impl LullApp {
    /// Continuing from the welcome: the number shown (suggested or typed) is confirmed and saved.
    pub(super) fn accept_welcome(&mut self) {
        if self.state.settings.has_emergency_number() {
            self.save_settings();
        }
        self.state.emergency_suggested_from = None;
        self.state.screen = Screen::Screening { cancel_to: None };
    }

    /// One questionnaire answer: `c` is (or is not) the case.
    pub(super) fn set_condition(&mut self, c: Condition, yes: bool) {
        self.state.answered.insert(c);
        if yes {
            self.state.draft.conditions.insert(c);
        } else {
            self.state.draft.conditions.remove(&c);
            self.state.draft.cleared_by_clinician.remove(&c);
            if c == Condition::Pregnancy {
                self.state.draft.pregnancy_weeks = None;
            }
        }
    }

    /// Saves the questionnaire once every question is answered, and shows what it switches off.
    pub(super) fn submit_screening(&mut self) {
        let today = self.state.today;
        if Condition::ALL
            .iter()
            .all(|c| self.state.answered.contains(c))
        {
            let draft = self.state.draft.clone().tidied();
            self.state.draft = draft.clone();
            self.state.record = Some(SafetyRecord::new(draft, today));
            self.save_record();
            self.recompute_verdicts();
            self.state.screen = Screen::ScreeningResult;
        }
    }

    /// A clinician's go-ahead for `c`, ticked or not; saved at once.
    pub(super) fn set_cleared(&mut self, c: Condition, on: bool) {
        if on {
            self.state.draft.cleared_by_clinician.insert(c);
        } else {
            self.state.draft.cleared_by_clinician.remove(&c);
        }
        if let Some(r) = &mut self.state.record {
            r.answers
                .cleared_by_clinician
                .clone_from(&self.state.draft.cleared_by_clinician);
        }
        self.save_record();
        self.recompute_verdicts();
    }

    /// Opens the questionnaire on the saved answers, to review (cancellable once saved).
    pub(super) fn edit_safety_answers(&mut self) {
        let today = self.state.today;
        // Today's "unwell" answer is part of what is shown (and kept on submit).
        let (draft, answered) = review_draft(self.state.record.as_ref(), today);
        self.state.draft = draft;
        self.state.answered = answered;
        // Reviewing saved answers can be cancelled: nothing changes until submitted.
        let cancel_to = self
            .state
            .record
            .is_some()
            .then(|| Box::new(self.state.screen.clone()));
        self.state.screen = Screen::Screening { cancel_to };
    }

    /// Leaves a review of the answers unchanged.
    pub(super) fn cancel_screening(&mut self) {
        if let Screen::Screening {
            cancel_to: Some(back),
        } = &self.state.screen
        {
            self.state.screen = (**back).clone();
        }
    }

    /// The dialog listing what the safety rules changed in routine `id` (or why it is off).
    pub(super) fn show_changes(&mut self, id: &RoutineId) {
        let title = self
            .state
            .catalogue
            .get(&id)
            .map(|r| r.title.clone())
            .unwrap_or_default();
        let lines = match self.state.verdict(&id) {
            Some(Verdict::Adapted(safe)) => safe
                .changes()
                .iter()
                .map(crate::domain::safety::Change::describe)
                .collect(),
            Some(v) => vec![v.reason().unwrap_or_default()],
            None => Vec::new(),
        };
        self.state.dialog = Some(Dialog::Changes { title, lines });
    }

    /// Today's check: unwell switches hands-on massage off until tomorrow; well starts the routine waiting.
    pub(super) fn answer_unwell(&mut self, unwell: bool) {
        let today = self.state.today;
        if let Some(r) = &mut self.state.record {
            r.today = Some(TodayCheck {
                date: today,
                unwell,
            });
        }
        self.save_record();
        self.recompute_verdicts();
        if let Screen::TodayCheck { routine } = self.state.screen.clone() {
            if unwell {
                self.state.screen = Screen::Library;
                self.notice("You said you are unwell today: hands-on massage is off until tomorrow. Breathing routines are still open.", false);
            } else {
                let pending = self.pending_for(&routine);
                self.start(pending);
            }
        }
    }

    /// The headache questions answered: emergency, urgent advice, see a doctor, or the routine waiting starts.
    pub(super) fn submit_headache_check(&mut self) {
        let today = self.state.today;
        if let Screen::HeadacheCheck { routine, flags, .. } = self.state.screen.clone() {
            let list: Vec<RedFlag> = flags.iter().copied().collect();
            let result = headache_check(&list);
            // Kept for the rest of the day (an urgent answer keeps head and neck
            // massage off until the questions are answered again as clear), in the
            // app, in `lull play` and in exports.
            if let Some(r) = &mut self.state.record {
                r.set_headache_today(flags, today);
            }
            self.save_record();
            self.recompute_verdicts();
            log::info!("headache check: {}", result.tier.as_str());
            match (result.tier, routine) {
                (HeadacheTier::Emergency, _) => {
                    self.pending = None;
                    let fast_signs = result.reasons.iter().any(|f| f.shows_fast_signs());
                    self.state.screen = Screen::Emergency { fast_signs };
                }
                (HeadacheTier::Urgent, _) => {
                    self.pending = None;
                    self.state.screen = Screen::Urgent;
                }
                (HeadacheTier::SeeDoctor | HeadacheTier::Clear, None) => {
                    if result.tier == HeadacheTier::SeeDoctor {
                        self.notice(crate::domain::safety::SEE_DOCTOR_WHY, false);
                    }
                    self.state.screen = Screen::Library;
                }
                (HeadacheTier::SeeDoctor, Some(routine)) => {
                    self.state.screen = Screen::SeeDoctor { routine }
                }
                (HeadacheTier::Clear, Some(routine)) => {
                    let pending = self.pending_for(&routine);
                    self.start(PendingStart {
                        headache_answered: true,
                        ..pending
                    });
                }
            }
        }
    }

    /// The headache questions asked again from the library (no routine waits).
    pub(super) fn recheck_headache(&mut self) {
        self.pending = None;
        self.state.screen = self.headache_screen(None, true);
    }

    /// The headache questions, for `routine` (or none, asked again from the library). What
    /// the diary knows (`frequent-painkillers`, `pattern-changed`) is ticked from it, unless
    /// those questions were answered today: that answer stands. With `keep_today`, every
    /// answer given today is filled in (asked again); otherwise the other questions start
    /// unticked, about the headache of now.
    pub(super) fn headache_screen(&self, routine: Option<RoutineId>, keep_today: bool) -> Screen {
        let today = self.state.today;
        let answered = self
            .state
            .record
            .as_ref()
            .and_then(|r| r.headache_today(today));
        let from_diary = crate::domain::diary::red_flags_from_diary(&self.state.history, today);
        let mut flags: BTreeSet<RedFlag> =
            answered.filter(|_| keep_today).cloned().unwrap_or_default();
        for (flag, _) in &from_diary {
            if answered.is_none_or(|a| a.contains(flag)) {
                flags.insert(*flag);
            }
        }
        Screen::HeadacheCheck {
            routine,
            flags,
            from_diary,
        }
    }

    /// Past the see-a-doctor advice, the routine waiting starts.
    pub(super) fn continue_after_advice(&mut self) {
        if let Screen::SeeDoctor { routine } = self.state.screen.clone() {
            let pending = self.pending_for(&routine);
            self.start(PendingStart {
                headache_answered: true,
                ..pending
            });
        }
    }
}
