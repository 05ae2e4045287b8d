import { agendaLine, meetingWords, type MeetingWords } from "../../shared/domain/meetingWords";
import type { AgendaItem, ParticipantSide } from "../../shared/domain/talks";
import { epochToBerlinLocal } from "./berlinTime";

/** Which of a talk's mails. */
export type TalkMailKind = "circulation" | "minutes";

/** What a talk's mail tells. */
export interface TalkMailFacts {
  /** Circulation ahead of the talk, or the minutes after it. */
  kind: TalkMailKind;
  /** The provider's name, or null for the conference scorecard (whose meetings are sessions). */
  providerName: string | null;
  /** The working group holding a session instead of the full conference, or null. */
  body?: string | null;
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
  /** The participants, with their side and whether they were recorded present. */
  participants: MailParticipant[];
  /** The version sent: number and name. */
  version: { number: number; name: string };
  /** Where the version opens in Steuerrad. */
  link: string;
  /** Names of the attached files. */
  attachmentNames: string[];
  /** Minutes only: the approval and agreements, as lines (`minutesMailRecord`). */
  record?: string[];
}

/** A participant as a talk's mail names them. */
export interface MailParticipant {
  /** Name. */
  name: string;
  /** Side. */
  side: ParticipantSide;
  /** Recorded as present in the talk. */
  present: boolean;
}

const SIDE_ORDER: readonly ParticipantSide[] = ["funder", "provider", "other"];
const SIDE_WORDS: Record<ParticipantSide, string> = { funder: "Leistungsträger", provider: "Leistungserbringer", other: "Weitere" };

function bySide(people: readonly MailParticipant[]): string[] {
  return SIDE_ORDER.flatMap((side) => {
    const names = people.filter((p) => p.side === side).map((p) => p.name);
    return names.length > 0 ? [`– ${SIDE_WORDS[side]}: ${names.join(", ")}`] : [];
  });
}

/**
 * Who the mail names, by side (funder, provider, others): the circulation those invited;
 * the minutes those present, as the minutes PDF does, and separately those not present.
 * When nobody was recorded present, the minutes say so and name those invited.
 * @param kind - circulation or minutes
 * @param participants - everyone invited, with their presence
 * @param words - the meeting's words ("im Gespräch", "in der Sitzung"); a steering talk's by default
 * @returns the lines of the mail's text
 */
export function attendanceLines(kind: TalkMailKind, participants: readonly MailParticipant[], words: Pick<MeetingWords, "inThe"> = { inThe: "im Gespräch" }): string[] {
  if (kind === "circulation") return ["Eingeladen sind:", ...bySide(participants)];
  const present = participants.filter((p) => p.present);
  if (present.length === 0) return [`Die Anwesenheit wurde ${words.inThe} nicht festgehalten. Eingeladen waren:`, ...bySide(participants)];
  const absent = participants.filter((p) => !p.present);
  return ["Anwesend:", ...bySide(present), ...(absent.length > 0 ? ["", "Nicht anwesend (entschuldigt oder abwesend):", ...bySide(absent)] : [])];
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
 * The mail's subject: what is sent, and which meeting on which day, e.g. "Vorabversand:
 * Steuerungsgespräch Beispiel e.V. am 09.04.2026" or "Protokoll: Sitzung der
 * Sozialraumkonferenz am 18.11.2026".
 */
function subjectOf(facts: TalkMailFacts, words: MeetingWords, date: string): string {
  const what = facts.kind === "circulation" ? "Vorabversand" : "Protokoll";
  const meeting = words.kind === "session" ? words.heading : `Steuerungsgespräch ${facts.providerName}`;
  return `${what}: ${meeting} am ${date}`;
}

/**
 * Subject and plain-text body of the circulation or minutes mail, in German, in the words of
 * the meeting: a steering talk with a provider, or a session of the conference (or of one of
 * its working groups) with its agenda numbered TOP 1, TOP 2, ….
 * @param facts - the talk, the version and its link
 */
export function composeTalkMail(facts: TalkMailFacts): { subject: string; text: string } {
  const words = meetingWords({ providerName: facts.providerName, body: facts.body });
  const local = epochToBerlinLocal(facts.startsAt);
  const when = `${germanDate(local.date)}, ${local.time} Uhr`;
  const subject = subjectOf(facts, words, germanDate(local.date));
  const intro =
    facts.kind === "circulation"
      ? [
          `am ${when} findet ${words.theName} statt (Ort: ${facts.place}, geplant ${facts.plannedMinutes} Minuten).`,
          "",
          `Anbei erhalten Sie vorab die Balanced Scorecard „${facts.scorecardTitle}“ im Stand von Version ${facts.version.number} („${facts.version.name}“) mit den Kennzahlen dieses Zeitpunkts.`,
          words.kind === "session"
            ? "Fragen zu einzelnen Maßnahmen können Sie vorab im Dokument stellen, damit sich alle vorbereiten können."
            : "Fragen zu einzelnen Maßnahmen können Sie vorab im Dokument stellen, damit sich die andere Seite vorbereiten kann.",
        ]
      : [
          `anbei das Protokoll ${words.ofTheName} vom ${when} (Ort: ${facts.place}).`,
          "",
          `Die Balanced Scorecard „${facts.scorecardTitle}“ ist zugleich das Protokoll: Version ${facts.version.number} („${facts.version.name}“) hält den Stand zum Ende ${words.ofThe} fest.`,
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
    ...facts.agenda.map((item, index) => agendaLine(words.kind, index, item.title)),
    "",
    ...(facts.record ?? []),
    ...attendanceLines(facts.kind, facts.participants, words),
    "",
    "Diese Nachricht wurde von Steuerrad verschickt.",
  ].join("\n");
  return { subject, text };
}
