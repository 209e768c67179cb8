//! The four papers. Each file lays out one paper's body; this module holds what they share:
//! the heading, the seal block, signature lines and the final marks.

mod notice;
mod pickup;
mod receipt;
mod rejection;
mod training;
mod visit;
mod voucher;

use crate::data::{Party, PrintSettings, RatingLink};
use crate::error::{PapersError, Result};
use crate::font::CjkFont;
use crate::layout::emit::{self, Marks};
use crate::layout::{Align, Composer, ImageRef, Item, BLACK, GREY, MM};
use crate::number::{DocumentNumber, PaperKind};
use crate::template::Templates;
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// A finished paper.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Paper {
    /// The PDF.
    pub bytes: Vec<u8>,
    /// Number of pages.
    pub pages: u32,
    /// Which paper.
    pub kind: PaperKind,
    /// The printed document number.
    pub document_number: String,
}

impl std::fmt::Debug for Paper {
    // The bytes hold personal data and are long: show only what identifies the paper.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Paper")
            .field("kind", &self.kind)
            .field("document_number", &self.document_number)
            .field("pages", &self.pages)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

/// Renders papers with one font and one template. Cheap to share: build it once at start-up
/// (font parsing is the slow part) and reuse it for every paper.
#[derive(Debug, Clone)]
pub struct PaperRenderer {
    font: CjkFont,
    templates: Templates,
}

impl PaperRenderer {
    /// A renderer using `font` and `templates`.
    pub fn new(font: CjkFont, templates: Templates) -> Self {
        Self { font, templates }
    }

    /// The template in use.
    pub fn templates(&self) -> &Templates {
        &self.templates
    }

    /// Starts a paper: checks the number against the mode and draws the heading.
    fn begin(
        &self,
        settings: &PrintSettings,
        title: &str,
        number: &DocumentNumber,
    ) -> Result<Composer<'_>> {
        number.check_mode(settings.sandbox)?;
        let hall = &self.templates.text.hall;
        let mut c = Composer::new(&self.font, settings.format);
        c.set_running_head(format!("{}  {}（续）  {}", hall.name, title, number));
        let top = c.cursor();
        if self.templates.logo.is_some() {
            let side = if c.is_roll() { 9.0 * MM } else { 14.0 * MM };
            let x = c.left();
            c.image(ImageRef::Logo, x, top, side, side);
        }
        let body = c.style.body;
        c.text_line(&hall.name, body, Align::Center, BLACK, false)?;
        c.gap(body * 0.2);
        c.title(title)?;
        c.gap(body * 0.3);
        let small = c.style.small;
        c.text_line(
            &format!("文书编号：{number}"),
            small,
            Align::Right,
            GREY,
            false,
        )?;
        c.rule(0.8);
        c.gap(body * 0.6);
        Ok(c)
    }

    /// Finishes a paper: watermark, reprint mark, footer, PDF bytes.
    fn finish(
        &self,
        c: Composer<'_>,
        settings: &PrintSettings,
        kind: PaperKind,
        title: &str,
        number: &DocumentNumber,
    ) -> Result<Paper> {
        let t = &self.templates.text;
        let marks = Marks {
            watermark: settings.sandbox.then_some(t.watermark.text.as_str()),
            reprint: settings
                .reprint_at
                .map(|at| format!("{} {}", t.reprint.text, datetime(at))),
            footer: format!("{}  {}  {}", t.hall.name, title, number),
        };
        let geo = c.geo;
        let (pages, last_y) = c.into_pages();
        let (bytes, n) = emit::emit(
            title,
            &self.font,
            &self.templates,
            geo,
            pages,
            last_y,
            &marks,
        )?;
        Ok(Paper {
            bytes,
            pages: u32::try_from(n).unwrap_or(u32::MAX),
            kind,
            document_number: number.to_string(),
        })
    }

    /// The issuing agency, "（盖章）", the date, and the e-seal image over them when the
    /// template has one.
    /// QR codes in one row, each `(url, hint lines)` with its hint beside it in an equal share
    /// of the width (two side by side keep a receipt on one page).
    fn qr_row(&self, c: &mut Composer<'_>, codes: &[(String, Vec<String>)]) -> Result<()> {
        if codes.is_empty() {
            return Ok(());
        }
        let side = if c.is_roll() { 24.0 * MM } else { 26.0 * MM };
        let gap = 3.0 * MM;
        let small = c.style.small;
        let lh = c.line_height(small);
        let n = codes.len() as f32;
        let share = (c.content_width() - gap * (n - 1.0)) / n;
        let text_w = share - side - gap;
        let mut blocks = Vec::new();
        for (url, hint) in codes {
            let mut lines = Vec::new();
            for h in hint {
                lines.extend(c.wrap(h, small, text_w)?);
            }
            blocks.push((url, lines));
        }
        let tallest = blocks.iter().map(|(_, l)| l.len()).max().unwrap_or(0);
        let h = side.max(tallest as f32 * lh);
        c.ensure(h)?;
        let top = c.cursor();
        for (i, (url, lines)) in blocks.into_iter().enumerate() {
            let x = c.left() + i as f32 * (share + gap);
            c.bars(crate::codes::qr(url, x, top, side)?);
            let tx = x + side + gap;
            for (k, line) in lines.into_iter().enumerate() {
                c.draw(Item::Text {
                    x: tx,
                    y: top + k as f32 * lh + small,
                    size: small,
                    text: line,
                    color: BLACK,
                    bold: false,
                });
            }
        }
        c.gap(h + small);
        Ok(())
    }

    /// 好差评 later: the QR code of the visit's rating page, and its hint.
    fn rating_code(&self, link: &RatingLink) -> (String, Vec<String>) {
        (
            link.url.clone(),
            vec![
                format!("服务评价：{}", self.templates.text.rating.hint),
                format!("评价码：{}", link.code),
                link.url.clone(),
            ],
        )
    }

    /// The progress query's page with `key=value` (a case or a notice number).
    fn query_url(&self, key: &str, value: &str) -> String {
        let url = &self.templates.text.query.url;
        let sep = if url.contains('?') { '&' } else { '?' };
        format!("{url}{sep}{key}={value}")
    }

    /// 好差评 later, on a row of its own.
    fn rating_block(&self, c: &mut Composer<'_>, link: &RatingLink) -> Result<()> {
        self.qr_row(c, &[self.rating_code(link)])
    }

    fn seal_block(&self, c: &mut Composer<'_>, date: NaiveDate) -> Result<()> {
        let body = c.style.body;
        let lh = c.line_height(body);
        let seal = if c.is_roll() { 26.0 * MM } else { 38.0 * MM };
        c.ensure(seal.max(lh * 4.0))?;
        c.gap(lh);
        let top = c.cursor();
        let agency = format!("{}（盖章）", self.templates.text.hall.agency);
        c.text_line(&agency, body, Align::Right, BLACK, false)?;
        c.gap(lh * 0.5);
        c.text_line(&date_zh(date), body, Align::Right, BLACK, false)?;
        if self.templates.seal.is_some() {
            let w = c.measure(&agency, body)?;
            let right = c.left() + c.content_width();
            let cx = right - w / 2.0;
            let cy = top + lh;
            c.image(ImageRef::Seal, cx - seal / 2.0, cy - seal / 2.0, seal, seal);
        }
        c.gap(lh * 0.5);
        Ok(())
    }

    /// Signature lines: each label followed by a blank line to sign on.
    fn signature_lines(&self, c: &mut Composer<'_>, labels: &[&str]) -> Result<()> {
        let body = c.style.body;
        let lh = c.line_height(body) * 1.6;
        for label in labels {
            c.ensure(lh)?;
            c.gap(lh * 0.4);
            let y = c.cursor();
            let w = c.measure(label, body)?;
            let x = c.left();
            c.draw(Item::Text {
                x,
                y: y + body,
                size: body,
                text: (*label).to_owned(),
                color: BLACK,
                bold: false,
            });
            let end = (x + w + 60.0 * MM).min(c.left() + c.content_width());
            c.draw(Item::Line {
                x1: x + w + 2.0,
                y1: y + body + 2.0,
                x2: end,
                y2: y + body + 2.0,
                width: 0.5,
                color: BLACK,
            });
            c.gap(lh * 0.6);
        }
        Ok(())
    }
}

/// `2025年03月01日`
pub(crate) fn date_zh(d: NaiveDate) -> String {
    d.format("%Y年%m月%d日").to_string()
}

/// `2025年03月01日 09:30`
pub(crate) fn datetime_zh(t: NaiveDateTime) -> String {
    t.format("%Y年%m月%d日 %H:%M").to_string()
}

/// `2025-03-01 09:30` (the reprint mark, next to Latin text).
fn datetime(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

/// A party as one line: name, then document type and masked number, then phone.
pub(crate) fn party_line(p: &Party) -> String {
    let mut s = p.name.expose().to_owned();
    if let Some(n) = &p.id_number {
        let kind = p.id_type.as_deref().unwrap_or("证件号码");
        // Masked: a lost receipt must not hand out a full ID number.
        s.push_str(&format!("（{kind}：{}）", ow_pii::mask_id(n.expose())));
    }
    s
}

/// Rejects empty required text.
pub(crate) fn require(what: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(PapersError::InvalidData(format!("{what} is empty")));
    }
    Ok(())
}
