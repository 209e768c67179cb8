//! Why a scenario library was refused, or a training request cannot be met.

use ow_error::ErrorCode;

#[derive(Debug, thiserror::Error)]
pub enum TrainingError {
    /// The YAML does not parse.
    #[error("{file}:{line}: YAML syntax error: {message}")]
    Syntax {
        file: String,
        line: u32,
        message: String,
    },
    /// A key is unknown, missing or of the wrong type.
    #[error("{file}:{line}: {message}")]
    Schema {
        file: String,
        line: u32,
        message: String,
    },
    /// The scenario does not fit the catalog, or its expected outcome does not follow from it.
    #[error("{file}:{line}: {message}")]
    Invalid {
        file: String,
        line: u32,
        message: String,
    },
    /// No scenario has this id.
    #[error("no training scenario `{0}`")]
    UnknownScenario(String),
}

impl ErrorCode for TrainingError {
    fn code(&self) -> &'static str {
        match self {
            Self::Syntax { .. } => "training.scenario_syntax",
            Self::Schema { .. } => "training.scenario_schema",
            Self::Invalid { .. } => "training.scenario_invalid",
            Self::UnknownScenario(_) => "training.unknown_scenario",
        }
    }

    fn details(&self) -> Option<serde_json::Value> {
        match self {
            Self::Syntax { file, line, .. }
            | Self::Schema { file, line, .. }
            | Self::Invalid { file, line, .. } => {
                Some(serde_json::json!({ "file": file, "line": line }))
            }
            Self::UnknownScenario(id) => Some(serde_json::json!({ "scenario": id })),
        }
    }
}
