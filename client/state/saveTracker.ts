import type * as Y from "yjs";
import type { WebsocketProvider } from "y-websocket";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import type { Access } from "../../shared/domain/scorecard";
import { MessageType } from "../../shared/protocol/messages";

/** Whether the server has stored every local change: saved, in flight, or waiting for a connection. */
export type SaveState = "saved" | "saving" | "unsaved";

/**
 * Tracks whether the server has confirmed storing every local change. After each local
 * change (and after each sync) it sends a `saveQuery` with a sequence number; the server
 * answers `saved` once everything sent before it is stored. Starts as "unsaved" because
 * a document restored from IndexedDB may hold changes the server has not seen.
 * @param doc - the document
 * @param provider - its WebSocket provider
 * @param onChange - called with every new state
 * @returns a function that stops tracking
 */
export function trackSaves(doc: Y.Doc, provider: WebsocketProvider, onChange: (state: SaveState) => void): () => void {
  let sequence = 1;
  let confirmed = 0;
  let last: SaveState | null = null;

  function emit(): void {
    const state: SaveState = confirmed >= sequence ? "saved" : provider.wsconnected ? "saving" : "unsaved";
    if (state !== last) onChange((last = state));
  }

  function query(): void {
    const ws = provider.ws;
    if (!provider.synced || !ws || ws.readyState !== ws.OPEN) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.saveQuery);
    encoding.writeVarUint(encoder, sequence);
    ws.send(encoding.toUint8Array(encoder));
  }

  // Registered after the provider's own listener, so the query follows the update on the wire.
  function handleUpdate(_update: Uint8Array, origin: unknown): void {
    if (origin === provider) return;
    sequence += 1;
    query();
    emit();
  }

  function handleSync(synced: boolean): void {
    if (synced) query();
    emit();
  }

  provider.messageHandlers[MessageType.saved] = (_encoder: encoding.Encoder, decoder: decoding.Decoder) => {
    confirmed = Math.max(confirmed, decoding.readVarUint(decoder));
    emit();
  };
  doc.on("update", handleUpdate);
  provider.on("sync", handleSync);
  provider.on("status", emit);
  emit();
  return () => {
    doc.off("update", handleUpdate);
    provider.off("sync", handleSync);
    provider.off("status", emit);
  };
}

/**
 * Whether the status shows the save state. Editors always see it; viewers never, since the
 * server drops their changes and never confirms them ([SYNC3]). Before the server has
 * named the access (a start without network) it shows while this device holds changes the
 * server has not confirmed, as the persisted list in `unsyncedChanges.ts` says after a reload.
 * @param access - the access the server granted, or null before it spoke
 * @param unconfirmed - whether this device holds local changes the server has not confirmed
 * @returns whether to show saved / saving / not yet saved
 * @example
 * showsSaveState(null, unsyncedScorecardIds(userId).includes(scorecardId));
 */
export function showsSaveState(access: Access | null, unconfirmed: boolean): boolean {
  return access === "edit" || (access === null && unconfirmed);
}
