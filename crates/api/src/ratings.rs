//! 好差评: the citizen's rating of a visit.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;

/// The five national grades; the last two are 差评 and are followed up.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Type,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    /// 非常满意
    VerySatisfied,
    /// 满意
    Satisfied,
    /// 基本满意
    Acceptable,
    /// 不满意
    Dissatisfied,
    /// 非常不满意
    VeryDissatisfied,
}

impl Grade {
    pub const ALL: [Self; 5] = [
        Self::VerySatisfied,
        Self::Satisfied,
        Self::Acceptable,
        Self::Dissatisfied,
        Self::VeryDissatisfied,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::VerySatisfied => "very_satisfied",
            Self::Satisfied => "satisfied",
            Self::Acceptable => "acceptable",
            Self::Dissatisfied => "dissatisfied",
            Self::VeryDissatisfied => "very_dissatisfied",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.as_str() == s)
    }

    /// 差评: followed up by the hall.
    pub fn is_bad(self) -> bool {
        matches!(self, Self::Dissatisfied | Self::VeryDissatisfied)
    }
}

/// Why a 差评 was given (a short list, plus free text).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Type,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BadReason {
    /// 等候时间长
    LongWait,
    /// 态度不好
    Attitude,
    /// 多次跑腿
    ComeAgain,
    /// 材料要求不清
    UnclearMaterials,
    /// 办理慢
    Slow,
    Other,
}

impl BadReason {
    pub const ALL: [Self; 6] = [
        Self::LongWait,
        Self::Attitude,
        Self::ComeAgain,
        Self::UnclearMaterials,
        Self::Slow,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::LongWait => "long_wait",
            Self::Attitude => "attitude",
            Self::ComeAgain => "come_again",
            Self::UnclearMaterials => "unclear_materials",
            Self::Slow => "slow",
            Self::Other => "other",
        }
    }
}

/// `POST /ratings` (workstation session, with an `Idempotency-Key`): one rating of one visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingIntake {
    /// The ticket of the visit, when there was one (`20261203-A023`, or the typed number).
    #[serde(default)]
    pub ticket: Option<String>,
    /// The window case numbers of the visit.
    pub cases: Vec<String>,
    pub clerk_id: String,
    pub grade: Grade,
    /// Required for a 差评, empty otherwise.
    #[serde(default)]
    pub reasons: Vec<BadReason>,
    #[serde(default)]
    pub text: Option<String>,
    pub rated_at: DateTime<Utc>,
    /// The visit's rating code, printed as a QR code on its receipt: one rating per code,
    /// at the window or later by the code ([`is_rating_code`]).
    #[serde(default)]
    pub code: Option<String>,
}

/// Longest free text a citizen may add to a rating (a 差评's details), in characters.
pub const RATING_TEXT_MAX_CHARS: usize = 500;

/// Length of a rating code: 12 Crockford base-32 characters, 60 random bits.
pub const RATING_CODE_LEN: usize = 12;
/// The alphabet of a rating code (Crockford base 32: no I, L, O, U).
pub const RATING_CODE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Whether `c` is a rating code as printed: [`RATING_CODE_LEN`] characters of
/// [`RATING_CODE_ALPHABET`].
pub fn is_rating_code(c: &str) -> bool {
    c.len() == RATING_CODE_LEN && c.bytes().all(|b| RATING_CODE_ALPHABET.contains(&b))
}

/// `POST /ratings/invitations` (workstation session): the citizen left the window without
/// rating; the visit may still be rated by the code on its receipt. Idempotent by code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingInvite {
    pub code: String,
    #[serde(default)]
    pub ticket: Option<String>,
    pub cases: Vec<String>,
    pub clerk_id: String,
    pub served_at: DateTime<Utc>,
}

/// `GET /rate/{code}` (no sign-in): what the citizen's phone shows before rating. No
/// personal data: the code only says which visit, when, and whether it is rated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingVisit {
    #[serde(default)]
    pub ticket: Option<String>,
    /// How many items the visit had.
    pub items: u32,
    /// The day of the visit (hall time).
    pub served_on: NaiveDate,
    pub rated: bool,
}

/// `POST /rate/{code}` (no sign-in): the citizen's later rating.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LaterRating {
    pub grade: Grade,
    #[serde(default)]
    pub reasons: Vec<BadReason>,
    #[serde(default)]
    pub text: Option<String>,
}

/// A stored rating.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingRecord {
    pub id: String,
    pub workstation_id: String,
    pub rating: RatingIntake,
    pub received_at: DateTime<Utc>,
    /// For a 差评: the date the hall must have followed it up by (working days).
    pub follow_up_by: Option<NaiveDate>,
}
