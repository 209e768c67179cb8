//! Training at a sandbox window: a trainee plays a scenario of the library (`ow-training`),
//! its papers reach the case through the window's own import path (with the page checks),
//! the decided case is scored, and the window is reset without losing the trainee's history.
//! Production refuses all of it.

use crate::{Desk, DeskError, MaterialsView};
use chrono::{DateTime, Utc};
use ow_case::CaseId;
use ow_training::{Library, Scenario, Score};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::sync::Arc;

/// The most plays a list returns.
const RESULTS_LIMIT: u32 = 500;

/// A scenario begun: its case, open at the first step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct TrainingPlay {
    pub case_id: CaseId,
    pub scenario: Scenario,
}

/// One play on this workstation, scored once decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct TrainingResult {
    pub case_id: String,
    pub scenario: String,
    pub title: String,
    /// The trainee's account, and their name as this workstation knows it.
    pub person: String,
    pub person_name: Option<String>,
    pub started_at: DateTime<Utc>,
    pub score: Option<Score>,
}

/// A trainee's report as a PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrainingReport {
    pub document_number: String,
    pub pdf: Vec<u8>,
}

/// What a reset removed, and how long it took.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct TrainingReset {
    pub cases: u32,
    pub pages: u32,
    pub papers: u32,
    pub outbox: u32,
    pub millis: u32,
}

fn n32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Desk {
    fn training_only(&self) -> Result<(), DeskError> {
        match self.config().mode {
            ow_api::Mode::Sandbox => Ok(()),
            ow_api::Mode::Production => Err(DeskError::TrainingNotSandbox),
        }
    }

    /// The scenario library, checked against the catalog in force when first asked for.
    fn library(&self) -> Result<Arc<Library>, DeskError> {
        if let Some(lib) = self.training.get() {
            return Ok(Arc::clone(lib));
        }
        let cards: Vec<String> = crate::identity::gallery_cards()?
            .into_iter()
            .map(|c| c.key)
            .collect();
        let lib = Arc::new(Library::builtin(&self.catalog(), &cards)?);
        Ok(Arc::clone(self.training.get_or_init(|| lib)))
    }

    /// Every scenario of the library (sandbox only).
    pub fn training_scenarios(&self) -> Result<Vec<Scenario>, DeskError> {
        self.training_only()?;
        Ok(self.library()?.scenarios().to_vec())
    }

    /// Begins `scenario` for the signed-in trainee: a new case, recorded as a play.
    pub fn start_training(&self, scenario: &str) -> Result<TrainingPlay, DeskError> {
        self.training_only()?;
        let lib = self.library()?;
        let scenario = lib.get(scenario)?.clone();
        let person = self
            .current_person()
            .ok_or(crate::signin::AuthError::SignedOut)?;
        let case = self.create_case(None)?;
        self.store().record_training_run(
            &case.id.to_string(),
            &scenario.id,
            &person.id,
            case.created_at,
        )?;
        self.audit(
            Some(case.id),
            "training.started",
            serde_json::json!({ "scenario": scenario.id }),
        )?;
        tracing::info!(case = %case.id, scenario = %scenario.id, "training play started");
        Ok(TrainingPlay {
            case_id: case.id,
            scenario,
        })
    }

    /// The citizen hands over the paper for `document` (a line of the scenario): its pages
    /// are imported into the case's line `into` as a scan would be, page checks and all.
    /// The trainee chooses `into`; a paper put on the wrong line stays there. Blocks.
    pub fn training_hand_over(
        &self,
        case: CaseId,
        document: &str,
        into: String,
    ) -> Result<MaterialsView, DeskError> {
        self.training_only()?;
        let run = self
            .store()
            .training_run(&case.to_string())?
            .ok_or(DeskError::NotAPlay)?;
        let lib = self.library()?;
        let scenario = lib.get(&run.scenario)?;
        let doc = scenario
            .document(document)
            .ok_or_else(|| DeskError::NoSuchPaper(document.to_owned()))?;
        let pages = crate::training_pages::pages(&scenario.id, doc)
            .map_err(|e| DeskError::NoSuchPaper(format!("{document}: {e}")))?;
        let mut view = None;
        for (n, bytes) in pages.into_iter().enumerate() {
            let name = format!("{}-{}.jpg", doc.line, n + 1);
            view = Some(self.import_into_line(case, into.clone(), Some(name), bytes)?);
        }
        view.ok_or_else(|| DeskError::NoSuchPaper(document.to_owned()))
    }

    /// The score of a play, once its case is decided (worked out and kept the first time).
    pub fn training_score(&self, case: CaseId) -> Result<Option<Score>, DeskError> {
        self.training_only()?;
        let run = self
            .store()
            .training_run(&case.to_string())?
            .ok_or(DeskError::NotAPlay)?;
        self.scored(run)
    }

    fn scored(&self, run: ow_store::TrainingRunRow) -> Result<Option<Score>, DeskError> {
        let Some(id) = CaseId::parse(&run.case_id) else {
            return Ok(None);
        };
        if let Some(json) = &run.score {
            let mut score: Score =
                serde_json::from_str(json).map_err(ow_store::StoreError::from)?;
            // Papers come after the decision (the paper step): counted as they are now, while
            // the case is here. The points never depend on them.
            let papers = n32(self.store().papers(id)?.len());
            if papers > score.papers {
                score.papers = papers;
                let json = serde_json::to_string(&score).map_err(ow_store::StoreError::from)?;
                self.store().update_training_score(&run.case_id, &json)?;
            }
            return Ok(Some(score));
        }
        // A reset took the case away before it was decided: nothing to score.
        let Ok(draft) = self.case(id) else {
            return Ok(None);
        };
        let Some(decision) = &draft.decision else {
            return Ok(None);
        };
        let lib = self.library()?;
        let scenario = lib.get(&run.scenario)?;
        let catalog = self.catalog();
        let item = catalog
            .item(&scenario.item_code)
            .ok_or_else(|| DeskError::UnknownItem(scenario.item_code.clone()))?;
        let started = DateTime::parse_from_rfc3339(&run.started_at)
            .map_or(draft.created_at, |t| t.with_timezone(&Utc));
        let seconds = (decision.decided_at - started).num_seconds().max(0);
        let papers = self.store().papers(id)?.len();
        let score = ow_training::score(
            scenario,
            item,
            decision,
            u32::try_from(seconds).unwrap_or(u32::MAX),
            n32(papers),
        );
        let json = serde_json::to_string(&score).map_err(ow_store::StoreError::from)?;
        self.store()
            .save_training_score(&run.case_id, &json, Utc::now())?;
        self.audit(
            Some(id),
            "training.scored",
            serde_json::json!({ "scenario": scenario.id, "points": score.points }),
        )?;
        Ok(Some(score))
    }

    /// The plays on this workstation, newest first: `person`'s, or everyone's.
    pub fn training_results(&self, person: Option<&str>) -> Result<Vec<TrainingResult>, DeskError> {
        self.training_only()?;
        let lib = self.library()?;
        let rows = self.store().training_runs(person, RESULTS_LIMIT)?;
        rows.into_iter()
            .map(|run| {
                let title = lib
                    .get(&run.scenario)
                    .map_or_else(|_| run.scenario.clone(), |s| s.title.clone());
                let started_at = DateTime::parse_from_rfc3339(&run.started_at)
                    .map_or_else(|_| Utc::now(), |t| t.with_timezone(&Utc));
                let person_name = self.store().known_person(&run.person)?.map(|p| p.name);
                Ok(TrainingResult {
                    case_id: run.case_id.clone(),
                    scenario: run.scenario.clone(),
                    person: run.person.clone(),
                    person_name,
                    title,
                    started_at,
                    score: self.scored(run)?,
                })
            })
            .collect()
    }

    /// `person`'s report (培训成绩单, A4, CJK): every play on this workstation, oldest first,
    /// with the decision, the defects caught, the time and the points. Numbered in the training
    /// series; not filed with any case.
    pub fn training_report(&self, person: &str) -> Result<TrainingReport, DeskError> {
        let mut plays = self.training_results(Some(person))?;
        plays.reverse();
        let name = self.store().known_person(person)?.map(|p| p.name);
        let config = self.config().clone();
        let now = Utc::now();
        let today = crate::paper_render::local(now).date();
        let number = self.store().in_transaction(|tx| {
            crate::numbers::document_number(
                tx,
                &config,
                ow_papers::PaperKind::TrainingReport,
                today,
            )
        })?;
        let rows = plays
            .iter()
            .map(|p| {
                let s = p.score.as_ref();
                ow_papers::TrainingReportRow {
                    started_at: crate::paper_render::local(p.started_at),
                    scenario: p.title.clone(),
                    decision: s.map_or_else(String::new, |s| {
                        let made = decision_zh(s.decision);
                        if s.decision_right {
                            format!("{made}（正确）")
                        } else {
                            format!("{made}（应为{}）", decision_zh(s.expected_decision))
                        }
                    }),
                    defects: s.map_or_else(String::new, |s| {
                        format!("{}/{}", s.defects_caught, s.defects_planted)
                    }),
                    seconds: s.map_or(0, |s| s.seconds),
                    target_seconds: s.map_or(0, |s| s.target_seconds),
                    points: s.map(|s| s.points),
                }
            })
            .collect();
        let data = ow_papers::TrainingReportData {
            document_number: number,
            trainee: name.map_or_else(|| person.to_owned(), |n| format!("{n}（{person}）")),
            issued_at: crate::paper_render::local(now),
            rows,
        };
        let mut settings = self.print_settings(None);
        // A table of plays wants the page's width, whatever the receipt printer takes.
        settings.format = ow_papers::PageFormat::A4;
        let paper = self.paper_renderer()?.training_report(&data, &settings)?;
        self.audit(
            None,
            "training.report",
            serde_json::json!({ "person": person }),
        )?;
        Ok(TrainingReport {
            document_number: paper.document_number,
            pdf: paper.bytes,
        })
    }

    /// Returns the training window to a clean state: every case, page, paper, outbox entry
    /// and result on this workstation goes, and the card leaves the reader. The plays and
    /// their scores (the trainees' history) stay; decided plays are scored first.
    pub fn reset_training(&self) -> Result<TrainingReset, DeskError> {
        self.training_only()?;
        let started = std::time::Instant::now();
        let person = self
            .current_person()
            .ok_or(crate::signin::AuthError::SignedOut)?;
        // Score what can still be scored: the case is the evidence, and it is about to go.
        self.training_results(None)?;
        let done = self.store().reset_training_window(&person.id, Utc::now())?;
        #[cfg(unix)]
        if let Err(e) = self.remove_card() {
            tracing::debug!(error = %e, "no card to take off the reader");
        }
        let reset = TrainingReset {
            cases: n32(done.cases),
            pages: n32(done.pages),
            papers: n32(done.papers),
            outbox: n32(done.outbox),
            millis: u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX),
        };
        tracing::info!(?reset, "training window reset");
        Ok(reset)
    }
}

fn decision_zh(kind: ow_case::DecisionKind) -> &'static str {
    match kind {
        ow_case::DecisionKind::Accept => "受理",
        ow_case::DecisionKind::Notice => "一次性告知",
        ow_case::DecisionKind::Reject => "不予受理",
    }
}
