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

/// `POST /auth/clerk`: a clerk's id and PIN.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClerkSignIn {
    pub clerk_id: String,
    pub pin: String,
}

/// What a session stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SessionKind {
    Workstation,
    Clerk,
}

/// What a clerk may do in the back office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ClerkRole {
    /// A window clerk: takes cases in and hands results out.
    Window,
    /// A department approver: works the queues listed in `queues`.
    Approver,
    /// A shift lead: sees the whole hall and reassigns.
    Lead,
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
    /// Clerks only.
    pub role: Option<ClerkRole>,
    /// The queues an approver works; empty otherwise.
    pub queues: Vec<String>,
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
    /// 4 to 12 digits; stored only as a hash.
    pub pin: String,
    pub role: ClerkRole,
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
