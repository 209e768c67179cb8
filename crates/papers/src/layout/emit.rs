//! Turning laid-out items into a PDF: page marks (watermark, reprint, page footer) are added
//! here because they depend on the final page count and height.

use super::{Geometry, ImageRef, Item, Rgb, GREY, MM, RED};
use crate::error::Result;
use crate::font::CjkFont;
use crate::template::Templates;
use printpdf::{
    BlendMode, Color, ExtendedGraphicsState, ExtendedGraphicsStateId, Line, LinePoint, Mm, Op,
    PaintMode, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing,
    Pt, SeperableBlendMode, TextItem, TextMatrix, TextRenderingMode, WindingOrder, XObjectId,
    XObjectTransform,
};

/// Page marks decided by the print settings.
pub(crate) struct Marks<'a> {
    /// Diagonal training watermark, on every page.
    pub watermark: Option<&'a str>,
    /// Reprint mark (text and time), top right of every page.
    pub reprint: Option<String>,
    /// Footer left part, e.g. the document number; the page number is added on the right.
    pub footer: String,
}

/// The watermark is drawn over the content, half-grey at low opacity: content drawn later
/// (table headers, images) cannot hide it, and text under it stays readable.
const WATERMARK: Rgb = Rgb(0.4, 0.4, 0.4);
const WATERMARK_ALPHA: f32 = 0.3;

struct Ctx<'a> {
    font: printpdf::FontId,
    translucent: ExtendedGraphicsStateId,
    multiply: ExtendedGraphicsStateId,
    height: f32,
    logo: Option<(&'a XObjectId, f32, f32)>,
    seal: Option<(&'a XObjectId, f32, f32)>,
}

fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: c.0,
        g: c.1,
        b: c.2,
        icc_profile: None,
    })
}

fn pt(x: f32, y_pdf: f32) -> Point {
    Point {
        x: Pt(x),
        y: Pt(y_pdf),
    }
}

/// Writes the document and returns its bytes and page count.
pub(crate) fn emit(
    title: &str,
    font: &CjkFont,
    templates: &Templates,
    geo: Geometry,
    pages: Vec<Vec<Item>>,
    last_y: f32,
    marks: &Marks<'_>,
) -> Result<(Vec<u8>, usize)> {
    let mut doc = PdfDocument::new(title);
    let font_id = doc.add_font(font.parsed());
    let translucent = doc.add_graphics_state(
        ExtendedGraphicsState::default()
            .with_current_fill_alpha(WATERMARK_ALPHA)
            .with_current_stroke_alpha(WATERMARK_ALPHA),
    );
    // Images are multiplied onto the page: a seal scanned on white paper (no alpha) then
    // leaves the agency name and date under it readable, as real ink would.
    let multiply = doc.add_graphics_state(
        ExtendedGraphicsState::default()
            .with_blend_mode(BlendMode::Seperable(SeperableBlendMode::Multiply)),
    );
    let logo_id = templates.logo.as_ref().map(|img| (doc.add_image(img), img));
    let seal_id = templates.seal.as_ref().map(|img| (doc.add_image(img), img));

    let height = geo
        .height
        .unwrap_or_else(|| (last_y + geo.margin_bottom).max(120.0 * MM));
    let ctx = Ctx {
        font: font_id,
        translucent,
        multiply,
        height,
        logo: logo_id
            .as_ref()
            .map(|(id, img)| (id, img.width as f32, img.height as f32)),
        seal: seal_id
            .as_ref()
            .map(|(id, img)| (id, img.width as f32, img.height as f32)),
    };

    let n = pages.len();
    let mut out = Vec::with_capacity(n);
    for (i, items) in pages.into_iter().enumerate() {
        let mut ops = Vec::with_capacity(items.len() * 6 + 32);
        for item in &items {
            item_ops(&ctx, item, &mut ops);
        }
        if let Some(text) = marks.watermark {
            watermark(&ctx, font, geo, text, &mut ops)?;
        }
        page_marks(&ctx, font, geo, marks, i + 1, n, &mut ops)?;
        out.push(PdfPage::new(Mm(geo.width / MM), Mm(height / MM), ops));
    }

    let opts = PdfSaveOptions {
        subset_fonts: true,
        ..Default::default()
    };
    let mut warnings = Vec::new();
    let bytes = doc.with_pages(out).save(&opts, &mut warnings);
    Ok((bytes, n))
}

fn text_ops(
    ctx: &Ctx<'_>,
    x: f32,
    y_top: f32,
    size: f32,
    text: &str,
    c: Rgb,
    bold: bool,
) -> Vec<Op> {
    let mut ops = vec![Op::SaveGraphicsState, Op::SetFillColor { col: color(c) }];
    if bold {
        // Faux bold: fill and a thin stroke of the outline; saves embedding a second font.
        ops.push(Op::SetOutlineColor { col: color(c) });
        ops.push(Op::SetOutlineThickness {
            pt: Pt(size * 0.035),
        });
        ops.push(Op::SetTextRenderingMode {
            mode: TextRenderingMode::FillStroke,
        });
    }
    ops.extend([
        Op::StartTextSection,
        Op::SetFont {
            font: PdfFontHandle::External(ctx.font.clone()),
            size: Pt(size),
        },
        Op::SetTextCursor {
            pos: pt(x, ctx.height - y_top),
        },
        Op::ShowText {
            items: vec![TextItem::Text(text.to_owned())],
        },
        Op::EndTextSection,
        Op::RestoreGraphicsState,
    ]);
    ops
}

fn item_ops(ctx: &Ctx<'_>, item: &Item, ops: &mut Vec<Op>) {
    let h = ctx.height;
    match item {
        Item::Text {
            x,
            y,
            size,
            text,
            color: c,
            bold,
        } => ops.extend(text_ops(ctx, *x, *y, *size, text, *c, *bold)),
        Item::Line {
            x1,
            y1,
            x2,
            y2,
            width,
            color: c,
        } => {
            ops.push(Op::SaveGraphicsState);
            ops.push(Op::SetOutlineColor { col: color(*c) });
            ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
            ops.push(Op::DrawLine {
                line: Line {
                    points: vec![
                        LinePoint {
                            p: pt(*x1, h - y1),
                            bezier: false,
                        },
                        LinePoint {
                            p: pt(*x2, h - y2),
                            bezier: false,
                        },
                    ],
                    is_closed: false,
                },
            });
            ops.push(Op::RestoreGraphicsState);
        }
        Item::Rect {
            x,
            y,
            w,
            h: rh,
            fill,
            stroke,
        } => {
            let mode = match (fill, stroke) {
                (Some(_), Some(_)) => PaintMode::FillStroke,
                (Some(_), None) => PaintMode::Fill,
                _ => PaintMode::Stroke,
            };
            ops.push(Op::SaveGraphicsState);
            if let Some(f) = fill {
                ops.push(Op::SetFillColor { col: color(*f) });
            }
            if let Some((sw, sc)) = stroke {
                ops.push(Op::SetOutlineColor { col: color(*sc) });
                ops.push(Op::SetOutlineThickness { pt: Pt(*sw) });
            }
            let (x0, y0, x1, y1) = (*x, h - y - rh, x + w, h - y);
            let ring = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
                .iter()
                .map(|(px, py)| LinePoint {
                    p: pt(*px, *py),
                    bezier: false,
                })
                .collect();
            ops.push(Op::DrawPolygon {
                polygon: Polygon {
                    rings: vec![PolygonRing { points: ring }],
                    mode,
                    winding_order: WindingOrder::NonZero,
                },
            });
            ops.push(Op::RestoreGraphicsState);
        }
        Item::Image {
            which,
            x,
            y,
            w,
            h: ih,
        } => {
            let img = match which {
                ImageRef::Logo => ctx.logo,
                ImageRef::Seal => ctx.seal,
            };
            if let Some((id, pw, ph)) = img {
                // Fit inside the box, keeping the aspect ratio.
                let scale = (w / pw).min(ih / ph);
                let (dw, dh) = (pw * scale, ph * scale);
                ops.push(Op::SaveGraphicsState);
                ops.push(Op::LoadGraphicsState {
                    gs: ctx.multiply.clone(),
                });
                ops.push(Op::UseXobject {
                    id: id.clone(),
                    transform: XObjectTransform {
                        translate_x: Some(Pt(x + (w - dw) / 2.0)),
                        translate_y: Some(Pt(h - y - ih + (ih - dh) / 2.0)),
                        scale_x: Some(scale),
                        scale_y: Some(scale),
                        // At 72 dpi one pixel is one point, so `scale` is points per pixel.
                        dpi: Some(72.0),
                        ..Default::default()
                    },
                });
                ops.push(Op::RestoreGraphicsState);
            }
        }
    }
}

/// The diagonal training watermark, repeated down a long roll.
fn watermark(
    ctx: &Ctx<'_>,
    font: &CjkFont,
    geo: Geometry,
    text: &str,
    ops: &mut Vec<Op>,
) -> Result<()> {
    let size = if geo.height.is_some() { 54.0 } else { 24.0 };
    let w = font.text_width(text, size)?;
    let angle: f32 = 35.0;
    let (sin, cos) = angle.to_radians().sin_cos();
    // One mark per ~page-height band (one on A4, several on a long roll).
    let band = geo.width * 1.3;
    let count = ((ctx.height / band).floor() as usize).max(1);
    for k in 0..count {
        let cy = ctx.height - (k as f32 + 0.5) * ctx.height / count as f32;
        let cx = geo.width / 2.0;
        // Start point so the rotated text is centred on (cx, cy).
        let x0 = cx - (w / 2.0) * cos + (size / 3.0) * sin;
        let y0 = cy - (w / 2.0) * sin - (size / 3.0) * cos;
        ops.extend([
            Op::SaveGraphicsState,
            Op::LoadGraphicsState {
                gs: ctx.translucent.clone(),
            },
            Op::SetFillColor {
                col: color(WATERMARK),
            },
            // Outlined as well as filled: thin CJK strokes would otherwise fade out.
            Op::SetOutlineColor {
                col: color(WATERMARK),
            },
            Op::SetOutlineThickness {
                pt: Pt(size * 0.03),
            },
            Op::SetTextRenderingMode {
                mode: TextRenderingMode::FillStroke,
            },
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(ctx.font.clone()),
                size: Pt(size),
            },
            Op::SetTextMatrix {
                matrix: TextMatrix::TranslateRotate(Pt(x0), Pt(y0), angle),
            },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_owned())],
            },
            Op::EndTextSection,
            Op::RestoreGraphicsState,
        ]);
    }
    Ok(())
}

/// Reprint mark at the top right and the footer with the page number.
fn page_marks(
    ctx: &Ctx<'_>,
    font: &CjkFont,
    geo: Geometry,
    marks: &Marks<'_>,
    page: usize,
    pages: usize,
    ops: &mut Vec<Op>,
) -> Result<()> {
    let roll = geo.height.is_none();
    let small = if roll { 6.5 } else { 8.0 };
    let right = geo.width - geo.margin_x;
    if let Some(text) = &marks.reprint {
        let size = if roll { 7.5 } else { 10.0 };
        let w = font.text_width(text, size)?;
        let (pad, top) = (2.5, geo.margin_top * 0.3);
        let x = right - w - 2.0 * pad;
        item_ops(
            ctx,
            &Item::Rect {
                x,
                y: top,
                w: w + 2.0 * pad,
                h: size + 2.0 * pad,
                fill: None,
                stroke: Some((0.8, RED)),
            },
            ops,
        );
        ops.extend(text_ops(
            ctx,
            x + pad,
            top + pad + size * 0.88,
            size,
            text,
            RED,
            true,
        ));
    }
    let page_text = format!("第 {page} 页 / 共 {pages} 页");
    let base = ctx.height - geo.margin_bottom * 0.45;
    ops.extend(text_ops(
        ctx,
        geo.margin_x,
        base,
        small,
        &marks.footer,
        GREY,
        false,
    ));
    // A roll is one page: a page number would only be noise.
    if !roll {
        let pw = font.text_width(&page_text, small)?;
        ops.extend(text_ops(
            ctx,
            right - pw,
            base,
            small,
            &page_text,
            GREY,
            false,
        ));
    }
    Ok(())
}
