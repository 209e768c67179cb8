//! GA/T 467 frames.
//!
//! ```text
//! request : AA AA AA 96 69 | LEN(2, BE) | CMD PARA | DATA | CHK
//! response: AA AA AA 96 69 | LEN(2, BE) | SW1 SW2 SW3 | DATA | CHK
//! ```
//!
//! CHK is the XOR of every byte from LEN to the end of DATA.
//!
//! LEN convention: LEN counts the bytes *after* LEN, CHK included. That is what readers do:
//! the well-known find-card request is `AA AA AA 96 69 00 03 20 01 22` (LEN 3 = CMD + PARA +
//! CHK; 0x22 = 00^03^20^01), and the `30 01` answer has LEN `05 08` = 1288 = SW(3) + two length
//! fields (4) + text (256) + photo (1024) + CHK (1), as seen in vendor SDK sample code and
//! GA/T 467 descriptions. The DOMAIN-FACTS brief leaves it implicit.

use super::proto::{Command, SamStatus};
use crate::error::{IdCardError, Result};

/// The five-byte preamble of every frame.
pub const PREAMBLE: [u8; 5] = [0xAA, 0xAA, 0xAA, 0x96, 0x69];
const HEADER: usize = PREAMBLE.len() + 2;
/// Smallest LEN a frame can have (request: CMD PARA CHK).
pub const MIN_LEN: usize = 3;
/// Largest LEN accepted. The biggest real answer, `30 10`, has LEN 0x090A (2314); the bound
/// leaves room for vendors with larger fingerprint blocks and refuses bogus lengths early so a
/// corrupt LEN cannot make the decoder wait for 64 KiB.
pub const MAX_LEN: usize = 0x0C00;

/// XOR of all bytes.
pub fn checksum(bytes: &[u8]) -> u8 {
    bytes.iter().fold(0, |acc, b| acc ^ b)
}

/// The payload of a frame: the bytes between LEN and CHK, not yet read as request or response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawFrame {
    /// CMD PARA DATA (request) or SW1 SW2 SW3 DATA (response).
    pub body: Vec<u8>,
}

impl RawFrame {
    /// Encodes the body into a complete frame.
    pub fn encode(&self) -> Result<Vec<u8>> {
        encode_body(&self.body)
    }
}

fn encode_body(body: &[u8]) -> Result<Vec<u8>> {
    let len = body.len() + 1;
    if !(MIN_LEN..=MAX_LEN).contains(&len) {
        return Err(IdCardError::FrameLength {
            len,
            min: MIN_LEN,
            max: MAX_LEN,
        });
    }
    let len16 = u16::try_from(len).map_err(|_| IdCardError::FrameLength {
        len,
        min: MIN_LEN,
        max: MAX_LEN,
    })?;
    let mut out = Vec::with_capacity(HEADER + len);
    out.extend_from_slice(&PREAMBLE);
    out.extend_from_slice(&len16.to_be_bytes());
    out.extend_from_slice(body);
    let chk = checksum(&out[PREAMBLE.len()..]);
    out.push(chk);
    Ok(out)
}

/// A request from host to reader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// CMD and PARA.
    pub command: Command,
    /// Optional data (none of the standard commands send any).
    pub data: Vec<u8>,
}

impl Request {
    /// A request without data.
    pub fn new(command: Command) -> Self {
        Self {
            command,
            data: Vec::new(),
        }
    }

    /// The bytes to send.
    pub fn encode(&self) -> Result<Vec<u8>> {
        let mut body = Vec::with_capacity(2 + self.data.len());
        body.extend_from_slice(&[self.command.cmd, self.command.para]);
        body.extend_from_slice(&self.data);
        encode_body(&body)
    }

    /// Reads a raw frame as a request.
    pub fn from_raw(raw: RawFrame) -> Result<Self> {
        match raw.body.as_slice() {
            [cmd, para, data @ ..] => Ok(Self {
                command: Command::new(*cmd, *para),
                data: data.to_vec(),
            }),
            _ => Err(IdCardError::FrameLength {
                len: raw.body.len() + 1,
                min: MIN_LEN,
                max: MAX_LEN,
            }),
        }
    }
}

/// An answer from reader to host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    /// SW1 (0x00 in practice).
    pub sw1: u8,
    /// SW2 (0x00 in practice).
    pub sw2: u8,
    /// SW3, the status proper.
    pub status: SamStatus,
    /// Data after the status.
    pub data: Vec<u8>,
}

impl Response {
    /// A response with SW1 = SW2 = 0.
    pub fn new(status: SamStatus, data: Vec<u8>) -> Self {
        Self {
            sw1: 0,
            sw2: 0,
            status,
            data,
        }
    }

    /// The bytes to send.
    pub fn encode(&self) -> Result<Vec<u8>> {
        let mut body = Vec::with_capacity(3 + self.data.len());
        body.extend_from_slice(&[self.sw1, self.sw2, self.status.sw3()]);
        body.extend_from_slice(&self.data);
        encode_body(&body)
    }

    /// Reads a raw frame as a response.
    pub fn from_raw(raw: RawFrame) -> Result<Self> {
        match raw.body.as_slice() {
            [sw1, sw2, sw3, data @ ..] => Ok(Self {
                sw1: *sw1,
                sw2: *sw2,
                status: SamStatus::from_sw3(*sw3),
                data: data.to_vec(),
            }),
            _ => Err(IdCardError::FrameLength {
                len: raw.body.len() + 1,
                min: MIN_LEN + 1,
                max: MAX_LEN,
            }),
        }
    }
}

/// Incremental decoder: feed bytes as they arrive, take frames out as they complete.
///
/// Errors are reported and decoding goes on: line noise before a preamble is skipped (and
/// reported as [`IdCardError::FrameGarbage`]); after a bad length or checksum the decoder drops
/// one byte and searches for the next preamble, so a good frame after a bad one is still found.
/// Memory is bounded by [`MAX_LEN`] plus whatever was pushed but not yet consumed.
#[derive(Debug, Clone)]
pub struct FrameDecoder {
    buf: Vec<u8>,
    max_len: usize,
}

impl Default for FrameDecoder {
    fn default() -> Self {
        Self::new()
    }
}

impl FrameDecoder {
    /// A decoder accepting LEN up to [`MAX_LEN`].
    pub fn new() -> Self {
        Self::with_max_len(MAX_LEN)
    }

    /// A decoder with a custom LEN bound (clamped to `MIN_LEN..=u16::MAX`).
    pub fn with_max_len(max_len: usize) -> Self {
        Self {
            buf: Vec::new(),
            max_len: max_len.clamp(MIN_LEN, usize::from(u16::MAX)),
        }
    }

    /// Appends received bytes.
    pub fn push(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// Bytes held but not yet part of a decoded frame.
    pub fn buffered(&self) -> usize {
        self.buf.len()
    }

    /// Forgets everything buffered.
    pub fn clear(&mut self) {
        self.buf.clear();
    }

    /// The next complete frame, an error about discarded bytes, or `None` when more bytes are
    /// needed.
    pub fn next_frame(&mut self) -> Option<Result<RawFrame>> {
        if let Some(skipped) = self.skip_to_preamble() {
            return Some(Err(IdCardError::FrameGarbage { skipped }));
        }
        if self.buf.len() < HEADER {
            return None;
        }
        let len = usize::from(u16::from_be_bytes([self.buf[5], self.buf[6]]));
        if !(MIN_LEN..=self.max_len).contains(&len) {
            self.buf.drain(..1);
            return Some(Err(IdCardError::FrameLength {
                len,
                min: MIN_LEN,
                max: self.max_len,
            }));
        }
        let total = HEADER + len;
        if self.buf.len() < total {
            return None;
        }
        let received = self.buf[total - 1];
        let computed = checksum(&self.buf[PREAMBLE.len()..total - 1]);
        if received != computed {
            self.buf.drain(..1);
            return Some(Err(IdCardError::FrameChecksum { computed, received }));
        }
        let body = self.buf[HEADER..total - 1].to_vec();
        self.buf.drain(..total);
        Some(Ok(RawFrame { body }))
    }

    /// Call when no more bytes will come (timeout, end of stream): reports a partial frame as
    /// truncated and clears the buffer.
    pub fn finish(&mut self) -> Option<IdCardError> {
        let err = if self.buf.len() >= HEADER && self.buf.starts_with(&PREAMBLE) {
            let len = usize::from(u16::from_be_bytes([self.buf[5], self.buf[6]]));
            Some(IdCardError::FrameTruncated {
                expected: HEADER + len,
                received: self.buf.len(),
            })
        } else if !self.buf.is_empty() && self.buf.starts_with(&PREAMBLE[..self.buf.len().min(5)]) {
            Some(IdCardError::FrameTruncated {
                expected: HEADER,
                received: self.buf.len(),
            })
        } else if !self.buf.is_empty() {
            Some(IdCardError::FrameGarbage {
                skipped: self.buf.len(),
            })
        } else {
            None
        };
        self.buf.clear();
        err
    }

    /// Drops bytes before the first preamble; keeps a trailing partial preamble. Returns how
    /// many bytes were dropped, if any.
    fn skip_to_preamble(&mut self) -> Option<usize> {
        if self.buf.starts_with(&PREAMBLE) {
            return None;
        }
        let skip = match self.buf.windows(PREAMBLE.len()).position(|w| w == PREAMBLE) {
            Some(pos) => pos,
            None => {
                // Keep the longest tail that could still grow into a preamble.
                let keep = (1..PREAMBLE.len())
                    .rev()
                    .find(|k| self.buf.ends_with(&PREAMBLE[..*k]))
                    .unwrap_or(0);
                self.buf.len() - keep
            }
        };
        if skip == 0 {
            return None;
        }
        self.buf.drain(..skip);
        Some(skip)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_request_bytes() {
        let find = Request::new(Command::FIND_CARD).encode().unwrap();
        assert_eq!(
            find,
            [0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x20, 0x01, 0x22]
        );
        let read = Request::new(Command::READ_TEXT_PHOTO).encode().unwrap();
        assert_eq!(read[7..], [0x30, 0x01, 0x32]);
        let sam_id = Request::new(Command::SAM_ID).encode().unwrap();
        assert_eq!(sam_id[7..], [0x12, 0xFF, 0xEE]);
    }

    #[test]
    fn known_no_card_answer() {
        let bytes = Response::new(SamStatus::NoCard, vec![]).encode().unwrap();
        assert_eq!(
            bytes,
            [0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x04, 0x00, 0x00, 0x80, 0x84]
        );
    }
}
