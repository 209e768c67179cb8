//! Environment variables taken as text.
//!
//! figment's `Env` parses values, so `ONEWINDOW_WINDOW__NUMBER=08` would arrive as the integer
//! 8 — the leading zero of a window number silently lost. Every value here stays a string;
//! the few numeric settings accept text.

use figment::value::{Dict, Map, Value};
use figment::{Error, Metadata, Profile, Provider};
use serde::Deserialize;

/// Wraps a configured [`figment::providers::Env`] and yields its values unparsed.
pub struct RawEnv(pub figment::providers::Env);

impl Provider for RawEnv {
    fn metadata(&self) -> Metadata {
        self.0.metadata()
    }

    fn data(&self) -> Result<Map<Profile, Dict>, Error> {
        let mut dict = Dict::new();
        for (key, raw) in self.0.iter() {
            let nested = figment::util::nest(key.as_str(), Value::from(raw));
            if let Value::Dict(_, d) = nested {
                merge(&mut dict, d);
            }
        }
        Ok(Profile::Default.collect(dict))
    }
}

fn merge(into: &mut Dict, from: Dict) {
    for (k, v) in from {
        match (into.get_mut(&k), v) {
            (Some(Value::Dict(_, a)), Value::Dict(_, b)) => merge(a, b),
            (_, v) => {
                into.insert(k, v);
            }
        }
    }
}

/// Accepts `14` (TOML) or `"14"` (environment).
pub fn usize_from_text_or_number<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<usize, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum TextOrNumber {
        Number(usize),
        Text(String),
    }
    match TextOrNumber::deserialize(d)? {
        TextOrNumber::Number(n) => Ok(n),
        TextOrNumber::Text(t) => t.trim().parse().map_err(serde::de::Error::custom),
    }
}

/// Accepts a TOML value or its text (environment values stay text): `300` or `"300"`,
/// `true` or `"true"`, `0.35` or `"0.35"`.
pub fn from_text_or_number<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de> + std::str::FromStr,
    T::Err: std::fmt::Display,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum TextOr<T> {
        Value(T),
        Text(String),
    }
    match TextOr::<T>::deserialize(d)? {
        TextOr::Value(v) => Ok(v),
        TextOr::Text(t) => t.trim().parse().map_err(serde::de::Error::custom),
    }
}
