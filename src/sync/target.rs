//! What a sync target names: a hub's URL, a file over ssh (`[user@]host:path`), or another file
//! on this machine; and text that looks like a URL but is no hub's (`postgress://…`,
//! `postgres//…`, `https://…`), which is refused before anything is made of it: read as a
//! path it would become folders named after a login and its password, and read as a host it
//! would be handed to ssh.

use std::path::Path;

use crate::store::hub::{is_hub_url, shown_url};

/// The place a sync target names.
#[derive(Debug, PartialEq, Eq)]
pub enum Place<'a> {
    /// A district hub.
    Hub(&'a str),
    /// A database on another machine, reached through ssh.
    Ssh {
        /// `[user@]host`.
        host: &'a str,
        /// The database's path there.
        path: &'a str,
    },
    /// Another database file on this machine.
    File(&'a Path),
}

/// A target that is no place to sync with.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum NotAPlace {
    /// It looks like a URL but is no hub's.
    #[error(
        "\"{0}\" is not a place to sync with: a hub's URL starts postgres:// or postgresql://"
    )]
    Url(String),
    /// `host:` with nothing after the colon: a file over ssh with its path left out. Read as a
    /// file here, `--create` would make one named `host:`.
    #[error(
        "\"{0}\" names no database on {host}: give its path there after the colon \
         ({host}:/srv/plp/plp.db), or ./{0} for a file here of that name",
        host = .0.trim_end_matches(':')
    )]
    NoPath(String),
    /// `user@:path` or `@host:path`: a login or a machine left out.
    #[error("\"{0}\" names no machine to reach over ssh: write [user@]host:path (advisor@lab:/srv/plp/plp.db)")]
    NoHost(String),
}

/// Reads a sync target. `is_file`: whether something by that name exists on this machine (a
/// file named like a URL is still that file).
pub fn place(target: &str, is_file: bool) -> Result<Place<'_>, NotAPlace> {
    if is_hub_url(target) {
        return Ok(Place::Hub(target));
    }
    if !is_file && looks_like_a_url(target) {
        return Err(NotAPlace::Url(shown(target)));
    }
    if !is_file {
        let host = target.strip_suffix(':').filter(|h| !h.contains(['/', ':']));
        if host.is_some_and(|h| !h.is_empty()) {
            return Err(NotAPlace::NoPath(crate::domain::clean_line(target)));
        }
        if let Some((host, _)) = remote(target) {
            let (user, machine) = host.rsplit_once('@').unwrap_or(("x", host));
            if user.is_empty() || machine.is_empty() {
                return Err(NotAPlace::NoHost(crate::domain::clean_line(target)));
            }
        }
    }
    Ok(match remote(target) {
        Some((host, path)) => Place::Ssh { host, path },
        None => Place::File(Path::new(target)),
    })
}

/// `[user@]host:path`, as git reads it: a colon before any slash.
fn remote(target: &str) -> Option<(&str, &str)> {
    let (host, path) = target.split_once(':')?;
    if host.is_empty() || host.contains('/') || path.is_empty() {
        return None;
    }
    Some((host, path))
}

/// A scheme (`…://`), or a first word close to `postgres` or `postgresql` (`postgress`,
/// `posgres`, `postgresq`, `pg`) followed by `:` or `/`: a mistyped hub URL. A host of such a name is still reached as
/// `user@host:path`, and a folder as `./postgres/…`.
fn looks_like_a_url(target: &str) -> bool {
    if target.contains("://") {
        return true;
    }
    let (word, rest) = first_word(target);
    let word = word.to_ascii_lowercase();
    (rest.starts_with(':') || rest.starts_with('/'))
        && (word.starts_with("postg")
            || ["pg", "pgsql", "psql"].contains(&word.as_str())
            || crate::domain::edit_distance(&word, "postgres") <= 1
            || crate::domain::edit_distance(&word, "postgresql") <= 2)
}

/// Whether `text`, given where a database file is named (`--db`, `$PLP_DB`), is a URL instead:
/// a hub's, any other scheme's (`…://`), or one whose first word is close to `postgres` and
/// followed by `:` (`postgres:/…`, `postgress:…`). Read as a path it would become folders named
/// `postgres:` and after a login and its password. A folder such as `pg/` or `./postgres/` is
/// still a path.
pub fn names_a_url(text: &str) -> bool {
    if is_hub_url(text) || text.contains("://") {
        return true;
    }
    first_word(text).1.starts_with(':') && looks_like_a_url(text)
}

/// The leading run of letters, and what follows it.
fn first_word(target: &str) -> (&str, &str) {
    let end = target
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(target.len());
    target.split_at(end)
}

/// The target as it may be shown: no password, in the user part or in a `password=`
/// parameter, whichever separator was typed after the scheme.
fn shown(target: &str) -> String {
    if target.contains("://") {
        return shown_url(target);
    }
    let (word, rest) = first_word(target);
    let body = rest.trim_start_matches([':', '/']);
    let separator = &rest[..rest.len() - body.len()];
    let tidy = shown_url(&format!("x://{body}"));
    let tidy = tidy.strip_prefix("x://").unwrap_or(&tidy);
    crate::domain::clean_line(&format!("{word}{separator}{tidy}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(t: &str) -> String {
        place(t, false).unwrap_err().to_string()
    }

    #[test]
    fn a_host_without_a_path_or_a_path_without_a_host_is_said() {
        assert_eq!(
            refused("school:"),
            "\"school:\" names no database on school: give its path there after the colon \
             (school:/srv/plp/plp.db), or ./school: for a file here of that name"
        );
        for t in ["@:x.db", "advisor@:x.db", "@lab:x.db"] {
            assert!(
                refused(t).contains("names no machine to reach over ssh"),
                "{t}"
            );
        }
        // A file of that name here is that file.
        assert_eq!(
            place("school:", true),
            Ok(Place::File(Path::new("school:")))
        );
        assert!(place("./school:", false).is_ok());
    }

    #[test]
    fn hub_urls_hosts_and_files_are_read_as_before() {
        let url = "postgres://ana:pw@db.district.org/plp";
        assert_eq!(place(url, false), Ok(Place::Hub(url)));
        assert_eq!(
            place("advisor@lab:/srv/plp/school.db", false),
            Ok(Place::Ssh {
                host: "advisor@lab",
                path: "/srv/plp/school.db"
            })
        );
        for file in [
            "other.db",
            "./postgres/x.db",
            "/media/usb/plp.db",
            "posters/a.db",
        ] {
            assert_eq!(
                place(file, false),
                Ok(Place::File(Path::new(file))),
                "{file}"
            );
        }
        // A host named like the server is reached with a user name.
        assert!(matches!(
            place("ana@postgres:/srv/plp.db", false),
            Ok(Place::Ssh { .. })
        ));
        // A file that exists is that file, whatever its name.
        assert!(matches!(place("postgres/a.db", true), Ok(Place::File(_))));
    }

    #[test]
    fn a_mistyped_hub_url_is_refused_without_its_password() {
        for (typed, shown) in [
            (
                "postgres//boss:pw@127.0.0.1:55801/district",
                "postgres//boss@127.0.0.1:55801/district",
            ),
            ("postgress://boss:pw@h/db", "postgress://boss@h/db"),
            ("pg://boss:pw@h/db", "pg://boss@h/db"),
            ("posgres:boss:pw@h/db", "posgres:boss@h/db"),
            ("postgesql:/h/db", "postgesql:/h/db"),
            ("postgresql:/boss:pw@h/db", "postgresql:/boss@h/db"),
            ("Postgre:boss:pw@h/db", "Postgre:boss@h/db"),
            (
                "postgres:/h/db?password=pw&sslmode=require",
                "postgres:/h/db?sslmode=require",
            ),
            ("https://example.org/plp.db", "https://example.org/plp.db"),
        ] {
            let e = refused(typed);
            assert_eq!(
                e,
                format!(
                    "\"{shown}\" is not a place to sync with: a hub's URL starts postgres:// or \
                     postgresql://"
                ),
                "{typed}"
            );
            assert!(!e.contains("pw"), "{e}");
        }
    }

    #[test]
    fn distance_counts_single_letter_edits() {
        assert_eq!(crate::domain::edit_distance("postgress", "postgres"), 1);
        assert_eq!(crate::domain::edit_distance("postgrsql", "postgresql"), 1);
        assert_eq!(crate::domain::edit_distance("posters", "postgres"), 2);
        assert_eq!(crate::domain::edit_distance("lab", "postgres"), 8);
    }
}
