//! DG2: the face (ICAO 9303-10 §4.7.2). The image sits in a CBEFF biometric information
//! template (`75` → `7F61` → `7F60` → `5F2E`/`7F2E`), itself an ISO/IEC 19794-5 facial record
//! whose header says where the JPEG or JPEG 2000 bytes start.

use super::outer;
use crate::error::{IcaoError, Result};
use crate::tlv;

/// The face image found in DG2.
#[derive(Clone, PartialEq, Eq)]
pub struct FaceImage {
    /// `image/jpeg` or `image/jp2`.
    pub mime: &'static str,
    /// Width in pixels as the 19794-5 header states it (0 if unknown).
    pub width: u16,
    /// Height in pixels as the 19794-5 header states it (0 if unknown).
    pub height: u16,
    /// The encoded image.
    pub data: Vec<u8>,
}

impl std::fmt::Debug for FaceImage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "FaceImage({}, {}x{}, {} bytes)",
            self.mime,
            self.width,
            self.height,
            self.data.len()
        )
    }
}

const JPEG_MAGIC: &[u8] = &[0xFF, 0xD8, 0xFF];
const JP2_MAGIC: &[u8] = &[0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20];
const J2K_MAGIC: &[u8] = &[0xFF, 0x4F, 0xFF, 0x51];

fn mime_of(image: &[u8]) -> Option<&'static str> {
    if image.starts_with(JPEG_MAGIC) {
        Some("image/jpeg")
    } else if image.starts_with(JP2_MAGIC) || image.starts_with(J2K_MAGIC) {
        Some("image/jp2")
    } else {
        None
    }
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*b.get(at)?, *b.get(at + 1)?]))
}

fn be32(b: &[u8], at: usize) -> Option<usize> {
    let v = u32::from_be_bytes([
        *b.get(at)?,
        *b.get(at + 1)?,
        *b.get(at + 2)?,
        *b.get(at + 3)?,
    ]);
    usize::try_from(v).ok()
}

/// Walks the ISO 19794-5 header to the first face's image.
fn from_19794_5(block: &[u8]) -> Option<FaceImage> {
    if !block.starts_with(b"FAC\0") {
        return None;
    }
    let record = 14; // format id, version, record length, number of faces
    let record_len = be32(block, record)?;
    let record_end = record.checked_add(record_len)?.min(block.len());
    let feature_points = usize::from(be16(block, record + 4)?);
    let info = record + 20 + 8 * feature_points;
    let width = be16(block, info + 2)?;
    let height = be16(block, info + 4)?;
    let data = block.get(info + 12..record_end)?;
    Some(FaceImage {
        mime: mime_of(data)?,
        width,
        height,
        data: data.to_vec(),
    })
}

/// Last resort for non-conforming chips: the first JPEG or JPEG 2000 signature in the block.
fn by_signature(block: &[u8]) -> Option<FaceImage> {
    (0..block.len()).find_map(|i| {
        let rest = block.get(i..)?;
        let mime = mime_of(rest)?;
        Some(FaceImage {
            mime,
            width: 0,
            height: 0,
            data: rest.to_vec(),
        })
    })
}

/// Extracts the first face image from DG2.
pub fn parse(bytes: &[u8]) -> Result<FaceImage> {
    let t = outer(bytes, 0x75, "DG2")?;
    let bad = |reason| IcaoError::DataGroup { dg: "DG2", reason };
    let group = t.require(0x7F61)?;
    let template = group.require(0x7F60)?;
    let block = match template.child(0x5F2E)? {
        Some(b) => b,
        None => template.require(0x7F2E)?,
    };
    from_19794_5(block.value)
        .or_else(|| by_signature(block.value))
        .ok_or_else(|| bad("no JPEG or JPEG 2000 image"))
}

/// Encodes DG2 around one JPEG (the virtual chip's face), with a 19794-5 header.
pub fn encode(jpeg: &[u8], width: u16, height: u16) -> Vec<u8> {
    let facial_len = (20 + 12 + jpeg.len()) as u32;
    let mut fac = [&b"FAC\0"[..], b"010\0"].concat();
    fac.extend_from_slice(&(14 + facial_len).to_be_bytes());
    fac.extend_from_slice(&1u16.to_be_bytes()); // one face
    fac.extend_from_slice(&facial_len.to_be_bytes());
    fac.extend_from_slice(&0u16.to_be_bytes()); // no feature points
    fac.extend_from_slice(&[0; 14]); // gender, eyes, hair, mask, expression, pose: unspecified
    fac.extend_from_slice(&[1, 0]); // full frontal, JPEG
    fac.extend_from_slice(&width.to_be_bytes());
    fac.extend_from_slice(&height.to_be_bytes());
    fac.extend_from_slice(&[1, 2, 0, 0, 0, 0]); // sRGB, captured digital, device/quality unspecified
    fac.extend_from_slice(jpeg);
    let mut header = tlv::encode(0x80, &[0x01, 0x01]);
    header.extend(tlv::encode(0x81, &[0x02])); // biometric type: facial features
    header.extend(tlv::encode(0x87, &[0x01, 0x01])); // format owner: ISO/IEC JTC 1/SC 37
    header.extend(tlv::encode(0x88, &[0x00, 0x08])); // format type: face image
    let mut inst = tlv::encode(0xA1, &header);
    inst.extend(tlv::encode(0x5F2E, &fac));
    let mut group = tlv::encode(0x02, &[1]);
    group.extend(tlv::encode(0x7F60, &inst));
    tlv::encode(0x75, &tlv::encode(0x7F61, &group))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_finds_images_without_a_header() {
        let jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 0xFF, 0xD9];
        let face = parse(&encode(&jpeg, 40, 50)).unwrap();
        assert_eq!((face.mime, face.width, face.height), ("image/jpeg", 40, 50));
        assert_eq!(face.data, jpeg);
        let mut block = vec![9, 9, 9];
        block.extend_from_slice(JP2_MAGIC);
        let dg2 = tlv::encode(
            0x75,
            &tlv::encode(0x7F61, &tlv::encode(0x7F60, &tlv::encode(0x7F2E, &block))),
        );
        assert_eq!(parse(&dg2).unwrap().mime, "image/jp2");
    }
}
