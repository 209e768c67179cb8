//! 一次性告知书 — the one-time notice of every missing or defective material.

use super::{date_zh, party_line, require, Paper, PaperRenderer};
use crate::data::{MaterialProblem, NoticeData, PrintSettings};
use crate::error::{PapersError, Result};
use crate::layout::{Align, Column, BLACK};
use crate::number::PaperKind;
use crate::template::fill_checked;

impl PaperRenderer {
    /// Renders the one-time notice. Every material must carry the standard it has to meet.
    pub fn notice(&self, d: &NoticeData, settings: &PrintSettings) -> Result<Paper> {
        require("item name", &d.item_name)?;
        require("clerk number", &d.clerk_no)?;
        if d.materials.is_empty() {
            return Err(PapersError::InvalidData(
                "a one-time notice must list at least one missing or defective material".into(),
            ));
        }
        for m in &d.materials {
            require("material name", &m.name)?;
            // Art. 32 asks for the content to supplement, so a line without a standard is
            // not a valid notice.
            require("material standard", &m.standard)?;
        }
        let t = &self.templates.text;
        let title = t.notice.title.as_str();
        let mut c = self.begin(settings, title, &d.document_number)?;
        let body = c.style.body;

        if let Some(n) = &d.case_number {
            c.field("办件编号", n)?;
        }
        c.field("申请人", &party_line(&d.applicant))?;
        let contact = d.contact.as_ref().unwrap_or(&d.applicant);
        let mut contact_line = contact.name.expose().to_owned();
        if let Some(p) = &contact.phone {
            contact_line.push_str(&format!("  电话：{p}"));
        }
        c.field("联系人", &contact_line)?;
        c.field("申请事项", &d.item_name)?;
        c.field("申请日期", &date_zh(d.applied_on))?;
        c.gap(body * 0.5);

        let applied = date_zh(d.applied_on);
        let intro = fill_checked(
            &t.notice.intro,
            &[
                ("applicant", d.applicant.name.expose()),
                ("applied_on", &applied),
                ("item", &d.item_name),
            ],
        )?;
        c.paragraph(&intro, body, true)?;
        c.gap(body * 0.5);

        let rows: Vec<Vec<String>> = d
            .materials
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let problem = match &m.problem {
                    MaterialProblem::Missing => "未提交".to_owned(),
                    MaterialProblem::Defective(why) => format!("需补正：{why}"),
                };
                let mut standard = m.standard.clone();
                if let Some(q) = &m.quantity {
                    standard.push_str(&format!("（{q}）"));
                }
                vec![(i + 1).to_string(), m.name.clone(), problem, standard]
            })
            .collect();
        let cols = [
            Column {
                title: "序号",
                share: 0.7,
                align: Align::Center,
            },
            Column {
                title: "材料名称",
                share: 2.4,
                align: Align::Left,
            },
            Column {
                title: "情况",
                share: 1.8,
                align: Align::Left,
            },
            Column {
                title: "应符合的标准",
                share: 3.4,
                align: Align::Left,
            },
        ];
        c.table(&cols, &rows)?;
        c.gap(body * 0.8);

        c.paragraph(&t.notice.five_day_rule, body, true)?;
        c.field("法律依据", &t.notice.legal_basis)?;
        let mut clerk = format!("工号 {}", d.clerk_no);
        if let Some(name) = &d.clerk_name {
            clerk.push_str(&format!("（{name}）"));
        }
        c.field("经办人", &clerk)?;
        c.field(
            "联系电话",
            d.clerk_phone.as_deref().unwrap_or(&t.hall.phone),
        )?;
        // The code a window scans when the citizen comes back; the rating beside it.
        let mut codes = vec![self.notice_code(&d.document_number.to_string())];
        if let Some(link) = &d.rating {
            codes.push(self.rating_code(link));
        }
        self.qr_row(&mut c, &codes)?;
        self.seal_block(&mut c, d.issued_at.date())?;
        c.text_line(&t.notice.receipt_line, body, Align::Left, BLACK, false)?;
        let title = title.to_owned();
        self.finish(c, settings, PaperKind::Notice, &title, &d.document_number)
    }

    /// The QR code of the notice: the progress query's page with the notice's number, which
    /// any window of the hall scans to carry the case on when the citizen comes back.
    fn notice_code(&self, document_number: &str) -> (String, Vec<String>) {
        let url = self.query_url("notice", document_number);
        let hint = vec![
            "续办：材料补齐后到任一综合窗口出示本码".to_owned(),
            format!("告知书编号：{document_number}"),
        ];
        (url, hint)
    }
}
