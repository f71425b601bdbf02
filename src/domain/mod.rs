//! The plan's plain types and their validation. No I/O lives here.

mod dates;
mod entities;
mod fields;
mod kinds;
mod text;
mod validate;

pub use dates::{due_state, parse_date, parse_next, school_year_of, DueState};
pub use entities::*;
pub use fields::{
    is_id, parse_bool, parse_grade, validate_grad_year, Entity, Field, Kind, Parse, Vocab,
};
pub use kinds::*;
pub use text::{clean_line, clean_text, display_width, fit_width};
pub use validate::ValidationError;
