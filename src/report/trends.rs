//! Trends across the students a report is about, over a period: goal domains (overall and by
//! grade), goal statuses, goals met, strategy verdicts and check-ins (by kind and by month).
//! Only counts leave this module, so no one student's record can be read from it.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};

use super::filter::{self, Period, ReportFilter};
use crate::domain::{school_year_of, CheckInKind, GoalDomain, Status, Verdict};
use crate::store::{ReportSource, ReportStudent, Result, TrendGroup};

/// A count and its share of a whole.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Share {
    /// What is counted.
    pub key: String,
    /// How many.
    pub count: i64,
    /// Percent of the whole, rounded to one decimal.
    pub percent: f64,
}

/// Goal domains chosen in one grade.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GradeDomains {
    /// Grade (None when not recorded).
    pub grade: Option<i64>,
    /// Active students in the grade.
    pub students: i64,
    /// Share of those students with at least one goal in each domain.
    pub domains: Vec<Share>,
}

/// The trends report for one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trends {
    /// "2026-27": the school year whose plans are counted (the one the period ends in).
    pub school_year: String,
    /// First day of the period.
    pub since: NaiveDate,
    /// Last day of the period.
    pub until: NaiveDate,
    /// Active students.
    pub students: i64,
    /// Share of students with at least one goal in each domain.
    pub goal_domains: Vec<Share>,
    /// The same, per grade.
    pub by_grade: Vec<GradeDomains>,
    /// Goals by status now (share of all the year's goals).
    pub goal_status: Vec<Share>,
    /// Goals marked met in the period (share of the year's goals).
    pub goals_met: Share,
    /// Every strategy verdict given at the period's check-ins.
    pub verdicts: Vec<Share>,
    /// Each strategy's most recent verdict in the period.
    pub latest_verdicts: Vec<Share>,
    /// Check-ins held in the period, by kind.
    pub checkins: Vec<Share>,
    /// Check-ins held in the period, by month ("2026-11").
    pub checkins_by_month: Vec<Share>,
    /// Check-ins held in each week of the period, from its first day (for a sparkline).
    #[serde(skip)]
    pub checkins_by_week: Vec<u64>,
}

impl Share {
    /// Its percentage as a whole number, rounded as every report rounds one.
    pub fn whole_percent(&self) -> i64 {
        rounded(self.percent)
    }
}

/// `n` of `of` as a whole percentage, rounded to the nearest (a half up): the one way every
/// report, on screen and on the command line, turns a share into a whole number.
pub fn whole_percent(n: i64, of: i64) -> i64 {
    rounded(pct(n, of))
}

fn rounded(percent: f64) -> i64 {
    percent.round() as i64
}

fn pct(n: i64, of: i64) -> f64 {
    if of == 0 {
        0.0
    } else {
        (n as f64 * 1000.0 / of as f64).round() / 10.0
    }
}

fn shares<K: Ord + Copy>(
    keys: &[K],
    name: impl Fn(K) -> &'static str,
    counts: &BTreeMap<K, i64>,
    whole: i64,
) -> Vec<Share> {
    keys.iter()
        .map(|k| {
            let count = counts.get(k).copied().unwrap_or(0);
            Share {
                key: name(*k).to_string(),
                count,
                percent: pct(count, whole),
            }
        })
        .collect()
}

/// Trends for the filter's students over the school year so far (or `--since`..`--until`).
pub fn trends(store: &dyn ReportSource, f: &ReportFilter, today: NaiveDate) -> Result<Trends> {
    let period = Period {
        since: f.start(today),
        until: f.end(today),
    };
    over(store, f, period, today)
}

/// Trends for a period and for the one before it (see [`Period::with_previous`]).
pub fn trends_compared(
    store: &dyn ReportSource,
    f: &ReportFilter,
    today: NaiveDate,
) -> Result<(Trends, Trends)> {
    let (now, before) = Period::with_previous(f, today);
    let now_f = ReportFilter {
        until: Some(now.until),
        ..f.clone()
    };
    let before_f = ReportFilter {
        until: Some(before.until),
        ..f.clone()
    };
    Ok((
        over(store, &now_f, now, today)?,
        over(store, &before_f, before, today)?,
    ))
}

/// The trends of the filter's students over a period that ends on the filter's last day: from
/// the source's own counts when it sums them (the hub), else counted student by student.
fn over(
    store: &dyn ReportSource,
    f: &ReportFilter,
    period: Period,
    today: NaiveDate,
) -> Result<Trends> {
    let year = school_year_of(period.until);
    if let Some(groups) = store.trend_counts(&year, period.since, period.until)? {
        let mut t = Tally::new(period);
        for g in groups
            .iter()
            .filter(|g| f.keeps_one(g.advisor.as_deref(), g.grade, g.iep, g.plan_504))
        {
            t.add_group(g);
        }
        return Ok(t.finish());
    }
    let students = filter::students(store, f, period.since, today)?;
    Ok(compute(&students, period))
}

/// The trends of some students over a period (their check-ins outside it are not counted).
pub fn compute(students: &[ReportStudent], period: Period) -> Trends {
    let mut t = Tally::new(period);
    for s in students {
        t.add_student(s);
    }
    t.finish()
}

/// The counts trends are made of, added up a student (or a group of students) at a time.
struct Tally {
    period: Period,
    students: i64,
    domains: BTreeMap<GoalDomain, i64>,
    grades: BTreeMap<Option<i64>, (i64, BTreeMap<GoalDomain, i64>)>,
    status: BTreeMap<Status, i64>,
    verdicts: BTreeMap<Verdict, i64>,
    latest: BTreeMap<Verdict, i64>,
    kinds: BTreeMap<CheckInKind, i64>,
    months: BTreeMap<(i32, u32), i64>,
    by_week: Vec<u64>,
    goals: i64,
    met: i64,
}

impl Tally {
    fn new(period: Period) -> Tally {
        let weeks = ((period.until - period.since).num_days().max(0) / 7 + 1) as usize;
        Tally {
            period,
            students: 0,
            domains: BTreeMap::new(),
            grades: BTreeMap::new(),
            status: BTreeMap::new(),
            verdicts: BTreeMap::new(),
            latest: BTreeMap::new(),
            kinds: BTreeMap::new(),
            months: BTreeMap::new(),
            by_week: vec![0u64; weeks],
            goals: 0,
            met: 0,
        }
    }

    fn inside(&self, d: NaiveDate) -> bool {
        d >= self.period.since && d <= self.period.until
    }

    /// `n` students of a grade with goals in these domains.
    fn add_domains(&mut self, grade: Option<i64>, mine: &HashSet<GoalDomain>, n: i64) {
        self.students += n;
        let grade = self.grades.entry(grade).or_default();
        grade.0 += n;
        for d in mine {
            *self.domains.entry(*d).or_default() += n;
            *grade.1.entry(*d).or_default() += n;
        }
    }

    fn add_checkin(&mut self, date: NaiveDate, kind: CheckInKind, n: i64) {
        *self.kinds.entry(kind).or_default() += n;
        *self.months.entry((date.year(), date.month())).or_default() += n;
        self.add_week(((date - self.period.since).num_days() / 7) as usize, n);
    }

    fn add_week(&mut self, week: usize, n: i64) {
        if let Some(w) = self.by_week.get_mut(week) {
            *w += n as u64;
        }
    }

    fn add_student(&mut self, s: &ReportStudent) {
        let mine: HashSet<GoalDomain> = s.goals.iter().map(|g| g.domain).collect();
        self.add_domains(s.row.grade, &mine, 1);
        for g in &s.goals {
            self.goals += 1;
            *self.status.entry(g.status).or_default() += 1;
            // A goal is met when it is marked met (a rating of 4 says how one check-in saw
            // it; the status is the decision, and a goal rated 4 may still be worked on).
            if g.status == Status::Met && g.met_on.is_some_and(|d| self.inside(d)) {
                self.met += 1;
            }
        }
        let mut last: BTreeMap<&str, Verdict> = BTreeMap::new();
        let period = self.period;
        let inside = |d: NaiveDate| d >= period.since && d <= period.until;
        // A meeting its reader knows only to have been held is not counted (see
        // `store::held_only`): not of any kind, so not in the whole either.
        for c in s.checkins.iter().filter(|c| inside(c.date) && !c.held_only) {
            self.add_checkin(c.date, c.kind, 1);
            for (strategy, v) in &c.verdicts {
                *self.verdicts.entry(*v).or_default() += 1;
                last.insert(strategy, *v);
            }
        }
        for v in last.values() {
            *self.latest.entry(*v).or_default() += 1;
        }
    }

    /// A group of students counted by the source; the words read as a student's own are.
    fn add_group(&mut self, g: &TrendGroup) {
        for (set, n) in &g.domain_sets {
            let mine: HashSet<GoalDomain> =
                set.iter().map(|d| word(d, GoalDomain::Unknown)).collect();
            self.add_domains(g.grade, &mine, *n);
        }
        for (status, n) in &g.statuses {
            self.goals += n;
            *self
                .status
                .entry(word(status, Status::Unknown))
                .or_default() += n;
        }
        for (status, n) in &g.changed_in_period {
            if word(status, Status::Unknown) == Status::Met {
                self.met += n;
            }
        }
        for (kind, n) in &g.kinds {
            *self
                .kinds
                .entry(word(kind, CheckInKind::Unknown))
                .or_default() += n;
        }
        for (month, n) in &g.months {
            *self.months.entry(*month).or_default() += n;
        }
        for (week, n) in &g.weeks {
            self.add_week(*week, *n);
        }
        for (v, n) in &g.verdicts {
            *self.verdicts.entry(verdict_word(v)).or_default() += n;
        }
        for (v, n) in &g.latest_verdicts {
            *self.latest.entry(verdict_word(v)).or_default() += n;
        }
    }

    fn finish(self) -> Trends {
        let period = self.period;
        let n = self.students;
        let mut month_keys = Vec::new();
        let mut m = (period.since.year(), period.since.month());
        while m <= (period.until.year(), period.until.month()) {
            month_keys.push(m);
            m = if m.1 == 12 {
                (m.0 + 1, 1)
            } else {
                (m.0, m.1 + 1)
            };
        }
        let held = total_of(&self.months);
        Trends {
            school_year: school_year_of(period.until),
            since: period.since,
            until: period.until,
            students: n,
            goal_domains: shares(GoalDomain::ALL, GoalDomain::as_str, &self.domains, n),
            by_grade: self
                .grades
                .iter()
                .map(|(g, (count, by))| GradeDomains {
                    grade: *g,
                    students: *count,
                    domains: shares(GoalDomain::ALL, GoalDomain::as_str, by, *count),
                })
                .collect(),
            goal_status: shares(Status::ALL, Status::as_str, &self.status, self.goals),
            goals_met: Share {
                key: "marked met".into(),
                count: self.met,
                percent: pct(self.met, self.goals),
            },
            verdicts: shares(
                Verdict::ALL,
                Verdict::as_str,
                &self.verdicts,
                total_of(&self.verdicts),
            ),
            latest_verdicts: shares(
                Verdict::ALL,
                Verdict::as_str,
                &self.latest,
                total_of(&self.latest),
            ),
            checkins: shares(
                CheckInKind::ALL,
                CheckInKind::as_str,
                &self.kinds,
                total_of(&self.kinds),
            ),
            checkins_by_month: month_keys
                .iter()
                .map(|k| {
                    let count = self.months.get(k).copied().unwrap_or(0);
                    Share {
                        key: format!("{}-{:02}", k.0, k.1),
                        count,
                        percent: pct(count, held),
                    }
                })
                .collect(),
            checkins_by_week: self.by_week,
        }
    }
}

/// A trends row's key as people read it: a verdict's label ("not working"), a kind of meeting
/// in words ("parent conference"), anything else (a domain, a status, a month) as it is.
/// `narrow` keeps a kind of meeting to a word no wider than the domains' column ("student-led",
/// "parent"; only "annual review" is spelt out).
pub fn key_in_words(key: &str, narrow: bool) -> String {
    if let Ok(v) = key.parse::<Verdict>() {
        return v.label().to_string();
    }
    match key.parse::<CheckInKind>() {
        Ok(CheckInKind::AnnualReview) if narrow => "annual review".to_string(),
        Ok(k) if !narrow => k.label().to_string(),
        _ => key.to_string(),
    }
}

/// A stored word read as plp reads it (one it does not know is "unknown").
fn word<T: std::str::FromStr>(s: &str, unknown: T) -> T {
    s.parse().unwrap_or(unknown)
}

/// A stored verdict read as a check-in's verdicts are (the exact word, else "unknown").
fn verdict_word(s: &str) -> Verdict {
    serde_json::from_value(serde_json::Value::String(s.to_string())).unwrap_or(Verdict::Unknown)
}

fn total_of<K>(m: &BTreeMap<K, i64>) -> i64 {
    m.values().sum()
}
