//! Drafts and the edits the UI sends while the clerk works.

use chrono::{DateTime, Utc};
use ow_api::{GreenReason, Priority};
use ow_catalog::Answers;
use ow_pii::{IdNumber, PersonName};
use serde::{Deserialize, Serialize};
use specta::Type;
use uuid::Uuid;

/// A case's local identity (UUID v7: sortable by creation time, unique without a server).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Type,
)]
#[serde(transparent)]
pub struct CaseId(#[specta(type = String)] Uuid);

impl CaseId {
    /// A fresh id.
    pub fn new() -> Self {
        Self(Uuid::now_v7())
    }
    /// An id made elsewhere (e.g. derived from a number another window printed).
    pub fn from_uuid(id: Uuid) -> Self {
        Self(id)
    }
    /// Parses the text form.
    pub fn parse(s: &str) -> Option<Self> {
        Uuid::parse_str(s).ok().map(Self)
    }
}

impl Default for CaseId {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Display for CaseId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// The intake steps, in the order the clerk normally walks them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum CaseStep {
    Applicant,
    Item,
    Materials,
    Decision,
    Paper,
    Forward,
}

impl CaseStep {
    /// Every step in order.
    pub const ALL: [CaseStep; 6] = [
        CaseStep::Applicant,
        CaseStep::Item,
        CaseStep::Materials,
        CaseStep::Decision,
        CaseStep::Paper,
        CaseStep::Forward,
    ];
}

/// Where the case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    /// Being worked on at the window.
    Draft,
    /// Dropped by the clerk before a decision (kept for the audit trail until purged).
    Abandoned,
    /// Accepted (受理): forwarded to the back office through the outbox.
    Accepted,
    /// A one-time notice (一次性告知) was issued; the applicant comes back with the rest.
    Noticed,
    /// Rejected (不予受理).
    Rejected,
    /// A supplement (补正材料) for a case the department returned, sent through the outbox.
    Supplemented,
}

impl CaseStatus {
    /// Whether the case still takes edits (only drafts do).
    pub fn is_open(self) -> bool {
        self == Self::Draft
    }
}

/// How a person's identity got into the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type, Default)]
#[serde(rename_all = "snake_case")]
pub enum IdentitySource {
    /// Typed by the clerk; marked as such on the case and in the audit trail.
    #[default]
    Manual,
    /// Read from a SAM ID-card reader.
    SamReader,
    /// Read from an ICAO 9303 chip.
    Chip,
}

/// A person on the case: the applicant or the agent (代办人).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
pub struct Person {
    pub name: Option<PersonName>,
    pub id_number: Option<IdNumber>,
    pub source: IdentitySource,
    /// The document read for this person (`None` when typed in or read before documents).
    #[serde(default)]
    pub document: Option<crate::IdentityDocument>,
    /// Why the clerk kept a typed number that fails its check (GB 11643): recorded on the
    /// case and in the audit trail. Cleared whenever the number changes.
    #[serde(default)]
    pub number_reason: Option<String>,
}

impl Person {
    /// Whether nothing has been entered.
    pub fn is_blank(&self) -> bool {
        self.name.as_ref().is_none_or(PersonName::is_empty)
            && self.id_number.as_ref().is_none_or(IdNumber::is_empty)
    }
}

/// The case as the window holds it while the clerk works.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct CaseDraft {
    pub id: CaseId,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub step: CaseStep,
    pub status: CaseStatus,
    /// The queue ticket being served (e.g. `A023`), when there is one.
    pub ticket: Option<String>,
    /// The ticket was called through the back office (F12); otherwise the clerk typed it from
    /// the paper ticket, and the visit's times are reported to the back office later.
    #[serde(default)]
    pub ticket_called: bool,
    pub applicant: Person,
    pub agent: Option<Person>,
    /// The service item, once chosen, with the version of its rules the case follows.
    pub item: Option<ItemChoice>,
    /// The situation answers so far, by question id.
    pub answers: Answers,
    /// Free notes by the clerk.
    pub note: String,
    /// What the clerk recorded for each checklist line, by line id.
    #[serde(default)]
    pub materials: std::collections::BTreeMap<String, crate::LineMark>,
    /// The decision, once made.
    #[serde(default)]
    pub decision: Option<crate::CaseDecision>,
    /// The signed-in person whose case this is: only they continue it (a shift lead may move
    /// it). `None` only for cases made before sign-in existed.
    #[serde(default)]
    pub owner: Option<Staff>,
    /// Served first (绿色通道): from the ticket, or set by the clerk after the ID read. The
    /// department queue gets it as the case's priority.
    #[serde(default)]
    pub green: Option<GreenReason>,
    /// The earlier case this one carries on: a notice the citizen came back with, or a case
    /// the department returned for supplement.
    #[serde(default)]
    pub follows: Option<FollowUp>,
}

/// What kind of earlier case a case carries on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum FollowKind {
    /// The citizen came back with what a one-time notice (一次性告知) listed: a new
    /// application that keeps the notice's answers and the materials already received.
    Notice,
    /// The department returned the accepted case for supplement (补正): the new pages go to the
    /// same back-office case, not to a new one.
    Supplement,
    /// The citizen brings a material owed (容缺) since the acceptance: its pages join the
    /// back-office case where it is.
    Owed,
}

impl FollowKind {
    /// Pages sent to an existing back-office case, not a new application.
    pub fn is_supplement(self) -> bool {
        matches!(self, Self::Supplement | Self::Owed)
    }
}

/// The earlier case a case carries on, as the clerk and the papers name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct FollowUp {
    pub kind: FollowKind,
    /// The earlier case on this workstation.
    pub case_id: CaseId,
    /// Its number on the citizen's paper.
    pub window_case_no: String,
    /// The notice's (or the receipt's) document number.
    pub document_number: String,
    /// For a supplement: the back office's case number.
    pub backoffice_number: Option<String>,
    /// For a supplement: why the department returned it.
    pub reasons: Vec<String>,
    /// For a notice: the lines taken over as brought at the first visit.
    #[serde(default)]
    pub carried_lines: Vec<String>,
}

/// A staff member as a case records them: account (工号) and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Staff {
    pub id: String,
    pub name: String,
}

/// The service item a case is for. The version is kept so a case is always judged by the
/// rules it was taken under, even after the catalog changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ItemChoice {
    /// 基本编码.
    pub code: String,
    /// The item's rule version at the time it was chosen.
    pub version: String,
    /// 事项名称, for lists and papers.
    pub name: String,
}

impl CaseDraft {
    /// A new, empty draft at the first step.
    pub fn new(now: DateTime<Utc>) -> Self {
        Self {
            id: CaseId::new(),
            created_at: now,
            updated_at: now,
            step: CaseStep::Applicant,
            status: CaseStatus::Draft,
            ticket: None,
            ticket_called: false,
            applicant: Person::default(),
            agent: None,
            item: None,
            answers: Answers::new(),
            note: String::new(),
            materials: Default::default(),
            decision: None,
            owner: None,
            green: None,
            follows: None,
        }
    }

    /// How the department queue orders the case.
    pub fn priority(&self) -> Priority {
        if self.green.is_some() {
            Priority::GreenChannel
        } else {
            Priority::Normal
        }
    }

    /// Chooses the item. Choosing a different item (or another version of it) starts the
    /// situation questions afresh; choosing the same one keeps the answers.
    pub fn choose_item(&mut self, item: ItemChoice, now: DateTime<Utc>) {
        if self.item.as_ref() != Some(&item) {
            self.answers.clear();
        }
        self.item = Some(item);
        self.updated_at = now;
    }

    /// Records what was received for one checklist line.
    pub fn mark_line(&mut self, line: String, mark: crate::LineMark, now: DateTime<Utc>) {
        if mark == crate::LineMark::Pending {
            self.materials.remove(&line);
        } else {
            self.materials.insert(line, mark);
        }
        self.updated_at = now;
    }

    /// Sets (or with `None`, clears) one situation answer.
    pub fn answer(
        &mut self,
        question: String,
        value: Option<ow_catalog::AnswerValue>,
        now: DateTime<Utc>,
    ) {
        match value {
            Some(v) => {
                self.answers.insert(question, v);
            }
            None => {
                self.answers.remove(&question);
            }
        }
        self.updated_at = now;
    }

    /// Applies an edit from the UI. Fields left `None` in the edit are unchanged.
    pub fn apply(&mut self, edit: CaseEdit, now: DateTime<Utc>) {
        if let Some(step) = edit.step {
            self.step = step;
        }
        if let Some(ticket) = edit.ticket {
            self.ticket = non_empty(ticket);
            self.ticket_called = false;
        }
        if let Some(name) = edit.applicant_name {
            self.applicant.name = non_empty(name).map(PersonName::new);
            self.applicant.source = IdentitySource::Manual;
            self.applicant.document = None;
        }
        if let Some(number) = edit.applicant_id_number {
            self.applicant.id_number = non_empty(number).map(IdNumber::new);
            self.applicant.source = IdentitySource::Manual;
            self.applicant.document = None;
            self.applicant.number_reason = None;
        }
        if let Some(reason) = edit.applicant_number_reason {
            self.applicant.number_reason = non_empty(reason);
        }
        if let Some(note) = edit.note {
            self.note = note;
        }
        if let Some(green) = edit.green {
            self.green = GreenReason::parse(green.trim());
        }
        self.updated_at = now;
    }

    /// A short line for lists: no personal data beyond what the clerk's screen shows.
    pub fn summary(&self) -> CaseSummary {
        CaseSummary {
            id: self.id,
            created_at: self.created_at,
            updated_at: self.updated_at,
            step: self.step,
            status: self.status,
            ticket: self.ticket.clone(),
            applicant_name: self.applicant.name.clone(),
            item_name: self.item.as_ref().map(|i| i.name.clone()),
            case_number: self.decision.as_ref().map(|d| d.case_number.clone()),
        }
    }
}

/// An edit from the UI (autosave). Each `Some` replaces the field; an empty string clears it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
pub struct CaseEdit {
    pub step: Option<CaseStep>,
    pub ticket: Option<String>,
    pub applicant_name: Option<String>,
    pub applicant_id_number: Option<String>,
    /// Why a typed number that fails its check stands (see [`Person::number_reason`]); an
    /// empty string clears it.
    #[serde(default)]
    pub applicant_number_reason: Option<String>,
    pub note: Option<String>,
    /// A green-channel reason (`senior`, `minor`, …); an empty string clears it. The desk
    /// refuses a name that is not a reason.
    #[serde(default)]
    pub green: Option<String>,
}

impl CaseEdit {
    /// Whether the edit only moves between steps (allowed on a decided case, to look back).
    pub fn is_navigation_only(&self) -> bool {
        self.ticket.is_none()
            && self.applicant_name.is_none()
            && self.applicant_id_number.is_none()
            && self.applicant_number_reason.is_none()
            && self.note.is_none()
            && self.green.is_none()
    }

    /// Whether `green` names a reason or clears it.
    pub fn green_is_valid(&self) -> bool {
        self.green
            .as_deref()
            .is_none_or(|g| g.trim().is_empty() || GreenReason::parse(g.trim()).is_some())
    }
}

/// One line of the case list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct CaseSummary {
    pub id: CaseId,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub step: CaseStep,
    pub status: CaseStatus,
    pub ticket: Option<String>,
    pub applicant_name: Option<PersonName>,
    pub item_name: Option<String>,
    /// Set once decided.
    pub case_number: Option<String>,
}

fn non_empty(s: String) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn edits_change_only_what_they_name_and_mark_manual_entry() {
        let mut d = CaseDraft::new(t("2026-03-02T09:00:00Z"));
        d.applicant.source = IdentitySource::SamReader;
        d.apply(
            CaseEdit {
                applicant_name: Some(" 王小明 ".into()),
                ..Default::default()
            },
            t("2026-03-02T09:01:00Z"),
        );
        assert_eq!(
            d.applicant.name.as_ref().map(|n| n.expose()),
            Some("王小明")
        );
        assert_eq!(d.applicant.source, IdentitySource::Manual);
        assert_eq!(d.step, CaseStep::Applicant);
        assert_eq!(d.updated_at, t("2026-03-02T09:01:00Z"));
        assert_eq!(d.created_at, t("2026-03-02T09:00:00Z"));
    }

    #[test]
    fn an_empty_string_clears_a_field() {
        let mut d = CaseDraft::new(Utc::now());
        d.apply(
            CaseEdit {
                ticket: Some("A023".into()),
                ..Default::default()
            },
            Utc::now(),
        );
        assert_eq!(d.ticket.as_deref(), Some("A023"));
        d.apply(
            CaseEdit {
                ticket: Some("  ".into()),
                ..Default::default()
            },
            Utc::now(),
        );
        assert_eq!(d.ticket, None);
        assert!(d.applicant.is_blank());
    }

    #[test]
    fn choosing_another_item_starts_the_questions_afresh() {
        let mut d = CaseDraft::new(Utc::now());
        let tkpo = ItemChoice {
            code: "000173001001".into(),
            version: "3".into(),
            name: "投靠配偶".into(),
        };
        d.choose_item(tkpo.clone(), Utc::now());
        d.answer(
            "origin".into(),
            Some(ow_catalog::AnswerValue::Choice("in_province".into())),
            Utc::now(),
        );
        d.choose_item(tkpo.clone(), Utc::now());
        assert_eq!(d.answers.len(), 1, "the same item keeps its answers");
        d.choose_item(
            ItemChoice {
                code: "000173001002".into(),
                ..tkpo
            },
            Utc::now(),
        );
        assert!(d.answers.is_empty());
        d.answer(
            "x".into(),
            Some(ow_catalog::AnswerValue::YesNo(true)),
            Utc::now(),
        );
        d.answer("x".into(), None, Utc::now());
        assert!(d.answers.is_empty());
    }

    #[test]
    fn ids_sort_by_creation() {
        let a = CaseId::new();
        let b = CaseId::new();
        assert!(a < b);
        assert_eq!(CaseId::parse(&a.to_string()), Some(a));
    }

    #[test]
    fn debug_output_of_a_draft_masks_personal_data() {
        let mut d = CaseDraft::new(Utc::now());
        d.apply(
            CaseEdit {
                applicant_name: Some("王小明".into()),
                applicant_id_number: Some("11010519491231002X".into()),
                ..Default::default()
            },
            Utc::now(),
        );
        let dbg = format!("{d:?}");
        assert!(!dbg.contains("小明"), "{dbg}");
        assert!(!dbg.contains("19491231"), "{dbg}");
    }
}
