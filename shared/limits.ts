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
  /**
   * Failed password checks of one account from one client address answered at once; each
   * further one makes that pair (only) wait, never the account from other addresses.
   */
  loginFailuresPerPair: 5,
  /** The wait after the pair's last free failure; it doubles with every further failure. */
  loginFirstDelayMs: 60 * 1000,
  /** The longest wait of a pair. */
  loginMaxDelayMs: 15 * 60 * 1000,
  /** Failed logins per address within the window (a whole office may share one address). */
  loginFailuresPerAddress: 50,
  /** Window for counting the failed logins of an address. */
  loginWindowMs: 15 * 60 * 1000,
  /** How long failures are kept: they count for their pair, and the admin sees them per account. */
  loginFailureMemoryMs: 24 * 60 * 60 * 1000,
} as const;
