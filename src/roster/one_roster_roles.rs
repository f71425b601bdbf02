//! OneRoster 1.2 keeps a person's role (student, teacher, guardian) out of `users.csv`, in
//! `roles.csv` beside it: one line per role a person holds at an organisation. A 1.2
//! `users.csv` is read with the roles of that file, so that only students are imported.

use std::collections::{BTreeSet, HashMap};

use super::formats::normalise;
use super::read::{decode, delimiter};
use super::RosterError;
use crate::domain::clean_line;

/// The file beside a 1.2 `users.csv` that holds its people's roles.
pub const ROLES_FILE: &str = "roles.csv";

/// Whether a header row is a OneRoster 1.2 `users.csv`: the columns 1.2 requires of every user
/// (`sourcedId`, `enabledUser`, `username`, `givenName`, `familyName`) and no `role` column,
/// which 1.1 had and 1.2 moved to `roles.csv`.
pub fn is_users_without_roles(normalised: &[String]) -> bool {
    let has = |h: &str| normalised.iter().any(|n| n == h);
    [
        "sourcedid",
        "enableduser",
        "username",
        "givenname",
        "familyname",
    ]
    .iter()
    .all(|h| has(h))
        && !has("role")
}

/// Each person's roles, by their `sourcedId`, as `roles.csv` gives them (lower case), and
/// the one marked primary; a role marked `tobedeleted` is none.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Roles {
    by_user: HashMap<String, BTreeSet<String>>,
    primary: HashMap<String, String>,
}

impl Roles {
    /// The role a person's line is counted under: `student` when any of their roles is, else
    /// their primary role, else their first, else the empty word (no role at all).
    pub fn of(&self, user: &str) -> String {
        match self.by_user.get(user) {
            Some(roles) if roles.contains("student") => "student".into(),
            Some(roles) => self
                .primary
                .get(user)
                .or_else(|| roles.iter().next())
                .cloned()
                .unwrap_or_default(),
            None => String::new(),
        }
    }
}

/// Reads a `roles.csv`: the `userSourcedId` and `role` columns are needed; a line that cannot
/// be read is one bad line, as in a roster.
pub fn read_roles(bytes: &[u8]) -> Result<Roles, RosterError> {
    let decoded = decode(bytes)?;
    let text = String::from_utf8_lossy(&decoded);
    let bytes = text.as_bytes();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(delimiter(bytes))
        .from_reader(bytes);
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(normalise).collect(),
        Err(e) => {
            return Err(RosterError::Header(format!(
                "the header row cannot be read: {e}"
            )))
        }
    };
    let column = |h: &str| header.iter().position(|n| n == h);
    let (Some(user_col), Some(role_col)) = (column("usersourcedid"), column("role")) else {
        return Err(RosterError::Header(
            "it has no userSourcedId and role columns, as a OneRoster roles.csv has".into(),
        ));
    };
    let status_col = column("status");
    let kind_col = column("roletype");
    let mut roles = Roles::default();
    let mut bad = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let line = rec
            .as_ref()
            .ok()
            .and_then(|r| r.position())
            .map_or(i as u64 + 2, |p| p.line());
        let Ok(rec) = rec else {
            bad.push((line, "cannot be read as CSV".to_string()));
            continue;
        };
        let cell = |i: Option<usize>| i.and_then(|i| rec.get(i)).map(clean_line);
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if cell(status_col).is_some_and(|s| s.eq_ignore_ascii_case("tobedeleted")) {
            continue;
        }
        let (Some(user), Some(role)) = (cell(Some(user_col)), cell(Some(role_col))) else {
            bad.push((
                line,
                format!("has {} fields; the header has {}", rec.len(), header.len()),
            ));
            continue;
        };
        if user.is_empty() {
            bad.push((line, "names no userSourcedId".to_string()));
            continue;
        }
        let role = role.to_lowercase();
        if cell(kind_col).is_some_and(|k| k.eq_ignore_ascii_case("primary")) {
            roles.primary.insert(user.clone(), role.clone());
        }
        roles.by_user.entry(user).or_default().insert(role);
    }
    if !bad.is_empty() {
        return Err(RosterError::Lines(bad));
    }
    Ok(roles)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_person_is_a_student_when_any_of_their_roles_is() {
        let roles = read_roles(
            b"sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId\n\
              r1,,,u1,primary,student,,,org1,\n\
              r2,,,u2,primary,teacher,,,org1,\n\
              r3,,,u3,primary,guardian,,,org1,\n\
              r4,,,u3,secondary,Student,,,org2,\n\
              r5,tobedeleted,,u4,primary,student,,,org1,\n\
              r6,,,u5,secondary,administrator,,,org2,\n\
              r7,,,u5,primary,teacher,,,org1,\n",
        )
        .unwrap();
        assert_eq!(roles.of("u1"), "student");
        assert_eq!(roles.of("u2"), "teacher");
        assert_eq!(roles.of("u3"), "student");
        assert_eq!(roles.of("u4"), "", "a role to be deleted is none");
        assert_eq!(roles.of("nobody"), "");
        assert_eq!(
            roles.of("u5"),
            "teacher",
            "the primary role, not the first by name"
        );
    }

    #[test]
    fn a_file_without_the_columns_is_refused() {
        assert!(matches!(
            read_roles(b"id,name\n1,Ana\n"),
            Err(RosterError::Header(_))
        ));
        assert!(matches!(
            read_roles(b"userSourcedId,role\n,student\n"),
            Err(RosterError::Lines(_))
        ));
    }

    #[test]
    fn the_12_users_file_is_told_from_the_11_one() {
        let n = |h: &str| h.split(',').map(normalise).collect::<Vec<_>>();
        assert!(is_users_without_roles(&n(
            "sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password"
        )));
        assert!(!is_users_without_roles(&n(
            "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,identifier"
        )));
        assert!(!is_users_without_roles(&n(
            "Student ID,First Name,Last Name,Grade"
        )));
    }
}
