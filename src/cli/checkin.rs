//! `plp checkin STUDENT --said TEXT`: log a quick check-in from the shell.

use chrono::NaiveDate;
use std::path::Path;

use super::args::{CheckinArgs, RestrictArg};
use super::{open_existing, CliError, CliResult, Out};
use crate::domain::{
    clean_line, clean_text, far_without_year, long_ago_without_year, next_date_keeping_agreed,
    next_school_day, parse_next, school_year_of, show_date, CheckIn, CheckInKind, NextDate,
    Restriction,
};
use crate::store::{plan_id_for, Entity};

/// Weeks to the next check-in when none is given.
const DEFAULT_NEXT: &str = "5w";

pub fn run(path: &Path, args: CheckinArgs, today: NaiveDate, out: &mut Out) -> CliResult {
    // The kinds offered are the kinds taken: those of a meeting the composer logs too.
    let kind: CheckInKind = args.kind.parse().map_err(|_| {
        CliError::Failure(format!(
            "unknown check-in kind \"{}\" (expected one of: {})",
            super::output::brief(&args.kind),
            CheckInKind::MEETINGS
                .iter()
                .map(|k| k.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))
    })?;
    // The annual review decides each goal and makes next year's plan; a check-in does neither.
    if !CheckInKind::MEETINGS.contains(&kind) {
        return Err(CliError::Failure(format!(
            "--kind {} is not a check-in: the annual review is held as the year-end review (Y on the student in plp), which decides each goal (met, carried forward or dropped) and makes next year's plan",
            crate::domain::clean_line(&args.kind)
        )));
    }
    // As the composer's date held: a day typed without its year is the last such day on or
    // before today.
    let date = match &args.date {
        Some(d) => crate::domain::parse_date_near(d, today, false)?,
        None => today,
    };
    // As in the composer: a check-in is written up once it has been held.
    if date > today {
        return Err(CliError::Failure(format!(
            "--date {date} is after today ({today}): a check-in is written up once held"
        )));
    }
    let typed_date = args.date.as_deref().unwrap_or_default();
    if long_ago_without_year(typed_date, today, date) {
        return Err(CliError::Failure(format!(
            "--date {} reads as {}, {} weeks ago, and would go with that school year's plan; \
             write the year ({date}) if that is meant",
            clean_line(typed_date),
            show_date(date),
            (today - date).num_days() / 7
        )));
    }
    let notes = args.notes.as_deref().unwrap_or_default();
    // Held to the field table's rules for typed text (its length), as the composer is.
    for (field, text) in [("student_words", args.said.as_str()), ("notes", notes)] {
        Entity::CheckIn.field_or_err(field)?.from_text(text)?;
    }
    if clean_text(&args.said).trim().is_empty() && clean_text(notes).trim().is_empty() {
        return Err(CliError::Failure(
            "there is nothing to save: give --said (what the student said) or --notes".into(),
        ));
    }
    // Restricted notes with no notes would keep nothing out: the words would reach the family.
    if args.restricted == Some(RestrictArg::Notes) && clean_text(notes).trim().is_empty() {
        return Err(CliError::Failure(
            "--restricted keeps the advisor notes out of printouts and exports, and there are no \
             --notes: --restricted whole keeps the whole check-in out, the student's words too"
                .into(),
        ));
    }
    let typed_next = args.next.as_deref().unwrap_or(DEFAULT_NEXT);
    let counted = parse_next(typed_next, date)?;
    // A count of weeks or days (the default's too) lands on a school day ([`next_school_day`]),
    // as the composer's weeks do; a date typed is as typed.
    let count = crate::domain::count_in_words(typed_next);
    let next = match count {
        Some(_) => next_school_day(counted),
        None => counted,
    };
    if far_without_year(typed_next, date, next) {
        return Err(CliError::Failure(format!(
            "--next {} reads as {}, {} weeks after the check-in; write the year ({next}) if that \
             is meant",
            clean_line(typed_next),
            show_date(next),
            (next - date).num_days() / 7
        )));
    }
    if next <= date {
        return Err(CliError::Failure(format!(
            "--next {} ({next}) is not after the check-in ({date}): the next check-in comes after it (5w is five weeks on)",
            clean_line(args.next.as_deref().unwrap_or_default())
        )));
    }
    let mut store = open_existing(path)?;
    let id = super::begin::find_student(&store, &args.student)?;
    let record = store.student(&id)?;
    let plan_id = plan_id_for(&id, &school_year_of(date));
    let plan_id = record
        .plans
        .iter()
        .any(|p| p.plan.id == plan_id)
        .then_some(plan_id);
    // With no --next, a meeting of another kind keeps the date the last check-in agreed.
    // A meeting written up for a day before the latest check-in was not held after it: it keeps
    // nothing that check-in agreed.
    let last = record
        .last_checkin()
        .filter(|c| c.date.is_none_or(|held| held <= date));
    let next = match args.next {
        Some(_) => NextDate::Default(next),
        None => next_date_keeping_agreed(kind, next, last.and_then(|c| c.next_date), today),
    };
    let mut attended = vec!["student".to_string(), "advisor".to_string()];
    for name in who_else(&args.with, &record.team)? {
        if !attended.contains(&name) {
            attended.push(name);
        }
    }
    let mut checkin = CheckIn {
        student_id: id.clone(),
        plan_id,
        date: Some(date),
        kind,
        attended,
        student_words: args.said.clone(),
        notes: args.notes.clone().unwrap_or_default(),
        next_date: Some(next.date()),
        ..Default::default()
    };
    checkin.set_restriction(match args.restricted {
        None => Restriction::None,
        Some(RestrictArg::Notes) => Restriction::Notes,
        Some(RestrictArg::Whole) => Restriction::Whole,
    });
    store.write(|w| w.add_checkin(&checkin))?;
    // A check-in written up long after it was held may fall in a year with no plan, or set a
    // next date that has gone by: said, so that neither goes unnoticed.
    let mut then = String::new();
    if checkin.plan_id.is_none() && school_year_of(date) != school_year_of(today) {
        then.push_str(&format!(
            " (kept outside any plan: there is no {} plan)",
            school_year_of(date)
        ));
    }
    // A student no longer on the caseload (moved, graduated) keeps what is written, said.
    if record.student.status == crate::domain::StudentStatus::Inactive {
        then.push_str(&format!(
            "; {} is marked inactive (moved or graduated), so the caseload does not show them",
            super::output::brief(&record.student.display_name())
        ));
    }
    // Typed for a student the file's hub login no longer writes for: kept here, said now
    // rather than at the next sync.
    then.push_str(&super::kept_here::stays_here(
        &store,
        &id,
        &super::output::brief(&record.student.display_name()),
    )?);
    let kept = match (next, last.and_then(|c| c.date)) {
        (NextDate::Agreed(_), Some(on)) => {
            format!(" (as agreed on {on}, kept; --next sets another)")
        }
        (NextDate::Agreed(_), None) => " (as agreed, kept; --next sets another)".to_string(),
        (NextDate::Default(d), _) if d != counted => {
            format!(
                " ({} on is {counted}, a day with no school)",
                count.unwrap_or_default()
            )
        }
        _ => String::new(),
    };
    let next = next.date();
    if next < today {
        then.push_str("; that day has passed: --next with a day still to come sets when to meet");
    }
    // A meeting with the family, written with no one else there, is most likely missing them.
    let family_meeting = matches!(kind, CheckInKind::StudentLed | CheckInKind::Parent);
    if family_meeting && args.with.is_empty() {
        then.push_str(
            "; only the student and advisor are written as there (--with NAME, or --with family, \
             names who else was)",
        );
    }
    out.line(&format!(
        "{}: {} on {date} saved; next check-in {next}{kept}{then}",
        super::output::brief(&record.student.display_name()),
        kind.label()
    ));
    Ok(())
}

/// Who else was there, as `--with` names them: a team member by name (written as the team
/// lists them), `family` for each family member on the team, or anyone else as typed.
fn who_else(with: &[String], team: &[crate::domain::TeamMember]) -> CliResult<Vec<String>> {
    let mut out = Vec::new();
    for typed in with {
        let name = clean_line(typed);
        if name.is_empty() {
            return Err(CliError::Failure(
                "--with needs a name (a team member's, family, or anyone's)".into(),
            ));
        }
        if name.eq_ignore_ascii_case("family") {
            let family: Vec<String> = team
                .iter()
                .filter(|m| crate::domain::is_family_role(&m.role))
                .map(|m| clean_line(&m.name))
                .collect();
            if family.is_empty() {
                return Err(CliError::Failure(
                    "--with family: no family member is on this student's team (plp team \
                     STUDENT add NAME --role mother, or --with their name)"
                        .into(),
                ));
            }
            out.extend(family);
            continue;
        }
        let folded = crate::store::fold(&name);
        out.push(
            team.iter()
                .find(|m| crate::store::fold(&m.name) == folded)
                .map_or(name, |m| clean_line(&m.name)),
        );
    }
    Ok(out)
}
