//! Sign-in and provisioning.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;

/// `POST /auth/workstation`: the id and shared secret the hall provisioned for this PC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkstationSignIn {
    pub workstation_id: String,
    pub secret: String,
}

/// `POST /auth/clerk`: a staff member's account (工号) and password or PIN.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClerkSignIn {
    pub clerk_id: String,
    /// The password or PIN (`pin` is accepted as the older name).
    #[serde(alias = "pin")]
    pub secret: String,
}

/// What a session stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SessionKind {
    Workstation,
    Clerk,
}

/// What a staff member may do. A person may hold several roles.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Type,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ClerkRole {
    /// A window clerk: takes cases in and hands results out (`window` is the older name).
    #[serde(alias = "window")]
    Clerk,
    /// A department approver: works the queues listed in `queues`.
    Approver,
    /// A shift lead: sees the whole hall and moves work.
    Lead,
    /// A trainer: runs sandbox training.
    Trainer,
    /// The hall's administrator: people, workstations, queues, reference data.
    Admin,
}

impl ClerkRole {
    pub const ALL: [Self; 5] = [
        Self::Clerk,
        Self::Approver,
        Self::Lead,
        Self::Trainer,
        Self::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Clerk => "clerk",
            Self::Approver => "approver",
            Self::Lead => "lead",
            Self::Trainer => "trainer",
            Self::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "window" => Some(Self::Clerk),
            _ => Self::ALL.into_iter().find(|r| r.as_str() == s),
        }
    }
}

/// The answer to a successful sign-in. Send `token` as `Authorization: Bearer <token>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignedIn {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub kind: SessionKind,
    /// The workstation or clerk id.
    pub subject: String,
    /// The window's or clerk's display name.
    pub name: String,
    /// A person's roles; empty for a workstation.
    pub roles: Vec<ClerkRole>,
    /// The queues an approver works; empty otherwise.
    pub queues: Vec<String>,
    /// The server's clock when it answered: the workstation measures its own skew by it.
    pub server_time: DateTime<Utc>,
}

/// `GET /auth/me`: who a valid token stands for (a 401 once it was revoked or expired).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Whoami {
    pub kind: SessionKind,
    pub subject: String,
    pub name: String,
    pub roles: Vec<ClerkRole>,
    pub queues: Vec<String>,
    pub expires_at: DateTime<Utc>,
}

/// `PUT /admin/workstations/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkstationProvision {
    /// E.g. `综合窗口 3`.
    pub window_name: String,
    /// At least 16 characters; stored only as a hash.
    pub secret: String,
}

/// `PUT /admin/clerks/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClerkProvision {
    pub name: String,
    /// The password or PIN, checked against the hall's password policy; stored only as a
    /// hash (`pin` is accepted as the older name).
    #[serde(alias = "pin")]
    pub secret: String,
    /// At least one.
    pub roles: Vec<ClerkRole>,
    /// Queue codes an approver works.
    #[serde(default)]
    pub queues: Vec<String>,
}

/// A department's back-office queue (`GET /queues`, `PUT /admin/queues/{code}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueDef {
    /// Stable code, e.g. `huzheng`.
    pub code: String,
    /// Display name, e.g. `户政`.
    pub name: String,
}

/// `PUT /admin/queues/{code}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueName {
    pub name: String,
}
