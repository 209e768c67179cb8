//! Turning one item as written into a validated [`Item`]: codes, department, time limits,
//! questions (with the dependency order of their `show_if`), material lines and rules.

use std::collections::HashMap;

use crate::condition::{Compiler, Condition, QuestionShape};
use crate::error::{CatalogError, Location};
use crate::load::{at, DepartmentTable, MaterialTable};
use crate::model::{
    ChoiceOption, Item, ItemSummary, MaterialLine, MaterialVariant, Necessity, Question,
    QuestionKind, QuestionRule, RejectionRule, SourceRef, TimeLimit, TimeRule, TimeUnit,
};
use crate::raw::{line_of, RawItem, RawMaterialLine, RawTimeLimit};

/// Longest plausible limit per unit; anything longer is a typo.
const MAX_DAYS: u32 = 365;
const MAX_MONTHS: u32 = 24;
/// Multiple-choice answers are kept as a 64-bit set.
const MAX_MULTI_OPTIONS: usize = 64;

pub(crate) fn build_item(
    file: &str,
    line: u32,
    raw: RawItem,
    departments: &DepartmentTable,
    materials: &MaterialTable,
) -> Result<Item, CatalogError> {
    let code = raw.code.trim().to_owned();
    let here = |line: u32| at(file, Some(&code), line);
    check_code(&code, 12, "basic code (基本编码)", here(line))?;
    let impl_code = raw.implementation_code.trim().to_owned();
    check_code(
        &impl_code,
        36,
        "implementation code (实施编码)",
        here(line_of(&raw.implementation_code)),
    )?;
    let Some((department, _)) = departments.get(raw.department.as_str()) else {
        return Err(CatalogError::UnknownDepartment {
            at: here(line_of(&raw.department)),
            department: raw.department.to_string(),
        });
    };
    let legal = check_limit(&raw.legal_limit, here(line_of(&raw.legal_limit)))?;
    let promised = check_limit(&raw.promised_limit, here(line_of(&raw.promised_limit)))?;
    check_promise(legal, promised, here(line_of(&raw.promised_limit)))?;

    let (questions, shapes) = build_questions(&raw, &here)?;
    let compiler = Compiler {
        questions: &shapes,
        at: &here,
    };
    let mut rules = Vec::with_capacity(questions.len());
    for (question, raw_q) in questions.into_iter().zip(&raw.questions) {
        let show_if = raw_q
            .show_if
            .as_ref()
            .map(|c| compiler.compile(c))
            .transpose()?;
        rules.push(QuestionRule { question, show_if });
    }
    let eval_order = order_questions(&rules, &raw, &here)?;

    let mut lines = Vec::with_capacity(raw.materials.len());
    let mut line_ids: HashMap<String, u32> = HashMap::new();
    for m in &raw.materials {
        let material = build_material_line(m, materials, &compiler, &shapes, &here)?;
        let id_line = m.id.as_ref().map_or(line_of(&m.material), line_of);
        if let Some(first) = line_ids.insert(material.id.clone(), id_line) {
            return Err(CatalogError::Duplicate {
                at: here(id_line),
                what: "material line (give the second one its own `id:`)",
                id: material.id,
                first: Box::new(here(first)),
            });
        }
        lines.push(material);
    }

    let mut rejections = Vec::with_capacity(raw.not_acceptable.len());
    for r in &raw.not_acceptable {
        rejections.push(RejectionRule {
            when: compiler.compile(&r.when)?,
            kind: r.kind,
            reason: r.reason.clone(),
            basis: r.basis.clone(),
            refer_to: r.refer_to.clone(),
        });
    }
    let mut time_rules = Vec::with_capacity(raw.promised_changes.len());
    for t in &raw.promised_changes {
        let changed = check_limit(&t.promised, here(line_of(&t.promised)))?;
        check_promise(legal, changed, here(line_of(&t.promised)))?;
        time_rules.push(TimeRule {
            when: compiler.compile(&t.when)?,
            promised: changed,
            note: t.note.clone(),
        });
    }

    let info = ItemSummary {
        basic_code: code.clone(),
        implementation_code: impl_code,
        version: raw.version,
        name: raw.name,
        department: department.id.clone(),
        department_name: department.name.clone(),
        queue: department.queue.clone(),
        legal_limit: legal,
        promised_limit: promised,
        conditions: raw.conditions,
        visits: raw.visits,
        fee: raw.fee,
        fee_note: raw.fee_note,
        area: raw.area,
        legal_basis: raw.legal_basis,
        refer_to: raw.refer_to,
        keywords: raw.keywords,
        source: SourceRef {
            file: file.to_owned(),
            line,
        },
    };
    Ok(Item {
        info,
        questions: rules,
        eval_order,
        materials: lines,
        rejections,
        time_rules,
    })
}

fn check_code(code: &str, len: usize, what: &str, at: Location) -> Result<(), CatalogError> {
    let count = code.chars().count();
    let message = if count != len {
        format!("{what} must have {len} characters, found {count}")
    } else if !code
        .chars()
        .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
    {
        format!("{what} may only contain digits and capital letters")
    } else {
        return Ok(());
    };
    Err(CatalogError::BadCode {
        at,
        code: code.to_owned(),
        message,
    })
}

fn check_limit(raw: &RawTimeLimit, at: Location) -> Result<TimeLimit, CatalogError> {
    let bad = |message: String| {
        Err(CatalogError::BadTimeLimit {
            at: at.clone(),
            message,
        })
    };
    let limit = TimeLimit {
        amount: raw.amount,
        unit: raw.unit,
    };
    match raw.unit {
        TimeUnit::OnTheSpot if raw.amount != 0 => {
            bad("on_the_spot (当场办结) takes no amount".into())
        }
        TimeUnit::OnTheSpot => Ok(limit),
        _ if raw.amount == 0 => {
            bad("amount must be at least 1 (use unit on_the_spot for 当场办结)".into())
        }
        TimeUnit::Months if raw.amount > MAX_MONTHS => {
            bad(format!("{} months is longer than {MAX_MONTHS}", raw.amount))
        }
        TimeUnit::WorkingDays | TimeUnit::CalendarDays if raw.amount > MAX_DAYS => {
            bad(format!("{} days is longer than {MAX_DAYS}", raw.amount))
        }
        _ => Ok(limit),
    }
}

/// A promise may be shorter than the law, never longer.
fn check_promise(legal: TimeLimit, promised: TimeLimit, at: Location) -> Result<(), CatalogError> {
    let longer = match (legal.unit, promised.unit) {
        (TimeUnit::OnTheSpot, TimeUnit::OnTheSpot) => false,
        (TimeUnit::OnTheSpot, _) => true,
        (_, TimeUnit::OnTheSpot) => false,
        (a, b) if a == b => promised.amount > legal.amount,
        // Calendar days always cover at least as many working days.
        (TimeUnit::CalendarDays, TimeUnit::WorkingDays) => false,
        _ => false,
    };
    if longer {
        return Err(CatalogError::BadTimeLimit {
            at,
            message: format!(
                "promised {} {:?} is longer than the legal {} {:?}",
                promised.amount, promised.unit, legal.amount, legal.unit
            ),
        });
    }
    Ok(())
}

type Here<'a> = dyn Fn(u32) -> Location + 'a;

fn build_questions(
    raw: &RawItem,
    here: &Here<'_>,
) -> Result<(Vec<Question>, HashMap<String, QuestionShape>), CatalogError> {
    let mut questions = Vec::with_capacity(raw.questions.len());
    let mut shapes: HashMap<String, QuestionShape> = HashMap::new();
    let mut lines: HashMap<String, u32> = HashMap::new();
    for (index, q) in raw.questions.iter().enumerate() {
        let line = line_of(&q.id);
        let id = q.id.to_string();
        let invalid = |message: &str| CatalogError::InvalidQuestion {
            at: here(line),
            question: id.clone(),
            message: message.to_owned(),
        };
        if let Some(first) = lines.insert(id.clone(), line) {
            return Err(CatalogError::Duplicate {
                at: here(line),
                what: "question",
                id,
                first: Box::new(here(first)),
            });
        }
        let choice = matches!(q.kind, QuestionKind::Single | QuestionKind::Multi);
        if choice && q.options.len() < 2 && q.kind == QuestionKind::Single {
            return Err(invalid(
                "a single-choice question needs at least two options",
            ));
        }
        if choice && q.options.is_empty() {
            return Err(invalid("a multiple-choice question needs options"));
        }
        if !choice && !q.options.is_empty() {
            return Err(invalid(
                "only single and multiple choice questions have options",
            ));
        }
        if q.options.len() > MAX_MULTI_OPTIONS {
            return Err(invalid("at most 64 options"));
        }
        if q.kind == QuestionKind::Number && q.min.zip(q.max).is_some_and(|(lo, hi)| lo > hi) {
            return Err(invalid("min is above max"));
        }
        let mut seen: HashMap<&str, u32> = HashMap::new();
        for option in &q.options {
            if let Some(first) = seen.insert(option.id.as_str(), line_of(&option.id)) {
                return Err(CatalogError::Duplicate {
                    at: here(line_of(&option.id)),
                    what: "option",
                    id: option.id.to_string(),
                    first: Box::new(here(first)),
                });
            }
        }
        let options: Vec<ChoiceOption> = q
            .options
            .iter()
            .map(|o| ChoiceOption {
                id: o.id.to_string(),
                label: o.label.clone(),
            })
            .collect();
        shapes.insert(
            id.clone(),
            QuestionShape {
                index,
                kind: q.kind,
                options: options.iter().map(|o| o.id.clone()).collect(),
            },
        );
        let is_number = q.kind == QuestionKind::Number;
        questions.push(Question {
            id,
            text: q.ask.clone(),
            kind: q.kind,
            options,
            min: if is_number {
                Some(q.min.unwrap_or(0))
            } else {
                None
            },
            max: if is_number { q.max } else { None },
            unit: q.unit.clone(),
            help: q.help.clone(),
        });
    }
    Ok((questions, shapes))
}

/// Depth-first topological order of the questions by their `show_if` dependencies; a cycle is
/// refused with the line of the question where it closes.
fn order_questions(
    rules: &[QuestionRule],
    raw: &RawItem,
    here: &Here<'_>,
) -> Result<Vec<usize>, CatalogError> {
    let deps: Vec<Vec<usize>> = rules
        .iter()
        .map(|r| {
            let mut d = Vec::new();
            if let Some(c) = &r.show_if {
                c.for_each_test(&mut |q, _| d.push(q));
            }
            d
        })
        .collect();
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done,
    }
    let mut marks = vec![Mark::New; rules.len()];
    let mut order = Vec::with_capacity(rules.len());
    let mut path: Vec<usize> = Vec::new();
    // Iterative DFS with an explicit stack of (node, next dependency to visit).
    for start in 0..rules.len() {
        if marks[start] != Mark::New {
            continue;
        }
        let mut stack = vec![(start, 0usize)];
        marks[start] = Mark::Active;
        path.push(start);
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&dep) = deps[node].get(*next) {
                *next += 1;
                match marks[dep] {
                    Mark::New => {
                        marks[dep] = Mark::Active;
                        path.push(dep);
                        stack.push((dep, 0));
                    }
                    Mark::Active => {
                        let from = path.iter().position(|&p| p == dep).unwrap_or(0);
                        let mut cycle: Vec<String> = path[from..]
                            .iter()
                            .map(|&i| rules[i].question.id.clone())
                            .collect();
                        cycle.push(rules[dep].question.id.clone());
                        let line = raw.questions.get(node).map_or(0, |q| line_of(&q.id));
                        return Err(CatalogError::QuestionCycle {
                            at: here(line),
                            cycle,
                        });
                    }
                    Mark::Done => {}
                }
            } else {
                marks[node] = Mark::Done;
                order.push(node);
                stack.pop();
                path.pop();
            }
        }
    }
    Ok(order)
}

fn build_material_line(
    m: &RawMaterialLine,
    materials: &MaterialTable,
    compiler: &Compiler<'_>,
    shapes: &HashMap<String, QuestionShape>,
    here: &Here<'_>,
) -> Result<MaterialLine, CatalogError> {
    let line = line_of(&m.material);
    let Some((def, _)) = materials.get(m.material.as_str()) else {
        return Err(CatalogError::UnknownMaterial {
            at: here(line),
            material: m.material.to_string(),
        });
    };
    let when: Option<Condition> = m.when.as_ref().map(|c| compiler.compile(c)).transpose()?;
    let times = match &m.times {
        None => None,
        Some(q) => match shapes.get(q.as_str()) {
            Some(shape) if shape.kind == QuestionKind::Number => Some(shape.index),
            Some(_) => {
                return Err(CatalogError::InvalidCondition {
                    at: here(line_of(q)),
                    message: format!("`times: {}` must name a number question", q.as_str()),
                })
            }
            None => {
                return Err(CatalogError::UnknownQuestion {
                    at: here(line_of(q)),
                    question: q.to_string(),
                })
            }
        },
    };
    let mut variants = Vec::with_capacity(m.variants.len());
    for v in &m.variants {
        variants.push(MaterialVariant {
            when: compiler.compile(&v.when)?,
            originals: v.originals,
            copies: v.copies,
            necessity: v.necessity,
            note: v.note.clone(),
            points: v.points.clone(),
        });
    }
    let default_necessity = if when.is_some() {
        Necessity::Conditional
    } else {
        Necessity::Required
    };
    Ok(MaterialLine {
        id: m
            .id
            .as_ref()
            .map_or_else(|| m.material.to_string(), |id| id.to_string()),
        def: def.clone(),
        name: m.name.clone(),
        holder: m.holder.or(match (m.material.as_str(), &m.name) {
            ("id_card", None) => Some(crate::model::Holder::Applicant),
            ("agent_id_card", None) => Some(crate::model::Holder::Agent),
            _ => None,
        }),
        originals: m.originals,
        copies: m.copies,
        necessity: m.necessity.unwrap_or(default_necessity),
        when,
        times,
        note: m.note.clone(),
        points: m.points.clone(),
        variants,
    })
}
