//! The command line, as clap reads it.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// plp: the conference notebook for Personal Learning Plans.
#[derive(Debug, Parser)]
#[command(name = "plp", version, about, long_about = None)]
pub struct Cli {
    /// The database file (else $PLP_DB, else ~/.local/share/plp/plp.db).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// What to do; with none, the caseload opens in the terminal.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Output formats for lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// Aligned columns for people.
    Table,
    /// Comma-separated values with a header.
    Csv,
    /// Stable JSON for scripts.
    Json,
}

/// How much of a check-in `plp checkin --restricted` keeps out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RestrictArg {
    /// The advisor notes.
    Notes,
    /// The whole check-in: the student's words and next steps too.
    Whole,
}

/// Output formats for one student.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    /// Readable text.
    Text,
    /// Stable JSON.
    Json,
}

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Markdown, for families.
    Md,
    /// A printable HTML page, for families.
    Html,
    /// A PDF, for families.
    Pdf,
    /// The portable plan format.
    Json,
}

/// Printed page size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PaperArg {
    /// 210 × 297 mm.
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a database holding the demo caseload, then open it in a terminal.
    Demo(DemoArgs),
    /// Bring in students (a roster CSV) or a plan (JSON).
    #[command(subcommand)]
    Import(ImportCommand),
    /// List the caseload.
    Students(StudentsArgs),
    /// Show one student's profile, goals, strategies and recent check-ins.
    Show(ShowArgs),
    /// Change one profile or student field.
    Set(SetArgs),
    /// A student's team: list it, add a member, or change a member's field (e.g. language).
    Team(TeamArgs),
    /// Log a quick check-in.
    Checkin(CheckinArgs),
    /// Export one student's plan, or everything.
    Export(ExportArgs),
    /// Team reports: who is due, trends, plan completeness, who is stuck.
    Report(ReportArgs),
    /// Make a consistent copy of a live database.
    Backup(BackupArgs),
    /// Put a backup in the database's place (the replaced file is kept beside it).
    Restore(RestoreArgs),
    /// Check integrity; rebuild the tables from the change log if they disagree.
    Check,
    /// Two-way sync with another database (a path, or [user@]host:path over ssh).
    Sync(SyncArgs),
    /// Edits two people made at once, both kept, waiting for a choice.
    Conflicts(ConflictsArgs),
    /// Serve the sync protocol on stdin/stdout (the far side of `plp sync host:path`).
    Serve(ServeArgs),
    /// Show the settings, or set one (advisor, school-year-start, date-order, school, contact).
    Config(ConfigArgs),
    /// Start a new school year: each student's plan for it, with last year's active goals.
    Rollover(RolloverArgs),
    /// The district hub in PostgreSQL: set it up (see README "District set-up").
    Hub(HubArgs),
}

/// `plp hub`.
#[derive(Debug, Args)]
pub struct HubArgs {
    /// What to do with the hub.
    #[command(subcommand)]
    pub command: HubCommand,
}

/// `plp hub …` subcommands.
#[derive(Debug, Subcommand)]
pub enum HubCommand {
    /// Create the hub's tables in an empty PostgreSQL database, or bring them to this plp's
    /// version (running it again changes nothing).
    Init(HubInitArgs),
    /// Make a login of the hub, or change it: its role and what it may see; or take its
    /// access away with --remove (run as the database's owner or a hub admin; running it
    /// again changes nothing).
    User(HubUserArgs),
    /// List the hub's logins: each one's role, what it may see, whether it may log in, and how
    /// many replicas it brought (run as the database's owner or a hub admin).
    Users(HubUsersArgs),
    /// Compare the hub's read-only views with its change log, and rebuild them if they
    /// disagree (run by an admin login).
    CheckViews(HubCheckViewsArgs),
}

/// `plp hub user`.
#[derive(Debug, Args)]
pub struct HubUserArgs {
    /// The hub: postgres://[user@]host[:port]/database.
    pub url: String,
    /// The login (a PostgreSQL role) to make or change.
    pub login: String,
    /// admin (everything, manages logins), counselor (a school's students), advisor (their
    /// advisees), teacher (a school's or a list's students, never restricted notes; reads only).
    #[arg(long, required_unless_present = "remove")]
    pub role: Option<String>,
    /// Take the login's access away: it reads and adds nothing at the hub from then on, and
    /// may no longer log in (what it added stays in the log).
    #[arg(long, conflicts_with_all = ["role", "advisor", "exact", "school", "students", "password_stdin"])]
    pub remove: bool,
    /// An advisor's name, as the students' advisor field writes it (matched loosely).
    #[arg(long, value_name = "NAME")]
    pub advisor: Option<String>,
    /// Keep an advisor login to its --advisor name word for word: only students whose advisor
    /// field has the same words (case, accents, punctuation, word order and titles aside), never
    /// one that says less ("Ms. Lindqvist" for "Erik Lindqvist") or more.
    #[arg(long)]
    pub exact: bool,
    /// A counselor's, teacher's or advisor's school (an advisor kept to one school)
    #[arg(long, value_name = "NAME")]
    pub school: Option<String>,
    /// A teacher's students: a file with one SIS id per line, or a class roster as CSV (its
    /// student id column is read).
    #[arg(long, value_name = "FILE")]
    pub students: Option<std::path::PathBuf>,
    /// Set the login's password, read from standard input (typed without echo at a terminal).
    #[arg(long)]
    pub password_stdin: bool,
}

/// `plp hub users`.
#[derive(Debug, Args)]
pub struct HubUsersArgs {
    /// The hub: postgres://[user@]host[:port]/database.
    pub url: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: ListFormat,
}

/// `plp hub check-views`.
#[derive(Debug, Args)]
pub struct HubCheckViewsArgs {
    /// postgres://[user@]host[:port]/database (PG* variables and ~/.pgpass fill the rest).
    pub url: String,
}

/// `plp hub init`.
#[derive(Debug, Args)]
pub struct HubInitArgs {
    /// postgres://[user@]host[:port]/database (PG* variables and ~/.pgpass fill the rest).
    pub url: String,
}

/// `plp rollover`.
#[derive(Debug, Args)]
pub struct RolloverArgs {
    /// The new school year (e.g. 2027-28).
    #[arg(long, value_name = "YEAR")]
    pub to: String,
    /// Show what would be done; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Whose students (active students only).
    #[command(flatten)]
    pub scope: ScopeArgs,
}

/// `plp config`.
#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// The setting: advisor, school-year-start, date-order, school (the database file's own)
    /// or contact (all are shown without one).
    pub name: Option<String>,
    /// Its new value (the current one is shown without one; "" clears advisor, school or contact).
    pub value: Option<String>,
}

/// Whose students: `--advisor NAME` (`me` for the name in the settings) and `--grade N`.
#[derive(Debug, Args, Default, Clone)]
pub struct ScopeArgs {
    /// Only this advisor's students (matched loosely; `me` is the name set with `plp config`).
    #[arg(long, value_name = "NAME")]
    pub advisor: Option<String>,
    /// Only students in this grade (a number, K or PK).
    #[arg(long, value_name = "N")]
    pub grade: Option<String>,
}

/// `plp demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Generate this many students with a year of plans and check-ins instead.
    #[arg(long, value_name = "N", value_parser = whole_number)]
    pub students: Option<usize>,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
    /// Create the database only; do not open the terminal app.
    #[arg(long)]
    pub no_open: bool,
}

/// `plp import …`.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Add or update students from an SIS export (CSV with a header row).
    Roster {
        /// The CSV file.
        file: PathBuf,
        /// Show what would happen; change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Read COLUMN as FIELD (e.g. "Homeroom Teacher=advisor", or COLUMN=ignore);
        /// remembered for the next import.
        #[arg(long = "map", value_name = "COLUMN=FIELD")]
        maps: Vec<String>,
        /// Mark active students the roster does not list as inactive.
        #[arg(long)]
        mark_missing_inactive: bool,
        /// Go on when --mark-missing-inactive would mark most of the caseload inactive.
        #[arg(long)]
        yes: bool,
    },
    /// Bring in a plan exported elsewhere (the portable JSON format).
    Plan {
        /// The JSON file.
        file: PathBuf,
    },
}

/// `plp students`.
#[derive(Debug, Args)]
pub struct StudentsArgs {
    /// Only students overdue or due this week.
    #[arg(long)]
    pub due: bool,
    /// Include inactive students.
    #[arg(long)]
    pub all: bool,
    /// Whose students.
    #[command(flatten)]
    pub scope: ScopeArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: ListFormat,
}

/// `plp show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// SIS id or part of a name.
    pub student: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: ShowFormat,
}

/// `plp set`.
#[derive(Debug, Args)]
pub struct SetArgs {
    /// SIS id or part of a name.
    pub student: String,
    /// The field (e.g. strengths, grade, pronouns).
    pub field: String,
    /// The new value.
    pub value: String,
}

/// `plp team`.
#[derive(Debug, Args)]
pub struct TeamArgs {
    /// SIS id or part of a name.
    pub student: String,
    /// What to do (without one: list the team).
    #[command(subcommand)]
    pub action: Option<TeamAction>,
}

/// What `plp team STUDENT` does.
#[derive(Debug, Subcommand)]
pub enum TeamAction {
    /// Add a parent, guardian, teacher or mentor.
    Add {
        /// Their name.
        name: String,
        /// parent, guardian, teacher, mentor…
        #[arg(long)]
        role: Option<String>,
        /// Phone or e-mail.
        #[arg(long)]
        contact: Option<String>,
        /// The language they prefer to read in (es, vi, Spanish…).
        #[arg(long)]
        language: Option<String>,
    },
    /// Change one field of a member: name, role, contact, language.
    Set {
        /// Part of the member's name.
        member: String,
        /// name, role, contact or language.
        field: String,
        /// The new value ("" empties it).
        value: String,
    },
}

/// `plp checkin`.
#[derive(Debug, Args)]
pub struct CheckinArgs {
    /// SIS id or part of a name.
    pub student: String,
    /// The student's own words (a call home with only `--notes` needs none). Words may begin
    /// with a hyphen ("-5 on the test").
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    pub said: String,
    /// Advisor notes.
    #[arg(long, allow_hyphen_values = true)]
    pub notes: Option<String>,
    /// Keep it out of family printouts, exports and teachers' reading: `notes` (the advisor
    /// notes, as `--restricted` alone does) or `whole` (the student's words and next steps too).
    #[arg(long, value_name = "notes|whole", num_args = 0..=1, default_missing_value = "notes")]
    pub restricted: Option<RestrictArg>,
    /// Next check-in: 4w, 5w, 6w or a date (default 5w).
    #[arg(long, value_name = "4w|5w|6w|DATE")]
    pub next: Option<String>,
    /// The check-in's date (default today).
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Kind: check-in, student-led, parent, touchpoint (the annual review is the year-end
    /// review, Y on the student in plp).
    #[arg(long, default_value = "check-in")]
    pub kind: String,
    /// Someone else who was there (the student and advisor always are): a team member's name
    /// (as `plp team STUDENT` lists them), `family` for every family member on the team, or
    /// anyone's name. Give it once for each.
    #[arg(long = "with", value_name = "NAME")]
    pub with: Vec<String>,
}

/// `plp export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// SIS id or part of a name (or --all, --advisor, --grade).
    pub student: Option<String>,
    /// Every active student (with json: every student).
    #[arg(long)]
    pub all: bool,
    /// Printouts for these active students (`--advisor NAME`, `--grade N`).
    #[command(flatten)]
    pub scope: ScopeArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "md")]
    pub format: ExportFormat,
    /// Write here instead of standard output (a folder for several printouts); a file that is
    /// there, or a folder that holds files, is refused without --force.
    #[arg(long, value_name = "FILE|DIR")]
    pub out: Option<PathBuf>,
    /// Let --out replace a file that is there (never the database or the files beside it).
    #[arg(long, requires = "out")]
    pub force: bool,
    /// Several printouts in one file (--out FILE), each student on a new page (in a PDF, on a
    /// new sheet when printed on both sides).
    #[arg(long)]
    pub one_file: bool,
    /// Include the advisor's notes in a printout (they are left out unless asked for).
    #[arg(long)]
    pub include_notes: bool,
    /// Include restricted material (it is left out unless asked for).
    #[arg(long)]
    pub include_restricted: bool,
    /// The printout's language, by code or name (en, es, Spanish, español); else the family's
    /// recorded language, else English.
    #[arg(long, value_name = "LANGUAGE")]
    pub lang: Option<String>,
    /// Paper size (default: from the locale, else US Letter).
    #[arg(long, value_enum)]
    pub paper: Option<PaperArg>,
}

/// Which report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportKind {
    /// Who is due or overdue.
    Due,
    /// Goal domains, strategy verdicts, goals met, check-ins, compared with the period before.
    Trends,
    /// Strengths recorded, family took part, annual review done.
    Completeness,
    /// Who is stuck, and why.
    Stuck,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Aligned columns for people.
    Table,
    /// Comma-separated values with a header.
    Csv,
    /// Stable JSON for scripts.
    Json,
    /// A page with charts (trends only).
    Html,
}

/// `plp report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Which report.
    #[arg(value_enum)]
    pub kind: ReportKind,
    /// Whose students.
    #[command(flatten)]
    pub scope: ScopeArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: ReportFormat,
    /// Write here instead of standard output (readable by its owner only); a file that is
    /// there is refused without --force.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Let --out replace a file that is there (never the database or the files beside it).
    #[arg(long, requires = "out")]
    pub force: bool,
    /// Only students with an IEP (with --504: either).
    #[arg(long)]
    pub iep: bool,
    /// Only students with a 504 plan (with --iep: either).
    #[arg(long = "504")]
    pub plan_504: bool,
    /// From this day: 2026-11-27, 27 Nov 2026, or slashed in the date-order setting (11/27/2026).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// The last day, and the day the report is as of (default today); written as for --since.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Compute it in the district hub, over every school this login may read
    /// (postgres://[user@]host[:port]/database), instead of from the file.
    #[arg(long, value_name = "URL")]
    pub hub: Option<String>,
    /// With --hub: only the students of this school, as the hub files them.
    #[arg(long, value_name = "NAME")]
    pub school: Option<String>,
}

/// `plp backup`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where to write the copy (must not exist).
    pub file: PathBuf,
}

/// `plp restore`.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup to restore (it is copied, never changed).
    pub backup: PathBuf,
}

/// `plp sync`.
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Another database path, [user@]host:path, or a district hub's postgres://… URL.
    pub target: Option<String>,
    /// Sync through a folder of change bundles instead.
    #[arg(long, value_name = "DIR")]
    pub bundle: Option<PathBuf>,
    /// Create TARGET (a full copy of this database), or the --bundle folder, if it does not
    /// exist.
    #[arg(long)]
    pub create: bool,
    /// Let a hub login that reads only part of the hub make this file a partial copy, though
    /// other copies sync with it (it then syncs only with that hub).
    #[arg(long)]
    pub partial: bool,
}

/// Which version of a conflicted field to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Keep {
    /// The version shown now.
    Shown,
    /// The version kept aside.
    Other,
    /// Both texts, one after the other.
    Both,
}

/// `plp conflicts`.
#[derive(Debug, Args)]
pub struct ConflictsArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: ListFormat,
    /// Settle conflict number N (as listed).
    #[arg(long, value_name = "N", requires = "keep", value_parser = whole_number)]
    pub resolve: Option<usize>,
    /// What to keep when settling.
    #[arg(long, value_enum)]
    pub keep: Option<Keep>,
}

/// `plp serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Speak the sync protocol on standard input and output.
    #[arg(long)]
    pub stdio: bool,
    /// Make the database if it does not exist (`plp sync host:path --create`); without it, a
    /// path where there is no database is refused, so that a mistyped path makes no copy.
    #[arg(long)]
    pub create: bool,
}

/// A count typed on the command line, or why it is not one, in words (not the parser's "invalid
/// digit found in string").
fn whole_number(typed: &str) -> Result<usize, String> {
    let t = typed.trim();
    if t.starts_with('-') && t[1..].chars().all(|c| c.is_ascii_digit()) && t.len() > 1 {
        return Err("it must be a whole number, 0 or more".into());
    }
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit()) {
        return Err("it is not a whole number (such as 3)".into());
    }
    t.parse()
        .map_err(|_| "it is a number far larger than any plp takes".into())
}
