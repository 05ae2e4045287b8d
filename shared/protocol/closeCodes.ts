/**
 * WebSocket close codes. 4400–4499 mirror HTTP 4xx and tell y-websocket clients not to
 * reconnect (the y-websocket client treats this range as terminal); anything else is
 * retried with back-off.
 */
export const CloseCode = {
  /** A message could not be decoded. */
  badMessage: 4400,
  /** The session ended (logout, password change, expiry). */
  unauthenticated: 4401,
  /** The user lost the right to open this scorecard. */
  forbidden: 4403,
  /**
   * An update was refused for what it would do to the document (see server/sync/SPEC.md,
   * [SYNC14], [SYNC15]); the client must drop its offline copy and load the document again.
   */
  refusedUpdate: 4422,
  /** A message exceeded the configured size limit. */
  tooLarge: 4413,
  /** The client's editor schema is older than the server's: reload the page. */
  reloadRequired: 4426,
  /** The server could not store an update; reconnect and resend. */
  storageFailed: 1011,
  /** The server is shutting down; reconnect. */
  goingAway: 1001,
} as const;
