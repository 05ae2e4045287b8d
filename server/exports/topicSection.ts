/**
 * The "Themenspeicher" section of a talk's minutes, after the agreements: the topics the
 * talk dealt with (raised, planned into it, discussed, settled, carried on), each as a small
 * table with its status lines and outcome, then the topics still open at the close. Built
 * from the talk's own topic history (server/topics/topicMinutes.ts), which no later change
 * rewrites, as blocks of the export model (so Word and PDF show the same).
 */
import { revealForbiddenCharacters } from "../../shared/domain/text";
import type { ExportBlock, ExportSection } from "./exportModel";
import type { FieldRow } from "./fieldRow";
import type { TopicMinutes } from "../topics/topicMinutes";

/** The section's heading, also listed in the table of contents. */
export const TOPIC_SECTION_TITLE = "Themenspeicher";
/** Its subheadings. */
export const TOPIC_SUBSECTIONS = { touched: "Behandelte Themen", open: "Offene Themen" } as const;

const text = (value: string) => revealForbiddenCharacters(value, "lineBreaks");
const lines = (value: string) =>
  text(value)
    .split("\n")
    .filter((line) => line.trim() !== "");

function heading(level: 2 | 3, title: string): ExportBlock {
  return { kind: "heading", role: level === 2 ? "perspective" : "goal", level, runs: [{ text: title }] };
}

/**
 * The section's blocks.
 * @param minutes - the talk's topics
 * @returns no blocks when the talk touched no topic and none was open
 */
export function topicBlocks(minutes: TopicMinutes): ExportBlock[] {
  if (minutes.touched.length === 0 && minutes.open.length === 0) return [];
  const blocks: ExportBlock[] = [heading(2, TOPIC_SECTION_TITLE), heading(3, TOPIC_SUBSECTIONS.touched)];
  const meeting = minutes.conference ? "in der Sitzung" : "im Gespräch";
  if (minutes.touched.length === 0) blocks.push({ kind: "paragraph", runs: [{ text: `Es wurde ${meeting} kein Thema des Themenspeichers behandelt.` }] });
  for (const topic of minutes.touched) {
    const rows: FieldRow[] = [{ label: "Thema", lines: [text(topic.title)] }];
    if (topic.raisedBy) rows.push({ label: "Aufgenommen", lines: [`${meeting}, von ${text(topic.raisedBy)}`] });
    const statusLines = topic.statusLines.flatMap(lines);
    rows.push({ label: "Status im Protokoll", lines: statusLines.length > 0 ? statusLines : ["–"] });
    rows.push({ label: "Ergebnis", lines: [topic.outcome] });
    blocks.push({ kind: "fields", variant: "measure", rows });
  }
  if (minutes.open.length > 0) {
    blocks.push(heading(3, TOPIC_SUBSECTIONS.open), {
      kind: "list",
      ordered: false,
      start: 1,
      items: minutes.open.map((topic) => [{ kind: "paragraph", runs: [{ text: text(topic.title), bold: true }, { text: ` – ${topic.status}` }] }]),
    });
  }
  return blocks;
}

/**
 * The section with its entry in the table of contents.
 * @param minutes - the talk's topics
 * @returns null when there is nothing to record
 */
export function topicSection(minutes: TopicMinutes): ExportSection | null {
  const blocks = topicBlocks(minutes);
  if (blocks.length === 0) return null;
  const goals = [TOPIC_SUBSECTIONS.touched, ...(minutes.open.length > 0 ? [TOPIC_SUBSECTIONS.open] : [])];
  return { blocks, contents: { perspective: TOPIC_SECTION_TITLE, goals } };
}
