//! The chip's face image as the applicant panel can show it. Many passport chips store DG2 as
//! JPEG 2000, which WebKitGTK does not display: it is decoded here (hayro-jpeg2000, pure Rust)
//! and handed over as JPEG like the others.

use base64::Engine as _;

/// A `data:` URL for the face, or why it cannot be shown.
pub(crate) fn face_for_panel(mime: &str, data: &[u8]) -> Result<String, String> {
    let jpeg = match mime {
        "image/jpeg" => data.to_vec(),
        "image/jp2" => jp2_to_jpeg(data)?,
        other => return Err(format!("unsupported face format {other}")),
    };
    let b64 = base64::engine::general_purpose::STANDARD.encode(jpeg);
    Ok(format!("data:image/jpeg;base64,{b64}"))
}

fn jp2_to_jpeg(data: &[u8]) -> Result<Vec<u8>, String> {
    use hayro_jpeg2000::{ColorSpace, DecodeSettings, DecoderContext, Image};
    let image = Image::new(data, &DecodeSettings::default()).map_err(|e| format!("{e:?}"))?;
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
    let pixels = image
        .decode(&mut ctx)
        .map_err(|e| format!("{e:?}"))?
        .data_u8();
    let out: image::DynamicImage = if gray {
        let luma: Vec<u8> = pixels.chunks_exact(channels).map(|p| p[0]).collect();
        image::GrayImage::from_raw(w, h, luma)
            .ok_or("face size does not match its pixels")?
            .into()
    } else if rgb {
        let px: Vec<u8> = pixels
            .chunks_exact(channels)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect();
        image::RgbImage::from_raw(w, h, px)
            .ok_or("face size does not match its pixels")?
            .into()
    } else {
        return Err(format!("face colour space {:?}", image.color_space()));
    };
    let mut jpeg = std::io::Cursor::new(Vec::new());
    out.write_to(&mut jpeg, image::ImageFormat::Jpeg)
        .map_err(|e| e.to_string())?;
    Ok(jpeg.into_inner())
}
