//! The statements a write runs for each change it takes in, prepared once for the write and
//! kept at hand: taking one from the connection's cache hashes its whole text twice (to find it,
//! and to put it back), which for a bulk intake cost more than binding its values.

use rusqlite::{CachedStatement, Connection};

use super::Result;

/// Statements prepared on one connection, found again by the text they were prepared from.
pub(super) struct Statements<'c> {
    conn: &'c Connection,
    /// Each statement beside where its text lies and how long it is: the texts are constants
    /// of the program, so the same text is always at the same place.
    held: Vec<((usize, usize), CachedStatement<'c>)>,
}

impl<'c> Statements<'c> {
    /// None held yet, on `conn`.
    pub(super) fn new(conn: &'c Connection) -> Statements<'c> {
        Statements {
            conn,
            held: Vec::new(),
        }
    }

    /// The statement for `sql`, prepared the first time it is asked for.
    pub(super) fn get(&mut self, sql: &'static str) -> Result<&mut CachedStatement<'c>> {
        let key = (sql.as_ptr() as usize, sql.len());
        let at = match self.held.iter().position(|(k, _)| *k == key) {
            Some(at) => at,
            None => {
                self.held.push((key, self.conn.prepare_cached(sql)?));
                self.held.len() - 1
            }
        };
        Ok(&mut self.held[at].1)
    }

    /// The connection the statements run on.
    pub(super) fn conn(&self) -> &'c Connection {
        self.conn
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_statement_is_prepared_once_and_found_again() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (n INTEGER)").unwrap();
        let mut s = Statements::new(&conn);
        const INSERT: &str = "INSERT INTO t VALUES (?1)";
        for n in 0..3 {
            s.get(INSERT).unwrap().execute([n]).unwrap();
        }
        let count: i64 = s
            .get("SELECT count(*) FROM t")
            .unwrap()
            .query_row([], |r| r.get(0))
            .unwrap();
        assert_eq!((count, s.held.len()), (3, 2));
    }
}
