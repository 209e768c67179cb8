//! The typed IPC surface: every command and event, from which the TypeScript bindings are
//! generated (`frontend/src/backend/bindings.ts`, checked fresh by a test).

use crate::card_reader::CardRead;
use crate::commands::{
    app, auth, cases, decisions, hall, identity, items, materials, outbox, rating, results,
    tickets, training,
};
use crate::monitor::StatusChanged;
use crate::outbox::OutboxChanged;
use crate::reference::CatalogChanged;
use crate::results::ResultsChanged;
use crate::session::SessionChanged;
use tauri_specta::{collect_commands, collect_events, Builder};

/// The one list of commands and events.
pub fn specta_builder() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new()
        .commands(collect_commands![
            app::first_screen,
            app::status,
            app::ui_ready,
            auth::auth_session,
            auth::auth_sign_in,
            auth::auth_sign_out,
            auth::auth_lock,
            auth::auth_unlock,
            auth::auth_touch,
            hall::hall_overview,
            hall::hall_at_risk,
            hall::hall_open_drafts,
            hall::hall_now,
            hall::hall_move_ticket,
            hall::hall_move_case,
            hall::hall_figures,
            hall::hall_figures_export,
            tickets::ticket_window,
            tickets::ticket_setup,
            tickets::ticket_call_next,
            tickets::ticket_check_in,
            tickets::ticket_finish,
            tickets::ticket_recall,
            tickets::ticket_start,
            tickets::ticket_no_show,
            tickets::ticket_transfer,
            tickets::ticket_pause,
            tickets::ticket_resume,
            rating::rating_request,
            rating::rating_pending,
            rating::rating_submit,
            rating::rating_skip,
            cases::case_create,
            cases::case_add_visit_item,
            cases::case_open_notices,
            cases::case_continue_notice,
            cases::case_follow_paper,
            cases::case_owed_cases,
            cases::case_take_owed,
            cases::case_update,
            cases::case_get,
            cases::case_recent,
            cases::case_resume,
            items::item_search,
            items::case_choose_item,
            items::case_answer,
            items::case_view,
            items::catalog_info,
            decisions::case_decide,
            decisions::paper_issue,
            decisions::paper_visit_receipt,
            decisions::paper_reprint,
            decisions::paper_get,
            decisions::paper_list,
            decisions::paper_print,
            materials::materials_get,
            materials::materials_share_visit,
            materials::case_mark_line,
            materials::materials_scan,
            materials::materials_cancel_scan,
            materials::materials_import,
            materials::materials_rotate_page,
            materials::materials_delete_page,
            materials::materials_move_page,
            materials::materials_accept_page,
            materials::materials_page_image,
            identity::identity_apply,
            identity::identity_latest,
            identity::identity_chip_mrz,
            identity::identity_gallery,
            identity::identity_check_number,
            identity::identity_sim_present,
            identity::identity_sim_remove,
            outbox::outbox_summary,
            outbox::outbox_list,
            outbox::outbox_retry,
            results::results_list,
            results::results_summary,
            results::results_hand_out,
            results::results_start_supplement,
            results::case_send_supplement,
            training::training_scenarios,
            training::training_start,
            training::training_hand_over,
            training::training_score,
            training::training_my_results,
            training::training_results,
            training::training_reset,
            training::training_report,
        ])
        .events(collect_events![
            StatusChanged,
            CardRead,
            OutboxChanged,
            CatalogChanged,
            ResultsChanged,
            SessionChanged
        ])
}

/// The bindings as text, exactly as committed.
#[cfg(test)]
fn render_bindings() -> Result<String, specta_typescript::Error> {
    let dir = std::env::temp_dir().join(format!("ow-bindings-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("bindings.ts");
    specta_builder().export(
        specta_typescript::Typescript::default().header(
            "// Generated from the Rust types by `src-tauri` (bindings test). Do not edit.\n",
        ),
        &path,
    )?;
    let text = std::fs::read_to_string(&path).map_err(specta_typescript::Error::from)?;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// From the folder `cargo test` names at run time: a test binary that cargo reuses from a
    /// build in another checkout (same sources) still holds that checkout's compile-time path.
    fn committed() -> std::path::PathBuf {
        std::env::var_os("CARGO_MANIFEST_DIR")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into())
            .join("../frontend/src/backend/bindings.ts")
    }

    /// Fails when the committed bindings differ from the Rust types. Run with
    /// `UPDATE_BINDINGS=1` to rewrite them.
    #[test]
    fn committed_bindings_are_fresh() {
        let fresh = render_bindings().unwrap();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(committed(), &fresh).unwrap();
        }
        let committed = std::fs::read_to_string(committed()).unwrap_or_default();
        assert!(
            committed == fresh,
            "frontend/src/backend/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test -p onewindow bindings`"
        );
    }

    /// A command added to the list above must also be declared in `build.rs` (or Tauri makes
    /// no permission for it) and granted by a permission set the windows' capabilities name
    /// (or every call is refused at run time); and nothing is declared that is not a command.
    #[test]
    fn every_command_is_declared_and_granted() {
        let dir: std::path::PathBuf = std::env::var_os("CARGO_MANIFEST_DIR")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into());
        let read = |p: &str| std::fs::read_to_string(dir.join(p)).unwrap_or_default();
        let source = read("src/bindings.rs");
        let listed = source
            .split("collect_commands![")
            .nth(1)
            .and_then(|s| s.split(']').next())
            .unwrap_or_default();
        let commands: Vec<&str> = listed
            .split(',')
            .filter_map(|c| c.trim().rsplit("::").next())
            .filter(|c| !c.is_empty())
            .collect();
        assert!(
            commands.len() > 50,
            "found only {} commands",
            commands.len()
        );
        let build = read("build.rs");
        let sets: String = std::fs::read_dir(dir.join("permissions"))
            .map(|entries| {
                entries
                    .flatten()
                    .filter(|e| e.path().extension().is_some_and(|x| x == "toml"))
                    .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
                    .collect()
            })
            .unwrap_or_default();
        let capabilities = read("capabilities/main.json") + &read("capabilities/citizen.json");
        let mut wrong = Vec::new();
        for c in &commands {
            if !build.contains(&format!("\"{c}\"")) {
                wrong.push(format!("{c}: not in build.rs"));
            }
            let allow = format!("\"allow-{}\"", c.replace('_', "-"));
            let Some(at) = sets.find(&allow) else {
                wrong.push(format!("{c}: in no permissions/*.toml set"));
                continue;
            };
            let set = sets[..at]
                .rsplit("identifier = \"")
                .next()
                .and_then(|s| s.split('"').next())
                .unwrap_or_default();
            if !capabilities.contains(&format!("\"{set}\"")) {
                wrong.push(format!("{c}: its set {set:?} is granted to no window"));
            }
        }
        let declared = build
            .split(".commands(&[")
            .nth(1)
            .and_then(|s| s.split(']').next())
            .unwrap_or_default();
        for d in declared.split(',').map(|d| d.trim().trim_matches('"')) {
            if !d.is_empty() && !commands.contains(&d) {
                wrong.push(format!("{d}: declared in build.rs, not a command"));
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
    }
}
