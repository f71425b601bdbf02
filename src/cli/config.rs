//! `plp config [NAME [VALUE]]`: show the settings, or set one.

use super::args::ConfigArgs;
use super::{CliError, CliResult, Out};
use crate::config::{self, ConfigError, SETTINGS};

fn fail(e: ConfigError) -> CliError {
    CliError::Failure(e.to_string())
}

pub fn run(args: ConfigArgs, out: &mut Out) -> CliResult {
    let mut settings = config::load().map_err(fail)?;
    let from_env = std::env::var("PLP_ADVISOR")
        .ok()
        .filter(|v| !v.trim().is_empty());
    match (args.name, args.value) {
        (None, _) => {
            for name in SETTINGS {
                let mut value = settings.show(name).map_err(fail)?;
                if *name == "advisor" {
                    value = match (&from_env, value.is_empty()) {
                        (Some(env), _) => format!(
                            "{} (from $PLP_ADVISOR)",
                            config::advisor(&settings).unwrap_or_else(|| env.clone())
                        ),
                        (None, true) => "(not set)".to_string(),
                        (None, false) => value,
                    };
                }
                out.line(&format!("{name}: {value}"));
            }
            if !settings.roster_map.is_empty() {
                let maps: Vec<String> = settings
                    .roster_map
                    .iter()
                    .map(|(col, field)| format!("{col}={field}"))
                    .collect();
                out.line(&format!("roster columns mapped: {}", maps.join(", ")));
            }
            if let Ok(p) = config::path() {
                out.line(&format!("settings file: {}", p.display()));
            }
        }
        (Some(name), None) => out.line(&settings.show(&name).map_err(fail)?),
        (Some(name), Some(value)) => {
            settings.set(&name, &value).map_err(fail)?;
            let path = config::save(&settings).map_err(fail)?;
            let shown = settings.show(&name).map_err(fail)?;
            let shown = if shown.is_empty() {
                "(not set)".to_string()
            } else {
                shown
            };
            out.line(&format!(
                "{}: {shown} (saved in {})",
                name.trim().to_lowercase().replace(['_', ' '], "-"),
                path.display()
            ));
            if name.trim().eq_ignore_ascii_case("advisor") {
                if let Some(env) = from_env {
                    out.line(&format!(
                        "while $PLP_ADVISOR is set, plp uses it instead ({})",
                        crate::domain::clean_line(&env)
                    ));
                }
            }
        }
    }
    Ok(())
}
