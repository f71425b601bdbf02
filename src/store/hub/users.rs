//! Logins of the hub and what each may see: `plp hub user`. A login is a PostgreSQL role that
//! can log in, a member of one of the group roles (plp_admin, plp_counselor, plp_advisor,
//! plp_teacher), with its scope in plp.logins and plp.login_students. The row-level security of
//! sql/0002_access.sql reads them; nothing here is the guard. Logins are made and changed by the
//! hub's owner through `plp.set_login` (sql/0014_owned_logins.sql), which an admin may call.

use super::{Hub, HubError};

/// What a login may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Everything, and manages logins.
    Admin,
    /// The students of a school (all, without one), restricted notes included.
    Counselor,
    /// The students whose advisor field names them, restricted notes included.
    Advisor,
    /// Reads the students of their scope without restricted material; writes nothing.
    Teacher,
}

impl Role {
    /// Every role, as written on the command line.
    pub const ALL: &'static [Role] = &[Role::Admin, Role::Counselor, Role::Advisor, Role::Teacher];

    /// The word for it (also plp.logins.role).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Counselor => "counselor",
            Role::Advisor => "advisor",
            Role::Teacher => "teacher",
        }
    }

    /// Reads the word, or says which words there are.
    pub fn parse(s: &str) -> Result<Role, String> {
        let w = s.trim().to_lowercase();
        Role::ALL
            .iter()
            .copied()
            .find(|r| r.as_str() == w)
            .ok_or_else(|| {
                format!(
                    "\"{}\" is not a role (the roles are: admin, counselor, advisor, teacher)",
                    crate::domain::clean_line(s)
                )
            })
    }
}

/// A login as it should be after `plp hub user`: the whole of its scope (what was there before
/// and is not given again is taken away).
#[derive(Clone, PartialEq, Eq)]
pub struct Login {
    /// The PostgreSQL role name.
    pub login: String,
    /// Its role.
    pub role: Role,
    /// An advisor's name as students' advisor fields write it (matched loosely).
    pub advisor: Option<String>,
    /// Whether the advisor's name is matched word for word (`--exact`), not loosely.
    pub exact: bool,
    /// A counselor's or teacher's school.
    pub school: Option<String>,
    /// A teacher's students by SIS id.
    pub students: Vec<String>,
    /// A new password, if one is to be set.
    pub password: Option<String>,
}

impl std::fmt::Debug for Login {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the password, even in a debug print.
        f.debug_struct("Login")
            .field("login", &self.login)
            .field("role", &self.role)
            .field("advisor", &self.advisor)
            .field("exact", &self.exact)
            .field("school", &self.school)
            .field("students", &self.students.len())
            .field("password", &self.password.as_ref().map(|_| "(given)"))
            .finish()
    }
}

impl Login {
    /// Checks that the scope suits the role; the sentence saying what is wrong otherwise.
    pub fn check(&self) -> Result<(), String> {
        check_login_name(&self.login)?;
        let blank = |v: &Option<String>| v.as_deref().is_some_and(|s| s.trim().is_empty());
        if blank(&self.advisor) {
            return Err("--advisor is empty".into());
        }
        if blank(&self.school) {
            return Err("--school is empty".into());
        }
        match self.role {
            Role::Advisor if self.advisor.is_none() => {
                Err("an advisor login needs --advisor NAME (as the students' advisor field writes it)".into())
            }
            r if r != Role::Advisor && self.advisor.is_some() => Err(format!(
                "--advisor is only for advisor logins, not {}",
                r.as_str()
            )),
            r if r != Role::Advisor && self.exact => Err(format!(
                "--exact is only for advisor logins, not {}",
                r.as_str()
            )),
            Role::Admin if self.school.is_some() => {
                Err("an admin login sees every school; --school is for advisors, counselors and teachers".into())
            }
            r if r != Role::Teacher && !self.students.is_empty() => Err(format!(
                "--students is only for teacher logins, not {}",
                r.as_str()
            )),
            _ => Ok(()),
        }
    }

    /// "an advisor for Ms. Rivera", "a teacher of 28 students at North High".
    pub fn describe(&self) -> String {
        let school = self.school.as_deref().map(crate::domain::clean_line);
        match self.role {
            Role::Admin => "an admin".into(),
            Role::Advisor => {
                let mut name = crate::domain::clean_line(self.advisor.as_deref().unwrap_or(""));
                if self.exact {
                    name.push_str(" (word for word)");
                }
                match school {
                    Some(s) => format!("an advisor for {name} at {s}"),
                    None => format!("an advisor for {name}"),
                }
            }
            Role::Counselor => match school {
                Some(s) => format!("a counselor at {s}"),
                None => "a counselor of every school".into(),
            },
            Role::Teacher => {
                let n = self.students.len();
                let of = format!("{n} student{}", if n == 1 { "" } else { "s" });
                match (school, n) {
                    (None, 0) => "a teacher with no students yet".into(),
                    (Some(s), 0) => format!("a teacher at {s}"),
                    (None, _) => format!("a teacher of {of}"),
                    (Some(s), _) => format!("a teacher of {of} at {s}"),
                }
            }
        }
    }
}

/// Checks that `name` may be a hub login's name; the sentence saying why not otherwise.
pub fn check_login_name(name: &str) -> Result<(), String> {
    if name.trim().is_empty() {
        return Err("the login name is empty".into());
    }
    if name.len() > 63 || name.chars().any(|c| c.is_control()) {
        return Err(format!(
            "\"{}\" cannot be a login name (at most 63 bytes, no control characters)",
            crate::domain::clean_line(name)
        ));
    }
    let lower = name.to_lowercase();
    if lower.starts_with("pg_") || lower.starts_with("plp_") || lower == "public" {
        return Err(format!(
            "\"{}\" is a name PostgreSQL or plp keeps for itself; choose another login name",
            crate::domain::clean_line(name)
        ));
    }
    Ok(())
}

/// What `plp hub user` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The login was made.
    Created,
    /// A role on the server that was no login of this hub was taken in as one (by the hub's
    /// owner).
    TookIn,
    /// The login was there and something about it changed.
    Changed,
    /// The login was there, and only its password changed.
    NewPassword,
    /// The login was already so.
    Unchanged,
}

impl Hub {
    /// Makes the login, or changes it to be as `want` says, in one transaction. Only the hub's
    /// admins and the database's owner may. The hub's owner does it (`plp.set_login`, schema
    /// 14): an admin login holds no right to make roles itself.
    pub fn set_login(&mut self, want: &Login) -> Result<Outcome, HubError> {
        self.must_manage_logins()?;
        let me = self.target.user.clone();
        if want.login == me {
            return Err(HubError::Refused(format!(
                "login {me} cannot change itself; ask another admin; nothing was changed"
            )));
        }
        // Only the SCRAM verifier leaves this machine: the password itself never reaches the
        // server, its statement log or its replicas.
        let verifier = want
            .password
            .as_ref()
            .map(|p| postgres_protocol::password::scram_sha_256(p.as_bytes()));
        let advisor = want.advisor.as_deref().map(str::trim);
        let school = want.school.as_deref().map(str::trim);
        // With a password, its scope before: a change that leaves it as it was set the
        // password alone (hub schema 27).
        let scope_before = match verifier {
            Some(_) => self.login_scope(&want.login)?,
            None => None,
        };
        let done: String = self
            .client
            .query_one(
                "SELECT plp.set_login($1, $2, $3, $4, $5, $6, $7)",
                &[
                    &want.login,
                    &want.role.as_str(),
                    &advisor,
                    &school,
                    &want.students,
                    &verifier,
                    &want.exact,
                ],
            )
            .map_err(|e| self.refused_or_failed(e))?
            .get(0);
        Ok(match done.as_str() {
            "created" => Outcome::Created,
            "taken in" => Outcome::TookIn,
            "changed"
                if scope_before.is_some() && scope_before == self.login_scope(&want.login)? =>
            {
                Outcome::NewPassword
            }
            "changed" => Outcome::Changed,
            _ => Outcome::Unchanged,
        })
    }

    /// `login`'s whole scope as one text (`plp.login_scope`), `None` for no login of this hub.
    fn login_scope(&mut self, login: &str) -> Result<Option<String>, HubError> {
        let row = self
            .client
            .query_one("SELECT plp.login_scope($1)", &[&login])
            .map_err(|e| self.refused_or_failed(e))?;
        Ok(row.get(0))
    }
}

impl Hub {
    /// Which of `sis_ids` no student the hub holds has (yet), in the order given: a teacher's
    /// class roster may name a student no school has synced, or hold a typing slip.
    pub fn unknown_sis_ids(&mut self, sis_ids: &[String]) -> Result<Vec<String>, HubError> {
        let rows = self
            .client()
            .query(
                "SELECT s.id FROM unnest($1::text[]) WITH ORDINALITY AS s(id, ord)
                 WHERE NOT EXISTS (SELECT 1 FROM plp.students st WHERE st.sis_id = s.id)
                 ORDER BY s.ord",
                &[&sis_ids],
            )
            .map_err(|e| self.fail(e))?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    /// The advisors written on the hub's students that the advisor name `advisor` matches (as
    /// an advisor login matches them: word for word when `exact`), kept to `school` when one is
    /// given: each spelling at each school, with how many students, most first.
    pub fn advisors_matched(
        &mut self,
        advisor: &str,
        school: Option<&str>,
        exact: bool,
    ) -> Result<Vec<Matched>, HubError> {
        let rows = self
            .client()
            .query(
                // Each advisor field once per school, then matched: the name is matched once
                // per spelling, not once per student (43 ms against 3-5 ms at 2,000 students).
                "WITH s AS MATERIALIZED (
                     SELECT advisor, school, count(*) AS n FROM plp.students
                     WHERE advisor IS NOT NULL GROUP BY 1, 2
                 )
                 SELECT s.advisor, s.school, s.n FROM s
                 WHERE plp.login_names_advisor($1, $3, s.advisor)
                   AND ($2::text IS NULL OR plp.same_school(s.school, $2))
                 ORDER BY 3 DESC, 1, 2",
                &[&advisor, &school, &exact],
            )
            .map_err(|e| self.fail(e))?;
        Ok(rows
            .iter()
            .map(|r| Matched {
                advisor: r.get(0),
                school: r.get(1),
                students: r.get(2),
            })
            .collect())
    }

    /// How many students the hub holds, at any school.
    pub fn student_total(&mut self) -> Result<i64, HubError> {
        let row = self
            .client()
            .query_one("SELECT count(*) FROM plp.students", &[])
            .map_err(|e| self.fail(e))?;
        Ok(row.get(0))
    }

    /// Each advisor field the hub's students write (at `school` when given), once.
    pub fn advisor_fields(&mut self, school: Option<&str>) -> Result<Vec<String>, HubError> {
        let rows = self
            .client()
            .query(
                "SELECT DISTINCT s.advisor FROM plp.students s
                 WHERE s.advisor IS NOT NULL
                   AND ($1::text IS NULL OR plp.same_school(s.school, $1))",
                &[&school],
            )
            .map_err(|e| self.fail(e))?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    /// Each school the hub's students are at, once.
    pub fn school_names(&mut self) -> Result<Vec<String>, HubError> {
        let rows = self
            .client()
            .query(
                "SELECT DISTINCT s.school FROM plp.students s WHERE s.school IS NOT NULL
                 ORDER BY 1",
                &[],
            )
            .map_err(|e| self.fail(e))?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    /// How many of the students `sis_ids` names the hub holds at a school other than `school`
    /// (a teacher's list kept to a school reads only those at it).
    pub fn listed_elsewhere(&mut self, sis_ids: &[String], school: &str) -> Result<i64, HubError> {
        let row = self
            .client()
            .query_one(
                "SELECT count(DISTINCT s.sis_id) FROM plp.students s
                 WHERE s.sis_id = ANY($1) AND NOT plp.same_school(s.school, $2)
                   AND NOT EXISTS (SELECT 1 FROM plp.students t WHERE t.sis_id = s.sis_id
                                   AND plp.same_school(t.school, $2))",
                &[&sis_ids, &school],
            )
            .map_err(|e| self.fail(e))?;
        Ok(row.get(0))
    }

    /// How many of the hub's students are at a school the name `school` matches.
    pub fn students_at(&mut self, school: &str) -> Result<i64, HubError> {
        let row = self
            .client()
            .query_one(
                "SELECT count(*) FROM plp.students s WHERE plp.same_school(s.school, $1)",
                &[&school],
            )
            .map_err(|e| self.fail(e))?;
        Ok(row.get(0))
    }
}

/// An advisor's name as the hub's students write it, at one school.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matched {
    /// The advisor field.
    pub advisor: String,
    /// The school (none when the hub does not know it).
    pub school: Option<String>,
    /// How many students.
    pub students: i64,
}
