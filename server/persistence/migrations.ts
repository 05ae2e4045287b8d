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
];
