//! A file that syncs through a hub login that only reads (a teacher's): nothing made in it
//! could ever reach anyone, so it takes in what the hub sends and makes no change of its own.
//! The hub sync notes the login here each time it finds the login may add nothing (and takes
//! the note away when it may), and every write of this file's own changes is refused with one
//! sentence, before anything is typed in the app.

use super::{Result, Store};

/// The meta key: the login this file syncs through, when that login only reads.
const KEY: &str = "hub login reads only";

/// The sentence for a file that syncs through `login`, which only reads the hub (short enough
/// for the app's status line at 80 columns).
fn sentence(login: &str) -> String {
    format!(
        "login {} only reads the hub: nothing can be written here",
        crate::domain::clean_line(login)
    )
}

impl Store {
    /// Notes whether this file syncs through a login that only reads the hub (`Some(login)`)
    /// or through one that may add changes (`None`).
    pub fn set_reading_copy(&mut self, login: Option<&str>) -> Result<()> {
        match login {
            Some(login) => self.set_meta(KEY, login)?,
            None => {
                if self.reading_copy.is_some() || self.meta(KEY)?.is_some() {
                    self.conn
                        .prepare_cached("DELETE FROM meta WHERE key = ?1")?
                        .execute([KEY])?;
                }
            }
        }
        self.reading_copy = login.map(sentence);
        Ok(())
    }

    /// Why this file makes no change of its own, if it is a reading copy of the hub (as found
    /// when it was opened, or by this process's last hub sync).
    pub fn reading_copy(&self) -> Option<&str> {
        self.reading_copy.as_deref()
    }

    /// Why nothing can be written in this file, if anything: it cannot be written at all, or it
    /// is a reading copy of the hub.
    pub fn writes_refused(&self) -> Option<String> {
        self.read_only_reason()
            .or(self.reading_copy())
            .map(str::to_string)
    }
}

/// In a write's transaction: why this file makes no change of its own, if it is a reading copy.
pub(super) fn refusal(tx: &rusqlite::Connection) -> Result<Option<String>> {
    use rusqlite::OptionalExtension;
    Ok(tx
        .prepare_cached("SELECT value FROM meta WHERE key = ?1")?
        .query_row([KEY], |r| r.get::<_, String>(0))
        .optional()?
        .map(|login| sentence(&login)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::StoreError;

    #[test]
    fn a_reading_copy_takes_no_change_of_its_own_until_its_login_may_write() {
        let mut s = Store::in_memory().unwrap();
        let student = crate::store::test_support::student("1");
        s.set_reading_copy(Some("t_jones")).unwrap();
        let e = s.write(|w| w.add_student(&student)).unwrap_err();
        assert!(matches!(e, StoreError::ReadingCopy(_)), "{e}");
        assert_eq!(
            e.to_string(),
            "login t_jones only reads the hub: nothing can be written here, so nothing was \
             changed"
        );
        assert_eq!(s.op_count().unwrap(), 0);
        assert!(s.writes_refused().is_some());
        s.set_reading_copy(None).unwrap();
        assert!(s.writes_refused().is_none());
        s.write(|w| w.add_student(&student)).unwrap();
        assert_eq!(s.op_count().unwrap(), 1);
    }
}
