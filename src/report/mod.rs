//! Exports for families and reports for teams, shared by the command line and the app.

pub mod completeness;
pub mod due;
pub mod filter;
pub mod overview;
pub mod stuck;
mod team_charts;
pub mod team_html;
pub mod trends;
