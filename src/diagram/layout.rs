//! Where each block of a diagram goes, in diagram units (y down, like a page). Every kind of
//! block has one grid slot ([`PartKind::slot`]); columns no model of the set uses are dropped,
//! so diagrams laid out together keep each block in the same place.

use crate::models::diagram::{Diagram, Part, PartKind};
use crate::palette;

/// A grid cell, in diagram units.
pub const CELL: [f32; 2] = [132.0, 78.0];
/// A module's box height and a variable's circle radius.
pub const BOX_HEIGHT: f32 = 34.0;
pub const RADIUS: f32 = 19.0;
/// Approximate width of a character of the labels' font (12 units).
pub const CHAR_WIDTH: f32 = 6.6;
/// The lane above the top row that a wire takes when both bends would cross a block.
const LANE: f32 = -0.62;

#[derive(Clone, Debug, PartialEq)]
pub struct PlacedPart {
    pub part: Part,
    pub centre: [f32; 2],
    /// Half the box's width and height (a variable: its radius twice).
    pub half: [f32; 2],
    /// Fill colour, RGB.
    pub fill: [u8; 3],
}

#[derive(Clone, Debug, PartialEq)]
pub struct PlacedWire {
    pub from: PartKind,
    pub to: PartKind,
    /// Centre of the source to the edge of the target, axis-aligned segments.
    pub points: Vec<[f32; 2]>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub size: [f32; 2],
    pub parts: Vec<PlacedPart>,
    pub wires: Vec<PlacedWire>,
}

/// The colour of a part: the course's Set3 colours of its kind (a pushed-up point red).
pub fn fill_of(part: &Part) -> [u8; 3] {
    let c = |c: eframe::egui::Color32| [c.r(), c.g(), c.b()];
    if part.hot {
        return c(palette::HOT_RED);
    }
    match part.kind {
        PartKind::Input => [0xfc, 0xcd, 0xe5],
        PartKind::Observed => c(palette::DATA_BLUE),
        PartKind::Latent => c(palette::LATENT_ORANGE),
        PartKind::Code => c(palette::PROBE_GREEN),
        PartKind::Output => c(palette::MANIFOLD_VIOLET),
        PartKind::Corrupted => c(palette::HOT_RED),
        PartKind::Decoder => [0x8d, 0xd3, 0xc7],
        PartKind::Encoder => [0xbe, 0xba, 0xda],
        PartKind::Cost | PartKind::Energy => c(palette::HOT_RED),
        PartKind::Predictor => [0xcc, 0xeb, 0xc5],
        PartKind::Corruption => [0xff, 0xed, 0x6f],
        PartKind::Sampler => [0xfd, 0xd4, 0x9e],
        PartKind::Langevin => [0xff, 0xff, 0xb3],
        PartKind::Regulariser => [0xd9, 0xd9, 0xd9],
    }
}

impl Layout {
    /// One diagram alone (its unused columns dropped).
    pub fn of(diagram: &Diagram) -> Layout {
        Self::aligned(&[*diagram]).pop().unwrap_or(Layout {
            size: [0.0, 0.0],
            parts: Vec::new(),
            wires: Vec::new(),
        })
    }

    /// Several diagrams on one shared grid: a column is kept if any of them uses it.
    pub fn aligned(diagrams: &[Diagram]) -> Vec<Layout> {
        let mut used = [false; 9];
        for d in diagrams {
            for p in d.parts {
                used[p.kind.slot().0 as usize] = true;
            }
        }
        let column: Vec<Option<usize>> = used
            .iter()
            .scan(0, |next, u| {
                Some(u.then(|| {
                    *next += 1;
                    *next - 1
                }))
            })
            .collect();
        let columns = used.iter().filter(|u| **u).count();
        diagrams
            .iter()
            .map(|d| place(d, &column, columns))
            .collect()
    }

    pub fn part(&self, kind: PartKind) -> Option<&PlacedPart> {
        self.parts.iter().find(|p| p.part.kind == kind)
    }
}

fn place(diagram: &Diagram, column: &[Option<usize>], columns: usize) -> Layout {
    let top = CELL[1] * 0.75;
    let centre_of = |slot: (u8, u8)| {
        let c = column[slot.0 as usize].unwrap_or(0) as f32;
        [CELL[0] * (c + 0.5), top + CELL[1] * f32::from(slot.1)]
    };
    let parts: Vec<PlacedPart> = diagram
        .parts
        .iter()
        .map(|part| {
            let half = if part.kind.is_variable() {
                let w = (part.label.chars().count() as f32 * CHAR_WIDTH / 2.0 + 6.0).max(RADIUS);
                [w, RADIUS]
            } else {
                let w = part.label.chars().count() as f32 * CHAR_WIDTH / 2.0 + 10.0;
                [w.clamp(26.0, CELL[0] / 2.0 - 4.0), BOX_HEIGHT / 2.0]
            };
            PlacedPart {
                part: *part,
                centre: centre_of(part.kind.slot()),
                half,
                fill: fill_of(part),
            }
        })
        .collect();
    let occupied = |slot: (i32, i32)| {
        diagram
            .parts
            .iter()
            .any(|p| (i32::from(p.kind.slot().0), i32::from(p.kind.slot().1)) == slot)
    };
    let wires = diagram
        .wires
        .iter()
        .filter_map(|&(from, to)| {
            let (a, b) = (
                parts.iter().find(|p| p.part.kind == from)?,
                parts.iter().find(|p| p.part.kind == to)?,
            );
            Some(PlacedWire {
                from,
                to,
                points: route(a, b, from.slot(), to.slot(), &occupied, top),
            })
        })
        .collect();
    Layout {
        size: [CELL[0] * columns as f32, top + CELL[1] * 2.6],
        parts,
        wires,
    }
}

/// An axis-aligned path from `a`'s centre to `b`'s edge: straight on one row or column,
/// otherwise along the source's row then the target's column, or the other way round, or out
/// sideways and over the lane above the diagram — the first that passes through no other
/// block.
fn route(
    a: &PlacedPart,
    b: &PlacedPart,
    from: (u8, u8),
    to: (u8, u8),
    occupied: &dyn Fn((i32, i32)) -> bool,
    top: f32,
) -> Vec<[f32; 2]> {
    let (fc, fr, tc, tr) = (
        i32::from(from.0),
        i32::from(from.1),
        i32::from(to.0),
        i32::from(to.1),
    );
    let clear = |cells: &[(i32, i32)]| cells.iter().all(|c| !occupied(*c));
    let span = |lo: i32, hi: i32| -> Vec<i32> {
        if lo < hi {
            (lo + 1..hi).collect()
        } else {
            (hi + 1..lo).rev().collect()
        }
    };
    let (pa, pb) = (a.centre, b.centre);
    let mut points = if fr == tr || fc == tc {
        vec![pa, pb]
    } else {
        let row_first: Vec<(i32, i32)> = span(fc, tc)
            .into_iter()
            .map(|c| (c, fr))
            .chain(std::iter::once((tc, fr)))
            .chain(span(fr, tr).into_iter().map(|r| (tc, r)))
            .collect();
        let column_first: Vec<(i32, i32)> = span(fr, tr)
            .into_iter()
            .map(|r| (fc, r))
            .chain(std::iter::once((fc, tr)))
            .chain(span(fc, tc).into_iter().map(|c| (c, tr)))
            .collect();
        if clear(&row_first) {
            vec![pa, [pb[0], pa[1]], pb]
        } else if clear(&column_first) {
            vec![pa, [pa[0], pb[1]], pb]
        } else {
            // Out of the source sideways, up between the columns (where no block is), over
            // the lane and down onto the target.
            let lane = top + CELL[1] * LANE;
            let side = pa[0] + (pb[0] - pa[0]).signum() * CELL[0] / 2.0;
            vec![pa, [side, pa[1]], [side, lane], [pb[0], lane], pb]
        }
    };
    // End on the target's edge, so the arrowhead shows.
    let n = points.len();
    let (prev, end) = (points[n - 2], points[n - 1]);
    let d = [end[0] - prev[0], end[1] - prev[1]];
    points[n - 1] = if d[0].abs() > d[1].abs() {
        [end[0] - d[0].signum() * b.half[0], end[1]]
    } else {
        [end[0], end[1] - d[1].signum() * b.half[1]]
    };
    points
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::ModelId;

    /// Every model's diagram is well formed: each kind once, every wire between parts it has,
    /// every part wired, y and the energy present, wires ending on their target's edge.
    #[test]
    fn every_models_diagram_is_wired_and_placed_on_the_shared_grid() {
        for id in ModelId::ALL {
            let d = id.spec().diagram;
            for (i, p) in d.parts.iter().enumerate() {
                assert!(
                    d.parts[i + 1..].iter().all(|q| q.kind != p.kind),
                    "{id}: {:?} twice",
                    p.kind
                );
                assert!(
                    d.wires.iter().any(|w| w.0 == p.kind || w.1 == p.kind),
                    "{id}: {:?} unwired",
                    p.kind
                );
            }
            assert!(d.has(PartKind::Observed) && d.has(PartKind::Energy), "{id}");
            for w in d.wires {
                assert!(d.has(w.0) && d.has(w.1), "{id}: wire {w:?}");
            }
            let layout = Layout::of(&d);
            assert_eq!(layout.wires.len(), d.wires.len(), "{id}");
            for w in &layout.wires {
                let target = layout.part(w.to).unwrap();
                let end = w.points[w.points.len() - 1];
                let inside = |k: usize| (end[k] - target.centre[k]).abs() <= target.half[k] + 1e-3;
                assert!(inside(0) && inside(1), "{id}: {w:?}");
                // Every segment is horizontal or vertical.
                for s in w.points.windows(2) {
                    assert!(s[0][0] == s[1][0] || s[0][1] == s[1][1], "{id}: {w:?}");
                }
            }
            // A contrastive model's pushed-up points are red on its diagram too.
            let hot = d.parts.iter().any(|p| p.hot);
            assert_eq!(hot, id.spec().family.is_contrastive(), "{id}");
        }
    }

    #[test]
    fn aligned_diagrams_put_the_same_block_in_the_same_place() {
        let diagrams: Vec<Diagram> = ModelId::ALL.iter().map(|m| m.spec().diagram).collect();
        let layouts = Layout::aligned(&diagrams);
        for kind in [
            PartKind::Decoder,
            PartKind::Cost,
            PartKind::Observed,
            PartKind::Energy,
        ] {
            let places: Vec<[f32; 2]> = layouts
                .iter()
                .filter_map(|l| l.part(kind).map(|p| p.centre))
                .collect();
            assert!(
                places.len() >= 2 && places.windows(2).all(|w| w[0] == w[1]),
                "{kind:?}"
            );
        }
        // Alone, the EBM keeps only the columns it uses.
        let ebm = Layout::of(&ModelId::Ebm.spec().diagram);
        assert!(ebm.size[0] < layouts[0].size[0]);
    }
}
