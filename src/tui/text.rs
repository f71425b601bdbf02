//! Text fields: ratatui-textarea set up the same way everywhere.

use ratatui::style::{Modifier, Style};
use ratatui_textarea::{TextArea, WrapMode};

/// A text field with word wrap, no drawn cursor (the terminal's own cursor is used), and
/// `initial` as its text.
pub fn field(initial: &str, placeholder: &str) -> TextArea<'static> {
    let lines: Vec<String> = if initial.is_empty() {
        vec![String::new()]
    } else {
        initial.split('\n').map(str::to_string).collect()
    };
    let mut t = TextArea::new(lines);
    t.set_wrap_mode(WrapMode::WordOrGlyph);
    t.set_cursor_line_style(Style::default());
    t.set_cursor_style(Style::default());
    // A selection is shown reversed, not by a colour that NO_COLOR takes away.
    t.set_selection_style(Style::default().add_modifier(Modifier::REVERSED));
    t.set_placeholder_text(placeholder);
    t.move_cursor(ratatui_textarea::CursorMove::Bottom);
    t.move_cursor(ratatui_textarea::CursorMove::End);
    t
}

/// The whole text of a field.
pub fn text(t: &TextArea<'_>) -> String {
    t.lines().join("\n")
}

/// Inserts pasted text, cleaned of control and escape characters.
pub fn paste(t: &mut TextArea<'_>, s: &str) {
    t.insert_str(crate::domain::clean_text(s));
}

/// Inserts pasted text into a one-line field: cleaned as [`paste`] does, its line breaks and
/// tabs each a space (a name pasted from a list stays one line).
pub fn paste_line(t: &mut TextArea<'_>, s: &str) {
    let flat: String = s
        .replace("\r\n", "\n")
        .chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .collect();
    t.insert_str(crate::domain::clean_text(&flat));
}
