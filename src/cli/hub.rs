//! `plp hub …`: the district hub in PostgreSQL.

use super::args::{HubArgs, HubCheckViewsArgs, HubCommand, HubInitArgs};
use super::{CliError, CliResult, Out};
use crate::store::hub::{Hub, HubError};

impl From<HubError> for CliError {
    fn from(e: HubError) -> Self {
        CliError::Failure(e.to_string())
    }
}

pub fn run(args: HubArgs, out: &mut Out) -> CliResult {
    match args.command {
        HubCommand::Init(a) => init(a, out),
        HubCommand::User(a) => super::hub_user::run(a, out),
        HubCommand::Users(a) => super::hub_logins::list(a, out),
        HubCommand::CheckViews(a) => check_views(a, out),
    }
}

/// `plp hub init URL`.
fn init(args: HubInitArgs, out: &mut Out) -> CliResult {
    let mut hub = Hub::connect(&args.url)?;
    let done = hub.init()?;
    let shown = hub.shown();
    out.line(&if done.from == done.to {
        format!(
            "the hub {shown} is already at schema {}; nothing was changed",
            done.to
        )
    } else if done.from == 0 {
        format!("made the hub in {shown} (schema {})", done.to)
    } else {
        format!(
            "brought the hub {shown} from schema {} to {}",
            done.from, done.to
        )
    });
    // Logins are PostgreSQL roles, made with the rights of the hub's owner (an admin login
    // makes them through the owner's functions): an owner that may not make roles makes none
    // with plp hub user. Said now, with the statement that mends it, not at the first login it
    // is refused.
    let (maker, may) = hub.logins_maker()?;
    if !may {
        let said = if maker == hub.login() {
            crate::store::hub::logins::may_not_make_roles(&maker)
        } else {
            crate::store::hub::logins::owner_may_not_make_roles(&maker)
        };
        crate::error::tell(format_args!("plp: {said}"));
    }
    Ok(())
}

/// `plp hub check-views URL`.
fn check_views(args: HubCheckViewsArgs, out: &mut Out) -> CliResult {
    let mut hub = Hub::open(&args.url)?;
    let found = hub.check_views()?;
    let shown = hub.shown();
    out.line(&if found.agreed() {
        format!(
            "the views of {shown} agree with the log ({} records); nothing was changed",
            found.records
        )
    } else {
        format!(
            "the views of {shown} disagreed with the log ({}); rebuilt them from the log ({} records)",
            found.describe(),
            found.records
        )
    });
    let pairs = hub.other_children()?;
    if !pairs.is_empty() {
        let shown: Vec<String> = pairs
            .iter()
            .map(|(sis, held, other)| {
                format!(
                    "{} ({}'s; {}'s kept in its files)",
                    crate::domain::clean_line(sis),
                    crate::domain::clean_line(held),
                    crate::domain::clean_line(other)
                )
            })
            .collect();
        out.line(&format!(
            "{} held here for a child of one school that another school's files hold for \
             another child, whose records stay in those files until the schools' systems give \
             the children ids that differ: {}",
            if pairs.len() == 1 {
                "1 SIS id is".to_string()
            } else {
                format!("{} SIS ids are", pairs.len())
            },
            super::output::first_few(&shown, 10)
        ));
    }
    Ok(())
}
