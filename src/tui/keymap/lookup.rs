//! The questions asked of the keymap table: what a key means here, which keys to show, and
//! the legends built from them.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::table::TABLES;
use super::{Binding, Cmd, Ctx, When};

/// Every binding, in display order.
pub fn all() -> impl Iterator<Item = &'static Binding> {
    TABLES.iter().flat_map(|t| t.iter())
}

/// The keys shown for a command here ("m"), for bars that name their own keys.
pub fn key_of(ctx: Ctx, cmd: Cmd) -> &'static str {
    all()
        .find(|b| b.ctx.contains(&ctx) && b.cmd == cmd)
        .map_or("", |b| b.keys)
}

/// Every key shown for a command here, in table order (["q", "C-c"] for quit on a list).
pub fn keys_of(ctx: Ctx, cmd: Cmd) -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = Vec::new();
    for b in all().filter(|b| b.ctx.contains(&ctx) && b.cmd == cmd) {
        if !keys.contains(&b.keys) {
            keys.push(b.keys);
        }
    }
    keys
}

/// The command a key means here, if any.
pub fn resolve(ctx: Ctx, key: &KeyEvent) -> Option<Cmd> {
    let mods = key.modifiers - KeyModifiers::SHIFT;
    all()
        .find(|b| b.ctx.contains(&ctx) && b.code == key.code && b.mods == mods)
        .map(|b| b.cmd)
}

/// The bindings of a context, one per command and one per line shown ("+/- grade" is two
/// commands, said once), in table order (for help and the palette), in a file that takes
/// typing.
pub fn bindings(ctx: Ctx) -> Vec<&'static Binding> {
    bindings_where(ctx, false)
}

/// The bindings of a context as [`bindings`] gives them, in a file that takes typing
/// (`refused` false) or one that does not (where no key that would change it is offered).
pub fn bindings_where(ctx: Ctx, refused: bool) -> Vec<&'static Binding> {
    let mut seen: Vec<Cmd> = Vec::new();
    let mut out: Vec<&'static Binding> = Vec::new();
    for b in all().filter(|b| b.ctx.contains(&ctx) && b.available(refused)) {
        if out.iter().any(|o| o.keys == b.keys && o.label == b.label) {
            continue;
        }
        let key = match b.cmd {
            Cmd::Rate(_) => Cmd::Rate(0),
            Cmd::Weeks(_) => Cmd::Weeks(0),
            Cmd::Section(_) => Cmd::Section(0),
            Cmd::Attend(_) => Cmd::Attend(0),
            c => c,
        };
        if !seen.contains(&key) {
            seen.push(key);
            out.push(b);
        }
    }
    out
}

/// The status-bar hints a context can show: "Enter open student · n new check-in · …".
pub fn hints(ctx: Ctx) -> Vec<(&'static str, &'static str)> {
    hints_where(ctx, false, |_| true)
}

/// The status-bar hints of a context that the selection gives something to act on (`offered`
/// answers for each [`When`]), in a file that takes typing (`refused` false) or not.
pub fn hints_where(
    ctx: Ctx,
    refused: bool,
    offered: impl Fn(When) -> bool,
) -> Vec<(&'static str, &'static str)> {
    bindings_where(ctx, refused)
        .into_iter()
        .filter(|b| b.hint && offered(b.when))
        .map(|b| (b.keys, b.label))
        .collect()
}

/// The verdict keys and what they mean, for the rating step's own legend:
/// "w working · p partly · n not working · t not tried · Enter note on the strategy just rated, or this one".
pub fn verdict_legend() -> String {
    legend(
        Ctx::ComposerRate,
        &[
            Cmd::Working,
            Cmd::Partly,
            Cmd::NotWorking,
            Cmd::NotTried,
            Cmd::VerdictNote,
        ],
    )
}

/// Some keys of a context and what they mean, from the table: "r replace · x retire".
pub fn legend(ctx: Ctx, cmds: &[Cmd]) -> String {
    bindings(ctx)
        .into_iter()
        .filter(|b| cmds.contains(&b.cmd))
        .map(|b| format!("{} {}", b.keys, b.label))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The key that ticks the team member at a place as there, if one does.
pub fn attend_key(i: usize) -> Option<char> {
    all().find_map(|b| match (b.cmd, b.code) {
        (Cmd::Attend(n), KeyCode::Char(c)) if n as usize == i => Some(c),
        _ => None,
    })
}

/// The keys that tick the first `members` team members as there, and what they do, written
/// as help writes keys ("a team member there", "a-c/e-f team member there"): none when the
/// student has no team, so the legend never names a key with nobody behind it.
pub fn attend_legend(members: usize) -> Option<String> {
    let keys: Vec<char> = (0..members).map_while(attend_key).collect();
    let label = bindings(Ctx::ComposerNext)
        .into_iter()
        .find(|b| matches!(b.cmd, Cmd::Attend(_)))?
        .label;
    (!keys.is_empty()).then(|| format!("{} {label}", key_runs(&keys)))
}

/// Letters in runs: three or more in a row as "a-c", fewer one by one, joined by "/".
fn key_runs(keys: &[char]) -> String {
    let mut runs: Vec<(char, char)> = Vec::new();
    for &k in keys {
        match runs.last_mut() {
            Some((_, last)) if (*last as u32) + 1 == k as u32 => *last = k,
            _ => runs.push((k, k)),
        }
    }
    runs.iter()
        .map(|&(first, last)| match last as u32 - first as u32 {
            0 => first.to_string(),
            1 => format!("{first}/{last}"),
            _ => format!("{first}-{last}"),
        })
        .collect::<Vec<_>>()
        .join("/")
}
