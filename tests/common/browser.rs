//! A page printed as a family's browser prints it: headless Chromium's "print to PDF", read
//! back by `pdftotext`. Without Chromium or poppler the tests say why and return; under
//! `CI=true` they fail.

use std::path::{Path, PathBuf};
use std::process::Command;

fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Says why a test cannot look, and fails it under CI.
fn cannot(why: &str) -> Option<String> {
    if under_ci() {
        panic!("{why} (needed under CI)");
    }
    eprintln!("skipped: {why}");
    None
}

/// The text of `html` as Chromium prints it to paper (one line per printed line, each line's
/// text as laid out, hyphens at line ends kept), or None when Chromium or pdftotext is missing outside CI.
pub fn printed_text(html: &Path) -> Option<String> {
    let dir = html.parent().expect("a folder");
    let pdf: PathBuf = dir.join(format!(
        "{}.pdf",
        html.file_stem().unwrap().to_string_lossy()
    ));
    let profile = tempfile::tempdir().expect("browser profile");
    let ran = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .output();
    match ran {
        Err(e) => {
            return cannot(&format!(
                "chromium is not installed (apt-get install chromium): {e}"
            ))
        }
        Ok(o) if !o.status.success() || !pdf.exists() => panic!(
            "chromium did not print {}: {}",
            html.display(),
            String::from_utf8_lossy(&o.stderr)
        ),
        Ok(_) => {}
    }
    pdf_text(&pdf)
}

/// The text of a PDF as `pdftotext -layout` reads it (each page ended by a form feed), or None
/// when pdftotext is missing outside CI.
pub fn pdf_text(pdf: &Path) -> Option<String> {
    match Command::new("pdftotext")
        .arg("-layout")
        .arg(pdf)
        .arg("-")
        .output()
    {
        Ok(o) if o.status.success() => Some(String::from_utf8_lossy(&o.stdout).to_string()),
        Ok(o) => panic!("pdftotext failed: {}", String::from_utf8_lossy(&o.stderr)),
        Err(e) => cannot(&format!(
            "pdftotext is not installed (apt-get install poppler-utils): {e}"
        )),
    }
}
