//! What a command that writes about a student adds to its line when the file's hub login no
//! longer writes for that student: what was typed is kept in this file and not sent.

use super::CliResult;
use crate::store::Store;

/// `"; NAME is no longer this file's to write for at the hub …"` when what was just written
/// about `student_id` stays in this file, else nothing.
pub(super) fn stays_here(store: &Store, student_id: &str, name: &str) -> CliResult<String> {
    Ok(if store.left_hub_scope(student_id)? {
        format!("; {}", crate::sync::hub::kept::stays_here_sentence(name))
    } else {
        String::new()
    })
}
