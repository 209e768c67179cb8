//! The workstation's configuration, in layers: built-in defaults (a sandbox) → the machine file
//! written by the installer → `ONEWINDOW_*` environment variables. A production workstation
//! that still carries sandbox settings, or a sandbox that points at a real back office, is
//! refused with a message that names every offending key.

mod materials;
mod model;
mod raw_env;
mod validate;

pub use materials::MaterialsSettings;
pub use model::*;
pub use validate::{ConfigError, Conflict};

use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use raw_env::RawEnv;
use std::path::{Path, PathBuf};

/// Where the installer writes the machine file.
pub const MACHINE_FILE: &str = "/etc/onewindow/config.toml";
/// Environment variable naming another machine file (tests, portable installs).
pub const CONFIG_PATH_ENV: &str = "ONEWINDOW_CONFIG";

/// Loads the layered configuration from the real environment and validates it.
pub fn load() -> Result<Config, ConfigError> {
    let path = std::env::var_os(CONFIG_PATH_ENV)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(MACHINE_FILE));
    load_from(&path, Env::prefixed("ONEWINDOW_").split("__"))
}

/// Loads defaults, then `machine_file` when it exists, then `env`; validates the result.
pub fn load_from(machine_file: &Path, env: Env) -> Result<Config, ConfigError> {
    let mut fig = Figment::from(Serialized::defaults(Config::default()));
    if machine_file.exists() {
        fig = fig.merge(Toml::file_exact(machine_file));
    }
    // `ONEWINDOW_CONFIG` names the file; it is not a key.
    let env = env.ignore(&["config"]);
    let config: Config = fig
        .merge(RawEnv(env))
        .extract()
        .map_err(|e| ConfigError::Invalid {
            source_name: machine_file.display().to_string(),
            reason: e.to_string(),
        })?;
    validate::check(&config)?;
    Ok(config)
}

#[cfg(test)]
mod tests;
