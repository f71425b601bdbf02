//! The tables: which entities exist, their fields, and the versioned migrations that create them.

/// Schema version this build writes. A file with a higher version is opened read-only.
pub const SCHEMA_VERSION: i64 = 7;

/// Upgrades from this version on only add what is derived from the tables (indexes, counts), an
/// empty column, or (version 7) a new way to write values that leaves every stored one as it
/// is: nothing stored changes, so the file is not copied before them.
pub const DERIVED_ONLY_FROM: i64 = 4;

/// Marks a file as a plp database (`PRAGMA application_id`, "PLP1").
pub const APPLICATION_ID: i64 = 0x504C_5031;

/// Migration `i` takes the schema from version `i` to `i + 1`. Version 3 packs the change log,
/// which takes code as well as SQL (see `compact_log`): its entry here is empty.
pub const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE ops (
    id        TEXT PRIMARY KEY,
    replica   TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    hlc       TEXT NOT NULL,
    author    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    field     TEXT NOT NULL,
    value     TEXT NOT NULL,
    base      TEXT NOT NULL DEFAULT '',
    UNIQUE (replica, seq)
);
CREATE INDEX ops_by_entity ON ops (entity_id, field);
CREATE INDEX ops_by_clock ON ops (hlc, id);

-- The highest sequence number held from each replica (the version vector), kept as changes
-- are added so that a sync with nothing to do reads a handful of rows.
CREATE TABLE versions (
    replica TEXT PRIMARY KEY,
    seq     INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE conflicts (
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    field     TEXT NOT NULL,
    op_id     TEXT NOT NULL,
    PRIMARY KEY (entity_id, field, op_id)
) WITHOUT ROWID;

-- One line per student with everything the caseload shows, kept up to date as operations are
-- applied (and rebuilt with the tables), so the first screen is one short scan.
CREATE TABLE student_summary (
    student_id     TEXT PRIMARY KEY,
    sis_id         TEXT NOT NULL,
    given_name     TEXT NOT NULL,
    family_name    TEXT NOT NULL,
    preferred_name TEXT,
    grade          INTEGER,
    advisor        TEXT,
    status         TEXT NOT NULL,
    iep            INTEGER NOT NULL,
    plan_504       INTEGER NOT NULL,
    retired        INTEGER NOT NULL,
    last_date      TEXT,
    next_date      TEXT,
    goals_year     TEXT,
    active_goals   INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE drafts (
    key     TEXT PRIMARY KEY,
    body    TEXT NOT NULL,
    updated TEXT NOT NULL
);

CREATE TABLE students (
    id TEXT PRIMARY KEY,
    sis_id TEXT NOT NULL DEFAULT '',
    given_name TEXT NOT NULL DEFAULT '',
    family_name TEXT NOT NULL DEFAULT '',
    preferred_name TEXT,
    pronouns TEXT,
    grade INTEGER,
    grad_year INTEGER,
    advisor TEXT,
    email TEXT,
    status TEXT NOT NULL DEFAULT 'active',
    iep INTEGER NOT NULL DEFAULT 0,
    plan_504 INTEGER NOT NULL DEFAULT 0,
    strengths TEXT NOT NULL DEFAULT '',
    needs TEXT NOT NULL DEFAULT '',
    learning TEXT NOT NULL DEFAULT '',
    interests TEXT NOT NULL DEFAULT '',
    career TEXT NOT NULL DEFAULT '',
    supports TEXT NOT NULL DEFAULT '',
    personal_goals TEXT NOT NULL DEFAULT '',
    retired INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX students_by_sis ON students (sis_id);

CREATE TABLE team_members (
    id TEXT PRIMARY KEY,
    student_id TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL DEFAULT '',
    contact TEXT NOT NULL DEFAULT '',
    retired INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX team_by_student ON team_members (student_id);

CREATE TABLE plans (
    id TEXT PRIMARY KEY,
    student_id TEXT NOT NULL DEFAULT '',
    school_year TEXT NOT NULL DEFAULT '',
    reviewed INTEGER NOT NULL DEFAULT 0,
    retired INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX plans_by_student ON plans (student_id);

CREATE TABLE goals (
    id TEXT PRIMARY KEY,
    plan_id TEXT NOT NULL DEFAULT '',
    student_id TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    domain TEXT NOT NULL DEFAULT 'academic',
    why TEXT NOT NULL DEFAULT '',
    measure TEXT NOT NULL DEFAULT '',
    baseline TEXT NOT NULL DEFAULT '',
    target TEXT NOT NULL DEFAULT '',
    target_date TEXT,
    status TEXT NOT NULL DEFAULT 'active',
    position INTEGER NOT NULL DEFAULT 0,
    retired INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX goals_by_student ON goals (student_id, retired, status, plan_id);
CREATE INDEX goals_by_plan ON goals (plan_id);

CREATE TABLE strategies (
    id TEXT PRIMARY KEY,
    goal_id TEXT NOT NULL DEFAULT '',
    student_id TEXT NOT NULL DEFAULT '',
    what TEXT NOT NULL DEFAULT '',
    owner TEXT NOT NULL DEFAULT '',
    frequency TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'active',
    position INTEGER NOT NULL DEFAULT 0,
    retired INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX strategies_by_student ON strategies (student_id);
CREATE INDEX strategies_by_goal ON strategies (goal_id);

CREATE TABLE checkins (
    id TEXT PRIMARY KEY,
    student_id TEXT NOT NULL DEFAULT '',
    plan_id TEXT,
    date TEXT,
    kind TEXT NOT NULL DEFAULT 'check-in',
    attended TEXT NOT NULL DEFAULT '[]',
    student_words TEXT NOT NULL DEFAULT '',
    progress TEXT NOT NULL DEFAULT '[]',
    verdicts TEXT NOT NULL DEFAULT '[]',
    adjustments TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    restricted INTEGER NOT NULL DEFAULT 0,
    next_steps TEXT NOT NULL DEFAULT '[]',
    next_date TEXT,
    retired INTEGER NOT NULL DEFAULT 0
);
-- Covers the caseload's last and next dates without reading check-in text.
CREATE INDEX checkins_by_student ON checkins (student_id, retired, date, next_date);

CREATE TABLE interventions (
    id TEXT PRIMARY KEY,
    student_id TEXT NOT NULL DEFAULT '',
    date TEXT,
    kind TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    who TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL DEFAULT '',
    retired INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX interventions_by_student ON interventions (student_id);

CREATE TABLE evidence (
    id TEXT PRIMARY KEY,
    student_id TEXT NOT NULL DEFAULT '',
    goal_id TEXT,
    date TEXT,
    kind TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    result TEXT NOT NULL DEFAULT '',
    retired INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX evidence_by_student ON evidence (student_id);
"#,
    r#"
-- A check-in can be restricted whole, not only its notes; last time's next steps are reviewed.
ALTER TABLE checkins ADD COLUMN restricted_whole INTEGER NOT NULL DEFAULT 0;
ALTER TABLE checkins ADD COLUMN last_steps TEXT NOT NULL DEFAULT '[]';
"#,
    "",
    r#"
-- A goal or strategy carried forward into a new school year's plan names the one it came from.
ALTER TABLE goals ADD COLUMN carried_from TEXT;
ALTER TABLE strategies ADD COLUMN carried_from TEXT;
CREATE INDEX goals_by_origin ON goals (carried_from) WHERE carried_from IS NOT NULL;
CREATE INDEX strategies_by_origin ON strategies (carried_from) WHERE carried_from IS NOT NULL;
"#,
    r#"
-- The caseload's first screen walks its students in order of their next check-in.
CREATE INDEX summary_by_due ON student_summary (retired, status, next_date);

-- How many students (not retired) of each status have each next check-in date ('' for none),
-- kept by the triggers below: the caseload's counts add up these few hundred lines instead of
-- reading every student.
CREATE TABLE summary_counts (
    status    TEXT NOT NULL,
    next_date TEXT NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (status, next_date)
) WITHOUT ROWID;
INSERT INTO summary_counts
    SELECT status, coalesce(next_date, ''), count(*) FROM student_summary
    WHERE retired = 0 GROUP BY 1, 2;

CREATE TRIGGER summary_counts_add AFTER INSERT ON student_summary WHEN NEW.retired = 0
BEGIN
    INSERT INTO summary_counts VALUES (NEW.status, coalesce(NEW.next_date, ''), 1)
        ON CONFLICT (status, next_date) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER summary_counts_drop AFTER DELETE ON student_summary WHEN OLD.retired = 0
BEGIN
    UPDATE summary_counts SET n = n - 1
        WHERE status = OLD.status AND next_date = coalesce(OLD.next_date, '');
    DELETE FROM summary_counts WHERE n <= 0
        AND status = OLD.status AND next_date = coalesce(OLD.next_date, '');
END;
CREATE TRIGGER summary_counts_move AFTER UPDATE ON student_summary
    WHEN OLD.status IS NOT NEW.status OR OLD.retired IS NOT NEW.retired
        OR OLD.next_date IS NOT NEW.next_date
BEGIN
    UPDATE summary_counts SET n = n - 1
        WHERE OLD.retired = 0 AND status = OLD.status AND next_date = coalesce(OLD.next_date, '');
    DELETE FROM summary_counts WHERE n <= 0
        AND status = OLD.status AND next_date = coalesce(OLD.next_date, '');
    INSERT INTO summary_counts SELECT NEW.status, coalesce(NEW.next_date, ''), 1
        WHERE NEW.retired = 0
        ON CONFLICT (status, next_date) DO UPDATE SET n = n + 1;
END;
"#,
    r#"
-- A team member's preferred language, which family printouts follow.
ALTER TABLE team_members ADD COLUMN language TEXT;
"#,
    r#"
-- From here on the change log's values are compressed with the dictionary kept in the program
-- (see `packed`). Values written before stay as they are and read as before; the version
-- changes so that a plp without the dictionary opens such a file read-only instead of reading
-- the new values as damaged.
"#,
];

pub use crate::domain::{Entity, Kind};

impl Entity {
    /// The table built from its operations.
    pub fn table(self) -> &'static str {
        match self {
            Entity::Student => "students",
            Entity::TeamMember => "team_members",
            Entity::Plan => "plans",
            Entity::Goal => "goals",
            Entity::Strategy => "strategies",
            Entity::CheckIn => "checkins",
            Entity::Intervention => "interventions",
            Entity::Evidence => "evidence",
        }
    }
}
