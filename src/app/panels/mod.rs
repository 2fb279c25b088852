//! The window's panels. Each owns its state and draws itself from a [`Cx`](super::Cx); none
//! touches the trainer or another panel.

pub mod blocks;
pub mod controls;
pub mod data;
pub mod energy_plot;
pub mod files;
pub mod gibbs;
pub mod inspector;
pub mod lessons;
pub mod losses;
pub mod models;
pub mod particles;
pub mod plots;
pub mod probe_bar;
pub mod side_plots;
pub mod status_bar;
pub mod view3d;

/// Every panel with state of its own.
#[derive(Default)]
pub struct Panels {
    pub models: models::ModelsPanel,
    pub transport: controls::TransportPanel,
    pub data: data::DataPanel,
    pub files: files::FilesPanel,
    pub plots: plots::PlotsPanel,
    pub side: side_plots::SidePlots,
    pub inspector: inspector::InspectorPanel,
    pub view3d: view3d::View3dPanel,
    pub blocks: blocks::BlocksPanel,
    pub help: crate::app::shortcuts::HelpOverlay,
}
