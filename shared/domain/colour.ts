/** Caret colours with at least 4.5:1 contrast against white text labels. */
export const USER_COLOURS = ["#b3261e", "#1f5fa8", "#2e7d32", "#8e24aa", "#a15c00", "#00796b", "#c2185b", "#455a64"] as const;

/**
 * A stable colour for a user, so the same person has the same caret colour everywhere.
 * @param userId - the user's id
 */
export function colourForUser(userId: string): string {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return USER_COLOURS[hash % USER_COLOURS.length];
}
