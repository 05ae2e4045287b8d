/**
 * The database as Kysely sees it: one interface per table the migrations create
 * (server/persistence/migrations.ts, applied in order), with the column names as stored.
 * Both engines read the same types: INTEGER is BIGINT on PostgreSQL, which the pool
 * parses as a number; REAL is DOUBLE PRECISION there; BLOB is BYTEA. A migration that
 * adds or changes a column changes the table's interface and its list in TABLE_COLUMNS;
 * schema.test.ts compares both with the migrated database on each engine.
 */
import type { ColumnType, Generated } from "kysely";

/** Binary data (BLOB, BYTEA): read as a Buffer, written from any byte array. */
export type Blob = ColumnType<Buffer, Buffer | Uint8Array, Buffer | Uint8Array>;

/** Binary data that may be NULL. */
export type NullableBlob = ColumnType<Buffer | null, Buffer | Uint8Array | null, Buffer | Uint8Array | null>;

// ---------------------------------------------------------------------------------------
// Accounts and scorecard documents

/** A funder or a provider; every user belongs to one. */
export interface OrganisationsTable {
  id: string;
  name: string;
  /** 'funder' or 'provider'. */
  kind: string;
  created_at: number;
}

/** An account. Disabled (disabled_at), never deleted: the document history names it. */
export interface UsersTable {
  id: string;
  /** Unique regardless of case (COLLATE NOCASE). */
  email: string;
  name: string;
  password_hash: string;
  organisation_id: string;
  /** 'editor' or 'viewer'. */
  role: string;
  /** 1 for administrators, else 0. */
  is_admin: Generated<number>;
  created_at: number;
  disabled_at: number | null;
  /** 0 when the user turned off the mails about questions asked or answered. */
  question_mails: Generated<number>;
  /** 0 when the user turned off the reminders of a reporting deadline. */
  reminder_mails: Generated<number>;
  /** 1 when the password must be changed at the next login (published demo passwords). */
  must_change_password: Generated<number>;
}

/** A login session. */
export interface SessionsTable {
  /** SHA-256 of the token, so a leaked table cannot be used to log in. */
  id: string;
  user_id: string;
  expires_at: number;
  created_at: number;
}

/** A scorecard document: a provider's, or (provider_id NULL) the providers' conference's. */
export interface ScorecardsTable {
  id: string;
  title: string;
  provider_id: string | null;
  created_at: number;
  /** Set when deleted: hidden at once, purged after purge_after. */
  deleted_at: number | null;
  deleted_by: string | null;
  delete_reason: string | null;
  purge_after: number | null;
}

/** One stored Yjs update of a scorecard, chained by hash to the scorecard's previous one. */
export interface DocUpdatesTable {
  seq: Generated<number>;
  scorecard_id: string;
  update_data: Blob;
  /** NULL for changes the server itself made (initial content). */
  user_id: string | null;
  created_at: number;
  /** Hash of the scorecard's previous update; NULL for its first. */
  prev_hash: NullableBlob;
  /** NULL only for rows no migration or store has chained (none after migration 3). */
  hash: NullableBlob;
}

/** A scorecard's merged document state holding every update up to up_to_seq. */
export interface DocCheckpointsTable {
  scorecard_id: string;
  up_to_seq: number;
  state: Blob;
  created_at: number;
}

/** Which user owns a Yjs client id of a scorecard: the first to write under it (NULL: the system). */
export interface DocClientsTable {
  scorecard_id: string;
  client_id: number;
  user_id: string | null;
}

// ---------------------------------------------------------------------------------------
// Controlling: agreements, figures, staff, quarter locks

/** One version of a provider's agreement for a year; the highest version is the current one. */
export interface AgreementVersionsTable {
  provider_id: string;
  year: number;
  version: number;
  json: string;
  created_by: string;
  created_at: number;
  reason: string;
}

/** A provider's aggregate figures of one month for one row key (offer, need group, funder, social space). */
export interface FigureRowsTable {
  provider_id: string;
  /** YYYY-MM. */
  month: string;
  offer: string;
  /** 1 … 5. */
  need_group: number;
  /** 'local' or 'external'. */
  funder_kind: string;
  /** 1 on +S rows, else 0. */
  social_space: number;
  /** Set exactly on +S rows. */
  prior_need_group: number | null;
  cases: number;
  occupancy_days: number;
}

/** A provider's staff (full-time equivalents) in one month. */
export interface StaffRowsTable {
  provider_id: string;
  month: string;
  staff_fte: number;
}

/** One submission of figures or staff (upload, form or correction), with what it replaced. */
export interface FigureSubmissionsTable {
  id: Generated<number>;
  provider_id: string;
  /** 'upload', 'form' or 'correction'. */
  kind: string;
  /** 'figures', 'staff' or 'figures+staff'. */
  subject: string;
  /** JSON array of the months replaced. */
  months: string;
  created_by: string;
  created_at: number;
  reason: string | null;
  file_name: string | null;
  /** JSON {figures, staff} submitted. */
  rows_json: string;
  /** JSON {figures, staff} replaced, so a correction keeps before and after. */
  replaced_json: string;
}

/** A locked quarter of a provider; reopening deletes the row. */
export interface QuarterLocksTable {
  provider_id: string;
  quarter: string;
  locked_by: string;
  locked_at: number;
  reason: string;
}

/** One lock or reopening of a quarter, kept since a reopened quarter leaves no quarter_locks row. */
export interface QuarterLockEventsTable {
  id: Generated<number>;
  provider_id: string;
  quarter: string;
  /** 'lock' or 'reopen'. */
  action: string;
  user_id: string;
  created_at: number;
  reason: string;
}

// ---------------------------------------------------------------------------------------
// Versions and audit

/** A saved version of a scorecard: its state and KPIs up to an update, chained by hash. */
export interface VersionsTable {
  id: Generated<number>;
  scorecard_id: string;
  /** 1, 2, … per scorecard. */
  number: number;
  /** 'circulation', 'talk', 'minutes', 'named', 'auto' or 'restore'. */
  kind: string;
  name: string;
  /** NULL for versions the server takes by itself. */
  created_by: string | null;
  created_at: number;
  up_to_seq: number;
  /** Hash of the update at up_to_seq. */
  update_hash: NullableBlob;
  state: Blob;
  /** The KPI values shown at that moment (KpiSnapshot). */
  kpis_json: string;
  /** Who changed the document since the previous version. */
  authors_json: string;
  prev_hash: NullableBlob;
  hash: Blob;
}

/** An audited event, in one hash chain; no foreign keys, so it outlives a purged scorecard. */
export interface AuditEventsTable {
  id: Generated<number>;
  kind: string;
  scorecard_id: string | null;
  user_id: string | null;
  created_at: number;
  detail_json: string;
  prev_hash: NullableBlob;
  hash: Blob;
}

// ---------------------------------------------------------------------------------------
// Steering talks, jobs, mails

/** A steering talk (or conference session) about a scorecard, from scheduling to its minutes. */
export interface TalksTable {
  id: string;
  scorecard_id: string;
  /** Start, ms since the epoch (entered as Europe/Berlin local time). */
  starts_at: number;
  planned_minutes: Generated<number>;
  place: string;
  /** JSON array of agenda items [{ title }]. */
  agenda_json: string;
  /** 'scheduled', 'circulated', 'running', 'closed' or 'cancelled'. */
  state: string;
  circulation_version_id: number | null;
  talk_version_id: number | null;
  minutes_version_id: number | null;
  started_at: number | null;
  closed_at: number | null;
  /** Approval of the previous minutes: 'approved', 'amended' or NULL. */
  approval: string | null;
  approval_note: string | null;
  approved_by: string | null;
  approved_at: number | null;
  created_by: string;
  created_at: number;
  updated_at: number;
  /** JSON array of reasons the close did not lock the quarter; NULL when it locked or is not closed. */
  lock_withheld_json: string | null;
  /** Counts every change of the meeting state, so clients apply only the newest. */
  revision: Generated<number>;
  /** Index into agenda_json of the item everyone is at. */
  agenda_item: Generated<number>;
  /** 1, 2, … per recorded approval decision. */
  approval_revision: Generated<number>;
  /** The working group meeting instead of the full conference; NULL otherwise. */
  body: string | null;
  /** Shared by the talks scheduled at once as a quarterly series. */
  series_id: string | null;
  /** Figures of the last complete month are due this many days before the talk. */
  report_lead_days: Generated<number>;
}

/** A participant of a talk: a user, or an external guest known by address only. */
export interface TalkParticipantsTable {
  talk_id: string;
  user_id: string | null;
  /** Unique per talk regardless of case (COLLATE NOCASE). */
  email: string;
  name: string;
  /** 'funder', 'provider' or 'other'. */
  side: string;
  /** 1 when present. */
  present: Generated<number>;
  /** Order in the talk's list. */
  position: Generated<number>;
}

/** An agreement recorded in a talk, possibly turned into a measure of the scorecard. */
export interface TalkAgreementsTable {
  id: string;
  talk_id: string;
  text: string;
  owner: string;
  due_date: string | null;
  measure_id: string | null;
  created_by: string;
  created_at: number;
  /** Order in the talk's list. */
  position: Generated<number>;
}

/** Work due once at a given time, claimed atomically (pending → running) by one process. */
export interface JobsTable {
  id: Generated<number>;
  kind: string;
  subject_id: string;
  due_at: number;
  /** 'pending', 'running', 'done', 'failed' or 'cancelled'. */
  state: string;
  claimed_by: string | null;
  claimed_at: number | null;
  attempts: Generated<number>;
  last_error: string | null;
  done_at: number | null;
}

/** A mail sent (or written to the outbox folder), kept as a log. */
export interface MailsTable {
  id: Generated<number>;
  talk_id: string | null;
  kind: string;
  recipients_json: string;
  subject: string;
  body: string;
  /** JSON array of attachment file names. */
  attachments_json: string;
  /** 'smtp' or 'outbox'. */
  transport: string;
  /** The .eml file when the transport is the outbox folder. */
  outbox_file: string | null;
  created_at: number;
  sent_at: number | null;
  error: string | null;
}

/** One failed password check, kept a day (the table of migration 7 was replaced by migration 9). */
export interface LoginFailuresTable {
  id: string;
  /** The e-mail as typed, in lower case. */
  account: string;
  /** The client address (IPv6 by its /64 network). */
  address: string;
  failed_at: number;
  /** 1 once the account logged in from the same address. */
  settled: Generated<number>;
}

// ---------------------------------------------------------------------------------------
// Year-end reconciliation, topics

/** A year-end reconciliation decision: a proposal until both sides confirmed it, then fixed. */
export interface SettlementsTable {
  id: string;
  provider_id: string;
  from_year: number;
  to_year: number;
  /** 1, 2, … per change of the proposal. */
  revision: number;
  /** The reconciliation (engine result) the decision is based on. */
  based_on_json: string;
  /** SHA-256 of the reconciliation's inputs. */
  fingerprint: string;
  computed_at: number;
  proposal_cents: number;
  repay_cents: number;
  offset_cents: number;
  carry_cents: number;
  /** JSON array [{ scorecardId, measureId, title, valueCents }] adding up to offset_cents. */
  measures_json: string;
  reason: string | null;
  correction_reason: string | null;
  /** The decision this one corrects (no foreign key). */
  supersedes: string | null;
  funder_confirmed_by: string | null;
  funder_confirmed_at: number | null;
  provider_confirmed_by: string | null;
  provider_confirmed_at: number | null;
  confirmed_at: number | null;
  /** The talk running when the second side confirmed. */
  talk_id: string | null;
  created_by: string;
  created_at: number;
  updated_by: string;
  updated_at: number;
}

/** A topic parked for later on a scorecard (Themenspeicher); never deleted. */
export interface TopicsTable {
  id: string;
  scorecard_id: string;
  title: string;
  note: Generated<string>;
  raised_by: string;
  raised_at: number;
  /** 'open', 'planned', 'done' or 'dropped'. */
  status: string;
  /** The talk it is (or was last) planned into. */
  planned_talk_id: string | null;
  /** What it became: 'goal' or 'measure'. */
  promoted_kind: string | null;
  promoted_ref: string | null;
  /** 1, 2, … per change, so a stale edit is refused. */
  revision: Generated<number>;
  updated_at: number;
}

/** One change in a topic's history (a talk's status line is a 'discussed' row). */
export interface TopicEventsTable {
  id: Generated<number>;
  topic_id: string;
  kind: string;
  talk_id: string | null;
  /** Status after the change. */
  status: string;
  /** JSON object with what changed. */
  detail_json: string;
  user_id: string | null;
  at: number;
}

/** A migration applied to this database (server/persistence/db.ts). */
export interface SchemaMigrationsTable {
  /** The migration's id; given, not generated. */
  id: number;
  name: string;
  applied_at: number;
}

/** Every table, for `new Kysely<Tables>(…)`. */
export interface Tables {
  organisations: OrganisationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  scorecards: ScorecardsTable;
  doc_updates: DocUpdatesTable;
  doc_checkpoints: DocCheckpointsTable;
  doc_clients: DocClientsTable;
  agreement_versions: AgreementVersionsTable;
  figure_rows: FigureRowsTable;
  staff_rows: StaffRowsTable;
  figure_submissions: FigureSubmissionsTable;
  quarter_locks: QuarterLocksTable;
  quarter_lock_events: QuarterLockEventsTable;
  versions: VersionsTable;
  audit_events: AuditEventsTable;
  talks: TalksTable;
  talk_participants: TalkParticipantsTable;
  talk_agreements: TalkAgreementsTable;
  jobs: JobsTable;
  mails: MailsTable;
  login_failures: LoginFailuresTable;
  settlements: SettlementsTable;
  topics: TopicsTable;
  topic_events: TopicEventsTable;
  schema_migrations: SchemaMigrationsTable;
}

/** Each table's list of columns. */
export type ColumnLists = { readonly [T in keyof Tables]: readonly (keyof Tables[T] & string)[] };

/** "table.column" for each column of an interface a list leaves out; never when none is. */
type MissingColumns<L extends ColumnLists> = {
  [T in keyof Tables]: `${T}.${Exclude<keyof Tables[T] & string, L[T][number]>}`;
}[keyof Tables];

/**
 * Returns the lists; a column not in its table's interface, or a column of the interface
 * missing from the list, fails to compile (the error names the missing "table.column").
 */
function completeColumnLists<const L extends ColumnLists>(lists: L & ([MissingColumns<L>] extends [never] ? unknown : { missingColumns: MissingColumns<L> })): ColumnLists {
  return lists;
}

/** Each table's columns in the order the database has them, checked against `Tables` by the compiler. */
export const TABLE_COLUMNS: ColumnLists = completeColumnLists({
  organisations: ["id", "name", "kind", "created_at"],
  users: ["id", "email", "name", "password_hash", "organisation_id", "role", "is_admin", "created_at", "disabled_at", "question_mails", "reminder_mails", "must_change_password"],
  sessions: ["id", "user_id", "expires_at", "created_at"],
  scorecards: ["id", "title", "provider_id", "created_at", "deleted_at", "deleted_by", "delete_reason", "purge_after"],
  doc_updates: ["seq", "scorecard_id", "update_data", "user_id", "created_at", "prev_hash", "hash"],
  doc_checkpoints: ["scorecard_id", "up_to_seq", "state", "created_at"],
  doc_clients: ["scorecard_id", "client_id", "user_id"],
  agreement_versions: ["provider_id", "year", "version", "json", "created_by", "created_at", "reason"],
  figure_rows: ["provider_id", "month", "offer", "need_group", "funder_kind", "social_space", "prior_need_group", "cases", "occupancy_days"],
  staff_rows: ["provider_id", "month", "staff_fte"],
  figure_submissions: ["id", "provider_id", "kind", "subject", "months", "created_by", "created_at", "reason", "file_name", "rows_json", "replaced_json"],
  quarter_locks: ["provider_id", "quarter", "locked_by", "locked_at", "reason"],
  quarter_lock_events: ["id", "provider_id", "quarter", "action", "user_id", "created_at", "reason"],
  versions: ["id", "scorecard_id", "number", "kind", "name", "created_by", "created_at", "up_to_seq", "update_hash", "state", "kpis_json", "authors_json", "prev_hash", "hash"],
  audit_events: ["id", "kind", "scorecard_id", "user_id", "created_at", "detail_json", "prev_hash", "hash"],
  talks: [
    "id",
    "scorecard_id",
    "starts_at",
    "planned_minutes",
    "place",
    "agenda_json",
    "state",
    "circulation_version_id",
    "talk_version_id",
    "minutes_version_id",
    "started_at",
    "closed_at",
    "approval",
    "approval_note",
    "approved_by",
    "approved_at",
    "created_by",
    "created_at",
    "updated_at",
    "lock_withheld_json",
    "revision",
    "agenda_item",
    "approval_revision",
    "body",
    "series_id",
    "report_lead_days",
  ],
  talk_participants: ["talk_id", "user_id", "email", "name", "side", "present", "position"],
  talk_agreements: ["id", "talk_id", "text", "owner", "due_date", "measure_id", "created_by", "created_at", "position"],
  jobs: ["id", "kind", "subject_id", "due_at", "state", "claimed_by", "claimed_at", "attempts", "last_error", "done_at"],
  mails: ["id", "talk_id", "kind", "recipients_json", "subject", "body", "attachments_json", "transport", "outbox_file", "created_at", "sent_at", "error"],
  login_failures: ["id", "account", "address", "failed_at", "settled"],
  settlements: [
    "id",
    "provider_id",
    "from_year",
    "to_year",
    "revision",
    "based_on_json",
    "fingerprint",
    "computed_at",
    "proposal_cents",
    "repay_cents",
    "offset_cents",
    "carry_cents",
    "measures_json",
    "reason",
    "correction_reason",
    "supersedes",
    "funder_confirmed_by",
    "funder_confirmed_at",
    "provider_confirmed_by",
    "provider_confirmed_at",
    "confirmed_at",
    "talk_id",
    "created_by",
    "created_at",
    "updated_by",
    "updated_at",
  ],
  topics: ["id", "scorecard_id", "title", "note", "raised_by", "raised_at", "status", "planned_talk_id", "promoted_kind", "promoted_ref", "revision", "updated_at"],
  topic_events: ["id", "topic_id", "kind", "talk_id", "status", "detail_json", "user_id", "at"],
  schema_migrations: ["id", "name", "applied_at"],
});
