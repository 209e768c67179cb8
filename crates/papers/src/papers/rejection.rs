//! 不予受理通知书 — the rejection notice, with the reason ticked from the legal list.

use super::{date_zh, party_line, require, Paper, PaperRenderer};
use crate::data::{PrintSettings, RejectionData, RejectionReason};
use crate::error::Result;
use crate::layout::{Align, Composer, Item, BLACK};
use crate::number::PaperKind;
use crate::template::fill_checked;

impl PaperRenderer {
    /// Renders the rejection notice.
    pub fn rejection(&self, d: &RejectionData, settings: &PrintSettings) -> Result<Paper> {
        require("item name", &d.item_name)?;
        require("clerk number", &d.clerk_no)?;
        match &d.reason {
            RejectionReason::OutOfRemit {
                competent_department,
            } => require("competent department", competent_department)?,
            RejectionReason::Other { text } => require("reason text", text)?,
            _ => {}
        }
        let t = &self.templates.text;
        let r = &t.rejection;
        let title = r.title.as_str();
        let mut c = self.begin(settings, title, &d.document_number)?;
        let body = c.style.body;

        if let Some(n) = &d.case_number {
            c.field("办件编号", n)?;
        }
        c.field("申请人", &party_line(&d.applicant))?;
        c.field("申请事项", &d.item_name)?;
        c.field("申请日期", &date_zh(d.applied_on))?;
        c.gap(body * 0.5);

        let applied = date_zh(d.applied_on);
        let intro = fill_checked(
            &r.intro,
            &[
                ("applicant", d.applicant.name.expose()),
                ("applied_on", &applied),
                ("item", &d.item_name),
            ],
        )?;
        c.paragraph(&intro, body, true)?;
        c.gap(body * 0.4);

        // Every legal reason is printed; the chosen one is ticked and filled in.
        let dept = match &d.reason {
            RejectionReason::OutOfRemit {
                competent_department,
            } => competent_department.clone(),
            _ => "________".to_owned(),
        };
        let notice = match &d.reason {
            RejectionReason::NotSuppliedAfterNotice {
                notice_number: Some(n),
            } => format!("（告知书编号：{n}）"),
            _ => String::new(),
        };
        let detail = |text: &str, extra: Option<&String>| match extra {
            Some(e) if !e.trim().is_empty() => format!("{text}：{e}"),
            _ => text.to_owned(),
        };
        let (still, not_eligible, other) = match &d.reason {
            RejectionReason::StillNonCompliant { detail: x } => (Some(x), None, None),
            RejectionReason::ApplicantNotEligible { detail: x } => (None, Some(x), None),
            RejectionReason::Other { text } => (None, None, Some(text)),
            _ => (None, None, None),
        };
        let options = [
            (
                matches!(d.reason, RejectionReason::OutOfRemit { .. }),
                fill_checked(&r.out_of_remit, &[("department", &dept)])?,
            ),
            (
                matches!(d.reason, RejectionReason::NotSuppliedAfterNotice { .. }),
                fill_checked(&r.not_supplied, &[("notice", &notice)])?,
            ),
            (still.is_some(), detail(&r.still_non_compliant, still)),
            (
                not_eligible.is_some(),
                detail(&r.not_eligible, not_eligible),
            ),
            (other.is_some(), detail(&r.other, other)),
        ];
        for (checked, text) in &options {
            tick_line(&mut c, *checked, text)?;
        }
        c.gap(body * 0.6);

        let remedy = fill_checked(
            &r.remedy,
            &[
                ("reconsideration_body", &r.reconsideration_body),
                ("court", &r.court),
            ],
        )?;
        c.paragraph(&remedy, body, true)?;
        c.field("经办人工号", &d.clerk_no)?;
        c.field("咨询电话", &t.hall.phone)?;
        self.seal_block(&mut c, d.issued_at.date())?;
        c.text_line(&t.notice.receipt_line, body, Align::Left, BLACK, false)?;
        let title = title.to_owned();
        self.finish(
            c,
            settings,
            PaperKind::Rejection,
            &title,
            &d.document_number,
        )
    }
}

/// A check box and its wrapped text with a hanging indent.
fn tick_line(c: &mut Composer<'_>, checked: bool, text: &str) -> Result<()> {
    let body = c.style.body;
    let lh = c.line_height(body);
    let indent = body * 1.6;
    let lines = c.wrap(text, body, c.content_width() - indent)?;
    let n = lines.len();
    c.ensure(lh * n as f32)?;
    let top = c.cursor();
    let side = body * 0.85;
    let x = c.left();
    c.checkbox(x, top + (lh - side) / 2.0, side, checked);
    for (i, line) in lines.into_iter().enumerate() {
        c.draw(Item::Text {
            x: x + indent,
            y: top + i as f32 * lh + (lh - body) / 2.0 + body * 0.88,
            size: body,
            text: line,
            color: BLACK,
            bold: checked,
        });
    }
    c.gap(lh * n as f32);
    Ok(())
}
