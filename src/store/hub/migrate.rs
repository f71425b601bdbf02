//! The hub's schema, versioned: each migration runs once, those one `plp hub init` runs all in
//! one transaction, and the version reached is kept in `plp.meta`. A hub of a newer schema than this plp knows is left
//! alone.

use super::{Hub, HubError};

/// Every migration, in order: (the schema version it brings the hub to, its SQL).
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("sql/0001_log.sql")),
    (2, include_str!("sql/0002_access.sql")),
    (3, include_str!("sql/0003_views.sql")),
    (4, include_str!("sql/0004_heads.sql")),
    (5, include_str!("sql/0005_reports.sql")),
    (6, include_str!("sql/0006_counts.sql")),
    (7, include_str!("sql/0007_scoped_push.sql")),
    (8, include_str!("sql/0008_report_tallies.sql")),
    (9, include_str!("sql/0009_bulk_push.sql")),
    (10, include_str!("sql/0010_batch_upkeep.sql")),
    (11, include_str!("sql/0011_report_upkeep.sql")),
    (12, include_str!("sql/0012_advisor_school.sql")),
    (13, include_str!("sql/0013_guarded_reads.sql")),
    (14, include_str!("sql/0014_owned_logins.sql")),
    (15, include_str!("sql/0015_hub_name.sql")),
    (16, include_str!("sql/0016_next_date_told.sql")),
    (17, include_str!("sql/0017_scoped_status_stamps.sql")),
    (18, include_str!("sql/0018_removed_logins.sql")),
    (19, include_str!("sql/0019_claimed_replicas.sql")),
    (20, include_str!("sql/0020_known_logins.sql")),
    (21, include_str!("sql/0021_plain_logins.sql")),
    (22, include_str!("sql/0022_login_records.sql")),
    (23, include_str!("sql/0023_other_hubs_logins.sql")),
    (24, include_str!("sql/0024_replica_school_later.sql")),
    (25, include_str!("sql/0025_other_children.sql")),
    (26, include_str!("sql/0026_school_reports.sql")),
    (27, include_str!("sql/0027_login_scope.sql")),
    (28, include_str!("sql/0028_creations_that_say_nothing.sql")),
];

/// The hub schema version this plp makes and uses.
pub const KNOWN_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].0;

/// The SQL of each migration up to schema `version`, in order, as `plp hub init` runs them
/// (to make a hub of an earlier schema and see that it is brought up to this one).
pub fn migrations_to(version: i64) -> impl Iterator<Item = &'static str> {
    MIGRATIONS
        .iter()
        .take_while(move |(v, _)| *v <= version)
        .map(|(_, sql)| *sql)
}

/// Any number, the same for every plp: only one `plp hub init` changes a hub at a time.
const INIT_LOCK: i64 = 0x0070_6c70_5f68_7562;

/// What `plp hub init` did: the schema version found, and the one left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Initialised {
    /// 0 for a database that was no hub yet.
    pub from: i64,
    /// The version now.
    pub to: i64,
}

impl Hub {
    /// The hub's schema version: `None` when the database holds no plp hub, an error when it
    /// holds a `plp` schema that plp did not make.
    pub fn schema_version(&mut self) -> Result<Option<i64>, HubError> {
        // A hub answers in one round trip; only a database without the table is looked at
        // further (an error outside a transaction changes nothing).
        match self.client.query_opt(
            "SELECT value FROM plp.meta WHERE key = 'schema_version'",
            &[],
        ) {
            // The table is there: a hub's, or not a hub if it names no version.
            Ok(Some(row)) => {
                return match row.try_get::<_, String>(0).map(|v| v.parse::<i64>()) {
                    Ok(Ok(v)) => Ok(Some(v)),
                    _ => Err(self.not_a_hub()),
                };
            }
            Ok(None) => return Err(self.not_a_hub()),
            // A `plp.meta` of another's making, without plp's columns.
            Err(e)
                if e.code() == Some(&postgres::error::SqlState::UNDEFINED_COLUMN)
                    || e.code() == Some(&postgres::error::SqlState::UNDEFINED_FUNCTION) =>
            {
                return Err(self.not_a_hub());
            }
            Err(e) => {
                let missing = e.code().is_some_and(|c| {
                    *c == postgres::error::SqlState::UNDEFINED_TABLE
                        || *c == postgres::error::SqlState::INVALID_SCHEMA_NAME
                });
                if !missing {
                    return Err(self.fail(e));
                }
            }
        }
        // No table: no hub at all, unless a `plp` schema that plp did not make is there.
        let schema: bool = self
            .client()
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'plp')",
                &[],
            )
            .map_err(|e| self.fail(e))?
            .get(0);
        if schema {
            Err(self.not_a_hub())
        } else {
            Ok(None)
        }
    }

    fn not_a_hub(&self) -> HubError {
        HubError::NotAHub {
            shown: self.shown(),
            hint: " (it has a plp schema that plp did not make); nothing was changed",
        }
    }

    /// Refuses a hub that is missing, newer, or older than this plp.
    pub fn check_version(&mut self) -> Result<i64, HubError> {
        match self.schema_version()? {
            // Only the database's owner (or a superuser) can make the hub: anyone else most
            // likely named another database than the hub's.
            None if !self.may_make_hub() => Err(HubError::NotAHub {
                shown: self.shown(),
                hint: ": this database holds no hub; check the database name in the URL (a hub \
                       is made by the database's owner with plp hub init)",
            }),
            None => Err(HubError::NotAHub {
                shown: self.shown(),
                hint: " yet: run plp hub init with its URL first",
            }),
            Some(v) if v > KNOWN_VERSION => Err(HubError::Newer {
                shown: self.shown(),
                found: v,
                known: KNOWN_VERSION,
            }),
            Some(v) if v < KNOWN_VERSION => Err(self.older(v)),
            Some(v) => Ok(v),
        }
    }

    /// What a hub at schema `found`, older than this plp, is to the login: one to upgrade, told
    /// to its owner, or one its owner upgrades, told to anyone else with the owner named.
    fn older(&mut self, found: i64) -> HubError {
        match self.hub_owner() {
            Some((owner, false)) => HubError::OlderForOwner {
                shown: self.shown(),
                found,
                known: KNOWN_VERSION,
                owner,
            },
            _ => HubError::Older {
                shown: self.shown(),
                found,
                known: KNOWN_VERSION,
            },
        }
    }

    /// The role that owns the hub (its schema), and whether this login may act as it (that
    /// role, a member of it, or a superuser), from the catalog; `None` when it cannot be told.
    fn hub_owner(&mut self) -> Option<(String, bool)> {
        let row = self
            .client
            .query_opt(
                "SELECT pg_get_userbyid(n.nspowner)::text,
                        pg_has_role(current_user, n.nspowner, 'MEMBER')
                        OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
                 FROM pg_namespace n WHERE n.nspname = 'plp'",
                &[],
            )
            .ok()??;
        Some((row.get(0), row.get::<_, Option<bool>>(1).unwrap_or(true)))
    }

    /// Whether this login may make a hub in this database: its owner (or a member of the
    /// owning role) or a superuser. When it cannot be told, it is taken that it may.
    fn may_make_hub(&mut self) -> bool {
        self.client()
            .query_one(
                "SELECT pg_has_role(current_user, d.datdba, 'MEMBER') \
                     OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) \
                 FROM pg_database d WHERE d.datname = current_database()",
                &[],
            )
            .ok()
            .and_then(|row| row.get::<_, Option<bool>>(0))
            .unwrap_or(true)
    }

    /// Creates the hub schema in this database, or brings it to this plp's version: every
    /// migration it lacks, in one transaction, so that the hub is left at this version or as it
    /// was. Running it again changes nothing.
    pub fn init(&mut self) -> Result<Initialised, HubError> {
        // A login in none of plp's groups may read nothing of a hub there is, not even its
        // version: told so before it is asked.
        self.refuse_stranger()?;
        let from = self.schema_version()?.unwrap_or(0);
        if from > KNOWN_VERSION {
            return Err(HubError::Newer {
                shown: self.shown(),
                found: from,
                known: KNOWN_VERSION,
            });
        }
        if from == KNOWN_VERSION {
            return Ok(Initialised { from, to: from });
        }
        if from > 0 {
            if let err @ HubError::OlderForOwner { .. } = self.older(from) {
                return Err(err);
            }
        } else {
            self.must_make_schemas()?;
        }
        self.must_have_groups()?;
        let from = self.migrate()?;
        Ok(Initialised {
            from,
            to: KNOWN_VERSION,
        })
    }

    /// Refuses, in one sentence naming the database's owner, a new hub by a login that may not
    /// make its schema in this database.
    fn must_make_schemas(&mut self) -> Result<(), HubError> {
        let row = self
            .client
            .query_one(
                "SELECT has_database_privilege(current_database(), 'CREATE'),
                        current_database()::text, pg_get_userbyid(d.datdba)::text
                 FROM pg_database d WHERE d.datname = current_database()",
                &[],
            )
            .map_err(|e| self.fail(e))?;
        if row.get(0) {
            return Ok(());
        }
        let (db, owner): (String, String) = (row.get(1), row.get(2));
        let login = &self.target.user;
        Err(HubError::Refused(format!(
            "login {login} may not make a hub in the database {db}: a hub is made by the \
             database's owner, {owner}, with plp hub init, or {owner} lets {login} make one \
             (GRANT CREATE ON DATABASE {db} TO {login}); nothing was changed"
        )))
    }

    /// Refuses, in one sentence, an init that would have to make plp's group roles (the first
    /// hub on this server) by a login that may not make roles.
    fn must_have_groups(&mut self) -> Result<(), HubError> {
        let found: i64 = self
            .client
            .query_one(
                "SELECT count(*) FROM pg_roles WHERE rolname = ANY ($1)",
                &[&super::GROUPS.to_vec()],
            )
            .map_err(|e| self.fail(e))?
            .get(0);
        if found == super::GROUPS.len() as i64 || self.may_make_roles()? {
            return Ok(());
        }
        Err(HubError::Refused(format!(
            "{}; nothing was changed",
            super::logins::may_not_make_roles(&self.target.user)
        )))
    }

    /// Runs every migration the hub lacks in one transaction (under a lock, the version looked
    /// at again, so that two inits at once do it once); the version it found.
    fn migrate(&mut self) -> Result<i64, HubError> {
        let shown = self.shown();
        let target = self.target.clone();
        let fail = |e: postgres::Error| target.classify(e);
        let mut tx = self.client.transaction().map_err(fail)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&INIT_LOCK])
            .map_err(fail)?;
        let row = tx
            .query_one("SELECT to_regclass('plp.meta') IS NOT NULL", &[])
            .map_err(fail)?;
        let current: i64 = if row.get(0) {
            tx.query_one(
                "SELECT value::bigint FROM plp.meta WHERE key = 'schema_version'",
                &[],
            )
            .map_err(fail)?
            .get(0)
        } else {
            tx.batch_execute(
                "CREATE SCHEMA plp;
                 CREATE TABLE plp.meta (key text PRIMARY KEY, value text NOT NULL);
                 INSERT INTO plp.meta VALUES ('schema_version', '0');
                 GRANT USAGE ON SCHEMA plp TO PUBLIC;
                 GRANT SELECT ON plp.meta TO PUBLIC;",
            )
            .map_err(fail)?;
            0
        };
        if current > KNOWN_VERSION {
            return Err(HubError::Newer {
                shown,
                found: current,
                known: KNOWN_VERSION,
            });
        }
        for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > current) {
            tx.batch_execute(sql).map_err(fail)?;
            tx.execute(
                "UPDATE plp.meta SET value = $1 WHERE key = 'schema_version'",
                &[&version.to_string()],
            )
            .map_err(fail)?;
        }
        tx.commit().map_err(fail)?;
        Ok(current)
    }
}
