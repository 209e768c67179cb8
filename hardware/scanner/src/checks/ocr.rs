//! Optional OCR: "the copy of the ID document bears the applicant's number".
//!
//! Off unless a [`TextRecognizer`] is given. [`TesseractCli::detect`] finds a `tesseract` with
//! the `chi_sim` language on the PATH; without it the check is simply not run. ID numbers are
//! never logged.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use image::DynamicImage;

use super::{Finding, FindingCode, FindingDetail, Severity, SuggestedAction};
use crate::error::ScanError;
use crate::types::Page;

/// Something that reads the text on a page.
pub trait TextRecognizer: Send + Sync {
    /// All text found on the page (Simplified Chinese, digits, Latin letters).
    fn recognize(&self, page: &DynamicImage) -> Result<String, ScanError>;
}

/// Tesseract through its command line, page in on stdin (PNG), text out on stdout.
#[derive(Debug, Clone)]
pub struct TesseractCli {
    program: PathBuf,
    timeout: Duration,
}

impl TesseractCli {
    /// A recognizer if `tesseract` runs and lists `chi_sim`; `None` otherwise.
    pub fn detect() -> Option<Self> {
        let out = Command::new("tesseract")
            .arg("--list-langs")
            .stdin(Stdio::null())
            .output()
            .ok()?;
        let langs = String::from_utf8_lossy(&out.stdout);
        langs.lines().any(|l| l.trim() == "chi_sim").then(|| Self {
            program: PathBuf::from("tesseract"),
            timeout: Duration::from_secs(20),
        })
    }
}

fn ocr_err(msg: impl Into<String>) -> ScanError {
    ScanError::Ocr(msg.into())
}

impl TextRecognizer for TesseractCli {
    fn recognize(&self, page: &DynamicImage) -> Result<String, ScanError> {
        let mut png = Vec::new();
        page.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .map_err(|e| ocr_err(e.to_string()))?;
        let mut child = Command::new(&self.program)
            .args(["stdin", "stdout", "-l", "chi_sim+eng"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| ocr_err(e.to_string()))?;
        let mut stdin = child.stdin.take().ok_or_else(|| ocr_err("no stdin"))?;
        let writer = std::thread::spawn(move || stdin.write_all(&png));
        let mut stdout = child.stdout.take().ok_or_else(|| ocr_err("no stdout"))?;
        let reader = std::thread::spawn(move || {
            let mut s = String::new();
            stdout.read_to_string(&mut s).map(|_| s)
        });
        let deadline = Instant::now() + self.timeout;
        loop {
            match child.try_wait().map_err(|e| ocr_err(e.to_string()))? {
                Some(status) if status.success() => break,
                Some(status) => return Err(ocr_err(format!("tesseract exited with {status}"))),
                None if Instant::now() > deadline => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(ocr_err("tesseract timed out"));
                }
                None => std::thread::sleep(Duration::from_millis(20)),
            }
        }
        let _ = writer.join();
        reader
            .join()
            .map_err(|_| ocr_err("reader thread failed"))?
            .map_err(|e| ocr_err(e.to_string()))
    }
}

/// GB 11643 check character of the first 17 digits.
fn check_char(body: &[u8]) -> Option<u8> {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let mut sum = 0;
    for (d, w) in body.iter().zip(W) {
        sum += u32::from(d.checked_sub(b'0').filter(|v| *v <= 9)?) * w;
    }
    Some(b"10X98765432"[(sum % 11) as usize])
}

/// Valid 18-character resident ID numbers in OCR text. Full-width digits and spaces inside
/// the number (OCR splits groups) are tolerated; the check character must match.
pub fn find_id_numbers(text: &str) -> Vec<String> {
    let cleaned: Vec<u8> = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => (b'0' + (c as u32 - '０' as u32) as u8) as char,
            'x' | 'Ｘ' | 'ｘ' => 'X',
            other => other,
        })
        .map(|c| if c.is_ascii() { c as u8 } else { b'_' })
        .collect();
    let mut found = Vec::new();
    for win in cleaned.windows(18) {
        let (body, last) = win.split_at(17);
        if body.iter().all(u8::is_ascii_digit) && check_char(body) == Some(last[0]) {
            let s = String::from_utf8_lossy(win).into_owned();
            if !found.contains(&s) {
                found.push(s);
            }
        }
    }
    found
}

/// Compare the ID numbers on a copy with the applicant's. `Ok(None)` when OCR is off or the
/// number is there.
pub fn check_id_number(
    page: &Page,
    index: u32,
    applicant_id: &str,
    ocr: Option<&dyn TextRecognizer>,
) -> Result<Option<Finding>, ScanError> {
    let Some(ocr) = ocr else {
        return Ok(None);
    };
    let text = ocr.recognize(&page.image)?;
    let ids = find_id_numbers(&text);
    let want = applicant_id.trim().to_ascii_uppercase();
    let (code, severity) = if ids.contains(&want) {
        return Ok(None);
    } else if ids.is_empty() {
        (FindingCode::IdNumberUnreadable, Severity::Warn)
    } else {
        (FindingCode::IdNumberMismatch, Severity::Block)
    };
    Ok(Some(Finding {
        code,
        severity,
        actions: vec![SuggestedAction::Rescan, SuggestedAction::AcceptWithReason],
        page: Some(index),
        detail: FindingDetail::None,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_numbers_with_checksum() {
        // The GB 11643 example number.
        let text = "公民身份号码 １１０１０５ 19491231 002X 其他 123456789012345678";
        assert_eq!(
            find_id_numbers(text),
            vec!["11010519491231002X".to_string()]
        );
    }
}
