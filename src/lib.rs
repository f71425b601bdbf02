//! plp: the conference notebook for Personal Learning Plans.

pub mod cli;
pub mod config;
pub mod database;
pub mod demo;
pub mod domain;
pub mod error;
pub mod portable;
pub mod printout;
pub mod report;
pub mod roster;
pub mod store;
pub mod sync;
pub mod tui;
