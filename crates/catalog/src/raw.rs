//! The shapes of the YAML files exactly as written, before validation.
//!
//! Fields that a semantic error may point at are `Spanned`, so the error can name the line.
//! Unknown keys are refused (`deny_unknown_fields`): a misspelt key must not be silently ignored.

use marked_yaml::Spanned;
use serde::Deserialize;

use crate::model::{DataSharing, HandlingArea, Necessity, QuestionKind, RejectionKind, TimeUnit};

/// `catalog.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawManifest {
    pub format: Spanned<u32>,
    pub version: Spanned<String>,
    pub title: String,
    #[serde(default)]
    pub issued: Option<Spanned<String>>,
    #[serde(default)]
    pub notes: Option<String>,
}

/// `departments.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDepartments {
    pub departments: Vec<RawDepartment>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDepartment {
    pub id: Spanned<String>,
    pub name: String,
    pub full_name: String,
    pub queue: String,
}

/// `materials.yaml` or `materials/*.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMaterials {
    pub materials: Vec<RawMaterial>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMaterial {
    pub id: Spanned<String>,
    pub name: String,
    #[serde(default)]
    pub issuer: Option<String>,
    pub standard: String,
    #[serde(default)]
    pub points: Vec<String>,
    #[serde(default)]
    pub form: Option<String>,
    #[serde(default)]
    pub sharing: Option<DataSharing>,
    /// Pages one complete scan of it has at least (an ID card: front and back).
    #[serde(default)]
    pub pages: Option<u32>,
}

/// An item file holds either one item or `items:` with several.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawItemList {
    pub items: Vec<RawItem>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTimeLimit {
    #[serde(default)]
    pub amount: u32,
    pub unit: TimeUnit,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawItem {
    pub code: Spanned<String>,
    pub implementation_code: Spanned<String>,
    pub version: String,
    pub name: String,
    pub department: Spanned<String>,
    pub legal_limit: Spanned<RawTimeLimit>,
    pub promised_limit: Spanned<RawTimeLimit>,
    #[serde(default)]
    pub conditions: Vec<String>,
    pub visits: u32,
    #[serde(default)]
    pub fee: bool,
    #[serde(default)]
    pub fee_note: Option<String>,
    pub area: HandlingArea,
    #[serde(default)]
    pub legal_basis: Vec<String>,
    pub refer_to: String,
    #[serde(default)]
    pub keywords: Vec<String>,
    #[serde(default)]
    pub questions: Vec<RawQuestion>,
    pub materials: Vec<RawMaterialLine>,
    #[serde(default)]
    pub not_acceptable: Vec<RawRejection>,
    #[serde(default)]
    pub promised_changes: Vec<RawTimeRule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawOption {
    pub id: Spanned<String>,
    pub label: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawQuestion {
    pub id: Spanned<String>,
    pub ask: String,
    #[serde(rename = "type")]
    pub kind: QuestionKind,
    #[serde(default)]
    pub options: Vec<RawOption>,
    #[serde(default)]
    pub min: Option<i32>,
    #[serde(default)]
    pub max: Option<i32>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub help: Option<String>,
    #[serde(default)]
    pub show_if: Option<Spanned<RawCondition>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMaterialLine {
    /// The library material; also the line id unless `id` is given.
    #[serde(rename = "ref")]
    pub material: Spanned<String>,
    #[serde(default)]
    pub id: Option<Spanned<String>>,
    #[serde(default)]
    pub name: Option<String>,
    /// Whose document it is; by default the applicant's for a plain `id_card` line and the
    /// agent's for `agent_id_card` (a renamed line is somebody else's).
    #[serde(default)]
    pub holder: Option<crate::model::Holder>,
    #[serde(default = "one")]
    pub originals: u32,
    #[serde(default)]
    pub copies: u32,
    #[serde(default)]
    pub necessity: Option<Necessity>,
    #[serde(default)]
    pub when: Option<Spanned<RawCondition>>,
    /// A number question whose answer multiplies the counts (e.g. one per child).
    #[serde(default)]
    pub times: Option<Spanned<String>>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub points: Vec<String>,
    #[serde(default)]
    pub variants: Vec<RawVariant>,
}

fn one() -> u32 {
    1
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawVariant {
    pub when: Spanned<RawCondition>,
    #[serde(default)]
    pub originals: Option<u32>,
    #[serde(default)]
    pub copies: Option<u32>,
    #[serde(default)]
    pub necessity: Option<Necessity>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub points: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRejection {
    pub when: Spanned<RawCondition>,
    #[serde(default = "not_eligible")]
    pub kind: RejectionKind,
    pub reason: String,
    #[serde(default)]
    pub basis: Option<String>,
    #[serde(default)]
    pub refer_to: Option<String>,
}

fn not_eligible() -> RejectionKind {
    RejectionKind::NotEligible
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTimeRule {
    pub when: Spanned<RawCondition>,
    pub promised: Spanned<RawTimeLimit>,
    #[serde(default)]
    pub note: Option<String>,
}

/// A condition as written: either a test on one question (`q` plus one comparison) or a
/// combination (`all`, `any`, `not`). Values stay text until the question's kind is known.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCondition {
    #[serde(default)]
    pub q: Option<Spanned<String>>,
    #[serde(default)]
    pub eq: Option<String>,
    #[serde(default)]
    pub ne: Option<String>,
    #[serde(default, rename = "in")]
    pub one_of: Option<Vec<String>>,
    #[serde(default)]
    pub has: Option<String>,
    #[serde(default)]
    pub lt: Option<String>,
    #[serde(default)]
    pub lte: Option<String>,
    #[serde(default)]
    pub gt: Option<String>,
    #[serde(default)]
    pub gte: Option<String>,
    #[serde(default)]
    pub all: Option<Vec<Spanned<RawCondition>>>,
    #[serde(default)]
    pub any: Option<Vec<Spanned<RawCondition>>>,
    #[serde(default)]
    pub not: Option<Box<Spanned<RawCondition>>>,
}

/// The 1-based line a spanned value starts on (0 when the parser gave no position).
pub(crate) fn line_of<T>(value: &Spanned<T>) -> u32 {
    value
        .span()
        .start()
        .map_or(0, |m| u32::try_from(m.line()).unwrap_or(u32::MAX))
}
