//! A small flow layout over printpdf: wrapped text, key/value lines, tables whose header row
//! repeats after a page break, pictures and vector codes.
//!
//! Items are collected with top-down coordinates and turned into PDF operations only at the
//! end ([`emit`]), because an 80 mm roll page is as tall as its content, which is known only
//! once everything has been laid out.

pub(crate) mod emit;
mod wrap;

use crate::data::PageFormat;
use crate::error::Result;
use crate::font::CjkFont;

/// Points per millimetre.
pub(crate) const MM: f32 = 72.0 / 25.4;

/// A colour on the page (RGB, 0..1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rgb(pub f32, pub f32, pub f32);

pub(crate) const BLACK: Rgb = Rgb(0.0, 0.0, 0.0);
pub(crate) const GREY: Rgb = Rgb(0.35, 0.35, 0.35);
pub(crate) const LIGHT: Rgb = Rgb(0.92, 0.92, 0.92);
pub(crate) const RED: Rgb = Rgb(0.75, 0.05, 0.05);

/// Which template image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ImageRef {
    Logo,
    Seal,
}

/// One thing drawn on a page; `y` is measured from the page's top edge, in points.
#[derive(Debug, Clone)]
pub(crate) enum Item {
    /// Text whose baseline is at `y`.
    Text {
        x: f32,
        y: f32,
        size: f32,
        text: String,
        color: Rgb,
        bold: bool,
    },
    /// A straight line.
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        color: Rgb,
    },
    /// A rectangle whose top-left corner is (`x`, `y`).
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgb>,
        stroke: Option<(f32, Rgb)>,
    },
    /// A template image fitted into the box.
    Image {
        which: ImageRef,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
}

/// Font sizes and spacing for one page format.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Style {
    pub title: f32,
    pub body: f32,
    pub small: f32,
    /// Line height as a multiple of the font size.
    pub leading: f32,
}

/// Horizontal placement of a line of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Center,
    Right,
}

/// One table column: heading, share of the table width, alignment.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Column<'a> {
    pub title: &'a str,
    pub share: f32,
    pub align: Align,
}

/// Page geometry.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Geometry {
    pub width: f32,
    /// `None` for a roll: the page grows with the content.
    pub height: Option<f32>,
    pub margin_x: f32,
    pub margin_top: f32,
    pub margin_bottom: f32,
}

impl Geometry {
    pub(crate) fn for_format(format: PageFormat) -> Self {
        match format {
            PageFormat::A4 => Self {
                width: 210.0 * MM,
                height: Some(297.0 * MM),
                margin_x: 20.0 * MM,
                margin_top: 22.0 * MM,
                margin_bottom: 20.0 * MM,
            },
            // 80 mm paper prints about 72 mm wide.
            PageFormat::Roll80 => Self {
                width: 80.0 * MM,
                height: None,
                margin_x: 4.0 * MM,
                margin_top: 12.0 * MM,
                margin_bottom: 10.0 * MM,
            },
        }
    }
}

/// The flow composer.
pub(crate) struct Composer<'f> {
    font: &'f CjkFont,
    pub geo: Geometry,
    pub style: Style,
    pages: Vec<Vec<Item>>,
    /// Cursor: top of the next free line on the current page.
    y: f32,
    /// Running head drawn at the top of continuation pages.
    running_head: String,
}

impl<'f> Composer<'f> {
    pub(crate) fn new(font: &'f CjkFont, format: PageFormat) -> Self {
        let geo = Geometry::for_format(format);
        let style = match format {
            PageFormat::A4 => Style {
                title: 20.0,
                body: 10.5,
                small: 8.5,
                leading: 1.55,
            },
            PageFormat::Roll80 => Style {
                title: 13.0,
                body: 8.0,
                small: 6.5,
                leading: 1.45,
            },
        };
        Self {
            font,
            geo,
            style,
            pages: vec![Vec::new()],
            y: geo.margin_top,
            running_head: String::new(),
        }
    }

    pub(crate) fn is_roll(&self) -> bool {
        self.geo.height.is_none()
    }

    pub(crate) fn left(&self) -> f32 {
        self.geo.margin_x
    }

    pub(crate) fn content_width(&self) -> f32 {
        self.geo.width - 2.0 * self.geo.margin_x
    }

    pub(crate) fn cursor(&self) -> f32 {
        self.y
    }

    pub(crate) fn set_running_head(&mut self, text: String) {
        self.running_head = text;
    }

    pub(crate) fn line_height(&self, size: f32) -> f32 {
        size * self.style.leading
    }

    fn push(&mut self, item: Item) {
        if let Some(page) = self.pages.last_mut() {
            page.push(item);
        }
    }

    /// Draws an item on the current page without moving the cursor.
    pub(crate) fn draw(&mut self, item: Item) {
        self.push(item);
    }

    /// Vertical space.
    pub(crate) fn gap(&mut self, h: f32) {
        self.y += h;
    }

    /// Whether `h` more points fit on the current page.
    fn fits(&self, h: f32) -> bool {
        match self.geo.height {
            None => true,
            Some(ph) => self.y + h <= ph - self.geo.margin_bottom,
        }
    }

    /// Starts a new page when `h` more points do not fit. Returns whether it did.
    pub(crate) fn ensure(&mut self, h: f32) -> Result<bool> {
        if self.fits(h) || self.y <= self.geo.margin_top + 1.0 {
            return Ok(false);
        }
        self.new_page()?;
        Ok(true)
    }

    fn new_page(&mut self) -> Result<()> {
        self.pages.push(Vec::new());
        self.y = self.geo.margin_top;
        if !self.running_head.is_empty() {
            let head = self.running_head.clone();
            let size = self.style.small;
            self.text_line(&head, size, Align::Left, GREY, false)?;
            let y = self.y;
            let (l, r) = (self.left(), self.left() + self.content_width());
            self.push(Item::Line {
                x1: l,
                y1: y,
                x2: r,
                y2: y,
                width: 0.5,
                color: GREY,
            });
            self.gap(size);
        }
        Ok(())
    }

    /// Width of `text` at `size`.
    pub(crate) fn measure(&self, text: &str, size: f32) -> Result<f32> {
        self.font.text_width(text, size)
    }

    /// Lines of `text` wrapped to `width` at `size`.
    pub(crate) fn wrap(&self, text: &str, size: f32, width: f32) -> Result<Vec<String>> {
        wrap::wrap(self.font, text, size, width)
    }

    /// One unwrapped line at the cursor (caller guarantees it fits).
    pub(crate) fn text_line(
        &mut self,
        text: &str,
        size: f32,
        align: Align,
        color: Rgb,
        bold: bool,
    ) -> Result<()> {
        let lh = self.line_height(size);
        self.ensure(lh)?;
        let w = self.measure(text, size)?;
        let x = match align {
            Align::Left => self.left(),
            Align::Center => self.left() + (self.content_width() - w) / 2.0,
            Align::Right => self.left() + self.content_width() - w,
        };
        // Baseline sits ~0.8 of the font size below the line's top, centred in the leading.
        let y = self.y + (lh - size) / 2.0 + size * 0.88;
        self.push(Item::Text {
            x,
            y,
            size,
            text: text.to_owned(),
            color,
            bold,
        });
        self.y += lh;
        Ok(())
    }

    /// A wrapped paragraph, first line optionally indented by two characters (Chinese style).
    pub(crate) fn paragraph(&mut self, text: &str, size: f32, indent_first: bool) -> Result<()> {
        let indent = if indent_first { "\u{3000}\u{3000}" } else { "" };
        let lines = self.wrap(&format!("{indent}{text}"), size, self.content_width())?;
        for line in lines {
            self.text_line(&line, size, Align::Left, BLACK, false)?;
        }
        Ok(())
    }

    /// A centred bold heading.
    pub(crate) fn title(&mut self, text: &str) -> Result<()> {
        let size = self.style.title;
        for line in self.wrap(text, size, self.content_width())? {
            self.text_line(&line, size, Align::Center, BLACK, true)?;
        }
        Ok(())
    }

    /// `label：value` with the value wrapped under itself (hanging indent).
    pub(crate) fn field(&mut self, label: &str, value: &str) -> Result<()> {
        let size = self.style.body;
        let lh = self.line_height(size);
        let label = format!("{label}：");
        let lw = self.measure(&label, size)?;
        let lines = self.wrap(value, size, (self.content_width() - lw).max(lw))?;
        for (i, line) in lines.iter().enumerate() {
            self.ensure(lh)?;
            let base = self.y + (lh - size) / 2.0 + size * 0.88;
            if i == 0 {
                let x = self.left();
                self.push(Item::Text {
                    x,
                    y: base,
                    size,
                    text: label.clone(),
                    color: GREY,
                    bold: false,
                });
            }
            let x = self.left() + lw;
            self.push(Item::Text {
                x,
                y: base,
                size,
                text: line.clone(),
                color: BLACK,
                bold: false,
            });
            self.y += lh;
        }
        Ok(())
    }

    /// A horizontal rule across the content width.
    pub(crate) fn rule(&mut self, width: f32) {
        let (l, r, y) = (self.left(), self.left() + self.content_width(), self.y);
        self.push(Item::Line {
            x1: l,
            y1: y,
            x2: r,
            y2: y,
            width,
            color: BLACK,
        });
    }

    /// A table; the header row is drawn again at the top of every new page.
    pub(crate) fn table(&mut self, cols: &[Column<'_>], rows: &[Vec<String>]) -> Result<()> {
        let size = self.style.body;
        let pad = 2.0;
        let total: f32 = cols.iter().map(|c| c.share).sum::<f32>().max(f32::EPSILON);
        let mut widths: Vec<f32> = cols
            .iter()
            .map(|c| c.share / total * self.content_width())
            .collect();
        // Narrow columns (序号, counts) must fit their heading on one line, even on 72 mm;
        // the widest column gives up the difference.
        let mut deficit = 0.0;
        for (w, c) in widths.iter_mut().zip(cols) {
            let need = self.measure(c.title, size)? + 2.0 * pad + 1.0;
            if *w < need {
                deficit += need - *w;
                *w = need;
            }
        }
        if let Some(widest) = widths.iter_mut().max_by(|a, b| a.total_cmp(b)) {
            *widest -= deficit;
        }
        let header: Vec<String> = cols.iter().map(|c| c.title.to_owned()).collect();
        let header_h = self.row_height(&header, &widths, size, pad)?;
        // Keep the header with at least one row.
        let first_h = match rows.first() {
            Some(r) => self.row_height(r, &widths, size, pad)?,
            None => 0.0,
        };
        self.ensure(header_h + first_h)?;
        self.row(cols, &widths, &header, size, pad, true)?;
        for r in rows {
            let h = self.row_height(r, &widths, size, pad)?;
            if self.ensure(h)? {
                self.row(cols, &widths, &header, size, pad, true)?;
            }
            self.row(cols, &widths, r, size, pad, false)?;
        }
        Ok(())
    }

    fn row_height(&self, cells: &[String], widths: &[f32], size: f32, pad: f32) -> Result<f32> {
        let mut lines = 1;
        for (cell, w) in cells.iter().zip(widths) {
            lines = lines.max(self.wrap(cell, size, w - 2.0 * pad)?.len());
        }
        Ok(lines as f32 * self.line_height(size) + pad)
    }

    fn row(
        &mut self,
        cols: &[Column<'_>],
        widths: &[f32],
        cells: &[String],
        size: f32,
        pad: f32,
        header: bool,
    ) -> Result<()> {
        let lh = self.line_height(size);
        let h = self.row_height(cells, widths, size, pad)?;
        let top = self.y;
        let mut x = self.left();
        for ((cell, w), col) in cells.iter().zip(widths).zip(cols) {
            self.push(Item::Rect {
                x,
                y: top,
                w: *w,
                h,
                fill: header.then_some(LIGHT),
                stroke: Some((0.5, BLACK)),
            });
            let align = if header { Align::Center } else { col.align };
            for (i, line) in self.wrap(cell, size, w - 2.0 * pad)?.iter().enumerate() {
                let tw = self.measure(line, size)?;
                let tx = match align {
                    Align::Left => x + pad,
                    Align::Center => x + (w - tw) / 2.0,
                    Align::Right => x + w - pad - tw,
                };
                let base = top + pad / 2.0 + i as f32 * lh + (lh - size) / 2.0 + size * 0.88;
                self.push(Item::Text {
                    x: tx,
                    y: base,
                    size,
                    text: line.clone(),
                    color: BLACK,
                    bold: header,
                });
            }
            x += w;
        }
        self.y = top + h;
        Ok(())
    }

    /// Places a template image of `h` points height at `x` on the current line band.
    pub(crate) fn image(&mut self, which: ImageRef, x: f32, y: f32, w: f32, h: f32) {
        self.push(Item::Image { which, x, y, w, h });
    }

    /// Filled black rectangles (QR modules, barcode bars).
    pub(crate) fn bars(&mut self, rects: impl IntoIterator<Item = (f32, f32, f32, f32)>) {
        for (x, y, w, h) in rects {
            self.push(Item::Rect {
                x,
                y,
                w,
                h,
                fill: Some(BLACK),
                stroke: None,
            });
        }
    }

    /// A small check box with an optional tick, its top-left at (`x`, `y`).
    pub(crate) fn checkbox(&mut self, x: f32, y: f32, side: f32, checked: bool) {
        self.push(Item::Rect {
            x,
            y,
            w: side,
            h: side,
            fill: None,
            stroke: Some((0.6, BLACK)),
        });
        if checked {
            let pts = [
                (x + side * 0.18, y + side * 0.52),
                (x + side * 0.42, y + side * 0.78),
                (x + side * 0.85, y + side * 0.2),
            ];
            for pair in pts.windows(2) {
                self.push(Item::Line {
                    x1: pair[0].0,
                    y1: pair[0].1,
                    x2: pair[1].0,
                    y2: pair[1].1,
                    width: 1.2,
                    color: BLACK,
                });
            }
        }
    }

    /// The laid-out pages and the height of the last page's content (for a roll).
    pub(crate) fn into_pages(self) -> (Vec<Vec<Item>>, f32) {
        (self.pages, self.y)
    }
}
