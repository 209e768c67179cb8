//! The LDS files of the eMRTD application (ICAO 9303-10): identifiers, tags and the
//! parsers (and, for the virtual chip, encoders) of the data groups this crate reads.

pub mod com;
pub mod dg1;
pub mod dg11;
pub mod dg2;

use crate::error::{IcaoError, Result};
use crate::tlv;

/// The eMRTD application identifier.
pub const EMRTD_AID: [u8; 7] = [0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01];

/// File identifier of EF.COM.
pub const FID_COM: u16 = 0x011E;
/// File identifier of EF.SOD.
pub const FID_SOD: u16 = 0x011D;

/// File identifier of data group `n` (1–16).
pub fn fid_of(dg: u8) -> u16 {
    0x0100 | u16::from(dg)
}

/// The outer tag of data group `n` (ICAO 9303-10 table 34); `None` outside 1–16.
pub fn tag_of(dg: u8) -> Option<u8> {
    const TAGS: [u8; 16] = [
        0x61, 0x75, 0x63, 0x76, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F,
        0x70,
    ];
    TAGS.get(usize::from(dg).checked_sub(1)?).copied()
}

/// The data group number of an outer tag.
pub fn dg_of_tag(tag: u8) -> Option<u8> {
    (1..=16).find(|n| tag_of(*n) == Some(tag))
}

/// Unwraps a file's single outer TLV, checking its tag.
pub(crate) fn outer<'a>(bytes: &'a [u8], tag: u32, dg: &'static str) -> Result<tlv::Tlv<'a>> {
    let (t, _rest) = tlv::parse_one(bytes)?;
    if t.tag != tag {
        return Err(IcaoError::DataGroup {
            dg,
            reason: "wrong outer tag",
        });
    }
    Ok(t)
}

/// UTF-8 text of a TLV value; invalid sequences become U+FFFD rather than an error, since
/// a clerk is better served by a slightly garbled address than by nothing.
pub(crate) fn text(value: &[u8]) -> String {
    String::from_utf8_lossy(value).trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_fids() {
        assert_eq!(tag_of(1), Some(0x61));
        assert_eq!(tag_of(2), Some(0x75));
        assert_eq!(tag_of(11), Some(0x6B));
        assert_eq!(tag_of(0), None);
        assert_eq!(tag_of(17), None);
        assert_eq!(dg_of_tag(0x6B), Some(11));
        assert_eq!(fid_of(2), 0x0102);
    }
}
