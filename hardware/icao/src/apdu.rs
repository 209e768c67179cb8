//! ISO 7816-4 command/response APDUs (short form only: ICAO 9303 BAC readers never need
//! extended length) and the transport seam between the protocol and PC/SC.

use crate::error::{IcaoError, Result};

/// SW `9000`.
pub const SW_OK: u16 = 0x9000;
/// SW `6282`: end of file reached before Le bytes.
pub const SW_EOF: u16 = 0x6282;
/// SW `6A82`: file not found.
pub const SW_NOT_FOUND: u16 = 0x6A82;
/// SW `6982`: security status not satisfied.
pub const SW_SECURITY: u16 = 0x6982;
/// SW `6988`: incorrect secure messaging data objects.
pub const SW_SM_WRONG: u16 = 0x6988;
/// SW `6D00`: instruction not supported.
pub const SW_INS: u16 = 0x6D00;
/// SW `6B00`: wrong parameters (offset beyond the file).
pub const SW_WRONG_P1P2: u16 = 0x6B00;

/// A plain command APDU.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// Class byte.
    pub cla: u8,
    /// Instruction.
    pub ins: u8,
    /// Parameter 1.
    pub p1: u8,
    /// Parameter 2.
    pub p2: u8,
    /// Command data (may be empty).
    pub data: Vec<u8>,
    /// Expected response length; `Some(256)` is encoded as `00`.
    pub le: Option<usize>,
}

impl Command {
    /// A command with no data and no Le.
    pub fn new(cla: u8, ins: u8, p1: u8, p2: u8) -> Self {
        Self {
            cla,
            ins,
            p1,
            p2,
            data: Vec::new(),
            le: None,
        }
    }

    /// Sets the data field.
    pub fn with_data(mut self, data: impl Into<Vec<u8>>) -> Self {
        self.data = data.into();
        self
    }

    /// Sets Le.
    pub fn with_le(mut self, le: usize) -> Self {
        self.le = Some(le);
        self
    }

    /// Short-form encoding.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = vec![self.cla, self.ins, self.p1, self.p2];
        if !self.data.is_empty() {
            out.push(self.data.len() as u8);
            out.extend_from_slice(&self.data);
        }
        if let Some(le) = self.le {
            out.push(if le >= 256 { 0 } else { le as u8 });
        }
        out
    }

    /// Decodes a short-form APDU (cases 1–4).
    pub fn parse(bytes: &[u8]) -> Result<Self> {
        let bad = || IcaoError::SmFormat {
            reason: "command APDU",
        };
        let header = bytes.get(..4).ok_or_else(bad)?;
        let mut cmd = Self::new(header[0], header[1], header[2], header[3]);
        let body = &bytes[4..];
        match body.len() {
            0 => {}
            1 => cmd.le = Some(le_value(body[0])),
            n => {
                let lc = usize::from(body[0]);
                if lc == 0 {
                    return Err(bad());
                }
                cmd.data = body.get(1..1 + lc).ok_or_else(bad)?.to_vec();
                match n - 1 - lc {
                    0 => {}
                    1 => cmd.le = Some(le_value(body[1 + lc])),
                    _ => return Err(bad()),
                }
            }
        }
        Ok(cmd)
    }
}

fn le_value(b: u8) -> usize {
    if b == 0 {
        256
    } else {
        usize::from(b)
    }
}

/// Splits a response into data and SW1SW2.
pub fn split_response(resp: &[u8]) -> Result<(&[u8], u16)> {
    if resp.len() < 2 {
        return Err(IcaoError::SmFormat {
            reason: "response shorter than SW1SW2",
        });
    }
    let (data, sw) = resp.split_at(resp.len() - 2);
    Ok((data, u16::from_be_bytes([sw[0], sw[1]])))
}

/// Something that exchanges raw APDUs with a chip: PC/SC, or an in-process virtual chip.
pub trait Transport {
    /// Sends one command APDU and returns the response (data ‖ SW1 SW2).
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>>;
}

impl<T: Transport + ?Sized> Transport for &mut T {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>> {
        (**self).transmit(apdu)
    }
}

impl<T: Transport + ?Sized> Transport for Box<T> {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>> {
        (**self).transmit(apdu)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_round_trips() {
        for cmd in [
            Command::new(0, 0x84, 0, 0).with_le(8),
            Command::new(0, 0xA4, 4, 0x0C).with_data(vec![0xA0, 0, 0, 2, 0x47, 0x10, 1]),
            Command::new(0x0C, 0xB0, 0, 0)
                .with_data(vec![1, 2])
                .with_le(256),
            Command::new(0, 0xB0, 0, 0),
        ] {
            assert_eq!(Command::parse(&cmd.to_bytes()).unwrap(), cmd);
        }
        assert!(Command::parse(&[0, 1, 2]).is_err());
        assert!(Command::parse(&[0, 1, 2, 3, 5, 1]).is_err());
    }
}
