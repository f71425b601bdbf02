//! `--advisor NAME` and `--grade N`, turned into the students they cover.

use super::args::ScopeArgs;
use super::{CliError, CliResult};
use crate::domain::advisor::Scope;
use crate::domain::{clean_line, parse_grade};

/// The scope the flags ask for; `--advisor me` is the name from `$PLP_ADVISOR` or the settings.
pub fn resolve(args: &ScopeArgs) -> CliResult<Scope> {
    let advisor = match args.advisor.as_deref().map(clean_line) {
        None => None,
        Some(a) if a.is_empty() => {
            return Err(CliError::Failure(
                "--advisor needs a name (or me, for the name in the settings)".into(),
            ))
        }
        Some(a) if a.eq_ignore_ascii_case("me") => {
            let settings = crate::config::load().map_err(|e| CliError::Failure(e.to_string()))?;
            Some(crate::config::advisor(&settings).ok_or_else(|| {
                CliError::Failure(
                    "--advisor me needs your name: set it once with plp config advisor \"Your Name\" (or $PLP_ADVISOR)"
                        .into(),
                )
            })?)
        }
        Some(a) => Some(a),
    };
    let grade = match &args.grade {
        None => None,
        Some(g) => Some(parse_grade(g).map_err(|e| CliError::Failure(format!("--grade: {e}")))?),
    };
    Ok(Scope { advisor, grade })
}

/// The scope as headings say it: an advisor typed on the command line is named as the
/// students' advisor fields write it ("achebe" is "Ms. Achebe"), `me` as the settings have it;
/// a name that matches no field, or several people, is said as typed.
pub fn as_said<'a>(
    args: &ScopeArgs,
    scope: &Scope,
    fields: impl IntoIterator<Item = &'a str>,
) -> Scope {
    let typed_me = args
        .advisor
        .as_deref()
        .is_some_and(|a| clean_line(a).eq_ignore_ascii_case("me"));
    let written = match &scope.advisor {
        Some(typed) if !typed_me => crate::domain::advisor::as_written(typed, fields),
        _ => None,
    };
    Scope {
        advisor: written.or_else(|| scope.advisor.clone()),
        grade: scope.grade,
    }
}

/// How many advisors a refusal names as the nearest to a name that matches none.
const NEAREST_SHOWN: usize = 3;

/// The advisors written in `fields` nearest to `typed`, at most [`NEAREST_SHOWN`], as lines fit
/// to print.
pub fn nearest_advisors<'a>(typed: &str, fields: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    crate::domain::advisor::nearest(typed, fields, NEAREST_SHOWN)
        .iter()
        .map(|a| clean_line(a))
        .collect()
}

/// Refuses an `--advisor` that no active student's advisor field matches, in one sentence
/// naming the nearest advisors known: otherwise a report of nobody's advisees comes out empty
/// with no word of why, as a mistyped name would have it.
pub fn advisor_known<'a>(
    scope: &Scope,
    fields: impl IntoIterator<Item = &'a str> + Clone,
) -> CliResult {
    let Some(typed) = &scope.advisor else {
        return Ok(());
    };
    if fields
        .clone()
        .into_iter()
        .any(|f| crate::domain::advisor::matches(typed, f))
    {
        return Ok(());
    }
    let near = nearest_advisors(typed, fields);
    let known = match near.as_slice() {
        [] => "; no active student has an advisor written yet".to_string(),
        [one] => format!("; the advisor known is {one}"),
        [rest @ .., last] => format!(
            "; the nearest advisors known are {} and {last}",
            rest.join(", ")
        ),
    };
    Err(CliError::Failure(format!(
        "no active student has \"{}\" as advisor{known}",
        clean_line(typed)
    )))
}
