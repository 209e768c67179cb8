//! Item search as the clerk types: Chinese name (substring), item code (prefix), pinyin
//! initials (`tkpo` → 投靠配偶), keywords and department name, ranked exact → prefix →
//! substring, with an optional boost for the clerk's recent or frequent items.
//!
//! Pinyin initials are computed once at load. Each character keeps the initials of *all* its
//! readings (多音字: 行 → h or x), so the clerk's guess of a reading always matches.

use std::collections::HashMap;

use pinyin::{Pinyin, ToPinyinMulti};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::model::{Catalog, Item};

/// Highest boost that counts; keeps boosts from lifting a weak match over a strong one.
const MAX_BOOST: u32 = 49;

/// How a hit matched, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// The whole code or the whole name.
    Exact,
    /// The start of the basic or implementation code.
    CodePrefix,
    /// The start of the name.
    NamePrefix,
    /// The pinyin initials of the whole name, or their start.
    Initials,
    /// Part of the name.
    NameContains,
    /// Part of the name's pinyin initials.
    InitialsContain,
    /// A search keyword.
    Keyword,
    /// The department's name.
    Department,
    /// No query: the item is on the caller's recent/frequent list.
    Recent,
}

impl MatchKind {
    fn score(self) -> u32 {
        match self {
            MatchKind::Exact => 1000,
            MatchKind::CodePrefix => 900,
            MatchKind::NamePrefix => 850,
            MatchKind::Initials => 800,
            MatchKind::NameContains => 700,
            MatchKind::InitialsContain => 600,
            MatchKind::Keyword => 500,
            MatchKind::Department => 400,
            MatchKind::Recent => 0,
        }
    }
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SearchHit {
    /// 基本编码.
    pub code: String,
    /// 实施编码.
    pub implementation_code: String,
    /// 事项名称.
    pub name: String,
    /// Department id.
    pub department: String,
    /// Department short name.
    pub department_name: String,
    /// The strongest way the item matched.
    pub matched: MatchKind,
    /// Ranking score (higher first): the match strength plus the caller's boost.
    pub score: u32,
}

/// Search options.
#[derive(Debug, Clone, Copy)]
pub struct SearchOptions<'a> {
    /// Most hits returned.
    pub limit: usize,
    /// Extra weight per basic code (e.g. how often this clerk handled it lately); capped so it
    /// reorders hits of equal strength but never lifts a weaker match over a stronger one.
    pub boosts: Option<&'a HashMap<String, u32>>,
}

impl Default for SearchOptions<'_> {
    fn default() -> Self {
        Self {
            limit: 20,
            boosts: None,
        }
    }
}

/// Precomputed search keys of one item.
#[derive(Debug, Clone)]
struct Entry {
    basic_code: String,
    implementation_code: String,
    name: String,
    name_initials: Vec<u64>,
    keywords: Vec<String>,
    keyword_initials: Vec<Vec<u64>>,
    department: String,
    department_initials: Vec<u64>,
}

/// The search index of a catalog, built once at load.
#[derive(Debug, Clone, Default)]
pub(crate) struct SearchIndex {
    entries: Vec<Entry>,
}

impl SearchIndex {
    pub(crate) fn build(items: &[Item]) -> Self {
        let entries = items
            .iter()
            .map(|item| {
                let info = &item.info;
                Entry {
                    basic_code: info.basic_code.to_ascii_lowercase(),
                    implementation_code: info.implementation_code.to_ascii_lowercase(),
                    name: normalize(&info.name),
                    name_initials: initials(&info.name),
                    keywords: info.keywords.iter().map(|k| normalize(k)).collect(),
                    keyword_initials: info.keywords.iter().map(|k| initials(k)).collect(),
                    department: normalize(&info.department_name),
                    department_initials: initials(&info.department_name),
                }
            })
            .collect();
        Self { entries }
    }
}

impl Catalog {
    /// Items matching what the clerk typed, best first. Several words must all match.
    pub fn search(&self, query: &str, options: &SearchOptions<'_>) -> Vec<SearchHit> {
        let query = normalize(query);
        let terms: Vec<Term> = query.split_whitespace().map(Term::new).collect();
        let boost_of = |code: &str| {
            options
                .boosts
                .and_then(|b| b.get(code))
                .map_or(0, |b| (*b).min(MAX_BOOST))
        };
        let mut hits: Vec<(u32, usize, MatchKind)> = Vec::new();
        for (index, entry) in self.search.entries.iter().enumerate() {
            let item = &self.items[index];
            let boost = boost_of(&item.info.basic_code);
            if terms.is_empty() {
                if boost > 0 {
                    hits.push((boost, index, MatchKind::Recent));
                }
                continue;
            }
            // The weakest term decides: every word typed must match somewhere.
            let mut weakest: Option<MatchKind> = None;
            for term in &terms {
                match term.best_match(entry) {
                    None => {
                        weakest = None;
                        break;
                    }
                    Some(kind) => {
                        if weakest.is_none_or(|w| kind.score() < w.score()) {
                            weakest = Some(kind);
                        }
                    }
                }
            }
            if let Some(kind) = weakest {
                hits.push((kind.score() + boost, index, kind));
            }
        }
        hits.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then_with(|| {
                    let (x, y) = (&self.items[a.1].info, &self.items[b.1].info);
                    x.name.chars().count().cmp(&y.name.chars().count())
                })
                .then_with(|| {
                    self.items[a.1]
                        .info
                        .basic_code
                        .cmp(&self.items[b.1].info.basic_code)
                })
        });
        hits.truncate(options.limit);
        hits.into_iter()
            .map(|(score, index, matched)| {
                let info = &self.items[index].info;
                SearchHit {
                    code: info.basic_code.clone(),
                    implementation_code: info.implementation_code.clone(),
                    name: info.name.clone(),
                    department: info.department.clone(),
                    department_name: info.department_name.clone(),
                    matched,
                    score,
                }
            })
            .collect()
    }
}

/// One word of the query, with its letters as initial bits when it could be pinyin initials.
struct Term {
    text: String,
    letters: Option<Vec<u64>>,
}

impl Term {
    fn new(text: &str) -> Self {
        let letters = text
            .chars()
            .all(|c| c.is_ascii_alphanumeric())
            .then(|| text.chars().map(char_bit).collect());
        Self {
            text: text.to_owned(),
            letters,
        }
    }

    fn best_match(&self, e: &Entry) -> Option<MatchKind> {
        let t = self.text.as_str();
        if e.basic_code == t || e.implementation_code == t || e.name == t {
            return Some(MatchKind::Exact);
        }
        if e.basic_code.starts_with(t) || e.implementation_code.starts_with(t) {
            return Some(MatchKind::CodePrefix);
        }
        if e.name.starts_with(t) {
            return Some(MatchKind::NamePrefix);
        }
        let letters = self.letters.as_deref();
        if letters.is_some_and(|l| starts_with_bits(&e.name_initials, l)) {
            return Some(MatchKind::Initials);
        }
        if e.name.contains(t) {
            return Some(MatchKind::NameContains);
        }
        if letters.is_some_and(|l| contains_bits(&e.name_initials, l)) {
            return Some(MatchKind::InitialsContain);
        }
        let keyword = e.keywords.iter().any(|k| k.contains(t))
            || letters.is_some_and(|l| e.keyword_initials.iter().any(|k| contains_bits(k, l)));
        if keyword {
            return Some(MatchKind::Keyword);
        }
        let department = e.department.contains(t)
            || letters.is_some_and(|l| starts_with_bits(&e.department_initials, l));
        department.then_some(MatchKind::Department)
    }
}

/// Lower-case ASCII and fold full-width letters and digits (typed with a Chinese IME).
fn normalize(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// The bit of an ASCII letter or digit; 0 (matches nothing) for anything else.
fn char_bit(c: char) -> u64 {
    match c.to_ascii_lowercase() {
        l @ 'a'..='z' => 1 << (l as u32 - 'a' as u32),
        d @ '0'..='9' => 1 << (26 + d as u32 - '0' as u32),
        _ => 0,
    }
}

/// Per character of `text`, the set of initials it can be typed with; punctuation is skipped.
fn initials(text: &str) -> Vec<u64> {
    text.chars()
        .filter_map(|c| match c.to_pinyin_multi() {
            Some(readings) => {
                let bits = readings
                    .into_iter()
                    .map(Pinyin::first_letter)
                    .filter_map(|s| s.chars().next())
                    .fold(0u64, |acc, l| acc | char_bit(l));
                Some(bits)
            }
            None => Some(char_bit(c)).filter(|b| *b != 0),
        })
        .collect()
}

fn starts_with_bits(sets: &[u64], letters: &[u64]) -> bool {
    letters.len() <= sets.len() && letters.iter().zip(sets).all(|(l, s)| l & s != 0)
}

fn contains_bits(sets: &[u64], letters: &[u64]) -> bool {
    !letters.is_empty()
        && sets.len() >= letters.len()
        && (0..=sets.len() - letters.len()).any(|start| starts_with_bits(&sets[start..], letters))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_of_tou_kao_pei_ou() {
        let sets = initials("投靠配偶");
        let query: Vec<u64> = "tkpo".chars().map(char_bit).collect();
        assert!(starts_with_bits(&sets, &query));
        let sets = initials("市外迁入（投靠配偶）");
        assert!(contains_bits(&sets, &query));
        assert!(!starts_with_bits(&sets, &query));
    }

    #[test]
    fn full_width_is_folded() {
        assert_eq!(normalize("ＴＫＰＯ"), "tkpo");
    }
}
