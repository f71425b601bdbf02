//! The team report for the quarterly review: one HTML page whose charts are inline SVG (drawn
//! with `plotters`), each comparing the period with the one before, each with its numbers in a
//! table beside it so that it reads in black and white and to a screen reader.

use chrono::NaiveDate;

use super::filter::ReportFilter;
use super::team_charts::{bar_chart, Axis, Bar, BEFORE, NOW};
use super::trends::{key_in_words, Share, Trends};

/// The whole page.
pub fn page(now: &Trends, before: &Trends, filter: &ReportFilter, printed: NaiveDate) -> String {
    let now_label = period_words(now.since, now.until);
    let before_label = period_words(before.since, before.until);
    let labels = (now_label.as_str(), before_label.as_str());
    let (now_days, before_days) = (days(now), days(before));
    let mut body = String::new();
    body.push_str(&format!(
        "<h1>Team report: plan trends</h1>\n<p class=\"meta\">School year {} · {} active student{} · \
         this period <b>{}</b> ({}), compared with the previous period <b>{}</b> ({}){} · printed {}</p>\n",
        esc(&now.school_year),
        now.students,
        if now.students == 1 { "" } else { "s" },
        period_head(&now_label),
        day_count(now_days),
        period_head(&before_label),
        day_count(before_days),
        if filter.is_empty() {
            String::new()
        } else {
            format!(" · narrowed to {}", esc(&filter.describe()))
        },
        printed.format("%-d %B %Y"),
    ));
    if now_days != before_days {
        // A quarter part way through against a whole one: what happened in each is counted over
        // different lengths of time, and a team must not read the difference as a change.
        body.push_str(&format!(
            "<p class=\"meta\"><b>The periods differ in length</b> ({} against {}): what is \
             counted in each (goals met, verdicts given, check-ins held) is not like for like. \
             Shares of students and of strategies, and goals by status, are.</p>\n",
            day_count(now_days),
            day_count(before_days)
        ));
    }
    body.push_str(&section(
        "Goal domains",
        "Share of students with at least one goal in each domain.",
        &now.goal_domains,
        &before.goal_domains,
        Axis::Percent("students"),
        labels,
    ));
    for g in &now.by_grade {
        let prev = before
            .by_grade
            .iter()
            .find(|b| b.grade == g.grade)
            .map(|b| b.domains.clone())
            .unwrap_or_default();
        let grade = g.grade.map_or("no grade".to_string(), |n| {
            crate::domain::grade_words(n, crate::domain::GradeForm::InSentence, "en")
        });
        body.push_str(&section(
            &format!("Goal domains in {grade}"),
            &format!(
                "Share of the {} in {grade} with a goal in each domain.",
                students(g.students)
            ),
            &g.domains,
            &prev,
            Axis::Percent("students"),
            labels,
        ));
    }
    let mut status = now.goal_status.clone();
    status.push(now.goals_met.clone());
    let mut status_before = before.goal_status.clone();
    status_before.push(before.goals_met.clone());
    body.push_str(&section(
        "Goals and goals met",
        "The year's goals by status now, and the goals marked met in each period.",
        &status,
        &status_before,
        Axis::Count("count"),
        labels,
    ));
    body.push_str(&section(
        "Which strategies are working",
        "Each strategy's latest verdict in the period, as a share of the strategies given one.",
        &now.latest_verdicts,
        &before.latest_verdicts,
        Axis::Percent("strategies"),
        labels,
    ));
    body.push_str(&section(
        "All verdicts given",
        "Every verdict given at the period's check-ins.",
        &now.verdicts,
        &before.verdicts,
        Axis::Count("count"),
        labels,
    ));
    body.push_str(&section(
        "Check-ins by kind",
        "Meetings held in each period.",
        &now.checkins,
        &before.checkins,
        Axis::Count("count"),
        labels,
    ));
    body.push_str(&months_section(now, before, labels));
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>Team report: plan trends {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        esc(&now_label)
    )
}

/// The page's style. A table's borders are drawn inside its cells (not collapsed, half outside
/// the table's box, where a printed page cuts them off at its margin), and a number or a date
/// is never broken across lines.
const STYLE: &str = "body{font-family:sans-serif;max-width:960px;margin:1em auto;padding:0 1em;\
color:#111;overflow-wrap:anywhere}@page{margin:16mm}\
@media print{body{max-width:none;margin:0;padding:0;font-size:10.5pt}}.nb{white-space:nowrap}\
section{break-inside:avoid;margin:1.5em 0}.meta{color:#333}\
table{border-collapse:separate;border-spacing:0;margin:.5em 0;border-top:1px solid #999;\
border-left:1px solid #999}td,th{border-right:1px solid #999;border-bottom:1px solid #999;\
padding:.2em .6em;text-align:right;overflow-wrap:normal}td{white-space:nowrap}\
td:first-child,th:first-child{text-align:left;white-space:normal}\
svg{max-width:100%;height:auto}";

/// A period as people read it: "1 Nov to 24 Nov 2026", or "1 Aug 2026 to 31 Jan 2027" across
/// a new year.
fn period_words(since: NaiveDate, until: NaiveDate) -> String {
    use chrono::Datelike;
    let first = if since.year() == until.year() {
        since.format("%-d %b").to_string()
    } else {
        since.format("%-d %b %Y").to_string()
    };
    format!("{first} to {}", until.format("%-d %b %Y"))
}

/// The days a period covers, both ends included.
fn days(t: &Trends) -> i64 {
    (t.until - t.since).num_days() + 1
}

/// "1 day", "24 days".
fn day_count(n: i64) -> String {
    if n == 1 {
        "1 day".into()
    } else {
        format!("{n} days")
    }
}

/// A period as a column's heading ("1 Nov to 29 Nov 2026"), each date kept whole: the heading
/// wraps between the dates, never inside one.
fn period_head(label: &str) -> String {
    label
        .split(" to ")
        .map(|d| format!("<span class=\"nb\">{}</span>", esc(d)))
        .collect::<Vec<_>>()
        .join(" to ")
}

/// "1 student", "12 students".
fn students(n: i64) -> String {
    if n == 1 {
        "1 student".into()
    } else {
        format!("{n} students")
    }
}

/// A share's height on a chart of this axis.
fn value(axis: Axis, s: &Share) -> f64 {
    match axis {
        Axis::Percent(_) => s.percent,
        Axis::Count(_) => s.count as f64,
    }
}

/// A share as its table cell: a percentage with the count it is made of, or the count alone.
fn cell(axis: Axis, s: &Share) -> String {
    match axis {
        Axis::Percent(_) => format!("{}% ({})", s.whole_percent(), s.count),
        Axis::Count(_) => s.count.to_string(),
    }
}

fn section(
    title: &str,
    what: &str,
    now: &[Share],
    before: &[Share],
    axis: Axis,
    labels: (&str, &str),
) -> String {
    let keys: Vec<String> = now.iter().map(|s| s.key.clone()).collect();
    let find = |k: &str| before.iter().find(|b| b.key == k);
    let now_v: Vec<f64> = now.iter().map(|s| value(axis, s)).collect();
    let before_v: Vec<f64> = keys
        .iter()
        .map(|k| find(k).map_or(0.0, |b| value(axis, b)))
        .collect();
    let mut bars = Vec::new();
    for (i, (b, n)) in before_v.iter().zip(&now_v).enumerate() {
        for (left, value, colour) in [(0.12, *b, BEFORE), (0.5, *n, NOW)] {
            bars.push(Bar {
                x: i as f64 + left,
                width: 0.38,
                value,
                colour,
            });
        }
    }
    let shown: Vec<String> = keys.iter().map(|k| key_in_words(k, false)).collect();
    let svg = bar_chart(
        title,
        axis,
        &shown,
        &bars,
        &[(BEFORE, labels.1), (NOW, labels.0)],
    );
    let mut table = format!(
        "<table><tr><th>{}</th><th>{}</th><th>{}</th><th>change</th></tr>\n",
        esc(title),
        period_head(labels.0),
        period_head(labels.1)
    );
    for s in now {
        let b = find(&s.key);
        let change = match (axis, b) {
            (Axis::Percent(_), Some(b)) => format!("{:+.1} points", s.percent - b.percent),
            (Axis::Count(_), Some(b)) => format!("{:+}", s.count - b.count),
            (_, None) => String::new(),
        };
        table.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            esc(&key_in_words(&s.key, false)),
            esc(&cell(axis, s)),
            b.map(|b| esc(&cell(axis, b))).unwrap_or_default(),
            change
        ));
    }
    table.push_str("</table>\n");
    format!(
        "<section>\n<h2>{}</h2>\n<p>{}</p>\n{svg}\n{table}</section>\n",
        esc(title),
        esc(what)
    )
}

/// Check-ins per month, the previous period's months first (lighter), then this period's.
fn months_section(now: &Trends, before: &Trends, labels: (&str, &str)) -> String {
    let mut keys = Vec::new();
    let mut values = Vec::new();
    let mut is_now = Vec::new();
    for (t, current) in [(before, false), (now, true)] {
        for m in &t.checkins_by_month {
            if !keys.contains(&m.key) {
                keys.push(m.key.clone());
                values.push(m.count as f64);
                is_now.push(current);
            }
        }
    }
    let bars: Vec<Bar> = values
        .iter()
        .zip(&is_now)
        .enumerate()
        .map(|(i, (value, now))| Bar {
            x: i as f64 + 0.15,
            width: 0.7,
            value: *value,
            colour: if *now { NOW } else { BEFORE },
        })
        .collect();
    let svg = bar_chart(
        "Check-ins per month",
        Axis::Count("check-ins"),
        &keys,
        &bars,
        &[(BEFORE, labels.1), (NOW, labels.0)],
    );
    let mut table =
        String::from("<table><tr><th>month</th><th>check-ins</th><th>period</th></tr>\n");
    for (i, k) in keys.iter().enumerate() {
        table.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            esc(k),
            values[i],
            esc(if is_now[i] { labels.0 } else { labels.1 })
        ));
    }
    table.push_str("</table>\n");
    format!(
        "<section>\n<h2>Check-ins per month</h2>\n<p>Meetings held each month of both periods.</p>\n{svg}\n{table}</section>\n"
    )
}

/// Text made safe inside HTML.
fn esc(s: &str) -> String {
    crate::domain::clean_line(s)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn share(key: &str, count: i64, percent: f64) -> Share {
        Share {
            key: key.into(),
            count,
            percent,
        }
    }

    #[test]
    fn a_period_reads_as_people_read_it() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            period_words(d("2026-11-01"), d("2026-11-24")),
            "1 Nov to 24 Nov 2026"
        );
        assert_eq!(
            period_words(d("2026-11-01"), d("2027-01-31")),
            "1 Nov 2026 to 31 Jan 2027"
        );
        assert_eq!(
            period_head("1 Nov to 24 Nov 2026"),
            "<span class=\"nb\">1 Nov</span> to <span class=\"nb\">24 Nov 2026</span>"
        );
    }

    #[test]
    fn a_count_is_written_once_and_a_share_with_the_count_it_is_made_of() {
        let now = [share("working", 114, 57.0)];
        let before = [share("working", 100, 50.0)];
        let counts = section(
            "All verdicts",
            "",
            &now,
            &before,
            Axis::Count("count"),
            ("a", "b"),
        );
        assert!(
            counts.contains("<tr><td>working</td><td>114</td><td>100</td><td>+14</td></tr>"),
            "{counts}"
        );
        let shares = section(
            "Verdicts",
            "",
            &now,
            &before,
            Axis::Percent("strategies"),
            ("a", "b"),
        );
        assert!(
            shares.contains(
                "<tr><td>working</td><td>57% (114)</td><td>50% (100)</td><td>+7.0 points</td></tr>"
            ),
            "{shares}"
        );
    }
}
