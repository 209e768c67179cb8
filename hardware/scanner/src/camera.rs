//! Document cameras (高拍仪) as V4L2 capture devices: one still per `scan`.
//!
//! UNTESTED against hardware: there is no camera on the build machines. What is exercised is
//! the compile (`--features camera`) and the YUYV conversion. Document cameras commonly offer
//! MJPEG at their full resolution (5–16 MP) and YUYV only at video sizes, so MJPEG is preferred.

use std::path::Path;
use std::time::Duration;

use image::{DynamicImage, RgbImage};
use v4l::buffer::Type;
use v4l::io::mmap::Stream;
use v4l::io::traits::CaptureStream;
use v4l::video::Capture;
use v4l::{Device, FourCC};

use crate::error::ScanError;
use crate::scanner::Scanner;
use crate::types::{
    CancelToken, ColorMode, DeviceCapabilities, DeviceInfo, DeviceKind, Page, PageOrigin,
    PaperSource, ScanSettings,
};

/// V4L2 document cameras.
#[derive(Debug, Clone)]
pub struct CameraScanner {
    /// Frames thrown away after the stream starts, while exposure and focus settle.
    pub warmup_frames: u32,
}

impl Default for CameraScanner {
    fn default() -> Self {
        Self { warmup_frames: 8 }
    }
}

fn cam(stage: &'static str) -> impl FnOnce(std::io::Error) -> ScanError {
    move |source| ScanError::Camera { stage, source }
}

fn open(id: &str) -> Result<Device, ScanError> {
    if !Path::new(id).exists() {
        return Err(ScanError::NoDevice(id.to_owned()));
    }
    Device::with_path(id).map_err(cam("open"))
}

/// The largest discrete frame size offered for `fourcc`.
fn largest(dev: &Device, fourcc: FourCC) -> Option<(u32, u32)> {
    dev.enum_framesizes(fourcc)
        .ok()?
        .into_iter()
        .flat_map(|s| s.size.to_discrete())
        .map(|d| (d.width, d.height))
        .max_by_key(|(w, h)| u64::from(*w) * u64::from(*h))
}

/// YUYV (4:2:2) to RGB, BT.601 limited range.
pub(crate) fn yuyv_to_rgb(data: &[u8], w: u32, h: u32) -> Option<RgbImage> {
    let need = w as usize * h as usize * 2;
    if data.len() < need || w & 1 == 1 {
        return None;
    }
    let mut out = RgbImage::new(w, h);
    let conv = |y: u8, u: u8, v: u8| {
        let c = f32::from(y) - 16.0;
        let d = f32::from(u) - 128.0;
        let e = f32::from(v) - 128.0;
        let px = |x: f32| x.round().clamp(0.0, 255.0) as u8;
        [
            px(1.164 * c + 1.596 * e),
            px(1.164 * c - 0.392 * d - 0.813 * e),
            px(1.164 * c + 2.017 * d),
        ]
    };
    for (pair, quad) in out
        .as_mut()
        .chunks_exact_mut(6)
        .zip(data[..need].chunks_exact(4))
    {
        let (y0, u, y1, v) = (quad[0], quad[1], quad[2], quad[3]);
        pair[..3].copy_from_slice(&conv(y0, u, v));
        pair[3..].copy_from_slice(&conv(y1, u, v));
    }
    Some(out)
}

impl Scanner for CameraScanner {
    fn devices(&self) -> Result<Vec<DeviceInfo>, ScanError> {
        let mut out = Vec::new();
        for node in v4l::context::enum_devices() {
            let Ok(dev) = Device::with_path(node.path()) else {
                continue;
            };
            let Ok(caps) = dev.query_caps() else {
                continue;
            };
            if !caps
                .capabilities
                .contains(v4l::capability::Flags::VIDEO_CAPTURE)
            {
                continue;
            }
            out.push(DeviceInfo {
                id: node.path().to_string_lossy().into_owned(),
                kind: DeviceKind::Camera,
                vendor: caps.driver,
                model: caps.card,
                type_label: "document camera".into(),
            });
        }
        Ok(out)
    }

    fn capabilities(&self, device_id: &str) -> Result<DeviceCapabilities, ScanError> {
        open(device_id)?;
        Ok(DeviceCapabilities {
            sources: vec![PaperSource::Flatbed],
            modes: vec![ColorMode::Color, ColorMode::Gray],
            // A camera has pixels, not a resolution: it depends on the height of the arm.
            resolutions_dpi: Vec::new(),
            max_area: None,
        })
    }

    fn scan(
        &self,
        device_id: &str,
        settings: &ScanSettings,
        cancel: &CancelToken,
        on_page: &mut dyn FnMut(Page),
    ) -> Result<u32, ScanError> {
        let dev = open(device_id)?;
        let mjpg = FourCC::new(b"MJPG");
        let yuyv = FourCC::new(b"YUYV");
        let (fourcc, size) = match (largest(&dev, mjpg), largest(&dev, yuyv)) {
            (Some(s), _) => (mjpg, s),
            (None, Some(s)) => (yuyv, s),
            (None, None) => {
                return Err(ScanError::Unsupported(
                    "camera format (MJPEG or YUYV)".into(),
                ))
            }
        };
        let mut fmt = dev.format().map_err(cam("format"))?;
        fmt.width = size.0;
        fmt.height = size.1;
        fmt.fourcc = fourcc;
        let fmt = dev.set_format(&fmt).map_err(cam("set format"))?;
        let mut stream =
            Stream::with_buffers(&dev, Type::VideoCapture, 4).map_err(cam("stream"))?;
        stream.set_timeout(Duration::from_millis(settings.page_timeout_ms));
        for _ in 0..self.warmup_frames {
            if cancel.is_cancelled() {
                return Err(ScanError::Cancelled);
            }
            stream.next().map_err(cam("warm-up frame"))?;
        }
        let (buf, meta) = stream.next().map_err(cam("frame"))?;
        let data = &buf[..(meta.bytesused as usize).min(buf.len())];
        let image = if fmt.fourcc == mjpg {
            image::load_from_memory_with_format(data, image::ImageFormat::Jpeg)
                .map_err(|e| ScanError::BadFrame(format!("camera JPEG: {e}")))?
        } else {
            DynamicImage::ImageRgb8(
                yuyv_to_rgb(data, fmt.width, fmt.height)
                    .ok_or_else(|| ScanError::BadFrame("short YUYV frame".into()))?,
            )
        };
        let image = match settings.mode {
            ColorMode::Color => DynamicImage::ImageRgb8(image.into_rgb8()),
            ColorMode::Gray | ColorMode::Lineart => DynamicImage::ImageLuma8(image.into_luma8()),
        };
        on_page(Page::new(image, None, PageOrigin::Camera));
        Ok(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuyv_grey_and_white() {
        // Y=16 is black, Y=235 white, U=V=128 no colour.
        let img = yuyv_to_rgb(&[16, 128, 235, 128], 2, 1).unwrap();
        assert_eq!(img.as_raw(), &[0, 0, 0, 255, 255, 255]);
        assert!(yuyv_to_rgb(&[0; 3], 2, 1).is_none());
    }

    #[test]
    fn no_such_camera() {
        let err = CameraScanner::default()
            .capabilities("/dev/video-none")
            .unwrap_err();
        assert!(matches!(err, ScanError::NoDevice(_)));
    }
}
