//! The district hub: the same change log kept in a PostgreSQL database, where PostgreSQL's own
//! roles decide who reads and writes what. Only this module (and the rest of `store`) speaks SQL.
//!
//! The blocking `postgres` crate is used (tokio-postgres underneath, run on its own small
//! runtime): plp is a command-line program with no async runtime of its own to expose.

pub mod connect;
pub mod logins;
pub mod migrate;
pub mod pull;
pub mod push;
pub mod reports;
pub mod scope;
pub mod users;
pub mod views;

pub use connect::{is_hub_url, shown_url, Target};
pub use migrate::{Initialised, KNOWN_VERSION};
pub use pull::Unreadable;
pub use push::{Head, Heads, Rows, Taken};
pub use reports::HubReports;
pub use views::ViewsCheck;

/// A school's name as the hub compares it (`plp.same_school`): case and spacing aside.
pub fn school_key(school: &str) -> String {
    school
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// plp's group roles, the server's (shared by every hub on it): each login of a hub is a member
/// of one.
pub(crate) const GROUPS: [&str; 4] = ["plp_admin", "plp_counselor", "plp_advisor", "plp_teacher"];

/// An open connection to a hub.
pub struct Hub {
    client: postgres::Client,
    target: Target,
    /// Whether this login reads the hub's tables themselves (an admin, who reads every row), or
    /// only through the owner's functions that hand back its own rows (sql/0013); asked once.
    reads_tables: Option<bool>,
    /// The name this hub gave itself (see [`Hub::name`]); asked once.
    name: Option<String>,
    /// The school the replicas a push carries are registered with (see [`Hub::carry_as`]).
    carried_school: Option<String>,
}

impl Hub {
    /// Connects to the hub at `url` (PG* variables and ~/.pgpass fill what it leaves out) and
    /// checks that it is a plp hub this plp can use.
    pub fn open(url: &str) -> Result<Hub, HubError> {
        let mut hub = Hub::connect(url)?;
        hub.refuse_stranger()?;
        hub.check_version()?;
        hub.refuse_unknown_login()?;
        Ok(hub)
    }

    /// Refuses a login in none of plp's groups that neither owns the hub nor the database nor is
    /// a superuser (another application's, a removed login let in again by hand, another hub's
    /// owner), asking the catalog, which every login may read: such a login may read nothing of
    /// the hub, not even its version.
    fn refuse_stranger(&mut self) -> Result<(), HubError> {
        let row = self
            .client
            .query_one(
                "SELECT n.oid IS NULL
                     OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
                     OR pg_has_role(current_user, n.nspowner, 'MEMBER')
                     OR pg_has_role(current_user, d.datdba, 'MEMBER')
                     OR EXISTS (SELECT 1 FROM pg_roles g WHERE g.rolname = ANY ($1)
                                AND pg_has_role(current_user, g.oid, 'MEMBER'))
                 FROM pg_database d LEFT JOIN pg_namespace n ON n.nspname = 'plp'
                 WHERE d.datname = current_database()",
                &[&GROUPS.to_vec()],
            )
            .map_err(|e| self.fail(e))?;
        if row.get::<_, Option<bool>>(0).unwrap_or(true) {
            return Ok(());
        }
        Err(self.not_a_login())
    }

    /// Refuses a login that is not one of this hub's (another hub's on the same server, let in
    /// by the server's shared groups: most likely the URL names the wrong database), before
    /// anything is read or written.
    fn refuse_unknown_login(&mut self) -> Result<(), HubError> {
        // A login in none of the hub's groups may not even ask: it is no login of this hub.
        let known = match self.client.query_one("SELECT plp.is_login()", &[]) {
            Ok(row) => row.get(0),
            Err(e) if e.code() == Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE) => false,
            Err(e) => return Err(self.fail(e)),
        };
        if known {
            return Ok(());
        }
        Err(self.not_a_login())
    }

    /// The sentence for a login that is none of this hub's.
    fn not_a_login(&self) -> HubError {
        HubError::Refused(format!(
            "login {} is not a login of the hub {}: check the database name in the URL (the \
             hub's admin adds logins with plp hub user); nothing was changed",
            self.target.user,
            self.shown()
        ))
    }

    /// Connects without looking at what the database holds (for `plp hub init`).
    pub fn connect(url: &str) -> Result<Hub, HubError> {
        let target = Target::parse(url, &|name| std::env::var(name).ok())?;
        let client = target.connect()?;
        Ok(Hub {
            client,
            target,
            reads_tables: None,
            name: None,
            carried_school: None,
        })
    }

    /// Whether this login reads the hub's tables themselves: an admin does, reading every row;
    /// a login bound by row-level security reads only through the owner's functions, which
    /// nothing in a query around them can look past (sql/0013_guarded_reads.sql).
    pub(crate) fn reads_tables(&mut self) -> Result<bool, HubError> {
        if let Some(r) = self.reads_tables {
            return Ok(r);
        }
        let row = self
            .client
            .query_one("SELECT has_table_privilege('plp.changes', 'SELECT')", &[])
            .map_err(|e| self.fail(e))?;
        let r: bool = row.get(0);
        self.reads_tables = Some(r);
        Ok(r)
    }

    /// The hub as it may be shown to a person: its URL without any password.
    pub fn shown(&self) -> String {
        self.target.shown()
    }

    /// The connection, for the hub's other modules.
    pub(crate) fn client(&mut self) -> &mut postgres::Client {
        &mut self.client
    }

    /// Runs `work` in one transaction, with `settings` (`SET LOCAL …` statements, or nothing)
    /// for its length only, and commits it; a failure becomes one sentence about this hub.
    pub(crate) fn in_transaction<T>(
        &mut self,
        settings: &str,
        work: impl FnOnce(&mut postgres::Transaction<'_>) -> Result<T, postgres::Error>,
    ) -> Result<T, HubError> {
        let done = (|| {
            let mut t = self.client.transaction()?;
            if !settings.is_empty() {
                t.batch_execute(settings)?;
            }
            let out = work(&mut t)?;
            t.commit()?;
            Ok(out)
        })();
        done.map_err(|e| self.fail(e))
    }

    /// Turns a failure of a statement into one sentence about this hub.
    pub(crate) fn fail(&self, e: postgres::Error) -> HubError {
        self.target.classify(e)
    }
}

/// What can go wrong with a hub, each one sentence a person can act on. None of them ever
/// holds a password.
#[derive(Debug, thiserror::Error)]
pub enum HubError {
    /// The URL cannot be read.
    #[error("{0}")]
    BadUrl(String),
    /// Nothing answers at the address.
    #[error("the hub server at {at} cannot be reached ({why}); is PostgreSQL running there?")]
    ServerDown {
        /// host:port or the socket's folder.
        at: String,
        /// In a few words.
        why: String,
    },
    /// The host's name was not found (a typing slip in the URL, or no name server answering).
    #[error("the hub's host {host} could not be found{why}; check the host name in the URL")]
    NoHost {
        /// The host name as the URL gives it.
        host: String,
        /// "" when the name is not known, else why it could not be looked up.
        why: &'static str,
    },
    /// The connection was never made, or closed before any PostgreSQL server answered.
    #[error("the hub at {at} could not be reached: {why}")]
    Unreachable {
        /// host:port.
        at: String,
        /// In a few plain words, with what to check.
        why: &'static str,
    },
    /// The server refused the login's password (or wanted one that was not given).
    #[error("the hub server at {at} refused the password for login {login}; nothing was changed")]
    BadPassword {
        /// host:port.
        at: String,
        /// The login.
        login: String,
    },
    /// The server wants a password and none was given.
    #[error(
        "the hub server at {at} asks a password for login {login}; give it in {file}, in \
         PGPASSWORD, or in the URL{passed_over}"
    )]
    NoPassword {
        /// host:port.
        at: String,
        /// The login.
        login: String,
        /// The password file read: `~/.pgpass`, or the one `PGPASSFILE` names.
        file: String,
        /// Why a password file there was not read ("" when none was passed over).
        passed_over: String,
    },
    /// The server lets this login in to no such database.
    #[error("the hub server at {at} refused login {login}: {why}")]
    NotLetIn {
        /// host:port.
        at: String,
        /// The login.
        login: String,
        /// The server's words.
        why: String,
    },
    /// The database does not exist.
    #[error(
        "there is no database {db} on the hub server at {at}: check the database name in the \
         URL (a new hub's database is made with createdb {db}, then plp hub init)"
    )]
    NoDatabase {
        /// host:port.
        at: String,
        /// The database.
        db: String,
    },
    /// The server ended the connection (shut down, or its administrator ended it).
    #[error(
        "the hub server at {at} ended the connection (it was shut down, or its administrator \
         ended it); run the command again once it is back: a sync goes on from where it stopped"
    )]
    Ended {
        /// host:port.
        at: String,
    },
    /// The connection closed part way without a word from the server (a server stopped, a
    /// network that dropped it, or the server's own ending not read before the close).
    #[error(
        "the connection to the hub server at {at} was cut part way (the server stopped, or the \
         network dropped it); run the command again once it is back: a sync goes on from where \
         it stopped"
    )]
    Cut {
        /// host:port.
        at: String,
    },
    /// The login lacks a right it needs.
    #[error("login {login} may not do this on the hub ({why}); nothing was changed")]
    NoRights {
        /// The login.
        login: String,
        /// The server's words.
        why: String,
    },
    /// The hub was made or upgraded by a newer plp.
    #[error(
        "the hub {shown} was made by a newer plp (hub schema {found}, this plp knows {known}); \
         upgrade plp here first; nothing was changed"
    )]
    Newer {
        /// The hub's URL without a password.
        shown: String,
        /// Its schema version.
        found: i64,
        /// Ours.
        known: i64,
    },
    /// The hub is older than this plp.
    #[error(
        "the hub {shown} has schema {found} and this plp needs {known}: run plp hub init {shown} \
         to upgrade it"
    )]
    Older {
        /// The hub's URL without a password.
        shown: String,
        /// Its schema version.
        found: i64,
        /// Ours.
        known: i64,
    },
    /// The hub is older than this plp, and only its owner may upgrade it.
    #[error(
        "the hub {shown} has schema {found} and this plp needs {known}: the hub's owner, {owner}, \
         upgrades it with plp hub init; nothing was changed"
    )]
    OlderForOwner {
        /// The hub's URL without a password.
        shown: String,
        /// Its schema version.
        found: i64,
        /// Ours.
        known: i64,
        /// The role that owns the hub.
        owner: String,
    },
    /// The database is not a plp hub.
    #[error("{shown} is not a plp hub{hint}")]
    NotAHub {
        /// The database's URL without a password.
        shown: String,
        /// What to do, if anything.
        hint: &'static str,
    },
    /// TLS could not be set up or the server's certificate was not accepted.
    #[error("the secure connection to the hub server at {at} failed: {why}")]
    Tls {
        /// host:port.
        at: String,
        /// Why.
        why: String,
    },
    /// The hub holds something plp cannot use (in plain words).
    #[error("{0}")]
    Refused(String),
    /// The server reported something else.
    #[error("the hub server at {at} failed: {why}")]
    Server {
        /// host:port.
        at: String,
        /// The server's words, cleaned.
        why: String,
    },
    /// The local database failed.
    #[error("{0}")]
    Store(#[from] crate::store::StoreError),
}
