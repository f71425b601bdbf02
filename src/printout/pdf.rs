//! A printout as PDF, made natively with `krilla` (text shaped and the font subset and embedded,
//! so accents print and the text can be copied and searched). Grey and black only.
//!
//! The document is first laid out into pages of drawing operations (so the footer can say
//! "page 2 of 3"), then drawn.

use krilla::color::luma;
use krilla::geom::{PathBuilder, Point, Rect as KRect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::Document;

use super::charts;
use super::doc::{Block, Doc, Section};
use super::fonts::{faces, Faces};
use super::Paper;

/// Why a PDF could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("the PDF could not be made: {0}")]
pub struct PdfError(String);

const MARGIN: f32 = 54.0;
const BODY: f32 = 10.5;
const LEAD: f32 = 1.38;

/// One drawing operation, in points from the page's top left.
#[derive(Debug, Clone, PartialEq)]
enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        grey: u8,
        text: String,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<u8>,
        stroke: Option<f32>,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        grey: u8,
    },
}

/// The width of a line of text, in points.
fn width(text: &str, size: f32, bold: bool) -> f32 {
    match faces() {
        Some(f) => f.get(bold).advance_of(text) * size,
        None => text.chars().count() as f32 * size * 0.55,
    }
}

/// The size of a page's footer text.
const FOOTER_SIZE: f32 = 7.5;

/// A page's footer, "Amara Okafor · Printed 28 May 2027 · Page 1 of 2", no wider than `max`:
/// however long the name, the date printed and the page number stay whole and the name gives
/// way, cut with "…".
fn footer_line(name: &str, printed: &str, page_of: &str, size: f32, max: f32) -> String {
    let whole = format!("{name} · {printed} · {page_of}");
    if width(&whole, size, false) <= max {
        return whole;
    }
    let tail = format!("… · {printed} · {page_of}");
    let room = max - width(&tail, size, false);
    let mut kept = String::new();
    let mut kept_w = 0.0;
    for ch in name.chars() {
        let mut buf = [0u8; 4];
        let ch_w = width(ch.encode_utf8(&mut buf), size, false);
        if kept_w + ch_w > room {
            break;
        }
        kept.push(ch);
        kept_w += ch_w;
    }
    format!("{}{tail}", kept.trim_end())
}

/// Breaks text into lines no wider than `max` (a word longer than a line is cut). Each word is
/// measured once: a line's width is the sum of its words and spaces.
fn wrap(text: &str, size: f32, bold: bool, max: f32) -> Vec<String> {
    let space = width(" ", size, bold);
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut line_w = 0.0;
        for word in para.split_whitespace() {
            let word_w = width(word, size, bold);
            let with = if line.is_empty() {
                word_w
            } else {
                line_w + space + word_w
            };
            if with <= max {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
                line_w = with;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // A word wider than the line is cut where it must be.
            let mut piece = String::new();
            let mut piece_w = 0.0;
            for ch in word.chars() {
                let mut buf = [0u8; 4];
                let ch_w = width(ch.encode_utf8(&mut buf), size, bold);
                if piece_w + ch_w > max && !piece.is_empty() {
                    lines.push(std::mem::take(&mut piece));
                    piece_w = 0.0;
                }
                piece.push(ch);
                piece_w += ch_w;
            }
            line = piece;
            line_w = piece_w;
        }
        lines.push(line);
    }
    lines
}

/// Lays a document out on pages of a given size.
struct Layout {
    w: f32,
    h: f32,
    pages: Vec<Vec<Op>>,
    y: f32,
}

impl Layout {
    fn new(paper: Paper) -> Layout {
        let (w, h) = paper.points();
        Layout {
            w,
            h,
            pages: vec![Vec::new()],
            y: MARGIN,
        }
    }

    fn right(&self) -> f32 {
        self.w - MARGIN
    }

    fn bottom(&self) -> f32 {
        self.h - MARGIN - 14.0
    }

    fn op(&mut self, op: Op) {
        if let Some(p) = self.pages.last_mut() {
            p.push(op);
        }
    }

    /// Starts a new page unless `need` points still fit on this one.
    fn room(&mut self, need: f32) {
        if self.y + need > self.bottom() {
            self.break_page();
        }
    }

    /// Starts a new page, unless nothing is on this one yet.
    fn break_page(&mut self) {
        if self.y > MARGIN + 1.0 {
            self.pages.push(Vec::new());
            self.y = MARGIN;
        }
    }

    /// Starts a new page when laying out `head` here, then the small headings `next` starts
    /// with and the first block after them, would leave the headings at the foot of this page
    /// and what they head wholly on the next: a heading is never the last thing on a page.
    /// Laid out on a trial page first; nothing is drawn.
    fn keep_with(&mut self, head: impl Fn(&mut Layout), next: &[Block]) {
        let mut trial = Layout {
            pages: vec![Vec::new()],
            ..*self
        };
        head(&mut trial);
        let head_page = trial.pages.len();
        let mut rest = next.iter();
        let content = loop {
            match rest.next() {
                Some(b @ Block::Subheading(_)) => block(&mut trial, b),
                other => break other,
            }
        };
        let Some(content) = content else { return };
        let (page, drawn) = (trial.pages.len(), trial.pages[trial.pages.len() - 1].len());
        block(&mut trial, content);
        let starts_on = if trial.pages[page - 1].len() > drawn {
            page
        } else {
            page + 1
        };
        if starts_on > head_page {
            self.break_page();
        }
    }

    /// Wrapped text at `x`, moving down; returns nothing.
    fn text(&mut self, x: f32, text: &str, size: f32, bold: bool, grey: u8) {
        let max = self.right() - x;
        for line in wrap(text, size, bold, max) {
            self.room(size * LEAD);
            self.y += size * LEAD;
            self.op(Op::Text {
                x,
                y: self.y - size * 0.3,
                size,
                bold,
                grey,
                text: line,
            });
        }
    }

    /// "Label: text", the label bold, wrapped as one paragraph.
    fn field(&mut self, x: f32, label: &str, text: &str) {
        let label = format!("{label}: ");
        let lw = width(&label, BODY, true);
        let max = self.right() - x;
        let lines = wrap(text, BODY, false, max - lw);
        // The first line beside the label; the rest beneath, full width.
        let first = lines.first().cloned().unwrap_or_default();
        self.room(BODY * LEAD * 2.0);
        self.y += BODY * LEAD;
        let base = self.y - BODY * 0.3;
        self.op(Op::Text {
            x,
            y: base,
            size: BODY,
            bold: true,
            grey: 0,
            text: label.trim_end().to_string(),
        });
        self.op(Op::Text {
            x: x + lw,
            y: base,
            size: BODY,
            bold: false,
            grey: 0,
            text: first,
        });
        let rest: Vec<String> = lines.into_iter().skip(1).collect();
        if !rest.is_empty() {
            self.text(x, &rest.join(" "), BODY, false, 0);
        }
    }

    fn gap(&mut self, pts: f32) {
        self.y += pts;
    }

    fn rule(&mut self, width: f32, grey: u8) {
        self.op(Op::Line {
            x1: MARGIN,
            y1: self.y,
            x2: self.right(),
            y2: self.y,
            width,
            grey,
        });
    }
}

fn lay_out(d: &Doc, paper: Paper) -> Vec<Vec<Op>> {
    let mut l = Layout::new(paper);
    let x = MARGIN;
    if let Some(s) = &d.school {
        l.text(x, s, 12.0, true, 0);
    }
    l.text(x, &d.kicker.to_uppercase(), 8.5, false, 60);
    l.gap(2.0);
    l.text(x, &d.title, 22.0, true, 0);
    if !d.about_line.is_empty() {
        l.text(x, &d.about_line.join(" · "), BODY, false, 20);
    }
    for c in &d.contact_lines {
        l.text(x, c, BODY, false, 20);
    }
    l.gap(6.0);
    l.rule(1.6, 0);
    for s in &d.sections {
        let goal = s.kicker.is_some();
        l.room(if goal { 240.0 } else { 60.0 });
        l.keep_with(|t| section_head(t, s), &s.blocks);
        section_head(&mut l, s);
        for (i, b) in s.blocks.iter().enumerate() {
            if let Block::Subheading(_) = b {
                l.keep_with(|t| block(t, b), &s.blocks[i + 1..]);
            }
            block(&mut l, b);
        }
    }
    l.gap(14.0);
    l.room(30.0);
    l.rule(0.6, 120);
    l.gap(2.0);
    l.text(x, &d.footnote, 8.5, false, 40);
    l.pages
}

/// A section's heading (a goal's with its kicker above it), with the space around it.
fn section_head(l: &mut Layout, s: &Section) {
    let x = MARGIN;
    let goal = s.kicker.is_some();
    l.gap(if goal { 16.0 } else { 12.0 });
    if let Some(k) = &s.kicker {
        l.text(x, &k.to_uppercase(), 8.5, false, 60);
    }
    l.text(x, &s.heading, 14.0, true, 0);
    if !goal {
        l.gap(2.0);
        l.rule(0.6, 120);
    }
    l.gap(3.0);
}

fn block(l: &mut Layout, b: &Block) {
    let x = MARGIN;
    match b {
        Block::Quote { text, cite } => {
            l.gap(4.0);
            let top = l.y;
            let page = l.pages.len();
            l.text(x + 12.0, &format!("“{text}”"), 11.5, false, 0);
            l.text(x + 12.0, cite, 8.5, false, 60);
            // The bar beside the quote, when the quote stayed on one page.
            if l.pages.len() == page {
                l.op(Op::Rect {
                    x,
                    y: top + 3.0,
                    w: 3.0,
                    h: l.y - top,
                    fill: Some(0),
                    stroke: None,
                });
            }
            l.gap(4.0);
        }
        Block::Para(t) => l.text(x, t, BODY, false, 0),
        Block::Muted(t) => l.text(x, t, BODY, false, 70),
        Block::Field { label, text } => l.field(x, label, text),
        Block::Celebrate(t) => {
            let text = format!("★ {t}");
            let w = width(&text, 11.0, true) + 14.0;
            l.room(24.0);
            l.gap(4.0);
            let top = l.y;
            l.op(Op::Rect {
                x,
                y: top,
                w: w.min(l.right() - x),
                h: 20.0,
                fill: None,
                stroke: Some(1.4),
            });
            l.y += 2.0;
            l.text(x + 7.0, &text, 11.0, true, 0);
            l.y = top + 24.0;
        }
        Block::Chart(c) => {
            let shapes = charts::layout(c, 300.0);
            l.room(shapes.height + 40.0);
            l.gap(4.0);
            l.field(x, &c.caption, &c.latest);
            l.gap(4.0);
            let top = l.y;
            for y in &shapes.guides {
                l.op(Op::Line {
                    x1: x + 14.0,
                    y1: top + y,
                    x2: x + shapes.width,
                    y2: top + y,
                    width: 0.5,
                    grey: 180,
                });
            }
            for r in &shapes.bars {
                l.op(Op::Rect {
                    x: x + r.x,
                    y: top + r.y,
                    w: r.w,
                    h: r.h,
                    fill: Some(215),
                    stroke: Some(0.8),
                });
            }
            for t in &shapes.labels {
                let w = width(&t.text, t.size, false);
                l.op(Op::Text {
                    x: x + t.x - w / 2.0,
                    y: top + t.y,
                    size: t.size,
                    bold: false,
                    grey: 0,
                    text: t.text.clone(),
                });
            }
            l.y = top + shapes.height;
            l.text(x, &c.scale, 7.5, false, 60);
            l.gap(2.0);
        }
        Block::Subheading(t) => {
            l.room(40.0);
            l.gap(6.0);
            l.text(x, t, 11.0, true, 0);
        }
        Block::Item { text, detail } => {
            l.room(BODY * LEAD * (1 + detail.len()) as f32);
            l.gap(2.0);
            let y0 = l.y;
            l.text(x + 12.0, text, BODY, false, 0);
            l.op(Op::Text {
                x: x + 2.0,
                y: y0 + BODY * LEAD - BODY * 0.3,
                size: BODY,
                bold: true,
                grey: 0,
                text: "•".into(),
            });
            for d in detail {
                l.text(x + 12.0, d, 9.0, false, 50);
            }
        }
    }
}

/// Renders printouts into one PDF, each student starting on a sheet of their own when printed
/// on both sides (see [`render_telling`]).
pub fn render(docs: &[Doc], paper: Paper) -> Result<Vec<u8>, PdfError> {
    render_telling(docs, paper).map(|(bytes, _)| bytes)
}

/// Renders as [`render`] does, and says which characters of the text the embedded font has
/// nothing for (they are drawn as empty boxes: Chinese, Japanese and Korean, most emoji), each
/// once, in the order first met.
///
/// A printout of an odd number of pages followed by another student's is given one more page,
/// so that printed on both sides no sheet holds two students: the back of its last sheet says
/// only that it is left blank (no name, no footer). Each student's page numbers count their
/// own pages, the blank one left out.
pub fn render_telling(docs: &[Doc], paper: Paper) -> Result<(Vec<u8>, Vec<char>), PdfError> {
    let mut unshown = Vec::new();
    let fonts = faces().ok_or_else(|| PdfError("the embedded font cannot be read".into()))?;
    let mut document = Document::new();
    let title = match docs {
        [one] => format!("{} — {}", one.title, one.kicker),
        _ => docs.first().map(|d| d.kicker.clone()).unwrap_or_default(),
    };
    document.set_metadata(
        Metadata::new()
            .title(title)
            .language(docs.first().map(|d| d.lang).unwrap_or("en").to_string())
            .creator("plp".to_string()),
    );
    let (w, h) = paper.points();
    for (i, d) in docs.iter().enumerate() {
        let pages = lay_out(d, paper);
        let total = pages.len();
        for (n, ops) in pages.into_iter().enumerate() {
            let settings = PageSettings::from_wh(w, h).ok_or_else(|| PdfError("page".into()))?;
            let mut page = document.start_page_with(settings);
            let mut s = page.surface();
            for op in ops {
                draw(&mut s, &op, fonts, &mut unshown);
            }
            let page_of = d
                .page_of
                .replace("{page}", &(n + 1).to_string())
                .replace("{pages}", &total.to_string());
            let footer = footer_line(
                &d.running,
                &d.running_printed,
                &page_of,
                FOOTER_SIZE,
                w - 2.0 * MARGIN,
            );
            draw(
                &mut s,
                &Op::Text {
                    x: MARGIN,
                    y: h - MARGIN + 10.0,
                    size: FOOTER_SIZE,
                    bold: false,
                    grey: 80,
                    text: footer,
                },
                fonts,
                &mut unshown,
            );
            s.finish();
            page.finish();
        }
        if total % 2 == 1 && i + 1 < docs.len() {
            blank_page(&mut document, d, w, h, fonts, &mut unshown)?;
        }
    }
    let bytes = document.finish().map_err(|e| PdfError(format!("{e:?}")))?;
    Ok((bytes, unshown))
}

/// The back of the last sheet of `d`'s printout: only "This page is left blank." in its
/// family's language, in grey at the middle of the page.
fn blank_page(
    document: &mut Document,
    d: &Doc,
    w: f32,
    h: f32,
    fonts: &Faces,
    unshown: &mut Vec<char>,
) -> Result<(), PdfError> {
    let settings = PageSettings::from_wh(w, h).ok_or_else(|| PdfError("page".into()))?;
    let mut page = document.start_page_with(settings);
    let mut s = page.surface();
    let size = 9.0;
    let text = d.blank_page.clone();
    let x = (w - width(&text, size, false)) / 2.0;
    draw(
        &mut s,
        &Op::Text {
            x: x.max(MARGIN),
            y: h / 2.0,
            size,
            bold: false,
            grey: 110,
            text,
        },
        fonts,
        unshown,
    );
    s.finish();
    page.finish();
    Ok(())
}

fn draw(s: &mut krilla::surface::Surface<'_>, op: &Op, fonts: &Faces, unshown: &mut Vec<char>) {
    match op {
        Op::Text {
            x,
            y,
            size,
            bold: b,
            grey,
            text,
        } => {
            s.set_stroke(None);
            s.set_fill(Some(Fill {
                paint: luma::Color::new(*grey).into(),
                ..Fill::default()
            }));
            let face = fonts.get(*b);
            for c in text.chars().filter(|c| face.lacks(*c)) {
                if !unshown.contains(&c) {
                    unshown.push(c);
                }
            }
            let glyphs = face.shape(text);
            s.draw_glyphs(
                Point::from_xy(*x, *y),
                &glyphs,
                face.font.clone(),
                text,
                *size,
                false,
            );
        }
        Op::Rect {
            x,
            y,
            w,
            h,
            fill,
            stroke,
        } => {
            let Some(rect) = KRect::from_xywh(*x, *y, w.max(0.1), h.max(0.1)) else {
                return;
            };
            let mut pb = PathBuilder::new();
            pb.push_rect(rect);
            let Some(path) = pb.finish() else { return };
            s.set_fill(fill.map(|g| Fill {
                paint: luma::Color::new(g).into(),
                ..Fill::default()
            }));
            s.set_stroke(stroke.map(|width| Stroke {
                width,
                ..Stroke::default()
            }));
            s.draw_path(&path);
        }
        Op::Line {
            x1,
            y1,
            x2,
            y2,
            width,
            grey,
        } => {
            let mut pb = PathBuilder::new();
            pb.move_to(*x1, *y1);
            pb.line_to(*x2, *y2);
            let Some(path) = pb.finish() else { return };
            s.set_fill(None);
            s.set_stroke(Some(Stroke {
                width: *width,
                paint: luma::Color::new(*grey).into(),
                ..Stroke::default()
            }));
            s.draw_path(&path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fonts_parse_and_measure() {
        assert!(width("Añadir", 10.0, false) > width("Añ", 10.0, false));
        assert!(width("W", 10.0, true) > 0.0);
    }

    #[test]
    fn a_footer_fits_its_page_and_keeps_the_date_and_page_number_however_long_the_name() {
        let max = 500.0;
        let short = footer_line(
            "Amara Okafor",
            "Printed 28 May 2027",
            "Page 1 of 2",
            7.5,
            max,
        );
        assert_eq!(short, "Amara Okafor · Printed 28 May 2027 · Page 1 of 2");
        let name = "Wolfeschlegelsteinhausenbergerdorff ".repeat(9);
        let long = footer_line(
            &name,
            "Impreso el 27 de noviembre de 2026",
            "Página 1 de 2",
            7.5,
            max,
        );
        assert!(width(&long, 7.5, false) <= max + 0.01, "{long}");
        assert!(
            long.starts_with("Wolfeschlegel")
                && long.ends_with("… · Impreso el 27 de noviembre de 2026 · Página 1 de 2"),
            "{long}"
        );
    }

    /// A document whose first section is `lines` paragraphs long, then a section whose first
    /// block is a long quote, then one whose small heading comes before a chart-sized item.
    fn doc_of(lines: usize) -> Doc {
        let section = |heading: &str, blocks: Vec<Block>| Section {
            kicker: None,
            heading: heading.into(),
            blocks,
        };
        Doc {
            lang: "en",
            school: None,
            kicker: "Personal Learning Plan".into(),
            title: "Amara Okafor".into(),
            about_line: Vec::new(),
            contact_lines: Vec::new(),
            sections: vec![
                section(
                    "About me",
                    (0..lines)
                        .map(|i| Block::Para(format!("Line {i}.")))
                        .collect(),
                ),
                section(
                    "In my own words",
                    vec![Block::Quote {
                        text: "I like reading about space and drawing the planets. ".repeat(9),
                        cite: "said on 14 September 2026".into(),
                    }],
                ),
                section(
                    "Next steps",
                    vec![
                        Block::Subheading("Agreed at the meeting".into()),
                        Block::Item {
                            text: "Use the planner every day".into(),
                            detail: vec!["Checked each Friday".into(); 6],
                        },
                    ],
                ),
            ],
            footnote: "Own words are not translated.".into(),
            running: "Amara Okafor".into(),
            running_printed: "Printed 28 May 2027".into(),
            page_of: "Page {page} of {pages}".into(),
            blank_page: "This page is left blank.".into(),
        }
    }

    /// Wherever the page ends, a heading is never the last thing on it: it moves on with
    /// what it heads.
    #[test]
    fn a_heading_is_never_left_alone_at_the_foot_of_a_page() {
        let headings = ["In my own words", "Next steps", "Agreed at the meeting"];
        let mut moved = 0;
        for lines in 0..120 {
            let pages = lay_out(&doc_of(lines), Paper::Letter);
            for (n, page) in pages.iter().enumerate() {
                let last = page.iter().rev().find_map(|op| match op {
                    Op::Text { text, .. } => Some(text.as_str()),
                    _ => None,
                });
                assert!(
                    !last.is_some_and(|t| headings.contains(&t)),
                    "{lines} lines: page {} ends with the heading {last:?}",
                    n + 1
                );
                let first = page.iter().find_map(|op| match op {
                    Op::Text { text, .. } => Some(text.as_str()),
                    _ => None,
                });
                moved += usize::from(n > 0 && first.is_some_and(|t| headings.contains(&t)));
            }
        }
        assert!(moved > 0, "some heading was carried to the next page");
    }

    #[test]
    fn lines_fit_their_width() {
        let text = "Una frase bastante larga con acentos: está, también, más, ñandú. \
                    Supercalifragilisticexpialidocioussupercalifragilistic";
        for line in wrap(text, 10.0, false, 80.0) {
            assert!(width(&line, 10.0, false) <= 80.0 + 0.01, "{line}");
        }
    }
}
