//! The counts the trends report is made of, for one school year's active students.

use rusqlite::params;

use super::{Result, Store};

/// How many of each thing, keyed by the stored word ("academic", "working", …).
pub type Counts = Vec<(String, i64)>;

/// Everything the trends report counts in one school year.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TrendCounts {
    /// Active students.
    pub students: i64,
    /// Students with at least one goal in each domain.
    pub students_by_domain: Counts,
    /// Goals by status.
    pub goals_by_status: Counts,
    /// Strategy verdicts given at the year's check-ins.
    pub verdicts: Counts,
    /// Each strategy's most recent verdict in the year.
    pub latest_verdicts: Counts,
    /// Check-ins by kind.
    pub checkins_by_kind: Counts,
    /// Per grade (ascending, no grade first): active students, and students per goal domain.
    pub grades: Vec<(Option<i64>, i64, Counts)>,
}

const ACTIVE_GOALS: &str = "FROM goals g JOIN plans p ON p.id = g.plan_id
     JOIN students s ON s.id = g.student_id
     WHERE p.school_year = ?1 AND g.retired = 0 AND p.retired = 0
       AND s.retired = 0 AND s.status = 'active' AND ?2 = ?2";

const YEAR_CHECKINS: &str = "FROM checkins c JOIN students s ON s.id = c.student_id
     WHERE c.retired = 0 AND c.date >= ?2 AND s.retired = 0 AND s.status = 'active'
       AND ?1 = ?1";

const YEAR_VERDICTS: &str = "FROM checkins c, json_each(c.verdicts) v
     JOIN students s ON s.id = c.student_id
     WHERE c.retired = 0 AND c.date >= ?2 AND s.retired = 0 AND s.status = 'active'
       AND ?1 = ?1";

impl Store {
    /// The trends counts for `school_year`, whose check-ins are those on or after `start`
    /// (`YYYY-MM-DD`).
    pub fn trend_counts(&self, school_year: &str, start: &str) -> Result<TrendCounts> {
        self.trend_counts_among(school_year, start, None)
    }

    /// [`Store::trend_counts`] over only the students with these ids (`None`: everyone).
    pub fn trend_counts_among(
        &self,
        school_year: &str,
        start: &str,
        students: Option<&[String]>,
    ) -> Result<TrendCounts> {
        let among = match students {
            None => "",
            Some(ids) => {
                self.conn.execute_batch(
                    "CREATE TEMP TABLE IF NOT EXISTS trend_scope (id TEXT PRIMARY KEY);
                     DELETE FROM temp.trend_scope;",
                )?;
                let mut ins = self
                    .conn
                    .prepare_cached("INSERT OR IGNORE INTO temp.trend_scope (id) VALUES (?1)")?;
                for id in ids {
                    ins.execute([id])?;
                }
                " AND s.id IN (SELECT id FROM temp.trend_scope)"
            }
        };
        let active_goals = format!("{ACTIVE_GOALS}{among}");
        let year_checkins = format!("{YEAR_CHECKINS}{among}");
        let year_verdicts = format!("{YEAR_VERDICTS}{among}");
        let pairs = |sql: String| -> Result<Counts> {
            let mut stmt = self.conn.prepare(&sql)?;
            let rows =
                stmt.query_map(params![school_year, start], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        let students = self.conn.query_row(
            &format!(
                "SELECT count(*) FROM students s WHERE retired = 0 AND status = 'active'{among}"
            ),
            [],
            |r| r.get(0),
        )?;
        let grades: Vec<(Option<i64>, i64)> = {
            let mut stmt = self.conn.prepare(&format!(
                "SELECT grade, count(*) FROM students s WHERE retired = 0 AND status = 'active'{among}
                 GROUP BY grade ORDER BY grade"
            ))?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let mut by_grade = Vec::new();
        let mut stmt = self.conn.prepare(&format!(
            "SELECT g.domain, count(DISTINCT g.student_id) {active_goals} AND s.grade IS ?3
             GROUP BY g.domain"
        ))?;
        for (grade, count) in grades {
            let rows = stmt.query_map(params![school_year, start, grade], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
            by_grade.push((grade, count, rows.collect::<rusqlite::Result<_>>()?));
        }
        Ok(TrendCounts {
            students,
            students_by_domain: pairs(format!(
                "SELECT g.domain, count(DISTINCT g.student_id) {active_goals} GROUP BY g.domain"
            ))?,
            goals_by_status: pairs(format!(
                "SELECT g.status, count(*) {active_goals} GROUP BY g.status"
            ))?,
            verdicts: pairs(format!(
                "SELECT json_extract(v.value, '$.verdict'), count(*) {year_verdicts} GROUP BY 1"
            ))?,
            latest_verdicts: pairs(format!(
                "SELECT verdict, count(*) FROM (
                   SELECT json_extract(v.value, '$.strategy') AS strategy,
                          json_extract(v.value, '$.verdict') AS verdict, max(c.date)
                   {year_verdicts} GROUP BY 1) GROUP BY verdict"
            ))?,
            checkins_by_kind: pairs(format!(
                "SELECT c.kind, count(*) {year_checkins} GROUP BY c.kind"
            ))?,
            grades: by_grade,
        })
    }
}
