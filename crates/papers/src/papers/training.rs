//! 培训成绩单 — a trainee's plays of the training scenarios: when, which, the decision, the
//! defects caught, the time against the target, the points. Training papers only (the number
//! must be a training number, and every page carries the watermark).

use super::{datetime_zh, require, Paper, PaperRenderer};
use crate::data::{PrintSettings, TrainingReportData};
use crate::error::Result;
use crate::layout::{Align, Column};
use crate::number::PaperKind;

const TITLE: &str = "培训成绩单";

impl PaperRenderer {
    /// Renders a trainee's report: who, when, how many scenarios finished and the mean
    /// points, then one row per play, oldest first.
    pub fn training_report(
        &self,
        d: &TrainingReportData,
        settings: &PrintSettings,
    ) -> Result<Paper> {
        require("trainee", &d.trainee)?;
        let mut c = self.begin(settings, TITLE, &d.document_number)?;
        let body = c.style.body;
        c.field("学员", &d.trainee)?;
        c.field("出具时间", &datetime_zh(d.issued_at))?;
        let scored: Vec<u32> = d.rows.iter().filter_map(|r| r.points).collect();
        c.field(
            "完成情景",
            &format!("{} 次（共练习 {} 次）", scored.len(), d.rows.len()),
        )?;
        let mean = if scored.is_empty() {
            "—".to_owned()
        } else {
            let sum: u32 = scored.iter().sum();
            format!("{:.1} 分", f64::from(sum) / scored.len() as f64)
        };
        c.field("平均得分", &mean)?;
        c.gap(body * 0.6);
        let rows: Vec<Vec<String>> = d
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                vec![
                    (i + 1).to_string(),
                    datetime_zh(r.started_at),
                    r.scenario.clone(),
                    r.decision.clone(),
                    r.defects.clone(),
                    format!("{}/{} 秒", r.seconds, r.target_seconds),
                    r.points
                        .map_or_else(|| "未完成".to_owned(), |p| p.to_string()),
                ]
            })
            .collect();
        let col = |title, share, align| Column {
            title,
            share,
            align,
        };
        let cols = [
            col("序号", 0.6, Align::Center),
            col("时间", 1.7, Align::Left),
            col("情景", 2.6, Align::Left),
            col("决定", 2.4, Align::Left),
            col("瑕疵", 0.8, Align::Center),
            col("用时", 1.2, Align::Center),
            col("得分", 0.8, Align::Center),
        ];
        c.table(&cols, &rows)?;
        self.signature_lines(&mut c, &["教员（签字）：", "学员（签字）："])?;
        self.finish(
            c,
            settings,
            PaperKind::TrainingReport,
            TITLE,
            &d.document_number,
        )
    }
}
