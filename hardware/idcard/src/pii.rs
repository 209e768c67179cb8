//! Newtypes for personal data. `Debug` and `Display` mask the value so that a stray `{:?}` in a
//! log line cannot leak a citizen's name or number; the real value is reachable only through an
//! explicit `.expose()`. Serde writes the real value, because the clerk's screen needs it.

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

macro_rules! masked_newtype {
    ($(#[$meta:meta])* $name:ident, $head:expr, $tail:expr) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize, Type)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Wraps a value.
            pub fn new(value: impl Into<String>) -> Self {
                Self(value.into())
            }

            /// The real value. Never log it.
            pub fn expose(&self) -> &str {
                &self.0
            }

            /// The masked form also used by `Debug` and `Display`.
            pub fn masked(&self) -> String {
                mask(&self.0, $head, $tail)
            }

            /// True when the value is empty.
            pub fn is_empty(&self) -> bool {
                self.0.is_empty()
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.masked())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.masked())
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::new(value)
            }
        }
    };
}

masked_newtype!(
    /// A person's name (Chinese or English). Masked as `张*`, `欧***`.
    PersonName,
    1,
    0
);

masked_newtype!(
    /// A document number (ID number, permit number). Masked as `110105********002X`.
    DocumentNumber,
    6,
    4
);

masked_newtype!(
    /// A postal address. Masked after the first six characters (province and city stay legible).
    Address,
    6,
    0
);

impl DocumentNumber {
    /// The value as it is, an alias of [`expose`](Self::expose) for call sites that parse it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_in_debug_and_display_but_serializes_the_value() {
        let n = DocumentNumber::new("11010519491231002X");
        assert_eq!(format!("{n}"), "110105********002X");
        assert_eq!(format!("{n:?}"), "DocumentNumber(110105********002X)");
        assert_eq!(n.expose(), "11010519491231002X");
        assert_eq!(
            serde_json::to_string(&n).unwrap(),
            "\"11010519491231002X\""
        );

        let name = PersonName::new("张三");
        assert_eq!(format!("{name}"), "张*");
        assert_eq!(format!("{:?}", PersonName::new("欧阳娜娜")), "PersonName(欧***)");
        assert_eq!(format!("{}", Address::new("北京市朝阳区示例路1号")), "北京市朝阳区*****");
    }

    #[test]
    fn short_values_are_fully_masked() {
        assert_eq!(DocumentNumber::new("12345").masked(), "*****");
        assert_eq!(PersonName::new("").masked(), "");
        assert_eq!(PersonName::new("王").masked(), "*");
    }
}
