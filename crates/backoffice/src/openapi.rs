//! The OpenAPI document, generated from the handlers' `#[utoipa::path]` annotations.
//!
//! Routes are registered only through `utoipa_axum::routes!`, which adds a handler to the
//! router and its description to the document in one step: a route cannot exist undescribed.

use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};

/// Mirrors `ow_error::ErrorBody`, which does not depend on utoipa.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ErrorBody {
    /// Stable machine code, e.g. `backoffice.unknown_queue`.
    pub code: String,
    /// The error chain in English.
    pub message: String,
    /// Structured facts, e.g. `{"missing": ["<sha256>"]}`.
    #[schema(value_type = Option<Object>)]
    pub details: Option<serde_json::Value>,
}

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "OneWindow back office",
        description = "Department queues behind the integrated windows (前台综合收件、后台分类审批、统一窗口出件). \
            Errors are `{code, message, details}` with stable `backoffice.*` codes."
    ),
    components(schemas(ErrorBody)),
    modifiers(&BearerAuth),
    tags(
        (name = "meta", description = "Health and this document"),
        (name = "auth", description = "Sign-in and provisioning"),
        (name = "reference", description = "Catalog and calendar downloads"),
        (name = "blobs", description = "Content-addressed scans"),
        (name = "cases", description = "Intake, status, results for the windows"),
        (name = "notices", description = "One-time notices, found again at any window when the citizen comes back"),
        (name = "queues", description = "Department queues and decisions"),
        (name = "hall", description = "The shift lead's overview"),
        (name = "tickets", description = "The hall's ticket queue (取号叫号): groups, tickets, calls, appointments"),
        (name = "kiosk", description = "What the kiosk page uses, without signing in"),
        (name = "ratings", description = "好差评: ratings of visits; 差评 are followed up")
    )
)]
pub struct ApiDoc;

/// The whole document, as served at `/api/v1/openapi.json`.
pub fn document() -> utoipa::openapi::OpenApi {
    crate::routes::api(&crate::config::Limits::default())
        .split_for_parts()
        .1
}
