//! The `auth` domain: sign in, lock, unlock, sign out. Open to anyone at the window (they are
//! how one becomes someone); everything else asks the desk for a role first.

use crate::session::announce;
use crate::state::Shell;
use ow_desk::SessionView;
use ow_error::ErrorBody;
use std::time::Duration;
use tauri::{AppHandle, State};

/// How long a sign-in waits for the back office to be connected before trying offline.
const WAIT_FOR_LINK: Duration = Duration::from_secs(5);

/// Who is at the keyboard (locks the screen first when the quiet time has passed).
#[tauri::command]
#[specta::specta]
pub async fn auth_session(shell: State<'_, Shell>) -> Result<SessionView, ErrorBody> {
    Ok(shell.desk_arc()?.session()?)
}

/// Signs a person in at the back office, or offline when it cannot be reached.
#[tauri::command]
#[specta::specta]
pub async fn auth_sign_in(
    app: AppHandle,
    shell: State<'_, Shell>,
    account: String,
    secret: String,
) -> Result<SessionView, ErrorBody> {
    let desk = shell.desk_arc()?;
    let link = shell.results.client_within(WAIT_FOR_LINK).await;
    let view = desk.sign_in(link.as_ref(), &account, &secret).await;
    announce(&app, &desk);
    Ok(view?)
}

/// Signs the person out; their open cases stay theirs.
#[tauri::command]
#[specta::specta]
pub async fn auth_sign_out(
    app: AppHandle,
    shell: State<'_, Shell>,
) -> Result<SessionView, ErrorBody> {
    let desk = shell.desk_arc()?;
    if let (Some(token), Some(client)) = (desk.sign_out()?, shell.results.client_now()) {
        // Best effort: the token expires on its own if the back office is away now.
        let _ = client.sign_out(&token).await;
    }
    announce(&app, &desk);
    Ok(desk.session()?)
}

/// Locks the screen over the work (the idle lock, or the clerk's own key).
#[tauri::command]
#[specta::specta]
pub async fn auth_lock(app: AppHandle, shell: State<'_, Shell>) -> Result<SessionView, ErrorBody> {
    let desk = shell.desk_arc()?;
    let view = desk.lock_screen()?;
    announce(&app, &desk);
    Ok(view)
}

/// The same person unlocks with their password or PIN.
#[tauri::command]
#[specta::specta]
pub async fn auth_unlock(
    app: AppHandle,
    shell: State<'_, Shell>,
    secret: String,
) -> Result<SessionView, ErrorBody> {
    let desk = shell.desk_arc()?;
    let view = desk.unlock(&secret).await;
    announce(&app, &desk);
    Ok(view?)
}

/// The UI saw the person work (keys, clicks): the idle clock starts again.
#[tauri::command]
#[specta::specta]
pub async fn auth_touch(shell: State<'_, Shell>) -> Result<(), ErrorBody> {
    Ok(shell.desk_arc()?.touch()?)
}
