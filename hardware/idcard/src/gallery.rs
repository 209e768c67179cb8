//! Fictional citizens for tests, the virtual reader and the training sandbox
//! (`data/gallery.json`, compiled in). Nobody in it exists.

use crate::document::{IdentityDocument, WltPhoto};
use crate::error::{IdCardError, Result};
use crate::sam::text::PHOTO_LEN;
use serde::{Deserialize, Serialize};
use specta::Type;

const GALLERY_JSON: &str = include_str!("../data/gallery.json");

/// One fictional citizen and the scenario they demonstrate.
#[derive(Clone, Debug, Serialize, Deserialize, Type)]
pub struct GalleryEntry {
    /// Stable key (`valid_adult`, `expired`, …).
    pub key: String,
    /// What the card demonstrates, in Chinese.
    pub label_zh: String,
    /// What the card demonstrates, in English.
    pub label_en: String,
    /// The verdict code expected on 2026-06-01.
    pub expected_verdict: String,
    /// The card's data (without photo; see [`synthetic_photo`]).
    pub document: IdentityDocument,
}

#[derive(Deserialize)]
struct GalleryFile {
    entries: Vec<GalleryEntry>,
}

/// Every fictional citizen, in file order.
pub fn entries() -> Result<Vec<GalleryEntry>> {
    serde_json::from_str::<GalleryFile>(GALLERY_JSON)
        .map(|f| f.entries)
        .map_err(IdCardError::Gallery)
}

/// A fictional citizen's card as a reader would return it: with a synthetic photo block.
pub fn card(key: &str) -> Result<IdentityDocument> {
    let entry = entries()?
        .into_iter()
        .find(|e| e.key == key)
        .ok_or_else(|| IdCardError::GalleryKey(key.to_owned()))?;
    let mut doc = entry.document;
    doc.photo = Some(synthetic_photo(key));
    Ok(doc)
}

/// 1024 deterministic bytes standing in for a WLT photo. Not a decodable image: real WLT data
/// is produced only by the card issuer, and a decoder is a vendor plug-in.
pub fn synthetic_photo(seed: &str) -> WltPhoto {
    // FNV-1a of the seed, then xorshift: stable across runs and platforms.
    let mut x = seed.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    }) | 1;
    let bytes = (0..PHOTO_LEN)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x.to_le_bytes()[0]
        })
        .collect();
    WltPhoto(bytes)
}
