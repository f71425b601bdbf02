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
static NEXT: AtomicUsize = AtomicUsize::new(0);

/// The test server, started on first use; `None` (with the reason printed) when there is none.
pub fn cluster() -> Option<&'static Cluster> {
    CLUSTER
        .get_or_init(|| match start() {
            Ok(c) => Some(c),
            Err(why) => {
                if std::env::var("CI").is_ok_and(|v| v == "true") {
                    panic!("the PostgreSQL test server could not start: {why}");
                }
                eprintln!("skipped: no PostgreSQL test server ({why})");
                None
            }
        })
        .as_ref()
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
    if let Some(Some(c)) = CLUSTER.get() {
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
}

fn start() -> Result<Cluster, String> {
    if let Ok(url) = std::env::var("PLP_TEST_PG_URL") {
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
    std::fs::write(
        data.join("pg_hba.conf"),
        "local all postgres trust\nlocal all all scram-sha-256\n\
         host all all 127.0.0.1/32 scram-sha-256\n",
    )
    .map_err(|e| e.to_string())?;
    let port = free_port()?;
    let options = format!(
        "-k {} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
         -c full_page_writes=off",
        root.display()
    );
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
    // SAFETY: registering a plain function to run at exit.
    unsafe {
        libc::atexit(stop_at_exit);
    }
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

    /// The TCP port.
    pub fn port(&self) -> u16 {
        self.port
    }
}
