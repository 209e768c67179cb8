//! The rules that keep training and production apart.

use crate::{Backoffice, Config, Devices, Mode};
use ow_error::ErrorCode;
use serde::Serialize;

/// One setting that does not belong to the configured mode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// The dotted key, e.g. `devices.printer`.
    pub key: String,
    /// The offending value (never personal data: URLs and device names only).
    pub value: String,
}

/// Configuration errors.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file or an environment variable could not be read or has the wrong type.
    #[error("configuration from {source_name} is invalid: {reason}")]
    Invalid { source_name: String, reason: String },
    /// Production mode with sandbox settings.
    #[error("production mode refuses sandbox settings: {}", keys(.conflicts))]
    ProductionWithSandboxSettings { conflicts: Vec<Conflict> },
    /// Sandbox mode pointing at something that is not on this machine.
    #[error("sandbox mode refuses to reach a non-local back office: {}", keys(.conflicts))]
    SandboxReachesOut { conflicts: Vec<Conflict> },
    /// A value that is wrong in any mode.
    #[error("{key} = {value:?} is not valid: {reason}")]
    BadValue {
        key: String,
        value: String,
        reason: String,
    },
}

fn keys(conflicts: &[Conflict]) -> String {
    conflicts
        .iter()
        .map(|c| format!("{} = {:?}", c.key, c.value))
        .collect::<Vec<_>>()
        .join(", ")
}

impl ErrorCode for ConfigError {
    fn code(&self) -> &'static str {
        match self {
            Self::Invalid { .. } => "config.invalid",
            Self::ProductionWithSandboxSettings { .. } => "config.production_with_sandbox_settings",
            Self::SandboxReachesOut { .. } => "config.sandbox_reaches_out",
            Self::BadValue { .. } => "config.bad_value",
        }
    }

    fn details(&self) -> Option<serde_json::Value> {
        match self {
            Self::Invalid {
                source_name,
                reason,
            } => Some(serde_json::json!({ "source": source_name, "reason": reason })),
            Self::ProductionWithSandboxSettings { conflicts }
            | Self::SandboxReachesOut { conflicts } => {
                Some(serde_json::json!({ "conflicts": conflicts }))
            }
            Self::BadValue { key, value, .. } => {
                Some(serde_json::json!({ "key": key, "value": value }))
            }
        }
    }
}

/// Checks the mode rules and the values that are wrong in any mode.
pub fn check(config: &Config) -> Result<(), ConfigError> {
    if !matches!(config.locale.as_str(), "zh-CN" | "en") {
        return Err(ConfigError::BadValue {
            key: "locale".into(),
            value: config.locale.clone(),
            reason: "expected zh-CN or en".into(),
        });
    }
    if config.window.workstation_id.trim().is_empty() {
        return Err(ConfigError::BadValue {
            key: "window.workstation_id".into(),
            value: String::new(),
            reason: "every workstation needs an id unique in its hall".into(),
        });
    }
    if config.auth.idle_lock().is_zero() {
        return Err(ConfigError::BadValue {
            key: "auth.idle_lock_minutes".into(),
            value: "0".into(),
            reason: "an unattended window must lock".into(),
        });
    }
    if config.auth.offline_max_failures == 0 {
        return Err(ConfigError::BadValue {
            key: "auth.offline_max_failures".into(),
            value: "0".into(),
            reason: "at least one try".into(),
        });
    }
    if config.retention.days == 0 {
        return Err(ConfigError::BadValue {
            key: "retention.days".into(),
            value: "0".into(),
            reason: "a case must stay at least one day after it is confirmed".into(),
        });
    }
    if !config.backoffice.is_embedded() {
        let parsed =
            url::Url::parse(&config.backoffice.url).map_err(|e| ConfigError::BadValue {
                key: "backoffice.url".into(),
                value: config.backoffice.url.clone(),
                reason: e.to_string(),
            })?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(ConfigError::BadValue {
                key: "backoffice.url".into(),
                value: config.backoffice.url.clone(),
                reason: "expected embedded, http:// or https://".into(),
            });
        }
    }
    if let Some(url) = &config.papers.rating_url {
        let bad = |reason: String| ConfigError::BadValue {
            key: "papers.rating_url".into(),
            value: url.clone(),
            reason,
        };
        let parsed = url::Url::parse(url).map_err(|e| bad(e.to_string()))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(bad("expected an http:// or https:// page".into()));
        }
    }
    match config.mode {
        Mode::Production => check_production(config),
        Mode::Sandbox => check_sandbox(config),
    }
}

fn check_production(config: &Config) -> Result<(), ConfigError> {
    let mut conflicts = Vec::new();
    if config.backoffice.is_embedded() {
        conflicts.push(conflict("backoffice.url", &config.backoffice.url));
    }
    if config.backoffice.workstation_secret == Backoffice::SANDBOX_SECRET {
        // Never echo a secret, even the public training one.
        conflicts.push(conflict(
            "backoffice.workstation_secret",
            "(the training secret)",
        ));
    }
    for (key, value) in device_settings(&config.devices) {
        if value == Devices::SIM {
            conflicts.push(conflict(key, value));
        }
    }
    if config.hall.code.starts_with("TRAIN") {
        conflicts.push(conflict("hall.code", &config.hall.code));
    }
    // People come from sign-in only: a name typed by the installer would stand on every case.
    if let Some(clerk) = &config.clerk {
        conflicts.push(conflict("clerk.id", &clerk.id));
    }
    if conflicts.is_empty() {
        Ok(())
    } else {
        Err(ConfigError::ProductionWithSandboxSettings { conflicts })
    }
}

fn check_sandbox(config: &Config) -> Result<(), ConfigError> {
    let mut conflicts = Vec::new();
    if !config.backoffice.is_embedded() && !is_loopback_url(&config.backoffice.url) {
        conflicts.push(conflict("backoffice.url", &config.backoffice.url));
    }
    // A real network printer in training would put 培训 papers on a production queue.
    if let Some(host) = config
        .devices
        .printer
        .strip_prefix("ipp://")
        .or_else(|| config.devices.printer.strip_prefix("ipps://"))
    {
        if !is_loopback_host(host.split(['/', ':']).next().unwrap_or_default()) {
            conflicts.push(conflict("devices.printer", &config.devices.printer));
        }
    }
    if conflicts.is_empty() {
        Ok(())
    } else {
        Err(ConfigError::SandboxReachesOut { conflicts })
    }
}

fn device_settings(d: &Devices) -> [(&'static str, &str); 4] {
    [
        ("devices.card_reader", &d.card_reader),
        ("devices.chip_reader", &d.chip_reader),
        ("devices.scanner", &d.scanner),
        ("devices.printer", &d.printer),
    ]
}

fn conflict(key: &str, value: &str) -> Conflict {
    Conflict {
        key: key.into(),
        value: value.into(),
    }
}

fn is_loopback_url(url: &str) -> bool {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(is_loopback_host))
        .unwrap_or(false)
}

fn is_loopback_host(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .map(|ip| ip.is_loopback())
            .unwrap_or(false)
}
