//! `plp team STUDENT [add NAME … | set MEMBER FIELD VALUE]`: a student's team, from the shell.
//! Which fields a member has, and what each accepts, comes from the team member's field table.

use std::path::Path;

use super::args::{TeamAction, TeamArgs};
use super::output::brief;
use super::{open_existing, CliError, CliResult, Out};
use crate::domain::{clean_line, family_languages, language_name, TeamMember};
use crate::store::{fold, Entity};

pub fn run(path: &Path, args: TeamArgs, out: &mut Out) -> CliResult {
    // Typed values are checked before the database is opened: bad input changes nothing.
    let new_member = match &args.action {
        Some(TeamAction::Add {
            name,
            role,
            contact,
            language,
        }) => Some(typed_member(
            name,
            role.as_deref(),
            contact.as_deref(),
            language.as_deref(),
        )?),
        Some(TeamAction::Set { field, value, .. }) => {
            let f = team_field(field)?;
            Entity::TeamMember.field_or_err(f)?.from_text(value)?;
            None
        }
        None => None,
    };
    let mut store = open_existing(path)?;
    let id = super::begin::find_student(&store, &args.student)?;
    let record = store.student(&id)?;
    let who = brief(&record.student.display_name());
    match args.action {
        None => {
            if record.team.is_empty() {
                out.line(&format!("{who} has no team members yet"));
            }
            for m in &record.team {
                out.line(&describe(m));
            }
            let family = family_languages(&record.team);
            if !family.is_empty() {
                out.line(&printouts_in(&family));
            }
        }
        Some(TeamAction::Add { .. }) => {
            let member = TeamMember {
                student_id: id.clone(),
                ..new_member.unwrap_or_default()
            };
            if let Some(there) = same_member(&record.team, &member) {
                return Err(CliError::Failure(format!(
                    "{who} already has {} on the team; change them with plp team {} set \"{}\" \
                     FIELD VALUE",
                    describe(there),
                    clean_line(&record.student.sis_id),
                    clean_line(&there.name)
                )));
            }
            store.write(|w| w.add_team_member(&member))?;
            let stays = super::kept_here::stays_here(&store, &id, &who)?;
            out.line(&format!(
                "{who}: {} added to the team{stays}",
                brief(&member.name)
            ));
        }
        Some(TeamAction::Set {
            member,
            field,
            value,
        }) => {
            let field = team_field(&field)?;
            let m = find_member(&record.team, &member)?;
            let value = crate::store::field_value_from_text(Entity::TeamMember, field, &value)?;
            // The value it holds already writes nothing, and says so, as plp set does.
            if !store.write(|w| w.set_if_changed(Entity::TeamMember, &m.id, field, value))? {
                out.line(&format!("{who}: {}'s {field} unchanged", brief(&m.name)));
                return Ok(());
            }
            let stays = super::kept_here::stays_here(&store, &id, &who)?;
            out.line(&format!("{who}: {}'s {field} set{stays}", brief(&m.name)));
        }
    }
    Ok(())
}

/// A new member as typed, each field read by the team member's field table (as the form and
/// `set` read it): a name left empty, a made-up language or a page pasted as a role is refused.
fn typed_member(
    name: &str,
    role: Option<&str>,
    contact: Option<&str>,
    language: Option<&str>,
) -> CliResult<TeamMember> {
    let read = |field: &str, text: Option<&str>| -> CliResult<serde_json::Value> {
        Ok(Entity::TeamMember
            .field_or_err(field)?
            .from_text(text.unwrap_or(""))?)
    };
    let text = |v: serde_json::Value| v.as_str().unwrap_or_default().to_string();
    Ok(TeamMember {
        name: text(read("name", Some(name))?),
        role: text(read("role", role)?),
        contact: text(read("contact", contact)?),
        language: read("language", language)?.as_str().map(String::from),
        ..Default::default()
    })
}

/// The member already on the team with the new one's name and role (case, accents and spacing
/// aside): adding them again would make two of one person.
fn same_member<'a>(team: &'a [TeamMember], new: &TeamMember) -> Option<&'a TeamMember> {
    team.iter()
        .find(|m| fold(&m.name) == fold(&new.name) && fold(&m.role) == fold(&new.role))
}

/// Which language the family's printouts are made in, named as people call it: the family's
/// own when there is a printout in it, else English, saying so.
fn printouts_in(family: &[&str]) -> String {
    let choice = crate::printout::words::family_choice(family);
    let chosen = language_name(choice.code);
    if choice.unserved.is_empty() {
        return format!("family printouts: {chosen}");
    }
    format!(
        "family printouts: {chosen} (there is none in {} yet)",
        choice.unserved_names()
    )
}

/// A member's line: "Rosa Okafor (parent) 555-0101 · reads Spanish" (the language named as
/// people call it, its code kept where it names no language plp knows).
fn describe(m: &TeamMember) -> String {
    let mut line = clean_line(&m.name);
    if !m.role.trim().is_empty() {
        line.push_str(&format!(" ({})", clean_line(&m.role)));
    }
    if !m.contact.trim().is_empty() {
        line.push_str(&format!(" {}", clean_line(&m.contact)));
    }
    if let Some(l) = &m.language {
        line.push_str(&format!(" · reads {}", language_name(l)));
    }
    line
}

/// The field a member's form shows under that name.
fn team_field(typed: &str) -> CliResult<&'static str> {
    let t = typed.trim().to_lowercase().replace('-', "_");
    let fields = Entity::TeamMember.form_fields();
    fields
        .iter()
        .map(|(name, _)| *name)
        .find(|name| *name == t || (t == "lang" && *name == "language"))
        .ok_or_else(|| {
            CliError::Failure(format!(
                "\"{}\" is not a field of a team member (fields: {})",
                clean_line(typed),
                fields
                    .iter()
                    .map(|(n, _)| *n)
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })
}

/// The one member whose name holds `query` (loosely, as student names are matched).
fn find_member<'a>(team: &'a [TeamMember], query: &str) -> CliResult<&'a TeamMember> {
    let q = fold(query.trim());
    let exact: Vec<&TeamMember> = team.iter().filter(|m| fold(&m.name) == q).collect();
    let found: Vec<&TeamMember> = if exact.len() == 1 {
        exact
    } else {
        team.iter().filter(|m| fold(&m.name).contains(&q)).collect()
    };
    match found.as_slice() {
        [one] if !q.is_empty() => Ok(one),
        [] | [_] => Err(CliError::Failure(format!(
            "no team member is named \"{}\"",
            clean_line(query)
        ))),
        many => Err(CliError::Failure(format!(
            "\"{}\" names {} team members: {}",
            clean_line(query),
            many.len(),
            many.iter()
                .map(|m| clean_line(&m.name))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}
