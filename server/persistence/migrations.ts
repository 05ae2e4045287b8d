/** One schema change, applied once and recorded in `schema_migrations`. */
export interface Migration {
  /** Ordered id; never reuse or reorder. */
  id: number;
  /** What the migration does, for the log. */
  name: string;
  /** The SQL to run. */
  sql: string;
}

/** All migrations, oldest first. Append only: a released migration is never edited. */
export const migrations: Migration[] = [
  {
    id: 1,
    name: "organisations, users, sessions, scorecards, document history",
    sql: `
      CREATE TABLE organisations (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('funder', 'provider')),
        created_at INTEGER NOT NULL
      );
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL UNIQUE COLLATE NOCASE,
        name TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        organisation_id TEXT NOT NULL REFERENCES organisations(id),
        role TEXT NOT NULL CHECK (role IN ('editor', 'viewer')),
        is_admin INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        -- users are disabled, never deleted: the document history names them
        disabled_at INTEGER
      );
      CREATE TABLE sessions (
        -- SHA-256 of the token, so a leaked table cannot be used to log in
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        expires_at INTEGER NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX sessions_user ON sessions(user_id);
      CREATE TABLE scorecards (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        -- NULL for the shared scorecard of the providers' conference
        provider_id TEXT REFERENCES organisations(id),
        created_at INTEGER NOT NULL
      );
      CREATE TABLE doc_updates (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        scorecard_id TEXT NOT NULL REFERENCES scorecards(id),
        update_data BLOB NOT NULL,
        -- NULL for changes the server itself made (initial content)
        user_id TEXT REFERENCES users(id),
        created_at INTEGER NOT NULL
      );
      CREATE INDEX doc_updates_scorecard ON doc_updates(scorecard_id, seq);
      CREATE TABLE doc_checkpoints (
        scorecard_id TEXT NOT NULL REFERENCES scorecards(id),
        up_to_seq INTEGER NOT NULL,
        state BLOB NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (scorecard_id, up_to_seq)
      );
    `,
  },
  {
    id: 2,
    name: "controlling: agreements, figures, staff, submissions, quarter locks",
    sql: `
      -- Aggregates only: no table here holds names or other data of the people served.
      CREATE TABLE agreement_versions (
        provider_id TEXT NOT NULL REFERENCES organisations(id),
        year INTEGER NOT NULL,
        -- 1, 2, … per provider and year; the highest is the current agreement
        version INTEGER NOT NULL,
        json TEXT NOT NULL,
        created_by TEXT NOT NULL REFERENCES users(id),
        created_at INTEGER NOT NULL,
        reason TEXT NOT NULL,
        PRIMARY KEY (provider_id, year, version)
      );
      CREATE TABLE figure_rows (
        provider_id TEXT NOT NULL REFERENCES organisations(id),
        month TEXT NOT NULL,
        offer TEXT NOT NULL,
        need_group INTEGER NOT NULL CHECK (need_group BETWEEN 1 AND 5),
        funder_kind TEXT NOT NULL CHECK (funder_kind IN ('local', 'external')),
        social_space INTEGER NOT NULL CHECK (social_space IN (0, 1)),
        -- set exactly on +S rows (social_space = 1)
        prior_need_group INTEGER CHECK (prior_need_group BETWEEN 1 AND 5),
        cases INTEGER NOT NULL CHECK (cases >= 0),
        occupancy_days INTEGER NOT NULL CHECK (occupancy_days >= 0)
      );
      -- The row key of domain.md; IFNULL because NULLs never collide in a unique index.
      CREATE UNIQUE INDEX figure_rows_key
        ON figure_rows(provider_id, month, offer, need_group, funder_kind, social_space, IFNULL(prior_need_group, 0));
      CREATE TABLE staff_rows (
        provider_id TEXT NOT NULL REFERENCES organisations(id),
        month TEXT NOT NULL,
        staff_fte REAL NOT NULL CHECK (staff_fte >= 0),
        PRIMARY KEY (provider_id, month)
      );
      CREATE TABLE figure_submissions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        provider_id TEXT NOT NULL REFERENCES organisations(id),
        kind TEXT NOT NULL CHECK (kind IN ('upload', 'form', 'correction')),
        subject TEXT NOT NULL CHECK (subject IN ('figures', 'staff', 'figures+staff')),
        -- JSON array of the months replaced
        months TEXT NOT NULL,
        created_by TEXT NOT NULL REFERENCES users(id),
        created_at INTEGER NOT NULL,
        reason TEXT,
        file_name TEXT,
        -- JSON {figures, staff}: what was submitted, and what it replaced, so a correction keeps before and after
        rows_json TEXT NOT NULL,
        replaced_json TEXT NOT NULL
      );
      CREATE INDEX figure_submissions_provider ON figure_submissions(provider_id, id);
      CREATE TABLE quarter_locks (
        provider_id TEXT NOT NULL REFERENCES organisations(id),
        quarter TEXT NOT NULL,
        locked_by TEXT NOT NULL REFERENCES users(id),
        locked_at INTEGER NOT NULL,
        reason TEXT NOT NULL,
        PRIMARY KEY (provider_id, quarter)
      );
      -- Every lock and reopening, since a reopened quarter leaves no row in quarter_locks.
      CREATE TABLE quarter_lock_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        provider_id TEXT NOT NULL REFERENCES organisations(id),
        quarter TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('lock', 'reopen')),
        user_id TEXT NOT NULL REFERENCES users(id),
        created_at INTEGER NOT NULL,
        reason TEXT NOT NULL
      );
    `,
  },
];
