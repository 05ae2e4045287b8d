import { lockKey, type Db } from "./db";
import { eventHash } from "../audit/records";

/** Kinds of audit events: things that happen to the record besides document edits. */
export type AuditEventKind =
  | "scorecard.deleted"
  | "scorecard.purged"
  | "version.restored"
  // Year-end reconciliation decisions (server/controlling/settlementRecorder.ts).
  | "settlement.proposed"
  | "settlement.changed"
  | "settlement.confirmed"
  | "settlement.corrected";

/** A stored audit event. */
export interface AuditEvent {
  id: number;
  kind: AuditEventKind;
  scorecardId: string | null;
  userId: string | null;
  createdAt: number;
  /** Details as parsed JSON. */
  detail: Record<string, unknown>;
}

/**
 * Appends an event to the store-wide event chain.
 * @returns the event's id
 */
export function recordAuditEvent(db: Db, event: { kind: AuditEventKind; scorecardId: string | null; userId: string | null; detail: Record<string, unknown>; createdAt?: number }): number {
  return db
    .transaction(() => {
      lockKey(db, "audit_events");
      const previous = (db.prepare("SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1").get() as { hash: Buffer } | undefined)?.hash ?? null;
      const record = { kind: event.kind, scorecardId: event.scorecardId, userId: event.userId, createdAt: event.createdAt ?? Date.now(), detailJson: JSON.stringify(event.detail) };
      const hash = eventHash(previous, record);
      return Number(
        db
          .prepare("INSERT INTO audit_events (kind, scorecard_id, user_id, created_at, detail_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)")
          .run(record.kind, record.scorecardId, record.userId, record.createdAt, record.detailJson, previous, hash).lastInsertRowid,
      );
    })
    .immediate();
}

/** The events of one scorecard (or all when null) between two times, oldest first. */
export function listAuditEvents(db: Db, scorecardId: string | null, from = 0, to = Number.MAX_SAFE_INTEGER): AuditEvent[] {
  const rows = db
    .prepare(
      `SELECT id, kind, scorecard_id AS scorecardId, user_id AS userId, created_at AS createdAt, detail_json AS detailJson
       FROM audit_events WHERE (CAST(? AS TEXT) IS NULL OR scorecard_id = ?) AND created_at >= ? AND created_at < ? ORDER BY id`,
    )
    .all(scorecardId, scorecardId, from, to) as (Omit<AuditEvent, "detail"> & { detailJson: string })[];
  return rows.map(({ detailJson, ...row }) => ({ ...row, detail: JSON.parse(detailJson) as Record<string, unknown> }));
}
