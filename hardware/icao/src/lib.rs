//! ICAO 9303 travel documents over PC/SC: passports, 往来港澳通行证, Taiwan permits and the
//! many national eIDs that carry an ICAO 9303 chip.
//!
//! Layers, bottom up: [`tlv`] (BER-TLV), [`crypto`] (3DES, retail MAC), [`bac`] and [`sm`]
//! (Basic Access Control, secure messaging), [`mrz`] and [`dg`] (the data groups), [`sod`]
//! (EF.SOD, passive authentication), [`read`] (the reading flow over any [`apdu::Transport`]),
//! [`check`] (the verdict the clerk sees), [`reader`] (PC/SC) and [`sim`] (a virtual ePassport
//! for pcscd through vsmartcard-vpcd).
//!
//! PACE is not implemented: no maintained Rust crate offers it, and every chip that supports
//! PACE must still accept BAC (ICAO 9303-11 §4.2), which this crate speaks.

pub mod apdu;
pub mod bac;
pub mod check;
pub mod crypto;
pub mod dg;
pub mod error;
pub mod model;
pub mod mrz;
pub mod read;
pub mod reader;
pub mod sim;
pub mod sm;
pub mod sod;
pub mod tlv;

pub use check::{inspect, report};
pub use error::{IcaoError, Result, TlvError};
pub use model::{ReadReport, TravelDocument, Verdict};
pub use read::{read_document, RawDocument, ReadOptions};
pub use sod::verify::CscaList;
