/**
 * Message types on the collaboration WebSocket. 0–3 are the y-websocket protocol
 * (sync, awareness, auth, query awareness); 100 and up are Steuerrad's additions,
 * which a plain y-websocket client never sends and ignores when received.
 */
export const MessageType = {
  /** y-protocols sync: step 1, step 2 or update. */
  sync: 0,
  /** y-protocols awareness update. */
  awareness: 1,
  /** y-protocols auth (unused: authentication happens at the upgrade). */
  auth: 2,
  /** Ask for all awareness states. */
  queryAwareness: 3,
  /**
   * Client → server: "tell me when everything I sent so far is stored", with a
   * client-chosen sequence number. The server answers with `saved` and the same number.
   */
  saveQuery: 100,
  /** Server → client: every update sent before the matching `saveQuery` is stored. */
  saved: 101,
  /** Server → client: the connection's access right ("edit" or "read"), sent at connect and on change. */
  access: 102,
  /** Client → server: JSON `{ periods: string[] }`, the periods its KPI blocks show. */
  kpiQuery: 103,
  /**
   * Server → client: JSON `KpiSnapshot` with the KPI results of the queried periods; sent
   * in answer to `kpiQuery` and again whenever the figures behind them change. KPI values
   * never enter the shared document, so no client can write over them.
   */
  kpiValues: 104,
  /**
   * Server → client: JSON `TalkChange` `{ talkId, revision }`: a steering talk of this
   * scorecard changed its meeting state (server/sync/SPEC.md [SYNC25]). Clients showing
   * the talk read it again through the API; the message carries nothing a user may not see.
   */
  talkChanged: 105,
  /**
   * Server → client: JSON `{ scorecardId, revision }`: this scorecard's Themenspeicher
   * changed. Clients showing it read it again through the API.
   */
  topicsChanged: 106,
} as const;
