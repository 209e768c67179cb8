//! Owned, safe copies of what libsane hands out (descriptors, parameters, values).

/// A device as `sane_get_devices` lists it.
#[derive(Debug, Clone)]
pub(crate) struct DeviceEntry {
    pub(crate) name: String,
    pub(crate) vendor: String,
    pub(crate) model: String,
    pub(crate) kind: String,
}

/// What an option holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ValueType {
    Bool,
    Int,
    Fixed,
    String,
    Button,
    Group,
}

/// How an option's values are limited.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Constraint {
    None,
    /// Raw words: for FIXED options convert with [`unfix`].
    Range {
        min: i32,
        max: i32,
        quant: i32,
    },
    WordList(Vec<i32>),
    StringList(Vec<String>),
}

/// An owned copy of a `SANE_Option_Descriptor`.
#[derive(Debug, Clone)]
pub(crate) struct OptionDesc {
    pub(crate) index: i32,
    pub(crate) name: String,
    pub(crate) value_type: ValueType,
    pub(crate) unit: i32,
    pub(crate) size: i32,
    pub(crate) cap: i32,
    pub(crate) constraint: Constraint,
}

impl OptionDesc {
    /// Settable by software and currently active.
    pub(crate) fn is_settable(&self) -> bool {
        const SOFT_SELECT: i32 = 1;
        const INACTIVE: i32 = 1 << 5;
        self.cap & SOFT_SELECT != 0 && self.cap & INACTIVE == 0
    }

    pub(crate) fn is_active(&self) -> bool {
        self.cap & (1 << 5) == 0
    }
}

/// A scalar option value (the first element of array options).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Bool(bool),
    Int(i32),
    Fixed(f64),
    Str(String),
}

/// What `sane_control_option` said about a set (RELOAD_PARAMS is moot: parameters are
/// always fetched after `sane_start`).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct SetInfo {
    pub(crate) inexact: bool,
    pub(crate) reload_options: bool,
}

/// `SANE_Parameters`, copied (and sent from the helper to the app as they are).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Params {
    /// 0 gray, 1 RGB, 2 red, 3 green, 4 blue.
    pub(crate) format: i32,
    pub(crate) last_frame: bool,
    pub(crate) bytes_per_line: i32,
    pub(crate) pixels_per_line: i32,
    /// -1 when unknown (hand scanners).
    pub(crate) lines: i32,
    pub(crate) depth: i32,
}

/// What one `sane_read` gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Read {
    Data(usize),
    Eof,
}

/// `SANE_FIX`/`SANE_UNFIX`.
pub(crate) fn unfix(w: i32) -> f64 {
    f64::from(w) / 65536.0
}

pub(crate) fn fix(v: f64) -> i32 {
    (v * 65536.0).round() as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_point_round_trips() {
        assert_eq!(fix(1.0), 65536);
        assert_eq!(unfix(fix(210.0)), 210.0);
        assert_eq!(unfix(fix(-42.5)), -42.5);
    }
}
