//! Finding and loading a CJK font, and measuring text with it.
//!
//! No fontconfig: the workstation may be Windows, UOS or Kylin, so we walk a plain list of
//! well-known paths (configurable) and take the first face that really holds Chinese glyphs.

use crate::error::{PapersError, Result};
use printpdf::ParsedFont;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One place a CJK font may live: a file and the face index inside a collection (`.ttc`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct FontCandidate {
    /// The font file.
    pub path: PathBuf,
    /// The face inside a `.ttc` collection (0 for a plain `.ttf`/`.otf`).
    pub index: u32,
}

impl FontCandidate {
    /// A candidate at `path`, face `index`.
    pub fn new(path: impl Into<PathBuf>, index: u32) -> Self {
        Self {
            path: path.into(),
            index,
        }
    }
}

/// The ordered list of font paths to try.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct FontSearch {
    /// Tried in order; the first usable face wins.
    pub candidates: Vec<FontCandidate>,
}

impl Default for FontSearch {
    /// Noto Sans CJK SC (Debian/UOS/Kylin `fonts-noto-cjk`, face 2 = Simplified Chinese),
    /// other distributions' Noto paths, WenQuanYi, then Windows' YaHei, SimSun, SimHei.
    fn default() -> Self {
        let list: [(&str, u32); 12] = [
            ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
            ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
            ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
            (
                "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
                2,
            ),
            (
                "/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc",
                2,
            ),
            ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
            ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
            ("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc", 0),
            ("C:\\Windows\\Fonts\\msyh.ttc", 0),
            ("C:\\Windows\\Fonts\\simsun.ttc", 0),
            ("C:\\Windows\\Fonts\\simhei.ttf", 0),
            ("C:\\Windows\\Fonts\\msyh.ttf", 0),
        ];
        Self {
            candidates: list
                .iter()
                .map(|(p, i)| FontCandidate::new(*p, *i))
                .collect(),
        }
    }
}

impl FontSearch {
    /// A search over exactly these candidates.
    pub fn new(candidates: Vec<FontCandidate>) -> Self {
        Self { candidates }
    }

    /// Puts `candidate` first (e.g. a path from the workstation's configuration).
    pub fn prefer(mut self, candidate: FontCandidate) -> Self {
        self.candidates.insert(0, candidate);
        self
    }

    /// Loads the first usable face. Files that are missing are skipped; a file that exists but
    /// is broken is reported, because silently skipping it would hide a misconfiguration.
    pub fn load(&self) -> Result<CjkFont> {
        for c in &self.candidates {
            if !c.path.is_file() {
                continue;
            }
            return CjkFont::from_file(&c.path, c.index);
        }
        let tried = self
            .candidates
            .iter()
            .map(|c| format!("{}#{}", c.path.display(), c.index))
            .collect::<Vec<_>>()
            .join("; ");
        Err(PapersError::FontMissing { tried })
    }
}

/// A parsed CJK font face, cheap to clone (parsing the 19 MB Noto collection takes ~100 ms, so
/// the app does it once and shares the result).
#[derive(Clone)]
pub struct CjkFont {
    inner: Arc<ParsedFont>,
    units_per_em: f32,
    origin: String,
}

impl std::fmt::Debug for CjkFont {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CjkFont")
            .field("origin", &self.origin)
            .finish()
    }
}

/// Characters a usable face must have: if these are missing it is not a Chinese font.
const PROBE: &str = "受理回执告知书不予";

impl CjkFont {
    /// Loads face `index` of the font file at `path`.
    pub fn from_file(path: &Path, index: u32) -> Result<Self> {
        let bytes = std::fs::read(path).map_err(|e| PapersError::FontInvalid {
            path: path.to_owned(),
            index: index as usize,
            reason: e.to_string(),
        })?;
        Self::from_bytes(&bytes, index, &path.display().to_string()).map_err(|e| {
            PapersError::FontInvalid {
                path: path.to_owned(),
                index: index as usize,
                reason: e.to_string(),
            }
        })
    }

    fn from_bytes(
        bytes: &[u8],
        index: u32,
        origin: &str,
    ) -> std::result::Result<Self, FaceProblem> {
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(bytes, index as usize, &mut warnings)
            .ok_or(FaceProblem::Unreadable)?;
        if let Some(c) = PROBE
            .chars()
            .find(|c| parsed.lookup_glyph_index(*c as u32).is_none())
        {
            return Err(FaceProblem::NoChinese(c));
        }
        let upem = parsed.font_metrics.units_per_em;
        Ok(Self {
            inner: Arc::new(parsed),
            units_per_em: if upem == 0 { 1000.0 } else { f32::from(upem) },
            origin: format!("{origin}#{index}"),
        })
    }

    /// Where the face came from (`path#index`), for logs and diagnostics.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    pub(crate) fn parsed(&self) -> &ParsedFont {
        &self.inner
    }

    /// Advance width of `c` at `size_pt`, or a glyph-missing error.
    pub(crate) fn char_width(&self, c: char, size_pt: f32) -> Result<f32> {
        // Line breaks and tabs never reach the page; treat them as nothing.
        if c.is_control() {
            return Ok(0.0);
        }
        let gid = self
            .inner
            .lookup_glyph_index(c as u32)
            .ok_or(PapersError::GlyphMissing {
                codepoint: c as u32,
            })?;
        let adv = f32::from(self.inner.get_horizontal_advance(gid));
        Ok(adv / self.units_per_em * size_pt)
    }

    /// Width of `text` at `size_pt`, in points.
    pub(crate) fn text_width(&self, text: &str, size_pt: f32) -> Result<f32> {
        text.chars().map(|c| self.char_width(c, size_pt)).sum()
    }
}

/// Why a font face cannot print our papers; becomes the reason of `FontInvalid`.
#[derive(Debug, thiserror::Error)]
enum FaceProblem {
    #[error("not a readable font face")]
    Unreadable,
    #[error("no Chinese glyphs (missing {0})")]
    NoChinese(char),
}
