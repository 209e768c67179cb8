//! EF.COM: LDS version and the list of data groups present.

use super::{dg_of_tag, outer};
use crate::error::Result;
use crate::tlv;

/// The parsed EF.COM.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Com {
    /// LDS version (`0107` = 1.7), when present.
    pub lds_version: Option<String>,
    /// Unicode version (`040000`), when present.
    pub unicode_version: Option<String>,
    /// The data groups the chip says it holds, ascending.
    pub data_groups: Vec<u8>,
}

/// Parses EF.COM (tag `60`).
pub fn parse(bytes: &[u8]) -> Result<Com> {
    let t = outer(bytes, 0x60, "EF.COM")?;
    let ver = |tag| -> Result<Option<String>> {
        Ok(t.child(tag)?
            .map(|v| String::from_utf8_lossy(v.value).into_owned()))
    };
    let mut data_groups: Vec<u8> = t
        .require(0x5C)?
        .value
        .iter()
        .filter_map(|b| dg_of_tag(*b))
        .collect();
    data_groups.sort_unstable();
    data_groups.dedup();
    Ok(Com {
        lds_version: ver(0x5F01)?,
        unicode_version: ver(0x5F36)?,
        data_groups,
    })
}

/// Encodes EF.COM for LDS 1.7 / Unicode 4.0.0.
pub fn encode(data_groups: &[u8]) -> Vec<u8> {
    let tags: Vec<u8> = data_groups
        .iter()
        .filter_map(|n| super::tag_of(*n))
        .collect();
    let mut v = tlv::encode(0x5F01, b"0107");
    v.extend(tlv::encode(0x5F36, b"040000"));
    v.extend(tlv::encode(0x5C, &tags));
    tlv::encode(0x60, &v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appendix_d_ef_com_parses() {
        // The 22 bytes read in ICAO 9303-11 Appendix D.4.
        let bytes = [
            0x60, 0x14, 0x5F, 0x01, 0x04, 0x30, 0x31, 0x30, 0x36, 0x5F, 0x36, 0x06, 0x30, 0x34,
            0x30, 0x30, 0x30, 0x30, 0x5C, 0x02, 0x61, 0x75,
        ];
        let com = parse(&bytes).unwrap();
        assert_eq!(com.lds_version.as_deref(), Some("0106"));
        assert_eq!(com.data_groups, vec![1, 2]);
        assert_eq!(
            parse(&encode(&[1, 2, 11])).unwrap().data_groups,
            vec![1, 2, 11]
        );
    }
}
