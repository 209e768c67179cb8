//! The `cases` domain: create, autosave, list, resume, carry a notice on.

use crate::state::Shell;
use ow_case::{CaseDraft, CaseEdit, CaseId, CaseSummary};
use ow_desk::{NoticeLookup, OwedCase};
use ow_error::ErrorBody;
use std::time::Duration;
use tauri::State;

/// Another item for the same visit: the same ticket, applicant, agent and green channel.
#[tauri::command]
#[specta::specta]
pub async fn case_add_visit_item(
    shell: State<'_, Shell>,
    from: CaseId,
) -> Result<CaseDraft, ErrorBody> {
    Ok(shell.clerk()?.add_visit_item(from)?)
}

#[tauri::command]
#[specta::specta]
pub async fn case_create(
    shell: State<'_, Shell>,
    ticket: Option<String>,
) -> Result<CaseDraft, ErrorBody> {
    Ok(shell.clerk()?.create_case(ticket)?)
}

#[tauri::command]
#[specta::specta]
pub async fn case_update(
    shell: State<'_, Shell>,
    id: CaseId,
    edit: CaseEdit,
) -> Result<CaseDraft, ErrorBody> {
    Ok(shell.clerk()?.update_case(id, edit)?)
}

#[tauri::command]
#[specta::specta]
pub async fn case_get(shell: State<'_, Shell>, id: CaseId) -> Result<CaseDraft, ErrorBody> {
    Ok(shell.clerk()?.case(id)?)
}

#[tauri::command]
#[specta::specta]
pub async fn case_recent(
    shell: State<'_, Shell>,
    limit: u32,
) -> Result<Vec<CaseSummary>, ErrorBody> {
    Ok(shell.clerk()?.recent_cases(limit)?)
}

#[tauri::command]
#[specta::specta]
pub async fn case_resume(shell: State<'_, Shell>) -> Result<Option<CaseDraft>, ErrorBody> {
    Ok(shell.clerk()?.resume()?)
}

/// At most this much of a notice's pages is fetched to carry it on (each page is bounded by
/// the client too): a notice is a few scanned lines, not an archive.
const CARRIED_PAGES_MAX_BYTES: usize = 256 * 1024 * 1024;

/// How long the card read waits for the back office's notices before showing this window's.
const ELSEWHERE_WAIT: Duration = Duration::from_secs(3);

/// The one-time notices to the case's applicant that no case carries on yet: those issued
/// here, then those the back office keeps from other windows (if it answers in time).
#[tauri::command]
#[specta::specta]
pub async fn case_open_notices(
    shell: State<'_, Shell>,
    id: CaseId,
) -> Result<NoticeLookup, ErrorBody> {
    let desk = shell.clerk()?;
    let mut notices = desk.open_notices(id)?;
    let Some(number) = desk.returning_applicant(id)? else {
        return Ok(NoticeLookup {
            notices,
            elsewhere_asked: true,
        });
    };
    let asked = tokio::time::timeout(
        ELSEWHERE_WAIT,
        shell.results.call(|c, t| {
            let number = number.clone();
            async move { c.search_notices(&t, &number).await }
        }),
    )
    .await;
    let elsewhere_asked = match asked {
        Ok(Ok(found)) => {
            notices.extend(desk.notices_elsewhere(id, found)?);
            true
        }
        Ok(Err(e)) => {
            tracing::info!(code = %e.code, "notices from other windows not asked for");
            false
        }
        Err(_) => false,
    };
    Ok(NoticeLookup {
        notices,
        elsewhere_asked,
    })
}

/// Carries on in this case what the citizen's paper names, scanned from its QR code or typed:
/// a receipt of this window whose case owes a material (容缺), or a one-time notice — issued
/// here, or kept by the back office from another window, with its pages.
#[tauri::command]
#[specta::specta]
pub async fn case_follow_paper(
    shell: State<'_, Shell>,
    id: CaseId,
    text: String,
) -> Result<CaseDraft, ErrorBody> {
    let desk = shell.clerk()?;
    if let Some(case_no) = ow_desk::receipt_case_in(&text) {
        return Ok(desk.take_owed_by_number(id, &case_no)?);
    }
    let number = ow_desk::notice_number_in(&text).ok_or(ow_desk::DeskError::NotANotice)?;
    if let Some(here) = desk.local_notice(&number)? {
        return Ok(desk.continue_notice(id, here)?);
    }
    let notice = shell
        .results
        .call(|c, t| {
            let number = number.clone();
            async move { c.fetch_notice(&t, &number).await }
        })
        .await?;
    let mut pages = std::collections::BTreeMap::new();
    let mut total = 0usize;
    for sha in notice.record.received.iter().flat_map(|m| &m.blobs) {
        let bytes = shell
            .results
            .call(|c, t| {
                let sha = sha.clone();
                async move { c.get_blob(&t, &sha).await }
            })
            .await?;
        total += bytes.len();
        if total > CARRIED_PAGES_MAX_BYTES {
            return Err(ErrorBody::new(
                "sync.blob_too_large",
                "the notice's pages are larger than a notice's pages can be",
            ));
        }
        pages.insert(sha.clone(), bytes);
    }
    Ok(desk.continue_remote_notice(id, &notice, &pages)?)
}

/// Continues a notice in this case: its answers and the lines it had received, with pages.
#[tauri::command]
#[specta::specta]
pub async fn case_continue_notice(
    shell: State<'_, Shell>,
    id: CaseId,
    notice: CaseId,
) -> Result<CaseDraft, ErrorBody> {
    Ok(shell.clerk()?.continue_notice(id, notice)?)
}

/// The case's applicant's cases accepted here that still owe materials (容缺).
#[tauri::command]
#[specta::specta]
pub async fn case_owed_cases(
    shell: State<'_, Shell>,
    id: CaseId,
) -> Result<Vec<OwedCase>, ErrorBody> {
    Ok(shell.clerk()?.owed_cases(id)?)
}

/// Makes this case the supplement that brings what `accepted` owes.
#[tauri::command]
#[specta::specta]
pub async fn case_take_owed(
    shell: State<'_, Shell>,
    id: CaseId,
    accepted: CaseId,
) -> Result<CaseDraft, ErrorBody> {
    Ok(shell.clerk()?.take_owed(id, accepted)?)
}
