//! Wire types shared by the workstation (`ow-sync`) and the back office (`ow-backoffice`).
//! Every path lives under [`API_PREFIX`]; a breaking change gets a new prefix.
//!
//! The types derive `specta::Type` so the workstation's TypeScript bindings can reuse them,
//! and, with the `openapi` feature, `utoipa::ToSchema` so the server describes them in its
//! OpenAPI document. Counts and sizes are `u32` on purpose: TypeScript has no 64-bit integer.

mod auth;
mod cases;
mod figures;
mod floor;
mod hall;
mod lockout;
mod notices;
mod ratings;
mod tickets;

pub use auth::*;
pub use cases::*;
pub use figures::*;
pub use floor::*;
pub use hall::*;
pub use lockout::{Admission, LockoutPolicy, LockoutState};
pub use notices::*;
pub use ratings::*;
pub use tickets::*;

use serde::{Deserialize, Serialize};
use specta::Type;

/// The versioned prefix of every back-office path.
pub const API_PREFIX: &str = "/api/v1";

/// The header that makes `POST /cases` safe to retry.
pub const IDEMPOTENCY_KEY: &str = "Idempotency-Key";

/// Which world a workstation or a back office lives in. The two never talk to each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Training: simulated devices, an embedded back office, every paper marked 培训.
    Sandbox,
    /// Serving citizens: real devices, the hall's back office.
    Production,
}

impl Mode {
    /// The wire name (`Health::mode`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sandbox => "sandbox",
            Self::Production => "production",
        }
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_minimal_intake_fills_its_defaults() {
        let c: CaseIntake = serde_json::from_value(json!({
            "window_case_no": "W1", "item_code": "HZ-001", "item_name": "x", "queue": "huzheng",
            "clerk_id": "c1", "applicant": {"name": "张三", "id_kind": "resident_id", "id_number": "1"},
            "materials": [{"code": "id", "name": "身份证"}], "accepted_at": "2025-06-03T09:30:00Z"
        }))
        .unwrap();
        assert_eq!(c.priority, Priority::Normal);
        assert!(c.agent.is_none() && c.situation.is_empty() && c.promised_by.is_none());
        assert!(c.materials[0].blobs.is_empty() && !c.materials[0].data_check);
    }

    #[test]
    fn states_and_actions_use_their_wire_names() {
        for s in CaseState::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), json!(s.as_str()));
            assert_eq!(CaseState::parse(s.as_str()), Some(s));
        }
        for a in CaseAction::ALL {
            assert_eq!(serde_json::to_value(a).unwrap(), json!(a.as_str()));
            assert_eq!(CaseAction::parse(a.as_str()), Some(a));
        }
        assert_eq!(
            serde_json::to_value(Priority::GreenChannel).unwrap(),
            json!("green_channel")
        );
    }
}
