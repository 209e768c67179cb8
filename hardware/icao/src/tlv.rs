//! BER-TLV as used by the LDS (ICAO 9303-10) and by secure messaging.
//!
//! Written by hand because the LDS data groups are application-class BER with multi-byte
//! tags (`5F1F`, `7F61`…) that the DER crates do not model as free-form trees; the parser is
//! small, never panics, bounds every length by the remaining input and refuses indefinite
//! lengths. (EF.SOD's CMS content is DER proper and goes through the `cms`/`der` crates.)

use crate::error::TlvError;

/// Deepest nesting [`find`] descends into (LDS structures are at most ~5 deep).
pub const MAX_DEPTH: usize = 16;

/// One decoded TLV, borrowing its value from the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tlv<'a> {
    /// The tag, its bytes packed big-endian (`0x5F1F`, `0x7F61`, `0x61`).
    pub tag: u32,
    /// The value bytes.
    pub value: &'a [u8],
    /// The whole encoding: tag, length and value.
    pub raw: &'a [u8],
}

impl<'a> Tlv<'a> {
    /// Whether the tag's constructed bit is set (its value is itself TLVs).
    pub fn is_constructed(&self) -> bool {
        let first = first_tag_byte(self.tag);
        first & 0x20 != 0
    }

    /// The TLVs inside a constructed value.
    pub fn children(&self) -> Result<Vec<Tlv<'a>>, TlvError> {
        parse_all(self.value)
    }

    /// The first direct child with `tag`, if any.
    pub fn child(&self, tag: u32) -> Result<Option<Tlv<'a>>, TlvError> {
        Ok(self.children()?.into_iter().find(|t| t.tag == tag))
    }

    /// The first direct child with `tag`, or [`TlvError::Missing`].
    pub fn require(&self, tag: u32) -> Result<Tlv<'a>, TlvError> {
        self.child(tag)?.ok_or(TlvError::Missing(tag))
    }
}

fn first_tag_byte(tag: u32) -> u8 {
    let bytes = tag.to_be_bytes();
    bytes.iter().copied().find(|b| *b != 0).unwrap_or(0)
}

/// Reads a tag; returns it and the number of bytes used.
fn read_tag(input: &[u8]) -> Result<(u32, usize), TlvError> {
    let first = *input.first().ok_or(TlvError::Truncated)?;
    if first & 0x1F != 0x1F {
        return Ok((u32::from(first), 1));
    }
    let mut tag = u32::from(first);
    let mut i = 1;
    loop {
        let b = *input.get(i).ok_or(TlvError::Truncated)?;
        tag = (tag << 8) | u32::from(b);
        i += 1;
        if b & 0x80 == 0 {
            return Ok((tag, i));
        }
        if i >= 3 {
            return Err(TlvError::TagTooLong);
        }
    }
}

/// Reads a length; returns it and the number of bytes used.
fn read_len(input: &[u8]) -> Result<(usize, usize), TlvError> {
    let first = *input.first().ok_or(TlvError::Truncated)?;
    match first {
        0x00..=0x7F => Ok((usize::from(first), 1)),
        0x80 => Err(TlvError::IndefiniteLength),
        0x81..=0x84 => {
            let n = usize::from(first & 0x7F);
            let bytes = input.get(1..1 + n).ok_or(TlvError::Truncated)?;
            let len = bytes
                .iter()
                .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
            Ok((len, 1 + n))
        }
        _ => Err(TlvError::LengthOutOfBounds),
    }
}

/// Parses one TLV at the start of `input`; returns it and the rest.
pub fn parse_one(input: &[u8]) -> Result<(Tlv<'_>, &[u8]), TlvError> {
    let (tag, tag_len) = read_tag(input)?;
    let rest = input.get(tag_len..).ok_or(TlvError::Truncated)?;
    let (len, len_len) = read_len(rest)?;
    let start = tag_len + len_len;
    let end = start.checked_add(len).ok_or(TlvError::LengthOutOfBounds)?;
    if end > input.len() {
        return Err(TlvError::Truncated);
    }
    let tlv = Tlv {
        tag,
        value: input.get(start..end).ok_or(TlvError::Truncated)?,
        raw: input.get(..end).ok_or(TlvError::Truncated)?,
    };
    let rest = input.get(end..).ok_or(TlvError::Truncated)?;
    Ok((tlv, rest))
}

/// Parses a sequence of TLVs filling `input` completely.
pub fn parse_all(mut input: &[u8]) -> Result<Vec<Tlv<'_>>, TlvError> {
    let mut out = Vec::new();
    while !input.is_empty() {
        let (tlv, rest) = parse_one(input)?;
        out.push(tlv);
        input = rest;
    }
    Ok(out)
}

/// Depth-first search for the first TLV with `tag`, descending into constructed values.
pub fn find(input: &[u8], tag: u32) -> Result<Option<Tlv<'_>>, TlvError> {
    find_depth(input, tag, 0)
}

fn find_depth(input: &[u8], tag: u32, depth: usize) -> Result<Option<Tlv<'_>>, TlvError> {
    if depth > MAX_DEPTH {
        return Err(TlvError::TooDeep);
    }
    for tlv in parse_all(input)? {
        if tlv.tag == tag {
            return Ok(Some(tlv));
        }
        if tlv.is_constructed() {
            if let Some(found) = find_depth(tlv.value, tag, depth + 1)? {
                return Ok(Some(found));
            }
        }
    }
    Ok(None)
}

/// The length of the whole TLV whose first bytes are `head`, if `head` holds tag and length.
/// Used to learn a file's size from its first few bytes.
pub fn total_len(head: &[u8]) -> Result<usize, TlvError> {
    let (_, tag_len) = read_tag(head)?;
    let rest = head.get(tag_len..).ok_or(TlvError::Truncated)?;
    let (len, len_len) = read_len(rest)?;
    (tag_len + len_len)
        .checked_add(len)
        .ok_or(TlvError::LengthOutOfBounds)
}

/// Encodes a length in the shortest BER form.
pub fn encode_len(len: usize) -> Vec<u8> {
    match len {
        0..=0x7F => vec![len as u8],
        0x80..=0xFF => vec![0x81, len as u8],
        0x100..=0xFFFF => vec![0x82, (len >> 8) as u8, len as u8],
        _ => vec![0x83, (len >> 16) as u8, (len >> 8) as u8, len as u8],
    }
}

/// Encodes a TLV.
pub fn encode(tag: u32, value: &[u8]) -> Vec<u8> {
    let mut out: Vec<u8> = tag
        .to_be_bytes()
        .iter()
        .copied()
        .skip_while(|b| *b == 0)
        .collect();
    if out.is_empty() {
        out.push(0);
    }
    out.extend(encode_len(value.len()));
    out.extend_from_slice(value);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_multi_byte_tags_and_long_lengths() {
        let inner = encode(0x5F1F, b"ABC");
        let outer = encode(0x61, &inner);
        let (tlv, rest) = parse_one(&outer).unwrap();
        assert!(rest.is_empty());
        assert_eq!(tlv.tag, 0x61);
        assert!(tlv.is_constructed());
        assert_eq!(tlv.require(0x5F1F).unwrap().value, b"ABC");
        let big = encode(0x04, &[7u8; 300]);
        assert_eq!(&big[..4], &[0x04, 0x82, 0x01, 0x2C]);
        assert_eq!(total_len(&big[..4]).unwrap(), 304);
    }

    #[test]
    fn refuses_bad_input() {
        assert_eq!(
            parse_one(&[0x61, 0x80, 0, 0]),
            Err(TlvError::IndefiniteLength)
        );
        assert_eq!(parse_one(&[0x61, 0x05, 1]), Err(TlvError::Truncated));
        assert_eq!(parse_one(&[0x5F]), Err(TlvError::Truncated));
        assert_eq!(
            parse_one(&[0x61, 0x85, 1, 1, 1, 1, 1]),
            Err(TlvError::LengthOutOfBounds)
        );
        assert_eq!(
            parse_one(&[0x61, 0x84, 0xFF, 0xFF, 0xFF, 0xFF]),
            Err(TlvError::Truncated)
        );
        assert_eq!(
            parse_one(&[0x5F, 0x81, 0x82, 0x83, 0x01]),
            Err(TlvError::TagTooLong)
        );
    }

    #[test]
    fn find_descends_but_bounds_depth() {
        let mut v = encode(0x04, b"x");
        for _ in 0..(MAX_DEPTH + 3) {
            v = encode(0x30, &v);
        }
        assert_eq!(find(&v, 0x04), Err(TlvError::TooDeep));
        let shallow = encode(0x30, &encode(0x31, &encode(0x04, b"x")));
        assert_eq!(find(&shallow, 0x04).unwrap().unwrap().value, b"x");
    }
}
