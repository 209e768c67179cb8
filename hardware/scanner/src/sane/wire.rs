//! What the app and its SANE helper process say to each other over the helper's stdin and
//! stdout. A message is a tag byte, a little-endian `u32` length and the payload: JSON for
//! requests and replies, raw bytes for a frame's pixels (a page of A4 colour is 26 MB; JSON
//! would double it). Both sides bound every length, so a confused peer is an error, not an
//! allocation of whatever four bytes happen to say.

use std::io::{self, Read, Write};

use serde::{de::DeserializeOwned, Deserialize, Serialize};

use super::values::Params;
use crate::error::ScanError;
use crate::types::{DeviceCapabilities, DeviceInfo, ScanSettings};

const TAG_JSON: u8 = 1;
const TAG_DATA: u8 = 2;
/// Requests and replies are small; the largest is an option-rich device's capabilities.
const MAX_JSON: usize = 4 << 20;
/// A data message carries at most one `sane_read` (the worker reads 256 KiB at a time).
const MAX_DATA: usize = 1 << 20;

/// App → helper.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) enum Request {
    Devices,
    Capabilities(String),
    Scan {
        device: String,
        settings: ScanSettings,
    },
    /// Stop the scan in progress (ignored between scans).
    Cancel,
}

/// Helper → app. A scan answers with, per page, `Frame` + data + `FrameEnd` per frame and
/// `PageEnd`, then one `Done`.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) enum Reply {
    Ready { version: (u8, u8, u16) },
    InitFailed(WireError),
    Devices(Result<Vec<DeviceInfo>, WireError>),
    Capabilities(Result<DeviceCapabilities, WireError>),
    Frame { params: Params, dpi: Option<f32> },
    FrameEnd,
    PageEnd,
    Done(Result<u32, WireError>),
}

/// One message as read.
#[derive(Debug)]
pub(crate) enum Message<T> {
    Json(T),
    Data(Vec<u8>),
}

pub(crate) fn write_json<T: Serialize>(w: &mut impl Write, msg: &T) -> io::Result<()> {
    let body = serde_json::to_vec(msg).map_err(io::Error::other)?;
    write_frame(w, TAG_JSON, &body)
}

pub(crate) fn write_data(w: &mut impl Write, bytes: &[u8]) -> io::Result<()> {
    write_frame(w, TAG_DATA, bytes)
}

fn write_frame(w: &mut impl Write, tag: u8, body: &[u8]) -> io::Result<()> {
    let len = u32::try_from(body.len()).map_err(|_| io::Error::other("message too long"))?;
    w.write_all(&[tag])?;
    w.write_all(&len.to_le_bytes())?;
    w.write_all(body)?;
    w.flush()
}

/// The next message, or `Ok(None)` at a clean end of stream (between messages).
pub(crate) fn read<T: DeserializeOwned>(r: &mut impl Read) -> io::Result<Option<Message<T>>> {
    let mut tag = [0u8; 1];
    match r.read_exact(&mut tag) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let mut len = [0u8; 4];
    r.read_exact(&mut len)?;
    let len = usize::try_from(u32::from_le_bytes(len)).unwrap_or(usize::MAX);
    let limit = match tag[0] {
        TAG_JSON => MAX_JSON,
        TAG_DATA => MAX_DATA,
        other => return Err(invalid(format!("unknown message tag {other}"))),
    };
    if len > limit {
        return Err(invalid(format!("message of {len} bytes (limit {limit})")));
    }
    let mut body = vec![0u8; len];
    r.read_exact(&mut body)?;
    if tag[0] == TAG_DATA {
        return Ok(Some(Message::Data(body)));
    }
    serde_json::from_slice(&body)
        .map(|m| Some(Message::Json(m)))
        .map_err(|e| invalid(format!("unreadable message: {e}")))
}

fn invalid(msg: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg)
}

/// The errors a SANE session can end in, on the wire (the crate's error holds sources that do
/// not serialise, and most of its variants belong to file import).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) enum WireError {
    SaneInit(String),
    NoDevice(String),
    Busy,
    Jammed,
    NoDocs,
    CoverOpen,
    AccessDenied,
    NoMemory,
    Io(String),
    Refused { what: String, status: String },
    Unsupported(String),
    BadFrame(String),
    Timeout(u64),
    Cancelled,
}

impl From<ScanError> for WireError {
    fn from(e: ScanError) -> Self {
        match e {
            ScanError::SaneInit(s) => Self::SaneInit(s),
            ScanError::NoDevice(s) => Self::NoDevice(s),
            ScanError::Busy => Self::Busy,
            ScanError::Jammed => Self::Jammed,
            ScanError::NoDocs => Self::NoDocs,
            ScanError::CoverOpen => Self::CoverOpen,
            ScanError::AccessDenied => Self::AccessDenied,
            ScanError::NoMemory => Self::NoMemory,
            ScanError::Io(s) => Self::Io(s),
            ScanError::Refused { what, status } => Self::Refused { what, status },
            ScanError::Unsupported(s) => Self::Unsupported(s),
            ScanError::BadFrame(s) => Self::BadFrame(s),
            ScanError::Timeout(ms) => Self::Timeout(ms),
            ScanError::Cancelled => Self::Cancelled,
            // Nothing in the helper makes these; keep the words if one ever does.
            other => Self::Refused {
                what: "the scan".into(),
                status: other.to_string(),
            },
        }
    }
}

impl From<WireError> for ScanError {
    fn from(e: WireError) -> Self {
        match e {
            WireError::SaneInit(s) => Self::SaneInit(s),
            WireError::NoDevice(s) => Self::NoDevice(s),
            WireError::Busy => Self::Busy,
            WireError::Jammed => Self::Jammed,
            WireError::NoDocs => Self::NoDocs,
            WireError::CoverOpen => Self::CoverOpen,
            WireError::AccessDenied => Self::AccessDenied,
            WireError::NoMemory => Self::NoMemory,
            WireError::Io(s) => Self::Io(s),
            WireError::Refused { what, status } => Self::Refused { what, status },
            WireError::Unsupported(s) => Self::Unsupported(s),
            WireError::BadFrame(s) => Self::BadFrame(s),
            WireError::Timeout(ms) => Self::Timeout(ms),
            WireError::Cancelled => Self::Cancelled,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;

    fn round_trip(bytes: &[u8]) -> Vec<Message<Reply>> {
        let mut r = bytes;
        let mut out = Vec::new();
        while let Some(m) = read(&mut r).unwrap() {
            out.push(m);
        }
        out
    }

    #[test]
    fn replies_and_data_round_trip() {
        let mut buf = Vec::new();
        write_json(&mut buf, &Reply::Ready { version: (1, 2, 3) }).unwrap();
        write_data(&mut buf, &[7u8; 1000]).unwrap();
        write_json(&mut buf, &Reply::Done(Err(WireError::Timeout(5)))).unwrap();
        let got = round_trip(&buf);
        assert!(matches!(
            got[0],
            Message::Json(Reply::Ready { version: (1, 2, 3) })
        ));
        assert!(matches!(&got[1], Message::Data(d) if d.len() == 1000 && d[999] == 7));
        assert!(matches!(
            got[2],
            Message::Json(Reply::Done(Err(WireError::Timeout(5))))
        ));
    }

    #[test]
    fn a_length_past_the_limit_is_refused_before_allocating() {
        let mut buf = vec![TAG_DATA];
        buf.extend_from_slice(&u32::MAX.to_le_bytes());
        let err = read::<Reply>(&mut buf.as_slice()).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
    }

    #[test]
    fn an_unknown_tag_or_a_cut_message_is_an_error() {
        let err = read::<Reply>(&mut [9u8, 0, 0, 0, 0].as_slice()).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        let mut buf = Vec::new();
        write_data(&mut buf, &[1, 2, 3]).unwrap();
        buf.pop();
        assert!(read::<Reply>(&mut buf.as_slice()).is_err());
    }

    #[test]
    fn every_sane_error_keeps_its_code_across_the_wire() {
        use ow_error::ErrorCode;
        let all = [
            ScanError::SaneInit("x".into()),
            ScanError::NoDevice("x".into()),
            ScanError::Busy,
            ScanError::Jammed,
            ScanError::NoDocs,
            ScanError::CoverOpen,
            ScanError::AccessDenied,
            ScanError::NoMemory,
            ScanError::Io("x".into()),
            ScanError::Refused {
                what: "x".into(),
                status: "y".into(),
            },
            ScanError::Unsupported("x".into()),
            ScanError::BadFrame("x".into()),
            ScanError::Timeout(3),
            ScanError::Cancelled,
        ];
        for e in all {
            let code = e.code();
            let back = ScanError::from(WireError::from(e));
            assert_eq!(back.code(), code);
        }
    }
}
