//! Walk every answer combination of every item of the built-in catalog and check invariants.

// Helpers outside #[test] functions fail loudly too: this whole file is test code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashSet;
use std::time::Instant;

use ow_catalog::{Catalog, Decision, QuestionKind};

#[test]
fn every_combination_of_every_item_reaches_a_decision() {
    let catalog = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
    let library: HashSet<&str> = catalog.materials().iter().map(|m| m.id.as_str()).collect();
    let started = Instant::now();
    let mut total = 0u64;
    let mut largest = (0u64, String::new());
    for item in catalog.items() {
        let code = item.code().to_owned();
        let questions: Vec<_> = item.questions().collect();
        for q in &questions {
            assert!(
                !item.representative_answers(&q.id).is_empty(),
                "{code}: question {} has no values to walk",
                q.id
            );
            if q.kind == QuestionKind::Single {
                assert!(q.options.len() >= 2, "{code}: {}", q.id);
            }
        }
        let report = item.walk_situations(|answers, evaluation| {
            assert!(evaluation.next_questions.is_empty());
            assert!(evaluation.invalid_answers.is_empty(), "{code}: {answers:?}");
            match &evaluation.decision {
                Decision::Acceptable => {
                    assert!(!evaluation.checklist.is_empty(), "{code}: empty checklist");
                }
                Decision::NotAcceptable { reason, .. } => {
                    assert!(
                        !reason.trim().is_empty(),
                        "{code}: rejection without reason"
                    );
                }
                Decision::Incomplete { missing } => {
                    panic!("{code}: no next question but incomplete ({missing:?}) for {answers:?}")
                }
            }
            let mut ids = HashSet::new();
            for line in &evaluation.checklist {
                assert!(
                    library.contains(line.material.as_str()),
                    "{code}: dangling {}",
                    line.material
                );
                assert!(
                    line.originals + line.copies > 0,
                    "{code}: {} has no count",
                    line.id
                );
                assert!(
                    !line.standard.is_empty(),
                    "{code}: {} has no standard",
                    line.id
                );
                assert!(
                    ids.insert(line.id.clone()),
                    "{code}: line {} twice",
                    line.id
                );
            }
            let promised = evaluation.promised_limit;
            let legal = evaluation.legal_limit;
            if promised.unit == legal.unit {
                assert!(
                    promised.amount <= legal.amount,
                    "{code}: promise beyond the law"
                );
            }
        });
        assert!(report.combinations >= 1);
        assert_eq!(
            report.combinations,
            report.acceptable + report.not_acceptable,
            "{code}"
        );
        assert!(
            report.acceptable >= 1,
            "{code}: no acceptable situation at all"
        );
        total += report.combinations;
        if report.combinations > largest.0 {
            largest = (report.combinations, code.clone());
        }
        if code == "000173001001" {
            println!("投靠配偶: {report:?}");
            assert!(report.distinct_checklists >= 50, "{report:?}");
        }
    }
    println!(
        "{} items, {total} combinations, largest {} ({}) in {:?}",
        catalog.items().len(),
        largest.0,
        largest.1,
        started.elapsed()
    );
    assert!(
        largest.0 >= 3000,
        "largest item has {} combinations",
        largest.0
    );
}
