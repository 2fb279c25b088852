//! Drawing data on the focused plot: left button sprays points inside the brush, the right
//! button (or Shift + left) erases them, every stroke can be undone.

use eframe::egui::{self, PointerButton};
use egui_plot::PlotResponse;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use crate::data::MAX_POINTS;

/// Points added per frame while the left button is held: a spray can, not a pen.
const SPRAY_PER_FRAME: usize = 2;
/// Undo steps kept.
const UNDO_DEPTH: usize = 64;

pub struct DrawTool {
    pub on: bool,
    /// Brush radius in data units.
    pub brush: f32,
    /// The point sets before each stroke, newest last.
    undo: Vec<Vec<[f32; 2]>>,
    in_stroke: bool,
    rng: StdRng,
}

impl Default for DrawTool {
    fn default() -> Self {
        DrawTool {
            on: false,
            brush: 0.15,
            undo: Vec::new(),
            in_stroke: false,
            rng: StdRng::seed_from_u64(0),
        }
    }
}

impl DrawTool {
    /// Applies the pointer on the plot to `points`; true if they changed.
    pub fn pointer_on_plot(
        &mut self,
        plot: &PlotResponse<()>,
        input: &egui::InputState,
        points: &mut Vec<[f32; 2]>,
    ) -> bool {
        let held = |b| input.pointer.button_down(b);
        let spray = held(PointerButton::Primary) && !input.modifiers.shift;
        let erase = held(PointerButton::Secondary)
            || (held(PointerButton::Primary) && input.modifiers.shift);
        // Only strokes that began on the plot (not a slider drag that wandered onto it).
        let began_here = input
            .pointer
            .press_origin()
            .is_some_and(|p| plot.response.rect.contains(p));
        let at = input
            .pointer
            .interact_pos()
            .filter(|p| began_here && plot.response.rect.contains(*p) && (spray || erase))
            .map(|p| plot.transform.value_from_position(p))
            .map(|p| [p.x as f32, p.y as f32]);
        let Some(at) = at else {
            self.in_stroke = false;
            return false;
        };
        if !self.in_stroke {
            self.in_stroke = true;
            self.push_undo(points.clone());
        }
        let before = points.len();
        if erase {
            let r2 = self.brush * self.brush;
            points.retain(|p| (p[0] - at[0]).powi(2) + (p[1] - at[1]).powi(2) > r2);
            return points.len() != before;
        }
        for _ in 0..SPRAY_PER_FRAME.min(MAX_POINTS.saturating_sub(points.len())) {
            // Uniform in the disc: radius ∝ √u.
            let r = self.brush * self.rng.random::<f32>().sqrt();
            let a = std::f32::consts::TAU * self.rng.random::<f32>();
            points.push([at[0] + r * a.cos(), at[1] + r * a.sin()]);
        }
        points.len() != before
    }

    /// The buttons are up: the next press starts a new stroke (and a new undo step).
    pub fn end_stroke(&mut self) {
        self.in_stroke = false;
    }

    pub fn push_undo(&mut self, points: Vec<[f32; 2]>) {
        if self.undo.len() == UNDO_DEPTH {
            self.undo.remove(0);
        }
        self.undo.push(points);
    }

    /// The points before the last stroke (or clear), if any.
    pub fn undo(&mut self) -> Option<Vec<[f32; 2]>> {
        self.undo.pop()
    }

    pub fn depth(&self) -> usize {
        self.undo.len()
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }
}
