//! The card-reader task: in the sandbox a virtual GA/T 467 reader on a pseudo-terminal (the
//! driver talks real frames to it), in production the configured serial port; either way the
//! SAM monitor thread polls it (card in/out without a key press, unplug/replug survived, every
//! call time-bounded) and its events go through the [`IdentityHub`] to the shell.

use crate::identity::{sam_event, CardReaderSetting, HubUpdate, IdentityError, IdentityHub};
use crate::status::DeviceState;
use crate::{Desk, DeskError};
use chrono::{Local, Utc};
use ow_case::{CaseDraft, CaseId, Person, PersonRole};
use ow_idcard::sam::{CardMonitor, MonitorConfig};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

#[cfg(unix)]
use ow_idcard::sam::sim::VirtualSamReader;

/// How long presenting a card waits for the previous one to be noticed as gone.
const SWAP_WAIT: Duration = Duration::from_secs(3);

/// The running reader: dropping it stops the monitor, then the simulator.
#[derive(Default)]
pub struct CardReaderTask {
    // Field order is drop order: the monitor stops before its simulator goes away.
    monitor: Option<CardMonitor>,
    #[cfg(unix)]
    sim: Option<VirtualSamReader>,
}

impl CardReaderTask {
    #[cfg(unix)]
    fn sim(&self) -> Option<&VirtualSamReader> {
        self.sim.as_ref()
    }
}

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

fn start_monitor<F>(
    path: &str,
    hub: Arc<IdentityHub>,
    mut on_update: F,
) -> Result<CardMonitor, IdentityError>
where
    F: FnMut(HubUpdate) + Send + 'static,
{
    let monitor = CardMonitor::start(path, MonitorConfig::default(), move |ev| {
        // The day is taken at each read: a window left open overnight checks against today.
        let ev = sam_event(ev, Local::now().date_naive(), Utc::now());
        for update in hub.on_event(ev) {
            on_update(update);
        }
    })?;
    Ok(monitor)
}

impl Desk {
    /// Starts the configured card reader; its state and reads go to `on_update`.
    /// A reader that cannot start leaves the bar in an error state with the reason.
    pub fn start_card_reader<F>(&self, mut on_update: F) -> Result<(), DeskError>
    where
        F: FnMut(HubUpdate) + Send + 'static,
    {
        let hub = Arc::clone(self.identity());
        let setting = match CardReaderSetting::parse(&self.config().devices.card_reader) {
            Ok(s) => s,
            Err(e) => {
                let code = ow_error::ErrorCode::code(&e).to_owned();
                if let Some(u) = hub.set_state(DeviceState::Error { code }) {
                    on_update(u);
                }
                return Err(e.into());
            }
        };
        let mut task = CardReaderTask::default();
        match setting {
            // No SAM reader at this window: the bar does not list one.
            CardReaderSetting::Absent => return Ok(()),
            CardReaderSetting::Serial(path) => {
                task.monitor = Some(start_monitor(&path, hub, on_update)?);
            }
            #[cfg(unix)]
            CardReaderSetting::Simulator => {
                let sim = VirtualSamReader::start(self.data_dir().join("sim-ttySAM0"))
                    .map_err(IdentityError::from)?;
                let path = sim.path().display().to_string();
                task.sim = Some(sim);
                task.monitor = Some(start_monitor(&path, hub, on_update)?);
            }
            #[cfg(not(unix))]
            CardReaderSetting::Simulator => {
                return Err(IdentityError::NotWired("sim (pseudo-terminals are Unix only)").into())
            }
        }
        tracing::info!(reader = %self.config().devices.card_reader, "card reader started");
        *lock(self.card_reader_task()) = Some(task);
        Ok(())
    }

    /// Stops the card reader (monitor first, then the simulator).
    pub fn stop_card_reader(&self) {
        lock(self.card_reader_task()).take();
    }

    /// Sandbox trainer control: puts a fictional citizen's card on the virtual reader (an ID
    /// card on the SAM reader, a chip document on the PC/SC reader). A card already there is
    /// taken away first, and the monitor must see it go, so that the new card is read as a
    /// new card.
    #[cfg(unix)]
    pub fn present_card(&self, key: &str) -> Result<(), DeskError> {
        self.require_sandbox()?;
        if crate::chip_identity::is_chip_key(key) {
            return self.present_chip(key);
        }
        let card = ow_idcard::gallery::card(key).map_err(IdentityError::from)?;
        let guard = lock(self.card_reader_task());
        let sim = guard.as_ref().and_then(CardReaderTask::sim);
        let sim = sim.ok_or(IdentityError::NotRunning)?;
        if sim.has_card() || self.identity().card_present() {
            sim.remove();
            let end = Instant::now() + SWAP_WAIT;
            while self.identity().card_present() && Instant::now() < end {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        sim.insert(card);
        tracing::info!(key, "training card presented");
        Ok(())
    }

    /// Sandbox trainer control: takes the card off the virtual readers (both kinds).
    #[cfg(unix)]
    pub fn remove_card(&self) -> Result<(), DeskError> {
        self.require_sandbox()?;
        let chip = self.remove_chip();
        let guard = lock(self.card_reader_task());
        match guard.as_ref().and_then(CardReaderTask::sim) {
            Some(sim) => {
                sim.remove();
                Ok(())
            }
            None => Ok(chip?),
        }
    }

    #[cfg(not(unix))]
    pub fn present_card(&self, key: &str) -> Result<(), DeskError> {
        self.require_sandbox()?;
        if crate::chip_identity::is_chip_key(key) {
            return self.present_chip(key);
        }
        Err(IdentityError::NotRunning.into())
    }

    #[cfg(not(unix))]
    pub fn remove_card(&self) -> Result<(), DeskError> {
        self.require_sandbox()?;
        Ok(self.remove_chip()?)
    }

    pub(crate) fn require_sandbox(&self) -> Result<(), IdentityError> {
        match self.config().mode {
            ow_config::Mode::Sandbox => Ok(()),
            ow_config::Mode::Production => Err(IdentityError::NotSandbox),
        }
    }

    /// Puts read `read_id` on the case as the applicant or the agent, with its source.
    pub fn apply_identity(
        &self,
        case: CaseId,
        read_id: u32,
        role: PersonRole,
    ) -> Result<CaseDraft, DeskError> {
        let (doc, source) = self.identity().document(read_id)?;
        let mut draft = self.open_case(case)?;
        let person = Person::identified(doc, source);
        match role {
            PersonRole::Applicant => draft.applicant = person,
            PersonRole::Agent => draft.agent = Some(person),
        }
        draft.updated_at = Utc::now();
        self.store().save_case(&draft)?;
        self.audit(
            Some(case),
            "identity.document",
            serde_json::json!({ "source": source, "role": role }),
        )?;
        tracing::info!(case = %draft.id, read_id, ?role, ?source, "identity put on case");
        Ok(draft)
    }
}
