//! Which catalog is in force, and replacing it without ever serving a broken one.
//!
//! At start-up: a hall's catalog folder (when configured) → the newest stored version that
//! still loads → the built-in catalog. A refused catalog (with its file, item and line) is
//! remembered so the clerk's screen can say why the old one is still in use.

use crate::{Desk, DeskError};
use chrono::Utc;
use ow_catalog::Catalog;
use ow_error::ErrorBody;
use ow_store::{Store, StoredCatalog};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::path::Path;
use std::sync::{Arc, RwLock};

/// Where the catalog in force came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum CatalogSource {
    BuiltIn,
    Stored,
    Directory,
    Backoffice,
}

/// The catalog in force, for the top bar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct CatalogInfo {
    pub version: String,
    pub title: String,
    pub items: u32,
    pub source: CatalogSource,
    /// The last catalog that was refused, with why (file, item, line in `details`).
    pub refused: Option<ErrorBody>,
}

pub(crate) struct CatalogState {
    current: RwLock<(Arc<Catalog>, CatalogInfo)>,
}

fn info(c: &Catalog, source: CatalogSource, refused: Option<ErrorBody>) -> CatalogInfo {
    CatalogInfo {
        version: c.version().to_owned(),
        title: c.title().to_owned(),
        items: u32::try_from(c.items().len()).unwrap_or(u32::MAX),
        source,
        refused,
    }
}

impl CatalogState {
    pub(crate) fn open(store: &Store, dir: Option<&Path>) -> Result<Self, DeskError> {
        let mut refused = None;
        if let Some(dir) = dir {
            // Read once: the same texts are validated and, when good, stored as the last good one.
            match Catalog::read_dir(dir)
                .and_then(|files| Ok((Catalog::load_files(files.clone())?, files)))
            {
                Ok((catalog, files)) => {
                    remember(
                        store,
                        &catalog,
                        &format!("directory:{}", dir.display()),
                        files,
                    )?;
                    let i = info(&catalog, CatalogSource::Directory, None);
                    return Ok(Self::with(catalog, i));
                }
                Err(e) => {
                    tracing::error!(error = %e, "catalog folder refused; keeping the last good catalog");
                    refused = Some(ErrorBody::from_error(&e));
                }
            }
        }
        for stored in store.stored_catalogs()? {
            match Catalog::load_files(stored.files) {
                Ok(catalog) => {
                    let i = info(&catalog, CatalogSource::Stored, refused);
                    return Ok(Self::with(catalog, i));
                }
                Err(e) => {
                    tracing::warn!(version = %stored.version, error = %e, "stored catalog no longer loads")
                }
            }
        }
        let catalog = Catalog::builtin()?;
        let i = info(&catalog, CatalogSource::BuiltIn, refused);
        Ok(Self::with(catalog, i))
    }

    fn with(catalog: Catalog, info: CatalogInfo) -> Self {
        Self {
            current: RwLock::new((Arc::new(catalog), info)),
        }
    }

    pub(crate) fn catalog(&self) -> Arc<Catalog> {
        // A poisoned lock still holds a whole catalog: the swap below is a single assignment.
        let guard = self.current.read().unwrap_or_else(|e| e.into_inner());
        Arc::clone(&guard.0)
    }

    pub(crate) fn info(&self) -> CatalogInfo {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .1
            .clone()
    }

    fn swap(&self, catalog: Catalog, info: CatalogInfo) {
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = (Arc::new(catalog), info);
    }

    pub(crate) fn mark_refused(&self, refused: ErrorBody) {
        self.current
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .1
            .refused = Some(refused);
    }
}

fn remember(
    store: &Store,
    c: &Catalog,
    source: &str,
    files: Vec<(String, String)>,
) -> Result<(), DeskError> {
    store.save_catalog(&StoredCatalog {
        version: c.version().to_owned(),
        received_at: Utc::now().to_rfc3339(),
        source: source.to_owned(),
        files,
    })?;
    Ok(())
}

impl Desk {
    /// The catalog in force and whether a newer one was refused.
    pub fn catalog_info(&self) -> CatalogInfo {
        self.catalogs().info()
    }

    /// Installs a catalog version received from the back office. All or nothing: a version
    /// with any mistake is refused with its file, item and line, and the one in force stays.
    pub fn install_catalog(&self, files: Vec<(String, String)>) -> Result<CatalogInfo, DeskError> {
        match Catalog::load_files(files.clone()) {
            Ok(catalog) => {
                remember(self.store(), &catalog, "backoffice", files)?;
                let i = info(&catalog, CatalogSource::Backoffice, None);
                self.catalogs().swap(catalog, i.clone());
                tracing::info!(version = %i.version, "catalog installed");
                Ok(i)
            }
            Err(e) => {
                self.catalogs().mark_refused(ErrorBody::from_error(&e));
                Err(e.into())
            }
        }
    }
}
