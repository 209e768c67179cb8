//! The reading flow over any [`Transport`]: SELECT the eMRTD application, BAC, then
//! SELECT + READ BINARY of each file under secure messaging.

use crate::apdu::{split_response, Command, Transport, SW_EOF, SW_NOT_FOUND, SW_OK, SW_WRONG_P1P2};
use crate::bac::{self, BacKey, TerminalNonces};
use crate::dg::{self, EMRTD_AID, FID_COM, FID_SOD};
use crate::error::{IcaoError, Result};
use crate::sm::SmSession;
use crate::tlv;

/// Bytes asked for per READ BINARY: the largest whose protected 3DES response still fits a
/// short APDU (0xDF data → DO'87' of 0xE1, + DO'99' + DO'8E' + SW = 244 bytes).
pub const CHUNK: usize = 0xDF;
/// READ BINARY with an offset in P1P2 reaches 32 767; larger files need odd-INS B1, which
/// no BAC-era data group this crate reads requires.
pub const MAX_FILE: usize = 0x8000;

/// Which optional files to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadOptions {
    /// Read DG2 (the face).
    pub dg2: bool,
    /// Read DG11 when EF.COM lists it.
    pub dg11: bool,
    /// Read EF.SOD (needed for any passive authentication).
    pub sod: bool,
}

impl Default for ReadOptions {
    fn default() -> Self {
        Self {
            dg2: true,
            dg11: true,
            sod: true,
        }
    }
}

/// The raw files read from a chip. `Debug` shows sizes only.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct RawDocument {
    /// EF.COM.
    pub com: Option<Vec<u8>>,
    /// DG1 (always read).
    pub dg1: Vec<u8>,
    /// DG2.
    pub dg2: Option<Vec<u8>>,
    /// DG11.
    pub dg11: Option<Vec<u8>>,
    /// EF.SOD.
    pub sod: Option<Vec<u8>>,
}

impl std::fmt::Debug for RawDocument {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let len = |v: &Option<Vec<u8>>| v.as_ref().map(Vec::len);
        f.debug_struct("RawDocument")
            .field("com", &len(&self.com))
            .field("dg1", &self.dg1.len())
            .field("dg2", &len(&self.dg2))
            .field("dg11", &len(&self.dg11))
            .field("sod", &len(&self.sod))
            .finish()
    }
}

/// An authenticated secure-messaging channel to a chip.
pub struct ChipSession<T: Transport> {
    transport: T,
    sm: SmSession,
}

/// Selects the eMRTD application (unprotected, before BAC).
pub fn select_application<T: Transport>(t: &mut T) -> Result<()> {
    let cmd = Command::new(0x00, 0xA4, 0x04, 0x0C).with_data(EMRTD_AID.to_vec());
    let resp = t.transmit(&cmd.to_bytes())?;
    match split_response(&resp)?.1 {
        SW_OK => Ok(()),
        sw => Err(IcaoError::Status {
            operation: "SELECT eMRTD application",
            sw,
        }),
    }
}

impl<T: Transport> ChipSession<T> {
    /// Selects the application and runs BAC with fresh random nonces.
    pub fn open(transport: T, key: &BacKey) -> Result<Self> {
        Self::open_with(transport, key, &TerminalNonces::random()?)
    }

    /// As [`Self::open`] with given nonces (tests).
    pub fn open_with(mut transport: T, key: &BacKey, nonces: &TerminalNonces) -> Result<Self> {
        select_application(&mut transport)?;
        let sm = bac::authenticate(&mut transport, key, nonces)?;
        Ok(Self { transport, sm })
    }

    /// Sends one command under secure messaging; returns data and the inner status word.
    pub fn transmit(&mut self, cmd: &Command) -> Result<(Vec<u8>, u16)> {
        let apdu = self.sm.protect(cmd)?;
        let resp = self.transport.transmit(&apdu)?;
        self.sm.unprotect(&resp)
    }

    /// Selects an elementary file by identifier.
    pub fn select(&mut self, fid: u16) -> Result<()> {
        let cmd = Command::new(0x00, 0xA4, 0x02, 0x0C).with_data(fid.to_be_bytes().to_vec());
        match self.transmit(&cmd)?.1 {
            SW_OK => Ok(()),
            SW_NOT_FOUND => Err(IcaoError::FileNotFound { fid }),
            sw => Err(IcaoError::Status {
                operation: "SELECT file",
                sw,
            }),
        }
    }

    fn read_binary(&mut self, offset: usize, len: usize) -> Result<(Vec<u8>, u16)> {
        let cmd = Command::new(0x00, 0xB0, (offset >> 8) as u8, offset as u8).with_le(len);
        self.transmit(&cmd)
    }

    /// Reads a whole file: its first 4 bytes give the outer TLV's length, then chunks.
    pub fn read_file(&mut self, fid: u16) -> Result<Vec<u8>> {
        self.select(fid)?;
        let (mut data, sw) = self.read_binary(0, 4)?;
        if sw != SW_OK && sw != SW_EOF {
            return Err(IcaoError::Status {
                operation: "READ BINARY",
                sw,
            });
        }
        let total = tlv::total_len(&data)?;
        if total > MAX_FILE {
            return Err(IcaoError::FileTooLarge { len: total });
        }
        while data.len() < total {
            let want = (total - data.len()).min(CHUNK);
            let (chunk, sw) = self.read_binary(data.len(), want)?;
            match sw {
                SW_OK | SW_EOF if !chunk.is_empty() => data.extend(chunk),
                SW_OK | SW_EOF | SW_WRONG_P1P2 => break,
                sw => {
                    return Err(IcaoError::Status {
                        operation: "READ BINARY",
                        sw,
                    })
                }
            }
        }
        if data.len() < total {
            return Err(IcaoError::DataGroup {
                dg: "file",
                reason: "shorter than its TLV length",
            });
        }
        data.truncate(total);
        Ok(data)
    }

    /// Gives the transport back.
    pub fn into_transport(self) -> T {
        self.transport
    }
}

/// Reads EF.COM, DG1 and, as asked, DG2, DG11 and EF.SOD. A missing optional file is left
/// out; any other failure ends the read with its error.
pub fn read_document<T: Transport>(
    transport: T,
    key: &BacKey,
    opts: ReadOptions,
) -> Result<RawDocument> {
    let mut s = ChipSession::open(transport, key)?;
    read_files(&mut s, opts)
}

/// The file-reading half of [`read_document`], on an open session.
pub fn read_files<T: Transport>(s: &mut ChipSession<T>, opts: ReadOptions) -> Result<RawDocument> {
    let optional = |r: Result<Vec<u8>>| match r {
        Ok(v) => Ok(Some(v)),
        Err(IcaoError::FileNotFound { .. }) => Ok(None),
        Err(e) => Err(e),
    };
    let com = optional(s.read_file(FID_COM))?;
    let listed = |n: u8| match &com {
        Some(c) => dg::com::parse(c)
            .map(|c| c.data_groups.contains(&n))
            .unwrap_or(true),
        None => true,
    };
    let dg1 = s.read_file(dg::fid_of(1))?;
    let dg2 = if opts.dg2 && listed(2) {
        optional(s.read_file(dg::fid_of(2)))?
    } else {
        None
    };
    let dg11 = if opts.dg11 && listed(11) {
        optional(s.read_file(dg::fid_of(11)))?
    } else {
        None
    };
    let sod = if opts.sod {
        optional(s.read_file(FID_SOD))?
    } else {
        None
    };
    Ok(RawDocument {
        com,
        dg1,
        dg2,
        dg11,
        sod,
    })
}
