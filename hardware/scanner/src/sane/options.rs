//! Finding and setting SANE options by their well-known names, with reloads handled.

use super::ffi::Handle;
use super::status_error;
use super::values::{unfix, Constraint, OptionDesc, Value, ValueType};
use crate::error::ScanError;
use crate::types::{ColorMode, DeviceCapabilities, PaperSource, ScanArea};

const UNIT_MM: i32 = 3;

/// The option list of one open device. Always current: refetched whenever a set says so.
pub(crate) struct OptionSet {
    descs: Vec<OptionDesc>,
}

impl OptionSet {
    pub(crate) fn load(h: &Handle<'_>) -> Result<Self, ScanError> {
        let descs = h
            .descriptors()
            .map_err(|s| status_error(s, "reading options"))?;
        Ok(Self { descs })
    }

    pub(crate) fn find(&self, name: &str) -> Option<&OptionDesc> {
        self.descs.iter().find(|d| d.name == name && d.is_active())
    }

    /// Set `name` if the device has it active; `Ok(false)` when it does not.
    pub(crate) fn set(
        &mut self,
        h: &mut Handle<'_>,
        name: &str,
        value: &Value,
    ) -> Result<bool, ScanError> {
        let Some(desc) = self.find(name).cloned() else {
            return Ok(false);
        };
        if !desc.is_settable() {
            return Ok(false);
        }
        let info = h.set(&desc, value).map_err(|s| status_error(s, name))?;
        if info.inexact {
            tracing::debug!(option = name, "the scanner rounded the value");
        }
        // The option list may have changed shape (e.g. `source` enables feeder options):
        // descriptors and indices from before are stale.
        if info.reload_options {
            self.descs = h
                .descriptors()
                .map_err(|s| status_error(s, "reloading options"))?;
        }
        Ok(true)
    }

    pub(crate) fn get(&self, h: &Handle<'_>, name: &str) -> Result<Option<Value>, ScanError> {
        match self.find(name) {
            Some(d)
                if matches!(
                    d.value_type,
                    ValueType::Bool | ValueType::Int | ValueType::Fixed | ValueType::String
                ) =>
            {
                h.get(d).map(Some).map_err(|s| status_error(s, name))
            }
            _ => Ok(None),
        }
    }

    fn strings(&self, name: &str) -> Vec<String> {
        match self.find(name).map(|d| &d.constraint) {
            Some(Constraint::StringList(list)) => list.clone(),
            _ => Vec::new(),
        }
    }

    /// The device's string for a paper source.
    pub(crate) fn source_value(&self, source: PaperSource) -> Option<String> {
        self.strings("source")
            .into_iter()
            .find(|s| classify_source(s) == Some(source))
    }

    /// The device's string for a colour mode.
    pub(crate) fn mode_value(&self, mode: ColorMode) -> Option<String> {
        self.strings("mode")
            .into_iter()
            .find(|s| classify_mode(s) == Some(mode))
    }

    /// Whether `depth` accepts `bits`.
    pub(crate) fn depth_allows(&self, bits: i32) -> bool {
        match self.find("depth").map(|d| &d.constraint) {
            Some(Constraint::WordList(list)) => list.contains(&bits),
            Some(Constraint::Range { min, max, .. }) => (*min..=*max).contains(&bits),
            _ => false,
        }
    }

    /// The allowed resolution nearest to `dpi`, as a value of the option's type.
    pub(crate) fn resolution_value(&self, dpi: u32) -> Option<Value> {
        let d = self.find("resolution")?;
        let want = f64::from(dpi);
        let fixed = d.value_type == ValueType::Fixed;
        let conv = |w: i32| if fixed { unfix(w) } else { f64::from(w) };
        let chosen = match &d.constraint {
            Constraint::Range { min, max, quant } => {
                let (lo, hi, q) = (conv(*min), conv(*max), conv(*quant));
                let mut v = want.clamp(lo, hi);
                if q > 0.0 {
                    v = lo + ((v - lo) / q).round() * q;
                }
                v.clamp(lo, hi)
            }
            Constraint::WordList(list) => list
                .iter()
                .map(|w| conv(*w))
                .min_by(|a, b| (a - want).abs().total_cmp(&(b - want).abs()))?,
            _ => want,
        };
        Some(if fixed {
            Value::Fixed(chosen)
        } else {
            Value::Int(chosen.round() as i32)
        })
    }

    /// Range of a geometry option in mm, when it is expressed in mm.
    pub(crate) fn mm_range(&self, name: &str) -> Option<(f64, f64)> {
        let d = self.find(name)?;
        if d.unit != UNIT_MM {
            return None;
        }
        let fixed = d.value_type == ValueType::Fixed;
        match d.constraint {
            Constraint::Range { min, max, .. } if fixed => Some((unfix(min), unfix(max))),
            Constraint::Range { min, max, .. } => Some((f64::from(min), f64::from(max))),
            _ => None,
        }
    }

    pub(crate) fn capabilities(&self) -> DeviceCapabilities {
        let mut sources: Vec<PaperSource> = self
            .strings("source")
            .iter()
            .filter_map(|s| classify_source(s))
            .collect();
        sources.dedup();
        if sources.is_empty() {
            sources.push(PaperSource::Flatbed);
        }
        let mut modes: Vec<ColorMode> = self
            .strings("mode")
            .iter()
            .filter_map(|s| classify_mode(s))
            .collect();
        if !modes.contains(&ColorMode::Lineart) && self.depth_allows(1) {
            modes.push(ColorMode::Lineart);
        }
        let resolutions_dpi = match self
            .find("resolution")
            .map(|d| (d.value_type, &d.constraint))
        {
            Some((t, Constraint::WordList(list))) => list
                .iter()
                .map(|w| {
                    if t == ValueType::Fixed {
                        unfix(*w) as u32
                    } else {
                        *w as u32
                    }
                })
                .collect(),
            Some((t, Constraint::Range { min, max, .. })) => {
                let conv = |w: i32| {
                    if t == ValueType::Fixed {
                        unfix(w)
                    } else {
                        f64::from(w)
                    }
                };
                let (lo, hi) = (conv(*min), conv(*max));
                [75u32, 100, 150, 200, 300, 400, 600, 1200]
                    .into_iter()
                    .filter(|r| (lo..=hi).contains(&f64::from(*r)))
                    .collect()
            }
            _ => Vec::new(),
        };
        let max_area = match (self.mm_range("br-x"), self.mm_range("br-y")) {
            (Some((_, w)), Some((_, h))) => Some(ScanArea {
                left_mm: 0.0,
                top_mm: 0.0,
                width_mm: w,
                height_mm: h,
            }),
            _ => None,
        };
        DeviceCapabilities {
            sources,
            modes,
            resolutions_dpi,
            max_area,
        }
    }
}

/// Backends name sources freely: "Flatbed", "Document Table", "ADF Front", "ADF Duplex",
/// "Automatic Document Feeder"…
pub(crate) fn classify_source(s: &str) -> Option<PaperSource> {
    let l = s.to_lowercase();
    if l.contains("duplex") {
        Some(PaperSource::FeederDuplex)
    } else if l.contains("back") {
        None
    } else if l.contains("adf") || l.contains("feeder") || l.contains("automatic document") {
        Some(PaperSource::Feeder)
    } else if l.contains("flatbed")
        || l == "normal"
        || l.contains("document table")
        || l.contains("platen")
    {
        Some(PaperSource::Flatbed)
    } else {
        None
    }
}

pub(crate) fn classify_mode(s: &str) -> Option<ColorMode> {
    let l = s.to_lowercase();
    if l.contains("color") || l.contains("colour") {
        Some(ColorMode::Color)
    } else if l.contains("gray") || l.contains("grey") {
        Some(ColorMode::Gray)
    } else if l.contains("lineart") || l.contains("binary") || l.contains("black & white") {
        Some(ColorMode::Lineart)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_and_mode_names() {
        assert_eq!(classify_source("Flatbed"), Some(PaperSource::Flatbed));
        assert_eq!(
            classify_source("Automatic Document Feeder"),
            Some(PaperSource::Feeder)
        );
        assert_eq!(classify_source("ADF Front"), Some(PaperSource::Feeder));
        assert_eq!(
            classify_source("ADF Duplex"),
            Some(PaperSource::FeederDuplex)
        );
        assert_eq!(classify_source("ADF Back"), None);
        assert_eq!(classify_mode("Color"), Some(ColorMode::Color));
        assert_eq!(classify_mode("Gray"), Some(ColorMode::Gray));
        assert_eq!(classify_mode("Lineart"), Some(ColorMode::Lineart));
        assert_eq!(classify_mode("Halftone"), None);
    }
}
