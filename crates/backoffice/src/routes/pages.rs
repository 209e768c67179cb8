//! The plain web pages the back office serves to citizens (the kiosk, the rating page): one
//! self-contained HTML file each, whose only script and style are pinned by hash in a strict
//! Content-Security-Policy.

use crate::domain::sha256_hex;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use base64::Engine;

/// `'sha256-…'` of the text of `page` between its first `open` and `close` tags.
fn inline_hash(page: &str, open: &str, close: &str) -> String {
    let body = page
        .split_once(open)
        .and_then(|(_, rest)| rest.split_once(close))
        .map_or("", |(inner, _)| inner);
    let digest = hex::decode(sha256_hex(body.as_bytes())).unwrap_or_default();
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// Nothing but the page's own script and style, and requests to this server.
pub fn page_csp(page: &str) -> String {
    format!(
        "default-src 'none'; script-src {}; style-src {}; connect-src 'self'; img-src 'self'; \
         base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        inline_hash(page, "<script>", "</script>"),
        inline_hash(page, "<style>", "</style>")
    )
}

/// `page` as HTML, never cached or sniffed, under `csp`.
pub fn html_page(page: &'static str, csp: &str) -> Response {
    let mut resp = page.into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if let Ok(v) = HeaderValue::from_str(csp) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    resp
}

/// A page may carry one inline script and one inline style only, and no inline handlers, so
/// the policy's two hashes cover all of its code.
#[cfg(test)]
pub fn assert_pinned(page: &str) {
    let p = page_csp(page);
    assert!(p.contains("script-src 'sha256-") && p.contains("style-src 'sha256-"));
    assert!(!p.contains("unsafe"));
    assert_eq!(page.matches("<script>").count(), 1);
    assert_eq!(page.matches("<style>").count(), 1);
    assert!(!page.contains("onclick=") && !page.contains("onsubmit="));
}
