//! The hall's CSCA certificates (`identity.csca_dir`): the trust anchors chip signatures are
//! verified against. A file that is not a certificate stops the chip reader with the file's
//! name, rather than leaving a trust anchor silently out.

use crate::IdentityError;
use base64::Engine as _;
use ow_icao::CscaList;
use std::path::Path;

const EXTENSIONS: [&str; 4] = ["der", "cer", "crt", "pem"];

/// Adds every certificate in `dir` to `list`; returns how many were added.
pub(crate) fn load_dir(dir: &Path, list: &mut CscaList) -> Result<usize, IdentityError> {
    let bad = |file: &Path, reason: String| IdentityError::CscaFile {
        file: file.display().to_string(),
        reason,
    };
    let entries = std::fs::read_dir(dir).map_err(|e| bad(dir, e.to_string()))?;
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| EXTENSIONS.contains(&x.to_ascii_lowercase().as_str()))
        })
        .collect();
    files.sort();
    let mut added = 0;
    for file in files {
        let bytes = std::fs::read(&file).map_err(|e| bad(&file, e.to_string()))?;
        let ders = if bytes.starts_with(b"-----BEGIN") {
            pem_certificates(&bytes).map_err(|e| bad(&file, e.to_string()))?
        } else {
            vec![bytes]
        };
        if ders.is_empty() {
            return Err(bad(&file, "no CERTIFICATE block".into()));
        }
        for der in ders {
            list.add_der(&der).map_err(|e| bad(&file, e.to_string()))?;
            added += 1;
        }
    }
    Ok(added)
}

/// Why a PEM file yields no certificate.
#[derive(Debug, thiserror::Error)]
enum PemError {
    #[error("PEM is not text")]
    NotText,
    #[error("PEM base64: {0}")]
    Base64(#[from] base64::DecodeError),
    #[error("a CERTIFICATE block is not closed")]
    Unclosed,
}

/// The DER bytes of every `CERTIFICATE` block of a PEM file.
fn pem_certificates(pem: &[u8]) -> Result<Vec<Vec<u8>>, PemError> {
    let text = std::str::from_utf8(pem).map_err(|_| PemError::NotText)?;
    let mut out = Vec::new();
    let mut body: Option<String> = None;
    for line in text.lines().map(str::trim) {
        match (line, body.as_mut()) {
            ("-----BEGIN CERTIFICATE-----", None) => body = Some(String::new()),
            ("-----END CERTIFICATE-----", Some(b)) => {
                let der = base64::engine::general_purpose::STANDARD.decode(b.as_bytes())?;
                out.push(der);
                body = None;
            }
            (l, Some(b)) => b.push_str(l),
            _ => {}
        }
    }
    if body.is_some() {
        return Err(PemError::Unclosed);
    }
    Ok(out)
}
