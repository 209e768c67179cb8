//! Materials on the desk: what the clerk recorded for each checklist line, the pages' order
//! and overrides, and the one PDF per line that travels with an accepted case.

use crate::scan_pages::{settle, MaterialsView};
use crate::{Desk, DeskError};
use chrono::Utc;
use ow_case::{CaseId, LineMark};
use ow_catalog::Necessity;
use std::collections::BTreeMap;

/// Longest reason kept for a defective line or an accepted page.
const MAX_REASON_CHARS: usize = 200;

fn reason(text: &str) -> Result<String, DeskError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(DeskError::ReasonRequired);
    }
    Ok(t.chars().take(MAX_REASON_CHARS).collect())
}

impl Desk {
    /// Records what was received for one line of the case's current checklist. 容缺 only on
    /// 容缺 lines, a data check only where the line names one, a defect only with a reason.
    pub fn mark_line(
        &self,
        id: CaseId,
        line: String,
        mark: LineMark,
    ) -> Result<MaterialsView, DeskError> {
        let mut draft = self.open_case(id)?;
        let l = self.checklist_line(&draft, &line)?;
        let refuse = |mark| {
            Err(DeskError::MarkNotAllowed {
                line: line.clone(),
                mark,
            })
        };
        let mark = match mark {
            LineMark::Deferred if l.necessity != Necessity::Tolerated => return refuse("deferred"),
            LineMark::DataCheck if l.sharing.is_none() => return refuse("data_check"),
            LineMark::Defective { reason: r } => LineMark::Defective {
                reason: reason(&r)?,
            },
            other => other,
        };
        draft.mark_line(line, mark, Utc::now());
        self.store().save_case(&draft)?;
        self.materials(id)
    }

    /// Removes a page; the line's mark follows what is left.
    pub fn delete_page(&self, case: CaseId, page_id: String) -> Result<MaterialsView, DeskError> {
        let mut draft = self.open_case(case)?;
        let page = self.store().case_page(case, &page_id)?;
        // Settle on the pages that remain; an emptied line keeps the clerk's mark.
        let remaining: Vec<_> = self
            .store()
            .case_page_list(case)?
            .into_iter()
            .filter(|p| p.line_id == page.line_id && p.page_id != page_id)
            .collect();
        if !remaining.is_empty() {
            let pass = remaining.iter().all(|p| {
                p.accepted_reason.is_some()
                    || !serde_json::from_str::<Vec<ow_scanner::checks::Finding>>(&p.findings_json)
                        .unwrap_or_default()
                        .iter()
                        .any(|f| f.severity == ow_scanner::checks::Severity::Block)
            });
            settle(&mut draft, &page.line_id, Some(pass));
        }
        self.store().delete_page(&draft, &page_id)?;
        self.materials(case)
    }

    /// Moves a page to position `to` within its line.
    pub fn move_page(
        &self,
        case: CaseId,
        page_id: String,
        to: u32,
    ) -> Result<MaterialsView, DeskError> {
        self.open_case(case)?;
        self.store().move_page(case, &page_id, to)?;
        self.materials(case)
    }

    /// Keeps a page the checks held up, with the clerk's reason; the line may become received.
    pub fn accept_page(
        &self,
        case: CaseId,
        page_id: String,
        why: String,
    ) -> Result<MaterialsView, DeskError> {
        let why = reason(&why)?;
        let mut draft = self.open_case(case)?;
        let page = self.store().case_page(case, &page_id)?;
        self.store().accept_page(&draft, &page_id, &why)?;
        let pass = self.line_pages_pass(case, &page.line_id, &[])?;
        settle(&mut draft, &page.line_id, pass);
        self.store().save_case(&draft)?;
        self.materials(case)
    }

    /// Per checklist line with pages, the SHA-256 of one PDF combining the line's pages in
    /// their order: scanned and imported images as JPEG pages, imported PDFs page for page
    /// (stored as a blob, `application/pdf`). Called when a case is accepted.
    pub(crate) fn material_blobs(
        &self,
        case: CaseId,
    ) -> Result<BTreeMap<String, Vec<String>>, DeskError> {
        let mut by_line: BTreeMap<String, Vec<ow_store::StoredPage>> = BTreeMap::new();
        for p in self.store().case_page_list(case)? {
            by_line.entry(p.line_id.clone()).or_default().push(p);
        }
        let mut out = BTreeMap::new();
        for (line, pages) in by_line {
            enum Loaded {
                Image(ow_scanner::Page),
                Pdf(Vec<u8>),
            }
            let mut loaded = Vec::with_capacity(pages.len());
            for p in &pages {
                loaded.push(if p.media_type == "application/pdf" {
                    let (_, bytes) = self.store().blob(&p.sha256)?.ok_or_else(|| {
                        ow_store::StoreError::NotFound(format!("blob {}", p.sha256))
                    })?;
                    Loaded::Pdf(bytes)
                } else {
                    Loaded::Image(self.decode_page(&p.sha256)?)
                });
            }
            let parts: Vec<ow_scanner::pdf::Part<'_>> = loaded
                .iter()
                .map(|l| match l {
                    Loaded::Image(page) => ow_scanner::pdf::Part::Image(page),
                    Loaded::Pdf(bytes) => ow_scanner::pdf::Part::Pdf(bytes),
                })
                .collect();
            let pdf = ow_scanner::pdf::material_pdf_from(&parts)?;
            let sha = ow_scanner::thumb::sha256_hex(&pdf);
            self.store().put_blob(&sha, "application/pdf", &pdf)?;
            out.insert(line, vec![sha]);
        }
        Ok(out)
    }
}
