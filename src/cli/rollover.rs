//! `plp rollover --to YEAR [--dry-run] [--advisor NAME] [--grade N]`: the new school year's plans.

use chrono::NaiveDate;
use std::path::Path;

use super::args::RolloverArgs;
use super::output::plural;
use super::{CliError, CliResult, Out};
use crate::domain::{
    following_year, graduated_before, parse_school_year, school_year_in, school_year_start,
};

pub fn run(path: &Path, args: RolloverArgs, today: NaiveDate, out: &mut Out) -> CliResult {
    let scope = super::scope::resolve(&args.scope)?;
    let to_year = parse_school_year(&args.to, school_year_start())
        .map_err(|e| CliError::Failure(format!("--to: {e}")))?;
    // A plan is started for the year under way or the one about to begin: a year further on
    // would skip one, and a past year's plan would be made empty, after the fact.
    let this_year = school_year_in(today, school_year_start());
    let next_year = following_year(&this_year, school_year_start()).unwrap_or_default();
    // Years are named start year first, in one form, so their names sort as the years do.
    if to_year < this_year {
        return Err(CliError::Failure(format!(
            "--to: {to_year} is over (this school year is {this_year}): plans are started for this year or the next ({next_year}), never after the fact"
        )));
    }
    if to_year != this_year && to_year != next_year {
        return Err(CliError::Failure(format!(
            "--to: {to_year} is neither this school year ({this_year}) nor the next ({next_year}): a new year's plans are started when it comes"
        )));
    }
    // A year is rolled over in a file that holds one: a mistyped --db names no file to make.
    let mut store = super::open_existing(path)?;
    let everyone = store.caseload(today, false)?;
    // An --advisor that names nobody's advisor is refused, as by plp report and plp students.
    super::scope::advisor_known(&scope, everyone.iter().filter_map(|r| r.advisor.as_deref()))?;
    let in_scope: Vec<_> = everyone
        .into_iter()
        .filter(|r| scope.includes(r.advisor.as_deref(), r.grade))
        .collect();
    // The class that graduates before the new year ends gets no plan for it.
    let ids: Vec<String> = in_scope.iter().map(|r| r.id.clone()).collect();
    let classes = store.graduation_years(&ids)?;
    let first_month = school_year_start();
    let (graduated, rows): (Vec<_>, Vec<_>) = in_scope
        .into_iter()
        .partition(|r| graduated_before(classes.get(&r.id).copied(), &to_year, first_month));
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let done = store.rollover(&ids, &to_year, args.dry_run)?;
    let mut plans = 0;
    let mut goals = 0;
    let mut strategies = 0;
    let mut already = 0;
    let mut left = 0;
    for (row, r) in rows.iter().zip(&done) {
        plans += usize::from(r.plan_created);
        goals += r.carried.len();
        strategies += r.strategies_carried;
        already += r.already_carried;
        left += r.left_behind;
        if args.dry_run && r.changed() {
            let Some(from) = r.from_year.as_deref() else {
                out.line(&format!(
                    "{} ({}): would start an empty plan (no plan last year)",
                    row.name, row.sis_id
                ));
                continue;
            };
            let titles = if r.carried.is_empty() {
                String::new()
            } else {
                format!(": {}", r.carried.join("; "))
            };
            out.line(&format!(
                "{} ({}): would carry {} goal{} and {} strateg{} from {from}{titles}",
                row.name,
                row.sis_id,
                r.carried.len(),
                plural(r.carried.len(), "", "s"),
                r.strategies_carried,
                plural(r.strategies_carried, "y", "ies"),
            ));
        }
    }
    let active = format!(
        "{} active student{}",
        rows.len(),
        plural(rows.len(), "", "s")
    );
    let whom = if scope.is_everyone() {
        active
    } else {
        format!("{} ({active})", scope.describe())
    };
    if !graduated.is_empty() {
        let n = graduated.len();
        let names: Vec<String> = graduated
            .iter()
            .map(|r| format!("{} ({})", r.name, r.sis_id))
            .collect();
        out.line(&format!(
            "{n} student{} graduat{} before {to_year}, so {} no plan for it: {}",
            plural(n, "", "s"),
            plural(n, "es", "e"),
            if args.dry_run { "would get" } else { "got" },
            super::output::first_few(&names, 5),
        ));
        // They stay on the caseload, due like any student, until the SIS says they left.
        out.line(&format!(
            "they stay on the caseload, and every grade stays this year's, until the {to_year} \
             roster is imported (--mark-missing-inactive marks those not in it inactive)"
        ));
    }
    // What a dry run would do, and what a real one did.
    let (make, carry) = if args.dry_run {
        ("would make", "would carry")
    } else {
        ("made", "carried")
    };
    out.line(&format!(
        "{}{to_year} for {whom}: {make} {plans} new plan{}, {carry} {goals} goal{} and {strategies} strateg{}; {already} goal{} carried before, {left} met, dropped or revised left in last year's plan{}",
        if args.dry_run { "dry run, " } else { "" },
        plural(plans, "", "s"),
        plural(goals, "", "s"),
        plural(strategies, "y", "ies"),
        plural(already, "", "s"),
        if args.dry_run { "; nothing was changed" } else { "" },
    ));
    Ok(())
}
