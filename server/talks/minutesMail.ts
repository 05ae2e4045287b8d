/**
 * What the minutes mail says about the talk's record, briefly: the approval of the previous
 * minutes with its note, the agreements with owner, due date and whether each became a
 * measure, and the Themenspeicher topics the talk dealt with and those still open. The
 * attached Word and PDF files carry the same in full (server/exports/talkSections.ts,
 * topicSection.ts).
 */
import type { Db } from "../persistence/db";
import { talkOfVersion, type TalkOfVersion } from "../exports/talkOfVersion";
import { topicMinutesOfTalk, type TopicMinutes } from "../topics/topicMinutes";
import { epochToBerlinLocal } from "./berlinTime";

function germanDate(isoDate: string): string {
  const [year, month, day] = isoDate.split("-");
  return `${day}.${month}.${year}`;
}

/**
 * The lines about approval and agreements, for the mail's plain text.
 * @param talk - the talk as the minutes version's export reads it
 * @returns the lines, ending with an empty line
 * @example
 * minutesMailLines(talk) // ["Genehmigung des Protokolls vom 15.04.2026: genehmigt", "", "Vereinbarungen:", "- …", ""]
 */
export function minutesMailLines(talk: Pick<TalkOfVersion, "approval" | "previousTalkAt" | "agreements">): string[] {
  const lines: string[] = [];
  const { approval } = talk;
  if (talk.previousTalkAt !== null || approval) {
    const previous = talk.previousTalkAt === null ? "" : ` vom ${germanDate(epochToBerlinLocal(talk.previousTalkAt).date)}`;
    const decision = !approval ? "keine Entscheidung festgehalten" : approval.decision === "amended" ? "genehmigt mit Änderungen" : "genehmigt";
    lines.push(`Genehmigung des Protokolls${previous}: ${decision}`);
    if (approval?.note) lines.push(`${approval.decision === "amended" ? "Änderungen" : "Anmerkung"}: ${approval.note.replace(/\s*\n\s*/g, " ")}`);
    lines.push("");
  }
  lines.push(talk.agreements.length > 0 ? "Vereinbarungen:" : "Vereinbarungen: keine");
  for (const agreement of talk.agreements) {
    const details = [`verantwortlich: ${agreement.owner}`, agreement.dueDate ? `bis ${germanDate(agreement.dueDate)}` : "", agreement.measureId ? "als Maßnahme übernommen" : ""];
    lines.push(`- ${agreement.text.replace(/\s*\n\s*/g, " ")} (${details.filter(Boolean).join("; ")})`);
  }
  lines.push("");
  return lines;
}

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, " ");

/**
 * The lines about the Themenspeicher: each topic the talk dealt with, its status lines and
 * outcome; then the topics still open.
 * @param minutes - the talk's topics
 * @returns the lines, ending with an empty line; none when there is nothing to record
 * @example
 * topicMailLines(minutes) // ["Themenspeicher:", "- Berichtsform und Umfang: Geklärt. (erledigt)", "Offene Themen: Versorgungsverpflichtung (offen)", ""]
 */
export function topicMailLines(minutes: TopicMinutes): string[] {
  if (minutes.touched.length === 0 && minutes.open.length === 0) return [];
  const lines = [minutes.touched.length > 0 ? "Themenspeicher:" : `Themenspeicher: ${minutes.conference ? "in der Sitzung" : "im Gespräch"} kein Thema behandelt`];
  for (const topic of minutes.touched) {
    const said = topic.statusLines.map(oneLine).join(" ");
    lines.push(`- ${oneLine(topic.title)}${said ? `: ${said}` : ""} (${topic.outcome})`);
  }
  if (minutes.open.length > 0) lines.push(`Offene Themen: ${minutes.open.map((topic) => `${oneLine(topic.title)} (${topic.status})`).join("; ")}`);
  lines.push("");
  return lines;
}

/**
 * The record lines of a minutes version's mail, read like its export.
 * @param db - the database
 * @param versionId - the minutes version
 * @returns the lines, or none when the version belongs to no talk
 */
export async function minutesMailRecord(db: Db, versionId: number): Promise<string[]> {
  const talk = await talkOfVersion(db, versionId, "minutes");
  return talk ? [...minutesMailLines(talk), ...topicMailLines(await topicMinutesOfTalk(db, talk.id))] : [];
}
