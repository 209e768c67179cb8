//! Wire types shared by the workstation (`ow-sync`) and the back office (`ow-backoffice`).
//! Every path lives under [`API_PREFIX`]; a breaking change gets a new prefix.
//!
//! The types derive `specta::Type` so the workstation's TypeScript bindings can reuse them,
//! and, with the `openapi` feature, `utoipa::ToSchema` so the server describes them in its
//! OpenAPI document. Counts and sizes are `u32` on purpose: TypeScript has no 64-bit integer.

mod auth;
mod cases;
mod hall;

pub use auth::*;
pub use cases::*;
pub use hall::*;

use serde::{Deserialize, Serialize};
use specta::Type;

/// The versioned prefix of every back-office path.
pub const API_PREFIX: &str = "/api/v1";

/// The header that makes `POST /cases` safe to retry.
pub const IDEMPOTENCY_KEY: &str = "Idempotency-Key";

/// `GET /api/v1/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// `ok` when the service can take cases.
    pub status: String,
    /// The server's build version.
    pub version: String,
    /// `sandbox` or `production`: a sandbox workstation refuses a production back office.
    pub mode: String,
}
