import { lockKey, transaction, type Db } from "./db";
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
 * @param db - the database or an open transaction, which the append joins (so the event
 *   commits or rolls back with what it records)
 * @returns the event's id
 */
export async function recordAuditEvent(
  db: Db,
  event: { kind: AuditEventKind; scorecardId: string | null; userId: string | null; detail: Record<string, unknown>; createdAt?: number },
): Promise<number> {
  return transaction(db, async (trx) => {
    await lockKey(trx, "audit_events");
    const previous = (await trx.selectFrom("audit_events").select("hash").orderBy("id", "desc").limit(1).executeTakeFirst())?.hash ?? null;
    const record = { kind: event.kind, scorecardId: event.scorecardId, userId: event.userId, createdAt: event.createdAt ?? Date.now(), detailJson: JSON.stringify(event.detail) };
    const hash = eventHash(previous, record);
    const inserted = await trx
      .insertInto("audit_events")
      .values({
        kind: record.kind,
        scorecard_id: record.scorecardId,
        user_id: record.userId,
        created_at: record.createdAt,
        detail_json: record.detailJson,
        prev_hash: previous,
        hash: Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return Number(inserted.id);
  });
}

/** The events of one scorecard (or all when null) between two times, oldest first. */
export async function listAuditEvents(db: Db, scorecardId: string | null, from = 0, to = Number.MAX_SAFE_INTEGER): Promise<AuditEvent[]> {
  let query = db
    .selectFrom("audit_events")
    .select(["id", "kind", "scorecard_id as scorecardId", "user_id as userId", "created_at as createdAt", "detail_json as detailJson"])
    .where("created_at", ">=", from)
    .where("created_at", "<", to);
  if (scorecardId !== null) query = query.where("scorecard_id", "=", scorecardId);
  const rows = await query.orderBy("id").execute();
  return rows.map(({ detailJson, kind, ...row }) => ({ ...row, kind: kind as AuditEventKind, detail: JSON.parse(detailJson) as Record<string, unknown> }));
}
