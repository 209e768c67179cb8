//! One-time notices across the hall's windows: this window's notices stored in the back
//! office (from the outbox), a returning citizen's open notices found there, and their pages
//! fetched to carry the case on here.

use crate::{BackofficeClient, Failure};
use ow_api::{NoticeCarried, NoticeRecord, NoticeSearch, StoredNotice};
use sha2::{Digest, Sha256};

/// A page larger than this is not a page: refused rather than held in memory.
const MAX_PAGE_BYTES: usize = 64 * 1024 * 1024;

impl BackofficeClient {
    /// `POST /notices` (idempotent by document number and body).
    pub async fn post_notice(
        &self,
        token: &str,
        notice: &NoticeRecord,
    ) -> Result<StoredNotice, Failure> {
        self.post_json("/notices", token, notice, None).await
    }

    /// The open notices (no case carries them on) of the applicant with `id_number`.
    pub async fn search_notices(
        &self,
        token: &str,
        id_number: &str,
    ) -> Result<Vec<StoredNotice>, Failure> {
        let q = NoticeSearch {
            id_number: id_number.to_owned(),
        };
        self.post_json("/notices/search", token, &q, None).await
    }

    /// One notice by the number on its paper.
    pub async fn fetch_notice(
        &self,
        token: &str,
        document_number: &str,
    ) -> Result<StoredNotice, Failure> {
        if document_number.is_empty()
            || !document_number
                .bytes()
                .all(|b| b.is_ascii_graphic() && b != b'/' && b != b'?' && b != b'#')
        {
            return Err(Failure::permanent(
                "sync.bad_notice_number",
                "a notice number is visible ASCII without '/', '?' or '#'",
            ));
        }
        self.get_json(&format!("/notices/{document_number}"), token)
            .await
    }

    /// Records that case `by_case` carries notice `document_number` on; the case that did first.
    pub async fn notice_carried(
        &self,
        token: &str,
        carried: &NoticeCarried,
    ) -> Result<NoticeCarried, Failure> {
        self.post_json("/notices/carried-on", token, carried, None)
            .await
    }

    /// `GET /blobs/{sha256}`, checked against its hash.
    pub async fn get_blob(&self, token: &str, sha256: &str) -> Result<Vec<u8>, Failure> {
        let resp = self
            .http
            .get(self.url(&format!("/blobs/{sha256}")))
            .bearer_auth(token)
            .send()
            .await
            .map_err(|e| Failure::network(&e))?;
        let bytes = Self::read_capped(
            resp,
            MAX_PAGE_BYTES,
            "sync.blob_too_large",
            &format!("page {sha256}"),
        )
        .await?;
        let actual = hex::encode(Sha256::digest(&bytes));
        if actual != sha256 {
            return Err(Failure::permanent(
                "sync.blob_mismatch",
                format!("page {sha256} arrived as {actual}"),
            ));
        }
        Ok(bytes)
    }
}
