//! The hub's read-only views (see sql/0003_views.sql): whether the tables behind them agree with
//! a recomputation from the whole log, and their rebuilding when they do not.

use super::{Hub, HubError};

/// What comparing the views with the log found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ViewsCheck {
    /// Records the log makes.
    pub records: i64,
    /// Records the views lacked.
    pub missing: i64,
    /// Records the views held that the log does not make.
    pub extra: i64,
    /// Records the views held with other values.
    pub differing: i64,
    /// Check-ins whose notes (or their restriction) differed.
    pub notes: i64,
    /// Conflicts the views lacked or held without cause.
    pub conflicts: i64,
    /// Rows of the report tables and their tallies that differed from what the records make.
    pub reports: i64,
}

impl ViewsCheck {
    /// Whether the views agreed with the log.
    pub fn agreed(&self) -> bool {
        self.missing + self.extra + self.differing + self.notes + self.conflicts + self.reports == 0
    }

    /// What was found, in words: "2 records differed, 1 was missing".
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        let mut say = |n: i64, one: &str, many: &str| {
            if n > 0 {
                parts.push(if n == 1 {
                    format!("1 {one}")
                } else {
                    format!("{n} {many}")
                });
            }
        };
        say(self.differing, "record differed", "records differed");
        say(self.missing, "record was missing", "records were missing");
        say(
            self.extra,
            "record was there without cause",
            "records were there without cause",
        );
        say(
            self.notes,
            "check-in's notes differed",
            "check-ins' notes differed",
        );
        say(self.conflicts, "conflict differed", "conflicts differed");
        say(
            self.reports,
            "report table row differed",
            "report table rows differed",
        );
        parts.join(", ")
    }
}

impl Hub {
    /// Compares the views with the log and, when they disagree, rebuilds them from it; then the
    /// report tables and their tallies with the records (in one transaction, while no change is
    /// being added).
    /// The SIS ids the hub holds for a child of one school that another school's files hold
    /// for another child (hub schema 25, `plp.other_children`): (SIS id, the hub's school, the
    /// other school), by id. For the hub's admins.
    pub fn other_children(&mut self) -> Result<Vec<(String, String, String)>, HubError> {
        let rows = self
            .client()
            .query(
                "SELECT coalesce(s.sis_id, o.student_id), coalesce(s.school, ''), o.school
                 FROM plp.other_children o
                 LEFT JOIN plp.students s ON s.student_id = o.student_id
                 ORDER BY 1, 3",
                &[],
            )
            .map_err(|e| self.fail(e))?;
        Ok(rows
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2)))
            .collect())
    }

    pub fn check_views(&mut self) -> Result<ViewsCheck, HubError> {
        let admin: bool = self
            .client()
            .query_one("SELECT plp.is_admin()", &[])
            .map_err(|e| self.fail(e))?
            .get(0);
        if !admin {
            return Err(HubError::NoRights {
                login: self.login().to_string(),
                why: "only the hub's admins and the database's owner check the views".into(),
            });
        }
        let (row, reports) = self.in_transaction("", |t| {
            let row = t.query_one("SELECT * FROM plp.check_views(true)", &[])?;
            let reports = t.query_one("SELECT plp.check_report_tables(true)", &[])?;
            Ok((row, reports))
        })?;
        Ok(ViewsCheck {
            records: row.get(0),
            missing: row.get(1),
            extra: row.get(2),
            differing: row.get(3),
            notes: row.get(4),
            conflicts: row.get(5),
            reports: reports.get(0),
        })
    }
}
