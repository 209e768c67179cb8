//! The one error model shared by every crate.
//!
//! Each domain crate keeps its own `thiserror` enum and implements [`ErrorCode`] for it. At a
//! boundary (a Tauri command, an HTTP handler) the error becomes an [`ErrorBody`]: a stable
//! machine code the UI branches on and translates, an English developer message, and optional
//! structured details. Codes are `snake_case`, prefixed by their domain (`store.`, `config.`, …),
//! and never change meaning once shipped.

use serde::{Deserialize, Serialize};
use specta::Type;

/// A domain error that knows its stable code.
pub trait ErrorCode: std::error::Error {
    /// The stable code, e.g. `store.schema_too_new`.
    fn code(&self) -> &'static str;

    /// Structured facts the UI may show (file, line, item…). No personal data.
    fn details(&self) -> Option<serde_json::Value> {
        None
    }
}

/// What crosses IPC and HTTP: `{ code, message, details }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ErrorBody {
    /// Stable machine code; the UI translates it.
    pub code: String,
    /// The full error chain in English, for logs and support.
    pub message: String,
    /// Structured facts about the error, when there are any.
    #[specta(type = Option<JsonValue>)]
    pub details: Option<serde_json::Value>,
}

/// How arbitrary JSON is typed in the generated TypeScript. specta's own `serde_json::Value`
/// type carries 64-bit integers, which its exporter refuses; JSON numbers are `number` in
/// TypeScript anyway.
#[derive(Serialize, Type)]
#[serde(untagged)]
pub enum JsonValue {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<JsonValue>),
    Object(std::collections::HashMap<String, JsonValue>),
}

impl ErrorBody {
    /// Build the body from any coded error, keeping the whole `source()` chain in the message.
    pub fn from_error<E: ErrorCode>(err: &E) -> Self {
        Self {
            code: err.code().to_owned(),
            message: chain_message(err),
            details: err.details(),
        }
    }

    /// A body for a code that has no domain enum (e.g. a shell-level failure).
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Self {
            code: code.to_owned(),
            message: message.into(),
            details: None,
        }
    }
}

impl std::fmt::Display for ErrorBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "[{}] {}", self.code, self.message)
    }
}

impl std::error::Error for ErrorBody {}

/// Any coded error becomes a body with `?` at a boundary; the whole chain is logged there,
/// once, so the UI can stay short while support still sees everything.
impl<E: ErrorCode> From<E> for ErrorBody {
    fn from(err: E) -> Self {
        let body = ErrorBody::from_error(&err);
        tracing::warn!(code = %body.code, error = %body.message, "operation failed");
        body
    }
}

/// `outer: inner: innermost` — the whole chain of an error, for logs and the `message` field.
pub fn chain_message(err: &(dyn std::error::Error + '_)) -> String {
    let mut out = err.to_string();
    let mut cur = err.source();
    while let Some(src) = cur {
        let s = src.to_string();
        if !out.ends_with(&s) {
            out.push_str(": ");
            out.push_str(&s);
        }
        cur = src.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Inner;
    impl std::fmt::Display for Inner {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("disk full")
        }
    }
    impl std::error::Error for Inner {}

    #[derive(Debug)]
    struct Outer(Inner);
    impl std::fmt::Display for Outer {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("could not save the case")
        }
    }
    impl std::error::Error for Outer {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.0)
        }
    }
    impl ErrorCode for Outer {
        fn code(&self) -> &'static str {
            "store.write_failed"
        }
        fn details(&self) -> Option<serde_json::Value> {
            Some(serde_json::json!({"table": "cases"}))
        }
    }

    #[test]
    fn body_carries_code_chain_and_details() {
        let body = ErrorBody::from_error(&Outer(Inner));
        assert_eq!(body.code, "store.write_failed");
        assert_eq!(body.message, "could not save the case: disk full");
        let json = serde_json::to_value(&body).unwrap_or_default();
        assert_eq!(json["code"], "store.write_failed");
        assert_eq!(json["details"]["table"], "cases");
    }
}
