//! Secure messaging with 3DES session keys (ICAO 9303-11 §9.8): DO'87' encrypted data,
//! DO'97' Le, DO'99' status, DO'8E' retail MAC over the send sequence counter, for both ends
//! of the channel (the terminal, and the virtual chip in `sim`).

use crate::apdu::{split_response, Command, SW_OK};
use crate::bac::KeyPair;
use crate::crypto;
use crate::error::{IcaoError, Result};
use crate::tlv;

/// Keys and counter of one secure-messaging session. `Debug` hides the keys.
#[derive(Clone, PartialEq, Eq)]
pub struct SmSession {
    keys: KeyPair,
    ssc: u64,
}

impl std::fmt::Debug for SmSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmSession").finish_non_exhaustive()
    }
}

/// The secure-messaging data objects found in a protected message.
#[derive(Default)]
struct Objects<'a> {
    do87: Option<tlv::Tlv<'a>>,
    do97: Option<tlv::Tlv<'a>>,
    do99: Option<tlv::Tlv<'a>>,
    do8e: Option<tlv::Tlv<'a>>,
}

fn objects(data: &[u8]) -> Result<Objects<'_>> {
    let mut o = Objects::default();
    let tlvs = tlv::parse_all(data).map_err(|_| IcaoError::SmFormat {
        reason: "truncated or malformed data objects",
    })?;
    for t in tlvs {
        let slot = match t.tag {
            0x87 => &mut o.do87,
            0x97 => &mut o.do97,
            0x99 => &mut o.do99,
            0x8E => &mut o.do8e,
            _ => {
                return Err(IcaoError::SmFormat {
                    reason: "unexpected data object",
                })
            }
        };
        if slot.replace(t).is_some() {
            return Err(IcaoError::SmFormat {
                reason: "repeated data object",
            });
        }
    }
    Ok(o)
}

fn raw<'a>(t: &Option<tlv::Tlv<'a>>) -> &'a [u8] {
    t.as_ref().map(|t| t.raw).unwrap_or(&[])
}

impl SmSession {
    /// A session from its keys and initial counter.
    pub fn new(keys: KeyPair, ssc: u64) -> Self {
        Self { keys, ssc }
    }

    /// The session keys.
    pub fn keys(&self) -> &KeyPair {
        &self.keys
    }

    /// The current send sequence counter.
    pub fn ssc(&self) -> u64 {
        self.ssc
    }

    fn next_ssc(&mut self) -> [u8; 8] {
        self.ssc = self.ssc.wrapping_add(1);
        self.ssc.to_be_bytes()
    }

    fn mac(&self, ssc: &[u8; 8], m: &[u8]) -> Result<[u8; 8]> {
        let mut n = Vec::with_capacity(8 + m.len());
        n.extend_from_slice(ssc);
        n.extend_from_slice(m);
        crypto::mac_padded(&self.keys.mac, &n)
    }

    fn encrypted_do(&self, tag: u32, data: &[u8]) -> Result<Vec<u8>> {
        let mut value = vec![0x01];
        value.extend(crypto::tdes_encrypt(&self.keys.enc, &crypto::pad(data))?);
        Ok(tlv::encode(tag, &value))
    }

    fn decrypt_do(&self, do87: &tlv::Tlv<'_>) -> Result<Vec<u8>> {
        let (indicator, cryptogram) = do87.value.split_first().ok_or(IcaoError::SmFormat {
            reason: "empty DO'87'",
        })?;
        if *indicator != 0x01 || cryptogram.is_empty() || !cryptogram.len().is_multiple_of(8) {
            return Err(IcaoError::SmFormat {
                reason: "DO'87' cryptogram",
            });
        }
        let plain = crypto::tdes_decrypt(&self.keys.enc, cryptogram)?;
        Ok(crypto::unpad(&plain)?.to_vec())
    }

    /// Terminal: wraps a plain command into a protected APDU.
    pub fn protect(&mut self, cmd: &Command) -> Result<Vec<u8>> {
        let ssc = self.next_ssc();
        let header = [cmd.cla | 0x0C, cmd.ins, cmd.p1, cmd.p2];
        let do87 = if cmd.data.is_empty() {
            Vec::new()
        } else {
            self.encrypted_do(0x87, &cmd.data)?
        };
        let do97 = match cmd.le {
            Some(le) => tlv::encode(0x97, &[if le >= 256 { 0 } else { le as u8 }]),
            None => Vec::new(),
        };
        let mut m = crypto::pad(&header);
        m.extend_from_slice(&do87);
        m.extend_from_slice(&do97);
        let cc = self.mac(&ssc, &m)?;
        let mut body = do87;
        body.extend(do97);
        body.extend(tlv::encode(0x8E, &cc));
        if body.len() > 255 {
            return Err(IcaoError::SmFormat {
                reason: "command too long for a short APDU",
            });
        }
        let mut out = header.to_vec();
        out.push(body.len() as u8);
        out.extend(body);
        out.push(0x00);
        Ok(out)
    }

    /// Terminal: checks and decrypts a protected response; returns data and the inner SW.
    /// A bare error status (the chip dropping secure messaging) comes back as is, with no data;
    /// a bare `9000` is refused, since it would let an attacker strip the protection.
    pub fn unprotect(&mut self, resp: &[u8]) -> Result<(Vec<u8>, u16)> {
        let (data, sw) = split_response(resp)?;
        if data.is_empty() {
            if sw == SW_OK {
                return Err(IcaoError::SmFormat {
                    reason: "unprotected success status",
                });
            }
            return Ok((Vec::new(), sw));
        }
        let ssc = self.next_ssc();
        let o = objects(data)?;
        let do8e = o.do8e.ok_or(IcaoError::SmFormat {
            reason: "no DO'8E'",
        })?;
        let mut k = raw(&o.do87).to_vec();
        k.extend_from_slice(raw(&o.do99));
        if !crypto::ct_eq(&self.mac(&ssc, &k)?, do8e.value) {
            return Err(IcaoError::SmMac);
        }
        let inner_sw = match o.do99 {
            Some(t) => match t.value {
                [a, b] => u16::from_be_bytes([*a, *b]),
                _ => {
                    return Err(IcaoError::SmFormat {
                        reason: "DO'99' length",
                    })
                }
            },
            None => sw,
        };
        let plain = match &o.do87 {
            Some(t) => self.decrypt_do(t)?,
            None => Vec::new(),
        };
        Ok((plain, inner_sw))
    }

    /// Chip: checks and decrypts a protected command.
    pub fn unprotect_command(&mut self, apdu: &[u8]) -> Result<Command> {
        let outer = Command::parse(apdu)?;
        if outer.cla & 0x0C != 0x0C {
            return Err(IcaoError::SmFormat {
                reason: "command not protected",
            });
        }
        let ssc = self.next_ssc();
        let o = objects(&outer.data)?;
        let do8e = o.do8e.ok_or(IcaoError::SmFormat {
            reason: "no DO'8E'",
        })?;
        let mut m = crypto::pad(&[outer.cla, outer.ins, outer.p1, outer.p2]);
        m.extend_from_slice(raw(&o.do87));
        m.extend_from_slice(raw(&o.do97));
        if !crypto::ct_eq(&self.mac(&ssc, &m)?, do8e.value) {
            return Err(IcaoError::SmMac);
        }
        let data = match &o.do87 {
            Some(t) => self.decrypt_do(t)?,
            None => Vec::new(),
        };
        let le = match o.do97.map(|t| t.value) {
            Some([0]) => Some(256),
            Some([n]) => Some(usize::from(*n)),
            Some(_) => {
                return Err(IcaoError::SmFormat {
                    reason: "DO'97' length",
                })
            }
            None => None,
        };
        Ok(Command {
            cla: outer.cla & !0x0C,
            ins: outer.ins,
            p1: outer.p1,
            p2: outer.p2,
            data,
            le,
        })
    }

    /// Chip: protects a response (`DO'87'` if there is data, `DO'99'`, `DO'8E'`, then SW).
    pub fn protect_response(&mut self, data: &[u8], sw: u16) -> Result<Vec<u8>> {
        let ssc = self.next_ssc();
        let mut k = if data.is_empty() {
            Vec::new()
        } else {
            self.encrypted_do(0x87, data)?
        };
        k.extend(tlv::encode(0x99, &sw.to_be_bytes()));
        let cc = self.mac(&ssc, &k)?;
        k.extend(tlv::encode(0x8E, &cc));
        k.extend_from_slice(&sw.to_be_bytes());
        Ok(k)
    }
}
