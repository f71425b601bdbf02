//! The embedded fonts, read once per run and shared by every printout and every thread: krilla's
//! font (each PDF still embeds its own subset) and the shaper's face with its shaping plans.
//!
//! krilla's own `draw_text` reads the whole font and works out a shaping plan for every line it
//! draws; with DejaVu Sans (large substitution and positioning tables) that was most of the
//! time a PDF took. Here both are made once, and lines are shaped with a kept plan.

use krilla::text::{Font, GlyphId, KrillaGlyph};
use rustybuzz::{Direction, Script, ShapePlan, UnicodeBuffer};
use std::sync::{Arc, Mutex, OnceLock};

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// One embedded font, ready to measure, shape and draw with.
pub struct Face {
    /// What krilla draws and embeds.
    pub font: Font,
    shaper: rustybuzz::Face<'static>,
    /// Plans by direction and script (a printout uses one or two).
    plans: Mutex<Vec<(Direction, Script, Arc<ShapePlan>)>>,
    /// Advances of the first characters of Unicode (Latin, with its accents), in ems, looked up
    /// once: measuring lines to wrap them is most of what a layout does.
    common: Vec<f32>,
}

/// Characters whose advances are kept ready (up to the end of Latin Extended-B).
const COMMON: u32 = 0x250;

/// The regular and the bold face.
pub struct Faces {
    /// Regular.
    pub regular: Face,
    /// Bold.
    pub bold: Face,
}

impl Faces {
    /// The regular or the bold face.
    pub fn get(&self, bold: bool) -> &Face {
        if bold {
            &self.bold
        } else {
            &self.regular
        }
    }
}

/// The fonts, read the first time they are needed (None only if an embedded font were broken,
/// which a test rules out).
pub fn faces() -> Option<&'static Faces> {
    static FACES: OnceLock<Option<Faces>> = OnceLock::new();
    FACES
        .get_or_init(|| {
            Some(Faces {
                regular: Face::new(REGULAR)?,
                bold: Face::new(BOLD)?,
            })
        })
        .as_ref()
}

impl Face {
    fn new(data: &'static [u8]) -> Option<Face> {
        let shaper = rustybuzz::Face::from_slice(data, 0)?;
        let mut face = Face {
            font: Font::new(data.into(), 0)?,
            shaper,
            plans: Mutex::new(Vec::new()),
            common: Vec::new(),
        };
        face.common = (0..COMMON)
            .map(|c| char::from_u32(c).map_or(0.0, |c| face.lookup(c)))
            .collect();
        Some(face)
    }

    /// One character's advance, in ems, from the font's tables.
    fn lookup(&self, c: char) -> f32 {
        let upem = self.shaper.units_per_em() as f32;
        self.shaper
            .glyph_index(c)
            .and_then(|g| self.shaper.glyph_hor_advance(g))
            .map_or(0.5, |a| a as f32 / upem)
    }

    /// Whether the font has nothing to draw `c` with, so that it would be drawn as an empty box
    /// (spaces, controls and marks that take no room are never counted).
    pub fn lacks(&self, c: char) -> bool {
        use unicode_width::UnicodeWidthChar;
        !c.is_whitespace() && c.width().unwrap_or(0) > 0 && self.shaper.glyph_index(c).is_none()
    }

    /// The advance of a line of text, in ems (without kerning, so never less than drawn).
    pub fn advance_of(&self, text: &str) -> f32 {
        text.chars()
            .map(|c| match self.common.get(c as usize) {
                Some(a) => *a,
                None => self.lookup(c),
            })
            .sum()
    }

    fn plan(&self, direction: Direction, script: Script) -> Arc<ShapePlan> {
        let mut plans = self.plans.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, _, p)) = plans
            .iter()
            .find(|(d, s, _)| *d == direction && *s == script)
        {
            return p.clone();
        }
        let plan = Arc::new(ShapePlan::new(
            &self.shaper,
            direction,
            Some(script),
            None,
            &[],
        ));
        plans.push((direction, script, plan.clone()));
        plan
    }

    /// A line of text as glyphs, each knowing the text it stands for (so the PDF's text can be
    /// copied and searched).
    pub fn shape(&self, text: &str) -> Vec<KrillaGlyph> {
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let direction = buffer.direction();
        let plan = self.plan(direction, buffer.script());
        let output = rustybuzz::shape_with_plan(&self.shaper, &plan, buffer);
        let upem = self.shaper.units_per_em() as f32;
        let infos = output.glyph_infos();
        let positions = output.glyph_positions();
        let forward = matches!(direction, Direction::LeftToRight | Direction::TopToBottom);
        (0..output.len())
            .map(|i| {
                let cluster = infos[i].cluster;
                // The cluster ends where the next cluster in the text begins.
                let mut j = i;
                let end = loop {
                    let next = if forward {
                        j.checked_add(1)
                    } else {
                        j.checked_sub(1)
                    };
                    match next.and_then(|n| infos.get(n).map(|g| (n, g))) {
                        Some((n, g)) if g.cluster == cluster => j = n,
                        Some((_, g)) => break g.cluster as usize,
                        None => break text.len(),
                    }
                };
                let p = positions[i];
                KrillaGlyph::new(
                    GlyphId::new(infos[i].glyph_id),
                    p.x_advance as f32 / upem,
                    p.x_offset as f32 / upem,
                    p.y_offset as f32 / upem,
                    p.y_advance as f32 / upem,
                    cluster as usize..end.max(cluster as usize),
                    None,
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fonts_read_and_shape_every_character() {
        let f = faces().expect("the embedded fonts read");
        let text = "Ñandú “said” Nguyễn";
        let glyphs = f.regular.shape(text);
        assert!(!glyphs.is_empty());
        // Every character of the text is covered by a glyph's range, in order.
        let mut covered = 0;
        for g in &glyphs {
            assert!(g.text_range.start <= g.text_range.end && g.text_range.end <= text.len());
            covered = covered.max(g.text_range.end);
        }
        assert_eq!(covered, text.len());
        assert!(
            glyphs.iter().all(|g| g.glyph_id.to_u32() != 0),
            "no missing glyphs"
        );
    }
}
