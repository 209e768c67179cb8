//! Capture on the desk: the scanner configured for this window, scanning into a checklist
//! line, importing a file into one, turning a page. These calls block (libsane, decoding,
//! checks): the shell runs them on a blocking thread, never on the async runtime's.

use crate::scan_pages::{prepare, MaterialsView, Prepared};
use crate::{Desk, DeskError};
use ow_case::CaseId;
use ow_config::{Config, Devices, MaterialsSettings};
use ow_scanner::checks::CheckConfig;
use ow_scanner::import::{import_bytes, FileFormat, ImportLimits};
use ow_scanner::{
    write_test_device_config, BackendOption, CancelToken, ColorMode, OptionValue, Page, SaneConfig,
    SaneScanner, ScanSettings, Scanner,
};
use std::path::PathBuf;
use std::sync::Mutex;

/// The SANE device this window scans with; libsane is started on first use.
pub(crate) struct ScanState {
    device: String,
    config_dir: Option<PathBuf>,
    sim: bool,
    settings: MaterialsSettings,
    scanner: Mutex<Option<SaneScanner>>,
    /// What the last scan or device check showed, for the device bar.
    observed: Mutex<Option<crate::DeviceState>>,
    /// The scan in flight, so the clerk can stop it.
    in_flight: Mutex<Option<CancelToken>>,
    ocr: crate::ocr::Ocr,
}

impl ScanState {
    pub(crate) fn new(config: &Config) -> Self {
        let configured = config.devices.scanner.as_str();
        let sim = configured == Devices::SIM;
        Self {
            // `sim` is SANE's own `test` backend, through the same libsane path as a real one.
            device: if sim {
                "test:0".into()
            } else {
                configured
                    .strip_prefix("sane:")
                    .unwrap_or(configured)
                    .to_owned()
            },
            // One folder per process, not per data folder: libsane reads its configuration
            // once per process, so the folder must outlive any one desk (tests open many).
            config_dir: sim.then(|| {
                std::env::temp_dir().join(format!("onewindow-sane-sim-{}", std::process::id()))
            }),
            sim,
            settings: config.materials.clone(),
            scanner: Mutex::new(None),
            observed: Mutex::new(None),
            in_flight: Mutex::new(None),
            ocr: crate::ocr::Ocr::default(),
        }
    }

    fn start_scan(&self) -> CancelToken {
        let token = CancelToken::new();
        *self.in_flight.lock().unwrap_or_else(|p| p.into_inner()) = Some(token.clone());
        token
    }

    fn end_scan(&self) {
        *self.in_flight.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    /// Drops this desk's hold on libsane; the next use starts a fresh SANE session.
    fn reset(&self) {
        *self.scanner.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    /// Stops the scan in flight, if any; true when there was one.
    pub(crate) fn cancel(&self) -> bool {
        match self
            .in_flight
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
        {
            Some(t) => {
                t.cancel();
                true
            }
            None => false,
        }
    }

    pub(crate) fn observe(&self, state: crate::DeviceState) {
        *self.observed.lock().unwrap_or_else(|p| p.into_inner()) = Some(state);
    }

    pub(crate) fn observed(&self) -> Option<crate::DeviceState> {
        self.observed
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// The SANE device name scans go to.
    pub(crate) fn device(&self) -> &str {
        &self.device
    }

    pub(crate) fn scanner(&self) -> Result<SaneScanner, DeskError> {
        let mut slot = self.scanner.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(s) = slot.as_ref() {
            return Ok(s.clone());
        }
        if let Some(dir) = &self.config_dir {
            write_test_device_config(dir, 1).map_err(|e| {
                DeskError::Scan(ow_scanner::ScanError::SaneInit(format!(
                    "cannot write the sandbox scanner's configuration: {e}"
                )))
            })?;
        }
        let s = SaneScanner::open(&SaneConfig {
            config_dir: self.config_dir.clone(),
            ..SaneConfig::default()
        })?;
        *slot = Some(s.clone());
        Ok(s)
    }

    fn scan_settings(&self) -> ScanSettings {
        let mut backend_options = Vec::new();
        if self.sim {
            backend_options.push(BackendOption {
                name: "test-picture".into(),
                value: OptionValue::Text(self.settings.sim_picture.clone()),
            });
        }
        ScanSettings {
            resolution_dpi: self.settings.scan_dpi,
            mode: if self.settings.scan_color {
                ColorMode::Color
            } else {
                ColorMode::Gray
            },
            page_timeout_ms: self.settings.page_timeout_ms,
            backend_options,
            ..ScanSettings::default()
        }
    }

    pub(crate) fn ocr(&self) -> &crate::ocr::Ocr {
        &self.ocr
    }

    pub(crate) fn check_config(&self) -> CheckConfig {
        let s = &self.settings;
        CheckConfig {
            min_dpi: s.min_dpi,
            blank_max_ink_ratio: s.blank_max_ink_ratio,
            blur_min_sharpness: s.blur_min_sharpness,
            max_skew_deg: s.max_skew_deg,
            ..CheckConfig::default()
        }
    }

    pub(crate) fn import_limits(&self) -> ImportLimits {
        ImportLimits {
            max_bytes: self.settings.max_import_bytes,
            ..ImportLimits::default()
        }
    }
}

impl Desk {
    /// Scans from this window's scanner into a checklist line: every page is checked,
    /// encoded, given a thumbnail and stored with the case in one transaction. Blocks.
    pub fn scan_into_line(&self, case: CaseId, line: String) -> Result<MaterialsView, DeskError> {
        let draft = self.open_case(case)?;
        let material = self.checklist_line(&draft, &line)?.material;
        let state = self.scan_state();
        let started = std::time::Instant::now();
        let token = state.start_scan();
        let scanned = state.scanner().and_then(|scanner| {
            Ok(scanner.scan_all(&state.device, &state.scan_settings(), &token)?)
        });
        state.end_scan();
        if matches!(
            &scanned,
            Err(DeskError::Scan(ow_scanner::ScanError::Cancelled))
        ) {
            // A scan stopped mid-page can leave the backend unable to start the next one:
            // let go of libsane so the next scan starts it afresh.
            state.reset();
        }
        state.observe(match &scanned {
            Ok(_) => crate::DeviceState::Ready,
            Err(e) => crate::scanner_state::state_of(e),
        });
        let pages = scanned?;
        let cfg = state.check_config();
        let mut prepared = pages
            .iter()
            .map(|p| prepare(p, &cfg))
            .collect::<Result<Vec<_>, _>>()?;
        self.check_id_copies(
            &draft,
            &material,
            &pages.iter().collect::<Vec<_>>(),
            &mut prepared,
        );
        tracing::info!(case = %case, line = %line, pages = prepared.len(), ms = started.elapsed().as_millis() as u64, "scanned");
        self.attach(draft, &line, prepared)
    }

    /// Stops the scan in flight (the clerk pressed Esc): it ends with `scanner.cancelled` and
    /// stores nothing. False when no scan was running.
    pub fn cancel_scan(&self) -> bool {
        self.scan_state().cancel()
    }

    /// Imports a file the clerk dropped or picked (its bytes from the webview) into a line.
    /// The content decides what it is; a corrupt, truncated, oversized or disguised file is
    /// refused with its own code and nothing is stored. Blocks.
    pub fn import_into_line(
        &self,
        case: CaseId,
        line: String,
        file_name: Option<String>,
        bytes: Vec<u8>,
    ) -> Result<MaterialsView, DeskError> {
        let draft = self.open_case(case)?;
        let material = self.checklist_line(&draft, &line)?.material;
        let state = self.scan_state();
        let file = import_bytes(bytes, file_name.as_deref(), &state.import_limits())?;
        let prepared = if file.format == FileFormat::Pdf {
            // No rasteriser here: the PDF is kept whole, counted, and not page-checked.
            vec![Prepared::pdf(&file)]
        } else {
            let cfg = state.check_config();
            let mut prepared = file
                .pages
                .iter()
                .map(|p| prepare(p, &cfg))
                .collect::<Result<Vec<_>, _>>()?;
            let pages = file.pages.iter().collect::<Vec<_>>();
            self.check_id_copies(&draft, &material, &pages, &mut prepared);
            prepared
        };
        tracing::info!(case = %case, line = %line, format = ?file.format, pages = file.page_count, "imported");
        self.attach(draft, &line, prepared)
    }

    /// Turns a page clockwise by 90, 180 or 270 degrees and checks it again. Blocks.
    pub fn rotate_page(
        &self,
        case: CaseId,
        page_id: String,
        clockwise_deg: u16,
    ) -> Result<MaterialsView, DeskError> {
        let draft = self.open_case(case)?;
        let stored = self.store().case_page(case, &page_id)?;
        let page = self.decode_page(&stored.sha256)?;
        let image = match clockwise_deg {
            90 => page.image.rotate90(),
            180 => page.image.rotate180(),
            270 => page.image.rotate270(),
            _ => {
                return Err(ow_scanner::ScanError::Unsupported(format!(
                    "turning by {clockwise_deg} degrees"
                ))
                .into())
            }
        };
        let turned = Page::new(image, page.dpi, page.origin);
        let mut prepared = [prepare(&turned, &self.scan_state().check_config())?];
        let material = self.checklist_line(&draft, &stored.line_id)?.material;
        self.check_id_copies(&draft, &material, &[&turned], &mut prepared);
        let [prepared] = prepared;
        self.replace(draft, &page_id, &stored.line_id, prepared)
    }

    /// A stored image page decoded again (for turning and for the material PDF).
    pub(crate) fn decode_page(&self, sha256: &str) -> Result<Page, DeskError> {
        let (_, bytes) = self
            .store()
            .blob(sha256)?
            .ok_or_else(|| ow_store::StoreError::NotFound(format!("blob {sha256}")))?;
        let limits = ImportLimits {
            max_bytes: u64::MAX,
            ..ImportLimits::default()
        };
        let mut file = import_bytes(bytes, None, &limits)?;
        if file.pages.is_empty() {
            return Err(ow_scanner::ScanError::Unsupported("turning a PDF".into()).into());
        }
        Ok(file.pages.swap_remove(0))
    }
}
