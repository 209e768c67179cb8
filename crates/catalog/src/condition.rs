//! The condition language: compile the YAML form against an item's questions, then evaluate
//! it against the answers with three-valued logic (true / false / not yet known).
//!
//! A test on a question that is not asked (hidden by its own `show_if`) is false; a test on a
//! question that is asked but not yet answered is unknown, and stays unknown through
//! `all`/`any`/`not` unless the other branches decide.

use std::collections::HashMap;

use chrono::NaiveDate;
use marked_yaml::Spanned;

use crate::error::{CatalogError, Location};
use crate::model::QuestionKind;
use crate::raw::{line_of, RawCondition};

/// A comparison of a number or date answer with a fixed value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cmp {
    Eq,
    Lt,
    Lte,
    Gt,
    Gte,
}

impl Cmp {
    fn holds<T: Ord>(self, answer: &T, value: &T) -> bool {
        match self {
            Cmp::Eq => answer == value,
            Cmp::Lt => answer < value,
            Cmp::Lte => answer <= value,
            Cmp::Gt => answer > value,
            Cmp::Gte => answer >= value,
        }
    }
}

/// A test on one answer, with values already resolved to the question's kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Test {
    /// The chosen option is one of these (option indexes).
    ChoiceIn(Vec<usize>),
    /// The multiple-choice answer includes this option.
    Has(usize),
    YesNo(bool),
    Number(Cmp, i32),
    NumberIn(Vec<i32>),
    Date(Cmp, NaiveDate),
}

/// A compiled condition; question references are indexes into the item's questions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Condition {
    Test { question: usize, test: Test },
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
}

/// The state of one question for evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    /// Not asked in this situation: every test on it is false.
    Hidden,
    /// Asked but not answered yet: every test on it is unknown.
    Pending,
    Choice(usize),
    /// Bit set of chosen option indexes (at most 64 options).
    Choices(u64),
    YesNo(bool),
    Number(i32),
    Date(NaiveDate),
}

impl Condition {
    /// `Some(true)`, `Some(false)`, or `None` while a question it needs is unanswered.
    pub(crate) fn eval(&self, slots: &[Slot]) -> Option<bool> {
        match self {
            Condition::Test { question, test } => {
                eval_test(test, slots.get(*question).copied().unwrap_or(Slot::Hidden))
            }
            Condition::All(parts) => {
                let mut unknown = false;
                for part in parts {
                    match part.eval(slots) {
                        Some(false) => return Some(false),
                        None => unknown = true,
                        Some(true) => {}
                    }
                }
                if unknown {
                    None
                } else {
                    Some(true)
                }
            }
            Condition::Any(parts) => {
                let mut unknown = false;
                for part in parts {
                    match part.eval(slots) {
                        Some(true) => return Some(true),
                        None => unknown = true,
                        Some(false) => {}
                    }
                }
                if unknown {
                    None
                } else {
                    Some(false)
                }
            }
            Condition::Not(inner) => inner.eval(slots).map(|b| !b),
        }
    }

    /// Every question the condition reads, with the tests made on it.
    pub(crate) fn for_each_test(&self, f: &mut impl FnMut(usize, &Test)) {
        match self {
            Condition::Test { question, test } => f(*question, test),
            Condition::All(parts) | Condition::Any(parts) => {
                parts.iter().for_each(|p| p.for_each_test(f));
            }
            Condition::Not(inner) => inner.for_each_test(f),
        }
    }
}

fn eval_test(test: &Test, slot: Slot) -> Option<bool> {
    match slot {
        Slot::Hidden => Some(false),
        Slot::Pending => None,
        Slot::Choice(chosen) => Some(matches!(test, Test::ChoiceIn(set) if set.contains(&chosen))),
        Slot::Choices(bits) => {
            Some(matches!(test, Test::Has(option) if *option < 64 && bits & (1u64 << option) != 0))
        }
        Slot::YesNo(answer) => Some(matches!(test, Test::YesNo(value) if *value == answer)),
        Slot::Number(answer) => Some(match test {
            Test::Number(cmp, value) => cmp.holds(&answer, value),
            Test::NumberIn(values) => values.contains(&answer),
            _ => false,
        }),
        Slot::Date(answer) => {
            Some(matches!(test, Test::Date(cmp, value) if cmp.holds(&answer, value)))
        }
    }
}

/// What the compiler needs to know about a question.
pub(crate) struct QuestionShape {
    pub index: usize,
    pub kind: QuestionKind,
    pub options: Vec<String>,
}

/// Compiles conditions of one item; `at` builds the error location for a line.
pub(crate) struct Compiler<'a> {
    pub questions: &'a HashMap<String, QuestionShape>,
    pub at: &'a dyn Fn(u32) -> Location,
}

impl Compiler<'_> {
    pub(crate) fn compile(&self, raw: &Spanned<RawCondition>) -> Result<Condition, CatalogError> {
        let line = line_of(raw);
        let invalid = |message: String| CatalogError::InvalidCondition {
            at: (self.at)(line),
            message,
        };
        let combinators = [raw.all.is_some(), raw.any.is_some(), raw.not.is_some()]
            .iter()
            .filter(|b| **b)
            .count();
        let Some(question) = &raw.q else {
            if combinators != 1 {
                return Err(invalid(
                    "write either `q:` with one test, or exactly one of `all:`, `any:`, `not:`"
                        .into(),
                ));
            }
            if let Some(parts) = &raw.all {
                return Ok(Condition::All(self.compile_list(parts, line)?));
            }
            if let Some(parts) = &raw.any {
                return Ok(Condition::Any(self.compile_list(parts, line)?));
            }
            if let Some(inner) = &raw.not {
                return Ok(Condition::Not(Box::new(self.compile(inner)?)));
            }
            return Err(invalid("empty condition".into()));
        };
        if combinators != 0 {
            return Err(invalid(
                "`q:` cannot be mixed with `all:`, `any:` or `not:`".into(),
            ));
        }
        let q_line = line_of(question);
        let Some(shape) = self.questions.get(question.as_str()) else {
            return Err(CatalogError::UnknownQuestion {
                at: (self.at)(q_line),
                question: question.to_string(),
            });
        };
        let tests: Vec<(&str, Option<&String>)> = vec![
            ("eq", raw.eq.as_ref()),
            ("ne", raw.ne.as_ref()),
            ("has", raw.has.as_ref()),
            ("lt", raw.lt.as_ref()),
            ("lte", raw.lte.as_ref()),
            ("gt", raw.gt.as_ref()),
            ("gte", raw.gte.as_ref()),
        ];
        let mut given: Vec<(&str, &String)> = tests
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k, v)))
            .collect();
        let list = raw.one_of.as_ref();
        let count = given.len() + usize::from(list.is_some());
        if count != 1 {
            return Err(invalid(format!(
                "question `{}` needs exactly one test (eq, ne, in, has, lt, lte, gt, gte), found {count}",
                question.as_str()
            )));
        }
        let test = match (list, given.pop()) {
            (Some(values), _) => shape.test_in(values),
            (None, Some((op, value))) => shape.test(op, value),
            (None, None) => Err(Problem::NoTest),
        }
        .map_err(|m| invalid(format!("question `{}`: {m}", question.as_str())))?;
        let condition = Condition::Test {
            question: shape.index,
            test,
        };
        if raw.ne.is_some() {
            return Ok(Condition::Not(Box::new(condition)));
        }
        Ok(condition)
    }

    fn compile_list(
        &self,
        parts: &[Spanned<RawCondition>],
        line: u32,
    ) -> Result<Vec<Condition>, CatalogError> {
        if parts.is_empty() {
            return Err(CatalogError::InvalidCondition {
                at: (self.at)(line),
                message: "`all:`/`any:` needs at least one condition".into(),
            });
        }
        parts.iter().map(|p| self.compile(p)).collect()
    }
}

impl QuestionShape {
    fn option(&self, value: &str) -> Result<usize, Problem> {
        self.options
            .iter()
            .position(|o| o == value)
            .ok_or_else(|| Problem::NotAnOption {
                value: value.to_owned(),
                options: self.options.join(", "),
            })
    }

    fn test(&self, op: &str, value: &str) -> Result<Test, Problem> {
        let value = value.trim();
        match (self.kind, op) {
            (QuestionKind::Single, "eq" | "ne") => Ok(Test::ChoiceIn(vec![self.option(value)?])),
            (QuestionKind::Multi, "has") => Ok(Test::Has(self.option(value)?)),
            (QuestionKind::YesNo, "eq" | "ne") => parse_yes_no(value).map(Test::YesNo),
            (QuestionKind::Number, _) => Ok(Test::Number(cmp_of(op)?, parse_number(value)?)),
            (QuestionKind::Date, _) => Ok(Test::Date(cmp_of(op)?, parse_date(value)?)),
            (kind, op) => Err(Problem::OpNotAllowed {
                op: op.to_owned(),
                kind,
            }),
        }
    }

    fn test_in(&self, values: &[String]) -> Result<Test, Problem> {
        if values.is_empty() {
            return Err(Problem::EmptyIn);
        }
        match self.kind {
            QuestionKind::Single => values
                .iter()
                .map(|v| self.option(v.trim()))
                .collect::<Result<_, _>>()
                .map(Test::ChoiceIn),
            QuestionKind::Number => values
                .iter()
                .map(|v| parse_number(v))
                .collect::<Result<_, _>>()
                .map(Test::NumberIn),
            kind => Err(Problem::InNotAllowed { kind }),
        }
    }
}

fn cmp_of(op: &str) -> Result<Cmp, Problem> {
    match op {
        "eq" | "ne" => Ok(Cmp::Eq),
        "lt" => Ok(Cmp::Lt),
        "lte" => Ok(Cmp::Lte),
        "gt" => Ok(Cmp::Gt),
        "gte" => Ok(Cmp::Gte),
        other => Err(Problem::UnknownOp(other.to_owned())),
    }
}

fn parse_yes_no(value: &str) -> Result<bool, Problem> {
    match value {
        "yes" | "true" | "是" => Ok(true),
        "no" | "false" | "否" => Ok(false),
        other => Err(Problem::NotYesNo(other.to_owned())),
    }
}

fn parse_number(value: &str) -> Result<i32, Problem> {
    value
        .trim()
        .parse()
        .map_err(|_| Problem::NotNumber(value.to_owned()))
}

fn parse_date(value: &str) -> Result<NaiveDate, Problem> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map_err(|_| Problem::NotDate(value.to_owned()))
}

/// Why one test in a condition does not fit its question; becomes the message of
/// `CatalogError::InvalidCondition`, which carries the file, item and line.
#[derive(Debug, thiserror::Error)]
enum Problem {
    #[error("`{value}` is not one of its options ({options})")]
    NotAnOption { value: String, options: String },
    #[error("`{op}` cannot be used on a {kind:?} question")]
    OpNotAllowed { op: String, kind: QuestionKind },
    #[error("`in:` needs at least one value")]
    EmptyIn,
    #[error("no test given")]
    NoTest,
    #[error("`in` cannot be used on a {kind:?} question")]
    InNotAllowed { kind: QuestionKind },
    #[error("`{0}` cannot be used here")]
    UnknownOp(String),
    #[error("`{0}` is not yes/no")]
    NotYesNo(String),
    #[error("`{0}` is not a whole number")]
    NotNumber(String),
    #[error("`{0}` is not a date like 2024-01-31")]
    NotDate(String),
}

impl crate::model::Question {
    /// Reads an answer written as text, as the catalog writes condition values (`yes`/`no`/
    /// `是`/`否`, whole numbers, `2024-01-31`, option ids; several options separated by
    /// commas). For files that record answers, such as training scenarios.
    pub fn parse_answer(&self, text: &str) -> Result<crate::model::AnswerValue, InvalidAnswer> {
        use crate::model::AnswerValue;
        let option = |v: &str| {
            let v = v.trim();
            if self.options.iter().any(|o| o.id == v) {
                Ok(v.to_owned())
            } else {
                let options: Vec<&str> = self.options.iter().map(|o| o.id.as_str()).collect();
                Err(Problem::NotAnOption {
                    value: v.to_owned(),
                    options: options.join(", "),
                })
            }
        };
        let answer = match self.kind {
            QuestionKind::Single => option(text).map(AnswerValue::Choice),
            QuestionKind::Multi => text
                .split(',')
                .filter(|v| !v.trim().is_empty())
                .map(option)
                .collect::<Result<_, _>>()
                .map(AnswerValue::Choices),
            QuestionKind::YesNo => parse_yes_no(text.trim()).map(AnswerValue::YesNo),
            QuestionKind::Number => parse_number(text).and_then(|n| {
                let low = self.min.is_some_and(|min| n < min);
                let high = self.max.is_some_and(|max| n > max);
                if low || high {
                    Err(Problem::NotNumber(format!("{n} (out of range)")))
                } else {
                    Ok(AnswerValue::Number(n))
                }
            }),
            QuestionKind::Date => parse_date(text).map(AnswerValue::Date),
        };
        answer.map_err(InvalidAnswer)
    }
}

/// A written answer that does not fit its question (not an option, not yes/no, a number out
/// of range, not a date).
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct InvalidAnswer(Problem);

impl ow_error::ErrorCode for InvalidAnswer {
    fn code(&self) -> &'static str {
        "catalog.invalid_answer"
    }
}
