//! The header dictionaries: which column of which SIS export holds which student field.
//!
//! Headers are compared once normalised (lower case, letters and digits only, `#` read as
//! "number"), so `Student_Number`, `student number` and `STUDENT-NUMBER` are one name. Where an
//! export has two columns for one field (Aeries' `Perm ID` and `Student ID`, Clever's
//! `Student_number` and `Student_id`), the one listed first here is read, the other only where
//! it is blank, and the import says so.

/// The student fields a roster column can fill, as `--map COLUMN=FIELD` names them.
pub const FIELDS: &[&str] = &[
    "sis_id",
    "given_name",
    "family_name",
    "grade",
    "preferred_name",
    "pronouns",
    "grad_year",
    "advisor",
    "email",
    "iep",
    "plan_504",
    "status",
];

/// Columns that must be found (field, the name a person knows it by).
pub const REQUIRED: &[(&str, &str)] = &[
    ("sis_id", "student_id"),
    ("given_name", "given_name"),
    ("family_name", "family_name"),
    ("grade", "grade"),
];

/// For each field, the normalised header names that hold it, most preferred first:
/// plp's own names, then PowerSchool (`Student_Number`, `Grade_Level`, `Advisor_Name`,
/// `Sched_YearOfGraduation`, `SPED_IEP`, `Section_504`), Infinite Campus (`studentNumber`,
/// `gradYear`), Skyward (`Other ID`, `Grd`, `Grad Yr`, `Advisor Name`), Aeries (`Perm ID`,
/// `Student ID`, `Nick Name`) and OneRoster `users.csv` (`identifier`, `givenName`,
/// `familyName`, `grades`, `preferredGivenName`).
pub const COLUMNS: &[(&str, &[&str])] = &[
    (
        "sis_id",
        &[
            "permid",
            "permanentid",
            "permanentstudentid",
            // The student number before a "student id": in an export that has both (Clever's
            // `Student_number` and `Student_id`), the number is the one the school knows a
            // student by, and the id a system's own key.
            "studentnumber",
            "studentnum",
            "studentno",
            "sisnumber",
            "studentid",
            "sisid",
            "localid",
            "localstudentid",
            "identifier",
            "id",
            "sourcedid",
            "otherid",
        ],
    ),
    (
        "given_name",
        &[
            "givenname",
            "firstname",
            "first",
            "legalfirstname",
            "studentfirstname",
            "stufirstname",
        ],
    ),
    (
        "family_name",
        &[
            "familyname",
            "lastname",
            "last",
            "surname",
            "legallastname",
            "studentlastname",
            "stulastname",
        ],
    ),
    (
        "grade",
        &[
            "grade",
            "gradelevel",
            "gr",
            "grd",
            "grades",
            "currentgrade",
            "studentgrade",
        ],
    ),
    (
        "preferred_name",
        &[
            "preferredname",
            "preferredfirstname",
            "preferredgivenname",
            "nickname",
            "prefname",
            "preferfirstname",
        ],
    ),
    ("pronouns", &["pronouns", "pronoun"]),
    (
        "grad_year",
        &[
            "gradyear",
            "graduationyear",
            "classof",
            "yog",
            "schedyearofgraduation",
            "yearofgraduation",
            "gradyr",
            "cohortyear",
        ],
    ),
    (
        "advisor",
        &[
            "advisor",
            "advisorname",
            "advisory",
            "advisoryteacher",
            "advisorteacher",
        ],
    ),
    (
        "email",
        &[
            "email",
            "emailaddress",
            "studentemail",
            "studentemailaddress",
            "emailaddr",
        ],
    ),
    ("iep", &["iep", "hasiep", "spediep", "iepstatus", "iepflag"]),
    (
        "plan_504",
        &[
            "504",
            "plan504",
            "section504",
            "has504",
            "504plan",
            "student504",
        ],
    ),
    // Whether the student is enrolled now: PowerSchool's `Enroll_Status`, OneRoster's
    // `enabledUser`, and the plain names other exports use; read by [`enrollment_status`].
    (
        "status",
        &[
            "enrollstatus",
            "enrollmentstatus",
            "enrollmentstatuscode",
            "enableduser",
            "studentstatus",
            "activestatus",
            "status",
        ],
    ),
];

/// Whether an enrollment column's value means enrolled now (`Some(true)`), not enrolled
/// (`Some(false)`), or is not known (`None`). PowerSchool's `Enroll_Status`: `0` active, `-1`
/// pre-registered (not yet attending), `1` inactive, `2` transferred out, `3` graduated, `4`
/// imported as historical; OneRoster's `enabledUser`: `true` / `false`; the words other
/// exports use (`Active`, `A`, `Inactive`, `I`, `Withdrawn`, `W`, `Graduated`…). Blank is
/// enrolled (a roster lists the students it holds).
pub fn enrollment_status(text: &str) -> Option<bool> {
    let t = text.trim().to_lowercase().replace([' ', '_', '-'], "");
    match t.as_str() {
        "" | "0" | "active" | "a" | "enrolled" | "e" | "true" | "yes" | "y" | "current" => {
            Some(true)
        }
        "1" | "2" | "3" | "4" | "inactive" | "i" | "withdrawn" | "w" | "transferred"
        | "transferredout" | "graduated" | "g" | "false" | "no" | "n" | "preregistered"
        | "preenrolled" | "noshow" | "left" | "moved" | "historical" | "importedhistorical" => {
            Some(false)
        }
        _ => None,
    }
}

/// Normalised header names of one column holding both names as "Last, First": PowerSchool's
/// `LastFirst`, the "Student Name" of Skyward and Infinite Campus exports, or a plain `Name`.
/// Read only when the file has no given or family name column of its own.
pub const LAST_FIRST_COLUMNS: &[&str] = &["lastfirst", "studentname", "name", "lastfirstname"];

/// Whether a normalised header name is a "Last, First" column.
pub fn is_last_first(normalised: &str) -> bool {
    LAST_FIRST_COLUMNS.contains(&normalised)
}

/// A header name as the dictionaries compare it.
pub fn normalise(header: &str) -> String {
    header
        .trim_start_matches('\u{feff}')
        .replace('#', "number")
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase()
}

/// The field a header names, with its rank (lower is preferred), if any dictionary knows it.
pub fn field_for(normalised: &str) -> Option<(&'static str, usize)> {
    COLUMNS.iter().find_map(|(field, names)| {
        names
            .iter()
            .position(|n| *n == normalised)
            .map(|rank| (*field, rank))
    })
}

/// The field a `--map` target names (`student_id` and `504` are accepted too), or `ignore`.
pub fn map_target(name: &str) -> Option<&'static str> {
    let n = name.trim().to_lowercase().replace([' ', '-'], "_");
    match n.as_str() {
        "ignore" | "none" | "" => Some("ignore"),
        "student_id" | "id" => Some("sis_id"),
        "504" | "section_504" => Some("plan_504"),
        "first_name" => Some("given_name"),
        "last_name" => Some("family_name"),
        "last_first" | "lastfirst" => Some("last_first"),
        _ => FIELDS.iter().copied().find(|f| *f == n),
    }
}

/// Whether a header row is a OneRoster `users.csv` (its rows are people of every role).
pub fn is_one_roster(normalised: &[String]) -> bool {
    ["sourcedid", "role", "givenname", "familyname"]
        .iter()
        .all(|h| normalised.iter().any(|n| n == h))
}

/// A OneRoster grade (CEDS codes): `09`, `KG`, `PK`; the pre-school codes read as pre-K, and
/// `UG` (ungraded), `Other` or nothing as no grade. Several grades take the first.
pub fn one_roster_grade(code: &str) -> Option<String> {
    let first = code.split(',').next().unwrap_or("").trim();
    match first.to_uppercase().as_str() {
        "" | "UG" | "OTHER" => None,
        "TK" | "PR" | "PS" | "IT" => Some("PK".to_string()),
        _ => Some(first.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_headers_are_known() {
        for (header, field) in [
            ("Student_Number", "sis_id"),
            ("Grade_Level", "grade"),
            ("Advisor_Name", "advisor"),
            ("Sched_YearOfGraduation", "grad_year"),
            ("SPED_IEP", "iep"),
            ("Section_504", "plan_504"),
            ("studentNumber", "sis_id"),
            ("Perm ID", "sis_id"),
            ("Student #", "sis_id"),
            ("Grad Yr", "grad_year"),
            ("givenName", "given_name"),
            ("preferredGivenName", "preferred_name"),
        ] {
            assert_eq!(
                field_for(&normalise(header)).map(|f| f.0),
                Some(field),
                "{header}"
            );
        }
        assert!(field_for(&normalise("Home_Room")).is_none());
        assert!(field_for("permid").unwrap().1 < field_for("studentid").unwrap().1);
        assert!(field_for("studentnumber").unwrap().1 < field_for("studentid").unwrap().1);
        assert!(field_for("identifier").unwrap().1 < field_for("sourcedid").unwrap().1);
    }

    #[test]
    fn map_targets_and_grades() {
        assert_eq!(map_target("Advisor"), Some("advisor"));
        assert_eq!(map_target("504"), Some("plan_504"));
        assert_eq!(map_target("ignore"), Some("ignore"));
        assert_eq!(map_target("shoe size"), None);
        assert_eq!(one_roster_grade("09"), Some("09".into()));
        assert_eq!(one_roster_grade("TK"), Some("PK".into()));
        assert_eq!(one_roster_grade("UG"), None);
        assert_eq!(one_roster_grade("10,11"), Some("10".into()));
    }

    #[test]
    fn enrollment_columns_and_values() {
        for header in [
            "Enroll_Status",
            "enabledUser",
            "Status",
            "Enrollment Status",
        ] {
            assert_eq!(field_for(&normalise(header)).map(|f| f.0), Some("status"));
        }
        assert_eq!(enrollment_status("0"), Some(true));
        for inactive in [
            "-1",
            "1",
            "2",
            "3",
            "4",
            "false",
            "Inactive",
            "W",
            "Graduated",
        ] {
            assert_eq!(enrollment_status(inactive), Some(false), "{inactive}");
        }
        assert_eq!(enrollment_status("TRUE"), Some(true));
        assert_eq!(enrollment_status(""), Some(true));
        assert_eq!(enrollment_status("maybe"), None);
        assert_eq!(enrollment_status("7"), None);
    }
}
