//! Claiming this file's own replica when another file brought it to the hub first (a school's
//! server carrying its laptops' changes, or a laptop its server's): see
//! sql/0019_claimed_replicas.sql.

use crate::store::hub::{Head, Hub, HubError};
use crate::store::Store;

/// Claims this file's replica if the hub holds it as carried, with the proof that this file
/// holds every change the hub holds of it; the heads are read again after a claim. What the
/// sync says of it: a sentence when the replica was another login's until now.
pub(super) fn claim_own(
    here: &Store,
    hub: &mut Hub,
    heads: &mut Vec<Head>,
) -> Result<Option<String>, HubError> {
    let Some(upto) = hub.claimable(here.replica())? else {
        return Ok(None);
    };
    let Some(proof) = here.own_ids_digest(upto)? else {
        return Ok(None);
    };
    let was_writable = heads
        .iter()
        .any(|h| h.replica == here.replica() && h.writes);
    if !hub.claim(here.replica(), upto, &proof)? {
        return Ok(None);
    }
    *heads = hub.heads()?.replicas;
    Ok((!was_writable).then(|| claimed_sentence(hub.login())))
}

/// What the sync that claimed this file's replica, brought to the hub first by another file,
/// says of it.
fn claimed_sentence(login: &str) -> String {
    format!(
        "another file brought this file's changes to the hub first; they are login {login}'s \
         now, and this file's changes go from here"
    )
}
