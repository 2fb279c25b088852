//! Saving egui's own screenshots of the window as PNG, off the UI thread.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crossbeam_channel::{Receiver, Sender, unbounded};
use eframe::egui::{self, ColorImage};
use image::ImageEncoder;

use crate::files::{WriteError, write_atomically};

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("could not create the folder {0}: {1}")]
    Folder(PathBuf, std::io::Error),
    #[error("could not encode the screenshot as PNG: {0}")]
    Encode(image::ImageError),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error("the screenshot is empty")]
    Empty,
}

/// Writes `image` as an RGBA PNG at `path`, creating the parent folder. The PNG is encoded in
/// memory and written atomically: a full disk or a read-only folder leaves an older file of
/// the same name as it was.
pub fn save_png(image: &ColorImage, path: &Path) -> Result<(), SaveError> {
    let [w, h] = image.size;
    if w == 0 || h == 0 {
        return Err(SaveError::Empty);
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| SaveError::Folder(parent.to_owned(), e))?;
    }
    let bytes: Vec<u8> = image.pixels.iter().flat_map(|c| c.to_array()).collect();
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(&bytes, w as u32, h as u32, image::ExtendedColorType::Rgba8)
        .map_err(SaveError::Encode)?;
    write_atomically(path, |out| out.write_all(&png))?;
    Ok(())
}

pub type SaveResult = Result<PathBuf, String>;

/// Requests screenshots from egui and collects the results of saving them.
pub struct Screenshots {
    tx: Sender<SaveResult>,
    rx: Receiver<SaveResult>,
    in_flight: usize,
}

impl Default for Screenshots {
    fn default() -> Self {
        let (tx, rx) = unbounded();
        Screenshots {
            tx,
            rx,
            in_flight: 0,
        }
    }
}

impl Screenshots {
    /// Asks egui for a screenshot of the next rendered frame; it is saved to `path` on a
    /// helper thread (PNG encoding takes tens of milliseconds: not on the UI thread).
    pub fn request(&mut self, ctx: &egui::Context, path: PathBuf) {
        let tx = self.tx.clone();
        let ctx_for_repaint = ctx.clone();
        self.in_flight += 1;
        ctx.request_screenshot(move |image: Arc<ColorImage>| {
            let spawned = std::thread::Builder::new()
                .name("screenshot".to_owned())
                .spawn({
                    let tx = tx.clone();
                    let path = path.clone();
                    let ctx = ctx_for_repaint.clone();
                    move || {
                        let result = save_png(&image, &path)
                            .map(|()| path)
                            .map_err(|e| e.to_string());
                        let _ = tx.send(result);
                        ctx.request_repaint();
                    }
                });
            if let Err(e) = spawned {
                let _ = tx.send(Err(format!("could not start the screenshot writer: {e}")));
            }
        });
    }

    /// Results that arrived since the last call.
    pub fn poll(&mut self) -> Vec<SaveResult> {
        let done: Vec<SaveResult> = self.rx.try_iter().collect();
        self.in_flight = self.in_flight.saturating_sub(done.len());
        done
    }

    pub fn in_flight(&self) -> usize {
        self.in_flight
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saving_writes_a_png_and_reports_unwritable_folders() {
        let dir = std::env::temp_dir().join(format!("energy-lab-shot-{}", std::process::id()));
        let image = ColorImage::new([3, 2], vec![crate::palette::DATA_BLUE; 6]);
        let path = dir.join("nested").join("shot.png");
        save_png(&image, &path).unwrap();
        let back = image::open(&path).unwrap().to_rgba8();
        assert_eq!(back.dimensions(), (3, 2));
        assert_eq!(back.get_pixel(2, 1).0, [0x80, 0xb1, 0xd3, 0xff]);
        // A file where a folder should be: a clear error, no panic.
        let blocked = path.join("below-a-file.png");
        let err = save_png(&image, &blocked).unwrap_err();
        assert!(matches!(err, SaveError::Folder(..)), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_read_only_folder_or_a_full_disk_keeps_the_previous_screenshot() {
        use crate::files::faults::{WriteFault, inject};
        let dir =
            std::env::temp_dir().join(format!("energy-lab-shot-fault-{}", std::process::id()));
        let path = dir.join("class.png");
        save_png(
            &ColorImage::new([4, 4], vec![crate::palette::DATA_BLUE; 16]),
            &path,
        )
        .unwrap();
        let old = std::fs::read(&path).unwrap();
        let red = ColorImage::new([64, 64], vec![crate::palette::HOT_RED; 64 * 64]);
        for (fault, says) in [
            (WriteFault::ReadOnly, "Read-only file system"),
            (
                WriteFault::DiskFull { after: 40 },
                "No space left on device",
            ),
        ] {
            let _fault = inject(&dir, fault);
            let e = save_png(&red, &path).unwrap_err().to_string();
            assert!(e.contains(says) && e.contains("class.png"), "{e}");
            assert_eq!(std::fs::read(&path).unwrap(), old);
            assert_eq!(
                std::fs::read_dir(&dir).unwrap().count(),
                1,
                "no temporary left"
            );
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
