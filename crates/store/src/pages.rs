//! The pages of each checklist line: bytes, thumbnail, check findings, order. Every change is
//! one transaction together with the case draft whose line marks it moves, so a scan or an
//! import is stored whole or not at all, and a line is never marked for pages that are not
//! there.

use crate::cases::write_case;
use crate::{Store, StoreError};
use chrono::Utc;
use ow_case::{CaseDraft, CaseId};
use rusqlite::{params, Connection, OptionalExtension, Row};

/// A blob to store: its SHA-256 (lowercase hex), media type and bytes.
#[derive(Debug, Clone, Copy)]
pub struct BlobRef<'a> {
    pub sha256: &'a str,
    pub media_type: &'a str,
    pub bytes: &'a [u8],
}

/// A page to attach to a line.
#[derive(Debug, Clone)]
pub struct NewPage<'a> {
    /// Stable id the UI refers to the page by.
    pub page_id: String,
    pub content: BlobRef<'a>,
    /// A small JPEG for lists (none for imported PDFs).
    pub thumb: Option<BlobRef<'a>>,
    pub width_px: u32,
    pub height_px: u32,
    pub dpi: Option<f32>,
    /// `flatbed`, `feeder`, `camera`, `imported_image`, `imported_pdf`.
    pub origin: &'a str,
    /// The check findings as JSON (the scanner crate's `Finding` list).
    pub findings_json: String,
    /// Pages the file holds (an imported PDF may hold several).
    pub page_count: u32,
}

/// A page as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredPage {
    pub page_id: String,
    pub line_id: String,
    /// Position in the line, from 0.
    pub seq: u32,
    pub sha256: String,
    pub media_type: String,
    pub size: u64,
    pub thumb_sha256: Option<String>,
    pub width_px: u32,
    pub height_px: u32,
    pub dpi: Option<f32>,
    pub origin: String,
    pub findings_json: String,
    /// Why the clerk kept a page the checks held up.
    pub accepted_reason: Option<String>,
    pub added_at: String,
    /// Pages the file holds (an imported PDF may hold several).
    pub page_count: u32,
}

const COLUMNS: &str = "p.page_id, p.line_id, p.seq, p.sha256, b.media_type, b.size, p.thumb_sha256,
     p.width_px, p.height_px, p.dpi, p.origin, p.findings, p.accepted_reason, p.added_at,
     p.page_count";

fn stored(r: &Row<'_>) -> rusqlite::Result<StoredPage> {
    Ok(StoredPage {
        page_id: r.get::<_, Option<String>>(0)?.unwrap_or_default(),
        line_id: r.get(1)?,
        seq: r.get(2)?,
        sha256: r.get(3)?,
        media_type: r.get(4)?,
        size: r.get::<_, i64>(5)?.max(0) as u64,
        thumb_sha256: r.get(6)?,
        width_px: r.get::<_, Option<u32>>(7)?.unwrap_or(0),
        height_px: r.get::<_, Option<u32>>(8)?.unwrap_or(0),
        dpi: r.get::<_, Option<f64>>(9)?.map(|d| d as f32),
        origin: r.get::<_, Option<String>>(10)?.unwrap_or_default(),
        findings_json: r.get(11)?,
        accepted_reason: r.get(12)?,
        added_at: r.get(13)?,
        page_count: r.get(14)?,
    })
}

fn put_blob(conn: &Connection, blob: BlobRef<'_>) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO blobs (sha256, media_type, size, bytes, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (sha256) DO NOTHING",
        params![
            blob.sha256,
            blob.media_type,
            blob.bytes.len() as i64,
            blob.bytes,
            Utc::now().to_rfc3339()
        ],
    )?;
    Ok(())
}

fn find(conn: &Connection, case: CaseId, page_id: &str) -> Result<StoredPage, StoreError> {
    conn.query_row(
        &format!(
            "SELECT {COLUMNS} FROM case_pages p JOIN blobs b ON b.sha256 = p.sha256
             WHERE p.case_id = ?1 AND p.page_id = ?2"
        ),
        params![case.to_string(), page_id],
        stored,
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("page {page_id}")))
}

/// Rewrites the line's seq as 0..n in the given order. Two passes: the primary key includes
/// seq, so the rows first move out of the way.
fn renumber(
    conn: &Connection,
    case: CaseId,
    line: &str,
    order: &[String],
) -> Result<(), StoreError> {
    let case = case.to_string();
    conn.execute(
        "UPDATE case_pages SET seq = seq + 1000000 WHERE case_id = ?1 AND line_id = ?2",
        params![case, line],
    )?;
    for (seq, id) in order.iter().enumerate() {
        conn.execute(
            "UPDATE case_pages SET seq = ?3 WHERE case_id = ?1 AND page_id = ?2",
            params![case, id, seq as i64],
        )?;
    }
    Ok(())
}

fn line_order(conn: &Connection, case: CaseId, line: &str) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT page_id FROM case_pages WHERE case_id = ?1 AND line_id = ?2 ORDER BY seq",
    )?;
    let rows = stmt.query_map(params![case.to_string(), line], |r| {
        r.get::<_, Option<String>>(0)
    })?;
    let mut out = Vec::new();
    for row in rows {
        out.extend(row?);
    }
    Ok(out)
}

/// Drops blobs no page points at any more (a deleted scan must not linger in the file).
fn drop_orphans(conn: &Connection, shas: &[&str]) -> Result<(), StoreError> {
    for sha in shas {
        conn.execute(
            "DELETE FROM blobs WHERE sha256 = ?1
               AND NOT EXISTS (SELECT 1 FROM case_pages WHERE sha256 = ?1 OR thumb_sha256 = ?1)",
            [sha],
        )?;
    }
    Ok(())
}

impl Store {
    /// Appends `pages` to `line` and writes `draft` (its line marks), in one transaction.
    pub fn add_pages(
        &self,
        draft: &CaseDraft,
        line: &str,
        pages: &[NewPage<'_>],
    ) -> Result<(), StoreError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        let case = draft.id.to_string();
        let next: i64 = tx.query_row(
            "SELECT COALESCE(MAX(seq) + 1, 0) FROM case_pages WHERE case_id = ?1 AND line_id = ?2",
            params![case, line],
            |r| r.get(0),
        )?;
        let now = Utc::now().to_rfc3339();
        for (i, page) in pages.iter().enumerate() {
            put_blob(&tx, page.content)?;
            if let Some(thumb) = page.thumb {
                put_blob(&tx, thumb)?;
            }
            tx.execute(
                "INSERT INTO case_pages (case_id, line_id, seq, sha256, added_at, page_id,
                   thumb_sha256, width_px, height_px, dpi, origin, findings, page_count)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                params![
                    case,
                    line,
                    next + i as i64,
                    page.content.sha256,
                    now,
                    page.page_id,
                    page.thumb.map(|t| t.sha256),
                    page.width_px,
                    page.height_px,
                    page.dpi.map(f64::from),
                    page.origin,
                    page.findings_json,
                    page.page_count,
                ],
            )?;
        }
        write_case(&tx, draft)?;
        tx.commit()?;
        Ok(())
    }

    /// Copies `from`'s pages of `from_line` to the end of `to`'s `line` under the new ids `ids`
    /// (one per page, in order; extra ids are left unused), and writes `to`: in a visit with
    /// several items, a material shared between them is scanned once. The blobs are the same
    /// rows, so nothing is stored twice. Returns how many pages were copied.
    pub fn copy_line_pages(
        &self,
        from: CaseId,
        from_line: &str,
        to: &CaseDraft,
        line: &str,
        ids: &[String],
    ) -> Result<u32, StoreError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        let (from_id, to_id) = (from.to_string(), to.id.to_string());
        let next: i64 = tx.query_row(
            "SELECT COALESCE(MAX(seq) + 1, 0) FROM case_pages WHERE case_id = ?1 AND line_id = ?2",
            params![to_id, line],
            |r| r.get(0),
        )?;
        let olds: Vec<String> = {
            let mut stmt = tx.prepare(
                "SELECT page_id FROM case_pages WHERE case_id = ?1 AND line_id = ?2 ORDER BY seq",
            )?;
            let rows = stmt.query_map(params![from_id, from_line], |r| r.get(0))?;
            rows.collect::<Result<_, _>>()?
        };
        let now = Utc::now().to_rfc3339();
        let mut copied = 0u32;
        for (i, (old, new)) in olds.iter().zip(ids).enumerate() {
            tx.execute(
                "INSERT INTO case_pages (case_id, line_id, seq, sha256, added_at, page_id,
                   thumb_sha256, width_px, height_px, dpi, origin, findings, accepted_reason,
                   page_count)
                 SELECT ?1, ?7, ?2, sha256, ?3, ?4, thumb_sha256, width_px, height_px, dpi,
                        origin, findings, accepted_reason, page_count
                 FROM case_pages WHERE case_id = ?5 AND page_id = ?6",
                params![to_id, next + i as i64, now, new, from_id, old, line],
            )?;
            copied += 1;
        }
        write_case(&tx, to)?;
        tx.commit()?;
        Ok(copied)
    }

    /// Every page of a case, by line and position.
    pub fn case_page_list(&self, case: CaseId) -> Result<Vec<StoredPage>, StoreError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM case_pages p JOIN blobs b ON b.sha256 = p.sha256
             WHERE p.case_id = ?1 ORDER BY p.line_id, p.seq"
        ))?;
        let rows = stmt.query_map([case.to_string()], stored)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One page of a case.
    pub fn case_page(&self, case: CaseId, page_id: &str) -> Result<StoredPage, StoreError> {
        find(&*self.conn()?, case, page_id)
    }

    /// Removes a page (and its bytes when nothing else uses them), closes the gap in the
    /// line's order, and writes `draft`, in one transaction.
    pub fn delete_page(&self, draft: &CaseDraft, page_id: &str) -> Result<(), StoreError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        let page = find(&tx, draft.id, page_id)?;
        tx.execute(
            "DELETE FROM case_pages WHERE case_id = ?1 AND page_id = ?2",
            params![draft.id.to_string(), page_id],
        )?;
        let order = line_order(&tx, draft.id, &page.line_id)?;
        renumber(&tx, draft.id, &page.line_id, &order)?;
        let mut shas = vec![page.sha256.as_str()];
        shas.extend(page.thumb_sha256.as_deref());
        drop_orphans(&tx, &shas)?;
        write_case(&tx, draft)?;
        tx.commit()?;
        Ok(())
    }

    /// Moves a page to position `to` (clamped) within its line.
    pub fn move_page(&self, case: CaseId, page_id: &str, to: u32) -> Result<(), StoreError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        let page = find(&tx, case, page_id)?;
        let mut order = line_order(&tx, case, &page.line_id)?;
        order.retain(|id| id != page_id);
        let at = (to as usize).min(order.len());
        order.insert(at, page_id.to_owned());
        renumber(&tx, case, &page.line_id, &order)?;
        tx.commit()?;
        Ok(())
    }

    /// Records why the clerk keeps a page the checks held up, and writes `draft`.
    pub fn accept_page(
        &self,
        draft: &CaseDraft,
        page_id: &str,
        reason: &str,
    ) -> Result<(), StoreError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        find(&tx, draft.id, page_id)?;
        tx.execute(
            "UPDATE case_pages SET accepted_reason = ?3 WHERE case_id = ?1 AND page_id = ?2",
            params![draft.id.to_string(), page_id, reason],
        )?;
        write_case(&tx, draft)?;
        tx.commit()?;
        Ok(())
    }

    /// Replaces a page's content in place (a turned page): new bytes, thumbnail, size and
    /// findings; the clerk's earlier override no longer applies. Writes `draft` too.
    pub fn replace_page(
        &self,
        draft: &CaseDraft,
        page_id: &str,
        page: &NewPage<'_>,
    ) -> Result<(), StoreError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        let old = find(&tx, draft.id, page_id)?;
        put_blob(&tx, page.content)?;
        if let Some(thumb) = page.thumb {
            put_blob(&tx, thumb)?;
        }
        tx.execute(
            "UPDATE case_pages SET sha256 = ?3, thumb_sha256 = ?4, width_px = ?5, height_px = ?6,
               dpi = ?7, findings = ?8, accepted_reason = NULL
             WHERE case_id = ?1 AND page_id = ?2",
            params![
                draft.id.to_string(),
                page_id,
                page.content.sha256,
                page.thumb.map(|t| t.sha256),
                page.width_px,
                page.height_px,
                page.dpi.map(f64::from),
                page.findings_json,
            ],
        )?;
        let mut shas = vec![old.sha256.as_str()];
        shas.extend(old.thumb_sha256.as_deref());
        drop_orphans(&tx, &shas)?;
        write_case(&tx, draft)?;
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blob<'a>(sha: &'a str, bytes: &'a [u8]) -> BlobRef<'a> {
        BlobRef {
            sha256: sha,
            media_type: "image/jpeg",
            bytes,
        }
    }

    fn page<'a>(id: &str, sha: &'a str, bytes: &'a [u8]) -> NewPage<'a> {
        NewPage {
            page_id: id.into(),
            content: blob(sha, bytes),
            thumb: Some(blob("t", b"thumb")),
            width_px: 2480,
            height_px: 3508,
            dpi: Some(300.0),
            origin: "flatbed",
            findings_json: "[]".into(),
            page_count: 1,
        }
    }

    fn ids(store: &Store, case: CaseId) -> Vec<(String, String, u32)> {
        store
            .case_page_list(case)
            .unwrap()
            .into_iter()
            .map(|p| (p.line_id, p.page_id, p.seq))
            .collect()
    }

    #[test]
    fn pages_are_added_reordered_accepted_and_deleted_with_the_case_written_alongside() {
        let store = Store::open_in_memory().unwrap();
        let mut draft = CaseDraft::new(Utc::now());
        draft.mark_line("L1".into(), ow_case::LineMark::Received, Utc::now());
        store
            .add_pages(
                &draft,
                "L1",
                &[page("a", "s1", b"one"), page("b", "s2", b"two")],
            )
            .unwrap();
        store
            .add_pages(&draft, "L1", &[page("c", "s1", b"one")])
            .unwrap();
        assert_eq!(
            store.case(draft.id).unwrap().materials.get("L1"),
            Some(&ow_case::LineMark::Received),
            "the draft is written in the same transaction"
        );
        assert_eq!(
            store.line_pages(draft.id).unwrap()["L1"],
            vec!["s1", "s2", "s1"]
        );

        store.move_page(draft.id, "c", 0).unwrap();
        let order: Vec<_> = ids(&store, draft.id).into_iter().map(|t| t.1).collect();
        assert_eq!(order, ["c", "a", "b"]);

        store.accept_page(&draft, "b", "原件即如此").unwrap();
        let b = store.case_page(draft.id, "b").unwrap();
        assert_eq!(b.accepted_reason.as_deref(), Some("原件即如此"));
        assert_eq!(
            (b.width_px, b.dpi, b.media_type.as_str()),
            (2480, Some(300.0), "image/jpeg")
        );

        store.delete_page(&draft, "c").unwrap();
        assert_eq!(
            ids(&store, draft.id),
            vec![("L1".into(), "a".into(), 0), ("L1".into(), "b".into(), 1)]
        );
        assert!(store.blob("s1").unwrap().is_some(), "page a still uses s1");
        store.delete_page(&draft, "a").unwrap();
        assert!(store.blob("s1").unwrap().is_none(), "no page uses s1 now");
        assert!(
            store.blob("t").unwrap().is_some(),
            "page b's thumbnail stays"
        );
    }

    #[test]
    fn a_page_that_fails_to_store_leaves_nothing_behind() {
        let store = Store::open_in_memory().unwrap();
        let draft = CaseDraft::new(Utc::now());
        // Two pages with the same id: the second insert violates the unique index, so the
        // whole call rolls back, including the first page and its bytes.
        let err = store
            .add_pages(
                &draft,
                "L1",
                &[page("a", "s1", b"one"), page("a", "s2", b"two")],
            )
            .unwrap_err();
        assert_eq!(ow_error::ErrorCode::code(&err), "store.sqlite");
        assert!(store.case_page_list(draft.id).unwrap().is_empty());
        assert!(store.blob("s1").unwrap().is_none());
        assert!(matches!(store.case(draft.id), Err(StoreError::NotFound(_))));
    }

    #[test]
    fn an_unknown_page_is_not_found() {
        let store = Store::open_in_memory().unwrap();
        let draft = CaseDraft::new(Utc::now());
        let err = store.delete_page(&draft, "nope").unwrap_err();
        assert_eq!(ow_error::ErrorCode::code(&err), "store.not_found");
    }
}
