/**
 * The words of a meeting, by its kind, in one place: a provider's scorecard is discussed
 * in bilateral steering talks (Steuerungsgespräche) of the funder and that provider; the
 * conference's scorecard in sessions (Sitzungen) of the Sozialraumkonferenz, or of one of
 * its working groups, with numbered agenda items (TOP 1, TOP 2, …) as the conference's own
 * minutes number them. Mails, exports, version names and server messages take their words
 * from here; the web app has the same words in its texts (client/i18n/talks.ts, `_session`).
 */

/** What a meeting is: a provider's steering talk, or a session of the conference. */
export type TalkKind = "steeringTalk" | "session";

/** The conference's name, as the members call it. */
export const CONFERENCE_NAME = "Sozialraumkonferenz";

/**
 * The kind of the meetings about a scorecard: the conference's scorecard (no provider) meets
 * in sessions, a provider's in steering talks.
 * @param providerId - the scorecard's provider, or null for the conference's
 * @example talkKindOf(null) // "session"
 */
export function talkKindOf(providerId: string | null): TalkKind {
  return providerId === null ? "session" : "steeringTalk";
}

/**
 * Picks the text of a kind, for sentences whose grammar differs (das Gespräch, die Sitzung).
 * @param kind - the meeting's kind
 * @param texts - the text of each kind
 * @example byKind("session", { steeringTalk: "Ein beendetes Gespräch", session: "Eine beendete Sitzung" })
 */
export function byKind<T>(kind: TalkKind, texts: Record<TalkKind, T>): T {
  return texts[kind];
}

/**
 * A working group's name as it stands after "Sitzung der": a name that says it is a
 * working group (Arbeitsgruppe …, AG …) as it is, any other name quoted after "Arbeitsgruppe".
 * @param body - the name given when scheduling, e.g. "Arbeitsgruppe Berichtswesen" or "Berichtswesen"
 * @example workingGroupName("Berichtswesen") // "Arbeitsgruppe „Berichtswesen“"
 */
export function workingGroupName(body: string): string {
  return /^(arbeitsgruppe|ag)(\s|$)/i.test(body.trim()) ? body.trim() : `Arbeitsgruppe „${body.trim()}“`;
}

/** The words of one meeting, ready to put in a sentence. */
export interface MeetingWords {
  /** Its kind. */
  kind: TalkKind;
  /**
   * Its heading: "Steuerungsgespräch", "Sitzung der Sozialraumkonferenz", or
   * "Sitzung der Arbeitsgruppe Berichtswesen der Sozialraumkonferenz".
   */
  heading: string;
  /** Its name with whom it is held: "Steuerungsgespräch mit Beispiel e.V." or the session's heading. */
  name: string;
  /** The name with its article: "das Steuerungsgespräch mit Beispiel e.V.", "die Sitzung der Sozialraumkonferenz". */
  theName: string;
  /** The name in the genitive: "des Steuerungsgesprächs mit Beispiel e.V.", "der Sitzung der Sozialraumkonferenz". */
  ofTheName: string;
  /** The short word: "Gespräch" or "Sitzung". */
  short: string;
  /** "im Gespräch" or "in der Sitzung". */
  inThe: string;
  /** "des Gesprächs" or "der Sitzung". */
  ofThe: string;
  /** "nach dem Gespräch" or "nach der Sitzung". */
  afterThe: string;
  /** "das erste Steuerungsgespräch" or "die erste Sitzung". */
  theFirst: string;
}

/**
 * The words of a meeting.
 * @param facts - the scorecard's provider (null for the conference) and, for a session of a working group, its name
 * @example meetingWords({ providerName: null, body: "Arbeitsgruppe Berichtswesen" }).heading
 * // "Sitzung der Arbeitsgruppe Berichtswesen der Sozialraumkonferenz"
 */
export function meetingWords(facts: { providerName: string | null; body?: string | null }): MeetingWords {
  if (facts.providerName !== null) {
    const name = `Steuerungsgespräch mit ${facts.providerName}`;
    return {
      kind: "steeringTalk",
      heading: "Steuerungsgespräch",
      name,
      theName: `das ${name}`,
      ofTheName: `des Steuerungsgesprächs mit ${facts.providerName}`,
      short: "Gespräch",
      inThe: "im Gespräch",
      ofThe: "des Gesprächs",
      afterThe: "nach dem Gespräch",
      theFirst: "das erste Steuerungsgespräch",
    };
  }
  const body = facts.body?.trim();
  const heading = body ? `Sitzung der ${workingGroupName(body)} der ${CONFERENCE_NAME}` : `Sitzung der ${CONFERENCE_NAME}`;
  return {
    kind: "session",
    heading,
    name: heading,
    theName: `die ${heading}`,
    ofTheName: `der ${heading}`,
    short: "Sitzung",
    inThe: "in der Sitzung",
    ofThe: "der Sitzung",
    afterThe: "nach der Sitzung",
    theFirst: "die erste Sitzung",
  };
}

/**
 * The label of an agenda item: the conference numbers its items "TOP 1", "TOP 2", …
 * (Tagesordnungspunkt); a steering talk's agenda is a plain numbered list.
 * @param kind - the meeting's kind
 * @param index - the item's index, 0 for the first
 * @example agendaLabel("session", 0) // "TOP 1"
 */
export function agendaLabel(kind: TalkKind, index: number): string {
  return kind === "session" ? `TOP ${index + 1}` : `${index + 1}.`;
}

/**
 * An agenda item as one line of text, e.g. for a mail: "TOP 2: Offene Fragen …" or "2. Maßnahmen …".
 * @param kind - the meeting's kind
 * @param index - the item's index, 0 for the first
 * @param title - the item's title
 */
export function agendaLine(kind: TalkKind, index: number, title: string): string {
  return kind === "session" ? `${agendaLabel(kind, index)}: ${title}` : `${agendaLabel(kind, index)} ${title}`;
}

/**
 * The usual agenda of a session of the conference, in the order of its own minutes
 * (Begrüßung and Regularien first, the open questions from earlier sessions, the shared
 * scorecard, the working groups, what was agreed and the next dates, Verschiedenes). The
 * words "Protokoll", "Maßnahmen" and "Vereinbarungen" tie items to the meeting panel's
 * approval, measures and agreements, as in a steering talk's agenda.
 */
export const SESSION_AGENDA: readonly { title: string }[] = [
  { title: "Begrüßung, Tagesordnung und Genehmigung des Protokolls der letzten Sitzung" },
  { title: "Offene Fragen aus den letzten Sitzungen (Themenspeicher)" },
  { title: "Gemeinsame Balanced Scorecard: Ziele und Maßnahmen" },
  { title: "Berichte aus den Arbeitsgruppen" },
  { title: "Vereinbarungen und nächste Sitzungstermine" },
  { title: "Verschiedenes" },
];

/**
 * How a version taken for a meeting is titled in exports: the circulation and minutes keep
 * their names, the state at the start names the meeting.
 * @param kind - the meeting's kind
 * @example startStateTitle("session") // "Stand zu Beginn der Sitzung"
 */
export function startStateTitle(kind: TalkKind): string {
  return kind === "session" ? "Stand zu Beginn der Sitzung" : "Stand zu Beginn des Steuerungsgesprächs";
}

/**
 * The name of the version taken when a meeting starts, e.g. "Sitzungsbeginn 2026-11-30".
 * @param kind - the meeting's kind
 * @param date - the day, `YYYY-MM-DD`
 */
export function startVersionName(kind: TalkKind, date: string): string {
  return `${kind === "session" ? "Sitzungsbeginn" : "Gesprächsbeginn"} ${date}`;
}
