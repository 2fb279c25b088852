//! CSV import: a file picked in the *Open CSV* dialog or dropped onto the window, and the
//! column choice for files with more than two columns.

use std::path::Path;

use eframe::egui::{self, Ui};

use crate::data::csv::CsvTable;

/// A file that parsed, waiting for the user to pick its two columns.
pub struct PendingTable {
    pub name: String,
    pub table: CsvTable,
    pub columns: (usize, usize),
    /// The input x of conditional rows, if one column holds it.
    pub x: Option<usize>,
}

#[derive(Default)]
pub struct Import {
    pub pending: Option<PendingTable>,
    /// The last refusal, shown until the next import.
    pub error: Option<String>,
}

/// What an import produced: points to train on now, or a table waiting for columns.
pub enum Imported {
    Points {
        name: String,
        points: Vec<[f32; 2]>,
        /// Each row's input x (conditional rows), when the user picked an x column.
        x: Option<Vec<f32>>,
    },
    ChooseColumns,
    Refused,
}

impl Import {
    /// Parses `bytes` (the file `name`). A file with exactly two numeric columns is used at
    /// once; one with more waits for the user's pick; a bad one leaves the data untouched.
    pub fn accept(&mut self, name: String, bytes: &[u8]) -> Imported {
        self.pending = None;
        let table = match CsvTable::parse_bytes(bytes) {
            Ok(table) => table,
            Err(e) => return self.refuse(&name, e.to_string()),
        };
        let numeric = table.numeric_columns();
        if numeric.len() > 2 {
            let columns = table.default_columns();
            self.pending = Some(PendingTable {
                name,
                table,
                columns,
                x: None,
            });
            self.error = None;
            return Imported::ChooseColumns;
        }
        match table.points(table.default_columns()) {
            Ok(points) => {
                self.error = None;
                Imported::Points {
                    name,
                    points,
                    x: None,
                }
            }
            Err(e) => self.refuse(&name, e.to_string()),
        }
    }

    pub fn accept_file(&mut self, path: &Path) -> Imported {
        let name = file_name(path);
        match std::fs::read(path) {
            Ok(bytes) => self.accept(name, &bytes),
            Err(e) => self.refuse(&name, format!("could not read it: {e}")),
        }
    }

    pub fn refuse(&mut self, name: &str, why: String) -> Imported {
        self.error = Some(format!("{name} not loaded (the data is unchanged): {why}"));
        Imported::Refused
    }

    /// The column picker for a pending table; `Some` when the user confirms.
    pub fn columns_ui(&mut self, ui: &mut Ui) -> Option<Imported> {
        let pending = self.pending.as_mut()?;
        ui.label(format!(
            "{}: {} rows, {} columns. Plot which two?",
            pending.name,
            pending.table.rows(),
            pending.table.columns()
        ));
        let numeric = pending.table.numeric_columns();
        for (label, column) in [
            ("y1", &mut pending.columns.0),
            ("y2", &mut pending.columns.1),
        ] {
            egui::ComboBox::from_label(label)
                .selected_text(pending.table.column_name(*column))
                .show_ui(ui, |ui| {
                    for c in &numeric {
                        ui.selectable_value(column, *c, pending.table.column_name(*c));
                    }
                });
        }
        let x_name = pending
            .x
            .map_or_else(|| "none".to_owned(), |c| pending.table.column_name(c));
        egui::ComboBox::from_label("x (conditional rows)")
            .selected_text(x_name)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut pending.x, None, "none");
                for c in &numeric {
                    ui.selectable_value(&mut pending.x, Some(*c), pending.table.column_name(*c));
                }
            })
            .response
            .on_hover_text("Rows (x, y₁, y₂): conditional models (horn LV-EBM, MSE) train on x");
        let mut result = None;
        ui.horizontal(|ui| {
            if ui.button("Use these columns").clicked() {
                let x = pending.x.map(|c| pending.table.column(c)).transpose();
                result = Some(match (pending.table.points(pending.columns), x) {
                    (Ok(points), Ok(x)) => Imported::Points {
                        name: pending.name.clone(),
                        points,
                        x,
                    },
                    (Err(e), _) | (_, Err(e)) => {
                        self.error = Some(format!("{} not loaded: {e}", pending.name));
                        Imported::Refused
                    }
                });
            }
            if ui.button("Cancel").clicked() {
                result = Some(Imported::Refused);
            }
        });
        if result.is_some() {
            self.pending = None;
        }
        result
    }
}

pub fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_columns_load_at_once_more_wait_for_a_pick_bad_files_are_refused() {
        let mut import = Import::default();
        match import.accept("a.csv".into(), b"y1,y2\n0,1\n2,3\n") {
            Imported::Points { name, points, .. } => {
                assert_eq!(
                    (name.as_str(), points),
                    ("a.csv", vec![[0.0, 1.0], [2.0, 3.0]])
                );
            }
            _ => panic!("a two-column file loads at once"),
        }
        assert!(matches!(
            import.accept("b.csv".into(), b"id,x,y\n1,0.5,1\n2,0.25,2\n"),
            Imported::ChooseColumns
        ));
        let pending = import.pending.as_ref().expect("waits for the pick");
        assert_eq!(
            pending.columns,
            (0, 1),
            "the first two numeric columns by default"
        );
        assert!(matches!(
            import.accept("c.csv".into(), b"1,2\n3,oops\n"),
            Imported::Refused
        ));
        let error = import.error.clone().unwrap_or_default();
        assert!(
            error.contains("c.csv") && error.contains("line 2"),
            "{error}"
        );
        assert!(error.contains("unchanged"), "{error}");
        assert!(
            import.pending.is_none(),
            "a refusal drops the earlier pending file"
        );
        let missing = std::env::temp_dir().join("energy-lab-no-such-file.csv");
        assert!(matches!(import.accept_file(&missing), Imported::Refused));
        assert!(
            import
                .error
                .as_deref()
                .is_some_and(|e| e.contains("could not read"))
        );
    }
}
