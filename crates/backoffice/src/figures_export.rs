//! The figures as a spreadsheet (one sheet per table) and as one CSV (a `表` column names the
//! table), with Chinese headings: what a hall's office files and forwards.

use crate::error::BackofficeError;
use ow_api::{Figures, TicketFigures};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

const TICKET_HEAD: [&str; 9] = [
    "键",
    "名称",
    "取号",
    "办结",
    "未到",
    "等候中位数（秒）",
    "等候P90（秒）",
    "办理中位数（秒）",
    "办理P90（秒）",
];
const ITEM_HEAD: [&str; 5] = ["事项编码", "事项名称", "受理", "一次性告知", "告知占比"];
const RATING_HEAD: [&str; 9] = [
    "工号",
    "姓名",
    "非常满意",
    "满意",
    "基本满意",
    "不满意",
    "非常不满意",
    "差评数",
    "差评回访逾期",
];

fn ticket_cells(r: &TicketFigures) -> Vec<String> {
    let opt = |v: Option<u32>| v.map(|n| n.to_string()).unwrap_or_default();
    vec![
        r.key.clone(),
        r.label.clone(),
        r.issued.to_string(),
        r.served.to_string(),
        r.no_shows.to_string(),
        opt(r.wait_p50),
        opt(r.wait_p90),
        opt(r.handle_p50),
        opt(r.handle_p90),
    ]
}

/// Each table: its name and its rows of cells, the heading first.
fn tables(f: &Figures) -> Vec<(&'static str, Vec<Vec<String>>)> {
    let head = |h: &[&str]| h.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let tickets = |rows: &[TicketFigures]| {
        std::iter::once(head(&TICKET_HEAD))
            .chain(rows.iter().map(ticket_cells))
            .collect::<Vec<_>>()
    };
    let items = std::iter::once(head(&ITEM_HEAD))
        .chain(f.per_item.iter().map(|i| {
            let all = i.accepted + i.notices;
            let share = if all == 0 {
                String::new()
            } else {
                format!("{:.1}%", f64::from(i.notices) * 100.0 / f64::from(all))
            };
            vec![
                i.item_code.clone(),
                i.item_name.clone(),
                i.accepted.to_string(),
                i.notices.to_string(),
                share,
            ]
        }))
        .collect();
    let ratings = std::iter::once(head(&RATING_HEAD))
        .chain(f.ratings.iter().map(|r| {
            let mut row = vec![r.clerk_id.clone(), r.clerk_name.clone()];
            row.extend(r.grades.iter().map(u32::to_string));
            row.push((r.grades[3] + r.grades[4]).to_string());
            row.push(r.bad_follow_up_due.to_string());
            row
        }))
        .collect();
    vec![
        ("合计", tickets(std::slice::from_ref(&f.total))),
        ("按工作人员", tickets(&f.per_clerk)),
        ("按业务组", tickets(&f.per_group)),
        ("按时段", tickets(&f.per_hour)),
        ("按事项", items),
        ("好差评", ratings),
    ]
}

fn xlsx_err(e: XlsxError) -> BackofficeError {
    BackofficeError::Internal(format!("write the spreadsheet: {e}"))
}

fn sheet(
    ws: &mut Worksheet,
    name: &str,
    rows: &[Vec<String>],
    bold: &Format,
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r).unwrap_or(u32::MAX);
        for (c, cell) in row.iter().enumerate() {
            let c = u16::try_from(c).unwrap_or(u16::MAX);
            // Numbers as numbers, so the office can sum and chart them.
            match cell.parse::<f64>() {
                Ok(n) if r > 0 && c > 1 => ws.write_number(r, c, n)?,
                _ if r == 0 => ws.write_string_with_format(r, c, cell, bold)?,
                _ => ws.write_string(r, c, cell)?,
            };
        }
    }
    ws.set_column_width(1, 24)?;
    Ok(())
}

/// The figures as an `.xlsx` workbook.
pub fn to_xlsx(f: &Figures) -> Result<Vec<u8>, BackofficeError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    for (name, rows) in tables(f) {
        sheet(book.add_worksheet(), name, &rows, &bold).map_err(xlsx_err)?;
    }
    book.save_to_buffer().map_err(xlsx_err)
}

/// The figures as one CSV, UTF-8 with a byte-order mark (spreadsheet programs in Chinese
/// locales read it as UTF-8 only then).
pub fn to_csv(f: &Figures) -> Result<Vec<u8>, BackofficeError> {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let err = |e: csv::Error| BackofficeError::Internal(format!("write the CSV: {e}"));
    w.write_record(["表", "区间", &format!("{} — {}", f.from, f.to)])
        .map_err(err)?;
    for (name, rows) in tables(f) {
        for row in rows {
            let mut rec = vec![name.to_owned()];
            rec.extend(row);
            w.write_record(&rec).map_err(err)?;
        }
    }
    w.into_inner()
        .map_err(|e| BackofficeError::Internal(format!("write the CSV: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn sample() -> Figures {
        let row = |key: &str, label: &str| TicketFigures {
            key: key.into(),
            label: label.into(),
            issued: 10,
            served: 8,
            no_shows: 1,
            wait_p50: Some(300),
            wait_p90: Some(900),
            handle_p50: None,
            handle_p90: None,
        };
        let day = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap_or_default();
        Figures {
            from: day,
            to: day,
            generated_at: chrono::Utc::now(),
            total: row("all", ""),
            per_clerk: vec![row("1024", "培训收件员")],
            per_group: vec![row("huzheng", "户政")],
            per_hour: vec![row("09", "09:00")],
            per_item: vec![ow_api::ItemFigures {
                item_code: "000173001001".into(),
                item_name: "市外迁入".into(),
                accepted: 3,
                notices: 1,
            }],
            ratings: vec![],
        }
    }

    #[test]
    fn the_csv_names_each_table_and_reads_as_utf8() {
        let csv = to_csv(&sample()).unwrap();
        assert!(csv.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8(csv).unwrap();
        assert!(
            text.contains("按工作人员,1024,培训收件员,10,8,1,300,900,,"),
            "{text}"
        );
        assert!(
            text.contains("按事项,000173001001,市外迁入,3,1,25.0%"),
            "{text}"
        );
    }

    #[test]
    fn the_workbook_is_a_zip_with_a_sheet_per_table() {
        let x = to_xlsx(&sample()).unwrap();
        assert!(x.starts_with(b"PK"), "an .xlsx is a zip archive");
        assert!(x.len() > 2000);
    }
}
