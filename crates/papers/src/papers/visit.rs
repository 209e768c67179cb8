//! 办事回执 — one receipt for a visit with several items (一件事, one window): every item with
//! its result, case number, promised limit and date, on one paper for the citizen.

use super::{date_zh, datetime_zh, party_line, require, Paper, PaperRenderer};
use crate::data::{LimitUnit, MaterialProblem, PrintSettings, VisitOutcome, VisitReceiptData};
use crate::error::{PapersError, Result};
use crate::layout::{Align, BLACK};
use crate::number::PaperKind;
use crate::template::fill_checked;

fn limit_text(limit: &crate::data::PromisedLimit) -> String {
    match limit.unit {
        LimitUnit::WorkingDays => format!("{} 个工作日", limit.amount),
        LimitUnit::CalendarDays => format!("{} 日", limit.amount),
        LimitUnit::Months => format!("{} 个月", limit.amount),
        LimitUnit::OnTheSpot => "即办".to_owned(),
    }
}

impl PaperRenderer {
    /// Renders the visit receipt.
    pub fn visit_receipt(&self, d: &VisitReceiptData, settings: &PrintSettings) -> Result<Paper> {
        require("clerk number", &d.clerk_no)?;
        if d.items.is_empty() {
            return Err(PapersError::InvalidData(
                "a visit receipt lists at least one item".into(),
            ));
        }
        for item in &d.items {
            require("case number", &item.case_number)?;
            require("item name", &item.item_name)?;
        }
        let t = &self.templates.text;
        let title = t.visit.title.as_str();
        let mut c = self.begin(settings, title, &d.document_number)?;
        let body = c.style.body;

        c.field("申请人", &party_line(&d.applicant))?;
        if let Some(agent) = &d.agent {
            c.field("代理人", &party_line(agent))?;
        }
        if let Some(ticket) = &d.ticket {
            c.field("排队号", ticket)?;
        }
        c.field("出具时间", &datetime_zh(d.issued_at))?;
        c.gap(body * 0.5);
        let count = d.items.len().to_string();
        let intro = fill_checked(&t.visit.intro, &[("count", &count)])?;
        c.paragraph(&intro, body, false)?;
        c.gap(body * 0.5);

        // One block per item rather than a table: a case number is too long for a table
        // cell on either paper and must not break across lines (it is read out and typed).
        for (i, it) in d.items.iter().enumerate() {
            let outcome = match it.outcome {
                VisitOutcome::Accepted => "已受理",
                VisitOutcome::Noticed => "一次性告知（请按告知书补齐材料）",
                VisitOutcome::Rejected => "不予受理",
            };
            c.text_line(
                &format!("{}. {}", i + 1, it.item_name),
                body,
                Align::Left,
                BLACK,
                true,
            )?;
            c.field("办理结果", outcome)?;
            c.field("办件编号", &it.case_number)?;
            if let Some(limit) = &it.promised {
                let promise = match it.due_date {
                    Some(due) => format!("{}，{}前办结", limit_text(limit), date_zh(due)),
                    None => limit_text(limit),
                };
                c.field("承诺时限", &promise)?;
            }
            c.field("文书编号", &it.paper_number)?;
            // One notice for the visit: every item's missing materials, under that item.
            for (n, m) in it.missing.iter().enumerate() {
                let problem = match &m.problem {
                    MaterialProblem::Missing => "未提交".to_owned(),
                    MaterialProblem::Defective(why) => format!("需补正：{why}"),
                };
                let mut line = format!("需补齐 {}：{}（{problem}）", n + 1, m.name);
                if let Some(q) = &m.quantity {
                    line.push_str(&format!("，{q}"));
                }
                c.paragraph(&line, body, false)?;
                c.paragraph(&format!("应符合：{}", m.standard), c.style.small, false)?;
            }
            c.gap(body * 0.4);
        }
        c.gap(body * 0.6);
        c.paragraph(&t.visit.note, c.style.small, false)?;
        c.gap(body * 0.4);
        if let Some(link) = &d.rating {
            self.rating_block(&mut c, link)?;
        }
        c.field("经办人工号", &d.clerk_no)?;
        c.field("咨询电话", &t.hall.phone)?;
        self.seal_block(&mut c, d.issued_at.date())?;
        let title = title.to_owned();
        self.finish(
            c,
            settings,
            PaperKind::VisitReceipt,
            &title,
            &d.document_number,
        )
    }
}
