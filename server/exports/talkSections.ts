/**
 * The steering talk's own sections of a version's export, as blocks of the export model
 * (so Word and PDF show the same), in the words of the meeting (a session of the
 * conference says "Sitzung der Sozialraumkonferenz" and numbers its agenda TOP 1, TOP 2, …):
 *
 * - before the scorecard, "Steuerungsgespräch" (or the session's name): date and place, who
 *   was invited or, in the minutes, who was present (by side), the approval of the previous
 *   minutes and its note (minutes), the agenda, and the open questions of the scorecard
 *   (circulation and talk start: the comment threads nobody marked done);
 * - after the scorecard, in the minutes, "Vereinbarungen": each agreement with its owner,
 *   due date and the measure it became.
 */
import type { CommentThread } from "../../shared/domain/comments";
import { agendaLabel, type MeetingWords } from "../../shared/domain/meetingWords";
import type { VersionKind } from "../../shared/domain/versions";
import type { ExportBlock, ExportSection, InlineRun } from "./exportModel";
import type { FieldRow } from "./fieldRow";
import { berlinDateTime, formatBerlinDateTime, formatGermanDate } from "./labels";
import { SIDE_NAMES, type TalkOfVersion, type TalkPerson } from "./talkOfVersion";

/** Heading of the section before the scorecard, for a steering talk (a session's is its name, `words.heading`). */
export const TALK_SECTION_TITLE = "Steuerungsgespräch";
/** Heading of the agreements in the minutes. */
export const AGREEMENTS_SECTION_TITLE = "Vereinbarungen";
/** Subheadings of the talk section. */
export const TALK_SUBSECTIONS = { approval: "Genehmigung des Protokolls", agenda: "Tagesordnung", questions: "Offene Fragen" } as const;

/** What the talk's sections are made of, besides the talk. */
export interface TalkSectionSource {
  /** The talk. */
  talk: TalkOfVersion;
  /** The exported version's kind. */
  kind: VersionKind;
  /** The title of a measure in the exported version, or null when the version does not have it. */
  measureTitle(measureId: string): string | null;
  /** The exported version's comment threads. */
  threads: CommentThread[];
}

const NONE = "–";

function heading(level: 2 | 3, text: string): ExportBlock {
  return { kind: "heading", role: level === 2 ? "perspective" : "goal", level, runs: [{ text }] };
}

function paragraph(...runs: InlineRun[]): ExportBlock {
  return { kind: "paragraph", runs };
}

function lines(text: string): string[] {
  return text.split("\n").filter((line) => line.trim() !== "");
}

/** Who was present, by side; who was invited and not present. Without any presence recorded, who was invited. */
function attendanceRows(people: TalkPerson[], minutes: boolean): FieldRow[] {
  const recorded = minutes && people.some((person) => person.present);
  const rows: FieldRow[] = [];
  for (const side of ["funder", "provider", "other"] as const) {
    const names = people.filter((person) => person.side === side && (!recorded || person.present)).map((person) => person.name);
    if (names.length > 0) rows.push({ label: `${recorded ? "Anwesend" : "Eingeladen"}: ${SIDE_NAMES[side]}`, lines: names });
  }
  const absent = people.filter((person) => !person.present).map((person) => `${person.name} (${SIDE_NAMES[person.side]})`);
  if (recorded && absent.length > 0) rows.push({ label: "Nicht anwesend", lines: absent });
  if (minutes && !recorded) rows.push({ label: "Anwesenheit", lines: ["nicht festgehalten"] });
  return rows;
}

function approvalBlocks(talk: TalkOfVersion): { title: string; blocks: ExportBlock[] } {
  const title = talk.previousTalkAt === null ? TALK_SUBSECTIONS.approval : `${TALK_SUBSECTIONS.approval} vom ${formatGermanDate(berlinDateTime(talk.previousTalkAt).date)}`;
  const { approval, words } = talk;
  if (talk.previousTalkAt === null && !approval) return { title, blocks: [paragraph({ text: `Entfällt: Dies war ${words.theFirst} zu dieser Scorecard.` })] };
  if (!approval) return { title, blocks: [paragraph({ text: `${capitalised(words.inThe)} wurde keine Entscheidung festgehalten.` })] };
  const blocks = [paragraph({ text: approval.decision === "amended" ? "Genehmigt mit Änderungen." : "Genehmigt.", bold: true })];
  if (approval.note) blocks.push(paragraph({ text: approval.decision === "amended" ? "Änderungen: " : "Anmerkung: ", bold: true }, { text: approval.note }));
  if (approval.byName || approval.at !== null) {
    const by = [approval.byName ? `von ${approval.byName}` : "", approval.at !== null ? `am ${formatBerlinDateTime(approval.at)}` : ""].filter(Boolean).join(" ");
    blocks.push(paragraph({ text: `Festgehalten ${by}.` }));
  }
  return { title, blocks };
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A steering talk's agenda as a numbered list; a session's as a table of its TOPs, as the conference's minutes write them. */
function agendaBlock(agenda: string[], words: Pick<MeetingWords, "kind">): ExportBlock {
  if (agenda.length === 0) return paragraph({ text: "Keine Tagesordnung festgehalten." });
  if (words.kind === "session") return { kind: "fields", variant: "facts", rows: agenda.map((title, index) => ({ label: agendaLabel("session", index), lines: [title] })) };
  return { kind: "list", ordered: true, start: 1, items: agenda.map((title) => [paragraph({ text: title })]) };
}

function questionSubject(thread: CommentThread, measureTitle: (id: string) => string | null): string {
  if (thread.anchor.kind === "measure") {
    const title = measureTitle(thread.anchor.measureId);
    return title ? `Zur Maßnahme „${title}“` : "Zu einer Maßnahme, die es nicht mehr gibt";
  }
  const quote = thread.anchor.quote.length > 120 ? `${thread.anchor.quote.slice(0, 119)}…` : thread.anchor.quote;
  return `Zur Textstelle „${quote}“`;
}

function when(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? formatBerlinDateTime(ms) : iso;
}

/** The comment threads nobody marked done, each with its subject, author, time and replies. */
function questionsBlock(source: TalkSectionSource): ExportBlock {
  const open = source.threads.filter((thread) => !thread.resolved);
  if (open.length === 0) return paragraph({ text: "Keine offenen Fragen." });
  return {
    kind: "list",
    ordered: false,
    start: 1,
    items: open.map((thread): ExportBlock[] => [
      paragraph(
        { text: `${questionSubject(thread, source.measureTitle)}: `, bold: true },
        ...lines(thread.text).flatMap((line, i): InlineRun[] => (i > 0 ? [{ text: "\n" }, { text: line }] : [{ text: line }])),
      ),
      paragraph({ text: `${thread.authorName}, ${when(thread.createdAt)}`, italic: true }),
      ...(thread.replies.length > 0
        ? [
            {
              kind: "list",
              ordered: false,
              start: 1,
              items: thread.replies.map((reply) => [paragraph({ text: `${reply.authorName} (${when(reply.createdAt)}): `, italic: true }, { text: reply.text })]),
            } satisfies ExportBlock,
          ]
        : []),
    ]),
  };
}

/**
 * The section before the scorecard: the talk's facts, the approval (minutes), the agenda,
 * and the open questions (circulation and talk start).
 * @param source - the talk, the version's kind, measures and comment threads
 */
export function talkOpeningSection(source: TalkSectionSource): ExportSection {
  const { talk } = source;
  const minutes = source.kind === "minutes";
  const facts: FieldRow[] = [
    { label: "Termin", lines: [`${formatBerlinDateTime(talk.startsAt)} (geplant ${talk.plannedMinutes} Minuten)`] },
    { label: "Ort", lines: [talk.place || NONE] },
    ...attendanceRows(talk.people, minutes),
  ];
  const title = talk.words.heading;
  const blocks: ExportBlock[] = [heading(2, title), { kind: "fields", variant: "facts", rows: facts }];
  const goals: string[] = [];
  if (minutes) {
    const approval = approvalBlocks(talk);
    blocks.push(heading(3, approval.title), ...approval.blocks);
    goals.push(approval.title);
  }
  blocks.push(heading(3, TALK_SUBSECTIONS.agenda), agendaBlock(talk.agenda, talk.words));
  goals.push(TALK_SUBSECTIONS.agenda);
  if (source.kind === "circulation" || source.kind === "talk") {
    blocks.push(heading(3, TALK_SUBSECTIONS.questions), questionsBlock(source));
    goals.push(TALK_SUBSECTIONS.questions);
  }
  return { blocks, contents: { perspective: title, goals } };
}

/**
 * The minutes' agreements after the scorecard: one small table each (what, who, by when,
 * which measure it became), or a sentence that none were made.
 * @param source - the talk and the version's measures
 */
export function agreementsSection(source: TalkSectionSource): ExportSection {
  const { agreements, words } = source.talk;
  const blocks: ExportBlock[] = [heading(2, AGREEMENTS_SECTION_TITLE)];
  if (agreements.length === 0) blocks.push(paragraph({ text: `${capitalised(words.inThe)} wurden keine Vereinbarungen festgehalten.` }));
  for (const agreement of agreements) {
    const title = agreement.measureId ? source.measureTitle(agreement.measureId) : null;
    const measure = !agreement.measureId ? NONE : title ? `„${title}“` : `${words.afterThe} als Maßnahme übernommen`;
    blocks.push({
      kind: "fields",
      variant: "measure",
      rows: [
        { label: "Vereinbarung", lines: lines(agreement.text).length > 0 ? lines(agreement.text) : [NONE] },
        { label: "Verantwortlich", lines: [agreement.owner || NONE] },
        { label: "Fällig", lines: [agreement.dueDate ? formatGermanDate(agreement.dueDate) : NONE] },
        { label: "Maßnahme", lines: [measure] },
      ],
    });
  }
  return { blocks, contents: { perspective: AGREEMENTS_SECTION_TITLE, goals: [] } };
}
