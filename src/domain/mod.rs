//! The plan's plain types and their validation. No I/O lives here.

pub mod advisor;
mod agreed;
mod dates;
mod edit_distance;
mod entities;
mod fields;
mod grade;
mod kinds;
mod language;
mod linked;
mod pronoun;
mod same_child;
mod text;
mod validate;
mod year_end;

pub use agreed::{
    count_in_words, far_without_year, long_ago_without_year, next_date_keeping_agreed,
    next_school_day, no_school_on, open_steps, previous_school_day, NextDate, OpenStep,
};
pub use dates::{
    date_formats, date_formats_near, date_order, days_overdue, due_state, due_state_in,
    due_state_of, is_school_year, month_name, next_due_in, next_due_this_year, parse_date,
    parse_date_in, parse_date_near, parse_month, parse_next, parse_school_year, parse_typed_date,
    plausible_date, school_year_began, school_year_began_in, school_year_first_day, school_year_in,
    school_year_of, school_year_start, set_conventions, show_date, show_day, show_moment,
    show_opt_date, DateOrder, DueState,
};
pub use edit_distance::edit_distance;
pub use entities::*;
pub use fields::{
    is_id, parse_bool, validate_grad_year, DayNear, Entity, Field, Kind, Parse, Typing, Vocab,
    LINE_MAX, TEXT_MAX,
};
pub use grade::{grade_words, parse_grade, read_grade, GradeForm, GradeRead};
pub use kinds::*;
pub use language::{family_languages, is_family_role, is_language, language_name, parse_language};
pub use linked::Linked;
pub use pronoun::Pronoun;
pub use same_child::another_child;
pub use text::{and_list, clean_line, clean_text, count, display_width, fit_width};
pub use validate::ValidationError;
pub use year_end::{
    check_grad_year_fits, check_grade_fits, expected_grad_year, following_year, graduated_before,
    last_year_before_graduating, GoalChoice, YearEndChoices, GRAD_YEAR_SLACK,
};
