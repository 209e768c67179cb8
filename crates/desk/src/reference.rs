//! Reference documents from the back office: a newer catalog or calendar replaces the one in
//! force, all or nothing, and is kept in the store for the next start. A version with a
//! mistake is refused (the clerk's top bar says why) and not downloaded again.

use crate::{Desk, DeskError};
use ow_api::{CalendarDocument, CatalogDocument, ReferenceFile};
use ow_calendar::WorkingCalendar;
use ow_error::ErrorBody;
use ow_store::{Store, StoredCalendarYear};
use ow_sync::{BackofficeClient, Failure, Fetched, ReferenceKind};
use serde::Serialize;
use std::sync::{Arc, RwLock};

/// What one refresh did with one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum RefreshOutcome {
    /// We already have the newest version.
    Unchanged,
    /// The back office has not published this document.
    NotPublished,
    /// Installed: the catalog version, or the calendar years.
    Installed { version: String },
    /// Downloaded and refused; the one in force stays.
    Refused { code: String },
    /// The back office could not be asked; next time.
    Failed { reason: String },
}

/// The working-day calendar in force, replaceable while cases are open.
pub(crate) struct CalendarState(RwLock<Arc<WorkingCalendar>>);

impl CalendarState {
    /// The built-in years, with every year received before laid over them.
    pub(crate) fn open(store: &Store) -> Result<Self, DeskError> {
        let mut calendar = WorkingCalendar::built_in()?;
        for y in store.calendar_years()? {
            if let Err(e) = calendar.load_str(&y.file, &y.json) {
                tracing::warn!(year = y.year, error = %e, "stored calendar year no longer loads");
            }
        }
        Ok(Self(RwLock::new(Arc::new(calendar))))
    }

    pub(crate) fn get(&self) -> Arc<WorkingCalendar> {
        Arc::clone(&self.0.read().unwrap_or_else(|e| e.into_inner()))
    }

    fn swap(&self, calendar: WorkingCalendar) {
        *self.0.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(calendar);
    }
}

impl Desk {
    /// Installs calendar years received from the back office: every file must load, or none is
    /// taken. Returns the years installed.
    pub fn install_calendar(&self, years: Vec<ReferenceFile>) -> Result<Vec<i32>, DeskError> {
        let mut next = (*self.calendar()).clone();
        let mut stored = Vec::with_capacity(years.len());
        for f in years {
            let year = next.load_str(&f.name, &f.text)?;
            stored.push(StoredCalendarYear {
                year,
                file: f.name,
                json: f.text,
            });
        }
        self.store().save_calendar_years(&stored)?;
        self.calendar_state().swap(next);
        let installed: Vec<i32> = stored.iter().map(|y| y.year).collect();
        tracing::info!(years = ?installed, "calendar installed");
        Ok(installed)
    }

    /// Asks the back office for a newer catalog and calendar and installs what it has.
    pub async fn refresh_references(
        &self,
        client: &BackofficeClient,
        token: &str,
    ) -> Vec<(ReferenceKind, RefreshOutcome)> {
        let mut out = Vec::new();
        for kind in [ReferenceKind::Catalog, ReferenceKind::Calendar] {
            let outcome = match self.refresh_one(client, token, kind).await {
                Ok(o) => o,
                Err(e) => RefreshOutcome::Failed {
                    reason: ow_error::chain_message(&e),
                },
            };
            if !matches!(
                outcome,
                RefreshOutcome::Unchanged | RefreshOutcome::NotPublished
            ) {
                tracing::info!(kind = kind.as_str(), outcome = ?outcome, "reference refresh");
            }
            out.push((kind, outcome));
        }
        out
    }

    async fn refresh_one(
        &self,
        client: &BackofficeClient,
        token: &str,
        kind: ReferenceKind,
    ) -> Result<RefreshOutcome, DeskError> {
        let etag = self.store().reference_etag(kind.as_str())?;
        let fetched = match client.fetch_reference(token, kind, etag.as_deref()).await {
            Ok(f) => f,
            Err(f) => return Ok(failed(f)),
        };
        let (etag, body) = match fetched {
            Fetched::NotModified => return Ok(RefreshOutcome::Unchanged),
            Fetched::NotPublished => return Ok(RefreshOutcome::NotPublished),
            Fetched::New { etag, body } => (etag, body),
        };
        let installed = match kind {
            ReferenceKind::Catalog => serde_json::from_slice::<CatalogDocument>(&body)
                .map_err(|e| DeskError::BadReference(e.to_string()))
                .and_then(|doc| {
                    let files = doc.files.into_iter().map(|f| (f.name, f.text)).collect();
                    self.install_catalog(files).map(|i| i.version)
                }),
            ReferenceKind::Calendar => serde_json::from_slice::<CalendarDocument>(&body)
                .map_err(|e| DeskError::BadReference(e.to_string()))
                .and_then(|doc| self.install_calendar(doc.years))
                .map(|years| {
                    years
                        .iter()
                        .map(i32::to_string)
                        .collect::<Vec<_>>()
                        .join(",")
                }),
        };
        let outcome = match installed {
            Ok(version) => RefreshOutcome::Installed { version },
            Err(e) => {
                // A catalog that does not load is marked refused by `install_catalog`; one that
                // is not even a catalog document is marked here.
                if kind == ReferenceKind::Catalog && matches!(e, DeskError::BadReference(_)) {
                    self.catalogs().mark_refused(ErrorBody::from_error(&e));
                }
                RefreshOutcome::Refused {
                    code: ow_error::ErrorCode::code(&e).to_owned(),
                }
            }
        };
        let word = match outcome {
            RefreshOutcome::Installed { .. } => "installed",
            _ => "refused",
        };
        // A refused version is remembered too: it is not fetched again until a new one appears.
        self.store()
            .set_reference_etag(kind.as_str(), &etag, word)?;
        Ok(outcome)
    }
}

fn failed(f: Failure) -> RefreshOutcome {
    RefreshOutcome::Failed { reason: f.reason() }
}
