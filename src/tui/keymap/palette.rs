//! The `:` palette: what it offers in each place, with the key each entry has there.

use super::{bindings_where, key_of, Cmd, Ctx, Ctx::*};

/// What the `:` palette offers besides the keys of the place it was opened from: where, what,
/// in words. The palette shows an entry's key when the place has one (from the table).
pub const PALETTE_ONLY: &[(&[Ctx], Cmd, &str)] = &[
    (
        &[Student],
        Cmd::ExportPrintout,
        "export this student's family printout",
    ),
    (
        &[Caseload, CaseloadFiltered, Student],
        Cmd::Conflicts,
        "resolve conflicts (edits made at once)",
    ),
    (&[Student], Cmd::Reports, "team reports"),
];

/// One entry of the `:` palette.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaletteEntry {
    /// What it does.
    pub cmd: Cmd,
    /// Its key here ("" when it has none here).
    pub keys: &'static str,
    /// What it does, in a few words.
    pub label: &'static str,
}

/// Everything the palette offers in a place: its actions first, then the place's keys (not
/// moving, not the palette itself), in table order; in a file that takes no typing
/// (`refused`), none that would change it.
pub fn palette(ctx: Ctx, refused: bool) -> Vec<PaletteEntry> {
    let mut out: Vec<PaletteEntry> = PALETTE_ONLY
        .iter()
        .filter(|(places, _, _)| places.contains(&ctx))
        .map(|(_, cmd, label)| PaletteEntry {
            cmd: *cmd,
            keys: key_of(ctx, *cmd),
            label,
        })
        .collect();
    let keys = bindings_where(ctx, refused)
        .into_iter()
        .filter(|b| {
            !matches!(
                b.cmd,
                Cmd::Up
                    | Cmd::Down
                    | Cmd::Top
                    | Cmd::Bottom
                    | Cmd::PageUp
                    | Cmd::PageDown
                    | Cmd::Palette
            )
        })
        .filter(|b| !out.iter().any(|e| e.cmd == b.cmd))
        .map(|b| PaletteEntry {
            cmd: b.cmd,
            keys: b.keys,
            label: b.label,
        })
        .collect::<Vec<_>>();
    out.extend(keys);
    out
}
