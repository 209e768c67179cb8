//! DG1: the MRZ as stored on the chip (tag `61` → `5F1F`).

use super::outer;
use crate::error::{IcaoError, Result};
use crate::mrz::{self, Mrz};
use crate::tlv;

/// Parses DG1 into an MRZ, check digits recomputed.
pub fn parse(bytes: &[u8]) -> Result<Mrz> {
    let t = outer(bytes, 0x61, "DG1")?;
    let text = t.require(0x5F1F)?.value;
    let text = std::str::from_utf8(text).map_err(|_| IcaoError::DataGroup {
        dg: "DG1",
        reason: "MRZ not ASCII",
    })?;
    mrz::parse(text)
}

/// Encodes DG1 from MRZ text (lines joined or not).
pub fn encode(mrz_text: &str) -> Vec<u8> {
    let joined: String = mrz_text.chars().filter(|c| !c.is_whitespace()).collect();
    tlv::encode(0x61, &tlv::encode(0x5F1F, joined.as_bytes()))
}
