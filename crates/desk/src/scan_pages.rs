//! Pages on the desk: a captured page turned into what the store keeps (bytes, thumbnail,
//! findings), the view the materials step shows, and the rule that moves a line's mark.

use crate::{CaseView, Desk, DeskError};
use base64::Engine;
use chrono::Utc;
use ow_case::{CaseDraft, CaseId, LineMark};
use ow_catalog::ChecklistLine;
use ow_scanner::checks::{check_page, CheckConfig, Finding, Severity};
use ow_scanner::import::ImportedFile;
use ow_scanner::thumb::{encode_page, sha256_hex, thumbnail, StoredFormat};
use ow_scanner::{Page, PageOrigin, ScanError};
use ow_store::{BlobRef, NewPage, StoredPage};
use serde::{Deserialize, Serialize};
use specta::Type;

/// Thumbnail width in pixels.
const THUMB_WIDTH: u32 = 256;

/// One page as the materials step shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct PageView {
    pub id: String,
    pub line_id: String,
    /// Position in the line, from 0.
    pub index: u32,
    pub mime: String,
    pub width_px: u32,
    pub height_px: u32,
    pub dpi: Option<f32>,
    /// `flatbed`, `feeder`, `camera`, `imported_image`, `imported_pdf`.
    pub origin: String,
    /// Stored size in KiB.
    pub size_kib: u32,
    /// A `data:image/jpeg;base64,…` thumbnail (none for PDFs).
    pub thumbnail: Option<String>,
    /// What the checks found, worst first.
    pub findings: Vec<Finding>,
    /// Why the clerk kept the page despite a blocking finding.
    pub accepted_reason: Option<String>,
    /// No blocking finding, or one the clerk accepted with a reason.
    pub passes: bool,
    /// Pages this file holds: 1 for an image, the page count of an imported PDF.
    pub pages: u32,
}

/// A line with fewer pages than one complete scan of its material has (the catalog's
/// `pages`, e.g. an ID card's front and back): shown on the line, it does not block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ShortLine {
    pub line_id: String,
    pub expected: u32,
    pub found: u32,
}

/// The case and every page of its checklist lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct MaterialsView {
    pub case: CaseView,
    /// By line (checklist order is the case's), then position.
    pub pages: Vec<PageView>,
    /// The scanner this window uses (`test:0` in sandbox).
    pub scanner: String,
    /// Lines with pages, but fewer than a complete scan has.
    pub short_lines: Vec<ShortLine>,
}

/// A page ready to store.
pub(crate) struct Prepared {
    bytes: std::sync::Arc<Vec<u8>>,
    sha256: String,
    mime: &'static str,
    thumb: Option<(Vec<u8>, String)>,
    width_px: u32,
    height_px: u32,
    dpi: Option<f32>,
    origin: &'static str,
    pub(crate) findings: Vec<Finding>,
    page_count: u32,
}

impl Prepared {
    /// An imported PDF kept whole: no thumbnail, no page checks.
    pub(crate) fn pdf(file: &ImportedFile) -> Self {
        Self {
            bytes: file.content.clone(),
            sha256: file.sha256.clone(),
            mime: "application/pdf",
            thumb: None,
            width_px: 0,
            height_px: 0,
            dpi: None,
            origin: "imported_pdf",
            findings: Vec::new(),
            page_count: file.page_count.max(1),
        }
    }

    fn blocks(&self) -> bool {
        blocks(&self.findings, None)
    }

    pub(crate) fn as_new_page(&self) -> NewPage<'_> {
        NewPage {
            page_id: uuid::Uuid::now_v7().to_string(),
            content: BlobRef {
                sha256: &self.sha256,
                media_type: self.mime,
                bytes: &self.bytes,
            },
            thumb: self.thumb.as_ref().map(|(bytes, sha)| BlobRef {
                sha256: sha,
                media_type: "image/jpeg",
                bytes,
            }),
            width_px: self.width_px,
            height_px: self.height_px,
            dpi: self.dpi,
            origin: self.origin,
            findings_json: serde_json::to_string(&self.findings).unwrap_or_else(|_| "[]".into()),
            page_count: self.page_count,
        }
    }
}

fn origin_name(o: PageOrigin) -> &'static str {
    match o {
        PageOrigin::Flatbed => "flatbed",
        PageOrigin::Feeder => "feeder",
        PageOrigin::Camera => "camera",
        PageOrigin::ImportedImage => "imported_image",
    }
}

/// Checks, encodes and thumbnails one page.
pub(crate) fn prepare(page: &Page, cfg: &CheckConfig) -> Result<Prepared, ScanError> {
    let report = check_page(page, 0, cfg);
    let encoded = encode_page(page, StoredFormat::Auto)?;
    let thumb = thumbnail(&page.image, THUMB_WIDTH)?;
    let thumb_sha = sha256_hex(&thumb.bytes);
    Ok(Prepared {
        bytes: std::sync::Arc::new(encoded.bytes),
        sha256: encoded.sha256,
        mime: encoded.mime,
        thumb: Some((thumb.bytes, thumb_sha)),
        width_px: page.image.width(),
        height_px: page.image.height(),
        dpi: page.dpi,
        origin: origin_name(page.origin),
        findings: report.findings,
        page_count: 1,
    })
}

fn blocks(findings: &[Finding], accepted: Option<&str>) -> bool {
    accepted.is_none() && findings.iter().any(|f| f.severity == Severity::Block)
}

fn findings_of(p: &StoredPage) -> Vec<Finding> {
    serde_json::from_str(&p.findings_json).unwrap_or_default()
}

/// Moves a line's mark after its pages changed: pages that all pass make a pending line
/// received; a page held up takes a received line back to pending (the clerk decides).
/// Deferred, defective and data-check marks are the clerk's and stay.
pub(crate) fn settle(draft: &mut CaseDraft, line: &str, pages_pass: Option<bool>) {
    let mark = draft.materials.get(line).cloned().unwrap_or_default();
    let next = match (pages_pass, &mark) {
        (Some(true), LineMark::Pending) => LineMark::Received,
        (Some(false), LineMark::Received) => LineMark::Pending,
        _ => return,
    };
    draft.mark_line(line.to_owned(), next, Utc::now());
}

impl Desk {
    /// The checklist line `line` of the case's current evaluation.
    pub(crate) fn checklist_line(
        &self,
        draft: &CaseDraft,
        line: &str,
    ) -> Result<ChecklistLine, DeskError> {
        self.view(draft.clone())
            .evaluation
            .and_then(|e| e.checklist.into_iter().find(|l| l.id == line))
            .ok_or_else(|| DeskError::UnknownLine(line.to_owned()))
    }

    /// Whether every page of a line passes (`None` when it has none), with `extra` counted too.
    pub(crate) fn line_pages_pass(
        &self,
        case: CaseId,
        line: &str,
        extra: &[Prepared],
    ) -> Result<Option<bool>, DeskError> {
        let stored = self.store().case_page_list(case)?;
        let mut any = !extra.is_empty();
        let mut pass = extra.iter().all(|p| !p.blocks());
        for p in stored.iter().filter(|p| p.line_id == line) {
            any = true;
            pass &= !blocks(&findings_of(p), p.accepted_reason.as_deref());
        }
        Ok(any.then_some(pass))
    }

    pub(crate) fn attach(
        &self,
        mut draft: CaseDraft,
        line: &str,
        prepared: Vec<Prepared>,
    ) -> Result<MaterialsView, DeskError> {
        let pass = self.line_pages_pass(draft.id, line, &prepared)?;
        settle(&mut draft, line, pass);
        draft.updated_at = Utc::now();
        let pages: Vec<NewPage<'_>> = prepared.iter().map(Prepared::as_new_page).collect();
        self.store().add_pages(&draft, line, &pages)?;
        self.materials(draft.id)
    }

    pub(crate) fn replace(
        &self,
        mut draft: CaseDraft,
        page_id: &str,
        line: &str,
        prepared: Prepared,
    ) -> Result<MaterialsView, DeskError> {
        // Replace first, then settle on what is stored.
        self.store()
            .replace_page(&draft, page_id, &prepared.as_new_page())?;
        let pass = self.line_pages_pass(draft.id, line, &[])?;
        settle(&mut draft, line, pass);
        self.store().save_case(&draft)?;
        self.materials(draft.id)
    }

    /// The case and the pages of its lines, with thumbnails.
    pub fn materials(&self, case: CaseId) -> Result<MaterialsView, DeskError> {
        let view = self.case_view(case)?;
        let b64 = base64::engine::general_purpose::STANDARD;
        let mut pages = Vec::new();
        for p in self.store().case_page_list(case)? {
            let thumbnail = match &p.thumb_sha256 {
                Some(sha) => self
                    .store()
                    .blob(sha)?
                    .map(|(mime, bytes)| format!("data:{mime};base64,{}", b64.encode(bytes))),
                None => None,
            };
            let findings = findings_of(&p);
            pages.push(PageView {
                passes: !blocks(&findings, p.accepted_reason.as_deref()),
                id: p.page_id,
                line_id: p.line_id,
                index: p.seq,
                mime: p.media_type,
                width_px: p.width_px,
                height_px: p.height_px,
                dpi: p.dpi,
                origin: p.origin,
                size_kib: u32::try_from(p.size.div_ceil(1024)).unwrap_or(u32::MAX),
                thumbnail,
                findings,
                accepted_reason: p.accepted_reason,
                pages: p.page_count,
            });
        }
        // Checklist order, not line-id order.
        let mut short_lines = Vec::new();
        if let Some(eval) = &view.evaluation {
            let pos = |id: &str| eval.checklist.iter().position(|l| l.id == id);
            pages.sort_by_key(|p| (pos(&p.line_id), p.index));
            for line in &eval.checklist {
                let found: u32 = pages
                    .iter()
                    .filter(|p| p.line_id == line.id)
                    .map(|p| p.pages)
                    .sum();
                match line.pages {
                    Some(expected) if found > 0 && found < expected => {
                        short_lines.push(ShortLine {
                            line_id: line.id.clone(),
                            expected,
                            found,
                        })
                    }
                    _ => {}
                }
            }
        }
        Ok(MaterialsView {
            case: view,
            pages,
            scanner: self.scan_state().device().to_owned(),
            short_lines,
        })
    }

    /// One stored page in full, as a data URL, for the zoomed view.
    pub fn page_image(&self, case: CaseId, page_id: &str) -> Result<String, DeskError> {
        let p = self.store().case_page(case, page_id)?;
        let (mime, bytes) = self
            .store()
            .blob(&p.sha256)?
            .ok_or_else(|| ow_store::StoreError::NotFound(format!("blob {}", p.sha256)))?;
        Ok(format!(
            "data:{mime};base64,{}",
            base64::engine::general_purpose::STANDARD.encode(bytes)
        ))
    }
}
