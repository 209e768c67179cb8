//! The validated catalog as the rest of the app sees it.
//!
//! Everything here is built by the loader from the YAML files and never changes afterwards;
//! a newer catalog is a new value. Types that cross IPC derive `specta::Type`.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::condition::Condition;
use crate::search::SearchIndex;

/// How a time limit is counted. Date arithmetic is the caller's (the working-day calendar).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum TimeUnit {
    /// 当场办结: handed out at the window; the amount is 0.
    #[serde(alias = "当场办结", alias = "即办")]
    OnTheSpot,
    /// 工作日: excludes weekends and legal holidays, includes make-up workdays.
    #[serde(alias = "工作日")]
    WorkingDays,
    /// 自然日.
    #[serde(alias = "自然日")]
    CalendarDays,
    /// 个月 (calendar months).
    #[serde(alias = "个月", alias = "月")]
    Months,
}

/// A time limit with its unit, e.g. 8 working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
pub struct TimeLimit {
    /// How many units; 0 for [`TimeUnit::OnTheSpot`].
    pub amount: u32,
    /// The unit the amount is counted in.
    pub unit: TimeUnit,
}

/// 通办范围: where the item can be handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum HandlingArea {
    /// 全国通办 (跨省通办).
    #[serde(alias = "全国通办", alias = "跨省通办")]
    Nationwide,
    /// 全省通办.
    #[serde(alias = "全省通办")]
    Province,
    /// 全市通办.
    #[serde(alias = "全市通办")]
    City,
    /// 属地办理: only where the applicant's household or property is.
    #[serde(alias = "属地办理")]
    Local,
}

/// Whose document a line is, where the window can tell (an ID card read on the reader then
/// stands for it). Other people's documents (a spouse's, a parent's) have none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Holder {
    #[serde(alias = "申请人")]
    Applicant,
    /// 代办人.
    #[serde(alias = "代办人")]
    Agent,
}

/// How necessary a material is (national schema: 必要 / 非必要 / 容缺).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Necessity {
    /// 必要: needed in every situation of the item.
    #[serde(alias = "必要")]
    Required,
    /// 情形必要: needed because of the answers given.
    #[serde(alias = "情形必要")]
    Conditional,
    /// 容缺: the case may be accepted without it; the applicant supplies it later.
    #[serde(alias = "容缺")]
    Tolerated,
    /// 非必要: helps the review but is never a reason to refuse acceptance.
    #[serde(alias = "非必要")]
    Optional,
}

/// How paper can be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SharingMode {
    /// 数据共享: the clerk checks the shared record instead of taking paper.
    #[serde(alias = "数据共享")]
    DataCheck,
    /// 告知承诺: the applicant signs a commitment; the department verifies afterwards.
    #[serde(alias = "告知承诺")]
    Commitment,
}

/// A way to satisfy a material without paper.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
pub struct DataSharing {
    /// Data check or signed commitment.
    pub mode: SharingMode,
    /// The system or register consulted, e.g. 全国人口信息系统.
    pub source: String,
}

/// A department (部门) and the back-office queue its cases go to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Department {
    /// Stable id used in item files, e.g. `huzheng`.
    pub id: String,
    /// Short name shown at the window, e.g. 户政.
    pub name: String,
    /// Full name printed on papers, e.g. 东莞市公安局户政管理部门.
    pub full_name: String,
    /// The back-office queue accepted cases are forwarded to.
    pub queue: String,
}

/// A material in the shared library (one definition, used by many items).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct MaterialDef {
    /// Stable id, e.g. `hukoubu`.
    pub id: String,
    /// Name as printed, e.g. 居民户口簿.
    pub name: String,
    /// Who issues it (来源), e.g. 公安机关.
    pub issuer: Option<String>,
    /// The standard it must meet; printed on the one-time notice when missing or defective.
    pub standard: String,
    /// 收件要点 every item checks for this material.
    pub points: Vec<String>,
    /// The blank form to fill (空白表格), when there is one.
    pub form: Option<String>,
    /// Data sharing or commitment that can replace the paper.
    pub sharing: Option<DataSharing>,
    /// Pages one complete scan has at least (an ID card: 2, front and back).
    pub pages: Option<u32>,
}

/// The kinds of answer a question takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// One option.
    Single,
    /// Any number of options, including none.
    Multi,
    /// 是 / 否.
    YesNo,
    /// A whole number within `min..=max`.
    Number,
    /// A calendar date.
    Date,
}

/// One option of a single- or multiple-choice question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ChoiceOption {
    /// Stable id used in conditions.
    pub id: String,
    /// What the clerk reads.
    pub label: String,
}

/// A situation question (情形) as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Question {
    /// Stable id used in conditions and answers.
    pub id: String,
    /// The question as the clerk reads it.
    pub text: String,
    /// Answer kind.
    pub kind: QuestionKind,
    /// Options for single and multiple choice.
    pub options: Vec<ChoiceOption>,
    /// Smallest accepted number (number questions).
    pub min: Option<i32>,
    /// Largest accepted number (number questions).
    pub max: Option<i32>,
    /// Unit shown after a number, e.g. 人.
    pub unit: Option<String>,
    /// A hint for the clerk.
    pub help: Option<String>,
}

/// An answer to one question.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum AnswerValue {
    /// The chosen option id.
    Choice(String),
    /// The chosen option ids (multiple choice).
    Choices(Vec<String>),
    /// 是 (true) or 否 (false).
    YesNo(bool),
    /// A whole number.
    Number(i32),
    /// A date.
    Date(NaiveDate),
}

/// The answers given so far, by question id.
pub type Answers = std::collections::BTreeMap<String, AnswerValue>;

/// Why an item cannot be accepted (the ticks of the 不予受理通知书).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum RejectionKind {
    /// 不属于本事项受理范围: tell the applicant which agency to go to.
    #[serde(alias = "不属于受理范围")]
    OutOfRemit,
    /// 申请人不符合申请条件.
    #[serde(alias = "不符合申请条件")]
    NotEligible,
    /// 其他.
    #[serde(alias = "其他")]
    Other,
}

/// A material line of an item before the answers are applied.
#[derive(Debug, Clone)]
pub(crate) struct MaterialLine {
    pub id: String,
    pub def: std::sync::Arc<MaterialDef>,
    pub name: Option<String>,
    pub holder: Option<Holder>,
    pub originals: u32,
    pub copies: u32,
    pub necessity: Necessity,
    pub when: Option<Condition>,
    pub times: Option<usize>,
    pub note: Option<String>,
    pub points: Vec<String>,
    pub variants: Vec<MaterialVariant>,
}

/// A change to a material line that applies when its condition holds.
#[derive(Debug, Clone)]
pub(crate) struct MaterialVariant {
    pub when: Condition,
    pub originals: Option<u32>,
    pub copies: Option<u32>,
    pub necessity: Option<Necessity>,
    pub note: Option<String>,
    pub points: Vec<String>,
}

/// A question with its compiled visibility condition.
#[derive(Debug, Clone)]
pub(crate) struct QuestionRule {
    pub question: Question,
    pub show_if: Option<Condition>,
}

/// A condition that makes the item unacceptable.
#[derive(Debug, Clone)]
pub(crate) struct RejectionRule {
    pub when: Condition,
    pub kind: RejectionKind,
    pub reason: String,
    pub basis: Option<String>,
    pub refer_to: Option<String>,
}

/// A condition that changes the promised time limit.
#[derive(Debug, Clone)]
pub(crate) struct TimeRule {
    pub when: Condition,
    pub promised: TimeLimit,
    pub note: Option<String>,
}

/// Where an item came from, for error messages and the reviewer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SourceRef {
    /// The catalog file, relative to the catalog root.
    pub file: String,
    /// 1-based line of the item's `code`.
    pub line: u32,
}

/// A service item (事项) with its implementation-list fields and situation rules.
#[derive(Debug, Clone)]
pub struct Item {
    pub(crate) info: ItemSummary,
    pub(crate) questions: Vec<QuestionRule>,
    /// Question indexes in an order where every question comes after those it depends on.
    pub(crate) eval_order: Vec<usize>,
    pub(crate) materials: Vec<MaterialLine>,
    pub(crate) rejections: Vec<RejectionRule>,
    pub(crate) time_rules: Vec<TimeRule>,
}

impl Item {
    /// The implementation-list fields of the item.
    pub fn summary(&self) -> &ItemSummary {
        &self.info
    }

    /// The situation questions, in the order they are asked.
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.questions.iter().map(|q| &q.question)
    }

    /// The basic code (基本编码).
    pub fn code(&self) -> &str {
        &self.info.basic_code
    }
}

/// The implementation-list fields of an item (实施清单), as the UI shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ItemSummary {
    /// 基本编码, 12 characters.
    pub basic_code: String,
    /// 实施编码, 36 characters.
    pub implementation_code: String,
    /// The version of this item's rules; a case keeps the version it was accepted under.
    pub version: String,
    /// 事项名称.
    pub name: String,
    /// Department id.
    pub department: String,
    /// Department short name, e.g. 户政.
    pub department_name: String,
    /// The back-office queue accepted cases go to.
    pub queue: String,
    /// 法定办结时限.
    pub legal_limit: TimeLimit,
    /// 承诺办结时限 before the answers change it.
    pub promised_limit: TimeLimit,
    /// 受理条件.
    pub conditions: Vec<String>,
    /// 到办事现场次数.
    pub visits: u32,
    /// Whether a fee is charged (是否收费).
    pub fee: bool,
    /// What the fee is, when there is one.
    pub fee_note: Option<String>,
    /// 通办范围.
    pub area: HandlingArea,
    /// 设定依据 / 法律依据.
    pub legal_basis: Vec<String>,
    /// Where to send an applicant whose case is outside this item's remit.
    pub refer_to: String,
    /// Extra words the clerk may search by.
    pub keywords: Vec<String>,
    /// Where the item is defined.
    pub source: SourceRef,
}

/// A validated catalog version. Built only by the loader; replace it whole, never mutate it.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub(crate) version: String,
    pub(crate) title: String,
    pub(crate) issued: Option<NaiveDate>,
    pub(crate) notes: Option<String>,
    pub(crate) departments: Vec<Department>,
    pub(crate) materials: Vec<MaterialDef>,
    pub(crate) items: Vec<Item>,
    pub(crate) by_code: HashMap<String, usize>,
    pub(crate) search: SearchIndex,
}

impl Catalog {
    /// The catalog version from `catalog.yaml`.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The catalog title from `catalog.yaml`.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The date the version was issued, when the manifest says.
    pub fn issued(&self) -> Option<NaiveDate> {
        self.issued
    }

    /// The manifest's notes for reviewers, when there are any.
    pub fn notes(&self) -> Option<&str> {
        self.notes.as_deref()
    }

    /// All departments, sorted by id.
    pub fn departments(&self) -> &[Department] {
        &self.departments
    }

    /// The shared material library, sorted by id.
    pub fn materials(&self) -> &[MaterialDef] {
        &self.materials
    }

    /// All items, in load order.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// An item by its basic code (基本编码) or implementation code (实施编码).
    pub fn item(&self, code: &str) -> Option<&Item> {
        self.by_code.get(code).and_then(|&i| self.items.get(i))
    }
}
