//! 办事回执 — one receipt for a visit with several items (一件事, one window): every item with
//! its result, case number, promised limit and date, on one paper for the citizen.

use super::{date_zh, datetime_zh, party_line, require, Paper, PaperRenderer};
use crate::data::{LimitUnit, PrintSettings, VisitOutcome, VisitReceiptData};
use crate::error::{PapersError, Result};
use crate::layout::{Align, Column};
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

        let roll = c.is_roll();
        let rows: Vec<Vec<String>> = d
            .items
            .iter()
            .enumerate()
            .map(|(i, it)| {
                let outcome = match it.outcome {
                    VisitOutcome::Accepted => "已受理",
                    VisitOutcome::Noticed => "一次性告知",
                    VisitOutcome::Rejected => "不予受理",
                };
                let promise = match (&it.promised, it.due_date) {
                    (Some(l), Some(due)) => format!("{}（{}前）", limit_text(l), date_zh(due)),
                    (Some(l), None) => limit_text(l),
                    (None, _) => "—".to_owned(),
                };
                let mut row = vec![
                    (i + 1).to_string(),
                    it.item_name.clone(),
                    outcome.to_owned(),
                    it.case_number.clone(),
                    promise,
                ];
                if !roll {
                    row.push(it.paper_number.clone());
                }
                row
            })
            .collect();
        let mut cols = vec![
            Column {
                title: "序号",
                share: 0.6,
                align: Align::Center,
            },
            Column {
                title: "事项",
                share: 3.0,
                align: Align::Left,
            },
            Column {
                title: "结果",
                share: 1.2,
                align: Align::Center,
            },
            Column {
                title: "办件编号",
                share: 2.6,
                align: Align::Left,
            },
            Column {
                title: "承诺时限",
                share: 2.4,
                align: Align::Left,
            },
        ];
        if !roll {
            cols.push(Column {
                title: "文书编号",
                share: 2.6,
                align: Align::Left,
            });
        }
        c.table(&cols, &rows)?;
        c.gap(body * 0.6);
        c.paragraph(&t.visit.note, c.style.small, false)?;
        c.gap(body * 0.4);
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
