//! The one error type of the crate: every refusal names the file, the item and the line.

use ow_error::ErrorCode;

/// Where in the catalog a problem is. `item` is the item's basic code when the problem is
/// inside an item (or the code being written when the code itself is wrong).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The catalog file, relative to the catalog root, e.g. `items/huzheng/tkpo.yaml`.
    pub file: String,
    /// The item's basic code, when the problem is inside an item.
    pub item: Option<String>,
    /// 1-based line number (0 when unknown).
    pub line: u32,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)?;
        if let Some(item) = &self.item {
            write!(f, " (item {item})")?;
        }
        Ok(())
    }
}

/// Why a catalog was refused. Loading is all-or-nothing: the caller keeps its last good one.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// A catalog directory or file could not be read.
    #[error("cannot read catalog file {path}")]
    Io {
        /// The path that failed.
        path: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The YAML itself does not parse (indentation, quotes, tabs …).
    #[error("{at}: YAML syntax error: {message}")]
    Syntax {
        /// Where.
        at: Location,
        /// The parser's message.
        message: String,
    },
    /// The YAML parses but a key is unknown, missing or of the wrong type.
    #[error("{at}: {message}")]
    Schema {
        /// Where.
        at: Location,
        /// What is wrong.
        message: String,
    },
    /// `catalog.yaml` is missing, or its format is newer than this program.
    #[error("{at}: {message}")]
    Manifest {
        /// Where.
        at: Location,
        /// What is wrong.
        message: String,
    },
    /// A file outside the known layout (`catalog.yaml`, `departments.yaml`, `materials…`, `items/…`).
    #[error("{at}: unexpected catalog file; expected catalog.yaml, departments.yaml, materials*.yaml or items/…")]
    UnexpectedFile {
        /// Where.
        at: Location,
    },
    /// A material line refers to a material that is not in the library.
    #[error("{at}: unknown material `{material}`")]
    UnknownMaterial {
        /// Where.
        at: Location,
        /// The reference as written.
        material: String,
    },
    /// An item names a department that is not in `departments.yaml`.
    #[error("{at}: unknown department `{department}`")]
    UnknownDepartment {
        /// Where.
        at: Location,
        /// The department as written.
        department: String,
    },
    /// A condition names a question that the item does not have.
    #[error("{at}: condition names unknown question `{question}`")]
    UnknownQuestion {
        /// Where.
        at: Location,
        /// The question id as written.
        question: String,
    },
    /// A condition is malformed or its value does not fit the question.
    #[error("{at}: invalid condition: {message}")]
    InvalidCondition {
        /// Where.
        at: Location,
        /// What is wrong.
        message: String,
    },
    /// A question is malformed (no options, min above max …).
    #[error("{at}: invalid question `{question}`: {message}")]
    InvalidQuestion {
        /// Where.
        at: Location,
        /// The question id.
        question: String,
        /// What is wrong.
        message: String,
    },
    /// Questions whose visibility depends on each other in a circle.
    #[error("{at}: questions depend on each other in a cycle: {}", cycle.join(" → "))]
    QuestionCycle {
        /// Where (the first question of the cycle).
        at: Location,
        /// The question ids around the cycle.
        cycle: Vec<String>,
    },
    /// A time limit that cannot be right (zero days, promised longer than legal …).
    #[error("{at}: bad time limit: {message}")]
    BadTimeLimit {
        /// Where.
        at: Location,
        /// What is wrong.
        message: String,
    },
    /// A basic or implementation code of the wrong length or characters.
    #[error("{at}: bad code `{code}`: {message}")]
    BadCode {
        /// Where.
        at: Location,
        /// The code as written.
        code: String,
        /// What is wrong.
        message: String,
    },
    /// The same code or id twice where it must be unique.
    #[error("{at}: duplicate {what} `{id}` (first at {first})")]
    Duplicate {
        /// Where the second one is.
        at: Location,
        /// What kind of id: item code, question, option, material line, department, material.
        what: &'static str,
        /// The repeated id.
        id: String,
        /// Where the first one is.
        first: Box<Location>,
    },
}

impl CatalogError {
    /// Where the problem is, when it is inside a catalog file.
    pub fn location(&self) -> Option<&Location> {
        match self {
            Self::Io { .. } => None,
            Self::Syntax { at, .. }
            | Self::Schema { at, .. }
            | Self::Manifest { at, .. }
            | Self::UnexpectedFile { at }
            | Self::UnknownMaterial { at, .. }
            | Self::UnknownDepartment { at, .. }
            | Self::UnknownQuestion { at, .. }
            | Self::InvalidCondition { at, .. }
            | Self::InvalidQuestion { at, .. }
            | Self::QuestionCycle { at, .. }
            | Self::BadTimeLimit { at, .. }
            | Self::BadCode { at, .. }
            | Self::Duplicate { at, .. } => Some(at),
        }
    }
}

impl ErrorCode for CatalogError {
    fn code(&self) -> &'static str {
        match self {
            Self::Io { .. } => "catalog.io",
            Self::Syntax { .. } => "catalog.yaml_syntax",
            Self::Schema { .. } => "catalog.schema",
            Self::Manifest { .. } => "catalog.manifest",
            Self::UnexpectedFile { .. } => "catalog.unexpected_file",
            Self::UnknownMaterial { .. } => "catalog.unknown_material",
            Self::UnknownDepartment { .. } => "catalog.unknown_department",
            Self::UnknownQuestion { .. } => "catalog.unknown_question",
            Self::InvalidCondition { .. } => "catalog.invalid_condition",
            Self::InvalidQuestion { .. } => "catalog.invalid_question",
            Self::QuestionCycle { .. } => "catalog.question_cycle",
            Self::BadTimeLimit { .. } => "catalog.bad_time_limit",
            Self::BadCode { .. } => "catalog.bad_code",
            Self::Duplicate { .. } => "catalog.duplicate",
        }
    }

    fn details(&self) -> Option<serde_json::Value> {
        match self {
            Self::Io { path, .. } => Some(serde_json::json!({ "file": path })),
            other => other
                .location()
                .map(|at| serde_json::json!({ "file": at.file, "item": at.item, "line": at.line })),
        }
    }
}
