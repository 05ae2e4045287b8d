/**
 * The steering talk a version was taken for (its circulation, start or minutes), for the
 * title page and the file name of an export.
 */
import type { VersionKind } from "../../shared/domain/versions";
import type { Db } from "../persistence/db";

/** What an export needs to know about a talk. */
export interface TalkOfVersion {
  /** The talk's id. */
  id: string;
  /** Start of the talk, ms since the epoch. */
  startsAt: number;
  /** Participants as "Name (Seite)", funder first. */
  participants: string[];
}

const SIDE_NAMES: Record<string, string> = { funder: "Leistungsträger", provider: "Leistungsanbieter" };

/**
 * Finds the talk a version belongs to, read straight from the `talks` tables (migration 4).
 * @param db - the database
 * @param versionId - the version's id
 * @param kind - the version's kind: the minutes list who was present, the others who was invited
 * @returns the talk, or null for a version taken outside a talk
 */
export function talkOfVersion(db: Db, versionId: number, kind: VersionKind): TalkOfVersion | null {
  const talk = db
    .prepare("SELECT id, starts_at AS startsAt FROM talks WHERE circulation_version_id = ? OR talk_version_id = ? OR minutes_version_id = ? LIMIT 1")
    .get(versionId, versionId, versionId) as { id: string; startsAt: number } | undefined;
  if (!talk) return null;
  const rows = db
    .prepare("SELECT name, side, present FROM talk_participants WHERE talk_id = ? ORDER BY CASE side WHEN 'funder' THEN 0 WHEN 'provider' THEN 1 ELSE 2 END, name")
    .all(talk.id) as { name: string; side: string; present: number }[];
  // Minutes record who took part; when nobody was marked present, the invitation list is all there is.
  const present = rows.filter((row) => row.present === 1);
  const shown = kind === "minutes" && present.length > 0 ? present : rows;
  return { id: talk.id, startsAt: talk.startsAt, participants: shown.map((row) => (SIDE_NAMES[row.side] ? `${row.name} (${SIDE_NAMES[row.side]})` : row.name)) };
}
