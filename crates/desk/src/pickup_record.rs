//! 领取凭证: the paper a hand-over at the window leaves — which result, to whom (the ID that
//! was checked, masked), on whose reason — filed with the case when it was accepted here.

use crate::paper_render::local;
use crate::{Desk, DeskError, IssuedPaper};
use chrono::{DateTime, Utc};
use ow_api::CollectorRole;
use ow_case::CaseId;
use ow_papers::{DocumentNumber, PaperKind, PickupRecordData};
use ow_store::{NewPaper, ResultRow};

/// What the hand-over was, for its paper.
pub(crate) struct Handed<'a> {
    pub row: &'a ResultRow,
    pub role: CollectorRole,
    pub collector_id: Option<&'a str>,
    pub reason: Option<&'a str>,
    pub at: DateTime<Utc>,
}

fn collector_text(role: CollectorRole) -> &'static str {
    match role {
        CollectorRole::Applicant => "申请人本人",
        CollectorRole::Agent => "代办人",
        CollectorRole::Other => "他人（经办人记录原因）",
    }
}

impl Desk {
    /// Renders and files the collection record numbered `number`: with the accepted case when
    /// it was accepted here (its paper history shows it), else under an id of its own.
    pub(crate) fn file_pickup_record(
        &self,
        number: DocumentNumber,
        h: &Handed<'_>,
    ) -> Result<IssuedPaper, DeskError> {
        let row = h.row;
        let case_id = self
            .store()
            .case_by_number(&row.window_case_no)?
            .map_or_else(CaseId::new, |c| c.id);
        let data = PickupRecordData {
            document_number: number.clone(),
            case_number: row.window_case_no.clone(),
            backoffice_number: row.case_number.clone(),
            item_name: row.item_name.clone(),
            applicant_name: row.applicant_name.clone(),
            collector: collector_text(h.role).to_owned(),
            collector_id: h.collector_id.map(ow_pii::IdNumber::new),
            override_reason: h.reason.map(str::to_owned),
            outcome: if row.state == "rejected" {
                "不予许可，送达决定".to_owned()
            } else {
                "已办结，出件".to_owned()
            },
            window: format!("综合窗口 {} 号", self.config().window.number),
            handed_out_at: local(h.at),
            clerk_no: self
                .current_person()
                .map_or_else(|| "system".to_owned(), |p| p.id),
        };
        let paper = self
            .paper_renderer()?
            .pickup_record(&data, &self.print_settings(None))?;
        let text = number.to_string();
        let id = self.store().add_paper(&NewPaper {
            case_id,
            kind: crate::papers::kind_name(PaperKind::PickupRecord),
            document_number: &text,
            created_at: h.at,
            reprint_of: None,
            pdf: &paper.bytes,
        })?;
        self.audit(
            Some(case_id),
            "paper.issued",
            serde_json::json!({ "kind": "pickup_record", "document_number": text }),
        )?;
        self.issued(&self.store().paper(id)?)
    }
}
