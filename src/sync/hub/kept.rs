//! What a hub sync says of the changes this file keeps because the hub would not take them.

use crate::store::hub::{Head, HubError};
use crate::store::Store;

/// The sentence for the `n` changes this sync kept here, naming the students of those the hub
/// refused (`about`); `None` when it kept none.
pub(super) fn kept_here_sentence(
    here: &Store,
    login: &str,
    n: usize,
    about: &[String],
    reads_only: bool,
) -> Option<String> {
    if n == 0 {
        return None;
    }
    let changes = if n == 1 {
        "1 change made here was".to_string()
    } else {
        format!("{n} changes made here were")
    };
    if reads_only {
        return Some(format!(
            "login {login} only reads the hub: {changes} kept in this file and not sent"
        ));
    }
    // Every change kept was about another child (said by `other_children_sentence`).
    if about.is_empty() {
        return None;
    }
    // The students they were about, the first few by name.
    let mut ids: Vec<&str> = Vec::new();
    for id in about {
        if !ids.contains(&id.as_str()) {
            ids.push(id);
        }
    }
    let mut names: Vec<String> = ids
        .iter()
        .take(3)
        .filter_map(|id| here.student(id).ok().map(|s| s.student.display_name()))
        .collect();
    if ids.len() > names.len() {
        let others = ids.len() - names.len();
        names.push(format!(
            "{others} other student{}",
            if others == 1 { "" } else { "s" }
        ));
    }
    Some(format!(
        "the hub did not take {} about {} from login {login}, which may not write for {} now: \
         {changes} kept in this file and not sent",
        if about.len() == 1 {
            "a change"
        } else {
            "changes"
        },
        names.join(", "),
        if ids.len() == 1 {
            "that student"
        } else {
            "those students"
        },
    ))
}

/// If the hub holds this file's own replica under another login (a copy of this file reached
/// the hub first through that login, which registered the replicas it carried as its own), what
/// to do about it: none of this file's own changes can be sent until the replica is given back.
pub(super) fn held_by_another_login(here: &Store, login: &str, heads: &[Head]) -> Option<String> {
    let me = here.replica();
    heads.iter().find(|h| h.replica == me && !h.writes)?;
    Some(format!(
        "the hub holds this file's replica under another login (a copy of this file reached the \
         hub first through it), so this file's own changes were not sent: the hub's \
         administrator can give it back with UPDATE plp.replicas SET login = '{}' WHERE \
         replica = '{me}'",
        login.replace('\'', "''")
    ))
}

/// What a sync says of the `n` changes this file holds of replicas the hub holds under other
/// logins (met here by path): they were left for those logins to send; `None` for none.
pub(super) fn others_sentence(n: i64) -> Option<String> {
    match n {
        n if n <= 0 => None,
        1 => Some(
            "1 change in this file belongs to a replica the hub holds under another login, so \
             it was not sent from here: the hub takes it from that login"
                .to_string(),
        ),
        n => Some(format!(
            "{n} changes in this file belong to replicas the hub holds under other logins, so \
             they were not sent from here: the hub takes them from those logins"
        )),
    }
}

/// What a sync through `login` says of the `n` changes this file took from other copies that
/// it did not send (see [`carried_sentence`]): said when the number changes, not at every sync,
/// since a login that may add nothing cannot ask the hub whether it holds them already.
pub(super) fn carried_note(
    here: &Store,
    login: &str,
    n: usize,
) -> Result<Option<String>, HubError> {
    const TOLD: &str = "hub carried told";
    if here.meta(TOLD)?.as_deref() == Some(n.to_string().as_str()) {
        return Ok(None);
    }
    here.set_meta(TOLD, &n.to_string())?;
    Ok(carried_sentence(login, n))
}

/// What a sync through `login`, which may add nothing, says of the `n` changes this file took
/// from other copies (by path, ssh or bundle folder) that it did not send; `None` for none.
fn carried_sentence(login: &str, n: usize) -> Option<String> {
    let (which, from) = match n {
        0 => return None,
        1 => (
            "1 change this file took from another copy (by path, ssh or bundle folder) was"
                .to_string(),
            "it from the copy that made it",
        ),
        n => (
            format!(
                "{n} changes this file took from other copies (by path, ssh or bundle folder) \
                 were"
            ),
            "them from the copies that made them",
        ),
    };
    Some(format!(
        "{which} not sent, as login {login} only reads the hub: the hub takes {from}"
    ))
}

/// A reminder of changes kept here by earlier syncs, if any.
pub(super) fn still_kept_here(here: &Store) -> Result<Option<String>, HubError> {
    let n = here.kept_here_count()?;
    Ok((n > 0).then(|| {
        format!(
            "{n} change{} made here {} kept only in this file: the hub did not take {} from \
             this login",
            if n == 1 { "" } else { "s" },
            if n == 1 { "is" } else { "are" },
            if n == 1 { "it" } else { "them" },
        )
    }))
}

/// What a sync says when the hub took `n` changes that earlier syncs had kept here.
pub(super) fn went_now_sentence(n: usize) -> String {
    if n == 1 {
        "1 change kept in this file by an earlier sync went to the hub now".to_string()
    } else {
        format!("{n} changes kept in this file by earlier syncs went to the hub now")
    }
}

/// What a sync says of students this login read at the last sync and reads no more (their
/// advisor or school changed at the hub, or they left a teacher's list): named, up to five.
pub(super) fn left_sentence(here: &Store, left: &[String]) -> Result<String, HubError> {
    const NAMED: usize = 5;
    let mut names = Vec::new();
    for id in left.iter().take(NAMED) {
        // The student's own record, not their whole plan: only the name is said.
        let name = here
            .get::<crate::domain::Student>(crate::store::Entity::Student, id)?
            .map_or_else(|| id.clone(), |s| s.display_name());
        names.push(crate::domain::clean_line(&name));
    }
    let who = match (left.len(), names.as_slice()) {
        (1, [one]) => format!("{one} is"),
        (n, shown) if n <= NAMED => format!(
            "{} and {} are",
            shown[..shown.len() - 1].join(", "),
            shown[shown.len() - 1]
        ),
        (n, shown) => format!("{n} students ({} and others) are", shown.join(", ")),
    };
    Ok(format!(
        "{who} no longer this login's to read at the hub (their advisor or school changed, or \
         a list did): they leave this file's caseload and reports, what it holds of them stays \
         (plp students --all, plp show), and changes typed here about them will not be sent"
    ))
}

/// What a sync says when it took out of this file what `login` may no longer read of `n`
/// check-ins restricted since the file took them in; `None` when it took out nothing.
pub(super) fn withheld_sentence(login: &str, n: usize, narrowed: bool) -> Option<String> {
    let them = if n == 1 { "it" } else { "them" };
    let which = match n {
        0 => return None,
        1 => "1 check-in".to_string(),
        n => format!("{n} check-ins"),
    };
    Some(if narrowed {
        format!(
            "login {login} now reads without restricted material: what it may not read of \
             {which} this file held whole (the notes, or all but the dates) is no longer in \
             this file, and comes back if the login reads it again"
        )
    } else {
        format!(
            "{which} {} restricted after this file took {them} in: what login {login} may not \
             read of {them} (the notes, or all but the dates) is no longer in this file",
            if n == 1 { "was" } else { "were" },
        )
    })
}

/// What is said as a file whose login reads restricted material again has it back: `n`
/// changes taken in or written back whole.
pub(super) fn restored_sentence(login: &str, n: usize) -> Option<String> {
    (n > 0).then(|| {
        format!(
            "login {login} reads restricted material again: {n} change{} this file held \
             without it came back whole from the hub",
            if n == 1 { "" } else { "s" }
        )
    })
}

/// What is said as something typed about `name` is saved in a file whose hub login no longer
/// writes for them (see [`crate::store::Store::left_hub_scope`]): it is kept, and not sent.
pub fn stays_here_sentence(name: &str) -> String {
    format!(
        "{name} is no longer this file's to write for at the hub (since its last sync), so this \
         stays in this file and is not sent"
    )
}

/// What a sync says when the login may read no student at the hub (yet).
/// What a sync through `login` says when the login may read no student: how its students
/// are given, by the options its role takes (`reads_only`: a teacher's, which takes a school or
/// a list, never an advisor's name).
pub(super) fn reads_nobody_sentence(login: &str, reads_only: bool) -> String {
    let how = if reads_only {
        format!("plp hub user URL {login} --role teacher --school NAME or --students FILE")
    } else {
        format!(
            "plp hub user URL {login} --role advisor --advisor NAME, or --role counselor \
             --school NAME"
        )
    };
    format!(
        "login {login} may read no student at the hub yet: its students arrive once the hub's \
         administrator gives it some ({how}; a school or list already given may match no \
         student there yet) and a school's sync has brought them there"
    )
}

/// What a sync says of this file's students the hub refused as other children: each shares its
/// SIS id with a child the hub holds at another school (`(student, that school)`), whose names
/// share no word with theirs. The other child is never named: this file's login may not read
/// them. `None` for none.
pub(super) fn other_children_sentence(
    here: &Store,
    students: &[(String, String)],
) -> Option<String> {
    const NAMED: usize = 3;
    if students.is_empty() {
        return None;
    }
    let mut listed: Vec<String> = students
        .iter()
        .take(NAMED)
        .map(|(id, _)| {
            match here.get::<crate::domain::Student>(crate::store::Entity::Student, id) {
                Ok(Some(s)) => format!(
                    "{} ({})",
                    crate::domain::clean_line(&s.display_name()),
                    crate::domain::clean_line(&s.sis_id)
                ),
                _ => crate::domain::clean_line(id),
            }
        })
        .collect();
    if students.len() > NAMED {
        listed.push(format!("{} other students", students.len() - NAMED));
    }
    let mut schools: Vec<String> = Vec::new();
    for (_, school) in students {
        let school = crate::domain::clean_line(school);
        if !schools.contains(&school) {
            schools.push(school);
        }
    }
    let one = students.len() == 1;
    Some(format!(
        "the hub did not take {}: it holds {} for {}, of {}, whose names share no word with \
         theirs, and two children cannot share one SIS id in one hub; what this file holds \
         about {} stays here and is not sent until the schools' systems give the children ids \
         that differ",
        crate::domain::and_list(&listed),
        if one { "that SIS id" } else { "their SIS ids" },
        if one {
            "another child"
        } else {
            "other children"
        },
        crate::domain::and_list(&schools),
        if one { "them" } else { "those students" },
    ))
}
