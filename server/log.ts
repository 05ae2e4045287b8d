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

/**
 * A logger that adds fixed fields (e.g. `{ requestId }`) to every line of `parent`;
 * fields given per line win.
 * @param parent - the logger written to
 * @param fixed - the fields every line gets
 */
export function childLogger(parent: Logger, fixed: Record<string, unknown>): Logger {
  return {
    log(level, message, fields = {}) {
      parent.log(level, message, { ...fixed, ...fields });
    },
  };
}

/** One line a collecting logger received. */
export interface LogLine {
  /** Severity. */
  level: LogLevel;
  /** The message. */
  message: string;
  /** Extra fields. */
  fields: Record<string, unknown>;
}

/**
 * A logger that keeps its lines in memory instead of writing them, for tests.
 * @returns the logger and the array it appends to
 */
export function createCollectingLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  return { logger: { log: (level, message, fields = {}) => void lines.push({ level, message, fields }) }, lines };
}
