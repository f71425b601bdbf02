//! Sending changes to the hub: what it holds of each replica, and a batch of changes added in
//! one transaction (the replicas they come from registered first), so that a push cut short
//! keeps every batch that finished and the next push goes on from there.

use super::{Hub, HubError};
use crate::store::{Op, OpText};

const INSERT_COLUMNS: &str =
    "replica, seq, id, hlc, author, entity, entity_id, field, value, base, student_id";

/// What the hub holds of one replica, as this login may know it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    /// The replica.
    pub replica: String,
    /// Whether this login may add changes to it (its own, or any for a login that row-level
    /// security does not bind); a push leaves other replicas to their own logins.
    pub writes: bool,
    /// The highest sequence number the hub holds of it, over every row (for a replica this
    /// login writes, or any for an admin): where a push goes on from.
    pub held: Option<i64>,
    /// The highest this login may read: where a pull goes on from (the last row it is shown
    /// there, never one it may not read).
    pub readable: Option<i64>,
}

impl Head {
    /// Where this login's sync goes on from in this replica: for one it writes, the highest
    /// sequence number held over every row (those below it are held too: every batch lands
    /// whole and in order); for another, the highest it may read.
    pub fn cursor(&self) -> Option<i64> {
        if self.writes {
            self.held
        } else {
            self.readable
        }
    }
}

/// What a sync asks the hub first, in one round trip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heads {
    /// Whether this login reads every student of the hub (nothing can then lie behind its
    /// cursors; see [`Hub::pull_entered`]).
    pub everything: bool,
    /// What the hub holds of each replica it tells this login of: every one for an admin; for
    /// a scoped login, its own and those it reads rows of.
    pub replicas: Vec<Head>,
}

impl Hub {
    /// What the hub holds of each replica it knows, read from the heads it keeps as changes are
    /// added (never by reading the log), and whether this login reads every student.
    pub fn heads(&mut self) -> Result<Heads, HubError> {
        let rows = self
            .client()
            .query(
                "SELECT e.everything, h.replica, h.writes, h.held, h.readable
                 FROM (SELECT plp.reads_everything() AS everything) e
                 LEFT JOIN plp.sync_heads() h ON true",
                &[],
            )
            .map_err(|e| self.fail(e))?;
        Ok(Heads {
            everything: rows.first().is_some_and(|r| r.get(0)),
            replicas: rows
                .iter()
                .filter_map(|r| {
                    Some(Head {
                        replica: r.get::<_, Option<String>>(1)?,
                        writes: r.get(2),
                        held: r.get(3),
                        readable: r.get(4),
                    })
                })
                .collect(),
        })
    }

    /// Has the server count what its tables hold now (`ANALYZE`, through a function of the
    /// hub's owner), so that it plans by what a push has just added rather than by what it
    /// counted before.
    pub fn count_rows(&mut self) -> Result<(), HubError> {
        self.client()
            .execute("SELECT plp.count_rows()", &[])
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    /// After the hub refused `value`, a change of `replica` about `student`: the school the hub
    /// holds that student at, when this file's student is another child under the same SIS id
    /// (a record made with names that share no word with the hub's, at another school), which
    /// the hub then notes so that nothing more about it is taken from this file's school; `None`
    /// when the change was refused for another reason (the login may not write for them).
    pub fn note_other_child(
        &mut self,
        student: &str,
        replica: &str,
        value: &str,
    ) -> Result<Option<String>, HubError> {
        let row = self
            .client()
            .query_one(
                "SELECT plp.note_other_child($1, $2, $3)",
                &[&student, &replica, &value],
            )
            .map_err(|e| self.fail(e))?;
        Ok(row.get(0))
    }

    /// Whether this login may add changes to the hub at all (a teacher's may not).
    pub fn may_add(&mut self) -> Result<bool, HubError> {
        let row = self
            .client()
            .query_one("SELECT has_table_privilege('plp.changes', 'INSERT')", &[])
            .map_err(|e| self.fail(e))?;
        Ok(row.get(0))
    }

    /// The login this connection is made as.
    pub fn login(&self) -> &str {
        &self.target.user
    }

    /// Which of `replicas` the hub holds under another login already, learned by registering
    /// them in a transaction that is rolled back (nothing the login may not read is read, and
    /// nothing is kept): each one the hub does not take as new is another login's, since
    /// [`Hub::heads`] names every replica of this login's own. Give only replicas the heads do
    /// not name.
    pub fn held_by_others(&mut self, replicas: &[String]) -> Result<Vec<String>, HubError> {
        if replicas.is_empty() {
            return Ok(Vec::new());
        }
        let probe = (|| -> Result<Vec<String>, postgres::Error> {
            let mut tx = self.client.transaction()?;
            let rows = tx.query(
                "INSERT INTO plp.replicas (replica) SELECT unnest($1::text[])
                 ON CONFLICT (replica) DO NOTHING RETURNING replica",
                &[&replicas],
            )?;
            tx.rollback()?;
            let new: std::collections::HashSet<String> =
                rows.iter().map(|r| r.get::<_, String>(0)).collect();
            Ok(replicas
                .iter()
                .filter(|r| !new.contains(*r))
                .cloned()
                .collect())
        })();
        probe.map_err(|e| self.fail(e))
    }

    /// Registers the replicas pushes carry (other files' changes this file holds, which the
    /// hub does not know yet) with `school`, the pushing file's: a school's server carries its
    /// laptops' changes, and a student one of them added belongs to that school, as the
    /// server's own do. None leaves their school unknown.
    pub fn carry_as(&mut self, school: Option<&str>) {
        self.carried_school = school
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string);
    }

    /// Adds `ops` (with the student each one's record belongs to, `""` when not known here) in
    /// one transaction, registering replicas the hub does not know yet. Changes the hub holds
    /// already change nothing. Returns how many were new.
    pub fn push_batch(&mut self, ops: &[Op], students: &[String]) -> Result<usize, HubError> {
        let rows = Rows::new(ops, students.to_vec());
        let school = self.carried_school.clone();
        insert_batch(&mut self.client, &rows, 0, rows.len(), school.as_deref())
            .map_err(|e| self.fail(e))
    }

    /// Adds what the hub takes of `rows` as [`Hub::push_batch`] does, up to the first change it
    /// refuses to take from this login (about a student the login may not write): the batch is
    /// halved until that change stands alone, every earlier part that is taken in its own
    /// transaction, in order, so that the hub holds the changes before it without a gap. A
    /// batch with nothing refused costs one transaction, as before.
    pub fn push_what_it_takes(&mut self, rows: &Rows) -> Result<Taken, HubError> {
        let mut taken = Taken::default();
        let school = self.carried_school.clone();
        let mut runs = vec![(0, rows.len())];
        // Runs are taken from the end of the list: the earliest first.
        while let Some((from, to)) = runs.pop() {
            match insert_batch(&mut self.client, rows, from, to, school.as_deref()) {
                Ok(new) => taken.new += new,
                Err(e) if refused_row(&e) => {
                    // A refusal that names its change (another child, hub schema 25) is found
                    // at once; one by row-level security, by halving the run.
                    let named = named_change(&e).and_then(|(replica, seq)| {
                        (from..to).find(|&i| rows.seq[i] == seq && rows.replica[i] == replica)
                    });
                    if to - from == 1 || named == Some(from) {
                        taken.refused = Some(from);
                        break;
                    }
                    let cut = named.unwrap_or(from + (to - from) / 2);
                    runs.push((cut, to));
                    runs.push((from, cut));
                }
                Err(e) => return Err(self.fail(e)),
            }
        }
        Ok(taken)
    }
}

/// A batch of changes as the hub's log takes them, a column each (values and bases as the
/// JSON text the hub keeps): what a push holds of a batch once it is read, instead of the
/// changes with their values parsed.
#[derive(Debug, Clone, Default)]
pub struct Rows {
    /// The replica of each change.
    pub replica: Vec<String>,
    /// Its sequence number there.
    pub seq: Vec<i64>,
    id: Vec<String>,
    hlc: Vec<String>,
    author: Vec<String>,
    entity: Vec<String>,
    entity_id: Vec<String>,
    field: Vec<String>,
    /// Each change's value, as the JSON text the log keeps.
    pub value: Vec<String>,
    base: Vec<String>,
    /// The student each change's record belongs to (`""` when not known).
    pub student: Vec<String>,
}

impl Rows {
    /// The rows of `ops`, with the student of each.
    pub fn new(ops: &[Op], student: Vec<String>) -> Rows {
        let texts = ops
            .iter()
            .map(|o| o.clone().map_value(|v| v.to_string()))
            .collect();
        Rows::from_texts(texts, student)
    }

    /// The rows of `ops`, read with their values as text, with the student of each: the
    /// changes' strings become the rows' own, nothing parsed or copied.
    pub fn from_texts(ops: Vec<OpText>, student: Vec<String>) -> Rows {
        let mut rows = Rows {
            student,
            ..Rows::default()
        };
        for o in ops {
            rows.replica.push(o.replica);
            rows.seq.push(o.seq);
            rows.id.push(o.id);
            rows.hlc.push(o.hlc);
            rows.author.push(o.author);
            rows.entity.push(o.entity);
            rows.entity_id.push(o.entity_id);
            rows.field.push(o.field);
            rows.value.push(o.value);
            rows.base
                .push(serde_json::to_string(&o.base).unwrap_or_default());
        }
        rows
    }

    /// How many changes.
    pub fn len(&self) -> usize {
        self.seq.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.seq.is_empty()
    }
}

/// What the hub took of a batch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Taken {
    /// How many changes were new to it.
    pub new: usize,
    /// The place in the batch of the change it refused to take from this login, if it refused
    /// one: nothing after it was sent.
    pub refused: Option<usize>,
}

/// Whether the server refused a row by its row-level security (the login may not add it) or as
/// another child under a student it holds (`PLP01`, hub schema 25), as opposed to failing.
fn refused_row(e: &postgres::Error) -> bool {
    e.as_db_error().is_some_and(|db| {
        (*db.code() == postgres::error::SqlState::INSUFFICIENT_PRIVILEGE
            && db.message().contains("row-level security"))
            || db.code().code() == "PLP01"
    })
}

/// The change a refusal as another child names in its detail (`replica seq`, hub schema 25).
/// `PLP_HUB_HALVE=on` passes it over, so that the refused change is found by halving as one
/// refused by row-level security is (the benchmark compares the two).
fn named_change(e: &postgres::Error) -> Option<(String, i64)> {
    if std::env::var("PLP_HUB_HALVE").is_ok_and(|v| v.trim() == "on") {
        return None;
    }
    let db = e.as_db_error().filter(|db| db.code().code() == "PLP01")?;
    let (replica, seq) = db.detail()?.rsplit_once(' ')?;
    Some((replica.to_string(), seq.parse().ok()?))
}

/// One INSERT of rows `from..to` of `rows`, their columns given as arrays (`unnest`), in one
/// transaction with the registration of replicas the hub does not know yet (as carried, with
/// `school`). Measured beside
/// COPY into a temporary table and an INSERT from it, it was as fast (the server's work per row
/// dominates either way) and is one statement instead of three.
fn insert_batch(
    client: &mut postgres::Client,
    rows: &Rows,
    from: usize,
    to: usize,
    school: Option<&str>,
) -> Result<usize, postgres::Error> {
    let mut replicas: Vec<&str> = rows.replica[from..to].iter().map(String::as_str).collect();
    replicas.sort_unstable();
    replicas.dedup();
    let mut tx = client.transaction()?;
    // A replica registered here is another file's that this one carries (this file's own was
    // registered before its first push, see [`Hub::introduce`]): that file claims it at its
    // own first sync (see [`Hub::claim`]). It takes this file's school where the login may
    // register one there, else none (a school the login is not kept to would refuse the whole
    // statement, rows already registered included).
    tx.execute(
        "INSERT INTO plp.replicas (replica, school, carried)
         SELECT unnest($1::text[]), CASE WHEN plp.may_register($2) THEN $2 END, true
         ON CONFLICT (replica) DO NOTHING",
        &[&replicas, &school],
    )?;
    let new = tx.execute(
        &format!(
            "INSERT INTO plp.changes ({INSERT_COLUMNS})
             SELECT * FROM unnest($1::text[], $2::int8[], $3::text[], $4::text[],
                 $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                 $10::text[], $11::text[])
             ON CONFLICT DO NOTHING"
        ),
        &[
            &&rows.replica[from..to],
            &&rows.seq[from..to],
            &&rows.id[from..to],
            &&rows.hlc[from..to],
            &&rows.author[from..to],
            &&rows.entity[from..to],
            &&rows.entity_id[from..to],
            &&rows.field[from..to],
            &&rows.value[from..to],
            &&rows.base[from..to],
            &&rows.student[from..to],
        ],
    )?;
    tx.commit()?;
    Ok(new as usize)
}
