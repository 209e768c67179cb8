//! Loading a catalog version: from a directory, from (file name, text) pairs, all-or-nothing.
//!
//! Layout (paths relative to the catalog root, `/` separators):
//! - `catalog.yaml` — the manifest (format, version, title);
//! - `departments.yaml` — departments and their back-office queues;
//! - `materials.yaml` and/or `materials/*.yaml` — the shared material library;
//! - `items/**/*.yaml` — one item per file, or several under `items:`.
//!
//! Files not ending in `.yaml`/`.yml` (e.g. a README) are ignored.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use marked_yaml::{LoaderOptions, Node};
use serde::de::DeserializeOwned;

use crate::error::{CatalogError, Location};
use crate::item_build::build_item;
use crate::model::{Catalog, Department, MaterialDef};
use crate::raw::{line_of, RawDepartments, RawItem, RawItemList, RawManifest, RawMaterials};
use crate::search::SearchIndex;

/// The catalog file format this program reads (`format:` in `catalog.yaml`).
pub const FORMAT_VERSION: u32 = 1;

impl Catalog {
    /// Load and validate every catalog file under `dir`.
    pub fn load_dir(dir: &Path) -> Result<Catalog, CatalogError> {
        Catalog::load_files(Catalog::read_dir(dir)?)
    }

    /// The catalog files under `dir` as (name relative to `dir`, text) pairs, unvalidated:
    /// what [`Catalog::load_files`] takes, and what a caller keeps to store the version.
    pub fn read_dir(dir: &Path) -> Result<Vec<(String, String)>, CatalogError> {
        let mut files = Vec::new();
        collect_files(dir, dir, &mut files)?;
        Ok(files)
    }

    /// Load and validate a catalog from (relative file name, text) pairs, e.g. a version the
    /// back office sent. Nothing is kept unless every file is valid.
    pub fn load_files<N, T>(
        files: impl IntoIterator<Item = (N, T)>,
    ) -> Result<Catalog, CatalogError>
    where
        N: AsRef<str>,
        T: AsRef<str>,
    {
        let mut files: Vec<(String, T)> = files
            .into_iter()
            .map(|(name, text)| (name.as_ref().replace('\\', "/"), text))
            .filter(|(name, _)| name.ends_with(".yaml") || name.ends_with(".yml"))
            .collect();
        // Sorted so that the same files always give the same catalog and the same first error.
        files.sort_by(|a, b| a.0.cmp(&b.0));
        let (mut manifest, mut departments, mut libraries, mut item_files) =
            (None, None, Vec::new(), Vec::new());
        for (name, text) in &files {
            let text = text.as_ref();
            let base = name.trim_start_matches("./");
            if base == "catalog.yaml" || base == "catalog.yml" {
                manifest = Some((base, text));
            } else if base == "departments.yaml" || base == "departments.yml" {
                departments = Some((base, text));
            } else if base.starts_with("materials") {
                libraries.push((base, text));
            } else if base.starts_with("items/") {
                item_files.push((base, text));
            } else {
                return Err(CatalogError::UnexpectedFile {
                    at: at(base, None, 1),
                });
            }
        }
        let (manifest_file, manifest_text) = manifest.ok_or_else(|| CatalogError::Manifest {
            at: at("catalog.yaml", None, 0),
            message: "catalog.yaml is missing".into(),
        })?;
        let raw: RawManifest = parse(manifest_file, manifest_text)?;
        if *raw.format > FORMAT_VERSION || *raw.format == 0 {
            return Err(CatalogError::Manifest {
                at: at(manifest_file, None, line_of(&raw.format)),
                message: format!(
                    "catalog format {} is not supported (this program reads format {FORMAT_VERSION})",
                    *raw.format
                ),
            });
        }
        if raw.version.trim().is_empty() {
            return Err(CatalogError::Manifest {
                at: at(manifest_file, None, line_of(&raw.version)),
                message: "version must not be empty".into(),
            });
        }
        let issued = match &raw.issued {
            Some(date) => Some(NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| {
                CatalogError::Manifest {
                    at: at(manifest_file, None, line_of(date)),
                    message: format!("issued `{}` is not a date like 2025-06-01", date.as_str()),
                }
            })?),
            None => None,
        };

        let (dept_file, dept_text) = departments.ok_or_else(|| CatalogError::Manifest {
            at: at("departments.yaml", None, 0),
            message: "departments.yaml is missing".into(),
        })?;
        let departments = load_departments(dept_file, dept_text)?;
        let materials = load_materials(&libraries)?;

        let mut items = Vec::new();
        let mut by_code: HashMap<String, usize> = HashMap::new();
        let mut code_at: HashMap<String, Location> = HashMap::new();
        for (file, text) in item_files {
            for (raw_item, line) in parse_item_file(file, text)? {
                let item = build_item(file, line, raw_item, &departments, &materials)?;
                for code in [&item.info.basic_code, &item.info.implementation_code] {
                    let here = at(file, Some(&item.info.basic_code), item.info.source.line);
                    if let Some(first) = code_at.get(code) {
                        return Err(CatalogError::Duplicate {
                            at: here,
                            what: "item code",
                            id: code.clone(),
                            first: Box::new(first.clone()),
                        });
                    }
                    code_at.insert(code.clone(), here);
                    by_code.insert(code.clone(), items.len());
                }
                items.push(item);
            }
        }
        let search = SearchIndex::build(&items);
        Ok(Catalog {
            version: raw.version.to_string(),
            title: raw.title,
            issued,
            notes: raw.notes,
            departments: departments
                .into_values()
                .map(|(d, _)| d)
                .collect::<Vec<_>>()
                .into_sorted(),
            materials: materials
                .into_values()
                .map(|(m, _)| (*m).clone())
                .collect::<Vec<_>>()
                .into_sorted(),
            items,
            by_code,
            search,
        })
    }
}

/// Sorting helper so the public lists come out in a stable order.
trait IntoSorted {
    fn into_sorted(self) -> Self;
}

impl IntoSorted for Vec<Department> {
    fn into_sorted(mut self) -> Self {
        self.sort_by(|a, b| a.id.cmp(&b.id));
        self
    }
}

impl IntoSorted for Vec<MaterialDef> {
    fn into_sorted(mut self) -> Self {
        self.sort_by(|a, b| a.id.cmp(&b.id));
        self
    }
}

/// Departments by id, with the line each is defined on.
pub(crate) type DepartmentTable = HashMap<String, (Department, u32)>;
/// Library materials by id, with the file and line each is defined on.
pub(crate) type MaterialTable = HashMap<String, (Arc<MaterialDef>, Location)>;

pub(crate) fn at(file: &str, item: Option<&str>, line: u32) -> Location {
    Location {
        file: file.to_owned(),
        item: item.map(str::to_owned),
        line,
    }
}

fn load_departments(file: &str, text: &str) -> Result<DepartmentTable, CatalogError> {
    let raw: RawDepartments = parse(file, text)?;
    let mut table = DepartmentTable::new();
    for dept in raw.departments {
        let line = line_of(&dept.id);
        if let Some((_, first)) = table.get(dept.id.as_str()) {
            return Err(CatalogError::Duplicate {
                at: at(file, None, line),
                what: "department",
                id: dept.id.to_string(),
                first: Box::new(at(file, None, *first)),
            });
        }
        let department = Department {
            id: dept.id.to_string(),
            name: dept.name,
            full_name: dept.full_name,
            queue: dept.queue,
        };
        table.insert(department.id.clone(), (department, line));
    }
    Ok(table)
}

fn load_materials(files: &[(&str, &str)]) -> Result<MaterialTable, CatalogError> {
    let mut table = MaterialTable::new();
    for (file, text) in files {
        let raw: RawMaterials = parse(file, text)?;
        for m in raw.materials {
            let here = at(file, None, line_of(&m.id));
            if let Some((_, first)) = table.get(m.id.as_str()) {
                return Err(CatalogError::Duplicate {
                    at: here,
                    what: "material",
                    id: m.id.to_string(),
                    first: Box::new(first.clone()),
                });
            }
            if m.pages == Some(0) {
                return Err(CatalogError::Schema {
                    at: here,
                    message: format!("material {}: pages must be at least 1", m.id.as_str()),
                });
            }
            let def = MaterialDef {
                id: m.id.to_string(),
                name: m.name,
                issuer: m.issuer,
                standard: m.standard,
                points: m.points,
                form: m.form,
                sharing: m.sharing,
                pages: m.pages,
            };
            table.insert(def.id.clone(), (Arc::new(def), here));
        }
    }
    Ok(table)
}

/// The items of one file with the line each starts on.
fn parse_item_file(file: &str, text: &str) -> Result<Vec<(RawItem, u32)>, CatalogError> {
    let node = parse_node(file, text)?;
    let is_list = node
        .as_mapping()
        .is_some_and(|map| map.get_node("items").is_some());
    if is_list {
        let list: RawItemList = from_node(file, text, &node)?;
        Ok(list
            .items
            .into_iter()
            .map(|item| {
                let line = line_of(&item.code);
                (item, line)
            })
            .collect())
    } else {
        let item: RawItem = from_node(file, text, &node)?;
        let line = line_of(&item.code);
        Ok(vec![(item, line)])
    }
}

fn parse<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, CatalogError> {
    let node = parse_node(file, text)?;
    from_node(file, text, &node)
}

fn parse_node(file: &str, text: &str) -> Result<Node, CatalogError> {
    let options = LoaderOptions::default().error_on_duplicate_keys(true);
    marked_yaml::parse_yaml_with_options(0, text, options).map_err(|err| {
        use marked_yaml::LoadError as E;
        let line = match &err {
            E::TopLevelMustBeMapping(m)
            | E::TopLevelMustBeSequence(m)
            | E::UnexpectedAnchor(m)
            | E::MappingKeyMustBeScalar(m)
            | E::UnexpectedTag(m)
            | E::ScanError(m, _) => m.line(),
            E::DuplicateKey(inner) => inner.key.span().start().map_or(0, |m| m.line()),
        };
        let line = u32::try_from(line).unwrap_or(u32::MAX);
        CatalogError::Syntax {
            at: at(file, item_code_before(text, line).as_deref(), line),
            message: err.to_string(),
        }
    })
}

fn from_node<T: DeserializeOwned>(file: &str, text: &str, node: &Node) -> Result<T, CatalogError> {
    marked_yaml::from_node(node).map_err(|err| {
        let line = err
            .start_mark()
            .map(|m| u32::try_from(m.line()).unwrap_or(u32::MAX))
            .filter(|line| *line > 0)
            .unwrap_or_else(|| line_naming(text, &err.to_string()));
        CatalogError::Schema {
            at: at(file, item_code_before(text, line).as_deref(), line),
            message: err.to_string(),
        }
    })
}

/// The parser gives no position for an unknown key or an unknown enum value; find the first
/// line that names the offending word (as a key first, then anywhere).
fn line_naming(text: &str, message: &str) -> u32 {
    let Some(word) = message.split('`').nth(1).filter(|w| !w.is_empty()) else {
        return 0;
    };
    let key = format!("{word}:");
    let find = |pred: &dyn Fn(&str) -> bool| {
        text.lines()
            .position(pred)
            .map_or(0, |i| u32::try_from(i + 1).unwrap_or(u32::MAX))
    };
    match find(&|l| l.trim_start().trim_start_matches("- ").starts_with(&key)) {
        0 => find(&|l| l.contains(word)),
        line => line,
    }
}

/// The code of the item a line belongs to, found by scanning back for `code:`. Used only
/// when the YAML could not be turned into items, so the error can still name the item.
fn item_code_before(text: &str, line: u32) -> Option<String> {
    let limit = usize::try_from(line).unwrap_or(usize::MAX);
    text.lines()
        .take(limit.max(1))
        .filter_map(|l| {
            let l = l.trim_start().trim_start_matches("- ").trim_start();
            l.strip_prefix("code:")
                .map(|code| code.trim().trim_matches(['"', '\'']).to_owned())
        })
        .filter(|code| !code.is_empty())
        .last()
}

fn collect_files(
    root: &Path,
    dir: &Path,
    out: &mut Vec<(String, String)>,
) -> Result<(), CatalogError> {
    let io = |path: &Path, source| CatalogError::Io {
        path: path.display().to_string(),
        source,
    };
    let entries = std::fs::read_dir(dir).map_err(|e| io(dir, e))?;
    for entry in entries {
        let path = entry.map_err(|e| io(dir, e))?.path();
        if path.is_dir() {
            collect_files(root, &path, out)?;
        } else if path
            .extension()
            .is_some_and(|ext| ext == "yaml" || ext == "yml")
        {
            let text = std::fs::read_to_string(&path).map_err(|e| io(&path, e))?;
            let relative = path.strip_prefix(root).unwrap_or(&path);
            let name = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.push((name, text));
        }
    }
    Ok(())
}
