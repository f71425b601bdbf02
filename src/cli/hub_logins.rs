//! `plp hub users URL` (the hub's logins) and `plp hub user URL LOGIN --remove` (one login's
//! access taken away).

use super::args::{HubUsersArgs, ListFormat};
use super::table::{csv_line, Cell, Table};
use super::{CliError, CliResult, Out};
use crate::store::hub::logins::{LoginRow, Removed};
use crate::store::hub::users::{check_login_name, Role};
use crate::store::hub::Hub;

/// `plp hub users URL`: every login the hub has had, those taken away last. The CSV's columns
/// and the JSON's keys are the same words; the table's headings say them in words.
pub fn list(args: HubUsersArgs, out: &mut Out) -> CliResult {
    let mut hub = Hub::open(&args.url)?;
    let logins = hub.logins()?;
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    match args.format {
        ListFormat::Json => out.line(&super::output::json(&logins)?),
        ListFormat::Csv => {
            // The first seven columns as before hub schema 22; what it added comes after.
            out.line(
                "login,role,advisor,school,listed_students,can_log_in,replicas,password,removed,\
                 removed_on,advisor_exact",
            );
            for l in &logins {
                out.line(&csv_line([
                    Cell::Text(&l.login),
                    Cell::Text(l.role.as_deref().unwrap_or("")),
                    Cell::Text(l.advisor.as_deref().unwrap_or("")),
                    Cell::Text(l.school.as_deref().unwrap_or("")),
                    Cell::Number(&l.listed_students.to_string()),
                    Cell::Text(yes_no(l.can_log_in)),
                    Cell::Number(&l.replicas.to_string()),
                    Cell::Text(l.password.as_str()),
                    Cell::Text(yes_no(l.removed)),
                    Cell::Text(l.removed_on.as_deref().unwrap_or("")),
                    Cell::Text(yes_no(l.advisor_exact)),
                ]));
            }
        }
        ListFormat::Table => {
            if logins.is_empty() {
                crate::error::tell(format_args!(
                    "the hub {} has no logins yet: plp hub user URL LOGIN --role ROLE makes one",
                    hub.shown()
                ));
                if let Some(line) = hub.unbound()?.sentence(false) {
                    out.line(&line);
                }
                return Ok(());
            }
            let mut t = Table::new(&[
                "Login",
                "Role",
                "Reads",
                "Can log in",
                "Password",
                "Replicas",
            ]);
            for l in &logins {
                t.row(vec![
                    l.login.clone(),
                    l.role.clone().unwrap_or_else(|| "unknown".into()),
                    reads(l),
                    yes_no(l.can_log_in).into(),
                    l.password.as_str().into(),
                    l.replicas.to_string(),
                ]);
            }
            out.print(&t.render(100));
            out.line(&count_line(&logins));
            for line in advisors_to_check(&mut hub, &logins)? {
                out.line(&line);
            }
            if let Some(line) = hub.unbound()?.sentence(true) {
                out.line(&line);
            }
        }
    }
    Ok(())
}

/// What each advisor login's name reaches now, where a person should look again: advisors at
/// more than one school (a namesake who came later, read restricted notes and all, for a login
/// kept to no school), more than one advisor name at one school, or no student at all. Names
/// are matched loosely, so what a login reads can grow after it was made; this is said when the
/// logins are listed, as it is when one is made.
fn advisors_to_check(hub: &mut Hub, logins: &[LoginRow]) -> Result<Vec<String>, CliError> {
    let mut lines = Vec::new();
    for l in logins.iter().filter(|l| !l.removed) {
        let (Some("advisor"), Some(name)) = (l.role.as_deref(), l.advisor.as_deref()) else {
            continue;
        };
        let matched = hub.advisors_matched(name, l.school.as_deref(), l.advisor_exact)?;
        let reach =
            super::hub_user::advisor_reach(&matched, l.school.is_some(), l.advisor_exact, &[]);
        if let Some(reach) = reach.strip_prefix("; ") {
            lines.push(format!(
                "login {}: {reach}",
                crate::domain::clean_line(&l.login)
            ));
        }
    }
    Ok(lines)
}

/// "3 logins", or "1 login, and 2 removed (their access was taken away: they read and add
/// nothing)".
fn count_line(logins: &[LoginRow]) -> String {
    let removed = logins.iter().filter(|l| l.removed).count();
    let n = logins.len() - removed;
    let with = format!("{n} login{}", if n == 1 { "" } else { "s" });
    if removed == 0 {
        return with;
    }
    format!(
        "{with}, and {removed} removed (their access was taken away: they read and add nothing)"
    )
}

/// What a login reads, in a few words.
fn reads(l: &LoginRow) -> String {
    if l.removed {
        return match &l.removed_on {
            Some(day) => format!("nothing: removed on {day}"),
            None => "nothing: removed".into(),
        };
    }
    let at = |s: &str| format!(" at {s}");
    let school = l.school.as_deref().map(at).unwrap_or_default();
    let role = l.role.as_deref().and_then(|r| Role::parse(r).ok());
    match role.unwrap_or(Role::Teacher) {
        Role::Admin => "everything".into(),
        Role::Counselor if l.school.is_none() => "every school".into(),
        Role::Counselor => format!("the students{school}"),
        Role::Advisor => format!(
            "advisees of {}{}{school}",
            l.advisor.as_deref().unwrap_or("(no name)"),
            if l.advisor_exact {
                " (word for word)"
            } else {
                ""
            }
        ),
        Role::Teacher => match (l.listed_students, &l.school) {
            (0, None) => "nothing yet".into(),
            (0, Some(_)) => format!("the students{school}"),
            (n, _) => format!(
                "{n} listed student{}{school}",
                if n == 1 { "" } else { "s" }
            ),
        },
    }
}

/// `plp hub user URL LOGIN --remove`.
pub fn remove(url: &str, login: &str, out: &mut Out) -> CliResult {
    check_login_name(login).map_err(CliError::Failure)?;
    let mut hub = Hub::open(url)?;
    let who = crate::domain::clean_line(login);
    out.line(&match hub.remove_login(login)? {
        Removed::Removed => format!(
            "took login {who}'s access away: it reads and adds nothing at the hub from now on, \
             and may no longer log in to the server (what it added stays in the log; the hub's \
             owner can give it access again with plp hub user URL {who} --role ROLE)"
        ),
        Removed::Unchanged => {
            format!("login {who} has no access to this hub already; nothing was changed")
        }
    });
    Ok(())
}
