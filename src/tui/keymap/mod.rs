//! The one keymap table: every binding, by context, with the words shown in hints and help.
//! The status bar, `?` help and the `:` palette are all generated from it.
//!
//! [`Ctx`] names the places, [`Cmd`] what a key asks for, [`Binding`] one row; `table/` holds
//! the table itself, one file for each part of the app; `lookup` answers what a key means
//! here and which keys to show; `palette` builds the `:` palette from the table.

mod binding;
mod cmd;
mod ctx;
mod lookup;
mod palette;
mod table;
#[cfg(test)]
mod tests;

pub use binding::{Binding, When};
pub use cmd::Cmd;
pub use ctx::Ctx;
pub use lookup::{
    all, attend_key, attend_legend, bindings, bindings_where, hints, hints_where, key_of, keys_of,
    legend, resolve, verdict_legend,
};
pub use palette::{palette, PaletteEntry, PALETTE_ONLY};
