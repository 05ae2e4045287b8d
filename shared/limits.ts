/** Defaults for the limits the server enforces; each can be overridden by environment. */
export const Limits = {
  /** Largest accepted WebSocket message (MAX_MESSAGE_BYTES). */
  maxMessageBytes: 10 * 1024 * 1024,
  /** Largest scorecard document, encoded (MAX_DOCUMENT_BYTES); a change that would pass it is refused. */
  maxDocumentBytes: 32 * 1024 * 1024,
  /** Open collaboration connections per user (MAX_CONNECTIONS_PER_USER); counted per user, not per address. */
  maxConnectionsPerUser: 20,
  /** Largest accepted JSON request body. */
  maxJsonBodyBytes: 1024 * 1024,
  /** Failed logins per account within the window before login is refused. */
  loginFailuresPerAccount: 5,
  /** Failed logins per address within the window (a whole office may share one address). */
  loginFailuresPerAddress: 50,
  /** Window for counting failed logins. */
  loginWindowMs: 15 * 60 * 1000,
} as const;
