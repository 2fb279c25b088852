//! The window's *Export CSV*, written on the trainer thread (which holds the models, so the
//! grid is the full one at the current β, and the window never waits on the disk).

use std::path::{Path, PathBuf};

use super::Worker;
use crate::data::csv::to_csv;
use crate::files::write_atomically;
use crate::landscape::csv::{grid_columns, write_grid};
use crate::landscape::surface::SurfaceView;
use crate::models::ModelId;
use crate::trainer::protocol::Event;

impl Worker {
    /// Writes `<stem>-grid.csv` (the focused model's grid, `landscape::csv`'s layout),
    /// `<stem>-data.csv` and `<stem>-hot.csv`.
    pub(super) fn export_csv(
        &mut self,
        stem: &Path,
        view: SurfaceView,
        losses: &[(ModelId, Vec<[f64; 2]>)],
    ) {
        let event = match self.write_csv(stem, view, losses) {
            Ok(files) => Event::CsvWritten { files },
            Err(message) => Event::Failed {
                action: "CSV export",
                message,
            },
        };
        let _ = self.events.send(event);
    }

    fn write_csv(
        &self,
        stem: &Path,
        view: SurfaceView,
        losses: &[(ModelId, Vec<[f64; 2]>)],
    ) -> Result<Vec<PathBuf>, String> {
        let id = self.figure_focus().map_err(|e| e.to_string())?;
        let slot = self
            .zoo
            .slots()
            .find(|s| s.id == id)
            .ok_or_else(|| "nothing to export yet".to_owned())?;
        let model = slot.model.as_ref();
        let s = &self.settings;
        let columns = grid_columns(
            model,
            &self.data_plain,
            s.condition(),
            &s.grid,
            s.beta,
            view,
            &self.device,
        )
        .map_err(|e| e.to_string())?;
        if let Some(folder) = stem.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        }
        let path = |part: &str| PathBuf::from(format!("{}-{part}.csv", stem.display()));
        let files = [path("grid"), path("data"), path("hot")];
        let mut generated = model.hot();
        generated.extend(model.samples());
        let texts = [to_csv(&self.data), to_csv(&generated)];
        write_atomically(&files[0], |out| write_grid(out, &columns)).map_err(|e| e.to_string())?;
        for (file, text) in files[1..].iter().zip(texts) {
            write_atomically(file, |out| out.write_all(text.as_bytes()))
                .map_err(|e| e.to_string())?;
        }
        let mut files = files.to_vec();
        if losses.iter().any(|(_, curve)| !curve.is_empty()) {
            let file = path("losses");
            let text = crate::landscape::csv::losses_csv(losses);
            write_atomically(&file, |out| out.write_all(text.as_bytes()))
                .map_err(|e| e.to_string())?;
            files.push(file);
        }
        Ok(files)
    }
}
