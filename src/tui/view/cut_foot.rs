//! What a box has no room for, said on its foot ("↑ 2 more · ↓ 3 more"), so that a list or a
//! text cut short is never read as all there is.

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// The words for `above` lines scrolled past and `below` lines not shown, or none when the
/// whole of it is in sight.
pub fn words(above: usize, below: usize) -> Option<String> {
    let mut said = Vec::new();
    if above > 0 {
        said.push(format!("↑ {above} more"));
    }
    if below > 0 {
        said.push(format!("↓ {below} more"));
    }
    (!said.is_empty()).then(|| format!(" {} ", said.join(" · ")))
}

/// The words as a bottom title of a block, right-aligned.
pub fn line(above: usize, below: usize) -> Option<Line<'static>> {
    words(above, below).map(|w| Line::from(w).right_aligned())
}

/// Writes the words over the bottom border of `area` (a box already drawn), right-aligned one
/// cell in from its corner.
pub fn draw(frame: &mut Frame, area: Rect, above: usize, below: usize) {
    let Some(w) = words(above, below) else {
        return;
    };
    if area.height < 2 || area.width < 4 {
        return;
    }
    let width = (crate::domain::display_width(&w) as u16).min(area.width - 2);
    let foot = Rect {
        x: area.x + area.width - 1 - width,
        y: area.y + area.height - 1,
        width,
        height: 1,
    };
    frame.render_widget(Paragraph::new(w), foot);
}

#[cfg(test)]
mod tests {
    use super::words;

    #[test]
    fn a_foot_says_what_is_above_and_below() {
        assert_eq!(words(0, 0), None);
        assert_eq!(words(0, 3).as_deref(), Some(" ↓ 3 more "));
        assert_eq!(words(2, 3).as_deref(), Some(" ↑ 2 more · ↓ 3 more "));
    }
}
