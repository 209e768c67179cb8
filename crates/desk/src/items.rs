//! Service items on the desk: search as the clerk types, choose, answer situation questions.

use crate::{promised_date, Desk, DeskError, PromisedDate};
use chrono::{Local, Utc};
use ow_case::{CaseDraft, CaseId, ItemChoice};
use ow_catalog::{AnswerValue, Evaluation, ItemSummary, Question, SearchHit, SearchOptions};
use serde::{Deserialize, Serialize};
use specta::Type;

/// A case with what the catalog says about it now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct CaseView {
    pub draft: CaseDraft,
    /// The chosen item's facts (department, limits, conditions…).
    pub item: Option<ItemSummary>,
    /// All of the item's situation questions, so answered ones can be shown with their text.
    pub questions: Vec<Question>,
    /// Next questions, checklist, decision: present once an item is chosen.
    pub evaluation: Option<Evaluation>,
    /// The promised completion date if the case were accepted now.
    pub promised: Option<PromisedDate>,
    /// Which decisions the checklist allows now (present once an item is chosen).
    pub options: Option<crate::DecisionOptions>,
}

/// How many of this window's recent cases count towards "frequent items".
const USAGE_WINDOW: u32 = 500;

impl Desk {
    /// Items matching what the clerk typed; with nothing typed, this window's frequent items.
    pub fn search_items(&self, query: &str, limit: u32) -> Result<Vec<SearchHit>, DeskError> {
        let usage = self.store().item_usage(USAGE_WINDOW)?;
        let options = SearchOptions {
            limit: limit.clamp(1, 100) as usize,
            boosts: Some(&usage),
        };
        Ok(self.catalog().search(query, &options))
    }

    /// Sets the case's item (by basic or implementation code).
    pub fn choose_item(&self, id: CaseId, code: &str) -> Result<CaseView, DeskError> {
        let catalog = self.catalog();
        let item = catalog
            .item(code)
            .ok_or_else(|| DeskError::UnknownItem(code.to_owned()))?;
        let mut draft = self.open_case(id)?;
        draft.choose_item(
            ItemChoice {
                code: item.summary().basic_code.clone(),
                version: item.summary().version.clone(),
                name: item.summary().name.clone(),
            },
            Utc::now(),
        );
        self.store().save_case(&draft)?;
        Ok(self.view(draft))
    }

    /// Records (or clears) one situation answer and re-evaluates.
    pub fn answer(
        &self,
        id: CaseId,
        question: String,
        value: Option<AnswerValue>,
    ) -> Result<CaseView, DeskError> {
        let mut draft = self.open_case(id)?;
        if draft.item.is_none() {
            return Err(DeskError::NoItem);
        }
        draft.answer(question, value, Utc::now());
        self.store().save_case(&draft)?;
        Ok(self.view(draft))
    }

    /// The case with its evaluation.
    pub fn case_view(&self, id: CaseId) -> Result<CaseView, DeskError> {
        Ok(self.view(self.store().case(id)?))
    }

    pub(crate) fn view(&self, draft: CaseDraft) -> CaseView {
        let catalog = self.catalog();
        let item = draft.item.as_ref().and_then(|c| catalog.item(&c.code));
        let evaluation = item.map(|i| i.evaluate(&draft.answers));
        let promised = evaluation.as_ref().map(|e| {
            promised_date(
                &self.calendar(),
                &self.deadline_config(),
                e.promised_limit,
                Local::now().naive_local(),
            )
        });
        let options = evaluation
            .as_ref()
            .map(|e| crate::decision_options(&draft, e, Local::now().date_naive()));
        CaseView {
            options,
            item: item.map(|i| i.summary().clone()),
            questions: item
                .map(|i| i.questions().cloned().collect())
                .unwrap_or_default(),
            evaluation,
            promised,
            draft,
        }
    }
}
