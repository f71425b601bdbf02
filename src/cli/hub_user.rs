//! `plp hub user URL LOGIN --role ROLE …`: makes or changes a hub login and its scope.

use std::io::{BufRead, IsTerminal, Write};

use super::args::HubUserArgs;
use super::{CliError, CliResult, Out};
use crate::store::hub::users::{read_students, Login, Outcome, Role};
use crate::store::hub::Hub;

/// `plp hub user`.
pub fn run(args: HubUserArgs, out: &mut Out) -> CliResult {
    let role = Role::parse(&args.role).map_err(CliError::Failure)?;
    let students = match &args.students {
        None => Vec::new(),
        Some(path) => {
            let shown = path.display().to_string();
            let text = std::fs::read_to_string(path).map_err(|e| {
                CliError::Failure(format!(
                    "cannot read {shown}: {}",
                    crate::store::io_reason(&e)
                ))
            })?;
            read_students(&text, &shown).map_err(CliError::Failure)?
        }
    };
    let mut want = Login {
        login: args.login.clone(),
        role,
        advisor: args.advisor.clone(),
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
    let unknown = hub.unknown_sis_ids(&want.students)?;
    out.line(&format!(
        "{}{}",
        match done {
            Outcome::Created => format!("made login {who}: {what}"),
            Outcome::Changed => format!("changed login {who}: now {what}"),
            Outcome::Unchanged => format!("login {who} is already {what}; nothing was changed"),
        },
        not_in_hub(&unknown)
    ));
    Ok(())
}

/// What a teacher's list names that the hub holds no student for: "" when nothing, else the
/// clause saying which (the first five), read as soon as a school's sync brings them.
fn not_in_hub(unknown: &[String]) -> String {
    if unknown.is_empty() {
        return String::new();
    }
    let shown: Vec<String> = unknown
        .iter()
        .take(5)
        .map(|id| crate::domain::clean_line(id))
        .collect();
    let more = match unknown.len() - shown.len() {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    let (n, verb) = match unknown.len() {
        1 => ("1 of them".to_string(), "is"),
        n => (format!("{n} of them"), "are"),
    };
    format!(
        "; {n} {verb} not in the hub yet ({}{more}), and will be read once a school's sync \
         brings them there",
        shown.join(", ")
    )
}

/// The password from standard input: the first line of a pipe, or typed at the terminal
/// without being shown.
fn read_password(login: &str) -> Result<String, CliError> {
    let stdin = std::io::stdin();
    let password = if stdin.is_terminal() {
        typed_unseen(login)?
    } else {
        let mut line = String::new();
        stdin.lock().read_line(&mut line).map_err(|_| {
            CliError::Failure("the password could not be read from standard input".into())
        })?;
        line.trim_end_matches(['\r', '\n']).to_string()
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
