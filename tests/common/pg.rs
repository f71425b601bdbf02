//! A throw-away PostgreSQL server for the hub's tests: one per test binary, started with
//! initdb and pg_ctl in a temporary folder (as the `postgres` account when the tests run as
//! root), listening on a socket in that folder and on 127.0.0.1; or the server at
//! `$PLP_TEST_PG_URL`. Without a server the tests say why and return; under `CI=true` they fail.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// A running server.
pub struct Cluster {
    /// The folder holding the server's socket (None for `$PLP_TEST_PG_URL`).
    socket_dir: Option<PathBuf>,
    host: String,
    port: u16,
    superuser: String,
    super_password: Option<String>,
    data: Option<PathBuf>,
}

static CLUSTER: OnceLock<Option<Cluster>> = OnceLock::new();
static TLS_CLUSTER: OnceLock<Option<TlsCluster>> = OnceLock::new();
static NEXT: AtomicUsize = AtomicUsize::new(0);
static AT_EXIT: std::sync::Once = std::sync::Once::new();

/// The test server, started on first use; `None` (with the reason printed) when there is none.
pub fn cluster() -> Option<&'static Cluster> {
    CLUSTER
        .get_or_init(|| or_skip("PostgreSQL test server", start()))
        .as_ref()
}

/// Under `CI=true` a server that cannot start fails the test; elsewhere the test says why and
/// returns.
fn or_skip<T>(what: &str, started: Result<T, String>) -> Option<T> {
    match started {
        Ok(c) => Some(c),
        Err(why) => {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("the {what} could not start: {why}");
            }
            eprintln!("skipped: no {what} ({why})");
            None
        }
    }
}

fn bin_dir() -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path().join("bin"))
        .filter(|p| p.join("initdb").is_file())
        .collect();
    dirs.sort_by_key(|p| {
        p.parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    });
    dirs.pop()
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// A command run as the server's account.
fn as_server(program: &Path) -> Command {
    if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

fn free_port() -> Result<u16, String> {
    let l = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(l.local_addr().map_err(|e| e.to_string())?.port())
}

extern "C" fn stop_at_exit() {
    let plain = CLUSTER.get().and_then(|c| c.as_ref());
    let tls = TLS_CLUSTER
        .get()
        .and_then(|c| c.as_ref())
        .map(|t| &t.server);
    for c in plain.into_iter().chain(tls) {
        if let (Some(data), Some(bin)) = (&c.data, bin_dir()) {
            let _ = as_server(&bin.join("pg_ctl"))
                .arg("-D")
                .arg(data)
                .args(["-m", "immediate", "-s", "stop"])
                .output();
            if let Some(dir) = &c.socket_dir {
                let _ = std::fs::remove_dir_all(dir);
            }
        }
    }
    // The throw-away certificates, once their server is stopped.
    let certificates = TLS_CLUSTER
        .get()
        .and_then(|c| c.as_ref())
        .and_then(|t| t.files.ca.parent());
    if let Some(dir) = certificates {
        let _ = std::fs::remove_dir_all(dir);
    }
}

fn start() -> Result<Cluster, String> {
    start_with(None)
}

/// Starts a server of our own; with `tls`, it speaks TLS (and only TLS) by TCP.
fn start_with(tls: Option<&TlsFiles>) -> Result<Cluster, String> {
    if let (None, Ok(url)) = (tls, std::env::var("PLP_TEST_PG_URL")) {
        let t = plp::store::hub::Target::parse(&url, &|k| std::env::var(k).ok())
            .map_err(|e| e.to_string())?;
        let password = url
            .split_once("://")
            .and_then(|(_, r)| r.split_once('@'))
            .and_then(|(u, _)| u.split_once(':'))
            .map(|(_, p)| p.to_string());
        return Ok(Cluster {
            socket_dir: None,
            host: t.host.clone(),
            port: t.port,
            superuser: t.user.clone(),
            super_password: password,
            data: None,
        });
    }
    let bin = bin_dir().ok_or("initdb was not found under /usr/lib/postgresql")?;
    let root = tempfile::Builder::new()
        .prefix("plp-pg-")
        .tempdir()
        .map_err(|e| e.to_string())?
        .keep();
    if is_root() {
        let owned = Command::new("chown")
            .args(["-R", "postgres:postgres"])
            .arg(&root)
            .status()
            .map_err(|e| e.to_string())?;
        if !owned.success() {
            return Err("there is no postgres account to run the server as".into());
        }
    }
    let data = root.join("data");
    let init = as_server(&bin.join("initdb"))
        .arg("-D")
        .arg(&data)
        .args(["-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"])
        .output()
        .map_err(|e| format!("initdb could not run: {e}"))?;
    if !init.status.success() {
        return Err(format!(
            "initdb failed: {}",
            String::from_utf8_lossy(&init.stderr).trim()
        ));
    }
    // The superuser comes in by the socket without a password; every other login, and anyone
    // by TCP, with a password.
    // With TLS, a login by TCP must use it.
    let tcp = if tls.is_some() { "hostssl" } else { "host" };
    std::fs::write(
        data.join("pg_hba.conf"),
        format!(
            "local all postgres trust\nlocal all all scram-sha-256\n\
             {tcp} all all 127.0.0.1/32 scram-sha-256\n"
        ),
    )
    .map_err(|e| e.to_string())?;
    let port = free_port()?;
    let mut options = format!(
        "-k {} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
         -c full_page_writes=off",
        root.display()
    );
    if let Some(files) = tls {
        // The server reads its key only if no one else may.
        for (from, name) in [
            (&files.server_cert, "server.crt"),
            (&files.server_key, "server.key"),
        ] {
            std::fs::copy(from, data.join(name)).map_err(|e| e.to_string())?;
        }
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(
            data.join("server.key"),
            std::fs::Permissions::from_mode(0o600),
        )
        .map_err(|e| e.to_string())?;
        if is_root() {
            let owned = Command::new("chown")
                .args(["postgres:postgres"])
                .arg(data.join("server.crt"))
                .arg(data.join("server.key"))
                .status()
                .map_err(|e| e.to_string())?;
            if !owned.success() {
                return Err("the server's key could not be handed to the postgres account".into());
            }
        }
        options.push_str(" -c ssl=on");
    }
    let started = as_server(&bin.join("pg_ctl"))
        .arg("-D")
        .arg(&data)
        .arg("-l")
        .arg(root.join("log"))
        .args(["-w", "-s", "-o", &options, "start"])
        .output()
        .map_err(|e| format!("pg_ctl could not run: {e}"))?;
    if !started.status.success() {
        let log = std::fs::read_to_string(root.join("log")).unwrap_or_default();
        return Err(format!("the server did not start: {}", log.trim()));
    }
    // SAFETY: registering a plain function to run at exit, once.
    AT_EXIT.call_once(|| unsafe {
        libc::atexit(stop_at_exit);
    });
    Ok(Cluster {
        socket_dir: Some(root.clone()),
        host: root.display().to_string(),
        port,
        superuser: "postgres".into(),
        super_password: None,
        data: Some(data),
    })
}

impl Cluster {
    /// A superuser URL for database `db`.
    pub fn super_url(&self, db: &str) -> String {
        match &self.socket_dir {
            Some(dir) => format!(
                "postgresql://{}@/{db}?host={}&port={}&sslmode=disable",
                self.superuser,
                dir.display(),
                self.port
            ),
            None => format!(
                "postgresql://{}{}@{}:{}/{db}",
                self.superuser,
                self.super_password
                    .as_ref()
                    .map(|p| format!(":{p}"))
                    .unwrap_or_default(),
                self.host,
                self.port
            ),
        }
    }

    /// A superuser connection to `db`.
    pub fn client(&self, db: &str) -> postgres::Client {
        let url = self.super_url(db);
        let t = plp::store::hub::Target::parse(&url, &|_| None).expect("test URL");
        t.connect().expect("superuser connection")
    }

    /// A fresh empty database; its superuser URL.
    pub fn new_database(&self, name: &str) -> String {
        let n = NEXT.fetch_add(1, Ordering::SeqCst);
        let db = format!("{name}_{}_{n}", std::process::id());
        self.client("postgres")
            .batch_execute(&format!("CREATE DATABASE \"{db}\""))
            .expect("create database");
        self.super_url(&db)
    }

    /// A fresh database holding a hub made by the migrations up to schema `version`, as an
    /// earlier plp left it; its superuser URL.
    pub fn hub_at(&self, name: &str, version: i64) -> String {
        let url = self.new_database(name);
        let mut su = self.client(&Cluster::db_of(&url));
        su.batch_execute(&format!(
            "CREATE SCHEMA plp;
             CREATE TABLE plp.meta (key text PRIMARY KEY, value text NOT NULL);
             INSERT INTO plp.meta VALUES ('schema_version', '{version}');
             GRANT USAGE ON SCHEMA plp TO PUBLIC;
             GRANT SELECT ON plp.meta TO PUBLIC;"
        ))
        .expect("the hub's meta table");
        for sql in plp::store::hub::migrate::migrations_to(version) {
            su.batch_execute(sql).expect("an earlier migration");
        }
        url
    }

    /// The name of the database a URL from [`Cluster::new_database`] names.
    pub fn db_of(url: &str) -> String {
        let after = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
        let path = after.split_once('/').map(|(_, p)| p).unwrap_or("");
        path.split('?').next().unwrap_or("").to_string()
    }

    /// A URL by TCP for `login` with `password` on `db`.
    pub fn url_for(&self, db: &str, login: &str, password: &str) -> String {
        let host = if self.socket_dir.is_some() {
            "127.0.0.1"
        } else {
            &self.host
        };
        format!(
            "postgresql://{login}:{password}@{host}:{}/{db}?sslmode=disable",
            self.port
        )
    }

    /// The superuser's name (the owner of the databases [`Cluster::new_database`] makes).
    pub fn super_user(&self) -> &str {
        &self.superuser
    }

    /// The TCP port.
    pub fn port(&self) -> u16 {
        self.port
    }
}

/// A certificate authority and a server certificate it signed for `localhost`, made with the
/// openssl command for one test binary; and a second authority that signed nothing.
pub struct TlsFiles {
    /// The authority that signed the server's certificate (PEM).
    pub ca: PathBuf,
    /// An authority the server's certificate has nothing to do with (PEM).
    pub other_ca: PathBuf,
    server_cert: PathBuf,
    server_key: PathBuf,
}

/// A server that speaks TLS by TCP (and lets no login in by TCP without it), its certificate
/// signed by a throw-away authority for the name `localhost` only.
pub struct TlsCluster {
    /// The server (its socket needs no TLS, as in libpq).
    pub server: Cluster,
    /// The certificates.
    pub files: TlsFiles,
}

/// The TLS test server, started on first use; `None` (with the reason printed) when it cannot
/// be (no openssl, no PostgreSQL); under `CI=true` that fails the test.
pub fn tls_cluster() -> Option<&'static TlsCluster> {
    TLS_CLUSTER
        .get_or_init(|| {
            or_skip(
                "PostgreSQL test server with TLS",
                (|| {
                    let files = make_certificates()?;
                    let server = start_with(Some(&files))?;
                    Ok(TlsCluster { server, files })
                })(),
            )
        })
        .as_ref()
}

fn openssl(dir: &Path, args: &[&str]) -> Result<(), String> {
    let out = Command::new("openssl")
        .current_dir(dir)
        .args(args)
        .output()
        .map_err(|e| format!("openssl could not run: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "openssl {} failed: {}",
            args.first().unwrap_or(&""),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(())
}

fn make_certificates() -> Result<TlsFiles, String> {
    let dir = tempfile::Builder::new()
        .prefix("plp-tls-")
        .tempdir()
        .map_err(|e| e.to_string())?
        .keep();
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
    ];
    for (name, subject) in [
        ("ca", "/CN=plp test district CA"),
        ("other-ca", "/CN=plp test stranger CA"),
    ] {
        let (key, crt) = (format!("{name}.key"), format!("{name}.crt"));
        let mut args = vec!["req", "-x509"];
        args.extend(ec);
        args.extend([
            "-keyout",
            &key,
            "-out",
            &crt,
            "-days",
            "2",
            "-subj",
            subject,
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ]);
        openssl(&dir, &args)?;
    }
    let mut args = vec!["req"];
    args.extend(ec);
    args.extend([
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=localhost",
    ]);
    openssl(&dir, &args)?;
    std::fs::write(
        dir.join("server.ext"),
        "subjectAltName=DNS:localhost\nbasicConstraints=critical,CA:FALSE\n\
         keyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
    )
    .map_err(|e| e.to_string())?;
    openssl(
        &dir,
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.crt",
            "-days",
            "2",
            "-extfile",
            "server.ext",
        ],
    )?;
    Ok(TlsFiles {
        ca: dir.join("ca.crt"),
        other_ca: dir.join("other-ca.crt"),
        server_cert: dir.join("server.crt"),
        server_key: dir.join("server.key"),
    })
}

/// A change put into the hub's log by the superuser in a transaction left open, with the hub's
/// triggers off: a push that sends the same change waits on it (the row's unique keys are
/// taken but not yet committed) until the transaction ends. Rolled back when released or
/// dropped.
pub struct HeldChange {
    client: postgres::Client,
}

impl HeldChange {
    /// Ends the transaction; the change was never there.
    pub fn release(mut self) {
        self.client.batch_execute("ROLLBACK").expect("rollback");
    }
}

impl Cluster {
    /// Holds `op`'s row in `db`'s log (see [`HeldChange`]).
    pub fn hold_change(&self, db: &str, op: &plp::store::Op) -> HeldChange {
        // A student's own record belongs to them (a check the triggers' absence leaves on).
        let student = if op.entity == "student" {
            op.entity_id.clone()
        } else {
            String::new()
        };
        let mut client = self.client(db);
        client
            .batch_execute("SET session_replication_role = replica; BEGIN")
            .expect("begin");
        client
            .execute(
                "INSERT INTO plp.changes (replica, seq, id, hlc, author, entity, entity_id,
                     field, value, base, student_id)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                &[
                    &op.replica,
                    &op.seq,
                    &op.id,
                    &op.hlc,
                    &op.author,
                    &op.entity,
                    &op.entity_id,
                    &op.field,
                    &op.value.to_string(),
                    &serde_json::to_string(&op.base).expect("base"),
                    &student,
                ],
            )
            .expect("held change");
        HeldChange { client }
    }

    /// Polls until a connection to `db` (other than this poll's) waits on a lock, and returns
    /// its server process id. Fails if `running` says the process expected to wait has ended,
    /// or after two minutes.
    pub fn wait_for_lock_wait(&self, db: &str, mut running: impl FnMut() -> bool) -> i32 {
        let mut admin = self.client(db);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
        loop {
            let row = admin
                .query_opt(
                    "SELECT pid FROM pg_stat_activity
                     WHERE datname = current_database() AND pid <> pg_backend_pid()
                       AND wait_event_type = 'Lock'
                     LIMIT 1",
                    &[],
                )
                .expect("pg_stat_activity");
            if let Some(row) = row {
                return row.get(0);
            }
            assert!(
                running(),
                "the sync ended without waiting on the held change"
            );
            assert!(
                std::time::Instant::now() < deadline,
                "no connection waited on the held change within two minutes"
            );
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }

    /// Ends another connection to `db` as an administrator does (`pg_terminate_backend`), and
    /// waits until the server has let it go.
    pub fn terminate(&self, db: &str, pid: i32) {
        let mut admin = self.client(db);
        let ended: bool = admin
            .query_one("SELECT pg_terminate_backend($1, 60000)", &[&pid])
            .expect("pg_terminate_backend")
            .get(0);
        assert!(ended, "server process {pid} did not end");
    }

    /// Ends every plp connection to `db` but this one's, as an administrator does; how many.
    pub fn terminate_plp(&self, db: &str) -> i64 {
        self.client(db)
            .query_one(
                "SELECT count(pg_terminate_backend(pid, 60000)) FROM pg_stat_activity
                 WHERE datname = current_database() AND pid <> pg_backend_pid()
                   AND application_name = 'plp' AND backend_type = 'client backend'",
                &[],
            )
            .expect("pg_terminate_backend")
            .get(0)
    }

    /// Each replica's (seq, id) pairs in the hub's log, in order.
    pub fn hub_log(&self, db: &str) -> Vec<(String, i64, String)> {
        self.client(db)
            .query(
                "SELECT replica, seq, id FROM plp.changes ORDER BY replica COLLATE \"C\", seq",
                &[],
            )
            .expect("hub log")
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2)))
            .collect()
    }
}

/// The views and the report tables agree with the log (each check counts what differs).
pub fn views_agree(su: &mut postgres::Client) {
    let row = su
        .query_one("SELECT * FROM plp.check_views(false)", &[])
        .unwrap();
    let off: Vec<i64> = (1..6).map(|i| row.get(i)).collect();
    assert_eq!(off, vec![0; 5], "views differ from the log");
    let reports: i64 = su
        .query_one("SELECT plp.check_report_tables(false)", &[])
        .unwrap()
        .get(0);
    assert_eq!(reports, 0, "report tables differ from the records");
}
