//! SVG heatmaps as embedded PNG images. A 161² grid drawn as vector cells is tens of thousands
//! of `<rect>`s (5.6 MB for two panels, measured); as an image it is one `<image>` element of a
//! few kB holding exactly one pixel per grid value, which every SVG viewer and editor reads.
//!
//! plotters has no way to emit an `<image>` without its `bitmap_encoder` feature (which pulls
//! in a second `image` crate and writes a non-standard MIME type), so the panel draws a
//! placeholder rectangle in a reserved colour where the heatmap goes, and [`embed_heatmaps`]
//! swaps each placeholder for the panel's image, in drawing order.

use base64::Engine;
use plotters::style::RGBColor;

use super::{FigureError, Panel, encode_png};
use crate::palette::{ColourMap, viridis_entry};

/// The placeholder's fill: a near-black no palette or theme uses.
pub const PLACEHOLDER: RGBColor = RGBColor(0x01, 0x02, 0x03);
const PLACEHOLDER_FILL: &str = "fill=\"#010203\"";

/// The panel's grid as a PNG, one pixel per value, top row at the largest y₂.
pub fn heat_png(panel: &Panel, map: &ColourMap) -> Result<Vec<u8>, FigureError> {
    let spec = panel.grid.spec;
    let (w, h) = (spec.size.width, spec.size.height);
    let mut rgb = Vec::with_capacity(w * h * 3);
    // Grid row 0 is the bottom (smallest y₂); image row 0 is the top.
    for row in panel.grid.values.chunks(w).rev() {
        for &v in row {
            let c = viridis_entry(map.level(v));
            rgb.extend_from_slice(&[c.r(), c.g(), c.b()]);
        }
    }
    encode_png(&rgb, w as u32, h as u32)
}

/// Replaces the k-th placeholder rectangle of `svg` with an `<image>` of `pngs[k]` at the same
/// place and size.
pub fn embed_heatmaps(svg: &str, pngs: &[Vec<u8>]) -> Result<String, FigureError> {
    let mut out = String::with_capacity(svg.len() + pngs.iter().map(Vec::len).sum::<usize>() * 2);
    let mut rest = svg;
    for png in pngs {
        let fill = rest
            .find(PLACEHOLDER_FILL)
            .ok_or_else(|| FigureError::Draw("a heatmap placeholder is missing".to_owned()))?;
        let start = rest[..fill]
            .rfind("<rect")
            .ok_or_else(|| FigureError::Draw("a heatmap placeholder is malformed".to_owned()))?;
        let end = fill
            + rest[fill..]
                .find("/>")
                .ok_or_else(|| FigureError::Draw("a heatmap placeholder is unclosed".to_owned()))?
            + 2;
        let rect = &rest[start..end];
        let attr = |name: &str| -> Result<&str, FigureError> {
            let key = format!(" {name}=\"");
            let from = rect
                .find(&key)
                .map(|i| i + key.len())
                .ok_or_else(|| FigureError::Draw(format!("a heatmap placeholder lacks {name}")))?;
            let len = rect[from..].find('"').unwrap_or(0);
            Ok(&rect[from..from + len])
        };
        out.push_str(&rest[..start]);
        out.push_str(&format!(
            "<image x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" preserveAspectRatio=\"none\" \
             href=\"data:image/png;base64,{}\"/>",
            attr("x")?,
            attr("y")?,
            attr("width")?,
            attr("height")?,
            base64::engine::general_purpose::STANDARD.encode(png)
        ));
        rest = &rest[end..];
    }
    out.push_str(rest);
    Ok(out)
}
