import * as Y from "yjs";
import type { DocUpdateStore } from "../persistence/docUpdates";

/**
 * A scorecard's document as storage holds it up to its newest stored update, built from
 * storage alone. With several server processes writing, a room's in-memory document may
 * lack an update another process stored with a lower sequence number whose message has not
 * arrived yet; whatever records "the state up to sequence number N" (checkpoints,
 * versions) is built here instead ([SYNC20]). Per scorecard, stored sequence numbers become
 * visible only in order, so everything up to the head is there.
 * @returns the encoded state and the sequence number it reaches (0 when nothing is stored)
 */
export function storedState(store: DocUpdateStore, scorecardId: string): { state: Uint8Array; upToSeq: number } {
  const head = store.head(scorecardId);
  const stored = head ? store.loadUpTo(scorecardId, head.seq) : store.load(scorecardId);
  const doc = new Y.Doc();
  doc.transact(() => {
    if (stored.checkpoint) Y.applyUpdate(doc, stored.checkpoint);
    for (const update of stored.updates) Y.applyUpdate(doc, update);
  });
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return { state, upToSeq: head?.seq ?? stored.lastSeq };
}
