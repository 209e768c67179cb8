//! Case numbers and document numbers, unique across the hall without asking a server: each
//! carries the hall's and the window's code, and the last one drawn is stored in the same
//! transaction as the decision that used it.

use crate::DeskError;
use chrono::{Datelike, NaiveDate};
use ow_config::{Config, Mode};
use ow_papers::{DocumentNumber, NumberSeries, PaperKind, TRAINING_MARK};
use ow_store::DecisionTx;

/// Letters and digits only: the codes end up inside numbers that must parse back.
fn code(s: &str) -> String {
    let c: String = s.chars().filter(char::is_ascii_alphanumeric).collect();
    if c.is_empty() {
        "X".to_owned()
    } else {
        c.to_ascii_uppercase()
    }
}

fn training(config: &Config) -> bool {
    config.mode == Mode::Sandbox
}

fn window_code(config: &Config) -> String {
    format!("W{}", code(&config.window.number))
}

/// The next case number: `{PX-}{hall}-W{window}-{yyyymmdd}-{seq:04}`.
pub(crate) fn case_number(
    tx: &DecisionTx<'_>,
    config: &Config,
    today: NaiveDate,
) -> Result<String, DeskError> {
    let mark = if training(config) { TRAINING_MARK } else { "" };
    let prefix = format!(
        "{mark}{}-{}-{}-",
        code(&config.hall.code),
        window_code(config),
        today.format("%Y%m%d")
    );
    let series = format!("case:{prefix}");
    let last: u32 = match tx.counter(&series)? {
        Some(v) => v
            .parse()
            .map_err(|_| DeskError::CounterCorrupt(series.clone()))?,
        None => 0,
    };
    let next = last + 1;
    tx.set_counter(&series, &next.to_string())?;
    Ok(format!("{prefix}{next:04}"))
}

/// The next document number of `kind` for this window (training series in sandbox).
pub(crate) fn document_number(
    tx: &DecisionTx<'_>,
    config: &Config,
    kind: PaperKind,
    today: NaiveDate,
) -> Result<DocumentNumber, DeskError> {
    let series = NumberSeries::new(
        kind,
        code(&config.hall.code),
        window_code(config),
        training(config),
    )?;
    let key = format!("doc:{}", series.prefix());
    let last: Option<DocumentNumber> = match tx.counter(&key)? {
        Some(v) => {
            Some(serde_json::from_str(&v).map_err(|_| DeskError::CounterCorrupt(key.clone()))?)
        }
        None => None,
    };
    let next = series.next(last.as_ref(), today.year())?;
    let text = serde_json::to_string(&next).map_err(ow_store::StoreError::from)?;
    tx.set_counter(&key, &text)?;
    Ok(next)
}
