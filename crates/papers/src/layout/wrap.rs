//! Line breaking for mixed Chinese and Latin text.
//!
//! Chinese breaks between any two characters; Latin words and numbers (case numbers, URLs)
//! stay whole unless longer than a line. Closing punctuation never starts a line: it hangs
//! past the margin instead, the usual rule (避头点) in Chinese typesetting.

use crate::error::Result;
use crate::font::CjkFont;

/// Characters that must not start a line.
const NO_LINE_START: &str = "，。、；：？！）》」』】〉”’,.;:?!)]}%·";

fn breaks_anywhere(c: char) -> bool {
    // CJK ideographs, kana, fullwidth forms and CJK punctuation all start at U+2E80.
    (c as u32) >= 0x2E80
}

/// Splits text into tokens: single wide characters, whitespace runs, or Latin words.
fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        let single = breaks_anywhere(c) || c.is_whitespace();
        if single {
            if let Some(s) = start.take() {
                out.push(&text[s..i]);
            }
            out.push(&text[i..i + c.len_utf8()]);
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

/// Wraps `text` into lines no wider than `width` points at `size`. `\n` forces a break.
pub(crate) fn wrap(font: &CjkFont, text: &str, size: f32, width: f32) -> Result<Vec<String>> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        wrap_paragraph(font, para, size, width, &mut lines)?;
    }
    Ok(lines)
}

fn wrap_paragraph(
    font: &CjkFont,
    text: &str,
    size: f32,
    width: f32,
    lines: &mut Vec<String>,
) -> Result<()> {
    let mut line = String::new();
    let mut w = 0.0_f32;
    for tok in tokens(text) {
        let tw = font.text_width(tok, size)?;
        let is_space = tok.chars().all(char::is_whitespace);
        if is_space && line.is_empty() && !lines.is_empty() {
            // No leading space on a continuation line.
            continue;
        }
        if w + tw <= width {
            line.push_str(tok);
            w += tw;
            continue;
        }
        if is_space {
            // A space at the end of a line is dropped, not carried over.
            continue;
        }
        if tok.chars().all(|c| NO_LINE_START.contains(c)) && !line.is_empty() {
            line.push_str(tok);
            w += tw;
            continue;
        }
        if tw > width {
            // A word longer than a whole line: start it on a fresh line (a number read in
            // one piece as far as possible), then break it by characters.
            if !line.trim().is_empty() {
                lines.push(std::mem::take(&mut line).trim_end().to_owned());
                w = 0.0;
            }
            for c in tok.chars() {
                let cw = font.char_width(c, size)?;
                if w + cw > width && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    w = 0.0;
                }
                line.push(c);
                w += cw;
            }
            continue;
        }
        lines.push(std::mem::take(&mut line).trim_end().to_owned());
        line.push_str(tok);
        w = tw;
    }
    lines.push(line.trim_end().to_owned());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn font() -> CjkFont {
        crate::font::FontSearch::default().load().unwrap()
    }

    #[test]
    fn wraps_chinese_anywhere_but_never_starts_a_line_with_a_comma() {
        let f = font();
        // Ten ideographs per line at 10 pt (each is 1 em wide).
        let lines = wrap(&f, "一二三四五六七八九十，一二三", 10.0, 100.0).unwrap();
        assert_eq!(lines, vec!["一二三四五六七八九十，", "一二三"]);
    }

    #[test]
    fn keeps_case_numbers_whole_and_splits_only_overlong_words() {
        let f = font();
        let lines = wrap(&f, "办件编号 BJ44190012025000123", 10.0, 120.0).unwrap();
        assert_eq!(lines, vec!["办件编号", "BJ44190012025000123"]);
        let lines = wrap(&f, "办件编号 BJ44190012025000123", 10.0, 80.0).unwrap();
        assert_eq!(lines.first().map(String::as_str), Some("办件编号"));
        assert_eq!(lines[1..].concat(), "BJ44190012025000123");
        let long = "X".repeat(60);
        let lines = wrap(&f, &long, 10.0, 90.0).unwrap();
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), long);
        assert_eq!(wrap(&f, "甲\n乙", 10.0, 90.0).unwrap(), vec!["甲", "乙"]);
    }

    #[test]
    fn tokens_keep_latin_words_whole() {
        assert_eq!(
            tokens("编号 SL-2025 好"),
            vec!["编", "号", " ", "SL-2025", " ", "好"]
        );
    }
}
