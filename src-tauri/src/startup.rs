//! Loading configuration and opening the desk, before any window exists.

use ow_config::Config;
use ow_desk::{Desk, StoreKeyOrigin};
use ow_error::ErrorBody;
use ow_store::DbKey;
use std::path::PathBuf;

/// What start-up produced: the desk, or the reason the app refuses to serve.
pub struct Boot {
    pub config: Option<Config>,
    pub desk: Result<Desk, ErrorBody>,
    pub log_dir: PathBuf,
}

pub fn boot() -> Boot {
    let config = match ow_config::load() {
        Ok(c) => c,
        Err(e) => {
            let body = ErrorBody::from_error(&e);
            return Boot {
                config: None,
                desk: Err(body),
                log_dir: default_dir("logs"),
            };
        }
    };
    let data_dir = config
        .paths
        .data_dir
        .clone()
        .unwrap_or_else(|| default_dir("data"));
    let log_dir = config
        .paths
        .log_dir
        .clone()
        .unwrap_or_else(|| data_dir.join("logs"));
    let desk = open_desk(&config, &data_dir);
    Boot {
        config: Some(config),
        desk,
        log_dir,
    }
}

/// The desk on a store keyed from the OS keyring; production without a keyring refuses here.
fn open_desk(config: &Config, data_dir: &std::path::Path) -> Result<Desk, ErrorBody> {
    let key = ow_keyvault::store_key(config.mode, ow_keyvault::SERVICE, data_dir)
        .map_err(|e| ErrorBody::from_error(&e))?;
    let origin = match key.origin {
        ow_keyvault::KeyOrigin::Keyring => StoreKeyOrigin::Keyring,
        ow_keyvault::KeyOrigin::KeyFile => StoreKeyOrigin::KeyFile,
    };
    let db_key = DbKey::from_bytes(key.bytes());
    Desk::open(config.clone(), data_dir, Some(&db_key))
        .map(|desk| desk.with_store_key(origin))
        .map_err(|e| ErrorBody::from_error(&e))
}

/// `$XDG_DATA_HOME/onewindow/<leaf>` (or the platform's equivalent).
fn default_dir(leaf: &str) -> PathBuf {
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .or_else(|| std::env::var_os("LOCALAPPDATA").map(PathBuf::from))
        .unwrap_or_else(std::env::temp_dir);
    base.join("onewindow").join(leaf)
}
