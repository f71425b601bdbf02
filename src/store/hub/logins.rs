//! The hub's logins as they stand: listing them (`plp hub users`) and taking one's access away
//! (`plp hub user … --remove`, through `plp.remove_login`, sql/0018_removed_logins.sql). Only
//! the hub's admins and the database's owner may do either.

use super::{Hub, HubError};

/// One login of the hub, as `plp hub users` lists it: one with access, or one taken away.
/// The JSON keys are the CSV's column names.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LoginRow {
    /// The PostgreSQL role name.
    pub login: String,
    /// admin, counselor, advisor or teacher (for a login taken away, its last; `None` when it
    /// was taken away before hub schema 22, which kept no record of it).
    pub role: Option<String>,
    /// An advisor login's advisor name.
    pub advisor: Option<String>,
    /// The school it is kept to, if any.
    pub school: Option<String>,
    /// How many students a teacher's list names.
    pub listed_students: i64,
    /// Whether the server lets it log in.
    pub can_log_in: bool,
    /// How many replicas the hub holds under it.
    pub replicas: i64,
    /// Whether it has a password on the server.
    pub password: Password,
    /// Whether its access was taken away (`plp hub user … --remove`).
    pub removed: bool,
    /// The day it was taken away (`None` when that was before hub schema 22).
    pub removed_on: Option<String>,
    /// Whether that name is matched word for word (`--exact`), not loosely.
    pub advisor_exact: bool,
}

/// Whether a login has a password on the server, as far as the hub can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Password {
    /// It has one.
    Set,
    /// It has none, so it cannot log in where the server asks a password.
    None,
    /// Neither the server's catalog (readable by a superuser only) nor plp's record tells: a
    /// role plp took in, or made before hub schema 22, without setting its password.
    Unknown,
}

impl Password {
    /// Reads the hub's word for it ('set', 'none', 'unknown').
    fn parse(word: &str) -> Password {
        match word {
            "set" => Password::Set,
            "none" => Password::None,
            _ => Password::Unknown,
        }
    }

    /// The word for it, as the JSON and CSV say it.
    pub fn as_str(self) -> &'static str {
        match self {
            Password::Set => "set",
            Password::None => "none",
            Password::Unknown => "unknown",
        }
    }
}

/// The roles that read and manage everything in a hub without being its logins (see
/// [`Hub::unbound`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unbound {
    /// The role that owns the hub's schema and tables.
    pub owner: Option<String>,
    /// The database's owner, when it is not the hub's.
    pub database_owner: Option<String>,
    /// The server's superusers that may log in, but those named above.
    pub superusers: Vec<String>,
}

impl Unbound {
    /// The sentence a list of logins ends with: "Beside them, admin (the hub's owner) and
    /// postgres (a superuser of the server) read and manage everything, unbound by row-level
    /// security." Without "Beside them" where the hub has no logins (`beside_logins` false).
    pub fn sentence(&self, beside_logins: bool) -> Option<String> {
        let mut named: Vec<String> = Vec::new();
        if let Some(o) = &self.owner {
            named.push(format!(
                "{} (the hub's owner)",
                crate::domain::clean_line(o)
            ));
        }
        if let Some(d) = &self.database_owner {
            named.push(format!(
                "{} (the database's owner)",
                crate::domain::clean_line(d)
            ));
        }
        let supers: Vec<String> = self
            .superusers
            .iter()
            .map(|s| crate::domain::clean_line(s))
            .collect();
        match supers.as_slice() {
            [] => {}
            [one] => named.push(format!("{one} (a superuser of the server)")),
            many => named.push(format!("the server's superusers ({})", many.join(", "))),
        }
        if named.is_empty() {
            return None;
        }
        let verbs = if named.len() == 1 && supers.len() < 2 {
            "reads and manages"
        } else {
            "read and manage"
        };
        let who = crate::domain::and_list(&named);
        Some(if beside_logins {
            format!("Beside them, {who} {verbs} everything, unbound by row-level security.")
        } else {
            format!("{who} {verbs} everything, unbound by row-level security.")
        })
    }
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
    /// Every login of this hub, by name: those with access, then those taken away
    /// (`plp.listed_logins`, hub schema 22).
    pub fn logins(&mut self) -> Result<Vec<LoginRow>, HubError> {
        self.must_manage_logins()?;
        let rows = self
            .client
            .query(
                "SELECT login, role, advisor, school, listed_students, can_log_in, password,
                        replicas, removed, to_char(removed_on, 'YYYY-MM-DD'), advisor_exact
                 FROM plp.listed_logins()",
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
                listed_students: r.get(4),
                can_log_in: r.get(5),
                password: Password::parse(r.get(6)),
                replicas: r.get(7),
                removed: r.get(8),
                removed_on: r.get(9),
                advisor_exact: r.get(10),
            })
            .collect())
    }

    /// Who reads and manages everything beside the hub's logins, unbound by row-level
    /// security: the role that owns the hub, the database's owner when that is another role,
    /// and the server's superusers that may log in (each named once).
    pub fn unbound(&mut self) -> Result<Unbound, HubError> {
        let row = self
            .client
            .query_one(
                "SELECT (SELECT pg_get_userbyid(n.nspowner)::text FROM pg_namespace n
                         WHERE n.nspname = 'plp'),
                        (SELECT pg_get_userbyid(d.datdba)::text FROM pg_database d
                         WHERE d.datname = current_database()),
                        coalesce((SELECT array_agg(r.rolname::text ORDER BY r.rolname)
                                  FROM pg_roles r WHERE r.rolsuper AND r.rolcanlogin), '{}')",
                &[],
            )
            .map_err(|e| self.fail(e))?;
        let owner: Option<String> = row.get(0);
        let database_owner: Option<String> = row.get(1);
        let superusers: Vec<String> = row.get(2);
        let database_owner = database_owner.filter(|d| Some(d) != owner.as_ref());
        let superusers = superusers
            .into_iter()
            .filter(|s| Some(s) != owner.as_ref() && Some(s) != database_owner.as_ref())
            .collect();
        Ok(Unbound {
            owner,
            database_owner,
            superusers,
        })
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

    /// The role whose rights make the hub's logins (the owner of its tables, whose functions
    /// make them), and whether it may make PostgreSQL roles.
    pub fn logins_maker(&mut self) -> Result<(String, bool), HubError> {
        let row = self
            .client
            .query_one(
                "SELECT u.rolname::text, u.rolsuper OR u.rolcreaterole FROM pg_roles u
                 WHERE u.oid = (SELECT c.relowner FROM pg_class c
                                WHERE c.oid = 'plp.changes'::regclass)",
                &[],
            )
            .map_err(|e| self.fail(e))?;
        Ok((row.get(0), row.get(1)))
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

/// What another login is told of a hub whose owner may not make roles: the hub's logins are
/// made with the owner's rights, so no one can add them until it may.
pub fn owner_may_not_make_roles(owner: &str) -> String {
    format!(
        "the hub's owner {owner} may not make roles on this server, so no login can add the \
         hub's logins with plp hub user; a superuser can let it: ALTER ROLE {owner} CREATEROLE"
    )
}

#[cfg(test)]
mod tests {
    use super::Unbound;

    #[test]
    fn those_beside_the_logins_are_named_once_each() {
        let all = Unbound {
            owner: Some("hubowner".into()),
            database_owner: Some("dba".into()),
            superusers: vec!["postgres".into(), "root".into()],
        };
        assert_eq!(
            all.sentence(true).unwrap(),
            "Beside them, hubowner (the hub's owner), dba (the database's owner) and the \
             server's superusers (postgres, root) read and manage everything, unbound by \
             row-level security."
        );
        let one = Unbound {
            owner: Some("postgres".into()),
            database_owner: None,
            superusers: Vec::new(),
        };
        assert_eq!(
            one.sentence(false).unwrap(),
            "postgres (the hub's owner) reads and manages everything, unbound by row-level \
             security."
        );
    }
}
