//! Health and the OpenAPI document.

use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use ow_api::Health;
use std::sync::OnceLock;

#[utoipa::path(get, path = "/health", tag = "meta",
    responses((status = 200, description = "The server is up", body = Health)))]
pub async fn health(State(st): State<AppState>) -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        mode: st.mode().to_owned(),
    })
}

#[utoipa::path(get, path = "/openapi.json", tag = "meta",
    responses((status = 200, description = "This API's OpenAPI 3.1 document", body = Object)))]
pub async fn openapi_json() -> Json<serde_json::Value> {
    static DOC: OnceLock<serde_json::Value> = OnceLock::new();
    Json(
        DOC.get_or_init(|| serde_json::to_value(crate::openapi::document()).unwrap_or_default())
            .clone(),
    )
}
