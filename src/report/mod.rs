//! Exports for families and reports for teams, shared by the command line and the app.

pub mod completeness;
pub mod due;
pub mod filter;
pub mod html;
pub mod markdown;
pub mod overview;
pub mod stuck;
pub mod summary;
pub mod team_html;
pub mod trends;
