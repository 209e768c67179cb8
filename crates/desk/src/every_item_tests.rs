//! Every item of the built-in catalog can be taken in at a sandbox window and reaches its
//! department's queue in the embedded back office (a new user once found five departments'
//! cases refused with `backoffice.unknown_queue`).

use crate::reference_tests::signed_in_client;
use crate::test_support::{accept_all_received, as_clerk};
use crate::Desk;
use ow_catalog::{AnswerValue, Answers, Catalog, Decision, Question, QuestionKind};
use ow_config::{Backoffice, Config};
use ow_sync::{Forwarder, ForwarderSettings, WorkstationSession};

/// Answers to try for a question, most ordinary first.
fn candidates(q: &Question) -> Vec<AnswerValue> {
    match q.kind {
        QuestionKind::Single => q
            .options
            .iter()
            .map(|o| AnswerValue::Choice(o.id.clone()))
            .collect(),
        QuestionKind::Multi => std::iter::once(AnswerValue::Choices(Vec::new()))
            .chain(
                q.options
                    .iter()
                    .map(|o| AnswerValue::Choices(vec![o.id.clone()])),
            )
            .collect(),
        QuestionKind::YesNo => vec![AnswerValue::YesNo(false), AnswerValue::YesNo(true)],
        QuestionKind::Number => {
            let lo = q.min.unwrap_or(0);
            let hi = q.max.unwrap_or(lo.saturating_add(10));
            let mut v = vec![lo.max(1).min(hi), lo, hi];
            v.dedup();
            v.into_iter().map(AnswerValue::Number).collect()
        }
        QuestionKind::Date => {
            let today = chrono::Local::now().date_naive();
            vec![
                AnswerValue::Date(today - chrono::Duration::days(30)),
                AnswerValue::Date(today - chrono::Duration::days(3650)),
            ]
        }
    }
}

/// A path of answers, in asking order, that makes the item acceptable (depth first; the
/// catalog's engine is the judge, so the search needs no knowledge of any item).
fn acceptable_path(
    catalog: &Catalog,
    code: &str,
    path: &mut Vec<(String, AnswerValue)>,
    budget: &mut u32,
) -> bool {
    if *budget == 0 {
        return false;
    }
    *budget -= 1;
    let answers: Answers = path.iter().cloned().collect();
    let Some(eval) = catalog.evaluate(code, &answers) else {
        return false;
    };
    match eval.decision {
        Decision::Acceptable => return true,
        Decision::NotAcceptable { .. } => return false,
        Decision::Incomplete { .. } => {}
    }
    let Some(q) = eval.next_questions.first() else {
        return false;
    };
    for v in candidates(q) {
        path.push((q.id.clone(), v));
        if acceptable_path(catalog, code, path, budget) {
            return true;
        }
        path.pop();
    }
    false
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_catalog_item_is_accepted_and_reaches_its_queue_in_sandbox() {
    let dir = tempfile::tempdir().unwrap();
    let desk = as_clerk(Desk::open(Config::default(), dir.path(), None).unwrap());
    let catalog = desk.catalog();
    let mut accepted = Vec::new();
    for item in catalog.items() {
        let code = item.code().to_owned();
        let mut path = Vec::new();
        let mut budget = 20_000;
        assert!(
            acceptable_path(&catalog, &code, &mut path, &mut budget),
            "{code}: no answers make it acceptable"
        );
        let case = desk.create_case(None).unwrap();
        desk.choose_item(case.id, &code).unwrap();
        for (q, v) in path {
            desk.answer(case.id, q, Some(v)).unwrap();
        }
        desk.update_case(
            case.id,
            ow_case::CaseEdit {
                applicant_name: Some("陈思远".into()),
                applicant_id_number: Some("11010519491231002X".into()),
                ..Default::default()
            },
        )
        .unwrap();
        let view = accept_all_received(&desk, case.id).unwrap_or_else(|e| panic!("{code}: {e:?}"));
        assert_eq!(view.draft.status, ow_case::CaseStatus::Accepted, "{code}");
        accepted.push(code);
    }
    assert!(accepted.len() >= 45, "{} items", accepted.len());

    // The outbox drains to the sandbox's back office: every case confirmed, none refused.
    let (client, _, _) = signed_in_client().await;
    let session = WorkstationSession::new(client, "TRAIN-W08", Backoffice::SANDBOX_SECRET);
    let forwarder = Forwarder::with_session(
        desk.shared_store(),
        session,
        ForwarderSettings::new("TRAIN-W08", Backoffice::SANDBOX_SECRET),
        desk.outbox_wake(),
    );
    let stats = forwarder.drain().await.unwrap();
    let summary = desk.outbox_summary().unwrap();
    assert_eq!(summary.failed, 0, "refused: {:?}", desk.outbox_list(100));
    assert_eq!(
        stats.confirmed as usize,
        accepted.len(),
        "every accepted case confirmed: {stats:?}"
    );
}
