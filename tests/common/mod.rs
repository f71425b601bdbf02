//! Shared helpers for tests that run the real binary.
#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The `plp` binary on a given database, with a fixed day and author.
pub fn plp(db: &Path) -> Command {
    let mut c = Command::cargo_bin("plp").expect("binary");
    c.arg("--db")
        .arg(db)
        .env("PLP_TODAY", "2026-11-24")
        .env("PLP_AUTHOR", "tester")
        .env_remove("PLP_DB");
    c
}

/// A new database holding the demo caseload, in its own temp dir.
pub fn demo_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("plp.db");
    plp(&db).args(["demo", "--no-open"]).assert().success();
    (dir, db)
}

/// Runs and returns (exit code, stdout, stderr).
pub fn run(mut cmd: Command) -> (i32, String, String) {
    let out = cmd.output().expect("runs");
    let code = out.status.code().unwrap_or(-1);
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    for text in [&stdout, &stderr] {
        assert!(
            !text.contains("panicked"),
            "a panic reached the user: {text}"
        );
        assert!(
            !text.contains("Error {") && !text.contains("Some("),
            "debug print: {text}"
        );
    }
    (code, stdout, stderr)
}

/// Asserts a failure with exactly one line on stderr containing `needle`.
pub fn fails_with(cmd: Command, code: i32, needle: &str) -> String {
    let (c, _, err) = run(cmd);
    assert_eq!(c, code, "exit code; stderr: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(err.contains(needle), "expected {needle:?} in: {err}");
    err
}

/// Every file in a directory with its bytes (to show nothing was changed or added).
pub fn snapshot_dir(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("read dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().to_string(),
                std::fs::read(e.path()).unwrap_or_default(),
            )
        })
        .collect();
    v.sort();
    v
}
