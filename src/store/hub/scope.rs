//! Partial replication: a replica synced by a login that may read only some students holds only
//! those, and a student who comes into the login's scope arrives whole at the next sync, though
//! their older changes lie behind this replica's cursors (they were not readable when the cursors
//! passed them).
//!
//! After each pull the hub is asked which students the login may read; those that were not
//! readable at the last sync (or, the first time, that this replica does not hold) have their
//! whole readable history fetched by student. Changes already held are passed over by id.

use crate::store::{Op, Store};
use crate::sync::{Applied, Intake, BATCH};

use super::{Hub, HubError};

/// Students whose history is fetched in one statement.
const STUDENTS_AT_ONCE: usize = 500;

impl Hub {
    /// Whether this login reads every student of the hub (an admin, a counselor of every
    /// school): nothing can then lie behind its cursors. A sync has it from [`Hub::heads`].
    pub fn reads_everything(&mut self) -> Result<bool, HubError> {
        let row = self
            .client
            .query_one("SELECT plp.reads_everything()", &[])
            .map_err(|e| self.fail(e))?;
        Ok(row.get(0))
    }

    /// Notes in the replica that this login reads only part of the hub, if it does
    /// (`everything`: whether it reads every student, as [`Hub::heads`] or
    /// [`Hub::reads_everything`] said); the replica then syncs only with the hub. Run before
    /// pulling.
    pub fn mark_partial(&mut self, store: &mut Store, everything: bool) -> Result<(), HubError> {
        if !everything {
            let name = self.name()?;
            // What it held of other copies as it became partial is all it can ever have taken
            // from them: from then on it syncs with the hub alone. A file made partial before
            // this was kept is taken to have held none.
            if store.meta(PARTIAL_FROM)?.is_none() {
                let held = match store.partial_of()? {
                    None => store.version_vector()?,
                    Some(_) => Default::default(),
                };
                let text = serde_json::to_string(&held).unwrap_or_default();
                store.set_meta(PARTIAL_FROM, &text)?;
            }
            store.set_meta(PARTIAL, &self.shown())?;
            store.set_meta(PARTIAL_HUB, &name)?;
            store.set_meta(PARTIAL_LOGIN, self.login())?;
        }
        Ok(())
    }

    /// The name this hub gave itself at its set-up (`hub_id` in `plp.meta`, schema 15).
    pub fn name(&mut self) -> Result<String, HubError> {
        if let Some(name) = &self.name {
            return Ok(name.clone());
        }
        let row = self
            .client
            .query_opt("SELECT value FROM plp.meta WHERE key = 'hub_id'", &[])
            .map_err(|e| self.fail(e))?;
        let name: String = row.map(|r| r.get(0)).ok_or_else(|| {
            HubError::Refused(format!(
                "the hub {} has no name yet; run plp hub init with its URL to bring it up to date",
                self.shown()
            ))
        })?;
        self.name = Some(name.clone());
        Ok(name)
    }

    /// Refuses, before anything is sent or taken in, a replica that holds only part of another
    /// hub, or part of this one as another login reads it. A replica made partial before hubs
    /// named themselves is known by the address it was synced with, and keeps this hub's name
    /// from then on; one made partial before its login was kept keeps the login that syncs it
    /// next.
    pub fn refuse_other_hub(&mut self, store: &mut Store) -> Result<(), HubError> {
        let Some(shown) = store.partial_of()? else {
            return Ok(());
        };
        let name = self.name()?;
        match store.meta(PARTIAL_HUB)?.filter(|s| !s.is_empty()) {
            Some(held) if held == name => {}
            None if shown == self.shown() => store.set_meta(PARTIAL_HUB, &name)?,
            _ => return Err(HubError::Refused(only_its_hub("this database", &shown))),
        }
        match store.meta(PARTIAL_LOGIN)?.filter(|s| !s.is_empty()) {
            None => Ok(store.set_meta(PARTIAL_LOGIN, self.login())?),
            Some(held) if held == self.login() => Ok(()),
            // Its log has the gaps of that login's scope and holds what that login typed about
            // students another may not write for: through another login it would take in
            // what was never its login's to read, or send what the hub refused from it.
            Some(held) => Err(HubError::Refused(format!(
                "this database holds only what login {held} may read of the hub {shown}; it \
                 syncs only as {held}, not as {login}: a copy for login {login} starts from a \
                 new file (plp --db NEW.db sync URL); nothing was changed",
                held = crate::domain::clean_line(&held),
                login = self.login(),
            ))),
        }
    }

    /// Registers this replica under this login with the school it names (the `school`
    /// setting), before its first push: a student it brings to the hub first belongs to that
    /// school. A replica known already, or a login that writes nothing, is left as it is (see
    /// [`Hub::name_school`] for one registered with no school). A
    /// school the login is not kept to is not registered (the replica then names none): the
    /// policy on registering would refuse the statement, a replica known already included.
    pub fn introduce(&mut self, replica: &str, school: Option<&str>) -> Result<(), HubError> {
        let writes: bool = self
            .client
            .query_one("SELECT has_table_privilege('plp.replicas', 'INSERT')", &[])
            .map_err(|e| self.fail(e))?
            .get(0);
        if !writes {
            return Ok(());
        }
        let school = school.map(str::trim).filter(|s| !s.is_empty());
        self.client
            .execute(
                "INSERT INTO plp.replicas (replica, school)
                 VALUES ($1, CASE WHEN plp.may_register($2) THEN $2 END)
                 ON CONFLICT (replica) DO NOTHING",
                &[&replica, &school],
            )
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    /// Gives these replicas of the login, registered with no school, the school their file
    /// names now (the `school` setting), so that a student they bring to the hub belongs to it;
    /// a replica with a school, or a school the login may not name, changes nothing. For a login
    /// that writes: one statement.
    pub fn name_school(
        &mut self,
        replicas: &[String],
        school: Option<&str>,
    ) -> Result<(), HubError> {
        let Some(school) = school.map(str::trim).filter(|s| !s.is_empty()) else {
            return Ok(());
        };
        self.client
            .execute(
                "SELECT plp.name_replica_school(r, $2) FROM unnest($1::text[]) r",
                &[&replicas, &school],
            )
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    /// Whether `replica` is carried: brought to the hub by another file, registered under the
    /// login that brought it, so that its own file may claim it. Up to which sequence number
    /// the hub holds it (what the claim's proof covers); `None` when it is not carried.
    pub fn claimable(&mut self, replica: &str) -> Result<Option<i64>, HubError> {
        let row = self
            .client
            .query_opt("SELECT held FROM plp.claimable($1)", &[&replica])
            .map_err(|e| self.fail(e))?;
        Ok(row.map(|r| r.get(0)))
    }

    /// Claims `replica`, this file's own, which another file brought to the hub first: it is
    /// then registered under this login, which adds its changes from then on. `proof` is the
    /// digest of the ids of its changes 1 to `upto` (see `Store::own_ids_digest`), which the
    /// hub compares with those it holds. Whether it was claimed now; a replica registered as a
    /// file's own, or claimed already, stays whose it is.
    pub fn claim(&mut self, replica: &str, upto: i64, proof: &str) -> Result<bool, HubError> {
        let row = self
            .client
            .query_one(
                "SELECT plp.claim_replica($1, $2, $3)",
                &[&replica, &upto, &proof],
            )
            .map_err(|e| self.fail(e))?;
        Ok(row.get(0))
    }

    /// The students this login may read now, by id, in order.
    pub fn readable_students(&mut self) -> Result<Vec<String>, HubError> {
        let rows = self
            .client
            .query(
                "SELECT s FROM plp.seen_student_ids() s ORDER BY s COLLATE \"C\"",
                &[],
            )
            .map_err(|e| self.fail(e))?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    /// Brings the whole readable history of each student who came into this login's scope
    /// since the last sync with this hub, and notes the scope for next time (`everything`:
    /// whether this login reads every student). Run after the pull by cursors.
    pub fn pull_entered(
        &mut self,
        store: &mut Store,
        everything: bool,
        other_schools: &std::collections::HashSet<String>,
    ) -> Result<Entered, HubError> {
        let key = format!("hub-scope {}", self.shown());
        if everything && store.partial_of()?.is_none() {
            return Ok(Entered::default());
        }
        // A replica once partial stays so (it may hold check-ins in their redacted form), even
        // when its login now reads everything; it still takes in what it lacks.
        let now = self.readable_students()?;
        let before = store.meta(&key)?;
        // Who was readable at the last sync and is not now (moved to another advisor or
        // school, or taken off a teacher's list), this file holding them.
        let mut left = Vec::new();
        if let Some(list) = before.as_deref().filter(|l| *l != "*") {
            let now: std::collections::HashSet<&str> = now.iter().map(String::as_str).collect();
            for s in list.lines().filter(|s| !s.is_empty() && !now.contains(s)) {
                if store.student_exists(s)? {
                    left.push(s.to_string());
                }
            }
        }
        let entered: Vec<String> = match before.as_deref() {
            Some(list) if list != "*" => {
                let was: std::collections::HashSet<&str> = list.lines().collect();
                now.iter()
                    .filter(|s| !was.contains(s.as_str()))
                    .cloned()
                    .collect()
            }
            _ => {
                let mut out = Vec::new();
                for s in &now {
                    if !store.student_exists(s)? {
                        out.push(s.clone());
                    }
                }
                out
            }
        };
        let mut intake = Intake::partial();
        // Another school's child under one of this file's ids is refused here too.
        intake.guard_other_schools(other_schools.clone());
        for some in entered.chunks(STUDENTS_AT_ONCE) {
            self.fetch_students(store, &mut intake, some, None)?;
        }
        store.set_meta(&key, &now.join("\n"))?;
        let Applied { new, refused } = intake.finish();
        Ok(Entered {
            new,
            refused,
            left,
            readable: Some(now.len()),
        })
    }

    /// Brings back, for a copy whose login reads restricted material again (a teacher's login
    /// made a counselor's, an advisor's that was a teacher's for a while), what it held of its
    /// students without it: every readable change of every student it reads is fetched; those
    /// the file lacks are taken in, and those it holds in another form (redacted as a teacher
    /// was handed them) are written back whole, each checked as every received change is, and
    /// the tables rebuilt once. Returns (changes new here, changes written back whole).
    pub fn restore_widened(&mut self, store: &mut Store) -> Result<(Applied, usize), HubError> {
        let students = self.readable_students()?;
        let mut intake = Intake::partial();
        let mut whole = Vec::new();
        for some in students.chunks(STUDENTS_AT_ONCE) {
            self.fetch_students(store, &mut intake, some, Some(&mut whole))?;
        }
        let applied = intake.finish();
        let restored = store.restore_values(&whole)?;
        Ok((applied, restored))
    }

    /// Takes in every readable change about these students, a batch at a time; with `whole`,
    /// also collects each change the file holds under the same id with another value (checked
    /// as a received change is, else passed over).
    fn fetch_students(
        &mut self,
        store: &mut Store,
        intake: &mut Intake,
        students: &[String],
        mut whole: Option<&mut Vec<Op>>,
    ) -> Result<(), HubError> {
        let students = students.to_vec();
        let (mut replica, mut seq) = (String::new(), 0i64);
        let sql = if self.reads_tables()? {
            "SELECT replica, seq, id, hlc, author, entity, entity_id, field, value, base
             FROM plp.readable_changes
             WHERE student_id = ANY ($1) AND (replica, seq) > ($2, $3)
             ORDER BY replica, seq LIMIT $4"
        } else {
            "SELECT replica, seq, id, hlc, author, entity, entity_id, field, value, base
             FROM plp.seen_changes($2, $3, $1, $4)"
        };
        loop {
            let rows = self
                .client
                .query(sql, &[&students, &replica, &seq, &(BATCH as i64)])
                .map_err(|e| self.fail(e))?;
            let Some(last) = rows.last() else {
                return Ok(());
            };
            replica = last.get(0);
            seq = last.get(1);
            let full = rows.len() == BATCH;
            let ops: Vec<Op> = rows.iter().map(op_from_row).collect::<Result<_, _>>()?;
            if let Some(whole) = whole.as_deref_mut() {
                for op in &ops {
                    // Only a check-in's first record held in the form the hub redacts it
                    // to: any other change held under the same id is the file's to keep.
                    if op.entity != "checkin" || op.field != "*" {
                        continue;
                    }
                    let held = store.held_value(&op.id)?;
                    if held.is_some_and(|v| crate::store::withheld::is_redaction_of(&v, &op.value))
                        && crate::sync::validate::op(op).is_ok()
                    {
                        whole.push(op.clone());
                    }
                }
            }
            intake.take(store, ops)?;
            if !full {
                return Ok(());
            }
        }
    }
}

/// What a sync's look at the login's scope did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entered {
    /// Changes of students who came into the scope, new here and applied.
    pub new: usize,
    /// One sentence for each replica whose changes were refused from some point on.
    pub refused: Vec<String>,
    /// Students (by id) readable at the last sync and not now, whom this file holds.
    pub left: Vec<String>,
    /// How many students the login may read now, where it reads only some.
    pub readable: Option<usize>,
}

/// Marks a replica that holds only part of a hub (the hub's address; empty when whole).
pub const PARTIAL: &str = "hub-partial";

/// The name of the hub a partial replica holds part of (see [`Hub::name`]).
const PARTIAL_HUB: &str = "hub-partial-name";

/// The login a partial replica holds the part of the hub of: it syncs only as that login.
const PARTIAL_LOGIN: &str = "hub-partial-login";

/// What a partial replica held of each replica as it became partial (its version vector then).
const PARTIAL_FROM: &str = "hub-partial-from";

/// Why a replica holding only part of the hub at `hub` syncs with nothing else.
fn only_its_hub(which: &str, hub: &str) -> String {
    format!(
        "{which} holds only what its login may read of the hub {hub}; it syncs only with that \
         hub (plp sync {hub}); nothing was changed"
    )
}

impl Store {
    /// The hub this replica holds only part of, if it does: it must then sync only with it.
    pub fn partial_of(&self) -> crate::store::Result<Option<String>> {
        Ok(self.meta(PARTIAL)?.filter(|s| !s.is_empty()))
    }

    /// For a partial replica, how far it held each replica when it became partial: of another
    /// copy's changes, only those up to there can have come from anywhere but its hub. `None`
    /// for a whole replica.
    pub fn held_when_partial(
        &self,
    ) -> crate::store::Result<Option<std::collections::BTreeMap<String, i64>>> {
        if self.partial_of()?.is_none() {
            return Ok(None);
        }
        Ok(Some(
            self.meta(PARTIAL_FROM)?
                .and_then(|t| serde_json::from_str(&t).ok())
                .unwrap_or_default(),
        ))
    }

    /// Fills the connection's `temp.left_scope` with the students this partial copy's login
    /// could no longer read at its last sync (see [`Store::left_hub_scope`]): the caseload,
    /// its counts and the reports leave them out, as the hub's reports for that login do.
    /// Empty for a whole copy. Returns how many there are.
    pub(crate) fn refresh_left_scope(&self) -> crate::store::Result<usize> {
        self.conn.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS left_scope (id TEXT PRIMARY KEY) WITHOUT ROWID;
             DELETE FROM temp.left_scope;",
        )?;
        let Some(hub) = self.partial_of()? else {
            return Ok(0);
        };
        let Some(list) = self.meta(&format!("hub-scope {hub}"))? else {
            return Ok(0);
        };
        if list == "*" {
            return Ok(0);
        }
        let scope: std::collections::HashSet<&str> = list.lines().collect();
        let ids: Vec<String> = {
            let mut stmt = self.conn.prepare_cached("SELECT id FROM students")?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let mut left = 0;
        for id in ids.iter().filter(|id| !scope.contains(id.as_str())) {
            if !self.made_here_since_sent(id)? {
                self.conn
                    .execute("INSERT OR IGNORE INTO temp.left_scope VALUES (?1)", [id])?;
                left += 1;
            }
        }
        Ok(left)
    }

    /// Whether this file's hub login could no longer read (so no longer write for) the student
    /// `student_id` at its last sync with its hub: their advisor or school changed there, or
    /// they left a teacher's list. What is typed about them then stays in this file. A student
    /// made here since that sync, not at the hub yet, is this file's to send.
    pub fn left_hub_scope(&self, student_id: &str) -> crate::store::Result<bool> {
        let Some(hub) = self.partial_of()? else {
            return Ok(false);
        };
        let Some(list) = self.meta(&format!("hub-scope {hub}"))? else {
            return Ok(false);
        };
        if list == "*" || list.lines().any(|s| s == student_id) {
            return Ok(false);
        }
        Ok(!self.made_here_since_sent(student_id)?)
    }

    /// Refuses a sync other than with its hub for a replica that holds only part of the hub: its
    /// log has gaps and its restricted check-ins are redacted, which another replica must never
    /// take for the whole.
    pub fn refuse_if_partial(&self, which: &str) -> crate::store::Result<()> {
        match self.partial_of()? {
            None => Ok(()),
            Some(hub) => Err(crate::store::StoreError::Invalid(
                crate::domain::ValidationError::new(only_its_hub(which, &hub)),
            )),
        }
    }
}

/// A change as the hub keeps it.
fn op_from_row(r: &postgres::Row) -> Result<Op, HubError> {
    let id: String = r.get(2);
    let bad = |what: &str| {
        HubError::Refused(format!(
            "change {} on the hub has {what}; it was not taken in",
            crate::domain::clean_line(&id)
                .chars()
                .take(80)
                .collect::<String>()
        ))
    };
    let value: String = r.get(8);
    let base: String = r.get(9);
    Ok(Op {
        replica: r.get(0),
        seq: r.get(1),
        id: id.clone(),
        hlc: r.get(3),
        author: r.get(4),
        entity: r.get(5),
        entity_id: r.get(6),
        field: r.get(7),
        value: serde_json::from_str(&value).map_err(|_| bad("a value that is not JSON"))?,
        base: serde_json::from_str(&base).map_err(|_| bad("a base that is not a list of ids"))?,
    })
}
