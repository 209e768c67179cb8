//! Retention: the desk purges decided cases whose period has run out (see `ow_store`'s
//! retention module for which cases qualify).

use crate::{Desk, DeskError};
use chrono::{DateTime, Duration, Utc};
use ow_store::PurgeReport;

impl Desk {
    /// Purges the cases whose retention period (`retention.days`) ended before `now`.
    pub fn purge_expired(&self, now: DateTime<Utc>) -> Result<PurgeReport, DeskError> {
        let days = i64::try_from(self.config().retention.days).unwrap_or(i64::MAX / 2);
        let cutoff = now - Duration::days(days.min(365 * 100));
        let report = self.store().purge_expired(cutoff, now)?;
        if report.cases > 0 {
            tracing::info!(
                cases = report.cases,
                papers = report.papers,
                pages = report.pages,
                blobs = report.blobs,
                "retention: purged"
            );
        }
        Ok(report)
    }
}
