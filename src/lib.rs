//! plp: the conference notebook for Personal Learning Plans.

pub mod cli;
pub mod domain;
pub mod store;
pub mod tui;
