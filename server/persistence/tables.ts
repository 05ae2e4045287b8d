/**
 * Every table the migrations create, parents before children (foreign keys), without
 * `schema_migrations`. Copying a database table by table in this order never refers to a
 * row not yet copied. A new migration that creates a table adds it here.
 */
export const TABLES = [
  "organisations",
  "users",
  "sessions",
  "scorecards",
  "doc_updates",
  "doc_checkpoints",
  "doc_clients",
  "agreement_versions",
  "figure_rows",
  "staff_rows",
  "figure_submissions",
  "quarter_locks",
  "quarter_lock_events",
  "versions",
  "audit_events",
  "talks",
  "talk_participants",
  "talk_agreements",
  "jobs",
  "mails",
  "login_failures",
  "settlements",
  "topics",
  "topic_events",
] as const;

/**
 * Tables whose key the database generates, and its column (SQLite: INTEGER PRIMARY KEY
 * AUTOINCREMENT, PostgreSQL: an identity column). A copy that inserts the keys itself
 * must move PostgreSQL's sequences past them.
 */
export const GENERATED_KEYS = {
  doc_updates: "seq",
  figure_submissions: "id",
  quarter_lock_events: "id",
  versions: "id",
  audit_events: "id",
  jobs: "id",
  mails: "id",
  topic_events: "id",
} as const;
