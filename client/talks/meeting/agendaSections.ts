import type { AgendaItem } from "../../../shared/domain/talks";

/** The parts of the meeting panel that belong to an agenda item. */
export type MeetingSection = "approval" | "measures" | "agreements";

/** Words that tie an agenda item to a section, German and English. */
const SECTION_WORDS: Record<MeetingSection, RegExp> = {
  approval: /protokoll|minutes/i,
  measures: /ma(ß|ss)nahme|measure/i,
  agreements: /vereinbarung|agreement/i,
};

/**
 * Which agenda item each section of the meeting panel belongs to: the first item whose
 * title names it ("Genehmigung des Protokolls …" → approval), each item at most one
 * section; items of Themenspeicher topics never count. A section no item names gets -1 and is shown throughout, so an edited agenda
 * never hides what the talk needs.
 * @param agenda - the talk's agenda
 * @returns the item index per section, or -1
 * @example
 * agendaSections([{ title: "Genehmigung des Protokolls" }, { title: "Vereinbarungen" }])
 * // { approval: 0, measures: -1, agreements: 1 }
 */
export function agendaSections(agenda: readonly AgendaItem[]): Record<MeetingSection, number> {
  const taken = new Set<number>();
  const result = { approval: -1, measures: -1, agreements: -1 };
  for (const section of Object.keys(SECTION_WORDS) as MeetingSection[]) {
    // A Themenspeicher topic's item is about that topic, whatever its title says.
    const index = agenda.findIndex((item, i) => !taken.has(i) && !item.topicId && SECTION_WORDS[section].test(item.title));
    if (index >= 0) taken.add(index);
    result[section] = index;
  }
  return result;
}

/**
 * The sections to show while an agenda item is current.
 * @param sections - from {@link agendaSections}
 * @param current - the current item's index
 */
export function sectionsAt(sections: Record<MeetingSection, number>, current: number): MeetingSection[] {
  return (Object.keys(sections) as MeetingSection[]).filter((section) => sections[section] === current || sections[section] === -1);
}
