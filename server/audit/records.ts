import { chainHash } from "./chain";

/**
 * The three hash chains of the audit trail and what each record's hash covers. The
 * stores write these hashes and `verify` recomputes them, so both read the same list.
 *
 * - every scorecard's stored updates form one chain, in `seq` order;
 * - every scorecard's versions form one chain, and each version also seals the update
 *   chain at its point (`updateHash`);
 * - audit events (deletions, purges, restores) form one chain for the whole store, so
 *   even a purged scorecard leaves a verifiable trace.
 */

/** The hashed part of a stored update. */
export interface UpdateRecord {
  scorecardId: string;
  userId: string | null;
  createdAt: number;
  data: Uint8Array;
}

/** The hashed part of a version. */
export interface VersionRecord {
  scorecardId: string;
  number: number;
  kind: string;
  name: string;
  createdBy: string | null;
  createdAt: number;
  upToSeq: number;
  updateHash: Uint8Array | null;
  state: Uint8Array;
  kpisJson: string;
  authorsJson: string;
}

/** The hashed part of an audit event. */
export interface EventRecord {
  kind: string;
  scorecardId: string | null;
  userId: string | null;
  createdAt: number;
  detailJson: string;
}

/** Hash of a stored update after `previous` (the scorecard's previous update). */
export function updateHash(previous: Uint8Array | null, record: UpdateRecord): Uint8Array {
  return chainHash(previous, ["update", record.scorecardId, record.userId, record.createdAt, record.data]);
}

/** Hash of a version after `previous` (the scorecard's previous version). */
export function versionHash(previous: Uint8Array | null, record: VersionRecord): Uint8Array {
  return chainHash(previous, [
    "version",
    record.scorecardId,
    record.number,
    record.kind,
    record.name,
    record.createdBy,
    record.createdAt,
    record.upToSeq,
    record.updateHash,
    record.state,
    record.kpisJson,
    record.authorsJson,
  ]);
}

/** Hash of an audit event after `previous` (the store's previous event). */
export function eventHash(previous: Uint8Array | null, record: EventRecord): Uint8Array {
  return chainHash(previous, ["event", record.kind, record.scorecardId, record.userId, record.createdAt, record.detailJson]);
}
