//! The store's schema: every migration ever released, in order. Never edit a released one:
//! append another (its index + 1 becomes `user_version`).

/// `PRAGMA application_id` of a Rapport store ("RPRT"), so a foreign SQLite file is told apart.
pub const APPLICATION_ID: i32 = 0x5250_5254;

/// The schema version this Rapport writes: how many migrations it knows.
pub fn schema_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// Schema migrations, applied in order; each one's index + 1 is its version.
pub const MIGRATIONS: &[&str] = &[
    r#"CREATE TABLE trainee (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    -- The opaque id other systems see (xAPI account name): never the person's name.
    account TEXT NOT NULL UNIQUE,
    created_ms INTEGER NOT NULL
);
CREATE TABLE session (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    trainee_id INTEGER NOT NULL REFERENCES trainee(id) ON DELETE CASCADE,
    scenario_id TEXT NOT NULL,
    scenario_hash TEXT NOT NULL,
    seed INTEGER NOT NULL,
    started_ms INTEGER NOT NULL,
    ended_ms INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('finished', 'abandoned')),
    ending TEXT,
    outcome TEXT,
    score REAL NOT NULL,
    duration_ms INTEGER NOT NULL,
    decisions INTEGER NOT NULL
);
CREATE INDEX session_by_trainee ON session (trainee_id, ended_ms);
CREATE INDEX session_by_time ON session (ended_ms);
CREATE TABLE rule_score (
    session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
    rule TEXT NOT NULL,
    upheld INTEGER NOT NULL,
    broken INTEGER NOT NULL,
    score REAL NOT NULL,
    PRIMARY KEY (session_id, rule)
) WITHOUT ROWID;
CREATE TABLE decision (
    session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    node TEXT NOT NULL,
    choice TEXT,
    taken_ms INTEGER NOT NULL,
    interrupted INTEGER NOT NULL,
    -- The whole engine record (time, effects and reasons), enough to replay the session exactly.
    record TEXT NOT NULL,
    PRIMARY KEY (session_id, idx)
) WITHOUT ROWID;
CREATE TABLE in_progress (
    trainee_id INTEGER NOT NULL REFERENCES trainee(id) ON DELETE CASCADE,
    scenario_id TEXT NOT NULL,
    uuid TEXT NOT NULL,
    started_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL,
    state TEXT NOT NULL,
    PRIMARY KEY (trainee_id, scenario_id)
);
CREATE TABLE mastery (
    trainee_id INTEGER NOT NULL REFERENCES trainee(id) ON DELETE CASCADE,
    rule TEXT NOT NULL,
    value REAL NOT NULL,
    sessions INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL,
    PRIMARY KEY (trainee_id, rule)
) WITHOUT ROWID;
-- Rule ids as small numbers, for the weekly sums below.
CREATE TABLE rule_name (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
-- Per trainee and week, the sessions and score total of every rule tested (a packed list of
-- rule_name id, sessions, total): team reports over a range of weeks read one short row per
-- trainee and week, never the sessions.
CREATE TABLE trainee_week (
    week INTEGER NOT NULL,
    trainee_id INTEGER NOT NULL REFERENCES trainee(id) ON DELETE CASCADE,
    sums BLOB NOT NULL,
    PRIMARY KEY (week, trainee_id)
) WITHOUT ROWID;
CREATE INDEX trainee_week_by_trainee ON trainee_week (trainee_id);
CREATE TABLE refresher (
    trainee_id INTEGER NOT NULL REFERENCES trainee(id) ON DELETE CASCADE,
    scenario_id TEXT NOT NULL,
    repetitions INTEGER NOT NULL,
    ease REAL NOT NULL,
    interval_days REAL NOT NULL,
    due_ms INTEGER NOT NULL,
    last_ms INTEGER NOT NULL,
    last_score REAL NOT NULL,
    best_score REAL NOT NULL,
    PRIMARY KEY (trainee_id, scenario_id)
);
CREATE INDEX refresher_by_due ON refresher (due_ms);
-- Statements a Learning Record Store has accepted, per store address: never sent twice.
CREATE TABLE lrs_sent (
    endpoint TEXT NOT NULL,
    statement_id TEXT NOT NULL,
    sent_ms INTEGER NOT NULL,
    PRIMARY KEY (endpoint, statement_id)
) WITHOUT ROWID;
"#,
    // 2: how each trainee wants to be addressed ('female', 'male', or not said).
    r#"
ALTER TABLE trainee ADD COLUMN agent TEXT CHECK (agent IN ('female', 'male'));
"#,
    // 3: a team across machines. Where a session came from (NULL: played on this machine; else
    // the LRS it was pulled from), what the trainee profile may hold for an LMS, the machine's
    // settings (the LRS connection, never its secret), and a pull's cursor and the statements
    // it has taken or skipped.
    r#"
ALTER TABLE session ADD COLUMN origin TEXT;
ALTER TABLE trainee ADD COLUMN email TEXT;
ALTER TABLE trainee ADD COLUMN lms_id TEXT;
CREATE TABLE setting (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE lrs_cursor (
    endpoint TEXT NOT NULL,
    verb TEXT NOT NULL,
    -- The newest statement timestamp taken (milliseconds); the next pull asks from here less an
    -- overlap window.
    newest_ms INTEGER NOT NULL,
    PRIMARY KEY (endpoint, verb)
) WITHOUT ROWID;
-- Statements a pull has read (taken, already here, or skipped with a reason): never read twice.
CREATE TABLE lrs_pulled (
    endpoint TEXT NOT NULL,
    statement_id TEXT NOT NULL,
    skipped TEXT,
    pulled_ms INTEGER NOT NULL,
    PRIMARY KEY (endpoint, statement_id)
) WITHOUT ROWID;
"#,
];
