//! Newtypes for personal data. `Debug` and `Display` mask the value so that a stray `{:?}` in a
//! log line cannot leak a citizen's name or number; the real value is reachable only through an
//! explicit `.expose()`. Serde writes the real value, because the clerk's screen needs it.
//!
//! Names and numbers use the workspace's shared `ow-pii` types, so a document's holder moves
//! into a case without conversion; the address type lives here until it is needed elsewhere.

pub use ow_pii::{IdNumber, PersonName};

use serde::{Deserialize, Serialize};
use specta::Type;
use std::fmt;

/// Keeps the first `head` and last `tail` characters, stars in between (one star per char).
fn mask(value: &str, head: usize, tail: usize) -> String {
    let chars: Vec<char> = value.chars().collect();
    if chars.len() <= head + tail {
        return "*".repeat(chars.len());
    }
    let mut out: String = chars.iter().take(head).collect();
    out.push_str(&"*".repeat(chars.len() - head - tail));
    out.extend(chars.iter().skip(chars.len() - tail));
    out
}

/// A postal address. Masked after the first six characters (province and city stay legible).
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(transparent)]
pub struct Address(String);

impl Address {
    /// Wraps an address.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The real address. Never log it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The masked form also used by `Debug` and `Display`.
    pub fn masked(&self) -> String {
        mask(&self.0, 6, 0)
    }
}

impl fmt::Debug for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Address({})", self.masked())
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_in_debug_and_display_but_serializes_the_value() {
        let n = IdNumber::new("11010519491231002X");
        assert_eq!(format!("{n}"), "110105********002X");
        assert_eq!(n.expose(), "11010519491231002X");
        assert_eq!(format!("{:?}", PersonName::new("张三")), "PersonName(张*)");
        let a = Address::new("北京市朝阳区示例路1号");
        assert_eq!(format!("{a}"), "北京市朝阳区*****");
        assert_eq!(format!("{a:?}"), "Address(北京市朝阳区*****)");
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            "\"北京市朝阳区示例路1号\""
        );
    }

    #[test]
    fn short_addresses_are_fully_masked() {
        assert_eq!(Address::new("某地").masked(), "**");
        assert_eq!(Address::new("").masked(), "");
    }
}
