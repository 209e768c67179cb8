//! 领取凭证 — the record of a result handed to its collector at the window (统一窗口出件).

use super::{datetime_zh, require, Paper, PaperRenderer};
use crate::data::{PickupRecordData, PrintSettings};
use crate::error::Result;
use crate::number::PaperKind;

impl PaperRenderer {
    /// Renders the collection record: which case, to whom (the checked ID masked), on whose
    /// reason when not the applicant or the agent, and the collector's signature line.
    pub fn pickup_record(&self, d: &PickupRecordData, settings: &PrintSettings) -> Result<Paper> {
        require("case number", &d.case_number)?;
        require("collector", &d.collector)?;
        require("clerk number", &d.clerk_no)?;
        let t = &self.templates.text;
        let title = t.pickup.title.as_str();
        let mut c = self.begin(settings, title, &d.document_number)?;
        let body = c.style.body;
        c.field("办件编号", &d.case_number)?;
        c.field("后台编号", &d.backoffice_number)?;
        if let Some(item) = &d.item_name {
            c.field("申请事项", item)?;
        }
        if let Some(name) = &d.applicant_name {
            c.field("申请人", name)?;
        }
        c.field("办理结果", &d.outcome)?;
        c.field("领取人", &d.collector)?;
        if let Some(n) = &d.collector_id {
            // Masked: the paper stays at the window, and a lost copy must not give the number.
            c.field("领取人证件", &ow_pii::mask_id(n.expose()))?;
        }
        if let Some(reason) = &d.override_reason {
            c.field("代领原因", reason)?;
        }
        c.field("出件窗口", &d.window)?;
        c.field("领取时间", &datetime_zh(d.handed_out_at))?;
        c.field("经办人工号", &d.clerk_no)?;
        c.gap(body * 0.5);
        c.paragraph(&t.pickup.note, c.style.small, false)?;
        self.signature_lines(&mut c, &["领取人（签字）：", "经办人（签字）："])?;
        let title = title.to_owned();
        self.finish(
            c,
            settings,
            PaperKind::PickupRecord,
            &title,
            &d.document_number,
        )
    }
}
