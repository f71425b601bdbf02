//! The trends report's counts, summed where the students are: a source that can count by itself
//! (the district hub, by SQL) hands over only counts, per group of students that the report's
//! filters cannot tell apart (same advisor, grade, IEP and 504), never a student's record.

/// Students alike in all the report's filters look at, and what they add up to. Words are as
/// stored: the report reads them as it reads a student's own.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TrendGroup {
    /// Their advisor.
    pub advisor: Option<String>,
    /// Their grade.
    pub grade: Option<i64>,
    /// They have an IEP.
    pub iep: bool,
    /// They have a 504 plan.
    pub plan_504: bool,
    /// How many of them have goals in exactly these domains this year (no goals: none).
    pub domain_sets: Vec<(Vec<String>, i64)>,
    /// The year's goals by status.
    pub statuses: Vec<(String, i64)>,
    /// The year's goals whose status was last changed (or that were made) in the period, by
    /// their status now: those that read as met are the goals marked met in it.
    pub changed_in_period: Vec<(String, i64)>,
    /// The period's check-ins by kind.
    pub kinds: Vec<(String, i64)>,
    /// The period's check-ins by month (year, month).
    pub months: Vec<((i32, u32), i64)>,
    /// The period's check-ins by week from its first day (0 is its first week).
    pub weeks: Vec<(usize, i64)>,
    /// Every strategy verdict given at the period's check-ins.
    pub verdicts: Vec<(String, i64)>,
    /// Each student's strategies' last verdict in the period.
    pub latest_verdicts: Vec<(String, i64)>,
}
