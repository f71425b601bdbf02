//! The plan's plain types and their validation. No I/O lives here.

mod dates;
mod entities;
mod kinds;
mod text;
mod validate;

pub use dates::{due_state, parse_date, parse_next, school_year_of, DueState};
pub use entities::*;
pub use kinds::*;
pub use text::{clean_line, clean_text};
pub use validate::ValidationError;
