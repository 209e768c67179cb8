//! Optional OCR on copies of ID cards: does the copy bear the number of the person it is for?
//! Runs only where Tesseract with `chi_sim` is installed and `materials.ocr` is on; a finding
//! never stops a case from being accepted (a mismatch holds the page until the clerk keeps it
//! with a reason, like any held-up page).

use crate::scan_pages::Prepared;
use crate::Desk;
use ow_case::CaseDraft;
use ow_pii::IdNumber;
use ow_scanner::checks::ocr::{check_id_number, TesseractCli};
use ow_scanner::types::Page;
use std::sync::OnceLock;

/// Looked for once, on the first copy that needs it.
#[derive(Default)]
pub(crate) struct Ocr {
    found: OnceLock<Option<TesseractCli>>,
}

impl Ocr {
    fn recognizer(&self) -> Option<&TesseractCli> {
        self.found
            .get_or_init(|| {
                let t = TesseractCli::detect();
                tracing::info!(available = t.is_some(), "OCR (tesseract, chi_sim)");
                t
            })
            .as_ref()
    }
}

/// Whose number a copy of this material must bear: the catalog's ID card of the applicant,
/// and the agent's ID card.
fn holder<'a>(draft: &'a CaseDraft, material: &str) -> Option<&'a IdNumber> {
    match material {
        "id_card" => draft.applicant.id_number.as_ref(),
        "agent_id_card" => draft.agent.as_ref()?.id_number.as_ref(),
        _ => None,
    }
    .filter(|n| !n.is_empty())
}

impl Desk {
    /// Adds the ID-number finding to each page of a copy of an ID card. OCR that fails is
    /// logged and leaves the page unchecked, as when Tesseract is not installed.
    pub(crate) fn check_id_copies(
        &self,
        draft: &CaseDraft,
        material: &str,
        pages: &[&Page],
        prepared: &mut [Prepared],
    ) {
        if !self.config().materials.ocr {
            return;
        }
        let Some(want) = holder(draft, material) else {
            return;
        };
        let Some(ocr) = self.scan_state().ocr().recognizer() else {
            return;
        };
        for (page, prep) in pages.iter().zip(prepared.iter_mut()) {
            let started = std::time::Instant::now();
            match check_id_number(page, 0, want.expose(), Some(ocr)) {
                Ok(finding) => {
                    tracing::info!(
                        material,
                        ms = started.elapsed().as_millis() as u64,
                        finding = ?finding.as_ref().map(|f| f.code),
                        "ID copy read"
                    );
                    prep.findings.extend(finding);
                }
                Err(e) => tracing::warn!(error = %e, "OCR failed; the copy is not checked"),
            }
        }
    }
}
