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
