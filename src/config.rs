//! The settings of the person using plp: who they are (so "my advisees" means something), the
//! month their school year starts, how they type dates, and the roster columns they mapped by
//! hand. Kept per person, not in the database, because several advisors may share one database
//! file on a school server: `$XDG_CONFIG_HOME/plp/config.json` (`~/.config/plp/config.json`).
//! The school is the exception: it belongs to the database file (`Store::school`), and the
//! `school` kept here only stands in for a file that names none yet.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::domain::{clean_line, month_name, parse_month, DateOrder, ValidationError};

/// Why the settings could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// No place for the settings file.
    #[error("no home directory to keep settings in: set $XDG_CONFIG_HOME")]
    NoHome,
    /// The file could not be read.
    #[error("cannot read the settings file {path}: {reason}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The file is not what plp writes.
    #[error(
        "the settings file {path} is not readable as plp settings ({reason}); fix it or delete it"
    )]
    Malformed {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// The file could not be written.
    #[error("cannot write the settings file {path}: {reason}; nothing was changed")]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// No such setting.
    #[error(
        "there is no setting \"{0}\" (the settings are: advisor, school-year-start, date-order, school, contact)"
    )]
    Unknown(String),
    /// A value the setting cannot take.
    #[error("{0}")]
    Invalid(#[from] ValidationError),
}

/// What the settings file holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub struct Config {
    /// The advisor's name as they want it matched against students' advisor field.
    pub advisor: Option<String>,
    /// The month (1-12) the school year starts in.
    pub school_year_start: u32,
    /// How dates typed with slashes are read: "mdy" or "dmy".
    pub date_order: String,
    /// Roster columns mapped by hand (`--map COLUMN=field`), by the column's name as the file
    /// has it; remembered for the next import.
    pub roster_map: BTreeMap<String, String>,
    /// The school's name as this person once set it for every file. The school now belongs to
    /// each database file (see [`crate::store::FileSchool`]); this one stands in for a file
    /// that names none yet.
    pub school: Option<String>,
    /// How families reach this advisor (phone, e-mail), printed on family printouts.
    pub contact: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            advisor: None,
            school_year_start: 8,
            date_order: DateOrder::Mdy.as_str().to_string(),
            roster_map: BTreeMap::new(),
            school: None,
            contact: None,
        }
    }
}

/// The settings a person can set with `plp config NAME VALUE`, in the order they are shown.
pub const SETTINGS: &[&str] = &[
    "advisor",
    "school-year-start",
    "date-order",
    "school",
    "contact",
];

impl Config {
    /// How typed dates are read (a word the file holds that plp does not know reads as the
    /// default, month first).
    pub fn order(&self) -> DateOrder {
        self.date_order.parse().unwrap_or_default()
    }

    /// The school year's first month, 1-12 (August when the file holds something else).
    pub fn first_month(&self) -> u32 {
        if (1..=12).contains(&self.school_year_start) {
            self.school_year_start
        } else {
            8
        }
    }

    /// What is wrong with a value the file holds that `plp config` would never have written
    /// (the file edited by hand, or put in place for many accounts): one sentence naming the
    /// setting and how to mend it. Such a value would otherwise be passed over for the default,
    /// and dates read or school years counted other than the person asked.
    pub fn problem(&self) -> Option<String> {
        if !(1..=12).contains(&self.school_year_start) {
            return Some(format!(
                "school-year-start is {}, which is not a month (1 to 12); set it with plp config \
                 school-year-start MONTH",
                self.school_year_start
            ));
        }
        if self.date_order.parse::<DateOrder>().is_err() {
            return Some(format!(
                "date-order is \"{}\", which is neither mdy nor dmy; set it with plp config \
                 date-order mdy (or dmy)",
                clean_line(&self.date_order)
            ));
        }
        None
    }

    /// Sets one setting from typed text; an empty advisor clears it.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), ConfigError> {
        let setting = normalise(name);
        // A line of text, as a name or a school: a page pasted by mistake is refused, as the
        // forms refuse it (the contact is printed on every family printout).
        let line = || -> Result<Option<String>, ConfigError> {
            let v = clean_line(value);
            let (length, most) = (v.chars().count(), crate::domain::LINE_MAX);
            if length > most {
                return Err(ValidationError::new(format!(
                    "the {setting} is too long ({length} characters; at most {most} fit)"
                ))
                .into());
            }
            Ok((!v.is_empty()).then_some(v))
        };
        match setting.as_str() {
            "advisor" => self.advisor = line()?,
            "school-year-start" => self.school_year_start = parse_month(value)?,
            "date-order" => self.date_order = value.parse::<DateOrder>()?.as_str().to_string(),
            "school" => self.school = line()?,
            "contact" => self.contact = line()?,
            _ => return Err(ConfigError::Unknown(clean_line(name))),
        }
        Ok(())
    }

    /// One setting's value as shown to a person.
    pub fn show(&self, name: &str) -> Result<String, ConfigError> {
        Ok(match normalise(name).as_str() {
            "advisor" => self.advisor.clone().unwrap_or_default(),
            "school-year-start" => month_name(self.first_month()),
            "date-order" => format!("{} ({})", self.order().as_str(), self.order().example()),
            "school" => self.school.clone().unwrap_or_default(),
            "contact" => self.contact.clone().unwrap_or_default(),
            _ => return Err(ConfigError::Unknown(clean_line(name))),
        })
    }
}

/// A setting's name as plp spells it (`School_Year start` is `school-year-start`).
pub fn normalise(name: &str) -> String {
    name.trim().to_lowercase().replace(['_', ' '], "-")
}

/// Where the settings file is: `$XDG_CONFIG_HOME/plp/config.json`, else
/// `~/.config/plp/config.json`.
pub fn path() -> Result<PathBuf, ConfigError> {
    let dir = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|p| !p.is_empty())
                .map(|h| PathBuf::from(h).join(".config"))
        })
        .ok_or(ConfigError::NoHome)?;
    Ok(dir.join("plp").join("config.json"))
}

/// Reads the settings; a file that does not exist yet gives the defaults.
pub fn load() -> Result<Config, ConfigError> {
    match path() {
        Ok(p) => load_from(&p),
        // Without a home there is nowhere settings could have been saved.
        Err(ConfigError::NoHome) => Ok(Config::default()),
        Err(e) => Err(e),
    }
}

/// Reads the settings from one file.
pub fn load_from(path: &Path) -> Result<Config, ConfigError> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        // Another person's home (plp run with `sudo -u`, or as a service user): their settings
        // are not this person's, so none apply.
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => return Ok(Config::default()),
        Err(e) => {
            return Err(ConfigError::Read {
                path: path.to_path_buf(),
                reason: crate::store::io_reason(&e),
            })
        }
    };
    serde_json::from_slice(&bytes).map_err(|e| ConfigError::Malformed {
        path: path.to_path_buf(),
        reason: first_clause(&e.to_string()),
    })
}

/// Writes the settings, private to their owner, replacing the file in one step.
pub fn save(config: &Config) -> Result<PathBuf, ConfigError> {
    let p = path()?;
    save_to(&p, config)?;
    Ok(p)
}

/// Writes the settings to one file.
pub fn save_to(path: &Path, config: &Config) -> Result<(), ConfigError> {
    use std::io::Write;
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
    let fail = |e: std::io::Error| ConfigError::Write {
        path: path.to_path_buf(),
        reason: crate::store::io_reason(&e),
    };
    if let Some(dir) = path.parent() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(fail)?;
    }
    let text = serde_json::to_string_pretty(config).map_err(|e| ConfigError::Write {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    let scratch = path.with_extension("json.new");
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&scratch)
        .map_err(fail)?;
    f.write_all(text.as_bytes())
        .and_then(|()| f.write_all(b"\n"))
        .and_then(|()| f.sync_all())
        .map_err(|e| {
            let _ = std::fs::remove_file(&scratch);
            fail(e)
        })?;
    std::fs::rename(&scratch, path).map_err(|e| {
        let _ = std::fs::remove_file(&scratch);
        fail(e)
    })
}

fn first_clause(s: &str) -> String {
    s.split(" at line").next().unwrap_or(s).to_string()
}

/// The name of the advisor using plp: `$PLP_ADVISOR`, else the one set with
/// `plp config advisor NAME`, else none.
pub fn advisor(config: &Config) -> Option<String> {
    std::env::var("PLP_ADVISOR")
        .ok()
        .map(|v| clean_line(&v))
        .filter(|v| !v.is_empty())
        .or_else(|| config.advisor.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_set_by_name_and_checked() {
        let mut c = Config::default();
        c.set("advisor", "  Ms. Rivera ").unwrap();
        assert_eq!(c.advisor.as_deref(), Some("Ms. Rivera"));
        c.set("school_year_start", "Feb").unwrap();
        assert_eq!(c.first_month(), 2);
        assert_eq!(c.show("school-year-start").unwrap(), "February");
        c.set("date-order", "DMY").unwrap();
        assert_eq!(c.order(), DateOrder::Dmy);
        assert!(c.set("colour", "blue").is_err());
        assert_eq!(
            c.set("school-year-start", "Smarch")
                .unwrap_err()
                .to_string(),
            "\"Smarch\" is not a month (expected a name such as August, or 1 to 12)"
        );
        c.set("advisor", "").unwrap();
        assert_eq!(c.advisor, None);
    }

    #[test]
    fn saved_settings_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("plp/config.json");
        assert_eq!(load_from(&p).unwrap(), Config::default());
        let mut c = Config::default();
        c.set("advisor", "Rivera, Ana").unwrap();
        c.roster_map
            .insert("Homeroom Teacher".into(), "advisor".into());
        save_to(&p, &c).unwrap();
        assert_eq!(load_from(&p).unwrap(), c);
        std::fs::write(&p, "{not json").unwrap();
        assert!(matches!(load_from(&p), Err(ConfigError::Malformed { .. })));
    }

    #[test]
    fn values_plp_would_never_write_are_named() {
        let mut c = Config::default();
        assert_eq!(c.problem(), None);
        c.school_year_start = 13;
        assert!(c.problem().unwrap().starts_with("school-year-start is 13"));
        c.set("school-year-start", "September").unwrap();
        assert_eq!(c.problem(), None);
        c.date_order = "ymd".into();
        assert!(c.problem().unwrap().starts_with("date-order is \"ymd\""));
        c.set("date-order", "dmy").unwrap();
        assert_eq!(c.problem(), None);
    }
}
