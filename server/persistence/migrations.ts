import type Database from "better-sqlite3";
import { updateHash } from "../audit/records";
import { writtenClients } from "./docClients";
import { isPostgres } from "./engine";

/** One schema change, applied once and recorded in `schema_migrations`. */
export interface Migration {
  /** Ordered id; never reuse or reorder. */
  id: number;
  /** What the migration does, for the log. */
  name: string;
  /** The SQL to run. */
  sql: string;
  /** Data changes SQL cannot express, run after `sql` in the same transaction. */
  run?(db: Database.Database): void;
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
  {
    id: 3,
    name: "versions, audit hash chains, scorecard deletion",
    sql: `
      -- Each stored update is chained to the scorecard's previous one (see server/audit/records.ts).
      ALTER TABLE doc_updates ADD COLUMN prev_hash BLOB;
      ALTER TABLE doc_updates ADD COLUMN hash BLOB;
      -- A deleted scorecard is hidden at once and purged after the retention period.
      ALTER TABLE scorecards ADD COLUMN deleted_at INTEGER;
      ALTER TABLE scorecards ADD COLUMN deleted_by TEXT REFERENCES users(id);
      ALTER TABLE scorecards ADD COLUMN delete_reason TEXT;
      ALTER TABLE scorecards ADD COLUMN purge_after INTEGER;
      CREATE TABLE versions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        scorecard_id TEXT NOT NULL REFERENCES scorecards(id),
        -- 1, 2, … per scorecard
        number INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('circulation', 'talk', 'minutes', 'named', 'auto', 'restore')),
        name TEXT NOT NULL,
        -- NULL for versions the server takes by itself
        created_by TEXT REFERENCES users(id),
        created_at INTEGER NOT NULL,
        -- the version holds every update up to this seq, and its state is their result
        up_to_seq INTEGER NOT NULL,
        update_hash BLOB,
        state BLOB NOT NULL,
        -- the KPI values shown at that moment (KpiSnapshot)
        kpis_json TEXT NOT NULL,
        -- who changed the document since the previous version
        authors_json TEXT NOT NULL,
        prev_hash BLOB,
        hash BLOB NOT NULL,
        UNIQUE (scorecard_id, number)
      );
      CREATE TABLE audit_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        -- no foreign keys: the event outlives a purged scorecard
        scorecard_id TEXT,
        user_id TEXT,
        created_at INTEGER NOT NULL,
        detail_json TEXT NOT NULL,
        prev_hash BLOB,
        hash BLOB NOT NULL
      );
    `,
    run(db) {
      // Chains the history stored before this migration, oldest first.
      const heads = new Map<string, Uint8Array>();
      const setHash = db.prepare("UPDATE doc_updates SET prev_hash = ?, hash = ? WHERE seq = ?");
      const rows = db.prepare("SELECT seq, scorecard_id AS scorecardId, user_id AS userId, created_at AS createdAt, update_data AS data FROM doc_updates ORDER BY seq");
      for (const row of rows.all() as Array<{ seq: number; scorecardId: string; userId: string | null; createdAt: number; data: Buffer }>) {
        const previous = heads.get(row.scorecardId) ?? null;
        const hash = updateHash(previous, row);
        setHash.run(previous, hash, row.seq);
        heads.set(row.scorecardId, hash);
      }
    },
  },
  {
    id: 4,
    name: "steering talks, participants, agreements, scheduled jobs, mail log",
    sql: `
      CREATE TABLE talks (
        id TEXT PRIMARY KEY,
        scorecard_id TEXT NOT NULL REFERENCES scorecards(id),
        -- start of the talk, ms since the epoch (entered as Europe/Berlin local time)
        starts_at INTEGER NOT NULL,
        planned_minutes INTEGER NOT NULL DEFAULT 120,
        place TEXT NOT NULL,
        -- JSON array of agenda items [{ title }]
        agenda_json TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('scheduled', 'circulated', 'running', 'closed', 'cancelled')),
        circulation_version_id INTEGER REFERENCES versions(id),
        talk_version_id INTEGER REFERENCES versions(id),
        minutes_version_id INTEGER REFERENCES versions(id),
        started_at INTEGER,
        closed_at INTEGER,
        -- approval of the previous minutes, the first agenda item
        approval TEXT CHECK (approval IN ('approved', 'amended')),
        approval_note TEXT,
        approved_by TEXT REFERENCES users(id),
        approved_at INTEGER,
        created_by TEXT NOT NULL REFERENCES users(id),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX talks_scorecard ON talks(scorecard_id, starts_at);
      CREATE TABLE talk_participants (
        talk_id TEXT NOT NULL REFERENCES talks(id),
        -- set when the participant is a user; external guests have an address only
        user_id TEXT REFERENCES users(id),
        email TEXT NOT NULL COLLATE NOCASE,
        name TEXT NOT NULL,
        side TEXT NOT NULL CHECK (side IN ('funder', 'provider', 'other')),
        present INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (talk_id, email)
      );
      CREATE TABLE talk_agreements (
        id TEXT PRIMARY KEY,
        talk_id TEXT NOT NULL REFERENCES talks(id),
        text TEXT NOT NULL,
        owner TEXT NOT NULL,
        due_date TEXT,
        -- set once the agreement became a measure of the scorecard
        measure_id TEXT,
        created_by TEXT NOT NULL REFERENCES users(id),
        created_at INTEGER NOT NULL
      );
      -- Work that must happen once at a given time, also after downtime and with several
      -- processes: claimed atomically (state pending → running with claimed_by), never twice.
      CREATE TABLE jobs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        subject_id TEXT NOT NULL,
        due_at INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'running', 'done', 'failed', 'cancelled')),
        claimed_by TEXT,
        claimed_at INTEGER,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        done_at INTEGER,
        UNIQUE (kind, subject_id)
      );
      CREATE INDEX jobs_due ON jobs(state, due_at);
      CREATE TABLE mails (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        talk_id TEXT REFERENCES talks(id),
        kind TEXT NOT NULL,
        recipients_json TEXT NOT NULL,
        subject TEXT NOT NULL,
        body TEXT NOT NULL,
        -- JSON array of attachment file names
        attachments_json TEXT NOT NULL,
        transport TEXT NOT NULL CHECK (transport IN ('smtp', 'outbox')),
        -- the .eml file when the transport is the outbox folder
        outbox_file TEXT,
        created_at INTEGER NOT NULL,
        sent_at INTEGER,
        error TEXT
      );
    `,
  },
  {
    id: 5,
    name: "who writes under each Yjs client id of a scorecard",
    sql: `
      -- The first user to write under a client id owns it ([SYNC15]); NULL is the system.
      CREATE TABLE doc_clients (
        scorecard_id TEXT NOT NULL,
        client_id INTEGER NOT NULL,
        user_id TEXT,
        PRIMARY KEY (scorecard_id, client_id)
      ) WITHOUT ROWID;
    `,
    run(db) {
      const insert = db.prepare("INSERT OR IGNORE INTO doc_clients (scorecard_id, client_id, user_id) VALUES (?, ?, ?)");
      const rows = db.prepare("SELECT scorecard_id AS scorecardId, user_id AS userId, update_data AS data FROM doc_updates ORDER BY seq");
      for (const row of rows.all() as Array<{ scorecardId: string; userId: string | null; data: Buffer }>) {
        for (const client of writtenClients(row.data)) insert.run(row.scorecardId, client, row.userId);
      }
    },
  },
  {
    id: 6,
    name: "the order of a talk's participants and agreements as a column (PostgreSQL has no rowid)",
    sql: `
      ALTER TABLE talk_participants ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE talk_agreements ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
    `,
    run(db) {
      // Rows stored before keep the order they were listed in. A PostgreSQL database is
      // created with all migrations at once, so it has no such rows.
      if (isPostgres(db)) return;
      db.exec("UPDATE talk_participants SET position = rowid; UPDATE talk_agreements SET position = rowid;");
    },
  },
  {
    id: 7,
    name: "failed logins per account and address, shared by all server processes",
    sql: `
      -- Only failures inside the current window (minutes); older rows are deleted.
      CREATE TABLE login_failures (
        scope TEXT NOT NULL CHECK (scope IN ('account', 'address')),
        key TEXT NOT NULL,
        failures INTEGER NOT NULL,
        window_start INTEGER NOT NULL,
        PRIMARY KEY (scope, key)
      );
    `,
  },
  {
    id: 8,
    name: "why closing a talk did not lock its quarter",
    sql: `
      -- JSON array of reasons (before_start, not_circulated) when the close did not lock the
      -- discussed quarter and the funder is asked to; NULL when it locked or is not closed.
      ALTER TABLE talks ADD COLUMN lock_withheld_json TEXT;
    `,
  },
  {
    id: 9,
    name: "failed logins as one row each, per account and client address, kept a day",
    sql: `
      -- The counters of migration 7 only last minutes; nothing in them needs keeping.
      DROP TABLE login_failures;
      -- One row per failed password check (login, or the current password of a password
      -- change). Rows older than a day are deleted as new failures come in.
      CREATE TABLE login_failures (
        id TEXT PRIMARY KEY,
        -- the e-mail as typed, in lower case (also when no account has it)
        account TEXT NOT NULL,
        -- the client address (an IPv6 address by its /64 network)
        address TEXT NOT NULL,
        failed_at INTEGER NOT NULL,
        -- 1 once the account logged in from the same address: no longer delays that pair
        settled INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX login_failures_pair ON login_failures(account, address, failed_at);
      CREATE INDEX login_failures_address ON login_failures(address, failed_at);
      CREATE INDEX login_failures_time ON login_failures(failed_at);
    `,
  },
  {
    id: 10,
    name: "year-end reconciliation decisions (Jahresabgleich)",
    sql: `
      -- A proposal until both sides confirmed it (confirmed_at set), then never updated again;
      -- a correction is a new row naming the decision it replaces in supersedes.
      CREATE TABLE settlements (
        id TEXT PRIMARY KEY,
        provider_id TEXT NOT NULL REFERENCES organisations(id),
        from_year INTEGER NOT NULL,
        to_year INTEGER NOT NULL CHECK (to_year >= from_year),
        -- 1, 2, … per change of the proposal; a confirmation names the revision it confirms
        revision INTEGER NOT NULL,
        -- the reconciliation (engine result) the decision is based on, and the SHA-256 of its inputs
        based_on_json TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        computed_at INTEGER NOT NULL,
        proposal_cents INTEGER NOT NULL CHECK (proposal_cents >= 0),
        repay_cents INTEGER NOT NULL CHECK (repay_cents >= 0),
        offset_cents INTEGER NOT NULL CHECK (offset_cents >= 0),
        carry_cents INTEGER NOT NULL CHECK (carry_cents >= 0),
        -- JSON array [{ scorecardId, measureId, title, valueCents }] adding up to offset_cents
        measures_json TEXT NOT NULL,
        reason TEXT,
        correction_reason TEXT,
        -- the decision this one corrects; no foreign key, so a copy may insert rows in any order
        supersedes TEXT,
        funder_confirmed_by TEXT REFERENCES users(id),
        funder_confirmed_at INTEGER,
        provider_confirmed_by TEXT REFERENCES users(id),
        provider_confirmed_at INTEGER,
        confirmed_at INTEGER,
        -- the steering talk that was running when the second side confirmed
        talk_id TEXT REFERENCES talks(id),
        created_by TEXT NOT NULL REFERENCES users(id),
        created_at INTEGER NOT NULL,
        updated_by TEXT NOT NULL REFERENCES users(id),
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX settlements_provider ON settlements(provider_id, from_year);
      CREATE INDEX settlements_talk ON settlements(talk_id);
      -- one correction per decision
      CREATE UNIQUE INDEX settlements_supersedes ON settlements(supersedes);
    `,
  },
  {
    id: 11,
    name: "a talk's meeting state shared live: revision, current agenda item, approval revision",
    sql: `
      -- Counts every change of a talk's meeting state (state, approval, presence, agreements,
      -- agenda item), so clients apply the newest state even when answers arrive out of order.
      ALTER TABLE talks ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
      -- The agenda item everyone in the talk is at (index into agenda_json).
      ALTER TABLE talks ADD COLUMN agenda_item INTEGER NOT NULL DEFAULT 0;
      -- 1, 2, … per recorded approval decision; a correction names the one it corrects.
      ALTER TABLE talks ADD COLUMN approval_revision INTEGER NOT NULL DEFAULT 0;
      UPDATE talks SET approval_revision = 1 WHERE approval IS NOT NULL;
    `,
  },
  {
    id: 12,
    name: "Themenspeicher (topic backlog), conference sessions and working groups, talk series, reporting deadline, question mails",
    sql: `
      -- A topic parked for later, per scorecard (also the conference's). Status:
      -- open, planned (for planned_talk_id), done, dropped. Never deleted: a dropped topic keeps its history.
      CREATE TABLE topics (
        id TEXT PRIMARY KEY,
        scorecard_id TEXT NOT NULL REFERENCES scorecards(id),
        title TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        raised_by TEXT NOT NULL REFERENCES users(id),
        raised_at INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'planned', 'done', 'dropped')),
        -- the talk it is planned into (status planned), or the talk it was last planned into
        planned_talk_id TEXT REFERENCES talks(id),
        -- what it became: a goal (its title) or a measure (its id) of the scorecard
        promoted_kind TEXT CHECK (promoted_kind IN ('goal', 'measure')),
        promoted_ref TEXT,
        -- 1, 2, … per change, so a stale edit is refused instead of overwriting
        revision INTEGER NOT NULL DEFAULT 1,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX topics_scorecard ON topics(scorecard_id, status);
      CREATE INDEX topics_talk ON topics(planned_talk_id);
      -- A topic's history, one row per change; the status line of a talk is a 'discussed' row with its talk.
      CREATE TABLE topic_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        topic_id TEXT NOT NULL REFERENCES topics(id),
        kind TEXT NOT NULL,
        talk_id TEXT REFERENCES talks(id),
        -- status after the change
        status TEXT NOT NULL,
        -- JSON object with what changed (old and new title/note, status line text, promoted target)
        detail_json TEXT NOT NULL,
        user_id TEXT REFERENCES users(id),
        at INTEGER NOT NULL
      );
      CREATE INDEX topic_events_topic ON topic_events(topic_id, id);
      CREATE INDEX topic_events_talk ON topic_events(talk_id);
      -- The conference meets in sessions (Sitzungen); a working group instead of the full
      -- conference is named here (NULL: the full conference, or a provider's steering talk).
      ALTER TABLE talks ADD COLUMN body TEXT;
      -- Talks scheduled at once as a quarterly series share an id (each stays editable).
      ALTER TABLE talks ADD COLUMN series_id TEXT;
      -- Figures of the last complete month are due this many days before the talk.
      ALTER TABLE talks ADD COLUMN report_lead_days INTEGER NOT NULL DEFAULT 12;
      -- 0 when a user turned off the mails about questions asked or answered (account page).
      ALTER TABLE users ADD COLUMN question_mails INTEGER NOT NULL DEFAULT 1;
      -- 0 when a user turned off the reminders of a reporting deadline (account page).
      ALTER TABLE users ADD COLUMN reminder_mails INTEGER NOT NULL DEFAULT 1;
    `,
  },
  {
    id: 13,
    name: "users who must change their password at the next login",
    sql: `
      -- 1 for demo users seeded on PostgreSQL or in production: their password is published.
      ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
    `,
  },
];
