//! 受理回执 — the acceptance receipt.

use super::{date_zh, datetime_zh, party_line, require, Paper, PaperRenderer};
use crate::data::{LimitUnit, PrintSettings, ReceiptData, SyncState};
use crate::error::Result;
use crate::layout::{Align, Column, Composer, Item, BLACK, RED};
use crate::number::PaperKind;
use crate::template::fill_checked;

impl PaperRenderer {
    /// Renders the acceptance receipt.
    pub fn receipt(&self, d: &ReceiptData, settings: &PrintSettings) -> Result<Paper> {
        require("case number", &d.case_number)?;
        require("item name", &d.item_name)?;
        require("clerk number", &d.clerk_no)?;
        let t = &self.templates.text;
        let title = t.receipt.title.as_str();
        let mut c = self.begin(settings, title, &d.document_number)?;
        let body = c.style.body;

        let state = match d.sync_state {
            SyncState::PendingUpload => t.receipt.pending_upload.as_str(),
            SyncState::Confirmed => t.receipt.confirmed.as_str(),
        };
        if d.sync_state == SyncState::PendingUpload {
            // Offline acceptance is legally valid but must be visible on the paper.
            state_banner(&mut c, state)?;
        }

        c.field("办件编号", &d.case_number)?;
        c.field("申请人", &party_line(&d.applicant))?;
        if let Some(phone) = &d.applicant.phone {
            c.field("联系电话", phone)?;
        }
        if let Some(agent) = &d.agent {
            c.field("代理人", &party_line(agent))?;
        }
        c.field(
            "申请事项",
            &format!("{}（事项版本：{}）", d.item_name, d.item_version),
        )?;
        c.field("申请时间", &datetime_zh(d.applied_at))?;
        c.field("受理时间", &datetime_zh(d.accepted_at))?;
        c.field("办件状态", state)?;
        c.gap(body * 0.5);

        let basis = d.basis.as_deref().unwrap_or(&t.receipt.basis);
        let applied = datetime_zh(d.applied_at);
        let intro = fill_checked(
            &t.receipt.intro,
            &[
                ("applicant", d.applicant.name.expose()),
                ("applied_at", &applied),
                ("item", &d.item_name),
                ("basis", basis),
            ],
        )?;
        c.paragraph(&intro, body, true)?;
        c.gap(body * 0.5);

        c.text_line("收取材料清单", body, Align::Left, BLACK, true)?;
        let roll = c.is_roll();
        let rows: Vec<Vec<String>> = d
            .materials
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let mut row = vec![(i + 1).to_string(), m.name.clone()];
                let note = m.note.clone().unwrap_or_default();
                if roll && !note.is_empty() {
                    // No room for a remarks column on 72 mm: the remark follows the name.
                    row[1] = format!("{}（{note}）", m.name);
                }
                row.push(m.originals.to_string());
                row.push(m.copies.to_string());
                if !roll {
                    row.push(note);
                }
                row
            })
            .collect();
        let mut cols = vec![
            Column {
                title: "序号",
                share: if roll { 1.0 } else { 0.6 },
                align: Align::Center,
            },
            Column {
                title: "材料名称",
                share: 4.0,
                align: Align::Left,
            },
            Column {
                title: "原件",
                share: if roll { 1.0 } else { 0.7 },
                align: Align::Center,
            },
            Column {
                title: "复印件",
                share: if roll { 1.3 } else { 0.8 },
                align: Align::Center,
            },
        ];
        if !roll {
            cols.push(Column {
                title: "备注",
                share: 1.6,
                align: Align::Left,
            });
        }
        c.table(&cols, &rows)?;
        c.gap(body * 0.8);

        let days = d.promised.amount.to_string();
        // Without a published calendar the date cannot be promised honestly; the days still bind.
        let due = d
            .due_date
            .map(date_zh)
            .unwrap_or_else(|| "按工作日历顺延计算（以办结通知为准）".to_owned());
        let wording = match d.promised.unit {
            LimitUnit::WorkingDays => &t.receipt.deadline,
            LimitUnit::CalendarDays => &t.receipt.deadline_calendar_days,
            LimitUnit::Months => &t.receipt.deadline_months,
            LimitUnit::OnTheSpot => &t.receipt.deadline_on_the_spot,
        };
        let deadline = fill_checked(wording, &[("days", &days), ("due_date", &due)])?;
        c.paragraph(&deadline, body, false)?;
        let collection = match &d.collection {
            Some(s) => s.clone(),
            None => fill_checked(&t.collection.default, &[("address", &t.hall.address)])?,
        };
        c.field("领取方式", &collection)?;
        c.gap(body * 0.5);

        // The progress query and, beside it, the rating: one row keeps the receipt on a page.
        let mut codes = vec![self.query_code(&d.case_number)];
        if let Some(link) = &d.rating {
            codes.push(self.rating_code(link));
        }
        self.qr_row(&mut c, &codes)?;

        c.field("受理人工号", &d.clerk_no)?;
        c.field("咨询电话", &t.hall.phone)?;
        self.seal_block(&mut c, d.accepted_at.date())?;
        let title = title.to_owned();
        self.finish(c, settings, PaperKind::Receipt, &title, &d.document_number)
    }

    /// The QR code of the progress query for the case, and its hint.
    fn query_code(&self, case_number: &str) -> (String, Vec<String>) {
        let q = &self.templates.text.query;
        let url = self.query_url("case", case_number);
        let hint = vec![
            format!("查询进度：{}", q.hint),
            format!("办件编号：{case_number}"),
            url.clone(),
        ];
        (url, hint)
    }
}

/// A red boxed line announcing the offline state.
fn state_banner(c: &mut Composer<'_>, text: &str) -> Result<()> {
    let body = c.style.body;
    let lh = c.line_height(body);
    c.ensure(lh + 4.0)?;
    let top = c.cursor();
    let (x, w) = (c.left(), c.content_width());
    c.draw(Item::Rect {
        x,
        y: top,
        w,
        h: lh + 2.0,
        fill: None,
        stroke: Some((1.0, RED)),
    });
    c.gap(1.0);
    c.text_line(text, body, Align::Center, RED, true)?;
    c.gap(body * 0.6);
    Ok(())
}
