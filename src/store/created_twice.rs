//! Records created in two files (one roster imported on two machines, a student brought in
//! whole from a plan in one and from a roster in the other) are settled field by field: a
//! creation that says nothing of a field gives way to one that says something (see
//! `versions::heads`). A file whose tables were made before that rule showed a roster's empty
//! profile over the words the other creation held, with each field a conflict; it is settled
//! again once, when first opened for writing.

use rusqlite::Connection;

use super::schema::Entity;
use super::{packed, summary, versions, Result};

/// The meta key noting that this file's records created twice are settled by the rule.
const KEY: &str = "created twice settled";

/// Whether this file's records created twice are settled by the rule already.
pub(super) fn settled(conn: &Connection) -> bool {
    conn.query_row("SELECT count(*) FROM meta WHERE key = ?1", [KEY], |r| {
        r.get::<_, bool>(0)
    })
    .unwrap_or(false)
}

/// Settles every field of each record the log holds more than one creation of, then each of
/// their students' caseload lines, and notes it done (within the caller's transaction).
/// Returns how many records were settled.
pub(super) fn settle_once(conn: &Connection) -> Result<usize> {
    if settled(conn) {
        return Ok(0);
    }
    let twice: Vec<(String, String)> = conn
        .prepare(
            "SELECT entity, entity_id FROM ops WHERE field = '*'
             GROUP BY entity_id HAVING count(*) > 1",
        )?
        .query_map([], |r| Ok((r.get(0)?, packed::unpack_id(r.get_ref(1)?)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut students = std::collections::BTreeSet::new();
    for (name, id) in &twice {
        let Some(entity) = Entity::from_name(name) else {
            continue;
        };
        for f in entity.fields() {
            versions::settle(conn, entity, id, f.name, f.kind)?;
        }
        if let Some(student) = summary::owner_of_new(conn, entity, id, None)? {
            students.insert(student);
        }
    }
    for student in &students {
        summary::refresh_student(conn, student)?;
    }
    conn.execute("INSERT INTO meta (key, value) VALUES (?1, '1')", [KEY])?;
    Ok(twice.len())
}

#[cfg(test)]
mod tests {
    use crate::domain::{Profile, Student};
    use crate::store::test_support::student;
    use crate::store::{Checked, Entity, Store};

    /// A file whose tables were made by the rule before (the roster's empty creation shown over
    /// the plan's words, each field a conflict) is settled again when next opened, once.
    #[test]
    fn a_file_settled_by_the_rule_before_is_settled_again_once_on_opening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        let mut a = Store::open(&path).unwrap();
        let whole = Student {
            profile: Profile {
                strengths: "Great with people".into(),
                ..Default::default()
            },
            iep: true,
            ..student("7")
        };
        let id = a.write(|w| w.add_student(&whole)).unwrap();
        let mut b = Store::in_memory().unwrap();
        b.write(|w| w.add_student(&student("7"))).unwrap();
        for op in b.ops().unwrap() {
            a.write(|w| w.receive(&op)).unwrap();
        }
        let settled = a.dump_tables().unwrap();
        let theirs = b.ops().unwrap()[0].id.clone();
        // What the rule before left: the empty creation shown, the words kept aside.
        a.conn
            .execute_batch(&format!(
                "UPDATE students SET strengths = '', iep = 0;
                 UPDATE student_summary SET iep = 0;
                 INSERT INTO conflicts (entity, entity_id, field, op_id)
                     VALUES ('student', '{id}', 'strengths', '{theirs}');
                 DELETE FROM meta WHERE key = 'created twice settled';"
            ))
            .unwrap();
        assert_ne!(a.dump_tables().unwrap(), settled);
        drop(a);

        let mut a = Store::open(&path).unwrap();
        assert_eq!(a.dump_tables().unwrap(), settled);
        assert!(a.conflicts().unwrap().is_empty());
        let st: Student = a.get(Entity::Student, &id).unwrap().unwrap();
        assert_eq!(
            (st.profile.strengths.as_str(), st.iep),
            ("Great with people", true)
        );
        let line_iep: bool = a
            .conn
            .query_row("SELECT iep FROM student_summary", [], |r| r.get(0))
            .unwrap();
        assert!(line_iep);
        match a.check().unwrap() {
            Checked::Sound {
                wrong_versions,
                rebuilt,
            } => assert!(wrong_versions.is_empty() && !rebuilt),
            other => panic!("{other:?}"),
        }
        // Once: a file settled is not settled again (what is written by hand stays).
        a.conn
            .execute("UPDATE students SET strengths = 'by hand'", [])
            .unwrap();
        drop(a);
        let a = Store::open(&path).unwrap();
        let st: Student = a.get(Entity::Student, &id).unwrap().unwrap();
        assert_eq!(st.profile.strengths, "by hand");
    }
}
