//! Shared by the tests that need pcscd: one pcscd per test binary, and one test at a time on
//! the vpcd readers (there are only two, and a reader holds one card).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ow_icao::sim::pcscd::{self, Pcscd};
use ow_icao::sim::vpcd;
use std::sync::{Arc, Mutex, MutexGuard};

static READERS: Mutex<()> = Mutex::new(());

/// The vpcd port and reader name the tests use.
pub const PORT: u16 = vpcd::PORT_0;

pub fn reader() -> String {
    vpcd::reader_name(PORT)
}

/// Holds pcscd and the reader lock for one test. Fails loudly when pcscd cannot run.
pub struct Bench {
    pub pcscd: Option<Arc<Pcscd>>,
    _lock: MutexGuard<'static, ()>,
}

pub fn pcscd_session() -> Bench {
    let lock = READERS.lock().unwrap_or_else(|p| p.into_inner());
    let p = pcscd::shared().unwrap_or_else(|e| {
        panic!(
            "pcscd with vsmartcard-vpcd is required for this test and could not be started: {e}. \
             Install the Debian packages pcscd and vsmartcard-vpcd."
        )
    });
    Bench {
        pcscd: Some(p),
        _lock: lock,
    }
}

/// The reader lock alone (for the test that starts and stops pcscd itself).
pub fn lock_only() -> MutexGuard<'static, ()> {
    READERS.lock().unwrap_or_else(|p| p.into_inner())
}
