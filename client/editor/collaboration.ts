import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { IndexeddbPersistence } from "y-indexeddb";
import * as decoding from "lib0/decoding";
import type * as encoding from "lib0/encoding";
import type { Access } from "../../shared/domain/scorecard";
import { DOCUMENT_FIELD, DOCUMENT_SCHEMA_VERSION } from "../../shared/document/schema";
import { MessageType } from "../../shared/protocol/messages";
import { decodeTalkChanged } from "../../shared/protocol/talkChanged";
import type { TalkChange } from "../../shared/domain/talkMeeting";
import { CloseCode } from "../../shared/protocol/closeCodes";
import { reportSessionDoubt } from "../lib/api";
import { clearScorecardCopy, offlineCopyName, registerOpenCopy } from "../state/deviceCleanup";
import { addReconnectJitter } from "../state/reconnect";
import { trackSaves, type SaveState } from "../state/saveTracker";
import { markSynced, markUnsynced, unsyncedScorecardIds } from "../state/unsyncedChanges";
import { createKpiStore, type KpiStore } from "./kpiStore";

/** The connection as the user sees it. */
export type ConnectionState = "connected" | "connecting" | "offline";

/** A final word from the server that ends the connection (close codes 4400–4499). */
export interface TerminalClose {
  /** The close code, see shared/protocol/closeCodes.ts. */
  code: number;
  /** The server's reason. */
  reason: string;
}

/** Everything the editor page observes about one open scorecard. */
export interface CollaborationStatus {
  /** Connection to the server. */
  connection: ConnectionState;
  /** Whether the first sync with the server completed on this connection. */
  synced: boolean;
  /** Whether every local change is confirmed stored by the server. */
  save: SaveState;
  /**
   * Whether this device holds local changes of the scorecard the server has not confirmed,
   * also those made before a reload (kept in `unsyncedChanges.ts`); false again only after
   * the server confirmed everything.
   */
  unconfirmed: boolean;
  /** The access the server granted, once known. */
  access: Access | null;
  /** Set when the server ended the connection for good. */
  terminal: TerminalClose | null;
}

/** One open scorecard: its document, the server connection and the offline copy. */
export interface CollaborationSession {
  /** The open scorecard. */
  scorecardId: string;
  /** The shared document. */
  doc: Y.Doc;
  /** The WebSocket provider (awareness lives here). */
  provider: WebsocketProvider;
  /** The server's KPI values for this scorecard. */
  kpis: KpiStore;
  /** Resolves once there is content to show: from the server or from the offline copy. */
  ready: Promise<void>;
  /** Subscribes to status changes; returns an unsubscribe function. */
  subscribe(listener: (status: CollaborationStatus) => void): () => void;
  /** The current status. */
  status(): CollaborationStatus;
  /**
   * Calls the listener whenever the server says a talk of this scorecard changed ([SYNC25]);
   * returns an unsubscribe function.
   */
  onTalkChanged(listener: (change: TalkChange) => void): () => void;
  /** Closes everything; resolves once the offline copy's database is closed. Safe to call more than once. */
  destroy(): Promise<void>;
}

/** At most one session check per this many ms for a socket the server keeps refusing. */
const REFUSED_CHECK_INTERVAL_MS = 15_000;

/**
 * Opens a scorecard for collaboration: y-websocket to `/collab/<id>`, y-indexeddb for
 * offline work, save confirmations and jittered reconnects. The offline copy is kept
 * per user, so two people sharing a browser never see each other's unsent edits, and it
 * goes when the server says the session or the access is gone ([SYNC24]).
 * @param scorecardId - the scorecard (room name)
 * @param userId - the logged-in user
 */
export function openCollaboration(scorecardId: string, userId: string): CollaborationSession {
  const doc = new Y.Doc();
  const persistence = new IndexeddbPersistence(offlineCopyName(userId, scorecardId), doc);
  const protocol = location.protocol === "https:" ? "wss:" : "ws:";
  const provider = new WebsocketProvider(`${protocol}//${location.host}/collab`, scorecardId, doc, {
    params: { schema: String(DOCUMENT_SCHEMA_VERSION) },
    // Every change goes through the server, which checks rights and confirms storage.
    disableBc: true,
    connect: navigator.onLine,
  });
  let status: CollaborationStatus = {
    connection: "connecting",
    synced: false,
    save: "unsaved",
    // A reload (also one without network) must not forget changes the server has not confirmed.
    unconfirmed: unsyncedScorecardIds(userId).includes(scorecardId),
    access: null,
    terminal: null,
  };
  const listeners = new Set<(status: CollaborationStatus) => void>();

  function update(change: Partial<CollaborationStatus>): void {
    status = { ...status, ...change };
    for (const listener of listeners) listener(status);
  }

  provider.messageHandlers[MessageType.access] = (_encoder: encoding.Encoder, decoder: decoding.Decoder) => {
    const access = decoding.readVarString(decoder);
    update({ access: access === "edit" ? "edit" : "read" });
  };
  // Every page of the scorecard gets it; only the meeting page listens.
  const talkListeners = new Set<(change: TalkChange) => void>();
  provider.messageHandlers[MessageType.talkChanged] = (_encoder: encoding.Encoder, decoder: decoding.Decoder) => {
    const change = decodeTalkChanged(decoder);
    if (change) for (const listener of talkListeners) listener(change);
  };
  provider.on("status", ({ status: s }) => update({ connection: s === "disconnected" ? "offline" : s, synced: provider.synced }));
  provider.on("sync", (synced: boolean) => update({ synced }));
  provider.on("closed", (event: TerminalClose) => {
    // The server refused a change of this copy; keeping it offline would send it again
    // after every reload. The document is loaded afresh from the server instead.
    if (event.code === CloseCode.refusedUpdate || event.code === CloseCode.tooLarge) void persistence.clearData();
    // This user may no longer read the scorecard: its copy leaves the device ([SYNC24]).
    if (event.code === CloseCode.forbidden) void persistence.destroy().then(() => clearScorecardCopy(userId, scorecardId));
    // Whether the whole session is gone only GET /api/me tells (a password change in
    // another window of this browser also ends this socket's session, not the browser's).
    if (event.code === CloseCode.unauthenticated || event.code === CloseCode.forbidden) reportSessionDoubt();
    update({ terminal: event, connection: "offline" });
  });
  // An upgrade refused with HTTP 401 (a session that ended while this device was offline)
  // looks like any failed connection to the browser; the session check tells them apart.
  let opened = false;
  let lastRefusedCheck = -Infinity;
  provider.on("status", ({ status: s }) => {
    if (s === "connected") opened = true;
  });
  provider.on("connection-close", (event: CloseEvent | null) => {
    const failedToOpen = !opened;
    opened = false;
    if (!event || !failedToOpen || !navigator.onLine || Date.now() - lastRefusedCheck < REFUSED_CHECK_INTERVAL_MS) return;
    lastRefusedCheck = Date.now();
    reportSessionDoubt();
  });
  // Remembered beyond this page, so a logout elsewhere in the app can warn about them and
  // a reload still knows them. Registered before the save tracker, so the status never
  // shows the new save state without them.
  const handleLocalChange = (_update: Uint8Array, origin: unknown) => {
    if (origin === provider || origin === persistence) return;
    markUnsynced(userId, scorecardId);
    if (!status.unconfirmed) update({ unconfirmed: true });
  };
  doc.on("update", handleLocalChange);
  // A confirmation that came before the offline copy was read does not cover the copy's
  // changes: those count only once the copy is loaded (and, if new, confirmed again).
  const handleConfirmed = () => {
    markSynced(userId, scorecardId);
    if (status.unconfirmed) update({ unconfirmed: false });
  };
  const stopSaves = trackSaves(doc, provider, (save) => {
    update({ save });
    if (save === "saved" && persistence.synced) handleConfirmed();
  });
  void persistence.whenSynced.then(() => {
    if (status.save === "saved" && !destroyed) handleConfirmed();
  });
  const stopJitter = addReconnectJitter(provider);
  const kpis = createKpiStore(provider, scorecardId);
  // A pulled cable can leave a half-open socket that y-websocket only notices after 30 s
  // of silence; the browser knows at once, so follow it.
  const handleOffline = () => provider.disconnect();
  const handleOnline = () => {
    if (!status.terminal) provider.connect();
  };
  window.addEventListener("offline", handleOffline);
  window.addEventListener("online", handleOnline);
  if (!navigator.onLine) update({ connection: "offline" });

  // The editor must not start on an empty document: it would write an empty paragraph
  // that then doubles up with the server's content.
  const hasContent = () => doc.getXmlFragment(DOCUMENT_FIELD).length > 0;
  const ready = new Promise<void>((resolve) => {
    provider.once("sync", () => resolve());
    void persistence.whenSynced.then(() => {
      if (hasContent()) resolve();
    });
  });

  function subscribe(listener: (status: CollaborationStatus) => void): () => void {
    listeners.add(listener);
    listener(status);
    return () => listeners.delete(listener);
  }

  let destroyed: Promise<void> | null = null;
  function destroy(): Promise<void> {
    if (destroyed) return destroyed;
    unregister();
    window.removeEventListener("offline", handleOffline);
    window.removeEventListener("online", handleOnline);
    doc.off("update", handleLocalChange);
    stopSaves();
    stopJitter();
    kpis.destroy();
    provider.destroy();
    destroyed = persistence.destroy().catch(() => undefined);
    doc.destroy();
    return destroyed;
  }

  const unregister = registerOpenCopy({
    userId,
    scorecardId,
    close: destroy,
    settled: () =>
      new Promise<void>((resolve) => {
        const stop = subscribe((current) => {
          if (current.save === "saving") return;
          queueMicrotask(() => stop());
          resolve();
        });
      }),
  });

  function onTalkChanged(listener: (change: TalkChange) => void): () => void {
    talkListeners.add(listener);
    return () => talkListeners.delete(listener);
  }

  return { scorecardId, doc, provider, kpis, ready, subscribe, status: () => status, onTalkChanged, destroy };
}
