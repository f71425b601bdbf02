//! Exports for families and reports for teams, shared by the command line and the app.

pub mod completeness;
pub mod due;
pub mod html;
pub mod markdown;
pub mod summary;
pub mod trends;
