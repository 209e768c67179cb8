//! The virtual ICAO 9303 chip: eMRTD application, BAC, secure messaging, SELECT and READ
//! BINARY over its files, and injectable faults.

use crate::apdu::{
    Command, SW_EOF, SW_INS, SW_NOT_FOUND, SW_OK, SW_SECURITY, SW_SM_WRONG, SW_WRONG_P1P2,
};
use crate::bac::{self, BacKey, KeyPair};
use crate::dg::EMRTD_AID;
use crate::sm::SmSession;
use rand_core::{OsRng, RngCore};
use std::collections::BTreeMap;

/// The most plaintext whose 3DES-protected response (DO'87' + DO'99' + DO'8E') still fits the
/// 256 data bytes of a short response APDU.
const MAX_SM_DATA: usize = 0xE7;

/// A misbehaviour to inject into READ BINARY answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The response's DO'8E' MAC is corrupted.
    WrongMac,
    /// The response is cut in half.
    Truncated,
    /// The card stops answering (the connection stays open).
    Silent,
    /// The card is pulled out of the reader.
    Removed,
}

impl Fault {
    /// From its command-line name.
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "wrong-mac" => Self::WrongMac,
            "truncated" => Self::Truncated,
            "silent" => Self::Silent,
            "removed" => Self::Removed,
            _ => return None,
        })
    }
}

/// When a fault strikes: on the READ BINARY that follows `after_reads` good ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FaultPlan {
    /// The fault.
    pub fault: Fault,
    /// Good READ BINARY commands before it.
    pub after_reads: u32,
}

/// What the chip does with a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// Answer these bytes (data ‖ SW).
    Answer(Vec<u8>),
    /// Say nothing.
    Silent,
    /// Leave the reader.
    Removed,
}

/// The chip.
pub struct VirtualChip {
    files: BTreeMap<u16, Vec<u8>>,
    keys: KeyPair,
    app_selected: bool,
    rnd_ic: Option<[u8; 8]>,
    sm: Option<SmSession>,
    selected: Option<u16>,
    fault: Option<FaultPlan>,
    reads: u32,
}

impl std::fmt::Debug for VirtualChip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VirtualChip")
            .field("files", &self.files.len())
            .finish_non_exhaustive()
    }
}

fn sw_only(sw: u16) -> Reply {
    Reply::Answer(sw.to_be_bytes().to_vec())
}

impl VirtualChip {
    /// A chip with these files (FID → bytes), BAC keys from `key`.
    pub fn new(files: BTreeMap<u16, Vec<u8>>, key: &BacKey) -> Self {
        Self {
            files,
            keys: key.keys(),
            app_selected: false,
            rnd_ic: None,
            sm: None,
            selected: None,
            fault: None,
            reads: 0,
        }
    }

    /// Arms a fault.
    pub fn with_fault(mut self, plan: FaultPlan) -> Self {
        self.fault = Some(plan);
        self
    }

    /// Power cycle / reset: back to the unauthenticated state.
    pub fn reset(&mut self) {
        self.app_selected = false;
        self.rnd_ic = None;
        self.sm = None;
        self.selected = None;
    }

    /// Handles one command APDU.
    pub fn process(&mut self, apdu: &[u8]) -> Reply {
        if apdu.first().is_some_and(|cla| cla & 0x0C == 0x0C) {
            return self.process_protected(apdu);
        }
        let Ok(cmd) = Command::parse(apdu) else {
            return sw_only(0x6700);
        };
        match (cmd.ins, cmd.p1) {
            (0xA4, 0x04) => {
                self.reset();
                self.app_selected = cmd.data == EMRTD_AID;
                sw_only(if self.app_selected {
                    SW_OK
                } else {
                    SW_NOT_FOUND
                })
            }
            (0x84, _) if self.app_selected => {
                let mut rnd = [0u8; 8];
                OsRng.fill_bytes(&mut rnd);
                self.rnd_ic = Some(rnd);
                Reply::Answer([&rnd[..], &SW_OK.to_be_bytes()].concat())
            }
            (0x82, _) if self.app_selected => self.external_authenticate(&cmd.data),
            (0xA4, _) | (0xB0, _) => sw_only(SW_SECURITY),
            _ => sw_only(SW_INS),
        }
    }

    fn external_authenticate(&mut self, data: &[u8]) -> Reply {
        let Some(rnd_ic) = self.rnd_ic.take() else {
            return sw_only(0x6985);
        };
        let mut k_ic = [0u8; 16];
        OsRng.fill_bytes(&mut k_ic);
        match bac::chip_answer(&self.keys, &rnd_ic, &k_ic, data) {
            Ok(Some((answer, session))) => {
                self.sm = Some(session);
                Reply::Answer([&answer[..], &SW_OK.to_be_bytes()].concat())
            }
            _ => sw_only(0x6300),
        }
    }

    fn process_protected(&mut self, apdu: &[u8]) -> Reply {
        let Some(sm) = self.sm.as_mut() else {
            return sw_only(SW_SECURITY);
        };
        let cmd = match sm.unprotect_command(apdu) {
            Ok(c) => c,
            Err(_) => {
                // A chip ends secure messaging on any SM error (ICAO 9303-11 §9.8.6).
                self.sm = None;
                return sw_only(SW_SM_WRONG);
            }
        };
        let (data, sw) = self.execute(&cmd);
        let fault = if cmd.ins == 0xB0 {
            self.fault_now()
        } else {
            None
        };
        match fault {
            Some(Fault::Silent) => return Reply::Silent,
            Some(Fault::Removed) => return Reply::Removed,
            _ => {}
        }
        let Some(sm) = self.sm.as_mut() else {
            return sw_only(SW_SECURITY);
        };
        let Ok(mut resp) = sm.protect_response(&data, sw) else {
            return sw_only(0x6F00);
        };
        match fault {
            Some(Fault::WrongMac) => {
                // The MAC is the 8 bytes before SW1SW2.
                if let Some(b) = resp.len().checked_sub(3).and_then(|i| resp.get_mut(i)) {
                    *b ^= 0x55;
                }
            }
            Some(Fault::Truncated) => resp.truncate(resp.len() / 2),
            _ => {}
        }
        Reply::Answer(resp)
    }

    fn fault_now(&mut self) -> Option<Fault> {
        self.reads += 1;
        self.fault
            .filter(|p| self.reads > p.after_reads)
            .map(|p| p.fault)
    }

    fn execute(&mut self, cmd: &Command) -> (Vec<u8>, u16) {
        match (cmd.ins, cmd.p1, cmd.p2) {
            (0xA4, 0x02, 0x0C) => {
                let fid = match cmd.data.as_slice() {
                    [a, b] => u16::from_be_bytes([*a, *b]),
                    _ => return (Vec::new(), 0x6A80),
                };
                if self.files.contains_key(&fid) {
                    self.selected = Some(fid);
                    (Vec::new(), SW_OK)
                } else {
                    (Vec::new(), SW_NOT_FOUND)
                }
            }
            (0xB0, p1, p2) if p1 & 0x80 == 0 => {
                let Some(file) = self.selected.and_then(|f| self.files.get(&f)) else {
                    return (Vec::new(), 0x6986);
                };
                let offset = usize::from(u16::from_be_bytes([p1, p2]));
                let le = cmd.le.unwrap_or(256);
                if offset > file.len() {
                    return (Vec::new(), SW_WRONG_P1P2);
                }
                // Like real chips, answer no more than fits a short protected response.
                let end = (offset + le.min(MAX_SM_DATA)).min(file.len());
                let data = file.get(offset..end).unwrap_or(&[]).to_vec();
                let sw = if end == file.len() && end - offset < le {
                    SW_EOF
                } else {
                    SW_OK
                };
                (data, sw)
            }
            _ => (Vec::new(), SW_INS),
        }
    }
}
