//! Block diagrams: a model's [`Diagram`](crate::models::diagram::Diagram) placed on the grid
//! every model shares ([`layout`]), painted in the window (`app/panels/blocks.rs`) and written
//! as SVG or PNG (`figure/diagram.rs`), and what differs between two models in words ([`compare`]).

pub mod compare;
pub mod layout;

pub use layout::{Layout, PlacedPart, PlacedWire};
