//! One IPP exchange, always bounded in time, and reading attributes out of the answer.
//!
//! `ipp`'s blocking client (ureq) runs on tokio's blocking pool. Two limits apply: ureq's own
//! global timeout ends the HTTP exchange (so no thread is left hanging), and a tokio timeout a
//! little longer guards the await in case the pool is saturated.

use crate::error::{PrinterError, Result};
use ipp::prelude::{
    DelimiterTag, IppAttribute, IppClient, IppError, IppRequestResponse, IppValue, StatusCode, Uri,
};
use std::time::Duration;

/// Sends `request` to `uri` and returns the answer, which has a successful IPP status.
pub(crate) async fn exchange(
    uri: &Uri,
    request: IppRequestResponse,
    operation: &'static str,
    timeout: Duration,
) -> Result<IppRequestResponse> {
    let client = IppClient::builder(uri.clone())
        .request_timeout(timeout)
        .build();
    let after_ms = u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX);
    let guard = timeout + Duration::from_millis(500);
    let task = tokio::task::spawn_blocking(move || client.send(request));
    let joined = tokio::time::timeout(guard, task)
        .await
        .map_err(|_| PrinterError::Timeout {
            operation,
            after_ms,
            job_id: None,
        })?;
    let sent = joined.map_err(|e| PrinterError::Protocol {
        operation,
        reason: format!("IPP worker failed: {e}"),
    })?;
    let resp = sent.map_err(|e| map_ipp_error(e, uri, operation, after_ms))?;
    let status = resp.header().status_code();
    if status.is_success() {
        return Ok(resp);
    }
    Err(match status {
        StatusCode::ClientErrorNotFound | StatusCode::ClientErrorGone => PrinterError::NotFound {
            uri: uri.to_string(),
        },
        StatusCode::ClientErrorTimeout => PrinterError::Timeout {
            operation,
            after_ms,
            job_id: None,
        },
        other => PrinterError::Rejected {
            operation,
            status: format!("{other:?}"),
        },
    })
}

fn map_ipp_error(e: IppError, uri: &Uri, operation: &'static str, after_ms: u64) -> PrinterError {
    let unreachable = |reason: String| PrinterError::Unreachable {
        uri: uri.to_string(),
        reason,
    };
    match e {
        IppError::ClientError(ureq::Error::Timeout(_)) => PrinterError::Timeout {
            operation,
            after_ms,
            job_id: None,
        },
        IppError::ClientError(
            ce @ (ureq::Error::ConnectionFailed | ureq::Error::HostNotFound | ureq::Error::Io(_)),
        ) => unreachable(ce.to_string()),
        IppError::IoError(io) => unreachable(io.to_string()),
        IppError::RequestError(code) => PrinterError::Rejected {
            operation,
            status: format!("HTTP {code}"),
        },
        other => PrinterError::Protocol {
            operation,
            reason: other.to_string(),
        },
    }
}

/// The attributes of the first group tagged `tag`.
pub(crate) fn group(resp: &IppRequestResponse, tag: DelimiterTag) -> &[IppAttribute] {
    resp.attributes()
        .groups_of(tag)
        .next()
        .map(|g| g.attributes())
        .unwrap_or(&[])
}

/// Every group tagged `tag` (CUPS-Get-Printers answers one per printer).
pub(crate) fn groups(resp: &IppRequestResponse, tag: DelimiterTag) -> Vec<&[IppAttribute]> {
    resp.attributes()
        .groups_of(tag)
        .map(|g| g.attributes())
        .collect()
}

fn find<'a>(attrs: &'a [IppAttribute], name: &str) -> Option<&'a IppValue> {
    attrs
        .iter()
        .find(|a| a.name().as_str() == name)
        .map(|a| a.value())
}

/// An integer or enum value.
pub(crate) fn int(attrs: &[IppAttribute], name: &str) -> Option<i32> {
    match find(attrs, name)? {
        IppValue::Integer(i) | IppValue::Enum(i) => Some(*i),
        _ => None,
    }
}

/// A boolean value.
pub(crate) fn boolean(attrs: &[IppAttribute], name: &str) -> Option<bool> {
    match find(attrs, name)? {
        IppValue::Boolean(b) => Some(*b),
        _ => None,
    }
}

fn plain(v: &IppValue) -> String {
    match v {
        // Display would prefix the language ("en:…"); the UI wants the text alone.
        IppValue::TextWithLanguage { text, .. } => text.to_string(),
        IppValue::NameWithLanguage { name, .. } => name.to_string(),
        other => other.to_string(),
    }
}

/// A single string value (text, name, keyword, URI…).
pub(crate) fn string(attrs: &[IppAttribute], name: &str) -> Option<String> {
    match find(attrs, name)? {
        IppValue::Array(a) => a.first().map(plain),
        IppValue::NoValue => None,
        v => Some(plain(v)),
    }
    .filter(|s| !s.is_empty())
}

/// A multi-valued attribute as strings (a single value gives one element).
pub(crate) fn strings(attrs: &[IppAttribute], name: &str) -> Vec<String> {
    match find(attrs, name) {
        Some(IppValue::Array(a)) => a.iter().map(plain).collect(),
        Some(IppValue::NoValue) | None => Vec::new(),
        Some(v) => vec![plain(v)],
    }
}
