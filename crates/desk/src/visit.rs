//! A visit at the window: the called ticket opens a case that keeps it; the cases opened for
//! the ticket are the visit (reported when the ticket is finished).
//!
//! The hall's queue itself lives in the back office; the shell calls it (`hall_call_next` …)
//! and hands the called ticket here.

use crate::{Desk, DeskError};
use chrono::{DateTime, Utc};
use ow_api::{Called, OfflineServed, Ticket};
use ow_case::{CaseDraft, CaseId, CaseStatus, CaseStep};
use ow_catalog::{AnswerValue, Question, QuestionKind};

/// What F12 brings: the ticket called (if anyone waits) and the case opened for it.
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
pub struct CalledCase {
    pub called: Called,
    pub case: Option<CaseDraft>,
}

/// A decided case under a ticket the clerk typed from the paper (the back office could not
/// call it): the visit's times, for the back office's figures once it is reachable. A typed
/// number that cannot be a ticket (`A023`) is left out: the back office would refuse it.
pub(crate) fn served_offline(case: &CaseDraft, now: DateTime<Utc>) -> Option<OfflineServed> {
    let number = case.ticket.as_deref()?.trim().to_uppercase();
    if case.ticket_called || !ow_api::is_ticket_number(&number) {
        return None;
    }
    Some(OfflineServed {
        number,
        clerk_id: case.owner.as_ref()?.id.clone(),
        started_at: case.created_at,
        ended_at: now,
        cases: case
            .decision
            .as_ref()
            .map(|d| vec![d.case_number.clone()])
            .unwrap_or_default(),
    })
}

/// The answers an appointment brought, as far as the item's questions accept them.
fn answer_from_text(q: &Question, text: &str) -> Option<AnswerValue> {
    let has = |id: &str| q.options.iter().any(|o| o.id == id);
    match q.kind {
        QuestionKind::Single => has(text).then(|| AnswerValue::Choice(text.to_owned())),
        QuestionKind::Multi => {
            let ids: Vec<String> = text
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            ids.iter()
                .all(|i| has(i))
                .then_some(AnswerValue::Choices(ids))
        }
        QuestionKind::YesNo => match text {
            "yes" | "true" => Some(AnswerValue::YesNo(true)),
            "no" | "false" => Some(AnswerValue::YesNo(false)),
            _ => None,
        },
        QuestionKind::Number => text
            .parse::<i32>()
            .ok()
            .filter(|n| q.min.is_none_or(|m| *n >= m) && q.max.is_none_or(|m| *n <= m))
            .map(AnswerValue::Number),
        QuestionKind::Date => text.parse().ok().map(AnswerValue::Date),
    }
}

impl Desk {
    /// Opens the case for a called ticket: its number, its green channel, and what an
    /// appointment brought (the first item it names and the answers given online, for the
    /// clerk to confirm). An answer the item does not accept is left for the clerk.
    pub fn open_case_for_ticket(&self, ticket: &Ticket) -> Result<CaseDraft, DeskError> {
        let draft = self.create_case(Some(ticket.number.clone()))?;
        self.apply_ticket(draft.id, ticket)
    }

    /// The ID number to check an appointment in by at this window: the case's applicant, read
    /// from their card, on a case that has no ticket yet.
    pub fn check_in_id_number(&self, id: CaseId) -> Result<String, DeskError> {
        let draft = self.open_case(id)?;
        if draft.ticket.is_some() {
            return Err(DeskError::CaseHasTicket);
        }
        draft
            .applicant
            .id_number
            .as_ref()
            .map(|n| n.expose().to_owned())
            .filter(|n| !n.is_empty())
            .ok_or(DeskError::NoIdToCheckIn)
    }

    /// Puts a called ticket on case `id`: its number, its green channel, and — when the case
    /// has no item yet — what an appointment brought (the first item it names and the answers
    /// given online, for the clerk to confirm). An answer the item does not accept is left for
    /// the clerk.
    pub fn apply_ticket(&self, id: CaseId, ticket: &Ticket) -> Result<CaseDraft, DeskError> {
        let mut draft = self.open_case(id)?;
        draft.ticket = Some(ticket.number.clone());
        draft.ticket_called = true;
        draft.green = ticket.green.or(draft.green);
        self.store().save_case(&draft)?;
        let Some(appt) = &ticket.appointment else {
            return Ok(draft);
        };
        if draft.item.is_some() {
            return Ok(draft);
        }
        let catalog = self.catalog();
        let Some(item) = appt.items.iter().find_map(|code| catalog.item(code)) else {
            return Ok(draft);
        };
        let code = item.summary().basic_code.clone();
        let mut view = self.choose_item(draft.id, &code)?;
        let questions: Vec<Question> = item.questions().cloned().collect();
        let mut filled = 0;
        for q in &questions {
            if let Some(v) = appt.answers.get(&q.id).and_then(|t| answer_from_text(q, t)) {
                view = self.answer(draft.id, q.id.clone(), Some(v))?;
                filled += 1;
            }
        }
        self.audit(
            Some(draft.id),
            "case.from_appointment",
            serde_json::json!({ "item": code, "answers": filled }),
        )?;
        Ok(view.draft)
    }

    /// Another item for the same visit (一件事, one window): a new case with the same ticket,
    /// applicant, agent and green channel, at the item step. Each item keeps its own checklist,
    /// decision, number and department.
    pub fn add_visit_item(&self, from: CaseId) -> Result<CaseDraft, DeskError> {
        let base = self.case(from)?;
        let mut draft = self.create_case(base.ticket.clone())?;
        draft.ticket_called = base.ticket_called;
        draft.green = base.green;
        draft.applicant = base.applicant.clone();
        draft.agent = base.agent.clone();
        draft.step = CaseStep::Item;
        self.store().save_case(&draft)?;
        self.audit(
            Some(draft.id),
            "case.visit_item",
            serde_json::json!({ "from": from.to_string() }),
        )?;
        Ok(draft)
    }

    /// Takes into this case the pages the visit's other cases already have for the same
    /// material (an ID card, a 户口簿 scanned once), for each checklist line that has none yet.
    /// Their checks come along; a line whose pages pass becomes received. A material a
    /// checklist asks for twice (the applicant's and the spouse's 户口簿) is not guessed at:
    /// only a material once on both checklists is shared.
    pub fn share_visit_pages(&self, id: CaseId) -> Result<crate::MaterialsView, DeskError> {
        let mut draft = self.open_case(id)?;
        let lines = self.lines_by_material(&draft);
        let mut have: std::collections::BTreeSet<String> = self
            .store()
            .case_page_list(id)?
            .into_iter()
            .map(|p| p.line_id)
            .collect();
        let siblings = self.visit_cases(&draft)?;
        let mut shared = Vec::new();
        let once =
            |all: &[(String, String)], m: &str| all.iter().filter(|(_, x)| x == m).count() == 1;
        for sibling in siblings.iter().filter(|c| c.id != id) {
            let pages = self.store().case_page_list(sibling.id)?;
            let theirs = self.lines_by_material(sibling);
            for (their_line, material) in &theirs {
                let n = pages.iter().filter(|p| &p.line_id == their_line).count();
                let Some((line, _)) = lines
                    .iter()
                    .find(|(l, m)| m == material && !have.contains(l))
                else {
                    continue;
                };
                if n == 0 || !once(&lines, material) || !once(&theirs, material) {
                    continue;
                }
                let ids: Vec<String> = (0..n).map(|_| uuid::Uuid::now_v7().to_string()).collect();
                self.store()
                    .copy_line_pages(sibling.id, their_line, &draft, line, &ids)?;
                let pass = self.line_pages_pass(id, line, &[])?;
                crate::scan_pages::settle(&mut draft, line, pass);
                self.store().save_case(&draft)?;
                have.insert(line.clone());
                shared.push(line.clone());
            }
        }
        if !shared.is_empty() {
            self.audit(
                Some(id),
                "materials.shared_in_visit",
                serde_json::json!({ "lines": shared }),
            )?;
        }
        self.materials(id)
    }

    /// The cases of `case`'s visit, oldest first: the signed-in person's under its ticket that
    /// day (a ticket number comes back the next day), or the case alone without a ticket.
    pub(crate) fn visit_cases(&self, case: &CaseDraft) -> Result<Vec<CaseDraft>, DeskError> {
        let Some(number) = &case.ticket else {
            return Ok(vec![case.clone()]);
        };
        let owner = self.current_person().map(|p| p.id);
        let since = case.created_at - chrono::Duration::hours(12);
        let mut cases = self
            .store()
            .cases_for_ticket(owner.as_deref(), number, since)?;
        if !cases.iter().any(|c| c.id == case.id) {
            cases.push(case.clone());
        }
        cases.sort_by_key(|c| c.created_at);
        Ok(cases)
    }

    /// (line id, material id) of a case's checklist as it stands.
    fn lines_by_material(&self, case: &CaseDraft) -> Vec<(String, String)> {
        self.view(case.clone())
            .evaluation
            .map(|e| {
                e.checklist
                    .into_iter()
                    .map(|l| (l.id, l.material))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The window case numbers of the visit: the signed-in person's cases for ticket `number`
    /// opened since `since` and decided (a draft left open is not part of what was done).
    pub fn visit_case_numbers(
        &self,
        number: &str,
        since: DateTime<Utc>,
    ) -> Result<Vec<String>, DeskError> {
        let owner = self.current_person().map(|p| p.id);
        let mut numbers: Vec<(DateTime<Utc>, String)> = self
            .store()
            .cases_for_ticket(owner.as_deref(), number, since)?
            .into_iter()
            .filter(|c| c.status != CaseStatus::Draft && c.status != CaseStatus::Abandoned)
            .filter_map(|c| c.decision.map(|d| (c.created_at, d.case_number)))
            .collect();
        numbers.sort();
        Ok(numbers.into_iter().map(|(_, n)| n).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ow_catalog::ChoiceOption;

    fn question(kind: QuestionKind) -> Question {
        Question {
            id: "q".into(),
            text: "?".into(),
            kind,
            options: vec![
                ChoiceOption {
                    id: "a".into(),
                    label: "A".into(),
                },
                ChoiceOption {
                    id: "b".into(),
                    label: "B".into(),
                },
            ],
            min: Some(1),
            max: Some(9),
            unit: None,
            help: None,
        }
    }

    #[test]
    fn answers_given_online_are_taken_only_as_the_question_accepts_them() {
        let single = question(QuestionKind::Single);
        assert_eq!(
            answer_from_text(&single, "a"),
            Some(AnswerValue::Choice("a".into()))
        );
        assert_eq!(answer_from_text(&single, "z"), None);
        let multi = question(QuestionKind::Multi);
        assert_eq!(
            answer_from_text(&multi, "a, b"),
            Some(AnswerValue::Choices(vec!["a".into(), "b".into()]))
        );
        assert_eq!(answer_from_text(&multi, "a,z"), None);
        let number = question(QuestionKind::Number);
        assert_eq!(answer_from_text(&number, "3"), Some(AnswerValue::Number(3)));
        assert_eq!(answer_from_text(&number, "10"), None);
        let yes_no = question(QuestionKind::YesNo);
        assert_eq!(
            answer_from_text(&yes_no, "no"),
            Some(AnswerValue::YesNo(false))
        );
        assert_eq!(answer_from_text(&yes_no, "maybe"), None);
        let date = question(QuestionKind::Date);
        assert!(answer_from_text(&date, "2026-12-03").is_some());
        assert_eq!(answer_from_text(&date, "31 Feb"), None);
    }
}
