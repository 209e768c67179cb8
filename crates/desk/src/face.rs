//! The chip's face image as the applicant panel can show it. Many passport chips store DG2 as
//! JPEG 2000, which WebKitGTK does not display: it is decoded here (hayro-jpeg2000, pure Rust)
//! and handed over as JPEG like the others.

use base64::Engine as _;

/// Why a face cannot be shown (logged; the panel names the format).
#[derive(Debug, thiserror::Error)]
pub(crate) enum FaceError {
    #[error("unsupported face format {0}")]
    Format(String),
    #[error("the JPEG 2000 face does not decode: {0}")]
    Decode(String),
    #[error("the face cannot be re-encoded as JPEG")]
    Encode(#[from] image::ImageError),
}

/// A `data:` URL for the face, or why it cannot be shown.
pub(crate) fn face_for_panel(mime: &str, data: &[u8]) -> Result<String, FaceError> {
    let jpeg = match mime {
        "image/jpeg" => data.to_vec(),
        "image/jp2" => jp2_to_jpeg(data)?,
        other => return Err(FaceError::Format(other.to_owned())),
    };
    let b64 = base64::engine::general_purpose::STANDARD.encode(jpeg);
    Ok(format!("data:image/jpeg;base64,{b64}"))
}

fn jp2_to_jpeg(data: &[u8]) -> Result<Vec<u8>, FaceError> {
    use hayro_jpeg2000::{ColorSpace, DecodeSettings, DecoderContext, Image};
    let decode = |e: &dyn std::fmt::Debug| FaceError::Decode(format!("{e:?}"));
    let mismatch = || FaceError::Decode("size does not match the pixels".into());
    let image = Image::new(data, &DecodeSettings::default()).map_err(|e| decode(&e))?;
    let (w, h) = (image.width(), image.height());
    let channels = usize::from(image.color_space().num_channels()) + usize::from(image.has_alpha());
    let gray = matches!(image.color_space(), ColorSpace::Gray);
    let rgb = matches!(image.color_space(), ColorSpace::RGB)
        || matches!(
            image.color_space(),
            ColorSpace::Icc {
                num_channels: 3,
                ..
            }
        );
    let mut ctx = DecoderContext::default();
    let pixels = image.decode(&mut ctx).map_err(|e| decode(&e))?.data_u8();
    let out: image::DynamicImage = if gray {
        let luma: Vec<u8> = pixels.chunks_exact(channels).map(|p| p[0]).collect();
        image::GrayImage::from_raw(w, h, luma)
            .ok_or_else(mismatch)?
            .into()
    } else if rgb {
        let px: Vec<u8> = pixels
            .chunks_exact(channels)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect();
        image::RgbImage::from_raw(w, h, px)
            .ok_or_else(mismatch)?
            .into()
    } else {
        return Err(decode(image.color_space()));
    };
    let mut jpeg = std::io::Cursor::new(Vec::new());
    out.write_to(&mut jpeg, image::ImageFormat::Jpeg)?;
    Ok(jpeg.into_inner())
}
