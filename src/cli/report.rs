//! `plp report due|trends|completeness|stuck`: the team reports, narrowed by advisor, grade,
//! IEP/504 and dates, as a table, CSV, JSON or (trends) an HTML page with charts.

use chrono::NaiveDate;
use std::path::Path;

use super::args::{ReportArgs, ReportFormat, ReportKind};
use super::table::{csv_line, Cell, Table};
use super::{open_existing, CliError, CliResult, Out};
use crate::domain::parse_typed_date;
use crate::report::filter::ReportFilter;
use crate::report::{completeness, due, stuck, team_html, trends};
use crate::store::hub::{Hub, HubReports};
use crate::store::ReportSource;

/// What a report prints: headings, rows, the same as JSON, and lines said before the table.
struct Printed {
    header: Vec<&'static str>,
    rows: Vec<Vec<String>>,
    json: String,
    before: Vec<String>,
    /// Columns only the CSV has, each a heading and a cell per row, after the columns it had
    /// before (so that a script reading by position still finds them): each row's SIS id, then
    /// its student's advisor (a whole school's report sorted or split by advisor in a
    /// spreadsheet). The table for people leaves them out.
    csv_only: Vec<(&'static str, Vec<String>)>,
    /// The columns that hold numbers (a grade, a count, a share): the CSV writes them as they
    /// are, and every other cell as text a spreadsheet never runs.
    numbers: &'static [usize],
    /// What the table for people says in place of a table with no rows (CSV and JSON stay
    /// empty): None to print the empty table.
    when_none: Option<&'static str>,
}

/// Reads the narrowing options, refusing a bad one in one sentence.
pub fn filter_of(args: &ReportArgs) -> Result<ReportFilter, CliError> {
    let date = |flag: &str, v: &Option<String>| -> Result<Option<NaiveDate>, CliError> {
        v.as_deref()
            // Held to the years a school record may have, as every typed date is.
            .map(|s| parse_typed_date(s).map_err(|e| CliError::Failure(format!("{flag}: {e}"))))
            .transpose()
    };
    let f = ReportFilter {
        scope: super::scope::resolve(&args.scope)?,
        iep: args.iep,
        plan_504: args.plan_504,
        since: date("--since", &args.since)?,
        until: date("--until", &args.until)?,
        school: args
            .school
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string),
    };
    if args.school.is_some() && args.hub.is_none() {
        return Err(CliError::Failure(
            "--school is for district reports from the hub (--hub URL): a file's report is of \
             its own students"
                .into(),
        ));
    }
    if args.school.is_some() && f.school.is_none() {
        return Err(CliError::Failure(
            "--school needs a school's name (plp report due --hub URL --school \"North High\")"
                .into(),
        ));
    }
    f.check().map_err(CliError::Failure)?;
    Ok(f)
}

pub fn run(path: &Path, args: ReportArgs, today: NaiveDate, out: &mut Out) -> CliResult {
    if args.format == ReportFormat::Html && args.kind != ReportKind::Trends {
        return Err(CliError::Failure(
            "--format html is for the trends report (plp report trends --format html --out FILE); the others are table, csv or json".into(),
        ));
    }
    let mut filter = filter_of(&args)?;
    if let Some(file) = &args.out {
        super::out_target::OutTarget::new(path, args.force).check_file(file)?;
    }
    let file;
    let hub;
    let store: &dyn ReportSource = match &args.hub {
        Some(url) => {
            hub = HubReports::new(Hub::open(url)?);
            if let Some(school) = &filter.school {
                filter.school = Some(hub.at_school(school)?);
            }
            &hub
        }
        None => {
            file = open_existing(path)?;
            super::begin::tell_if_empty(&file)?;
            &file
        }
    };
    // The advisor fields an --advisor is matched against: it must name someone's.
    let advisors: Vec<String> = match &filter.scope.advisor {
        Some(_) => store
            .caseload_rows(filter.end(today))?
            .into_iter()
            .filter_map(|r| r.advisor)
            .collect(),
        None => Vec::new(),
    };
    let fields = advisors.iter().map(String::as_str);
    super::scope::advisor_known(&filter.scope, fields.clone())?;
    // The narrowing as headings say it; CSV and JSON say none.
    let said = match args.format {
        ReportFormat::Table | ReportFormat::Html => ReportFilter {
            scope: super::scope::as_said(&args.scope, &filter.scope, fields),
            ..filter.clone()
        },
        ReportFormat::Csv | ReportFormat::Json => filter.clone(),
    };
    if args.format == ReportFormat::Html {
        let (now, before) = trends::trends_compared(store, &filter, today)?;
        let page = team_html::page(&now, &before, &said, today);
        return deliver(&args, &page, out);
    }
    let p = match args.kind {
        ReportKind::Due => due_report(store, &filter, today)?,
        ReportKind::Trends => trends_report(store, &filter, today)?,
        ReportKind::Completeness => completeness_report(store, &filter, today)?,
        ReportKind::Stuck => stuck_report(store, &filter, today)?,
    };
    let text = match args.format {
        ReportFormat::Table if args.kind == ReportKind::Stuck => stuck_text(&p, &said),
        ReportFormat::Json => format!("{}\n", p.json),
        ReportFormat::Csv => {
            let mut header = p.header.clone();
            header.extend(p.csv_only.iter().map(|(h, _)| *h));
            let mut s = csv_line(header.iter().map(|h| Cell::Text(h)));
            s.push('\n');
            for (i, r) in p.rows.iter().enumerate() {
                let mut cells: Vec<Cell> = r
                    .iter()
                    .enumerate()
                    .map(|(col, c)| {
                        if p.numbers.contains(&col) {
                            Cell::Number(c)
                        } else {
                            Cell::Text(c)
                        }
                    })
                    .collect();
                cells.extend(p.csv_only.iter().map(|(_, c)| Cell::Text(&c[i])));
                s.push_str(&csv_line(cells));
                s.push('\n');
            }
            s
        }
        ReportFormat::Table | ReportFormat::Html => {
            let mut s = String::new();
            if !said.is_empty() {
                s.push_str(&format!("Narrowed to: {}\n", said.describe()));
            }
            for l in &p.before {
                s.push_str(l);
                s.push('\n');
            }
            if let (true, Some(none)) = (p.rows.is_empty(), p.when_none) {
                s.push_str(none);
                s.push('\n');
                return deliver(&args, &s, out);
            }
            let mut t = Table::new(&p.header);
            let graded = p.header.get(1) == Some(&"Gr");
            for mut r in p.rows {
                // For people, a grade reads as the school says it (PK, K); CSV and JSON keep
                // the number.
                if graded {
                    r[1] = grade_for_people(&r[1], crate::domain::GradeForm::Short);
                }
                // A verdict or kind of meeting reads as an advisor says it ("not working",
                // "annual review"), the measure's column keeping its width at 80 columns; CSV
                // and JSON keep the stored word.
                if args.kind == ReportKind::Trends {
                    r[1] = crate::report::trends::key_in_words(&r[1], true);
                }
                t.row(r);
            }
            s.push_str(&t.render(80));
            s
        }
    };
    deliver(&args, &text, out)
}

/// Prints, or writes `--out` (readable by its owner only) and says where. A CSV file begins
/// with the UTF-8 byte order mark, by which Excel, opening it with a double click, reads it as
/// UTF-8 ("José", not "JosÃ©"); printed for a pipe, it goes without.
fn deliver(args: &ReportArgs, text: &str, out: &mut Out) -> CliResult {
    match &args.out {
        None => out.print(text),
        Some(file) => {
            let bom = if matches!(args.format, ReportFormat::Csv) {
                "\u{feff}"
            } else {
                ""
            };
            super::export::write_private(file, format!("{bom}{text}").as_bytes())?;
            out.line(&format!("wrote {}", file.display()));
        }
    }
    Ok(())
}

fn due_report(
    store: &dyn ReportSource,
    f: &ReportFilter,
    today: NaiveDate,
) -> Result<Printed, CliError> {
    let rows = due::due(store, f, today)?;
    Ok(Printed {
        header: vec!["Name", "Gr", "Last", "Next due", "Due", "Days over"],
        rows: rows
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
            .collect(),
        json: super::output::json(&rows)?,
        before: vec![],
        csv_only: vec![
            ("SIS id", rows.iter().map(|r| r.sis_id.clone()).collect()),
            (
                "Advisor",
                rows.iter().map(|r| opt(r.advisor.as_ref())).collect(),
            ),
        ],
        numbers: &[1, 5],
        when_none: Some("nobody is due for a check-in"),
    })
}

fn trends_report(
    store: &dyn ReportSource,
    f: &ReportFilter,
    today: NaiveDate,
) -> Result<Printed, CliError> {
    let (t, prev) = trends::trends_compared(store, f, today)?;
    let mut rows = Vec::new();
    let mut push = |section: &str, now: &[trends::Share], before: &[trends::Share]| {
        // What only the period before has (its months) comes first, its counts under "Before".
        for b in before
            .iter()
            .filter(|b| !now.iter().any(|s| s.key == b.key))
        {
            rows.push(vec![
                section.to_string(),
                b.key.clone(),
                String::new(),
                String::new(),
                b.count.to_string(),
                format!("{:.1}%", b.percent),
            ]);
        }
        for s in now {
            let b = before.iter().find(|b| b.key == s.key);
            rows.push(vec![
                section.to_string(),
                s.key.clone(),
                s.count.to_string(),
                format!("{:.1}%", s.percent),
                b.map(|b| b.count.to_string()).unwrap_or_default(),
                b.map(|b| format!("{:.1}%", b.percent)).unwrap_or_default(),
            ]);
        }
    };
    push(
        "students with a goal in",
        &t.goal_domains,
        &prev.goal_domains,
    );
    for g in &t.by_grade {
        let before = prev
            .by_grade
            .iter()
            .find(|b| b.grade == g.grade)
            .map(|b| b.domains.as_slice())
            .unwrap_or(&[]);
        push(
            &format!(
                "{} ({})",
                g.grade
                    .map_or("no grade".into(), |n| crate::domain::grade_words(
                        n,
                        crate::domain::GradeForm::InSentence,
                        "en"
                    )),
                count(g.students, "student")
            ),
            &g.domains,
            before,
        );
    }
    push("goals", &t.goal_status, &prev.goal_status);
    push(
        "goals met",
        std::slice::from_ref(&t.goals_met),
        std::slice::from_ref(&prev.goals_met),
    );
    push("latest verdicts", &t.latest_verdicts, &prev.latest_verdicts);
    push("all verdicts", &t.verdicts, &prev.verdicts);
    push("check-ins", &t.checkins, &prev.checkins);
    push(
        "check-ins by month",
        &t.checkins_by_month,
        &prev.checkins_by_month,
    );
    #[derive(serde::Serialize)]
    struct WithPrevious<'a> {
        #[serde(flatten)]
        now: &'a trends::Trends,
        previous: &'a trends::Trends,
    }
    Ok(Printed {
        header: vec![
            "Measure",
            "What",
            "Count",
            "Share",
            "Before",
            "Share before",
        ],
        rows,
        json: super::output::json(&WithPrevious {
            now: &t,
            previous: &prev,
        })?,
        before: vec![format!(
            "Trends for {} to {} ({}), compared with {} to {}",
            t.since,
            t.until,
            count(t.students, "active student"),
            prev.since,
            prev.until
        )],
        csv_only: Vec::new(),
        when_none: None,
        numbers: &[2, 3, 4, 5],
    })
}

fn completeness_report(
    store: &dyn ReportSource,
    f: &ReportFilter,
    today: NaiveDate,
) -> Result<Printed, CliError> {
    let rows = completeness::completeness(store, f, today)?;
    let mut before = Vec::new();
    if !rows.is_empty() {
        let n = rows.len();
        let names = rows[0].criteria().map(|(name, _)| name);
        let done: Vec<String> = names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let k = rows.iter().filter(|r| r.criteria()[i].1).count();
                format!("{name} {}%", trends::whole_percent(k as i64, n as i64))
            })
            .collect();
        // The shares are of students; a student without this year's plan is one of them.
        let plans = rows.iter().filter(|r| r.has_plan).count();
        before.push(format!(
            "{} ({plans} with a plan for {}): {}",
            count(n as i64, "student"),
            crate::domain::school_year_of(f.end(today)),
            done.join(", ")
        ));
    }
    Ok(Printed {
        header: vec![
            "Name", "Gr", "Str", "Prof", "Goals", "Strat", "Family", "Review", "Recent",
        ],
        rows: rows
            .iter()
            .map(|r| {
                let mut c = vec![r.name.clone(), opt(r.grade)];
                c.extend(r.criteria().iter().map(|(_, ok)| mark(*ok).to_string()));
                c
            })
            .collect(),
        json: super::output::json(&rows)?,
        before,
        csv_only: vec![
            ("SIS id", rows.iter().map(|r| r.sis_id.clone()).collect()),
            (
                "Advisor",
                rows.iter().map(|r| opt(r.advisor.as_ref())).collect(),
            ),
        ],
        when_none: None,
        numbers: &[1],
    })
}

fn stuck_report(
    store: &dyn ReportSource,
    f: &ReportFilter,
    today: NaiveDate,
) -> Result<Printed, CliError> {
    let rows = stuck::stuck(store, f, today)?;
    let mut cells = Vec::new();
    let mut advisors = Vec::new();
    for s in &rows {
        for r in &s.reasons {
            advisors.push(opt(s.advisor.as_ref()));
            cells.push(vec![
                s.name.clone(),
                opt(s.grade),
                s.sis_id.clone(),
                r.rule().to_string(),
                r.words(),
            ]);
        }
    }
    Ok(Printed {
        header: vec!["Name", "Gr", "SIS id", "Rule", "Why"],
        rows: cells,
        json: super::output::json(&rows)?,
        before: vec![format!(
            "{} students stuck (as of {})",
            rows.len(),
            f.end(today)
        )],
        // The stuck report has its SIS id column already (third, as the table groups by it).
        csv_only: vec![("Advisor", advisors)],
        when_none: None,
        numbers: &[1],
    })
}

/// The stuck report for people: each student once, with every reason under the name.
fn stuck_text(p: &Printed, filter: &ReportFilter) -> String {
    let mut s = String::new();
    if !filter.is_empty() {
        s.push_str(&format!("Narrowed to: {}\n", filter.describe()));
    }
    for l in &p.before {
        s.push_str(l);
        s.push('\n');
    }
    let mut last = "";
    for r in &p.rows {
        let clean = |t: &str| crate::domain::clean_line(t);
        if r[2] != last {
            let grade = if r[1].is_empty() {
                String::new()
            } else {
                format!(
                    " · {}",
                    grade_for_people(&r[1], crate::domain::GradeForm::InSentence)
                )
            };
            s.push_str(&format!(
                "\n{}{grade} · SIS {}\n",
                clean(&r[0]),
                clean(&r[2])
            ));
            last = &r[2];
        }
        s.push_str(&format!("  {}\n", clean(&r[4])));
    }
    s
}

/// A grade cell (its number, or empty) in words for people.
fn grade_for_people(cell: &str, form: crate::domain::GradeForm) -> String {
    cell.parse::<i64>().map_or_else(
        |_| cell.to_string(),
        |g| crate::domain::grade_words(g, form, "en"),
    )
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

/// "1 student", "12 students".
fn count(n: i64, what: &str) -> String {
    crate::domain::count(n.max(0) as u64, what)
}
