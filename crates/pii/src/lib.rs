//! Personal data that must never reach a log line.
//!
//! [`PersonName`] and [`IdNumber`] serialize their real value (the UI and the encrypted store
//! need it) but their `Debug` and `Display` print a masked form, so a stray `?case` in a
//! `tracing` call cannot leak a citizen's identity. Reading the real value is explicit:
//! [`PersonName::expose`], [`IdNumber::expose`].

use serde::{Deserialize, Serialize};
use specta::Type;
use std::fmt;

/// Masks a name: first character kept, the rest starred (`张三丰` → `张**`).
pub fn mask_name(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        None => String::new(),
        Some(first) => {
            let rest = chars.count().max(1);
            format!("{first}{}", "*".repeat(rest))
        }
    }
}

/// Masks a document number: the first 6 and last 4 characters kept when the number is long
/// enough to keep the middle hidden (`11010519491231002X` → `110105********002X`); short
/// numbers keep only their last character.
pub fn mask_id(number: &str) -> String {
    let chars: Vec<char> = number.chars().collect();
    let n = chars.len();
    if n >= 14 {
        let head: String = chars[..6].iter().collect();
        let tail: String = chars[n - 4..].iter().collect();
        format!("{head}{}{tail}", "*".repeat(n - 10))
    } else if n > 1 {
        let tail = chars[n - 1];
        format!("{}{tail}", "*".repeat(n - 1))
    } else {
        "*".repeat(n)
    }
}

/// A person's name. Debug/Display are masked.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(transparent)]
pub struct PersonName(String);

impl PersonName {
    /// Wraps a name, trimming surrounding white space.
    pub fn new(name: impl AsRef<str>) -> Self {
        Self(name.as_ref().trim().to_owned())
    }
    /// The real name, for the UI, the papers and the encrypted store only.
    pub fn expose(&self) -> &str {
        &self.0
    }
    /// Whether the name is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PersonName({})", mask_name(&self.0))
    }
}
impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&mask_name(&self.0))
    }
}

/// A document number (ID card, passport, permit). Debug/Display are masked.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(transparent)]
pub struct IdNumber(String);

impl IdNumber {
    /// Wraps a number, trimming white space and upper-casing the check letter `x`.
    pub fn new(number: impl AsRef<str>) -> Self {
        Self(number.as_ref().trim().to_uppercase())
    }
    /// The real number, for the UI, the papers and the encrypted store only.
    pub fn expose(&self) -> &str {
        &self.0
    }
    /// Whether the number is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdNumber({})", mask_id(&self.0))
    }
}
impl fmt::Display for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&mask_id(&self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_numbers_are_masked_in_debug_and_display() {
        let id = IdNumber::new("11010519491231002x");
        assert_eq!(id.expose(), "11010519491231002X");
        assert_eq!(format!("{id}"), "110105********002X");
        assert_eq!(format!("{id:?}"), "IdNumber(110105********002X)");
        assert!(!format!("{id:?}").contains("19491231"));
    }

    #[test]
    fn names_are_masked_but_serialize_in_full() {
        let name = PersonName::new(" 王小明 ");
        assert_eq!(format!("{name}"), "王**");
        assert_eq!(format!("{name:?}"), "PersonName(王**)");
        assert_eq!(
            serde_json::to_string(&name).ok().as_deref(),
            Some("\"王小明\"")
        );
    }

    #[test]
    fn short_values_never_show_more_than_their_last_char() {
        assert_eq!(mask_id("E1234"), "****4");
        assert_eq!(mask_id("A"), "*");
        assert_eq!(mask_name("李"), "李*");
        assert_eq!(mask_name(""), "");
    }
}
