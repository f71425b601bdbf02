//! `plp report due|trends|completeness`: the team reports.

use chrono::NaiveDate;
use std::path::Path;

use super::args::{ListFormat, ReportArgs, ReportKind};
use super::table::{csv_line, Table};
use super::{open_existing, CliResult, Out};
use crate::report::{completeness, due, trends};

pub fn run(path: &Path, args: ReportArgs, today: NaiveDate, out: &mut Out) -> CliResult {
    let scope = super::scope::resolve(&args.scope)?;
    let store = open_existing(path)?;
    // Whom the report covers, by SIS id and by student id (None: everyone).
    let among: Option<(std::collections::HashSet<String>, Vec<String>)> = if scope.is_everyone() {
        None
    } else {
        let rows = store.caseload(today, false)?;
        let kept: Vec<_> = rows
            .into_iter()
            .filter(|r| scope.includes(r.advisor.as_deref(), r.grade))
            .collect();
        Some((
            kept.iter().map(|r| r.sis_id.clone()).collect(),
            kept.into_iter().map(|r| r.id).collect(),
        ))
    };
    let in_scope = |sis: &str| among.as_ref().is_none_or(|(s, _)| s.contains(sis));
    let (header, rows, json): (Vec<&str>, Vec<Vec<String>>, String) = match args.kind {
        ReportKind::Due => {
            let mut rows = due::due(&store, today)?;
            rows.retain(|r| in_scope(&r.sis_id));
            let cells = rows
                .iter()
                .map(|r| {
                    vec![
                        r.name.clone(),
                        opt(r.grade),
                        opt(r.last_checkin),
                        opt(r.next_due),
                        r.due.clone(),
                        r.days_overdue.to_string(),
                    ]
                })
                .collect();
            (
                vec!["Name", "Gr", "Last", "Next due", "Due", "Days over"],
                cells,
                super::output::json(&rows)?,
            )
        }
        ReportKind::Trends => {
            let t = trends::trends_among(&store, today, among.as_ref().map(|(_, ids)| &ids[..]))?;
            let mut cells = Vec::new();
            let mut push = |section: &str, shares: &[trends::Share]| {
                for s in shares {
                    cells.push(vec![
                        section.to_string(),
                        s.key.clone(),
                        s.count.to_string(),
                        format!("{:.1}%", s.percent),
                    ]);
                }
            };
            push("students with a goal in", &t.goal_domains);
            for g in &t.by_grade {
                push(
                    &format!("grade {} ({} students)", opt(g.grade), g.students),
                    &g.domains,
                );
            }
            push("goals", &t.goal_status);
            push("latest verdicts", &t.latest_verdicts);
            push("all verdicts", &t.verdicts);
            push("check-ins", &t.checkins);
            if matches!(args.format, ListFormat::Table) {
                out.line(&format!(
                    "Trends for {}: {} active students{}",
                    t.school_year,
                    t.students,
                    if scope.is_everyone() {
                        String::new()
                    } else {
                        format!(" ({})", scope.describe())
                    }
                ));
            }
            (
                vec!["Measure", "What", "Count", "Share"],
                cells,
                super::output::json(&t)?,
            )
        }
        ReportKind::Completeness => {
            let mut rows = completeness::completeness(&store, today)?;
            rows.retain(|r| in_scope(&r.sis_id));
            let cells: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    let mut c = vec![r.name.clone(), opt(r.grade)];
                    c.extend(r.criteria().iter().map(|(_, ok)| mark(*ok).to_string()));
                    c
                })
                .collect();
            if matches!(args.format, ListFormat::Table) && !rows.is_empty() {
                let n = rows.len();
                let names = rows[0].criteria().map(|(name, _)| name);
                let done: Vec<String> = names
                    .iter()
                    .enumerate()
                    .map(|(i, name)| {
                        let k = rows.iter().filter(|r| r.criteria()[i].1).count();
                        format!("{name} {}%", k * 100 / n)
                    })
                    .collect();
                out.line(&format!("{n} plans: {}", done.join(", ")));
            }
            (
                vec![
                    "Name", "Gr", "Str", "Prof", "Goals", "Strat", "Family", "Review", "Recent",
                ],
                cells,
                super::output::json(&rows)?,
            )
        }
    };
    match args.format {
        ListFormat::Json => out.line(&json),
        ListFormat::Csv => {
            out.line(&csv_line(&header));
            for r in &rows {
                let cells: Vec<&str> = r.iter().map(String::as_str).collect();
                out.line(&csv_line(&cells));
            }
        }
        ListFormat::Table => {
            let mut t = Table::new(&header);
            for r in rows {
                t.row(r);
            }
            out.print(&t.render(80));
        }
    }
    Ok(())
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

fn mark(ok: bool) -> &'static str {
    if ok {
        "yes"
    } else {
        "no"
    }
}
