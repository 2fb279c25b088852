//! A surface's heatmap: grid values → viridis texture through the chosen colour scale, and its
//! colour bar.

use eframe::egui::{self, Color32, ColorImage, TextureHandle, TextureOptions, Ui};

use crate::landscape::EnergyGrid;
use crate::palette::{ColourMap, viridis};

pub use crate::palette::ColourScale;

/// The values of a grid as an image: row 0 of the grid is the bottom row (y₂ = min), so
/// rows are flipped into image order (top = y₂ max).
pub fn grid_image(grid: &EnergyGrid, map: &ColourMap) -> ColorImage {
    let (w, h) = (grid.spec.size.width, grid.spec.size.height);
    let mut pixels = Vec::with_capacity(w * h);
    for row in (0..h).rev() {
        pixels.extend(
            grid.values[row * w..(row + 1) * w]
                .iter()
                .map(|&v| map.colour(v)),
        );
    }
    ColorImage::new([w, h], pixels)
}

/// The heatmap texture, re-uploaded in place when a new grid arrives.
#[derive(Default)]
pub struct Heatmap {
    texture: Option<TextureHandle>,
    map: ColourMap,
    /// Whether some value lies above the range (the colour bar's "extend max").
    clipped: bool,
    /// A digest of the last uploaded pixels: tests compare it to see the surface change.
    fingerprint: u64,
}

impl Heatmap {
    pub fn update(&mut self, ctx: &egui::Context, grid: &EnergyGrid, scale: ColourScale) {
        self.map = scale.fit(&grid.values);
        self.clipped = self.map.clips(&grid.values);
        let image = grid_image(grid, &self.map);
        self.fingerprint = fingerprint(&image.pixels);
        match &mut self.texture {
            Some(texture) => texture.set(image, TextureOptions::LINEAR),
            None => {
                self.texture = Some(ctx.load_texture("free-energy", image, TextureOptions::LINEAR))
            }
        }
    }

    pub fn texture(&self) -> Option<&TextureHandle> {
        self.texture.as_ref()
    }

    /// The colour scale fitted to the surface drawn.
    pub fn map(&self) -> &ColourMap {
        &self.map
    }

    /// The values at the bottom and the top of the colour bar.
    pub fn range(&self) -> (f32, f32) {
        (self.map.lo, self.map.hi)
    }

    /// Whether values above the range were clipped to its top colour.
    pub fn clipped(&self) -> bool {
        self.clipped
    }

    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }
}

fn fingerprint(pixels: &[Color32]) -> u64 {
    // FNV-1a: no dependency, and any changed pixel changes the digest with near certainty.
    pixels
        .iter()
        .flat_map(|c| c.to_array())
        .fold(0xcbf29ce484222325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
        })
}

/// `rect` filled with viridis from the bottom (cold) to the top (hot) in `bands` bands.
fn viridis_strip(rect: egui::Rect, bands: usize) -> egui::Shape {
    let mut mesh = egui::Mesh::default();
    for i in 0..bands {
        let (t0, t1) = (i as f32 / bands as f32, (i + 1) as f32 / bands as f32);
        let band = egui::Rect::from_x_y_ranges(
            rect.x_range(),
            (rect.bottom() - t1 * rect.height())..=(rect.bottom() - t0 * rect.height()),
        );
        mesh.add_colored_rect(band, viridis(0.5 * (t0 + t1)));
    }
    egui::Shape::mesh(mesh)
}

/// A vertical viridis bar with five value labels (the scale's values at evenly spaced
/// positions); a triangle on top when values above the range are clipped ("extend max").
pub fn colour_bar_ui(ui: &mut Ui, map: &ColourMap, extend_max: bool, height: f32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(64.0, height), egui::Sense::hover());
    let bar = egui::Rect::from_min_size(
        rect.min + egui::vec2(4.0, 14.0),
        egui::vec2(14.0, height - 28.0),
    );
    let painter = ui.painter_at(rect);
    painter.add(viridis_strip(bar, 64));
    let text = ui.visuals().text_color();
    if extend_max {
        let top = bar.center_top();
        painter.add(egui::Shape::convex_polygon(
            vec![
                top + egui::vec2(0.0, -10.0),
                bar.right_top(),
                bar.left_top(),
            ],
            viridis(1.0),
            egui::Stroke::NONE,
        ));
    }
    for i in 0..=4 {
        let t = i as f32 / 4.0;
        let y = bar.bottom() - t * bar.height();
        painter.line_segment(
            [egui::pos2(bar.right(), y), egui::pos2(bar.right() + 4.0, y)],
            egui::Stroke::new(1.0, text),
        );
        painter.text(
            egui::pos2(bar.right() + 6.0, y),
            egui::Align2::LEFT_CENTER,
            map.label(map.value(t)),
            egui::FontId::monospace(11.0),
            text,
        );
    }
}

/// The small multiples' bar: a thin strip with its top and bottom values.
pub fn mini_colour_bar_ui(ui: &mut Ui, map: &ColourMap, height: f32) {
    let (lo, hi) = (map.lo, map.hi);
    let (rect, _) = ui.allocate_exact_size(egui::vec2(38.0, height), egui::Sense::hover());
    let bar = egui::Rect::from_min_size(
        rect.min + egui::vec2(2.0, 10.0),
        egui::vec2(6.0, height - 20.0),
    );
    let painter = ui.painter_at(rect);
    painter.add(viridis_strip(bar, 32));
    let text = ui.visuals().text_color();
    for (value, y, align) in [
        (hi, bar.top(), egui::Align2::LEFT_CENTER),
        (lo, bar.bottom(), egui::Align2::LEFT_CENTER),
    ] {
        painter.text(
            egui::pos2(bar.right() + 3.0, y),
            align,
            map.label(value),
            egui::FontId::monospace(9.0),
            text,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::energy::{Beta, GridSpec, grid::GridSize};

    #[test]
    fn image_is_flipped_so_high_y2_is_on_top() {
        let spec = GridSpec::DEFAULT.with_size(GridSize::new(2, 2).unwrap());
        let grid = EnergyGrid {
            spec,
            beta: Beta::Infinite,
            values: vec![0.0, 0.0, 1.0, f32::NAN],
        };
        let image = grid_image(&grid, &ColourScale::Linear.fit(&[0.0, 1.0]));
        assert_eq!(image.pixels[0], viridis(1.0)); // top-left = grid row 1
        assert_eq!(image.pixels[1], viridis(0.0)); // NaN draws cold, never panics
        assert_eq!(image.pixels[2], viridis(0.0));
    }
}
