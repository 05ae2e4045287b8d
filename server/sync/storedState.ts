import * as Y from "yjs";
import type { DocUpdateLog } from "../persistence/docUpdateLog";
import type { StoredDocument } from "../persistence/docUpdates";

/**
 * A scorecard's document as storage holds it up to its newest stored update, built from
 * storage alone. With several server processes writing, a room's in-memory document may
 * lack an update another process stored with a lower sequence number whose message has not
 * arrived yet; whatever records "the state up to sequence number N" (checkpoints,
 * versions) is built here instead ([SYNC20]). Per scorecard, stored sequence numbers become
 * visible only in order, so everything up to the head is there.
 * @returns the encoded state and the sequence number it reaches (0 when nothing is stored)
 */
export async function storedState(log: DocUpdateLog, scorecardId: string): Promise<{ state: Uint8Array; upToSeq: number }> {
  const head = await log.head(scorecardId);
  const stored = head ? await log.loadUpTo(scorecardId, head.seq) : await log.load(scorecardId);
  return { state: encodeStored(stored), upToSeq: head?.seq ?? stored.lastSeq };
}

function encodeStored(stored: StoredDocument): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    if (stored.checkpoint) Y.applyUpdate(doc, stored.checkpoint);
    for (const update of stored.updates) Y.applyUpdate(doc, update);
  });
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}

/**
 * Applies what storage holds (and what still waits to be stored) to a document in one
 * transaction: linear, where Y.mergeUpdates over long runs of small updates is not ([SYNC8]).
 * A history stored before [SYNC15] may hold content waiting for predecessors that never
 * came. It stays invisible either way; dropped here, it is neither sent to editors nor
 * mistaken for pending content of the next client's update.
 */
export function applyStored(doc: Y.Doc, stored: StoredDocument, waiting: Uint8Array[], origin: unknown): void {
  doc.transact(() => {
    if (stored.checkpoint) Y.applyUpdate(doc, stored.checkpoint);
    for (const update of stored.updates) Y.applyUpdate(doc, update);
    for (const update of waiting) Y.applyUpdate(doc, update);
  }, origin);
  doc.store.pendingStructs = null;
  doc.store.pendingDs = null;
}
