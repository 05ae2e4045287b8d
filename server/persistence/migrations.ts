import { sql, type ColumnDataType, type CreateTableBuilder, type Kysely } from "kysely";
import { Migrator, type Migration, type MigrationProvider } from "kysely/migration";
import { updateHash } from "../audit/records";
import { writtenClients } from "./docClients";
import { isPostgres } from "./engine";
import type { Tables } from "./schema";

// A migration sees the schema as it was when it was written, not today's `Tables`.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyTable = CreateTableBuilder<string, any>;

/** One schema change, applied once and recorded in Kysely's `kysely_migration` (and in `schema_migrations`). */
export interface AppMigration {
  /** Ordered id; never reuse or reorder. Kysely knows it as `name` below, prefixed with the id. */
  id: number;
  /** The migration's name in `kysely_migration`: the id in four digits, then what it does. */
  name: string;
  /** What the migration does, for the log. */
  description: string;
  /** The schema change and any data changes, all on `db` (the migration's transaction). */
  up(db: AnyDb): Promise<void>;
}

/**
 * Column types per engine, as the SQLite SQL of the first migrations was translated:
 * milliseconds since the epoch do not fit PostgreSQL's 32-bit INTEGER, and its REAL is
 * single precision where SQLite's is double.
 */
function types(db: AnyDb): { int: ColumnDataType; real: ColumnDataType; blob: ColumnDataType } {
  return isPostgres(db) ? { int: "bigint", real: "double precision", blob: "bytea" } : { int: "integer", real: "real", blob: "blob" };
}

/** A key the database generates (SQLite: INTEGER PRIMARY KEY AUTOINCREMENT). */
function generatedKey(db: AnyDb, table: AnyTable, column: string): AnyTable {
  return isPostgres(db) ? table.addColumn(column, "bigint", (col) => col.generatedByDefaultAsIdentity().primaryKey()) : table.addColumn(column, "integer", (col) => col.primaryKey().autoIncrement());
}

// SQLite's COLLATE NOCASE; on PostgreSQL `openDatabase` creates a collation of that name.
const NOCASE = sql`collate nocase`;

/** All migrations, oldest first. Append only: a released migration is never edited. */
export const migrations: AppMigration[] = [
  {
    id: 1,
    name: "0001_organisations_users_sessions",
    description: "organisations, users, sessions, scorecards, document history",
    async up(db) {
      const { int, blob } = types(db);
      await db.schema
        .createTable("organisations")
        .addColumn("id", "text", (col) => col.primaryKey())
        .addColumn("name", "text", (col) => col.notNull().unique())
        .addColumn("kind", "text", (col) => col.notNull().check(sql`kind in ('funder', 'provider')`))
        .addColumn("created_at", int, (col) => col.notNull())
        .execute();
      await db.schema
        .createTable("users")
        .addColumn("id", "text", (col) => col.primaryKey())
        .addColumn("email", "text", (col) => col.notNull().unique().modifyEnd(NOCASE))
        .addColumn("name", "text", (col) => col.notNull())
        .addColumn("password_hash", "text", (col) => col.notNull())
        .addColumn("organisation_id", "text", (col) => col.notNull().references("organisations.id"))
        .addColumn("role", "text", (col) => col.notNull().check(sql`role in ('editor', 'viewer')`))
        .addColumn("is_admin", int, (col) => col.notNull().defaultTo(0))
        .addColumn("created_at", int, (col) => col.notNull())
        // users are disabled, never deleted: the document history names them
        .addColumn("disabled_at", int)
        .execute();
      await db.schema
        .createTable("sessions")
        // SHA-256 of the token, so a leaked table cannot be used to log in
        .addColumn("id", "text", (col) => col.primaryKey())
        .addColumn("user_id", "text", (col) => col.notNull().references("users.id"))
        .addColumn("expires_at", int, (col) => col.notNull())
        .addColumn("created_at", int, (col) => col.notNull())
        .execute();
      await db.schema.createIndex("sessions_user").on("sessions").column("user_id").execute();
      await db.schema
        .createTable("scorecards")
        .addColumn("id", "text", (col) => col.primaryKey())
        .addColumn("title", "text", (col) => col.notNull())
        // NULL for the shared scorecard of the providers' conference
        .addColumn("provider_id", "text", (col) => col.references("organisations.id"))
        .addColumn("created_at", int, (col) => col.notNull())
        .execute();
      await generatedKey(db, db.schema.createTable("doc_updates"), "seq")
        .addColumn("scorecard_id", "text", (col) => col.notNull().references("scorecards.id"))
        .addColumn("update_data", blob, (col) => col.notNull())
        // NULL for changes the server itself made (initial content)
        .addColumn("user_id", "text", (col) => col.references("users.id"))
        .addColumn("created_at", int, (col) => col.notNull())
        .execute();
      await db.schema.createIndex("doc_updates_scorecard").on("doc_updates").columns(["scorecard_id", "seq"]).execute();
      await db.schema
        .createTable("doc_checkpoints")
        .addColumn("scorecard_id", "text", (col) => col.notNull().references("scorecards.id"))
        .addColumn("up_to_seq", int, (col) => col.notNull())
        .addColumn("state", blob, (col) => col.notNull())
        .addColumn("created_at", int, (col) => col.notNull())
        .addPrimaryKeyConstraint("doc_checkpoints_pkey", ["scorecard_id", "up_to_seq"])
        .execute();
    },
  },
  {
    id: 2,
    name: "0002_controlling",
    description: "controlling: agreements, figures, staff, submissions, quarter locks",
    async up(db) {
      const { int, real } = types(db);
      // Aggregates only: no table here holds names or other data of the people served.
      await db.schema
        .createTable("agreement_versions")
        .addColumn("provider_id", "text", (col) => col.notNull().references("organisations.id"))
        .addColumn("year", int, (col) => col.notNull())
        // 1, 2, … per provider and year; the highest is the current agreement
        .addColumn("version", int, (col) => col.notNull())
        .addColumn("json", "text", (col) => col.notNull())
        .addColumn("created_by", "text", (col) => col.notNull().references("users.id"))
        .addColumn("created_at", int, (col) => col.notNull())
        .addColumn("reason", "text", (col) => col.notNull())
        .addPrimaryKeyConstraint("agreement_versions_pkey", ["provider_id", "year", "version"])
        .execute();
      await db.schema
        .createTable("figure_rows")
        .addColumn("provider_id", "text", (col) => col.notNull().references("organisations.id"))
        .addColumn("month", "text", (col) => col.notNull())
        .addColumn("offer", "text", (col) => col.notNull())
        .addColumn("need_group", int, (col) => col.notNull().check(sql`need_group between 1 and 5`))
        .addColumn("funder_kind", "text", (col) => col.notNull().check(sql`funder_kind in ('local', 'external')`))
        .addColumn("social_space", int, (col) => col.notNull().check(sql`social_space in (0, 1)`))
        // set exactly on +S rows (social_space = 1)
        .addColumn("prior_need_group", int, (col) => col.check(sql`prior_need_group between 1 and 5`))
        .addColumn("cases", int, (col) => col.notNull().check(sql`cases >= 0`))
        .addColumn("occupancy_days", int, (col) => col.notNull().check(sql`occupancy_days >= 0`))
        .execute();
      // The row key of domain.md; with 0 for NULL because NULLs never collide in a unique
      // index. IFNULL on SQLite as the databases created before have it (an upsert's conflict
      // target must name the same expression), COALESCE on PostgreSQL, which has no IFNULL.
      const prior = isPostgres(db) ? sql`coalesce(prior_need_group, 0)` : sql`ifnull(prior_need_group, 0)`;
      await db.schema
        .createIndex("figure_rows_key")
        .on("figure_rows")
        .unique()
        .columns<"provider_id" | "month" | "offer" | "need_group" | "funder_kind" | "social_space">(["provider_id", "month", "offer", "need_group", "funder_kind", "social_space", prior])
        .execute();
      await db.schema
        .createTable("staff_rows")
        .addColumn("provider_id", "text", (col) => col.notNull().references("organisations.id"))
        .addColumn("month", "text", (col) => col.notNull())
        .addColumn("staff_fte", real, (col) => col.notNull().check(sql`staff_fte >= 0`))
        .addPrimaryKeyConstraint("staff_rows_pkey", ["provider_id", "month"])
        .execute();
      await generatedKey(db, db.schema.createTable("figure_submissions"), "id")
        .addColumn("provider_id", "text", (col) => col.notNull().references("organisations.id"))
        .addColumn("kind", "text", (col) => col.notNull().check(sql`kind in ('upload', 'form', 'correction')`))
        .addColumn("subject", "text", (col) => col.notNull().check(sql`subject in ('figures', 'staff', 'figures+staff')`))
        // JSON array of the months replaced
        .addColumn("months", "text", (col) => col.notNull())
        .addColumn("created_by", "text", (col) => col.notNull().references("users.id"))
        .addColumn("created_at", int, (col) => col.notNull())
        .addColumn("reason", "text")
        .addColumn("file_name", "text")
        // JSON {figures, staff}: what was submitted, and what it replaced, so a correction keeps before and after
        .addColumn("rows_json", "text", (col) => col.notNull())
        .addColumn("replaced_json", "text", (col) => col.notNull())
        .execute();
      await db.schema.createIndex("figure_submissions_provider").on("figure_submissions").columns(["provider_id", "id"]).execute();
      await db.schema
        .createTable("quarter_locks")
        .addColumn("provider_id", "text", (col) => col.notNull().references("organisations.id"))
        .addColumn("quarter", "text", (col) => col.notNull())
        .addColumn("locked_by", "text", (col) => col.notNull().references("users.id"))
        .addColumn("locked_at", int, (col) => col.notNull())
        .addColumn("reason", "text", (col) => col.notNull())
        .addPrimaryKeyConstraint("quarter_locks_pkey", ["provider_id", "quarter"])
        .execute();
      // Every lock and reopening, since a reopened quarter leaves no row in quarter_locks.
      await generatedKey(db, db.schema.createTable("quarter_lock_events"), "id")
        .addColumn("provider_id", "text", (col) => col.notNull().references("organisations.id"))
        .addColumn("quarter", "text", (col) => col.notNull())
        .addColumn("action", "text", (col) => col.notNull().check(sql`action in ('lock', 'reopen')`))
        .addColumn("user_id", "text", (col) => col.notNull().references("users.id"))
        .addColumn("created_at", int, (col) => col.notNull())
        .addColumn("reason", "text", (col) => col.notNull())
        .execute();
    },
  },
  {
    id: 3,
    name: "0003_versions_audit_chains",
    description: "versions, audit hash chains, scorecard deletion",
    async up(db) {
      const { int, blob } = types(db);
      // Each stored update is chained to the scorecard's previous one (see server/audit/records.ts).
      // SQLite adds one column per ALTER TABLE.
      await db.schema.alterTable("doc_updates").addColumn("prev_hash", blob).execute();
      await db.schema.alterTable("doc_updates").addColumn("hash", blob).execute();
      // A deleted scorecard is hidden at once and purged after the retention period.
      await db.schema.alterTable("scorecards").addColumn("deleted_at", int).execute();
      await db.schema
        .alterTable("scorecards")
        .addColumn("deleted_by", "text", (col) => col.references("users.id"))
        .execute();
      await db.schema.alterTable("scorecards").addColumn("delete_reason", "text").execute();
      await db.schema.alterTable("scorecards").addColumn("purge_after", int).execute();
      await generatedKey(db, db.schema.createTable("versions"), "id")
        .addColumn("scorecard_id", "text", (col) => col.notNull().references("scorecards.id"))
        // 1, 2, … per scorecard
        .addColumn("number", int, (col) => col.notNull())
        .addColumn("kind", "text", (col) => col.notNull().check(sql`kind in ('circulation', 'talk', 'minutes', 'named', 'auto', 'restore')`))
        .addColumn("name", "text", (col) => col.notNull())
        // NULL for versions the server takes by itself
        .addColumn("created_by", "text", (col) => col.references("users.id"))
        .addColumn("created_at", int, (col) => col.notNull())
        // the version holds every update up to this seq, and its state is their result
        .addColumn("up_to_seq", int, (col) => col.notNull())
        .addColumn("update_hash", blob)
        .addColumn("state", blob, (col) => col.notNull())
        // the KPI values shown at that moment (KpiSnapshot)
        .addColumn("kpis_json", "text", (col) => col.notNull())
        // who changed the document since the previous version
        .addColumn("authors_json", "text", (col) => col.notNull())
        .addColumn("prev_hash", blob)
        .addColumn("hash", blob, (col) => col.notNull())
        .addUniqueConstraint("versions_scorecard_id_number_key", ["scorecard_id", "number"])
        .execute();
      await generatedKey(db, db.schema.createTable("audit_events"), "id")
        .addColumn("kind", "text", (col) => col.notNull())
        // no foreign keys: the event outlives a purged scorecard
        .addColumn("scorecard_id", "text")
        .addColumn("user_id", "text")
        .addColumn("created_at", int, (col) => col.notNull())
        .addColumn("detail_json", "text", (col) => col.notNull())
        .addColumn("prev_hash", blob)
        .addColumn("hash", blob, (col) => col.notNull())
        .execute();
      // Chains the history stored before this migration, oldest first.
      const rows = await db.selectFrom("doc_updates").select(["seq", "scorecard_id as scorecardId", "user_id as userId", "created_at as createdAt", "update_data as data"]).orderBy("seq").execute();
      const heads = new Map<string, Uint8Array>();
      for (const row of rows as Array<{ seq: number; scorecardId: string; userId: string | null; createdAt: number; data: Buffer }>) {
        const previous = heads.get(row.scorecardId) ?? null;
        const hash = updateHash(previous, { ...row, createdAt: Number(row.createdAt) });
        await db
          .updateTable("doc_updates")
          .set({ prev_hash: previous && toBuffer(previous), hash: toBuffer(hash) })
          .where("seq", "=", row.seq)
          .execute();
        heads.set(row.scorecardId, hash);
      }
    },
  },
  {
    id: 4,
    name: "0004_talks_jobs_mails",
    description: "steering talks, participants, agreements, scheduled jobs, mail log",
    async up(db) {
      const { int } = types(db);
      await db.schema
        .createTable("talks")
        .addColumn("id", "text", (col) => col.primaryKey())
        .addColumn("scorecard_id", "text", (col) => col.notNull().references("scorecards.id"))
        // start of the talk, ms since the epoch (entered as Europe/Berlin local time)
        .addColumn("starts_at", int, (col) => col.notNull())
        .addColumn("planned_minutes", int, (col) => col.notNull().defaultTo(120))
        .addColumn("place", "text", (col) => col.notNull())
        // JSON array of agenda items [{ title }]
        .addColumn("agenda_json", "text", (col) => col.notNull())
        .addColumn("state", "text", (col) => col.notNull().check(sql`state in ('scheduled', 'circulated', 'running', 'closed', 'cancelled')`))
        .addColumn("circulation_version_id", int, (col) => col.references("versions.id"))
        .addColumn("talk_version_id", int, (col) => col.references("versions.id"))
        .addColumn("minutes_version_id", int, (col) => col.references("versions.id"))
        .addColumn("started_at", int)
        .addColumn("closed_at", int)
        // approval of the previous minutes, the first agenda item
        .addColumn("approval", "text", (col) => col.check(sql`approval in ('approved', 'amended')`))
        .addColumn("approval_note", "text")
        .addColumn("approved_by", "text", (col) => col.references("users.id"))
        .addColumn("approved_at", int)
        .addColumn("created_by", "text", (col) => col.notNull().references("users.id"))
        .addColumn("created_at", int, (col) => col.notNull())
        .addColumn("updated_at", int, (col) => col.notNull())
        .execute();
      await db.schema.createIndex("talks_scorecard").on("talks").columns(["scorecard_id", "starts_at"]).execute();
      await db.schema
        .createTable("talk_participants")
        .addColumn("talk_id", "text", (col) => col.notNull().references("talks.id"))
        // set when the participant is a user; external guests have an address only
        .addColumn("user_id", "text", (col) => col.references("users.id"))
        .addColumn("email", "text", (col) => col.notNull().modifyEnd(NOCASE))
        .addColumn("name", "text", (col) => col.notNull())
        .addColumn("side", "text", (col) => col.notNull().check(sql`side in ('funder', 'provider', 'other')`))
        .addColumn("present", int, (col) => col.notNull().defaultTo(0))
        .addPrimaryKeyConstraint("talk_participants_pkey", ["talk_id", "email"])
        .execute();
      await db.schema
        .createTable("talk_agreements")
        .addColumn("id", "text", (col) => col.primaryKey())
        .addColumn("talk_id", "text", (col) => col.notNull().references("talks.id"))
        .addColumn("text", "text", (col) => col.notNull())
        .addColumn("owner", "text", (col) => col.notNull())
        .addColumn("due_date", "text")
        // set once the agreement became a measure of the scorecard
        .addColumn("measure_id", "text")
        .addColumn("created_by", "text", (col) => col.notNull().references("users.id"))
        .addColumn("created_at", int, (col) => col.notNull())
        .execute();
      // Work that must happen once at a given time, also after downtime and with several
      // processes: claimed atomically (state pending → running with claimed_by), never twice.
      await generatedKey(db, db.schema.createTable("jobs"), "id")
        .addColumn("kind", "text", (col) => col.notNull())
        .addColumn("subject_id", "text", (col) => col.notNull())
        .addColumn("due_at", int, (col) => col.notNull())
        .addColumn("state", "text", (col) => col.notNull().check(sql`state in ('pending', 'running', 'done', 'failed', 'cancelled')`))
        .addColumn("claimed_by", "text")
        .addColumn("claimed_at", int)
        .addColumn("attempts", int, (col) => col.notNull().defaultTo(0))
        .addColumn("last_error", "text")
        .addColumn("done_at", int)
        .addUniqueConstraint("jobs_kind_subject_id_key", ["kind", "subject_id"])
        .execute();
      await db.schema.createIndex("jobs_due").on("jobs").columns(["state", "due_at"]).execute();
      await generatedKey(db, db.schema.createTable("mails"), "id")
        .addColumn("talk_id", "text", (col) => col.references("talks.id"))
        .addColumn("kind", "text", (col) => col.notNull())
        .addColumn("recipients_json", "text", (col) => col.notNull())
        .addColumn("subject", "text", (col) => col.notNull())
        .addColumn("body", "text", (col) => col.notNull())
        // JSON array of attachment file names
        .addColumn("attachments_json", "text", (col) => col.notNull())
        .addColumn("transport", "text", (col) => col.notNull().check(sql`transport in ('smtp', 'outbox')`))
        // the .eml file when the transport is the outbox folder
        .addColumn("outbox_file", "text")
        .addColumn("created_at", int, (col) => col.notNull())
        .addColumn("sent_at", int)
        .addColumn("error", "text")
        .execute();
    },
  },
  {
    id: 5,
    name: "0005_doc_clients",
    description: "who writes under each Yjs client id of a scorecard",
    async up(db) {
      const { int } = types(db);
      // The first user to write under a client id owns it ([SYNC15]); NULL is the system.
      await db.schema
        .createTable("doc_clients")
        .addColumn("scorecard_id", "text", (col) => col.notNull())
        .addColumn("client_id", int, (col) => col.notNull())
        .addColumn("user_id", "text")
        .addPrimaryKeyConstraint("doc_clients_pkey", ["scorecard_id", "client_id"])
        .$call((table) => (isPostgres(db) ? table : table.modifyEnd(sql`without rowid`)))
        .execute();
      const rows = await db.selectFrom("doc_updates").select(["scorecard_id as scorecardId", "user_id as userId", "update_data as data"]).orderBy("seq").execute();
      for (const row of rows as Array<{ scorecardId: string; userId: string | null; data: Buffer }>) {
        for (const client of writtenClients(row.data)) {
          await db
            .insertInto("doc_clients")
            .values({ scorecard_id: row.scorecardId, client_id: client, user_id: row.userId })
            .onConflict((oc) => oc.doNothing())
            .execute();
        }
      }
    },
  },
  {
    id: 6,
    name: "0006_talk_positions",
    description: "the order of a talk's participants and agreements as a column (PostgreSQL has no rowid)",
    async up(db) {
      const { int } = types(db);
      await db.schema
        .alterTable("talk_participants")
        .addColumn("position", int, (col) => col.notNull().defaultTo(0))
        .execute();
      await db.schema
        .alterTable("talk_agreements")
        .addColumn("position", int, (col) => col.notNull().defaultTo(0))
        .execute();
      // Rows stored before keep the order they were listed in. A PostgreSQL database is
      // created with all migrations at once, so it has no such rows.
      if (isPostgres(db)) return;
      await sql`UPDATE talk_participants SET position = rowid`.execute(db);
      await sql`UPDATE talk_agreements SET position = rowid`.execute(db);
    },
  },
  {
    id: 7,
    name: "0007_login_failure_counters",
    description: "failed logins per account and address, shared by all server processes",
    async up(db) {
      const { int } = types(db);
      // Only failures inside the current window (minutes); older rows are deleted.
      await db.schema
        .createTable("login_failures")
        .addColumn("scope", "text", (col) => col.notNull().check(sql`scope in ('account', 'address')`))
        .addColumn("key", "text", (col) => col.notNull())
        .addColumn("failures", int, (col) => col.notNull())
        .addColumn("window_start", int, (col) => col.notNull())
        .addPrimaryKeyConstraint("login_failures_pkey", ["scope", "key"])
        .execute();
    },
  },
  {
    id: 8,
    name: "0008_talk_lock_withheld",
    description: "why closing a talk did not lock its quarter",
    async up(db) {
      // JSON array of reasons (before_start, not_circulated) when the close did not lock the
      // discussed quarter and the funder is asked to; NULL when it locked or is not closed.
      await db.schema.alterTable("talks").addColumn("lock_withheld_json", "text").execute();
    },
  },
  {
    id: 9,
    name: "0009_login_failures",
    description: "failed logins as one row each, per account and client address, kept a day",
    async up(db) {
      const { int } = types(db);
      // The counters of migration 7 only last minutes; nothing in them needs keeping.
      await db.schema.dropTable("login_failures").execute();
      // One row per failed password check (login, or the current password of a password
      // change). Rows older than a day are deleted as new failures come in.
      await db.schema
        .createTable("login_failures")
        .addColumn("id", "text", (col) => col.primaryKey())
        // the e-mail as typed, in lower case (also when no account has it)
        .addColumn("account", "text", (col) => col.notNull())
        // the client address (an IPv6 address by its /64 network)
        .addColumn("address", "text", (col) => col.notNull())
        .addColumn("failed_at", int, (col) => col.notNull())
        // 1 once the account logged in from the same address: no longer delays that pair
        .addColumn("settled", int, (col) => col.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex("login_failures_pair").on("login_failures").columns(["account", "address", "failed_at"]).execute();
      await db.schema.createIndex("login_failures_address").on("login_failures").columns(["address", "failed_at"]).execute();
      await db.schema.createIndex("login_failures_time").on("login_failures").column("failed_at").execute();
    },
  },
  {
    id: 10,
    name: "0010_settlements",
    description: "year-end reconciliation decisions (Jahresabgleich)",
    async up(db) {
      const { int } = types(db);
      // A proposal until both sides confirmed it (confirmed_at set), then never updated again;
      // a correction is a new row naming the decision it replaces in supersedes.
      await db.schema
        .createTable("settlements")
        .addColumn("id", "text", (col) => col.primaryKey())
        .addColumn("provider_id", "text", (col) => col.notNull().references("organisations.id"))
        .addColumn("from_year", int, (col) => col.notNull())
        .addColumn("to_year", int, (col) => col.notNull().check(sql`to_year >= from_year`))
        // 1, 2, … per change of the proposal; a confirmation names the revision it confirms
        .addColumn("revision", int, (col) => col.notNull())
        // the reconciliation (engine result) the decision is based on, and the SHA-256 of its inputs
        .addColumn("based_on_json", "text", (col) => col.notNull())
        .addColumn("fingerprint", "text", (col) => col.notNull())
        .addColumn("computed_at", int, (col) => col.notNull())
        .addColumn("proposal_cents", int, (col) => col.notNull().check(sql`proposal_cents >= 0`))
        .addColumn("repay_cents", int, (col) => col.notNull().check(sql`repay_cents >= 0`))
        .addColumn("offset_cents", int, (col) => col.notNull().check(sql`offset_cents >= 0`))
        .addColumn("carry_cents", int, (col) => col.notNull().check(sql`carry_cents >= 0`))
        // JSON array [{ scorecardId, measureId, title, valueCents }] adding up to offset_cents
        .addColumn("measures_json", "text", (col) => col.notNull())
        .addColumn("reason", "text")
        .addColumn("correction_reason", "text")
        // the decision this one corrects; no foreign key, so a copy may insert rows in any order
        .addColumn("supersedes", "text")
        .addColumn("funder_confirmed_by", "text", (col) => col.references("users.id"))
        .addColumn("funder_confirmed_at", int)
        .addColumn("provider_confirmed_by", "text", (col) => col.references("users.id"))
        .addColumn("provider_confirmed_at", int)
        .addColumn("confirmed_at", int)
        // the steering talk that was running when the second side confirmed
        .addColumn("talk_id", "text", (col) => col.references("talks.id"))
        .addColumn("created_by", "text", (col) => col.notNull().references("users.id"))
        .addColumn("created_at", int, (col) => col.notNull())
        .addColumn("updated_by", "text", (col) => col.notNull().references("users.id"))
        .addColumn("updated_at", int, (col) => col.notNull())
        .execute();
      await db.schema.createIndex("settlements_provider").on("settlements").columns(["provider_id", "from_year"]).execute();
      await db.schema.createIndex("settlements_talk").on("settlements").column("talk_id").execute();
      // one correction per decision
      await db.schema.createIndex("settlements_supersedes").on("settlements").unique().column("supersedes").execute();
    },
  },
  {
    id: 11,
    name: "0011_talk_meeting_state",
    description: "a talk's meeting state shared live: revision, current agenda item, approval revision",
    async up(db) {
      const { int } = types(db);
      // Counts every change of a talk's meeting state (state, approval, presence, agreements,
      // agenda item), so clients apply the newest state even when answers arrive out of order.
      await db.schema
        .alterTable("talks")
        .addColumn("revision", int, (col) => col.notNull().defaultTo(0))
        .execute();
      // The agenda item everyone in the talk is at (index into agenda_json).
      await db.schema
        .alterTable("talks")
        .addColumn("agenda_item", int, (col) => col.notNull().defaultTo(0))
        .execute();
      // 1, 2, … per recorded approval decision; a correction names the one it corrects.
      await db.schema
        .alterTable("talks")
        .addColumn("approval_revision", int, (col) => col.notNull().defaultTo(0))
        .execute();
      await db.updateTable("talks").set({ approval_revision: 1 }).where("approval", "is not", null).execute();
    },
  },
  {
    id: 12,
    name: "0012_topics_sessions_series",
    description: "Themenspeicher (topic backlog), conference sessions and working groups, talk series, reporting deadline, question mails",
    async up(db) {
      const { int } = types(db);
      // A topic parked for later, per scorecard (also the conference's). Status:
      // open, planned (for planned_talk_id), done, dropped. Never deleted: a dropped topic keeps its history.
      await db.schema
        .createTable("topics")
        .addColumn("id", "text", (col) => col.primaryKey())
        .addColumn("scorecard_id", "text", (col) => col.notNull().references("scorecards.id"))
        .addColumn("title", "text", (col) => col.notNull())
        .addColumn("note", "text", (col) => col.notNull().defaultTo(""))
        .addColumn("raised_by", "text", (col) => col.notNull().references("users.id"))
        .addColumn("raised_at", int, (col) => col.notNull())
        .addColumn("status", "text", (col) => col.notNull().check(sql`status in ('open', 'planned', 'done', 'dropped')`))
        // the talk it is planned into (status planned), or the talk it was last planned into
        .addColumn("planned_talk_id", "text", (col) => col.references("talks.id"))
        // what it became: a goal (its title) or a measure (its id) of the scorecard
        .addColumn("promoted_kind", "text", (col) => col.check(sql`promoted_kind in ('goal', 'measure')`))
        .addColumn("promoted_ref", "text")
        // 1, 2, … per change, so a stale edit is refused instead of overwriting
        .addColumn("revision", int, (col) => col.notNull().defaultTo(1))
        .addColumn("updated_at", int, (col) => col.notNull())
        .execute();
      await db.schema.createIndex("topics_scorecard").on("topics").columns(["scorecard_id", "status"]).execute();
      await db.schema.createIndex("topics_talk").on("topics").column("planned_talk_id").execute();
      // A topic's history, one row per change; the status line of a talk is a 'discussed' row with its talk.
      await generatedKey(db, db.schema.createTable("topic_events"), "id")
        .addColumn("topic_id", "text", (col) => col.notNull().references("topics.id"))
        .addColumn("kind", "text", (col) => col.notNull())
        .addColumn("talk_id", "text", (col) => col.references("talks.id"))
        // status after the change
        .addColumn("status", "text", (col) => col.notNull())
        // JSON object with what changed (old and new title/note, status line text, promoted target)
        .addColumn("detail_json", "text", (col) => col.notNull())
        .addColumn("user_id", "text", (col) => col.references("users.id"))
        .addColumn("at", int, (col) => col.notNull())
        .execute();
      await db.schema.createIndex("topic_events_topic").on("topic_events").columns(["topic_id", "id"]).execute();
      await db.schema.createIndex("topic_events_talk").on("topic_events").column("talk_id").execute();
      // The conference meets in sessions (Sitzungen); a working group instead of the full
      // conference is named here (NULL: the full conference, or a provider's steering talk).
      await db.schema.alterTable("talks").addColumn("body", "text").execute();
      // Talks scheduled at once as a quarterly series share an id (each stays editable).
      await db.schema.alterTable("talks").addColumn("series_id", "text").execute();
      // Figures of the last complete month are due this many days before the talk.
      await db.schema
        .alterTable("talks")
        .addColumn("report_lead_days", int, (col) => col.notNull().defaultTo(12))
        .execute();
      // 0 when a user turned off the mails about questions asked or answered (account page).
      await db.schema
        .alterTable("users")
        .addColumn("question_mails", int, (col) => col.notNull().defaultTo(1))
        .execute();
      // 0 when a user turned off the reminders of a reporting deadline (account page).
      await db.schema
        .alterTable("users")
        .addColumn("reminder_mails", int, (col) => col.notNull().defaultTo(1))
        .execute();
    },
  },
  {
    id: 13,
    name: "0013_must_change_password",
    description: "users who must change their password at the next login",
    async up(db) {
      const { int } = types(db);
      // 1 for demo users seeded on PostgreSQL or in production: their password is published.
      await db.schema
        .alterTable("users")
        .addColumn("must_change_password", int, (col) => col.notNull().defaultTo(0))
        .execute();
    },
  },
];

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Kysely's record of applied migrations (its default name; `schemaVersion.ts` reads it). */
export const MIGRATION_TABLE = "kysely_migration" as const;

// Any constant nobody else uses for an advisory lock: processes starting together on one
// PostgreSQL database adopt the old record and migrate one after the other.
const MIGRATION_LOCK = 0x5374_6575;

/**
 * Applies every migration that is not yet applied, all in one transaction: a failed
 * migration leaves the database as it was. Processes starting at once on one database
 * migrate one after the other (PostgreSQL: an advisory lock, held until the transaction
 * ends; SQLite: BEGIN IMMEDIATE), and the later ones find nothing left to do.
 * A database created before Kysely's migrator (its migrations recorded only in
 * `schema_migrations`) has them recorded in `kysely_migration` first, so none runs twice.
 * @param db - the database (not a transaction)
 * @throws Error naming the migration that failed (the database keeps its previous schema)
 */
export async function migrate(db: Kysely<Tables>): Promise<void> {
  const anyDb = db as AnyDb;
  if (isPostgres(db)) {
    await anyDb.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx);
      const { rows } = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(trx);
      await applyMigrations(trx, rows[0].schema);
    });
    return;
  }
  // Kysely runs SQLite's migrations outside a transaction (it does not trust SQLite's
  // transactional DDL); one connection in one immediate transaction makes them atomic.
  await anyDb.connection().execute(async (connection) => {
    await sql`BEGIN IMMEDIATE`.execute(connection);
    try {
      await applyMigrations(connection, undefined);
      await sql`COMMIT`.execute(connection);
    } catch (error) {
      await sql`ROLLBACK`.execute(connection);
      throw error;
    }
  });
}

async function applyMigrations(db: AnyDb, schema: string | undefined): Promise<void> {
  await adoptOldRecord(db);
  const provider: MigrationProvider = {
    getMigrations: async () => Object.fromEntries(migrations.map((migration): [string, Migration] => [migration.name, { up: (trx: AnyDb) => applyOne(trx, migration) }])),
  };
  const migrator = new Migrator({ db, provider, migrationTableName: MIGRATION_TABLE, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error === undefined) return;
  const failed = results?.find((result) => result.status === "Error")?.migrationName;
  const cause = error instanceof Error ? error.message : String(error);
  throw new Error(failed ? `migration ${failed} failed: ${cause}` : `migrating the database failed: ${cause}`, { cause: error });
}

/** Runs one migration and records it in `schema_migrations` too, which a build before Kysely's migrator reads. */
async function applyOne(db: AnyDb, migration: AppMigration): Promise<void> {
  await migration.up(db);
  await db
    .insertInto("schema_migrations")
    .values({ id: migration.id, name: migration.description, applied_at: Date.now() })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/**
 * Creates `schema_migrations` if missing, and records each migration it lists in
 * `kysely_migration` (created in Kysely's own format if missing), at the time it was
 * applied, so the migrator skips it. Rows already recorded stay as they are.
 */
async function adoptOldRecord(db: AnyDb): Promise<void> {
  const { int } = types(db);
  await db.schema
    .createTable("schema_migrations")
    .ifNotExists()
    .addColumn("id", int, (col) => col.primaryKey())
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("applied_at", int, (col) => col.notNull())
    .execute();
  const applied = (await db.selectFrom("schema_migrations").select(["id", "applied_at"]).orderBy("id").execute()) as { id: number; applied_at: number }[];
  const byId = new Map(migrations.map((migration) => [migration.id, migration]));
  const known = applied.filter((row) => byId.has(Number(row.id)));
  if (known.length === 0) return;
  // Kysely's format (migrator.js: name, timestamp as an ISO string).
  await db.schema
    .createTable(MIGRATION_TABLE)
    .ifNotExists()
    .addColumn("name", "varchar(255)", (col) => col.notNull().primaryKey())
    .addColumn("timestamp", "varchar(255)", (col) => col.notNull())
    .execute();
  await db
    .insertInto(MIGRATION_TABLE)
    .values(known.map((row) => ({ name: byId.get(Number(row.id))!.name, timestamp: new Date(Number(row.applied_at)).toISOString() })))
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
}
