/**
 * File names of exported scorecards, e.g. `BSC_Beispiel-e-V_2026-03-05_Vorabversand.docx`.
 *
 * Names are plain ASCII: umlauts are transliterated (ä → ae, ß → ss) and every other run of
 * characters outside A–Z, a–z, 0–9 becomes one "-". The files travel as mail attachments
 * and through Windows file shares and ZIP tools, several of which still mangle non-ASCII
 * names; "Gespraech" is readable, "GesprÃ¤ch" is not.
 */
import type { TalkKind } from "../../shared/domain/meetingWords";
import type { VersionKind } from "../../shared/domain/versions";
import { CONFERENCE_NAME } from "./labels";

/** The current state of a scorecard, not a stored version. */
export type ExportState = VersionKind | "current";

const TRANSLITERATIONS: Record<string, string> = { ä: "ae", ö: "oe", ü: "ue", Ä: "Ae", Ö: "Oe", Ü: "Ue", ß: "ss", ẞ: "SS" };

/** Longest provider part, so the whole name stays well below file-system limits. */
const MAX_PART_LENGTH = 60;

/**
 * Reduces text to a file-name part of ASCII letters, digits and single dashes.
 * @param text - e.g. "Weser-Wohnverbund gGmbH (Demo)"
 * @returns e.g. "Weser-Wohnverbund-gGmbH-Demo"; "" when nothing usable is left
 */
export function safeFileNamePart(text: string): string {
  return (
    text
      .replace(/[äöüÄÖÜßẞ]/g, (char) => TRANSLITERATIONS[char])
      .normalize("NFKD")
      // Accents left after decomposition (é → e + ◌́) are dropped; other letters become dashes.
      .replace(/\p{M}/gu, "")
      .replace(/[^A-Za-z0-9]+/g, "-")
      .slice(0, MAX_PART_LENGTH)
      .replace(/^-+|-+$/g, "")
  );
}

/**
 * The file-name label of a state: circulation → Vorabversand, minutes → Protokoll,
 * talk → Gespraech (a session of the conference: Sitzung), a named, automatic or restored
 * version → Version<N>, the current state → Stand.
 * @param state - the version's kind, or "current"
 * @param versionNumber - the version's number within the scorecard (for Version<N>)
 * @param talkKind - the kind of the meeting the version was taken for, if any
 */
export function exportLabel(state: ExportState, versionNumber?: number, talkKind?: TalkKind): string {
  switch (state) {
    case "circulation":
      return "Vorabversand";
    case "minutes":
      return "Protokoll";
    case "talk":
      return talkKind === "session" ? "Sitzung" : "Gespraech";
    case "current":
      return "Stand";
    case "named":
    case "auto":
    case "restore":
      return `Version${versionNumber ?? ""}`;
  }
}

/**
 * The file name of an exported scorecard.
 * @param providerName - the provider's name; null for the conference scorecard ("Sozialraumkonferenz")
 * @param date - YYYY-MM-DD
 * @param label - see {@link exportLabel}
 * @param ext - "docx" or "pdf"
 * @returns e.g. `BSC_Beispiel-e-V_2026-03-05_Vorabversand.docx`
 * @example
 * exportFileName("Caritas Bremerhaven", "2026-03-05", "Protokoll", "pdf") // "BSC_Caritas-Bremerhaven_2026-03-05_Protokoll.pdf"
 */
export function exportFileName(providerName: string | null, date: string, label: string, ext: string): string {
  const provider = safeFileNamePart(providerName ?? CONFERENCE_NAME) || "Leistungserbringer";
  return `BSC_${provider}_${date}_${safeFileNamePart(label) || "Stand"}.${ext}`;
}
