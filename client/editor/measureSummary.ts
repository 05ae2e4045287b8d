import type { StatusLine } from "../../shared/document/measures";

/** How many characters of the last status line the compact line shows. */
export const STATUS_LINE_CHARS = 140;

/**
 * Today as YYYY-MM-DD in local time, for the overdue check.
 * @param now - the moment (defaults to now)
 */
export function localToday(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
}

/**
 * Writes a date the German way.
 * @param iso - YYYY-MM-DD
 * @returns e.g. "15.01.2020"; the input unchanged when it is no such date
 */
export function formatGermanDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return match ? `${match[3]}.${match[2]}.${match[1]}` : iso;
}

/**
 * The newest status line: the one of the latest talk, and of two on the same day the one
 * added last (status lines are appended in the order they were written).
 * @param lines - the measure's status lines
 * @returns the line, or null when there is none
 */
export function lastStatusLine(lines: readonly StatusLine[]): StatusLine | null {
  let last: StatusLine | null = null;
  for (const line of lines) if (!last || line.talkDate >= last.talkDate) last = line;
  return last;
}

/**
 * Shortens a text for one line: cut at the last space before the limit, with "…".
 * @param text - the text
 * @param max - most characters kept (before the ellipsis)
 * @returns the text, whitespace collapsed, shortened when longer than `max`
 */
export function shorten(text: string, max = STATUS_LINE_CHARS): string {
  const plain = text.replace(/\s+/g, " ").trim();
  if (plain.length <= max) return plain;
  const cut = plain.slice(0, max);
  const space = cut.lastIndexOf(" ");
  // A word longer than a third of the line is cut inside; otherwise at its start.
  return `${(space > max * 0.66 ? cut.slice(0, space) : cut).trimEnd()} …`;
}
