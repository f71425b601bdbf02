//! The hub's logins as they stand: listing them (`plp hub users`) and taking one's access away
//! (`plp hub user … --remove`, through `plp.remove_login`, sql/0018_removed_logins.sql). Only
//! the hub's admins and the database's owner may do either.

use super::{Hub, HubError};

/// One login of the hub, as `plp hub users` lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LoginRow {
    /// The PostgreSQL role name.
    pub login: String,
    /// admin, counselor, advisor or teacher.
    pub role: String,
    /// An advisor login's advisor name.
    pub advisor: Option<String>,
    /// The school it is kept to, if any.
    pub school: Option<String>,
    /// How many students a teacher's list names.
    pub listed: i64,
    /// Whether it may log in to the server.
    pub can_log_in: bool,
    /// How many replicas the hub holds under it.
    pub replicas: i64,
}

/// What taking a login's access away did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Removed {
    /// It had access, and has none now.
    Removed,
    /// It had none already.
    Unchanged,
}

impl Hub {
    /// Every login of this hub, by name.
    pub fn logins(&mut self) -> Result<Vec<LoginRow>, HubError> {
        self.must_manage_logins()?;
        let rows = self
            .client
            .query(
                "SELECT l.login::text, l.role, l.advisor, l.school,
                        (SELECT count(*) FROM plp.login_students s WHERE s.login = l.login),
                        coalesce(u.rolcanlogin, false),
                        (SELECT count(*) FROM plp.replicas p WHERE p.login = l.login)
                 FROM plp.logins l LEFT JOIN pg_roles u ON u.rolname = l.login
                 ORDER BY l.login",
                &[],
            )
            .map_err(|e| self.fail(e))?;
        Ok(rows
            .iter()
            .map(|r| LoginRow {
                login: r.get(0),
                role: r.get(1),
                advisor: r.get(2),
                school: r.get(3),
                listed: r.get(4),
                can_log_in: r.get(5),
                replicas: r.get(6),
            })
            .collect())
    }

    /// Takes `login`'s access to the hub away: its scope, its groups and its right to log in
    /// (what it added stays in the log). Refused, changing nothing, for this connection's own
    /// login, a role that is no login of this hub, and one with more than a login's rights.
    pub fn remove_login(&mut self, login: &str) -> Result<Removed, HubError> {
        self.must_manage_logins()?;
        let me = self.target.user.clone();
        if login == me {
            return Err(HubError::Refused(format!(
                "login {me} cannot take its own access away; ask another admin; nothing was changed"
            )));
        }
        let done: String = self
            .client
            .query_one("SELECT plp.remove_login($1)", &[&login])
            .map_err(|e| self.refused_or_failed(e))?
            .get(0);
        Ok(if done == "removed" {
            Removed::Removed
        } else {
            Removed::Unchanged
        })
    }

    /// A failure of one of the owner's functions that manage logins: their refusals are whole
    /// sentences, said as they are; anything else is told as any failure of this connection.
    pub(super) fn refused_or_failed(&self, e: postgres::Error) -> HubError {
        match e.as_db_error() {
            Some(db) if *db.code() == postgres::error::SqlState::RAISE_EXCEPTION => {
                HubError::Refused(crate::domain::clean_line(db.message()))
            }
            _ => self.target.classify(e),
        }
    }

    /// Whether this login may make PostgreSQL roles (a superuser, or one with CREATEROLE): each
    /// of the hub's logins is one.
    pub fn may_make_roles(&mut self) -> Result<bool, HubError> {
        let row = self
            .client
            .query_one(
                "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user",
                &[],
            )
            .map_err(|e| self.fail(e))?;
        Ok(row.get(0))
    }

    /// Refuses, in one sentence, a login that does not manage logins.
    pub(super) fn must_manage_logins(&mut self) -> Result<(), HubError> {
        let admin: bool = self
            .client
            .query_one("SELECT plp.is_admin()", &[])
            .map_err(|e| self.fail(e))?
            .get(0);
        if admin {
            return Ok(());
        }
        Err(HubError::NoRights {
            login: self.target.user.clone(),
            why: "only the hub's admins and the database's owner manage logins".into(),
        })
    }
}

/// What a login that may not make roles is told: it cannot add the hub's logins (each a
/// PostgreSQL role), and the statement that lets it.
pub fn may_not_make_roles(login: &str) -> String {
    format!(
        "login {login} may not make roles on this server, so it cannot add the hub's logins with \
         plp hub user; a superuser can let it: ALTER ROLE {login} CREATEROLE"
    )
}
