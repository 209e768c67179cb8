//! The `training` domain (sandbox only; the desk refuses it in production): the trainee plays
//! scenarios at the window (`clerk` role), the trainer reads everyone's results (`trainer`).

use crate::commands::materials::blocking;
use crate::state::Shell;
use ow_api::ClerkRole;
use ow_case::CaseId;
use ow_desk::{Desk, MaterialsView, TrainingPlay, TrainingReset, TrainingResult};
use ow_error::ErrorBody;
use ow_training::{Scenario, Score};
use tauri::{AppHandle, State};

/// A trainee (a clerk) or a trainer.
fn trainee_or_trainer(shell: &Shell) -> Result<&Desk, ErrorBody> {
    shell.desk_for_any(&[ClerkRole::Clerk, ClerkRole::Trainer])
}

/// The scenario library.
#[tauri::command]
#[specta::specta]
pub async fn training_scenarios(shell: State<'_, Shell>) -> Result<Vec<Scenario>, ErrorBody> {
    Ok(trainee_or_trainer(&shell)?.training_scenarios()?)
}

/// Begins a scenario: a new case for the signed-in trainee.
#[tauri::command]
#[specta::specta]
pub async fn training_start(
    shell: State<'_, Shell>,
    scenario: String,
) -> Result<TrainingPlay, ErrorBody> {
    Ok(shell.clerk()?.start_training(&scenario)?)
}

/// The citizen hands over the paper for the scenario's line `document`; its pages go into
/// the case's line `into` through the import path.
#[tauri::command]
#[specta::specta]
pub async fn training_hand_over(
    shell: State<'_, Shell>,
    id: CaseId,
    document: String,
    into: String,
) -> Result<MaterialsView, ErrorBody> {
    blocking(&shell, move |d| d.training_hand_over(id, &document, into)).await
}

/// A play's score, once its case is decided.
#[tauri::command]
#[specta::specta]
pub async fn training_score(
    shell: State<'_, Shell>,
    id: CaseId,
) -> Result<Option<Score>, ErrorBody> {
    Ok(shell.clerk()?.training_score(id)?)
}

/// The signed-in trainee's own plays.
#[tauri::command]
#[specta::specta]
pub async fn training_my_results(
    shell: State<'_, Shell>,
) -> Result<Vec<TrainingResult>, ErrorBody> {
    let desk = shell.clerk()?;
    let me = desk.require(ClerkRole::Clerk)?.id;
    Ok(desk.training_results(Some(&me))?)
}

/// Every trainee's plays on this workstation (the trainer).
#[tauri::command]
#[specta::specta]
pub async fn training_results(shell: State<'_, Shell>) -> Result<Vec<TrainingResult>, ErrorBody> {
    Ok(shell.desk_for(ClerkRole::Trainer)?.training_results(None)?)
}

/// Returns the training window to a clean state; the plays and scores stay.
#[tauri::command]
#[specta::specta]
pub async fn training_reset(shell: State<'_, Shell>) -> Result<TrainingReset, ErrorBody> {
    Ok(trainee_or_trainer(&shell)?.reset_training()?)
}

/// A trainee's report (培训成绩单, PDF) saved in the trainer's downloads folder; its path.
#[tauri::command]
#[specta::specta]
pub async fn training_report(
    app: AppHandle,
    shell: State<'_, Shell>,
    person: String,
) -> Result<String, ErrorBody> {
    let report = shell
        .desk_for(ClerkRole::Trainer)?
        .training_report(&person)?;
    // Only letters and digits of the account reach the file name: no path from the caller.
    let who: String = person
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(32)
        .collect();
    let name = format!("培训成绩单-{who}-{}.pdf", report.document_number);
    crate::commands::downloads::save(&app, &name, &report.pdf, "training.report_failed")
}
