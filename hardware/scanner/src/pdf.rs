//! One PDF per material, for forwarding: each page a JPEG image at its true size.
//!
//! Written with `lopdf` (already used to check imported PDFs) rather than printpdf: a page
//! here is one image XObject and one `cm … Do` content stream, nothing printpdf adds helps.

use lopdf::{dictionary, Document, Object, Stream};

use crate::error::ScanError;
use crate::thumb::jpeg_bytes;
use crate::types::Page;

/// Used for pages whose resolution is unknown: the page is laid out A4-wide.
const A4_WIDTH_IN: f32 = 210.0 / 25.4;

fn err(msg: &'static str) -> ScanError {
    ScanError::Encode("material PDF", Box::new(std::io::Error::other(msg)))
}

/// Components of a JPEG (from its first SOF marker): 1 grey, 3 colour, 4 CMYK.
fn jpeg_components(bytes: &[u8]) -> Option<u8> {
    let mut i = 2;
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            return None;
        }
        let marker = bytes[i + 1];
        let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
        if (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            return bytes.get(i + 9).copied();
        }
        i += 2 + len;
    }
    None
}

/// The JPEG to embed and its colour space. A file's own JPEG is embedded unchanged when the
/// PDF can show it as-is (grey or RGB); anything else is re-encoded at quality 85.
fn page_jpeg(page: &Page) -> Result<(Vec<u8>, &'static str), ScanError> {
    if let Some(orig) = &page.original_jpeg {
        match jpeg_components(orig) {
            Some(1) => return Ok((orig.as_ref().clone(), "DeviceGray")),
            Some(3) => return Ok((orig.as_ref().clone(), "DeviceRGB")),
            _ => {}
        }
    }
    let space = if page.image.color().has_color() {
        "DeviceRGB"
    } else {
        "DeviceGray"
    };
    Ok((jpeg_bytes(&page.image, 85, page.dpi)?, space))
}

/// Build one PDF holding `pages` in order. Page sizes follow each page's resolution.
pub fn material_pdf(pages: &[Page]) -> Result<Vec<u8>, ScanError> {
    let parts: Vec<Part<'_>> = pages.iter().map(Part::Image).collect();
    material_pdf_from(&parts)
}

/// One piece of a material, in the line's order: a scanned or imported image page, or an
/// imported PDF whose pages are taken over as they are.
pub enum Part<'a> {
    Image(&'a Page),
    Pdf(&'a [u8]),
}

/// Build one PDF from image pages and imported PDFs, in order: a material travels as one file
/// whatever mix it arrived as.
pub fn material_pdf_from(parts: &[Part<'_>]) -> Result<Vec<u8>, ScanError> {
    if parts.is_empty() {
        return Err(err("a material PDF needs at least one page"));
    }
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let mut kids: Vec<Object> = Vec::new();
    for part in parts {
        match part {
            Part::Image(page) => kids.push(add_image_page(&mut doc, pages_id, page)?.into()),
            Part::Pdf(bytes) => {
                for id in append_pdf(&mut doc, pages_id, bytes)? {
                    kids.push(id.into());
                }
            }
        }
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => count,
        }),
    );
    let catalog_id = doc.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
    });
    doc.trailer.set("Root", catalog_id);
    // Imported PDFs bring their old catalog and page tree along: drop what nothing refers to.
    doc.prune_objects();
    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|e| ScanError::Encode("material PDF", Box::new(e)))?;
    Ok(out)
}

fn add_image_page(
    doc: &mut Document,
    pages_id: lopdf::ObjectId,
    page: &Page,
) -> Result<lopdf::ObjectId, ScanError> {
    let (w, h) = (page.image.width(), page.image.height());
    let dpi = page
        .dpi
        .filter(|d| *d > 0.0)
        .unwrap_or(w as f32 / A4_WIDTH_IN);
    let (w_pt, h_pt) = (w as f32 / dpi * 72.0, h as f32 / dpi * 72.0);
    let (jpeg, space) = page_jpeg(page)?;
    let image = Stream::new(
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Image",
            "Width" => i64::from(w),
            "Height" => i64::from(h),
            "ColorSpace" => space,
            "BitsPerComponent" => 8,
            "Filter" => "DCTDecode",
        },
        jpeg,
    );
    let image_id = doc.add_object(image);
    let content = format!("q {w_pt:.3} 0 0 {h_pt:.3} 0 0 cm /Im0 Do Q");
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
    Ok(doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), w_pt.into(), h_pt.into()],
        "Contents" => content_id,
        "Resources" => dictionary! {
            "XObject" => dictionary! { "Im0" => image_id },
        },
    }))
}

/// Page attributes a page may inherit from its page-tree ancestors (ISO 32000-1 §7.7.3.4).
const INHERITED: [&[u8]; 4] = [b"Resources", b"MediaBox", b"CropBox", b"Rotate"];

/// Moves every page of the PDF `bytes` into `doc` under `pages_id`, in order, and returns the
/// new page ids. Objects are renumbered past `doc`'s own; inherited attributes are copied onto
/// each page, since the page leaves its old page tree.
fn append_pdf(
    doc: &mut Document,
    pages_id: lopdf::ObjectId,
    bytes: &[u8],
) -> Result<Vec<lopdf::ObjectId>, ScanError> {
    let bad = |e: lopdf::Error| ScanError::Encode("material PDF", Box::new(e));
    let mut other = Document::load_mem(bytes).map_err(bad)?;
    other.renumber_objects_with(doc.max_id + 1);
    let page_ids: Vec<lopdf::ObjectId> = other.get_pages().into_values().collect();
    for &id in &page_ids {
        let mut inherited = Vec::new();
        for key in INHERITED {
            if let Some(v) = inherited_value(&other, id, key) {
                inherited.push((key.to_vec(), v));
            }
        }
        let page = other
            .get_object_mut(id)
            .and_then(Object::as_dict_mut)
            .map_err(bad)?;
        for (key, value) in inherited {
            page.set(key, value);
        }
        page.set("Parent", pages_id);
    }
    doc.max_id = other.max_id;
    doc.objects.extend(other.objects);
    Ok(page_ids)
}

/// The page's own value for `key`, or the nearest ancestor's.
fn inherited_value(doc: &Document, page: lopdf::ObjectId, key: &[u8]) -> Option<Object> {
    let mut node = doc.get_dictionary(page).ok()?;
    for _ in 0..32 {
        if let Ok(v) = node.get(key) {
            return Some(v.clone());
        }
        let parent = node.get(b"Parent").ok()?.as_reference().ok()?;
        node = doc.get_dictionary(parent).ok()?;
    }
    None
}
