//! The crate's one error enum, with stable `papers.` codes.

use ow_error::ErrorCode;
use std::path::PathBuf;

/// Everything that can stop a paper from being produced.
#[derive(Debug, thiserror::Error)]
pub enum PapersError {
    /// None of the configured font paths holds a usable CJK font.
    #[error(
        "no Chinese (CJK) font found; tried: {tried}. Install the package fonts-noto-cjk \
         (Debian, UOS, Kylin) or Microsoft YaHei / SimSun on Windows, or configure a font path"
    )]
    FontMissing {
        /// The paths that were tried, `;`-separated.
        tried: String,
    },

    /// A font file exists but cannot be used (not a font, wrong collection index, no Chinese).
    #[error("the font {path} (face {index}) cannot be used: {reason}")]
    FontInvalid {
        /// The font file.
        path: PathBuf,
        /// The face inside a collection.
        index: usize,
        /// What is wrong with it.
        reason: String,
    },

    /// The text to print holds a character the font has no glyph for; printing it would show
    /// a box, so the paper is refused instead.
    #[error("the font has no glyph for U+{codepoint:04X}; use a font that covers it")]
    GlyphMissing {
        /// The character's code point (the character itself may be personal data).
        codepoint: u32,
    },

    /// A template file is unreadable or malformed.
    #[error("template {source_name}: {reason}")]
    TemplateInvalid {
        /// `embedded` or the file's path.
        source_name: String,
        /// What is wrong.
        reason: String,
    },

    /// A template image (logo, seal) cannot be read or decoded.
    #[error("template image {path}: {reason}")]
    ImageInvalid {
        /// The image file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },

    /// The data handed in cannot make a valid paper (e.g. a notice with no missing material).
    #[error("invalid paper data: {0}")]
    InvalidData(String),

    /// A sandbox paper must carry a training document number and a production paper must not,
    /// so that no training paper can pass for a real one.
    #[error("document number series mismatch: {0}")]
    SeriesMismatch(String),

    /// The yearly sequence has no number left.
    #[error("document number series {prefix} is exhausted for {year}")]
    SeriesExhausted {
        /// The series prefix.
        prefix: String,
        /// The year whose sequence ran out.
        year: i32,
    },

    /// A QR code or barcode could not be encoded.
    #[error("cannot encode the {kind}: {reason}")]
    CodeEncoding {
        /// `qr` or `code128`.
        kind: &'static str,
        /// Why.
        reason: String,
    },
}

impl ErrorCode for PapersError {
    fn code(&self) -> &'static str {
        match self {
            Self::FontMissing { .. } => "papers.font_missing",
            Self::FontInvalid { .. } => "papers.font_invalid",
            Self::GlyphMissing { .. } => "papers.glyph_missing",
            Self::TemplateInvalid { .. } => "papers.template_invalid",
            Self::ImageInvalid { .. } => "papers.image_invalid",
            Self::InvalidData(_) => "papers.invalid_data",
            Self::SeriesMismatch(_) => "papers.series_mismatch",
            Self::SeriesExhausted { .. } => "papers.series_exhausted",
            Self::CodeEncoding { .. } => "papers.code_encoding",
        }
    }

    fn details(&self) -> Option<serde_json::Value> {
        match self {
            Self::FontMissing { tried } => Some(serde_json::json!({ "tried": tried })),
            Self::GlyphMissing { codepoint } => Some(serde_json::json!({ "codepoint": codepoint })),
            Self::TemplateInvalid { source_name, .. } => {
                Some(serde_json::json!({ "source": source_name }))
            }
            _ => None,
        }
    }
}

/// Result alias of this crate.
pub type Result<T, E = PapersError> = std::result::Result<T, E>;
