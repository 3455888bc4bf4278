//! Starting tonight's wind-down at bedtime even when Lull is closed: a systemd user timer.
//! The unit files are written by the store; `systemctl --user` (a process with a time limit)
//! loads, enables or disables them. Used by the app's Settings switch and by
//! `lull schedule install|remove`.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::systemd::{self, SERVICE, SystemdError, TIMER};
use crate::domain::schedule::WindDownPlan;
use crate::store::{self, StoreError};

/// Why the timer could not be installed or removed.
#[derive(Debug, thiserror::Error)]
pub enum AutostartError {
    /// The plan cannot fire (no day, a bad bedtime).
    #[error("the wind-down cannot start: {0}")]
    Plan(String),
    /// systemd is missing or refused.
    #[error(transparent)]
    Systemd(#[from] SystemdError),
    /// A unit file could not be written or removed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The bedtime timer.
pub trait Autostart: Send + Sync {
    /// Installs the timer for `plan`, or updates it; where the timer file is. Blocks on
    /// `systemctl` (run it off the UI thread).
    fn install(&self, plan: &WindDownPlan) -> Result<PathBuf, AutostartError>;
    /// Removes the timer; whether there was one. Blocks like `install`.
    fn remove(&self) -> Result<bool, AutostartError>;
    /// Whether the timer is installed (a file check: cheap).
    fn installed(&self) -> bool;
}

/// The systemd units for `plan`: the service that plays the routine, and the timer.
pub fn units(plan: &WindDownPlan, exe: &Path) -> (String, String) {
    let days: Vec<&str> = plan.days.iter().map(|d| d.systemd()).collect();
    let service = format!(
        "[Unit]\nDescription=Lull nightly wind-down\n\n[Service]\nType=simple\nExecStart=\"{}\" play {} --wind-down\n",
        exe.display(),
        plan.routine
    );
    let timer = format!(
        "[Unit]\nDescription=Start Lull's wind-down at bedtime\n\n[Timer]\nOnCalendar={} *-*-* {}:00\nAccuracySec=1min\n\n[Install]\nWantedBy=timers.target\n",
        days.join(","),
        plan.bedtime()
            .map_or_else(|| plan.bedtime.clone(), |t| t.strftime("%H:%M").to_string())
    );
    (service, timer)
}

/// The systemd user timer in `$XDG_CONFIG_HOME/systemd/user`.
#[derive(Clone, Debug)]
pub struct SystemdAutostart {
    unit_dir: PathBuf,
    exe: PathBuf,
}

impl SystemdAutostart {
    /// The timer for the user whose config folder is `config_home` (`~/.config`), starting
    /// the program at `exe`.
    pub fn new(config_home: &Path, exe: PathBuf) -> Self {
        Self {
            unit_dir: store::systemd_user_dir(config_home),
            exe,
        }
    }
}

impl Autostart for SystemdAutostart {
    fn install(&self, plan: &WindDownPlan) -> Result<PathBuf, AutostartError> {
        if let Some(problem) = plan.problem() {
            return Err(AutostartError::Plan(problem));
        }
        systemd::available()?;
        let (service, timer) = units(plan, &self.exe);
        store::write_unit(&self.unit_dir, SERVICE, &service)?;
        let path = store::write_unit(&self.unit_dir, TIMER, &timer)?;
        systemd::systemctl(&["daemon-reload"])?;
        systemd::systemctl(&["enable", "--now", TIMER])?;
        // A changed timer takes its new time only once restarted.
        systemd::systemctl(&["restart", TIMER])?;
        Ok(path)
    }

    fn remove(&self) -> Result<bool, AutostartError> {
        let systemd_ok = systemd::available().is_ok();
        if systemd_ok {
            // Not enabled is fine: removing is idempotent.
            systemd::systemctl(&["disable", "--now", TIMER]).ok();
        }
        let removed = store::remove_unit(&self.unit_dir, TIMER)?
            | store::remove_unit(&self.unit_dir, SERVICE)?;
        if systemd_ok {
            systemd::systemctl(&["daemon-reload"]).ok();
        }
        Ok(removed)
    }

    fn installed(&self) -> bool {
        store::unit_exists(&self.unit_dir, TIMER)
    }
}

/// A timer that only remembers (tests, and machines without a config folder).
#[derive(Clone, Debug, Default)]
pub struct RecordingAutostart {
    /// The plan installed, if any.
    pub plan: Arc<Mutex<Option<WindDownPlan>>>,
    /// Fail every install with this message (no systemd here).
    pub refuse: Option<String>,
}

impl Autostart for RecordingAutostart {
    fn install(&self, plan: &WindDownPlan) -> Result<PathBuf, AutostartError> {
        if let Some(why) = &self.refuse {
            return Err(AutostartError::Systemd(SystemdError::Unavailable(
                why.clone(),
            )));
        }
        if let Some(problem) = plan.problem() {
            return Err(AutostartError::Plan(problem));
        }
        if let Ok(mut p) = self.plan.lock() {
            *p = Some(plan.clone());
        }
        Ok(PathBuf::from(TIMER))
    }

    fn remove(&self) -> Result<bool, AutostartError> {
        Ok(self.plan.lock().ok().and_then(|mut p| p.take()).is_some())
    }

    fn installed(&self) -> bool {
        self.plan.lock().is_ok_and(|p| p.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::schedule::Day;

    #[test]
    fn units_start_the_routine_at_bedtime_on_the_chosen_days() {
        let plan = WindDownPlan {
            bedtime: "22:45".to_owned(),
            days: [Day::Mon, Day::Fri].into_iter().collect(),
            routine: "pmr-short".into(),
            ..WindDownPlan::default()
        };
        let (service, timer) = units(&plan, std::path::Path::new("/usr/bin/lull"));
        assert!(service.contains("ExecStart=\"/usr/bin/lull\" play pmr-short --wind-down"));
        assert!(timer.contains("OnCalendar=Mon,Fri *-*-* 22:45:00"));
        assert!(timer.contains("WantedBy=timers.target"));
    }
}
