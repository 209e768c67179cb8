fn main() {
    // Declaring the app's commands makes Tauri generate one `allow-<command>` permission per
    // command, which `permissions/*.toml` group by domain and capabilities grant per window.
    let manifest = tauri_build::AppManifest::new().commands(&[
        "app_info",
        "status",
        "ui_ready",
        "case_create",
        "case_update",
        "case_get",
        "case_recent",
        "case_resume",
        "item_search",
        "case_choose_item",
        "case_answer",
        "case_view",
        "catalog_info",
        "case_decide",
        "paper_issue",
        "paper_reprint",
        "paper_get",
        "paper_list",
        "paper_print",
        "materials_get",
        "case_mark_line",
        "materials_scan",
        "materials_import",
        "materials_rotate_page",
        "materials_delete_page",
        "materials_move_page",
        "materials_accept_page",
        "materials_page_image",
        "identity_apply",
        "identity_latest",
        "identity_chip_mrz",
        "identity_gallery",
        "identity_sim_present",
        "identity_sim_remove",
        "outbox_summary",
        "outbox_list",
        "outbox_retry",
    ]);
    if let Err(e) = tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)) {
        println!("cargo::error=tauri build step failed: {e}");
    }
}
