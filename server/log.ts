/** Severity of a log line. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** A structured logger writing one JSON object per line. */
export interface Logger {
  /** Writes a line at the given level with extra fields. */
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
}

const ORDER: Record<LogLevel | "silent", number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/**
 * Creates a logger that drops lines below `minLevel` ("silent" drops all).
 * @param minLevel - the lowest level written
 */
export function createLogger(minLevel: LogLevel | "silent" = "info"): Logger {
  return {
    log(level, message, fields = {}) {
      if (ORDER[level] < ORDER[minLevel]) return;
      const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...fields });
      (level === "error" || level === "warn" ? process.stderr : process.stdout).write(line + "\n");
    },
  };
}
