//! The palette: the 16 named colours and `Reset` backgrounds, and meaning never by colour alone
//! (focus and selection are reversed or bold; due states have words).

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

/// Styles used across the screens.
#[derive(Debug, Clone)]
pub struct Theme {
    /// The selected line.
    pub selected: Style,
    /// A focused pane's border and title.
    pub focused: Style,
    /// An unfocused pane's border.
    pub unfocused: Style,
    /// Headings.
    pub heading: Style,
    /// Overdue.
    pub overdue: Style,
    /// Due this week.
    pub this_week: Style,
    /// Secondary text.
    pub dim: Style,
    /// Keys in hints.
    pub key: Style,
    /// A message in the status bar.
    pub status_message: Style,
    /// Marks a field with two versions.
    pub conflict: Style,
}

impl Theme {
    /// Colours where the terminal has them; with `NO_COLOR` set, none at all.
    pub fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme::new(!no_color)
    }

    /// The theme, with or without colour.
    pub fn new(color: bool) -> Theme {
        let c = |s: Style, col: Color| if color { s.fg(col) } else { s };
        let bold = Style::default().add_modifier(Modifier::BOLD);
        Theme {
            selected: Style::default().add_modifier(Modifier::REVERSED),
            focused: c(bold, Color::Cyan),
            unfocused: Style::default(),
            heading: bold,
            overdue: c(bold, Color::Red),
            this_week: c(Style::default(), Color::Yellow),
            dim: if color {
                Style::default().fg(Color::DarkGray)
            } else {
                Style::default()
            },
            key: bold,
            status_message: bold,
            conflict: c(bold, Color::Magenta),
        }
    }

    /// A pane's box: its border and its title show whether it has the focus (the title
    /// reversed, so it shows without colour).
    pub fn pane(&self, title: String, focused: bool) -> Block<'static> {
        let (border, heading) = if focused {
            (self.focused, self.focused.patch(self.selected))
        } else {
            (self.unfocused, self.unfocused)
        };
        Block::default()
            .borders(Borders::ALL)
            .border_style(border)
            .title(Span::styled(title, heading))
    }

    /// The selected line of a list, reversed across the whole width.
    pub fn selected_line(&self, text: String, width: usize) -> Line<'static> {
        let pad = width.saturating_sub(crate::domain::display_width(&text));
        Line::from(Span::styled(
            format!("{text}{}", " ".repeat(pad)),
            self.selected,
        ))
    }
}
