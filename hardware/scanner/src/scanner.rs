//! The capture trait every driver sits behind (SANE now, WIA on Windows later, cameras).

use crate::error::ScanError;
use crate::types::{CancelToken, DeviceCapabilities, DeviceInfo, Page, ScanSettings};

/// A source of pages. Calls block: from async code, run them on a blocking thread.
pub trait Scanner: Send + Sync {
    /// Devices this driver can see now.
    fn devices(&self) -> Result<Vec<DeviceInfo>, ScanError>;

    /// What one device offers (sources, modes, resolutions).
    fn capabilities(&self, device_id: &str) -> Result<DeviceCapabilities, ScanError>;

    /// Scan with `settings`, handing each page to `on_page` as soon as it is complete, so a
    /// feeder batch shows progress and pages before a jam are kept. Returns the page count.
    /// Each page is bounded by `settings.page_timeout_ms`; `cancel` stops the scan early.
    fn scan(
        &self,
        device_id: &str,
        settings: &ScanSettings,
        cancel: &CancelToken,
        on_page: &mut dyn FnMut(Page),
    ) -> Result<u32, ScanError>;

    /// [`Scanner::scan`], collecting the pages. A failure loses the pages of the batch.
    fn scan_all(
        &self,
        device_id: &str,
        settings: &ScanSettings,
        cancel: &CancelToken,
    ) -> Result<Vec<Page>, ScanError> {
        let mut pages = Vec::new();
        self.scan(device_id, settings, cancel, &mut |p| pages.push(p))?;
        Ok(pages)
    }
}
