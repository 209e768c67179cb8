//! Loading configuration before any window exists, and opening the desk beside the window.

use ow_config::Config;
use ow_desk::{Desk, StatusSnapshot, StoreKeyOrigin};
use ow_error::ErrorBody;
use ow_store::DbKey;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock};
use tokio::sync::watch;

/// The desk, opened once by whichever thread asks first; every other asker waits for it.
pub type DeskSlot = LazyLock<
    Result<Arc<Desk>, ErrorBody>,
    Box<dyn FnOnce() -> Result<Arc<Desk>, ErrorBody> + Send>,
>;

/// What start-up produced before the window: the configuration (or why there is none).
pub struct Boot {
    pub config: Result<Config, ErrorBody>,
    pub log_dir: PathBuf,
}

pub fn boot() -> Boot {
    match ow_config::load() {
        Ok(config) => {
            let log_dir = config
                .paths
                .log_dir
                .clone()
                .unwrap_or_else(|| data_dir(&config).join("logs"));
            Boot {
                config: Ok(config),
                log_dir,
            }
        }
        Err(e) => Boot {
            config: Err(ErrorBody::from_error(&e)),
            log_dir: default_dir("logs"),
        },
    }
}

impl Boot {
    /// Starts opening the desk on a thread of its own, so the keyring probe and the store's
    /// open overlap the window's creation. The status gets the desk's first snapshot as soon as
    /// the desk exists, before any command can see the desk.
    pub fn open_desk_beside(self, status: watch::Sender<StatusSnapshot>) -> Arc<DeskSlot> {
        let config = self.config;
        let slot: Arc<DeskSlot> = Arc::new(LazyLock::new(Box::new(move || {
            let desk = config.and_then(|c| {
                let dir = data_dir(&c);
                open_desk(&c, &dir)
            });
            match &desk {
                Ok(desk) => {
                    status.send_replace(desk.initial_status());
                }
                // The window still opens and shows this error; stderr is for whoever launched us.
                Err(e) => eprintln!("onewindow: refusing to serve: [{}] {}", e.code, e.message),
            }
            desk.map(Arc::new)
        })));
        let opening = Arc::clone(&slot);
        let spawned = std::thread::Builder::new()
            .name("open-desk".into())
            .spawn(move || {
                LazyLock::force(&opening);
            });
        if let Err(e) = spawned {
            // The first command opens it instead.
            tracing::warn!(error = %e, "no thread to open the desk on");
        }
        slot
    }
}

fn data_dir(config: &Config) -> PathBuf {
    config
        .paths
        .data_dir
        .clone()
        .unwrap_or_else(|| default_dir("data"))
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
