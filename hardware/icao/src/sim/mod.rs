//! A virtual ePassport for pcscd through vsmartcard-vpcd: the chip ([`chip`]), its fictional
//! holders ([`gallery`]), a test PKI signing EF.SOD ([`pki`]), the vpcd client ([`vpcd`]) and
//! a helper that starts pcscd when none runs ([`pcscd`]).

pub mod chip;
pub mod gallery;
pub mod jpeg;
pub mod pcscd;
pub mod pki;
pub mod vpcd;

pub use chip::{Fault, FaultPlan, VirtualChip};
pub use gallery::Specimen;
pub use pki::TestPki;
pub use vpcd::VirtualCard;

use crate::apdu::Transport;
use crate::error::{IcaoError, Result};

/// Talks to a [`VirtualChip`] in-process, with no pcscd: for unit tests of the reading flow.
pub struct DirectTransport(pub VirtualChip);

impl Transport for DirectTransport {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>> {
        match self.0.process(apdu) {
            chip::Reply::Answer(a) => Ok(a),
            chip::Reply::Silent => Err(IcaoError::Timeout {
                operation: "virtual chip",
                millis: 0,
            }),
            chip::Reply::Removed => Err(IcaoError::CardRemoved),
        }
    }
}
