//! The Open and Save As dialogs through the real window (egui_kittest, real trainer thread):
//! each lists its kind of file, starts in the folder last used for that kind, and acts on the
//! file or folder clicked; the status bar names every file written.

use std::path::{Path, PathBuf};

use eframe::egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use super::EnergyLabApp;
use super::dialogs::{FileKind, Purpose};
use super::kittest_support::{frames_until, harness, settle};
use crate::data::DataSource;

fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("energy-lab-dialogs-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn files_in(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    out.sort();
    out
}

fn dialog_open(h: &Harness<'_, EnergyLabApp>, title: &str) -> bool {
    h.query_by_label_contains(title).is_some()
}

/// The window with `dir` as the folder last used for `kind`.
fn harness_in(kind: FileKind, dir: &Path) -> Harness<'static, EnergyLabApp> {
    let mut h = harness();
    h.state_mut().panels.files.folders.set(kind, dir);
    h
}

/// Two frames: one to open what was asked, one to draw it.
fn frames(h: &mut Harness<'_, EnergyLabApp>) {
    h.step();
    h.step();
}

#[test]
fn sessions_save_as_and_open_through_the_dialog_which_remembers_the_folder() {
    let dir = scratch("sessions");
    std::fs::write(dir.join("notes.txt"), "not a session").unwrap();
    let mut h = harness_in(FileKind::Session, &dir);
    h.state_mut().panels.files.session_path = "elsewhere/week3.energylab".to_owned();
    h.step();

    // Ctrl+Shift+S: the dialog opens in the sessions folder, proposing the session's name.
    h.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S);
    frames(&mut h);
    assert!(dialog_open(&h, Purpose::SaveSessionAs.title()));
    assert!(
        h.query_by_label("🗋 notes.txt").is_none(),
        "only sessions listed"
    );
    h.get_by_label("Save session").click();
    let saved = dir.join("week3.energylab");
    frames_until(&mut h, "the session saved as", |_| saved.exists());
    assert!(!dialog_open(&h, Purpose::SaveSessionAs.title()));
    frames_until(&mut h, "the status bar naming the file", |a| {
        a.status.files() == [saved.clone()]
    });
    // The path is a link that copies itself.
    assert!(h.query_by_label(&saved.display().to_string()).is_some());

    // Ctrl+O lists it; clicking it and Open loads it and makes it the session's path.
    h.state_mut().panels.files.session_path = "elsewhere/other.energylab".to_owned();
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    frames(&mut h);
    assert!(dialog_open(&h, Purpose::OpenSession.title()));
    assert!(h.query_by_label("🗋 notes.txt").is_none());
    h.get_by_label("🗋 week3.energylab").click();
    h.step();
    h.get_by_label("Open session").click();
    frames_until(&mut h, "the session opened", |a| {
        a.message().is_some_and(|(m, _)| m.starts_with("opened"))
    });
    assert_eq!(
        h.state().panels.files.session_path,
        saved.display().to_string()
    );
    assert_eq!(h.state().panels.files.folders.get(FileKind::Session), dir);
    // Kept between runs with the window's settings.
    assert_eq!(h.state().persisted().folders.get(FileKind::Session), dir);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn escape_closes_a_dialog_and_nothing_happens() {
    let dir = scratch("escape");
    let mut h = harness_in(FileKind::Session, &dir);
    h.state_mut().panels.files.session_path = dir.join("kept.energylab").display().to_string();
    h.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S);
    frames(&mut h);
    assert!(dialog_open(&h, Purpose::SaveSessionAs.title()));
    h.key_press(Key::Escape);
    frames(&mut h);
    settle(&mut h);
    assert!(!dialog_open(&h, Purpose::SaveSessionAs.title()));
    assert!(files_in(&dir, "energylab").is_empty(), "nothing saved");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn figures_and_csv_exports_go_where_the_dialogs_say() {
    let dir = scratch("exports");
    let figures = dir.join("figures, not made yet");
    let csv = dir.join("csv");
    std::fs::create_dir_all(&csv).unwrap();
    let mut h = harness();
    let files = &mut h.state_mut().panels.files;
    files.folders.set(FileKind::Figure, &figures);
    files.folders.set(FileKind::Export, &csv);
    h.step();

    // Ctrl+Shift+E: a save dialog in the figures folder (made for it) with a timestamped name.
    h.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::E);
    frames(&mut h);
    assert!(dialog_open(&h, Purpose::ExportFigureAs.title()));
    assert!(figures.is_dir());
    h.get_by_label("Save figure").click();
    frames_until(&mut h, "the figure", |_| {
        files_in(&figures, "png").len() == 1
    });
    let name = files_in(&figures, "png")[0].clone();
    let stem = name.file_stem().unwrap().to_string_lossy().into_owned();
    assert!(
        stem.starts_with("ae-") && stem.len() == "ae-YYYYMMDD-HHMMSS-mmm".len(),
        "{stem}"
    );
    frames_until(&mut h, "the status bar naming the figure", |a| {
        a.status.files() == [name.clone()]
    });

    // Ctrl+E: straight into the same folder, no dialog.
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    frames(&mut h);
    assert!(!dialog_open(&h, Purpose::ExportFigureAs.title()));
    frames_until(&mut h, "the second figure", |_| {
        files_in(&figures, "png").len() == 2
    });

    // Export CSV…: a folder dialog; its Open button writes every CSV file there.
    h.state_mut().requests.dialog = Some(Purpose::ExportCsv);
    frames(&mut h);
    assert!(dialog_open(&h, Purpose::ExportCsv.title()));
    h.get_by_label("Export here").click();
    frames_until(&mut h, "the CSV files", |a| {
        a.status.files().len() >= 3 && a.status.files().iter().all(|f| f.exists())
    });
    assert!(h.state().status.files().iter().all(|f| f.starts_with(&csv)));
    assert_eq!(h.state().panels.files.folders.get(FileKind::Export), csv);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_csv_picked_in_the_dialog_becomes_the_data() {
    let dir = scratch("data");
    // A quoted header with the delimiter inside it, as spreadsheets write them.
    let rows: String = (0..40)
        .map(|i| format!("{},{}\n", i as f32 * 0.1, (i as f32 * 0.1).sin()))
        .collect();
    std::fs::write(dir.join("sine.csv"), format!("\"x, mm\",\"y, mm\"\n{rows}")).unwrap();
    std::fs::write(dir.join("readme.md"), "# not data").unwrap();
    let mut h = harness_in(FileKind::Data, &dir);
    h.state_mut().requests.dialog = Some(Purpose::ImportData);
    frames(&mut h);
    assert!(dialog_open(&h, Purpose::ImportData.title()));
    assert!(h.query_by_label("🗋 readme.md").is_none());
    h.get_by_label("🗋 sine.csv").click();
    h.step();
    h.get_by_label("Open data").click();
    frames(&mut h);
    match &h.state().settings.data {
        DataSource::Points { label, points, .. } => {
            assert_eq!(label, "sine.csv");
            assert_eq!(points.len(), 40);
            assert!((points[10][1] - 1f32.sin()).abs() < 1e-6);
        }
        other => panic!("the data is {other:?}"),
    }
    assert_eq!(h.state().panels.files.folders.get(FileKind::Data), dir);
    let _ = std::fs::remove_dir_all(&dir);
}
