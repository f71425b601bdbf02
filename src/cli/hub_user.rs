//! `plp hub user URL LOGIN --role ROLE …`: makes or changes a hub login and its scope.

use std::io::{IsTerminal, Read, Write};

use super::args::HubUserArgs;
use super::{CliError, CliResult, Out};
use crate::store::hub::users::{Login, Matched, Outcome, Role};
use crate::store::hub::Hub;

/// `plp hub user`.
pub fn run(args: HubUserArgs, out: &mut Out) -> CliResult {
    if args.remove {
        return super::hub_logins::remove(&args.url, &args.login, out);
    }
    let role = Role::parse(args.role.as_deref().unwrap_or_default()).map_err(CliError::Failure)?;
    let students = match &args.students {
        None => Vec::new(),
        Some(path) => {
            let shown = path.display().to_string();
            let bytes = std::fs::read(path).map_err(|e| {
                CliError::Failure(format!(
                    "cannot read {shown}: {}",
                    crate::store::io_reason(&e)
                ))
            })?;
            // As a roster is read: UTF-8, or UTF-16 as Excel's "Unicode text" saves it.
            let text = crate::roster::decoded_text(&bytes).ok_or_else(|| {
                CliError::Failure(format!(
                    "{shown} is not text plp can read (save it as CSV UTF-8)"
                ))
            })?;
            crate::roster::student_ids(&text, &shown).map_err(CliError::Failure)?
        }
    };
    let mut want = Login {
        login: args.login.clone(),
        role,
        advisor: args.advisor.clone(),
        exact: args.exact,
        school: args.school.clone(),
        students,
        password: None,
    };
    want.check().map_err(CliError::Failure)?;
    if args.password_stdin {
        want.password = Some(read_password(&want.login)?);
    }
    let mut hub = Hub::open(&args.url)?;
    let done = hub.set_login(&want)?;
    let who = crate::domain::clean_line(&want.login);
    let what = want.describe();
    // What the login reaches, said after it is made: a failure to read it costs only the words.
    let unknown = hub.unknown_sis_ids(&want.students).unwrap_or_default();
    let empty = hub.student_total().is_ok_and(|n| n == 0);
    let reach = match (want.role, &want.advisor, &want.school) {
        // A new hub: nothing to match yet, and nothing amiss.
        (Role::Admin, _, _) => String::new(),
        _ if empty && unknown.is_empty() => {
            "; the hub holds no students yet: the login reads its students once a school's sync \
             brings them there"
                .into()
        }
        (Role::Advisor, Some(name), school) => hub
            .advisors_matched(name, school.as_deref(), want.exact)
            .map(|m| {
                if !m.is_empty() {
                    return advisor_reach(&m, school.is_some(), want.exact, &[]);
                }
                // The name matches advisors, but none at the school it is kept to: the school
                // is what to look at again, not the name.
                let elsewhere = match school {
                    Some(_) => hub
                        .advisors_matched(name, None, want.exact)
                        .unwrap_or_default(),
                    None => Vec::new(),
                };
                match school {
                    Some(school) if !elsewhere.is_empty() => only_elsewhere(&elsewhere, school),
                    _ => {
                        let near = hub
                            .advisor_fields(school.as_deref())
                            .map(|f| {
                                super::scope::nearest_advisors(name, f.iter().map(String::as_str))
                            })
                            .unwrap_or_default();
                        advisor_reach(&m, school.is_some(), want.exact, &near)
                    }
                }
            })
            .unwrap_or_default(),
        (Role::Counselor | Role::Teacher, _, Some(school))
            if hub.students_at(school).is_ok_and(|n| n == 0) =>
        {
            let known = hub.school_names().unwrap_or_default();
            format!(
                "; no student in the hub is at a school this name matches yet{} (a typing slip?)",
                nearest_known(&nearest_schools(school, &known))
            )
        }
        // A teacher's list kept to a school reads only its students at that school.
        (Role::Teacher, _, Some(school)) if !want.students.is_empty() => {
            match hub.listed_elsewhere(&want.students, school) {
                Ok(n) if n > 0 => format!(
                    "; {n} of the listed students {} at another school than {}, so the login \
                     does not read {} (check --school)",
                    if n == 1 { "is" } else { "are" },
                    crate::domain::clean_line(school),
                    if n == 1 { "that one" } else { "those" }
                ),
                _ => String::new(),
            }
        }
        _ => String::new(),
    };
    out.line(&format!(
        "{}{}{reach}",
        match done {
            Outcome::Created => format!("made login {who}: {what}"),
            Outcome::TookIn => format!("took in the server's login {who} as {what}"),
            Outcome::Changed => format!("changed login {who}: now {what}"),
            Outcome::NewPassword => format!("set a new password for login {who}, still {what}"),
            Outcome::Unchanged => format!("login {who} is already {what}; nothing was changed"),
        },
        not_in_hub(&unknown)
    ));
    // A role's password is the server's, not one database's: setting it on a role that was
    // there already (this hub's login, another application's role taken in) changes it for
    // every database on the server, which the admin should hear.
    if want.password.is_some() && done != Outcome::Created {
        crate::error::tell(format_args!("plp: {}", password_is_the_servers(&who)));
    }
    Ok(())
}

/// What an admin is told on setting the password of a role that was on the server already.
fn password_is_the_servers(who: &str) -> String {
    format!(
        "a password is the server's, not one database's: the new one holds for {who} in every \
         database on that server, not only this hub"
    )
}

/// What an advisor login's name reaches, said where a person should look again: no student at
/// all (a typing slip?), or advisors at more than one school (names are matched loosely, so a
/// namesake at another school would be read, restricted notes and all) when no school keeps it
/// to one. A login kept to its name word for word (`exact`) reads one advisor's name, however
/// many ways it is spelled.
pub(super) fn advisor_reach(
    matched: &[Matched],
    kept_to_school: bool,
    exact: bool,
    nearest: &[String],
) -> String {
    if matched.is_empty() {
        return format!(
            "; no student in the hub has an advisor field this name matches yet{} (a typing \
             slip?)",
            nearest_known(nearest)
        );
    }
    let mut schools: Vec<Option<&str>> = matched.iter().map(|m| m.school.as_deref()).collect();
    schools.sort_unstable();
    schools.dedup();
    if kept_to_school || schools.len() < 2 {
        return if exact {
            String::new()
        } else {
            several_names(matched)
        };
    }
    let shown: Vec<String> = matched
        .iter()
        .map(|m| {
            format!(
                "\"{}\" at {} ({} student{})",
                crate::domain::clean_line(&m.advisor),
                m.school
                    .as_deref()
                    .map_or_else(|| "no known school".into(), crate::domain::clean_line),
                m.students,
                if m.students == 1 { "" } else { "s" }
            )
        })
        .collect();
    format!(
        "; the name matches advisors at {} schools, whose students it reads whole: {}; give \
         --school NAME to keep it to one",
        schools.len(),
        super::output::first_few(&shown, 5)
    )
}

/// What an advisor login at one school is told when its name matches more than one advisor name
/// the hub holds there ("Ms. Lindqvist" matches "Mr. Erik Lindqvist" too, and either side may
/// say less): each name, with its students, so that the admin sees whose students it reads;
/// nothing when it matches one.
fn several_names(matched: &[Matched]) -> String {
    let mut names: Vec<(String, i64)> = Vec::new();
    for m in matched {
        let name = crate::domain::clean_line(&m.advisor);
        match names.iter_mut().find(|(n, _)| *n == name) {
            Some((_, students)) => *students += m.students,
            None => names.push((name, m.students)),
        }
    }
    if names.len() < 2 {
        return String::new();
    }
    names.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let shown: Vec<String> = names
        .iter()
        .map(|(name, n)| format!("\"{name}\" ({n} student{})", if *n == 1 { "" } else { "s" }))
        .collect();
    format!(
        "; the name matches {} advisor names, whose students it reads alike: {} (names are \
         matched loosely: check that these are one advisor, or give --exact with the whole name \
         to read only the students whose advisor field is that name word for word)",
        names.len(),
        super::output::first_few(&shown, 5)
    )
}

/// What an advisor login kept to `school` is told when its name matches advisors only at other
/// schools (`elsewhere`): the school is what to check.
fn only_elsewhere(elsewhere: &[Matched], school: &str) -> String {
    let schools: Vec<String> = elsewhere
        .iter()
        .map(|m| {
            m.school
                .as_deref()
                .map_or_else(|| "no known school".into(), crate::domain::clean_line)
        })
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let at = match schools.as_slice() {
        [rest @ .., last] if !rest.is_empty() && rest.len() < 3 => {
            format!("{} and {last}", rest.join(", "))
        }
        _ => super::output::first_few(&schools, 3),
    };
    format!(
        "; the name matches advisors only at {at}, none at {} (check --school)",
        crate::domain::clean_line(school)
    )
}

/// " (the nearest known is X)", or "are X and Y", or nothing when none is known.
fn nearest_known(near: &[String]) -> String {
    match near {
        [] => String::new(),
        // Quoted: a name written "Lindqvist, Erik" would read as two in a list.
        [one] => format!(": the nearest known is \"{one}\""),
        [rest @ .., last] => format!(
            ": the nearest known are {} and \"{last}\"",
            rest.iter()
                .map(|n| format!("\"{n}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The schools in `known` nearest to a typed name, nearest first, at most three, fit to print.
fn nearest_schools(typed: &str, known: &[String]) -> Vec<String> {
    let typed = typed.trim().to_lowercase();
    let mut by: Vec<(usize, &String)> = known
        .iter()
        .map(|k| {
            let d = crate::domain::edit_distance(&typed, &k.trim().to_lowercase());
            (d, k)
        })
        .collect();
    by.sort();
    by.into_iter()
        .take(3)
        .map(|(_, k)| crate::domain::clean_line(k))
        .collect()
}

/// What a teacher's list names that the hub holds no student for: "" when nothing, else the
/// clause saying which (the first five), read as soon as a school's sync brings them.
fn not_in_hub(unknown: &[String]) -> String {
    if unknown.is_empty() {
        return String::new();
    }
    let shown: Vec<String> = unknown
        .iter()
        .map(|id| crate::domain::clean_line(id))
        .collect();
    let (n, verb) = match unknown.len() {
        1 => ("1 of them".to_string(), "is"),
        n => (format!("{n} of them"), "are"),
    };
    format!(
        "; {n} {verb} not in the hub yet ({}), and will be read once a school's sync brings \
         them there",
        super::output::first_few(&shown, 5)
    )
}

/// The most bytes of a password read from a pipe.
const PIPED_MOST: u64 = 4096;

/// The password from standard input: a pipe's one line, or typed at the terminal without being
/// shown.
fn read_password(login: &str) -> Result<String, CliError> {
    let stdin = std::io::stdin();
    let password = if stdin.is_terminal() {
        typed_unseen(login)?
    } else {
        // The whole of it, up to a bound: a second line is refused, never dropped unsaid.
        let mut all = String::new();
        stdin
            .lock()
            .take(PIPED_MOST + 1)
            .read_to_string(&mut all)
            .map_err(|_| {
                CliError::Failure("the password could not be read from standard input".into())
            })?;
        if all.len() as u64 > PIPED_MOST {
            return Err(CliError::Failure(format!(
                "the password read from standard input is longer than {PIPED_MOST} bytes; \
                 nothing was changed"
            )));
        }
        let one = all.strip_suffix('\n').unwrap_or(&all);
        let one = one.strip_suffix('\r').unwrap_or(one);
        if one.contains(['\n', '\r']) {
            return Err(CliError::Failure(
                "the password read from standard input has more than one line; a password is \
                 one line; nothing was changed"
                    .into(),
            ));
        }
        one.to_string()
    };
    if password.is_empty() {
        return Err(CliError::Failure(
            "the password read from standard input is empty".into(),
        ));
    }
    Ok(password)
}

/// Reads a line typed at the terminal with nothing echoed.
fn typed_unseen(login: &str) -> Result<String, CliError> {
    use ratatui::crossterm::event::{read, Event, KeyCode, KeyEventKind, KeyModifiers};
    use ratatui::crossterm::terminal;
    let mut err = std::io::stderr();
    let _ = write!(err, "password for {}: ", crate::domain::clean_line(login));
    let _ = err.flush();
    let failed = || CliError::Failure("the password could not be read from the terminal".into());
    terminal::enable_raw_mode().map_err(|_| failed())?;
    let mut typed = String::new();
    let result = loop {
        match read() {
            Ok(Event::Key(k)) if k.kind == KeyEventKind::Press => match k.code {
                KeyCode::Enter => break Ok(()),
                KeyCode::Char('c') | KeyCode::Char('d')
                    if k.modifiers.contains(KeyModifiers::CONTROL) =>
                {
                    break Err(CliError::Failure(
                        "no password was given; nothing was changed".into(),
                    ))
                }
                KeyCode::Char(c) => typed.push(c),
                KeyCode::Backspace => {
                    typed.pop();
                }
                KeyCode::Esc => {
                    break Err(CliError::Failure(
                        "no password was given; nothing was changed".into(),
                    ))
                }
                _ => {}
            },
            Ok(Event::Paste(p)) => typed.push_str(p.trim_end_matches(['\r', '\n'])),
            Ok(_) => {}
            Err(_) => break Err(failed()),
        }
    };
    let _ = terminal::disable_raw_mode();
    let _ = writeln!(err);
    result.map(|()| typed)
}
