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
        self.file_pickup(&data, case_id, h.at, None)
    }

    /// Renders and files a collection record from `data`; `reprint_of` makes it a reprint,
    /// marked 补打 like every other reprint.
    fn file_pickup(
        &self,
        data: &PickupRecordData,
        case_id: CaseId,
        at: DateTime<Utc>,
        reprint_of: Option<i64>,
    ) -> Result<IssuedPaper, DeskError> {
        let settings = self.print_settings(reprint_of.map(|_| local(at)));
        let paper = self.paper_renderer()?.pickup_record(data, &settings)?;
        let text = data.document_number.to_string();
        // Kept with the paper (the store is encrypted) so a reprint is made, not copied.
        let json = serde_json::to_string(data).map_err(ow_store::StoreError::from)?;
        let id = self.store().add_paper(&NewPaper {
            case_id,
            kind: crate::papers::kind_name(PaperKind::PickupRecord),
            document_number: &text,
            created_at: at,
            reprint_of,
            pdf: &paper.bytes,
            data: Some(&json),
        })?;
        let action = if reprint_of.is_some() {
            "paper.reprinted"
        } else {
            "paper.issued"
        };
        self.audit(
            Some(case_id),
            action,
            serde_json::json!({ "kind": "pickup_record", "document_number": text }),
        )?;
        self.issued(&self.store().paper(id)?)
    }

    /// Prints collection record `original` again, with the 补打 mark; one filed before its
    /// data was kept is given back as it was.
    pub(crate) fn reprint_pickup(
        &self,
        original: &ow_store::PaperRecord,
    ) -> Result<IssuedPaper, DeskError> {
        let first = original.reprint_of.unwrap_or(original.id);
        let Some(json) = self.store().paper_data(first)? else {
            return self.issued(original);
        };
        let data: PickupRecordData =
            serde_json::from_str(&json).map_err(ow_store::StoreError::from)?;
        let case_id = CaseId::parse(&original.case_id)
            .ok_or_else(|| DeskError::CounterCorrupt(original.case_id.clone()))?;
        self.file_pickup(&data, case_id, Utc::now(), Some(first))
    }
}
