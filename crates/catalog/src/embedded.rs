//! The built-in catalog: the `catalog/` folder of the repository, embedded at compile time so
//! a fresh install works before the back office has sent any version.

use include_dir::{include_dir, Dir, DirEntry};

use crate::error::CatalogError;
use crate::model::Catalog;

static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../catalog");

impl Catalog {
    /// Load the catalog embedded in the binary. A test guarantees that it loads.
    pub fn builtin() -> Result<Catalog, CatalogError> {
        Catalog::load_files(builtin_files())
    }
}

/// The embedded catalog files as (relative path, text) pairs, e.g. to write them out for review.
pub fn builtin_files() -> Vec<(String, &'static str)> {
    let mut files = Vec::new();
    collect(&BUILTIN, &mut files);
    files
}

fn collect(dir: &'static Dir<'static>, out: &mut Vec<(String, &'static str)>) {
    for entry in dir.entries() {
        match entry {
            DirEntry::Dir(sub) => collect(sub, out),
            DirEntry::File(file) => {
                if let Some(text) = file.contents_utf8() {
                    let name = file
                        .path()
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/");
                    out.push((name, text));
                }
            }
        }
    }
}
