import type { AgendaItem } from "../../shared/domain/talks";
import { epochToBerlinLocal } from "./berlinTime";

/** Which of a talk's mails. */
export type TalkMailKind = "circulation" | "minutes";

/** What a talk's mail tells. */
export interface TalkMailFacts {
  /** Circulation ahead of the talk, or the minutes after it. */
  kind: TalkMailKind;
  /** The provider's name, or null for the conference scorecard. */
  providerName: string | null;
  /** The scorecard's title. */
  scorecardTitle: string;
  /** The talk's start, ms since the epoch. */
  startsAt: number;
  /** Place. */
  place: string;
  /** Planned length in minutes. */
  plannedMinutes: number;
  /** Agenda. */
  agenda: AgendaItem[];
  /** Participants' names. */
  participantNames: string[];
  /** The version sent: number and name. */
  version: { number: number; name: string };
  /** Where the version opens in Steuerrad. */
  link: string;
  /** Names of the attached files. */
  attachmentNames: string[];
}

/** `2026-04-09` → `09.04.2026`, as German readers expect. */
function germanDate(isoDate: string): string {
  const [year, month, day] = isoDate.split("-");
  return `${day}.${month}.${year}`;
}

/**
 * Link to a version of a scorecard in the web app.
 * @param publicUrl - the app's public address, without trailing slash
 */
export function versionLink(publicUrl: string, scorecardId: string, versionId: number): string {
  return `${publicUrl.replace(/\/+$/, "")}/scorecards/${encodeURIComponent(scorecardId)}/versions/${versionId}`;
}

/**
 * Subject and plain-text body of the circulation or minutes mail, in German.
 * @param facts - the talk, the version and its link
 */
export function composeTalkMail(facts: TalkMailFacts): { subject: string; text: string } {
  const local = epochToBerlinLocal(facts.startsAt);
  const who = facts.providerName ?? "der Sozialraumkonferenz";
  const when = `${germanDate(local.date)}, ${local.time} Uhr`;
  const subject =
    facts.kind === "circulation"
      ? `Vorabversand: Steuerungsgespräch ${who} am ${germanDate(local.date)}`
      : `Protokoll: Steuerungsgespräch ${who} am ${germanDate(local.date)}`;
  const intro =
    facts.kind === "circulation"
      ? [
          `am ${when} findet das Steuerungsgespräch mit ${who} statt (Ort: ${facts.place}, geplant ${facts.plannedMinutes} Minuten).`,
          "",
          `Anbei erhalten Sie vorab die Balanced Scorecard „${facts.scorecardTitle}“ im Stand von Version ${facts.version.number} („${facts.version.name}“) mit den Kennzahlen dieses Zeitpunkts.`,
          "Fragen zu einzelnen Maßnahmen können Sie vorab im Dokument stellen, damit sich die andere Seite vorbereiten kann.",
        ]
      : [
          `anbei das Protokoll des Steuerungsgesprächs mit ${who} vom ${when} (Ort: ${facts.place}).`,
          "",
          `Die Balanced Scorecard „${facts.scorecardTitle}“ ist zugleich das Protokoll: Version ${facts.version.number} („${facts.version.name}“) hält den Stand zum Ende des Gesprächs fest.`,
        ];
  const text = [
    "Guten Tag,",
    "",
    ...intro,
    "",
    "Online (nach Anmeldung):",
    facts.link,
    "",
    `Anhänge: ${facts.attachmentNames.join(", ") || "keine"}`,
    "",
    "Tagesordnung:",
    ...facts.agenda.map((item, index) => `${index + 1}. ${item.title}`),
    "",
    `Teilnehmende: ${facts.participantNames.join(", ")}`,
    "",
    "Diese Nachricht wurde von Steuerrad verschickt.",
  ].join("\n");
  return { subject, text };
}
