//! Where the hub is and how to reach it, read as libpq reads it: a `postgres://` or
//! `postgresql://` URL, the standard PG* environment variables for what the URL leaves out,
//! `~/.pgpass` for the password, and TLS as `sslmode` asks (rustls, with the system's roots or
//! the given root certificate for `verify-ca` and `verify-full`). A password is only ever handed
//! to the server: every address shown to a person has it taken out.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use super::HubError;

/// How the connection is protected, as libpq's `sslmode` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    /// No TLS.
    Disable,
    /// TLS if the server offers it, without checking its certificate (libpq's `allow` and
    /// `prefer`, the default).
    Prefer,
    /// TLS, without checking the certificate.
    Require,
    /// TLS, the certificate checked against the roots but not the host name.
    VerifyCa,
    /// TLS, the certificate and the host name checked.
    VerifyFull,
}

impl SslMode {
    /// The name libpq gives it.
    fn name(self) -> &'static str {
        match self {
            SslMode::Disable => "disable",
            SslMode::Prefer => "prefer",
            SslMode::Require => "require",
            SslMode::VerifyCa => "verify-ca",
            SslMode::VerifyFull => "verify-full",
        }
    }

    fn parse(s: &str) -> Result<SslMode, HubError> {
        Ok(match s {
            "disable" => SslMode::Disable,
            "allow" | "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            other => {
                return Err(HubError::BadUrl(format!(
                    "sslmode \"{}\" is not one of disable, allow, prefer, require, verify-ca, \
                     verify-full",
                    crate::domain::clean_line(other)
                )))
            }
        })
    }
}

/// A hub's address and login, with every gap filled as libpq fills it.
#[derive(Clone, PartialEq, Eq)]
pub struct Target {
    /// A host name or address, or a folder holding the server's socket.
    pub host: String,
    /// The port.
    pub port: u16,
    /// The login.
    pub user: String,
    /// The database.
    pub dbname: String,
    /// How the connection is protected.
    pub sslmode: SslMode,
    /// Root certificates (a PEM file, or `system`), for `verify-ca` and `verify-full`.
    pub sslrootcert: Option<String>,
    /// Seconds to wait for the server to answer.
    pub connect_timeout: u64,
    password: Option<String>,
    /// A password file passed over because others may read it (said if a password is asked).
    passfile_passed_over: Option<PathBuf>,
    /// The password file `PGPASSFILE` names, when it names one (else `~/.pgpass` is read).
    passfile_named: Option<PathBuf>,
}

// Never shows the password, even to a debug print.
impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Target({})", self.shown())
    }
}

/// Whether a sync target names a hub.
pub fn is_hub_url(s: &str) -> bool {
    s.starts_with("postgres://") || s.starts_with("postgresql://")
}

/// A URL as it may be shown: its password, in the user part or in a `password=` parameter,
/// taken out. Text that is not a URL is returned as it is.
pub fn shown_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (before_query, query) = match rest.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (rest, None),
    };
    let (authority, path) = match before_query.find('/') {
        Some(i) => before_query.split_at(i),
        None => (before_query, ""),
    };
    let authority = match authority.rsplit_once('@') {
        Some((userinfo, hosts)) => {
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{user}@{hosts}")
        }
        None => authority.to_string(),
    };
    let mut out = format!("{scheme}://{authority}{path}");
    if let Some(q) = query {
        let kept: Vec<&str> = q
            .split('&')
            .filter(|kv| !kv.split('=').next().unwrap_or_default().eq("password"))
            .collect();
        if !kept.is_empty() {
            out.push('?');
            out.push_str(&kept.join("&"));
        }
    }
    crate::domain::clean_line(&out)
}

fn percent_decode(s: &str) -> Result<String, HubError> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| {
                    HubError::BadUrl("the hub URL has a % not followed by two hex digits".into())
                })?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out)
        .map_err(|_| HubError::BadUrl("the hub URL decodes to something that is not text".into()))
}

/// The name of the account running plp (libpq's default login).
fn os_user() -> String {
    // SAFETY: getpwuid returns a pointer into static storage or null; read at once.
    unsafe {
        let pw = libc::getpwuid(libc::geteuid());
        if !pw.is_null() && !(*pw).pw_name.is_null() {
            if let Ok(name) = std::ffi::CStr::from_ptr((*pw).pw_name).to_str() {
                return name.to_string();
            }
        }
    }
    std::env::var("USER").unwrap_or_else(|_| "postgres".into())
}

fn home() -> Option<PathBuf> {
    std::env::var_os("HOME").map(PathBuf::from)
}

impl Target {
    /// Reads `url`; `env` gives the PG* variables (the process's own, or a test's).
    pub fn parse(url: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<Target, HubError> {
        let rest = url
            .strip_prefix("postgresql://")
            .or_else(|| url.strip_prefix("postgres://"))
            .ok_or_else(|| {
                HubError::BadUrl(format!(
                    "{} is not a hub URL (postgres://… or postgresql://…)",
                    shown_url(url)
                ))
            })?;
        let (before_query, query) = match rest.split_once('?') {
            Some((b, q)) => (b, Some(q)),
            None => (rest, None),
        };
        let (authority, path) = match before_query.find('/') {
            Some(i) => (&before_query[..i], &before_query[i + 1..]),
            None => (before_query, ""),
        };
        let (userinfo, hostport) = match authority.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, authority),
        };
        let (mut user, mut password) = (None, None);
        if let Some(u) = userinfo {
            let (name, pass) = match u.split_once(':') {
                Some((n, p)) => (n, Some(p)),
                None => (u, None),
            };
            if !name.is_empty() {
                user = Some(percent_decode(name)?);
            }
            if let Some(p) = pass {
                password = Some(percent_decode(p)?);
            }
        }
        if hostport.contains(',') {
            return Err(HubError::BadUrl(
                "the hub URL names several hosts; give one".into(),
            ));
        }
        let (mut host, mut port) = (None, None);
        let (h, p) = if let Some(bracketed) = hostport.strip_prefix('[') {
            // An IPv6 address.
            let (addr, after) = bracketed.split_once(']').ok_or_else(|| {
                HubError::BadUrl("the hub URL has an unclosed [ in its host".into())
            })?;
            (
                addr.to_string(),
                after.strip_prefix(':').map(str::to_string),
            )
        } else {
            match hostport.rsplit_once(':') {
                Some((h, p)) => (percent_decode(h)?, Some(p.to_string())),
                None => (percent_decode(hostport)?, None),
            }
        };
        if !h.is_empty() {
            host = Some(h);
        }
        if let Some(p) = p.filter(|p| !p.is_empty()) {
            port = Some(p);
        }
        let mut dbname = (!path.is_empty())
            .then(|| percent_decode(path))
            .transpose()?;
        let (mut sslmode, mut sslrootcert, mut timeout) = (None, None, None);
        for pair in query
            .unwrap_or_default()
            .split('&')
            .filter(|p| !p.is_empty())
        {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let v = percent_decode(v)?;
            match k {
                "host" => host = Some(v),
                "port" => port = Some(v),
                "user" => user = Some(v),
                "password" => password = Some(v),
                "dbname" => dbname = Some(v),
                "sslmode" => sslmode = Some(v),
                "sslrootcert" => sslrootcert = Some(v),
                "connect_timeout" => timeout = Some(v),
                "application_name" => {}
                other => {
                    return Err(HubError::BadUrl(format!(
                        "the hub URL has a setting plp does not know: {}",
                        crate::domain::clean_line(other)
                    )))
                }
            }
        }
        let nonempty = |v: Option<String>| v.filter(|s| !s.is_empty());
        let host = nonempty(host)
            .or_else(|| nonempty(env("PGHOST")))
            .unwrap_or_else(|| {
                // libpq's default: the local socket where Debian's server puts it.
                if Path::new(DEFAULT_SOCKET_DIR).is_dir() {
                    DEFAULT_SOCKET_DIR.into()
                } else {
                    "localhost".into()
                }
            });
        let port_text = nonempty(port)
            .or_else(|| nonempty(env("PGPORT")))
            .unwrap_or_else(|| "5432".into());
        let port: u16 = port_text.parse().ok().filter(|p| *p > 0).ok_or_else(|| {
            HubError::BadUrl(format!(
                "\"{}\" is not a port number",
                crate::domain::clean_line(&port_text)
            ))
        })?;
        let user = nonempty(user)
            .or_else(|| nonempty(env("PGUSER")))
            .unwrap_or_else(os_user);
        let dbname = nonempty(dbname)
            .or_else(|| nonempty(env("PGDATABASE")))
            .unwrap_or_else(|| user.clone());
        let sslmode = SslMode::parse(
            &nonempty(sslmode)
                .or_else(|| nonempty(env("PGSSLMODE")))
                .unwrap_or_else(|| "prefer".into()),
        )?;
        let sslrootcert = nonempty(sslrootcert).or_else(|| nonempty(env("PGSSLROOTCERT")));
        let timeout_text = nonempty(timeout)
            .or_else(|| nonempty(env("PGCONNECT_TIMEOUT")))
            .unwrap_or_else(|| "10".into());
        let connect_timeout = timeout_text.parse().map_err(|_| {
            HubError::BadUrl(format!(
                "connect_timeout \"{}\" is not a number of seconds",
                crate::domain::clean_line(&timeout_text)
            ))
        })?;
        let mut target = Target {
            host,
            port,
            user,
            dbname,
            sslmode,
            sslrootcert,
            connect_timeout,
            password: nonempty(password).or_else(|| nonempty(env("PGPASSWORD"))),
            passfile_passed_over: None,
            passfile_named: env("PGPASSFILE")
                .filter(|f| !f.is_empty())
                .map(PathBuf::from),
        };
        if target.password.is_none() {
            let file = target
                .passfile_named
                .clone()
                .or_else(|| home().map(|h| h.join(".pgpass")));
            if let Some(file) = file {
                if readable_by_others(&file) {
                    target.passfile_passed_over = Some(file);
                } else {
                    target.password = pgpass_lookup(&file, &target);
                }
            }
        }
        Ok(target)
    }

    /// Whether the host is a folder holding the server's socket.
    fn is_socket(&self) -> bool {
        self.host.starts_with('/')
    }

    /// "host:port", or the socket's folder and port.
    pub fn at(&self) -> String {
        if self.is_socket() {
            format!("{} (port {})", self.host, self.port)
        } else if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }

    /// The hub's URL as it may be shown: everything but the password.
    pub fn shown(&self) -> String {
        let host = if self.is_socket() {
            String::new()
        } else if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        };
        let mut s = format!("postgresql://{}@{}/{}", self.user, host, self.dbname);
        if self.is_socket() {
            s.push_str(&format!("?host={}&port={}", self.host, self.port));
        }
        crate::domain::clean_line(&s)
    }

    /// Whether a password will be given to the server.
    pub fn has_password(&self) -> bool {
        self.password.is_some()
    }

    fn config(&self) -> postgres::Config {
        let mut c = postgres::Config::new();
        c.host(&self.host)
            .port(self.port)
            .user(&self.user)
            .dbname(&self.dbname)
            .application_name("plp")
            .connect_timeout(Duration::from_secs(self.connect_timeout.max(1)));
        if let Some(p) = &self.password {
            c.password(p);
        }
        c
    }

    /// Opens the connection.
    pub fn connect(&self) -> Result<postgres::Client, HubError> {
        use postgres::config::SslMode as Pg;
        let mut config = self.config();
        // Local sockets never use TLS, as in libpq.
        if self.is_socket() || self.sslmode == SslMode::Disable {
            config.ssl_mode(Pg::Disable);
            return config
                .connect(postgres::NoTls)
                .map_err(|e| self.classify_connect(e));
        }
        config.ssl_mode(if self.sslmode == SslMode::Prefer {
            Pg::Prefer
        } else {
            Pg::Require
        });
        let tls = tls::connector(self)?;
        config.connect(tls).map_err(|e| self.classify_connect(e))
    }

    /// One sentence for a connection that could not be made: one closed before any server
    /// answered is no hub reached (something at the address that is not PostgreSQL, or a
    /// network that takes the connection and drops it), not a connection cut.
    fn classify_connect(&self, e: postgres::Error) -> HubError {
        match self.classify(e) {
            HubError::Cut { at } => HubError::Unreachable {
                at,
                why: "the connection was closed before any PostgreSQL server answered; check \
                      the address and port in the URL",
            },
            other => other,
        }
    }

    /// One sentence for a failure of this connection.
    pub fn classify(&self, e: postgres::Error) -> HubError {
        use postgres::error::SqlState;
        let at = self.at();
        if let Some(db) = e.as_db_error() {
            let why = crate::domain::clean_line(db.message());
            let code = db.code();
            return if *code == SqlState::INVALID_PASSWORD {
                HubError::BadPassword {
                    at,
                    login: self.user.clone(),
                }
            } else if *code == SqlState::INVALID_CATALOG_NAME {
                HubError::NoDatabase {
                    at,
                    db: self.dbname.clone(),
                }
            } else if *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION {
                HubError::NotLetIn {
                    at,
                    login: self.user.clone(),
                    why,
                }
            } else if [
                SqlState::ADMIN_SHUTDOWN,
                SqlState::CRASH_SHUTDOWN,
                SqlState::CANNOT_CONNECT_NOW,
            ]
            .contains(code)
            {
                HubError::Ended { at }
            } else if *code == SqlState::INSUFFICIENT_PRIVILEGE {
                HubError::NoRights {
                    login: self.user.clone(),
                    why,
                }
            } else {
                HubError::Server { at, why }
            };
        }
        let text = e.to_string();
        // The deepest cause says most (refused, no such socket, timed out, a certificate).
        let mut cause: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(&e);
        let mut io = None;
        let mut last = None;
        while let Some(c) = cause {
            if let Some(i) = c.downcast_ref::<std::io::Error>() {
                io = Some(i.kind());
            }
            last = Some(c.to_string());
            cause = c.source();
        }
        if text.starts_with("invalid configuration")
            && last
                .as_deref()
                .is_some_and(|l| l.contains("password missing"))
        {
            return HubError::NoPassword {
                at,
                login: self.user.clone(),
                file: match &self.passfile_named {
                    Some(f) if !f.exists() => format!(
                        "{} (which PGPASSFILE names, and which is not there)",
                        f.display()
                    ),
                    Some(f) => format!("{} (which PGPASSFILE names)", f.display()),
                    None => "~/.pgpass".into(),
                },
                passed_over: self
                    .passfile_passed_over
                    .as_ref()
                    .map(|f| {
                        let f = f.display();
                        format!(" ({f} was passed over, as others can read it: chmod 600 {f})")
                    })
                    .unwrap_or_default(),
            };
        }
        if let Some(why) = self.tls_words(&e) {
            return HubError::Tls { at, why };
        }
        if text.starts_with("error performing TLS handshake") || text.contains("TLS") {
            return HubError::Tls {
                at,
                why: crate::domain::clean_line(&last.unwrap_or(text)),
            };
        }
        if text.starts_with("error connecting to server") || text.starts_with("timeout") {
            // The name lookup's own error says only "failed to lookup address information".
            if let Some(lookup) = last
                .as_deref()
                .filter(|l| l.starts_with("failed to lookup address information"))
            {
                return HubError::NoHost {
                    host: crate::domain::clean_line(&self.host),
                    why: if lookup.contains("Temporary failure") {
                        " (no name server answered: is this machine on the network?)"
                    } else {
                        ""
                    },
                };
            }
            if matches!(
                io,
                Some(std::io::ErrorKind::NetworkUnreachable | std::io::ErrorKind::HostUnreachable)
            ) {
                return HubError::Unreachable {
                    at,
                    why: "no network route leads there; check the address in the URL and this \
                          machine's network",
                };
            }
            let why = match io {
                Some(std::io::ErrorKind::ConnectionRefused) => "nothing is listening there".into(),
                Some(std::io::ErrorKind::NotFound) => "there is no server socket there".into(),
                Some(std::io::ErrorKind::TimedOut) => "no answer in time".into(),
                _ if text.starts_with("timeout") => "no answer in time".into(),
                _ => crate::domain::clean_line(&last.unwrap_or(text)),
            };
            return HubError::ServerDown { at, why };
        }
        if let Some(std::io::ErrorKind::InvalidData) = io {
            return HubError::Tls {
                at,
                why: crate::domain::clean_line(&last.unwrap_or(text)),
            };
        }
        if text.starts_with("connection closed") || text.starts_with("error communicating") {
            return HubError::Cut { at };
        }
        HubError::Server {
            at,
            why: crate::domain::clean_line(&last.map(|l| format!("{text}: {l}")).unwrap_or(text)),
        }
    }
}

impl Target {
    /// A server without TLS, or a certificate refused, in plain words (None for other failures).
    fn tls_words(&self, e: &postgres::Error) -> Option<String> {
        let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(e);
        while let Some(c) = cause {
            if c.to_string() == "server does not support TLS" {
                return Some(format!(
                    "the server does not offer TLS, which sslmode={} requires",
                    self.sslmode.name()
                ));
            }
            // rustls's error travels inside an I/O error, whose source() passes it over.
            let refused = c
                .downcast_ref::<std::io::Error>()
                .and_then(|i| i.get_ref())
                .and_then(|i| i.downcast_ref::<rustls::Error>())
                .or_else(|| c.downcast_ref::<rustls::Error>());
            if let Some(r) = refused {
                return Some(tls::words(self, r));
            }
            cause = c.source();
        }
        None
    }
}

/// Whether a password file is there but others may read it, so that libpq's rule passes it over.
fn readable_by_others(file: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(file).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o077 != 0)
}

/// The password for `t` in a libpq password file, if the file is there, private (0600 or
/// stricter, as libpq requires: a file others can read is passed over) and has a line for it.
/// The folder Debian's libpq looks in for the server's socket when no host is given.
const DEFAULT_SOCKET_DIR: &str = "/var/run/postgresql";

fn pgpass_lookup(file: &Path, t: &Target) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::metadata(file).ok()?;
    if !meta.is_file() || meta.permissions().mode() & 0o077 != 0 {
        return None;
    }
    let text = std::fs::read_to_string(file).ok()?;
    // As libpq: a connection through the default socket folder is matched as "localhost";
    // through another folder, by that folder's path.
    let host = if t.is_socket() && t.host.trim_end_matches('/') == DEFAULT_SOCKET_DIR {
        "localhost"
    } else {
        &t.host
    };
    let port = t.port.to_string();
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields = split_pgpass(line);
        if fields.len() < 5 {
            continue;
        }
        let wanted = [host, &port, &t.dbname, &t.user];
        if fields[..4]
            .iter()
            .zip(wanted)
            .all(|(f, w)| f == "*" || f == w)
        {
            return Some(fields[4].clone());
        }
    }
    None
}

/// A password-file line's fields: split at `:`, with `\:` and `\\` standing for themselves.
fn split_pgpass(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    if let Some(f) = fields.last_mut() {
                        f.push(n);
                    }
                }
            }
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => {
                if let Some(f) = fields.last_mut() {
                    f.push(c)
                }
            }
        }
    }
    fields
}

mod tls;

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(url: &str, vars: &[(&str, &str)]) -> Result<Target, HubError> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let env = move |k: &str| vars.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        Target::parse(url, &env)
    }

    #[test]
    fn a_url_is_read_as_libpq_reads_it() {
        let t = parse(
            "postgresql://ana:s%40cret@db.example.org:6543/district?sslmode=require",
            &[("PGPASSFILE", "/nonexistent")],
        )
        .unwrap();
        assert_eq!(
            (t.host.as_str(), t.port, t.user.as_str(), t.dbname.as_str()),
            ("db.example.org", 6543, "ana", "district")
        );
        assert_eq!(t.password.as_deref(), Some("s@cret"));
        assert_eq!(t.sslmode, SslMode::Require);
        assert_eq!(t.shown(), "postgresql://ana@db.example.org:6543/district");
        assert!(!format!("{t:?}").contains("cret"));
        let t = parse("postgres:///hub?host=/tmp/pg&port=5433&user=bo", &[]).unwrap();
        assert_eq!(
            (t.host.as_str(), t.port, t.user.as_str()),
            ("/tmp/pg", 5433, "bo")
        );
        let t = parse("postgres://%2Ftmp%2Fpg/hub", &[]).unwrap();
        assert_eq!(t.host, "/tmp/pg");
        let t = parse("postgresql://[::1]:5000/x", &[]).unwrap();
        assert_eq!((t.host.as_str(), t.port), ("::1", 5000));
    }

    #[test]
    fn pg_variables_fill_what_the_url_leaves_out() {
        let env = [
            ("PGHOST", "hub.local"),
            ("PGPORT", "5999"),
            ("PGUSER", "cy"),
            ("PGPASSWORD", "pw"),
            ("PGDATABASE", "dist"),
            ("PGSSLMODE", "verify-full"),
            ("PGSSLROOTCERT", "/etc/ca.pem"),
        ];
        let t = parse("postgresql://", &env).unwrap();
        assert_eq!(
            (t.host.as_str(), t.port, t.user.as_str(), t.dbname.as_str()),
            ("hub.local", 5999, "cy", "dist")
        );
        assert_eq!(t.password.as_deref(), Some("pw"));
        assert_eq!(t.sslmode, SslMode::VerifyFull);
        assert_eq!(t.sslrootcert.as_deref(), Some("/etc/ca.pem"));
        // The URL wins over the variables.
        let t = parse("postgresql://dee:x@other/db2?sslmode=disable", &env).unwrap();
        assert_eq!(
            (t.host.as_str(), t.user.as_str(), t.dbname.as_str()),
            ("other", "dee", "db2")
        );
        assert_eq!(
            (t.password.as_deref(), t.sslmode),
            (Some("x"), SslMode::Disable)
        );
        // The database defaults to the login's name.
        let t = parse("postgresql://eve@h", &[]).unwrap();
        assert_eq!(t.dbname, "eve");
    }

    #[test]
    fn bad_urls_are_one_sentence() {
        for (url, words) in [
            ("mysql://x", "is not a hub URL"),
            ("postgresql://h:notaport/db", "is not a port number"),
            (
                "postgresql://h/db?sslmode=sometimes",
                "sslmode \"sometimes\"",
            ),
            (
                "postgresql://h/db?frobnicate=1",
                "does not know: frobnicate",
            ),
            ("postgresql://h%zz/db", "two hex digits"),
        ] {
            let e = parse(url, &[]).unwrap_err().to_string();
            assert!(e.contains(words), "{url}: {e}");
            assert_eq!(e.lines().count(), 1);
        }
    }

    #[test]
    fn a_shown_url_never_holds_the_password() {
        assert_eq!(
            shown_url("postgresql://ana:topsecret@h:5/db?sslmode=require&password=also"),
            "postgresql://ana@h:5/db?sslmode=require"
        );
        assert_eq!(shown_url("postgres://h/db"), "postgres://h/db");
    }

    #[test]
    fn pgpass_matches_a_socket_folder_as_libpq_does() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pgpass");
        std::fs::write(
            &file,
            "localhost:5477:dist:ana:local\n/tmp/pg:5477:dist:ana:folder\n",
        )
        .unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        let f = file.to_str().unwrap();
        // Another folder than the default: its own path, never "localhost".
        let t = parse(
            "postgresql:///dist?host=/tmp/pg&port=5477&user=ana",
            &[("PGPASSFILE", f)],
        )
        .unwrap();
        assert_eq!(t.password.as_deref(), Some("folder"));
        // The default folder: "localhost".
        let t = parse(
            "postgresql:///dist?host=/var/run/postgresql&port=5477&user=ana",
            &[("PGPASSFILE", f)],
        )
        .unwrap();
        assert_eq!(t.password.as_deref(), Some("local"));
    }

    #[test]
    fn pgpass_is_read_only_when_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pgpass");
        std::fs::write(
            &file,
            "# comment\nother:*:*:*:no\nhub.local:5432:dist:ana:pa\\:ss\n*:*:*:*:fallback\n",
        )
        .unwrap();
        let f = file.to_str().unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        let t = parse("postgresql://ana@hub.local/dist", &[("PGPASSFILE", f)]).unwrap();
        assert_eq!(t.password.as_deref(), Some("pa:ss"));
        let t = parse("postgresql://bo@hub.local/dist", &[("PGPASSFILE", f)]).unwrap();
        assert_eq!(t.password.as_deref(), Some("fallback"));
        // A password in the URL or PGPASSWORD comes first.
        let t = parse(
            "postgresql://ana@hub.local/dist",
            &[("PGPASSFILE", f), ("PGPASSWORD", "env")],
        )
        .unwrap();
        assert_eq!(t.password.as_deref(), Some("env"));
        // Readable by others: passed over, as libpq does.
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let t = parse("postgresql://ana@hub.local/dist", &[("PGPASSFILE", f)]).unwrap();
        assert_eq!(t.password, None);
    }
}
