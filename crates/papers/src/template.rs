//! Templates as data: the hall's name, images, wording and addresses live in TOML, embedded by
//! default and overridable key by key from a folder, so a hall changes them without a rebuild.

use crate::error::{PapersError, Result};
use printpdf::RawImage;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The embedded default template.
const DEFAULT_TOML: &str = include_str!("../templates/default.toml");

/// The file a hall puts in its template folder.
pub const OVERRIDE_FILE: &str = "papers.toml";

/// Hall details.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hall {
    /// Hall name, the heading of every paper.
    pub name: String,
    /// The issuing agency (whose seal the paper carries).
    pub agency: String,
    /// Street address.
    pub address: String,
    /// Telephone.
    pub phone: String,
    /// Logo image file, relative to the template folder; empty for none.
    pub logo: String,
    /// Seal image file, relative to the template folder; empty for none.
    pub seal: String,
}

/// Progress query.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// Query page; the QR code carries `{url}?case={case_number}`.
    pub url: String,
    /// Sentence beside the QR code.
    pub hint: String,
}

/// Result collection.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Collection {
    /// Default wording; `{address}` is the hall address.
    pub default: String,
}

/// A single line of text.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mark {
    /// The text.
    pub text: String,
}

/// 受理回执 wording.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceiptText {
    pub title: String,
    pub basis: String,
    pub intro: String,
    /// The promised limit in working days (`{days}`, `{due_date}`).
    pub deadline: String,
    /// … in natural days (自然日).
    pub deadline_calendar_days: String,
    /// … in months.
    pub deadline_months: String,
    /// … finished on the spot (当场办结).
    pub deadline_on_the_spot: String,
    pub pending_upload: String,
    pub confirmed: String,
}

/// 一次性告知书 wording.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoticeText {
    pub title: String,
    pub intro: String,
    pub legal_basis: String,
    pub five_day_rule: String,
    pub receipt_line: String,
}

/// 不予受理通知书 wording.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RejectionText {
    pub title: String,
    pub intro: String,
    pub out_of_remit: String,
    pub not_supplied: String,
    pub still_non_compliant: String,
    pub not_eligible: String,
    pub other: String,
    pub reconsideration_body: String,
    pub court: String,
    pub remedy: String,
}

/// 物料流转凭证 wording.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoucherText {
    pub title: String,
    pub note: String,
}

/// 办事回执 (a visit with several items). A hall template without it gets these words.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VisitText {
    pub title: String,
    /// `{count}`: how many items.
    pub intro: String,
    pub note: String,
}

impl Default for VisitText {
    fn default() -> Self {
        Self {
            title: "办事回执".into(),
            intro: "您本次在本窗口共办理 {count} 个事项，各事项的办理结果、办件编号及承诺办结日期如下。".into(),
            note: "各事项分别办理、分别出件；凭办件编号可查询办理进度。需补正的事项请按一次性告知书补齐后办理。".into(),
        }
    }
}

/// 领取凭证 wording. A hall template without it gets these words.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PickupText {
    pub title: String,
    pub note: String,
}

impl Default for PickupText {
    fn default() -> Self {
        Self {
            title: "领取凭证".into(),
            note: "领取人已核对办理结果及证件、文书，无误后签字。本凭证由窗口留存备查。".into(),
        }
    }
}

/// 好差评 later: the hint beside the QR code that opens the rating page. A hall template
/// without it gets these words.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatingText {
    pub hint: String,
}

impl Default for RatingText {
    fn default() -> Self {
        Self {
            hint: "扫描二维码，对本次服务进行评价（好差评）；如已在窗口评价，无需再评".into(),
        }
    }
}

/// Every text of the template, as read from TOML.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateText {
    pub hall: Hall,
    pub query: Query,
    pub collection: Collection,
    pub watermark: Mark,
    pub reprint: Mark,
    pub receipt: ReceiptText,
    pub notice: NoticeText,
    pub rejection: RejectionText,
    pub voucher: VoucherText,
    #[serde(default)]
    pub visit: VisitText,
    #[serde(default)]
    pub rating: RatingText,
    #[serde(default)]
    pub pickup: PickupText,
}

/// A loaded template: texts plus decoded images.
#[derive(Clone)]
pub struct Templates {
    /// The texts.
    pub text: TemplateText,
    pub(crate) logo: Option<RawImage>,
    pub(crate) seal: Option<RawImage>,
    source: String,
}

impl std::fmt::Debug for Templates {
    // Decoded images are megabytes of pixels: name them, do not dump them.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates")
            .field("source", &self.source)
            .field("hall", &self.text.hall.name)
            .field("logo", &self.logo.is_some())
            .field("seal", &self.seal.is_some())
            .finish()
    }
}

impl Templates {
    /// The embedded default template.
    pub fn embedded() -> Result<Self> {
        let table = parse_table(DEFAULT_TOML, "embedded")?;
        Self::from_table(table, None, "embedded".to_owned())
    }

    /// The default template overridden by `dir/papers.toml` (any subset of keys) with images
    /// resolved in `dir`. A folder without `papers.toml` gives the default texts.
    pub fn load(dir: &Path) -> Result<Self> {
        let mut table = parse_table(DEFAULT_TOML, "embedded")?;
        let file = dir.join(OVERRIDE_FILE);
        let source = file.display().to_string();
        if file.is_file() {
            let text =
                std::fs::read_to_string(&file).map_err(|e| PapersError::TemplateInvalid {
                    source_name: source.clone(),
                    reason: e.to_string(),
                })?;
            merge(&mut table, parse_table(&text, &source)?);
        }
        Self::from_table(table, Some(dir), source)
    }

    /// Parses a complete template from TOML text (tests and tools).
    pub fn from_toml_str(text: &str, image_dir: Option<&Path>) -> Result<Self> {
        let mut table = parse_table(DEFAULT_TOML, "embedded")?;
        merge(&mut table, parse_table(text, "string")?);
        Self::from_table(table, image_dir, "string".to_owned())
    }

    fn from_table(table: toml::Table, dir: Option<&Path>, source: String) -> Result<Self> {
        let text: TemplateText =
            toml::Value::Table(table)
                .try_into()
                .map_err(|e: toml::de::Error| PapersError::TemplateInvalid {
                    source_name: source.clone(),
                    reason: e.to_string(),
                })?;
        validate(&text).map_err(|e| PapersError::TemplateInvalid {
            source_name: source.clone(),
            reason: e.to_string(),
        })?;
        let logo = load_image(dir, &text.hall.logo)?;
        let seal = load_image(dir, &text.hall.seal)?;
        Ok(Self {
            text,
            logo,
            seal,
            source,
        })
    }

    /// Where the template came from (`embedded` or the override file).
    pub fn source(&self) -> &str {
        &self.source
    }
}

fn parse_table(text: &str, source: &str) -> Result<toml::Table> {
    text.parse::<toml::Table>()
        .map_err(|e| PapersError::TemplateInvalid {
            source_name: source.to_owned(),
            reason: e.to_string(),
        })
}

/// Deep merge: tables merge key by key, anything else is replaced.
fn merge(base: &mut toml::Table, over: toml::Table) {
    for (k, v) in over {
        match (base.get_mut(&k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

fn load_image(dir: Option<&Path>, name: &str) -> Result<Option<RawImage>> {
    if name.trim().is_empty() {
        return Ok(None);
    }
    let path: PathBuf = match dir {
        Some(d) => d.join(name),
        None => PathBuf::from(name),
    };
    let bytes = std::fs::read(&path).map_err(|e| PapersError::ImageInvalid {
        path: path.clone(),
        reason: e.to_string(),
    })?;
    let mut warnings = Vec::new();
    RawImage::decode_from_bytes(&bytes, &mut warnings)
        .map(Some)
        .map_err(|reason| PapersError::ImageInvalid { path, reason })
}

/// A wording whose placeholders do not fit; becomes the reason of `TemplateInvalid`.
#[derive(Debug, thiserror::Error)]
pub(crate) enum PlaceholderError {
    #[error("unclosed placeholder in {0:?}")]
    Unclosed(String),
    #[error("unknown placeholder {{{key}}} in {text:?}")]
    Unknown { key: String, text: String },
    #[error("stray '}}' in {0:?}")]
    StrayBrace(String),
}

/// Fills `{key}` placeholders. `{{` and `}}` print literal braces. An unknown key is an error.
pub(crate) fn fill(
    text: &str,
    values: &[(&str, &str)],
) -> std::result::Result<String, PlaceholderError> {
    let mut out = String::with_capacity(text.len() + 32);
    let mut rest = text;
    while let Some(pos) = rest.find(['{', '}']) {
        out.push_str(&rest[..pos]);
        let tail = &rest[pos..];
        if let Some(t) = tail.strip_prefix("{{") {
            out.push('{');
            rest = t;
        } else if let Some(t) = tail.strip_prefix("}}") {
            out.push('}');
            rest = t;
        } else if let Some(t) = tail.strip_prefix('{') {
            let end = t
                .find('}')
                .ok_or_else(|| PlaceholderError::Unclosed(text.to_owned()))?;
            let key = &t[..end];
            let value = values
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| *v)
                .ok_or_else(|| PlaceholderError::Unknown {
                    key: key.to_owned(),
                    text: text.to_owned(),
                })?;
            out.push_str(value);
            rest = &t[end + 1..];
        } else {
            return Err(PlaceholderError::StrayBrace(text.to_owned()));
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// Fill for a template already validated at load time: an error here is a bug in the caller's
/// key list, reported as a template error rather than a panic.
pub(crate) fn fill_checked(text: &str, values: &[(&str, &str)]) -> Result<String> {
    fill(text, values).map_err(|e| PapersError::TemplateInvalid {
        source_name: "loaded".to_owned(),
        reason: e.to_string(),
    })
}

/// Checks every wording only uses the placeholders its paper provides.
fn validate(t: &TemplateText) -> std::result::Result<(), PlaceholderError> {
    let checks: [(&str, &[&str]); 16] = [
        (&t.collection.default, &["address"]),
        (
            &t.receipt.intro,
            &["applicant", "applied_at", "item", "basis"],
        ),
        (&t.receipt.deadline, &["days", "due_date"]),
        (&t.receipt.deadline_calendar_days, &["days", "due_date"]),
        (&t.receipt.deadline_months, &["days", "due_date"]),
        (&t.receipt.deadline_on_the_spot, &["days", "due_date"]),
        (&t.notice.intro, &["applicant", "applied_on", "item"]),
        (&t.notice.five_day_rule, &[]),
        (&t.notice.receipt_line, &[]),
        (&t.rejection.intro, &["applicant", "applied_on", "item"]),
        (&t.rejection.out_of_remit, &["department"]),
        (&t.rejection.not_supplied, &["notice"]),
        (&t.rejection.still_non_compliant, &[]),
        (&t.rejection.not_eligible, &[]),
        (&t.rejection.remedy, &["reconsideration_body", "court"]),
        (&t.voucher.note, &[]),
    ];
    for (text, keys) in checks {
        let values: Vec<(&str, &str)> = keys.iter().map(|k| (*k, "x")).collect();
        fill(text, &values)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_template_loads() {
        let t = Templates::embedded().unwrap();
        assert_eq!(t.text.receipt.title, "受理回执");
        assert!(t.logo.is_none());
    }

    #[test]
    fn folder_overrides_only_the_keys_it_names() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(OVERRIDE_FILE),
            "[hall]\nname = \"大朗镇政务服务中心\"\n[query]\nurl = \"https://q.example/x\"\n",
        )
        .unwrap();
        let t = Templates::load(dir.path()).unwrap();
        assert_eq!(t.text.hall.name, "大朗镇政务服务中心");
        assert_eq!(t.text.query.url, "https://q.example/x");
        assert_eq!(t.text.notice.title, "一次性告知书");
    }

    #[test]
    fn unknown_placeholders_and_keys_are_rejected_at_load() {
        let err =
            Templates::from_toml_str("[receipt]\ndeadline = \"{dayz} 天\"\n", None).unwrap_err();
        assert_eq!(ow_error::ErrorCode::code(&err), "papers.template_invalid");
        assert!(err.to_string().contains("dayz"));
        let err = Templates::from_toml_str("[hall]\nnmae = \"x\"\n", None).unwrap_err();
        assert_eq!(ow_error::ErrorCode::code(&err), "papers.template_invalid");
    }

    #[test]
    fn missing_image_is_a_typed_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(OVERRIDE_FILE),
            "[hall]\nseal = \"seal.png\"\n",
        )
        .unwrap();
        let err = Templates::load(dir.path()).unwrap_err();
        assert_eq!(ow_error::ErrorCode::code(&err), "papers.image_invalid");
    }

    #[test]
    fn fill_handles_braces() {
        assert_eq!(fill("{a}-{{b}}", &[("a", "1")]).unwrap(), "1-{b}");
        assert!(fill("{a", &[("a", "1")]).is_err());
        assert!(fill("a}", &[]).is_err());
    }
}
