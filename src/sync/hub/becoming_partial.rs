//! A whole file becoming a partial copy of the hub: asked for when others sync with it, and said
//! when it happens.
//!
//! A file synced through a login that reads only part of the hub holds only that part from then
//! on, and syncs with nothing but the hub (its log has gaps another replica must never take for
//! the whole). For a file that other copies sync with by path, ssh or bundle folder (a school's
//! server and its laptops), that would refuse every one of them from the next sync on, so the
//! first such sync asks for `--partial` instead of doing it.

use crate::store::hub::HubError;
use crate::store::Store;

/// Whether the first sync through a scoped login may make this file partial: a file that is
/// partial already, or has met no other copy, may; one that holds changes of other copies (so
/// others sync with it) only with `allowed` (`plp sync URL --partial`). `everything` is whether
/// the login reads every student of the hub (it then makes nothing partial).
pub(super) fn may_become_partial(
    here: &Store,
    login: &str,
    everything: bool,
    allowed: bool,
) -> Result<(), HubError> {
    if everything || allowed || here.partial_of()?.is_some() {
        return Ok(());
    }
    let others = here
        .version_vector()?
        .iter()
        .filter(|(r, &n)| n > 0 && r.as_str() != here.replica())
        .count();
    if others == 0 {
        return Ok(());
    }
    let copies = match others {
        1 => "1 other copy".to_string(),
        n => format!("{n} other copies"),
    };
    Err(HubError::Refused(format!(
        "this database holds changes made by {copies} of plp, and login {login} reads only part of \
         the hub, so this sync would make it a partial copy that syncs with nothing but the hub \
         from then on, refusing any copy that syncs with it by path, ssh or bundle folder; \
         nothing was changed: a file others sync with needs a login that reads every student (an \
         admin, or a counselor without --school), or add --partial to make this one partial \
         anyway"
    )))
}

/// What the sync that made this file partial says (`None` when it was partial already, or is
/// not now).
pub(super) fn became_partial_sentence(was: bool, now: bool, login: &str) -> Option<String> {
    (!was && now).then(|| {
        format!(
            "this file now holds only what login {login} may read of the hub, and syncs only \
             with the hub from now on (by path, ssh or bundle folder it is refused)"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sentence_is_said_once_when_the_file_becomes_partial() {
        assert!(became_partial_sentence(false, true, "ana")
            .unwrap()
            .contains("login ana"));
        assert_eq!(became_partial_sentence(true, true, "ana"), None);
        assert_eq!(became_partial_sentence(false, false, "ana"), None);
    }
}
