//! The routine catalogue: the bundled routines (embedded at build time from
//! `assets/routines/`) plus the user's own routine files.

use std::collections::BTreeMap;

use crate::domain::id::RoutineId;
use crate::domain::routine::wording::routine_warnings;
use crate::domain::routine::{Origin, Routine, RoutineErrors, parse_routine};
use crate::domain::vocabulary::Program;

pub mod import;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/builtin_routines.rs"));
}

pub use embedded::BUILTIN_ROUTINES;

/// A user routine that could not be added, and why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CatalogueProblem {
    /// The file has errors.
    #[error("{0}")]
    Invalid(RoutineErrors),
    /// The id is already used.
    #[error("{file}: id \"{id}\" is already used by {other}; rename it to load this routine")]
    DuplicateId {
        /// The file.
        file: String,
        /// The clashing id.
        id: RoutineId,
        /// Where the id is already used.
        other: String,
    },
}

/// The routines available to this user, in a stable order (program, then file order).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Catalogue {
    routines: Vec<Routine>,
}

impl Catalogue {
    /// Parses the bundled routines. They are checked by the test suite, so an error here
    /// means a broken build; the app logs it and goes on without that routine.
    pub fn builtin() -> (Self, Vec<CatalogueProblem>) {
        let files: Vec<(String, Vec<u8>, Origin)> = BUILTIN_ROUTINES
            .iter()
            .map(|(name, bytes)| {
                (
                    format!("assets/routines/{name}"),
                    bytes.to_vec(),
                    Origin::Builtin,
                )
            })
            .collect();
        Self::default().with(files)
    }

    /// The bundled routines plus the user's files (`(path, bytes)`), with every problem found.
    pub fn with_user_files(user: Vec<(String, Vec<u8>)>) -> (Self, Vec<CatalogueProblem>) {
        let (catalogue, mut problems) = Self::builtin();
        let files = user
            .into_iter()
            .map(|(path, bytes)| (path.clone(), bytes, Origin::User { path }))
            .collect();
        let (catalogue, more) = catalogue.with(files);
        problems.extend(more);
        (catalogue, problems)
    }

    fn with(mut self, files: Vec<(String, Vec<u8>, Origin)>) -> (Self, Vec<CatalogueProblem>) {
        let mut problems = Vec::new();
        let mut seen: BTreeMap<RoutineId, String> = self
            .routines
            .iter()
            .map(|r| (r.id.clone(), origin_name(&r.origin)))
            .collect();
        for (name, bytes, origin) in files {
            match parse_routine(&name, &bytes, origin) {
                Ok(routine) => {
                    if let Some(other) = seen.get(&routine.id) {
                        problems.push(CatalogueProblem::DuplicateId {
                            file: name,
                            id: routine.id,
                            other: other.clone(),
                        });
                    } else {
                        seen.insert(routine.id.clone(), name);
                        self.routines.push(routine);
                    }
                }
                Err(errors) => problems.push(CatalogueProblem::Invalid(errors)),
            }
        }
        let order = |p: Program| Program::ALL.iter().position(|&q| q == p).unwrap_or(0);
        self.routines
            .sort_by_key(|r| (matches!(r.origin, Origin::User { .. }), order(r.program)));
        (self, problems)
    }

    /// Every routine.
    pub fn routines(&self) -> &[Routine] {
        &self.routines
    }

    /// The routine with this id.
    pub fn get(&self, id: &(impl AsRef<str> + ?Sized)) -> Option<&Routine> {
        let id = id.as_ref();
        self.routines.iter().find(|r| r.id == id)
    }

    /// One notice per user routine whose words its tags do not cover or that makes a health
    /// claim (see `domain::routine::wording`): the file and the first warning, and every
    /// warning as its detail. The routine still loads; `lull check FILE` also lists them,
    /// with their lines.
    pub fn user_warnings(&self) -> Vec<(String, String)> {
        self.routines
            .iter()
            .filter_map(|r| {
                let Origin::User { path } = &r.origin else {
                    return None;
                };
                let warnings = routine_warnings(r);
                let first = warnings.first()?;
                let more = match warnings.len() - 1 {
                    0 => String::new(),
                    1 => " (and 1 more warning)".to_owned(),
                    n => format!(" (and {n} more warnings)"),
                };
                Some((
                    format!("Your routine {path} loaded with a warning: {first}{more}."),
                    warnings
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("\n"),
                ))
            })
            .collect()
    }

    /// The routines of one program (bundled first, then the user's).
    pub fn program(&self, program: Program) -> impl Iterator<Item = &Routine> {
        self.routines.iter().filter(move |r| r.program == program)
    }
}

fn origin_name(origin: &Origin) -> String {
    match origin {
        Origin::Builtin => "a bundled routine".to_owned(),
        Origin::User { path } => path.clone(),
    }
}
