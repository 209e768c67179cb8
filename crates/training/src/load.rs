//! Reading the scenario library: one YAML file per scenario, all checked, all or nothing.

use std::collections::{BTreeMap, BTreeSet};

use include_dir::{include_dir, Dir, DirEntry};
use marked_yaml::{LoaderOptions, Spanned};
use ow_case::DecisionKind;
use ow_catalog::{Catalog, Decision, Necessity, RejectionKind};
use serde::Deserialize;

use crate::error::TrainingError;
use crate::expect::{expected_lines, LineExpectation};
use crate::model::{Defect, Document, Expected, Scenario};

static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../training/scenarios");

/// The scenarios of a library, in file order.
#[derive(Debug, Clone, Default)]
pub struct Library {
    scenarios: Vec<Scenario>,
}

/// The scenario files built into the program as (file name, text), for review and tests.
pub fn builtin_files() -> Vec<(String, &'static str)> {
    BUILTIN
        .entries()
        .iter()
        .filter_map(|e| match e {
            DirEntry::File(f) => Some((
                f.path().to_string_lossy().into_owned(),
                f.contents_utf8().unwrap_or_default(),
            )),
            DirEntry::Dir(_) => None,
        })
        .collect()
}

impl Library {
    /// The library built into the program, checked against `catalog`; `cards` are the keys
    /// of the simulator's gallery (the citizens' documents).
    pub fn builtin(catalog: &Catalog, cards: &[String]) -> Result<Self, TrainingError> {
        Self::load_files(builtin_files(), catalog, cards)
    }

    /// A library from (file name, text) pairs; files not ending in `.yaml` are skipped.
    pub fn load_files<N: AsRef<str>, T: AsRef<str>>(
        files: impl IntoIterator<Item = (N, T)>,
        catalog: &Catalog,
        cards: &[String],
    ) -> Result<Self, TrainingError> {
        let mut files: Vec<(String, T)> = files
            .into_iter()
            .map(|(n, t)| (n.as_ref().to_owned(), t))
            .filter(|(n, _)| n.ends_with(".yaml"))
            .collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        let scenarios = files
            .iter()
            .map(|(name, text)| read_scenario(name, text.as_ref(), catalog, cards))
            .collect::<Result<_, _>>()?;
        Ok(Self { scenarios })
    }

    pub fn scenarios(&self) -> &[Scenario] {
        &self.scenarios
    }

    pub fn get(&self, id: &str) -> Result<&Scenario, TrainingError> {
        self.scenarios
            .iter()
            .find(|s| s.id == id)
            .ok_or_else(|| TrainingError::UnknownScenario(id.to_owned()))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScenario {
    title: String,
    level: Spanned<u8>,
    teaches: String,
    item: Spanned<String>,
    applicant: Spanned<String>,
    #[serde(default)]
    agent: Option<Spanned<String>>,
    #[serde(default)]
    answers: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    documents: Vec<RawDocument>,
    #[serde(default)]
    data_check: Vec<Spanned<String>>,
    expected: RawExpected,
    target_seconds: Spanned<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDocument {
    line: Spanned<String>,
    says: String,
    #[serde(default)]
    pages: Option<u32>,
    #[serde(default)]
    defect: Option<Spanned<Defect>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExpected {
    decision: Spanned<DecisionKind>,
    #[serde(default)]
    lines: Vec<Spanned<String>>,
    #[serde(default)]
    owed: Vec<Spanned<String>>,
    #[serde(default)]
    ground: Option<Spanned<RejectionKind>>,
}

fn line_of<T>(v: &Spanned<T>) -> u32 {
    v.span()
        .start()
        .map_or(0, |m| u32::try_from(m.line()).unwrap_or(u32::MAX))
}

fn read_scenario(
    file: &str,
    text: &str,
    catalog: &Catalog,
    cards: &[String],
) -> Result<Scenario, TrainingError> {
    let options = LoaderOptions::default().error_on_duplicate_keys(true);
    let node = marked_yaml::parse_yaml_with_options(0, text, options).map_err(|e| {
        TrainingError::Syntax {
            file: file.to_owned(),
            line: syntax_line(&e),
            message: e.to_string(),
        }
    })?;
    let raw: RawScenario = marked_yaml::from_node(&node).map_err(|e| {
        let line = e
            .start_mark()
            .map_or(0, |m| u32::try_from(m.line()).unwrap_or(u32::MAX));
        TrainingError::Schema {
            file: file.to_owned(),
            line,
            message: e.to_string(),
        }
    })?;
    let bad = |line: u32, message: String| TrainingError::Invalid {
        file: file.to_owned(),
        line,
        message,
    };
    let id = file
        .rsplit('/')
        .next()
        .unwrap_or(file)
        .trim_end_matches(".yaml")
        .to_owned();
    if !(1..=3).contains(&*raw.level) {
        return Err(bad(line_of(&raw.level), "level is 1, 2 or 3".into()));
    }
    for card in std::iter::once(&raw.applicant).chain(raw.agent.as_ref()) {
        if !cards.iter().any(|c| c == card.as_str()) {
            let known = cards.join(", ");
            return Err(bad(
                line_of(card),
                format!(
                    "no card `{}` in the simulator's gallery ({known})",
                    card.as_str()
                ),
            ));
        }
    }
    let item = catalog.item(&raw.item).ok_or_else(|| {
        bad(
            line_of(&raw.item),
            format!("no item `{}` in the catalog", raw.item.as_str()),
        )
    })?;
    let mut answers = ow_catalog::Answers::new();
    for (question, value) in &raw.answers {
        let q = item
            .questions()
            .find(|q| &q.id == question)
            .ok_or_else(|| {
                bad(
                    line_of(value),
                    format!("item {} asks no question `{question}`", item.code()),
                )
            })?;
        let answer = q
            .parse_answer(value)
            .map_err(|m| bad(line_of(value), format!("{question}: {m}")))?;
        answers.insert(question.clone(), answer);
    }
    let eval = item.evaluate(&answers);
    let answer_line = |id: &str| raw.answers.get(id).map_or(0, line_of);
    if let Some(id) = eval.ignored_answers.first() {
        return Err(bad(
            answer_line(id),
            format!("`{id}` is not asked for these answers"),
        ));
    }
    if let Decision::Incomplete { missing } = &eval.decision {
        return Err(bad(
            line_of(&raw.item),
            format!("questions left unanswered: {}", missing.join(", ")),
        ));
    }

    let mut documents = Vec::new();
    let mut seen = BTreeSet::new();
    for doc in &raw.documents {
        let at = line_of(&doc.line);
        let line = eval
            .checklist
            .iter()
            .find(|l| l.id == *doc.line)
            .ok_or_else(|| {
                let ids: Vec<&str> = eval.checklist.iter().map(|l| l.id.as_str()).collect();
                bad(
                    at,
                    format!(
                        "no line `{}` in this checklist ({})",
                        doc.line.as_str(),
                        ids.join(", ")
                    ),
                )
            })?;
        if !seen.insert(line.id.clone()) {
            return Err(bad(at, format!("a second paper for `{}`", line.id)));
        }
        let defect = doc.defect.as_ref().map(|d| **d);
        let must = matches!(line.necessity, Necessity::Required | Necessity::Conditional);
        if defect.is_some() && !must {
            return Err(bad(
                at,
                "a planted defect belongs on a line that must be supplied".into(),
            ));
        }
        let whole = line.pages.unwrap_or(1);
        let pages = match (defect, doc.pages) {
            (Some(Defect::MissingBack), _) if whole < 2 => {
                return Err(bad(
                    at,
                    "missing_back needs a line of two or more pages".into(),
                ))
            }
            (Some(Defect::MissingBack), _) => whole - 1,
            (_, Some(n)) if (1..=20).contains(&n) => n,
            (_, Some(_)) => return Err(bad(at, "pages is 1 to 20".into())),
            (_, None) => whole,
        };
        documents.push(Document {
            line: line.id.clone(),
            name: line.name.clone(),
            says: doc.says.clone(),
            pages,
            defect,
        });
    }
    let mut data_checks = Vec::new();
    for check in &raw.data_check {
        let at = line_of(check);
        let line = eval.checklist.iter().find(|l| l.id == **check);
        if line.is_none_or(|l| l.sharing.is_none()) {
            return Err(bad(
                at,
                format!("`{}` is no line a data check can replace", check.as_str()),
            ));
        }
        if seen.contains(check.as_str()) {
            return Err(bad(at, format!("`{}` is also handed over", check.as_str())));
        }
        data_checks.push(check.to_string());
    }

    let expected = Expected {
        decision: *raw.expected.decision,
        lines: raw.expected.lines.iter().map(|l| l.to_string()).collect(),
        owed: raw.expected.owed.iter().map(|l| l.to_string()).collect(),
        ground: raw.expected.ground.as_ref().map(|g| **g),
    };
    let scenario = Scenario {
        id,
        file: file.to_owned(),
        title: raw.title,
        level: *raw.level,
        teaches: raw.teaches,
        item_code: item.code().to_owned(),
        item_name: item.summary().name.clone(),
        department: item.summary().department_name.clone(),
        applicant_card: raw.applicant.to_string(),
        agent_card: raw.agent.map(|a| a.to_string()),
        answers,
        documents,
        data_checks,
        expected,
        target_seconds: *raw.target_seconds,
    };
    let decision_at = line_of(&raw.expected.decision);
    check_outcome(&scenario, &eval, &raw.expected, decision_at).map_err(|(l, m)| bad(l, m))?;
    Ok(scenario)
}

/// The written outcome must be the one that follows from the answers and the papers.
fn check_outcome(
    s: &Scenario,
    eval: &ow_catalog::Evaluation,
    raw: &RawExpected,
    at: u32,
) -> Result<(), (u32, String)> {
    let lines = expected_lines(s, &eval.checklist);
    let blocking: BTreeSet<&str> = lines
        .iter()
        .filter(|(_, e)| e.blocks())
        .map(|(l, _)| l.id.as_str())
        .collect();
    let owed: BTreeSet<&str> = lines
        .iter()
        .filter(|(_, e)| *e == LineExpectation::Owed)
        .map(|(l, _)| l.id.as_str())
        .collect();
    let names = |set: &BTreeSet<&str>| set.iter().copied().collect::<Vec<_>>().join(", ");
    match (&eval.decision, s.expected.decision) {
        (Decision::NotAcceptable { kind, .. }, DecisionKind::Reject) => {
            if s.expected.ground != Some(*kind) {
                let line = raw.ground.as_ref().map_or(at, line_of);
                return Err((
                    line,
                    format!(
                        "the answers rule the case out as {kind:?}: ground: {}",
                        ground_word(*kind)
                    ),
                ));
            }
        }
        (Decision::NotAcceptable { .. }, _) => {
            return Err((
                at,
                "the answers rule the case out: the decision is reject".into(),
            ))
        }
        (_, DecisionKind::Reject) => {
            return Err((
                at,
                "the answers make the item acceptable; nothing grounds a rejection".into(),
            ))
        }
        (_, DecisionKind::Accept) if !blocking.is_empty() => {
            return Err((
                at,
                format!(
                    "accept, though these lines are missing or defective: {}",
                    names(&blocking)
                ),
            ))
        }
        (_, DecisionKind::Accept) => {
            let written: BTreeSet<&str> = s.expected.owed.iter().map(String::as_str).collect();
            if written != owed {
                let line = raw.owed.first().map_or(at, line_of);
                return Err((
                    line,
                    format!(
                        "owed: must list exactly the 容缺 lines not brought: [{}]",
                        names(&owed)
                    ),
                ));
            }
        }
        (_, DecisionKind::Notice) => {
            let written: BTreeSet<&str> = s.expected.lines.iter().map(String::as_str).collect();
            if blocking.is_empty() {
                return Err((
                    at,
                    "a notice, though nothing is missing or defective".into(),
                ));
            }
            if written != blocking {
                let line = raw.lines.first().map_or(at, line_of);
                return Err((
                    line,
                    format!("lines: the notice lists exactly [{}]", names(&blocking)),
                ));
            }
        }
    }
    Ok(())
}

fn ground_word(kind: RejectionKind) -> &'static str {
    match kind {
        RejectionKind::OutOfRemit => "out_of_remit",
        RejectionKind::NotEligible => "not_eligible",
        RejectionKind::Other => "other",
    }
}

fn syntax_line(e: &marked_yaml::LoadError) -> u32 {
    use marked_yaml::LoadError as E;
    let line = match e {
        E::TopLevelMustBeMapping(m)
        | E::TopLevelMustBeSequence(m)
        | E::UnexpectedAnchor(m)
        | E::MappingKeyMustBeScalar(m)
        | E::UnexpectedTag(m)
        | E::ScanError(m, _) => m.line(),
        E::DuplicateKey(inner) => inner.key.span().start().map_or(0, |m| m.line()),
    };
    u32::try_from(line).unwrap_or(u32::MAX)
}
