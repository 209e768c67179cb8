//! Downloading the catalog and the working-day calendar: `GET /catalog`, `GET /calendar` with
//! `If-None-Match`, so a workstation that already has the newest version costs one 304.

use crate::{BackofficeClient, Failure};
use reqwest::{header, StatusCode};

/// Which reference document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferenceKind {
    Catalog,
    Calendar,
}

impl ReferenceKind {
    /// The path segment and the stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Catalog => "catalog",
            Self::Calendar => "calendar",
        }
    }
}

/// What the back office answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// Nothing newer than the ETag we sent.
    NotModified,
    /// The back office has not published this document.
    NotPublished,
    /// A version to install: its ETag (quoted, as sent) and body.
    New { etag: String, body: Vec<u8> },
}

impl BackofficeClient {
    /// `GET /catalog` or `GET /calendar`, conditional on `etag` when we have one.
    pub async fn fetch_reference(
        &self,
        token: &str,
        kind: ReferenceKind,
        etag: Option<&str>,
    ) -> Result<Fetched, Failure> {
        let mut req = self
            .http
            .get(self.url(&format!("/{}", kind.as_str())))
            .bearer_auth(token);
        if let Some(etag) = etag {
            req = req.header(header::IF_NONE_MATCH, etag);
        }
        let resp = req.send().await.map_err(|e| Failure::network(&e))?;
        match resp.status() {
            StatusCode::NOT_MODIFIED => Ok(Fetched::NotModified),
            StatusCode::NOT_FOUND => Ok(Fetched::NotPublished),
            s if s.is_success() => {
                let etag = resp
                    .headers()
                    .get(header::ETAG)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned();
                let body = resp.bytes().await.map_err(|e| Failure::network(&e))?;
                Ok(Fetched::New {
                    etag,
                    body: body.to_vec(),
                })
            }
            _ => Err(crate::intake::classify(resp).await),
        }
    }
}

impl BackofficeClient {
    /// `PUT /catalog` or `PUT /calendar` with an administrator's token: how a hall publishes a
    /// new version (and how the sandbox and the tests do).
    pub async fn publish_reference(
        &self,
        admin_token: &str,
        kind: ReferenceKind,
        body: Vec<u8>,
    ) -> Result<ow_api::ReferenceStored, crate::SyncError> {
        let url = self.url(&format!("/{}", kind.as_str()));
        let resp = self
            .http
            .put(&url)
            .bearer_auth(admin_token)
            .header(header::CONTENT_TYPE, "application/json")
            .body(body)
            .send()
            .await
            .map_err(|source| crate::SyncError::Unreachable {
                url: url.clone(),
                source,
            })?;
        if !resp.status().is_success() {
            return Err(crate::SyncError::Status {
                status: resp.status().as_u16(),
            });
        }
        resp.json()
            .await
            .map_err(|source| crate::SyncError::Unreachable { url, source })
    }
}
