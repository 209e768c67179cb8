//! The back office's intake request for an accepted case, fixed at acceptance.

use crate::DeskError;
use ow_api::{CaseIntake, MaterialRef, OwedMaterial, Party};
use ow_case::{CaseDraft, DecidedLine, ItemChoice, LineMark, Person};
use ow_catalog::AnswerValue;
use std::collections::BTreeMap;

pub(crate) fn party(p: &Person) -> Party {
    Party {
        name: p
            .name
            .as_ref()
            .map(|n| n.expose().to_owned())
            .unwrap_or_default(),
        id_kind: "resident_id".to_owned(),
        id_number: p
            .id_number
            .as_ref()
            .map(|n| n.expose().to_owned())
            .unwrap_or_default(),
        phone: None,
        number_reason: p.number_reason.clone(),
    }
}

fn answer_text(v: &AnswerValue) -> String {
    match v {
        AnswerValue::Choice(c) => c.clone(),
        AnswerValue::Choices(cs) => cs.join(","),
        AnswerValue::YesNo(b) => if *b { "yes" } else { "no" }.to_owned(),
        AnswerValue::Number(n) => n.to_string(),
        AnswerValue::Date(d) => d.to_string(),
    }
}

/// The situation answers as the back office shows them: question → answer, as text.
pub(crate) fn situation(case: &CaseDraft) -> BTreeMap<String, String> {
    case.answers
        .iter()
        .map(|(k, v)| (k.clone(), answer_text(v)))
        .collect()
}

/// A decided line as the back office takes it: with its pages (one PDF per line, by line),
/// or checked by data sharing instead of paper.
pub(crate) fn material_ref(l: &DecidedLine, pages: &BTreeMap<String, Vec<String>>) -> MaterialRef {
    MaterialRef {
        code: l.id.clone(),
        name: l.name.clone(),
        blobs: pages.get(&l.id).cloned().unwrap_or_default(),
        data_check: l.mark == LineMark::DataCheck,
    }
}

/// The request body and the blobs it references (to upload first).
pub(crate) fn intake_for(
    case: &CaseDraft,
    item: &ItemChoice,
    pages: &BTreeMap<String, Vec<String>>,
) -> Result<(CaseIntake, Vec<String>), DeskError> {
    let decision = case.decision.as_ref().ok_or(DeskError::NoItem)?;
    let materials: Vec<MaterialRef> = decision
        .lines
        .iter()
        .filter(|l| l.mark.is_supplied())
        .map(|l| material_ref(l, pages))
        .collect();
    let blobs = materials.iter().flat_map(|m| m.blobs.clone()).collect();
    let intake = CaseIntake {
        window_case_no: decision.case_number.clone(),
        item_code: item.code.clone(),
        item_name: item.name.clone(),
        // The catalog names queues as `backoffice.<id>`; the back office knows them by `<id>`.
        queue: decision
            .queue
            .strip_prefix("backoffice.")
            .unwrap_or(&decision.queue)
            .to_owned(),
        priority: case.priority(),
        // The person who took the case in (only its owner can decide it).
        clerk_id: case
            .owner
            .as_ref()
            .map_or_else(|| "unknown".to_owned(), |o| o.id.clone()),
        applicant: party(&case.applicant),
        agent: case.agent.as_ref().map(party),
        situation: situation(case),
        materials,
        accepted_at: decision.decided_at,
        promised_by: decision.promised_by,
        note: (!case.note.trim().is_empty()).then(|| case.note.clone()),
        owed: decision
            .lines
            .iter()
            .filter(|l| l.mark == LineMark::Deferred)
            .map(|l| OwedMaterial {
                code: l.id.clone(),
                name: l.name.clone(),
                due: decision.owed_by,
            })
            .collect(),
        notice_by: decision.notice_by,
    };
    Ok((intake, blobs))
}
