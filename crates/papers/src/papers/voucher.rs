//! 物料流转凭证 — the hand-over voucher that travels with paper originals to the back office.

use super::{datetime_zh, party_line, require, Paper, PaperRenderer};
use crate::codes;
use crate::data::{PrintSettings, VoucherData};
use crate::error::{PapersError, Result};
use crate::layout::{Align, Column, BLACK, MM};
use crate::number::PaperKind;

impl PaperRenderer {
    /// Renders the hand-over voucher, with the case number as a Code 128 barcode so the back
    /// office can scan it on arrival.
    pub fn voucher(&self, d: &VoucherData, settings: &PrintSettings) -> Result<Paper> {
        require("case number", &d.case_number)?;
        require("receiving department", &d.to_department)?;
        require("clerk number", &d.clerk_no)?;
        if d.materials.is_empty() {
            return Err(PapersError::InvalidData(
                "a hand-over voucher must list the materials handed over".into(),
            ));
        }
        let t = &self.templates.text;
        let title = t.voucher.title.as_str();
        let mut c = self.begin(settings, title, &d.document_number)?;
        let body = c.style.body;

        // Barcode, centred, with the number in plain text under it.
        let modules = codes::code128_width(&d.case_number)? as f32;
        let max_w = c.content_width() * 0.9;
        let module = (if c.is_roll() { 0.25 * MM } else { 0.33 * MM }).min(max_w / modules);
        let height = if c.is_roll() { 10.0 * MM } else { 14.0 * MM };
        c.ensure(height + body * 2.0)?;
        let x = c.left() + (c.content_width() - modules * module) / 2.0;
        let top = c.cursor();
        c.bars(codes::code128(&d.case_number, x, top, module, height)?);
        c.gap(height + 1.0);
        c.text_line(&d.case_number, body, Align::Center, BLACK, false)?;
        c.gap(body * 0.5);

        c.field("办件编号", &d.case_number)?;
        c.field("申请事项", &d.item_name)?;
        c.field("申请人", &party_line(&d.applicant))?;
        c.field("移交窗口", &d.from_window)?;
        c.field("接收部门", &d.to_department)?;
        c.field("移交时间", &datetime_zh(d.handed_over_at))?;
        c.field("移交人工号", &d.clerk_no)?;
        c.gap(body * 0.5);

        let rows: Vec<Vec<String>> = d
            .materials
            .iter()
            .enumerate()
            .map(|(i, m)| {
                vec![
                    (i + 1).to_string(),
                    m.name.clone(),
                    m.originals.to_string(),
                    m.copies.to_string(),
                    m.note.clone().unwrap_or_default(),
                ]
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
                share: 4.0,
                align: Align::Left,
            },
            Column {
                title: "原件",
                share: 0.8,
                align: Align::Center,
            },
            Column {
                title: "复印件",
                share: 0.9,
                align: Align::Center,
            },
            Column {
                title: "备注",
                share: 1.5,
                align: Align::Left,
            },
        ];
        c.table(&cols, &rows)?;
        let originals: u32 = d.materials.iter().map(|m| m.originals).sum();
        let copies: u32 = d.materials.iter().map(|m| m.copies).sum();
        c.gap(body * 0.4);
        c.text_line(
            &format!(
                "合计：{} 项，原件 {originals} 份，复印件 {copies} 份",
                d.materials.len()
            ),
            body,
            Align::Left,
            BLACK,
            false,
        )?;
        c.gap(body * 0.4);
        c.paragraph(&t.voucher.note, c.style.small, false)?;
        self.signature_lines(
            &mut c,
            &["移交人（签字）：", "接收人（签字）：", "接收时间："],
        )?;
        let title = title.to_owned();
        self.finish(c, settings, PaperKind::Voucher, &title, &d.document_number)
    }
}
