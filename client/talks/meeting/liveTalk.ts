import type { TalkSummary } from "../../../shared/domain/talks";

/**
 * Of the talk shown and an answer that arrived, the one to show: the answer unless it is
 * older (a lower revision). Answers of the API may arrive out of order (a push's read
 * overtaking an action's answer), and an older one must never undo a newer state.
 * @param current - the talk shown, or null before the first answer
 * @param incoming - the answer
 * @example newerTalk({ …revision: 7 }, { …revision: 6 }) // the one with revision 7
 */
export function newerTalk(current: TalkSummary | null, incoming: TalkSummary): TalkSummary {
  return current === null || current.id !== incoming.id || incoming.revision >= current.revision ? incoming : current;
}
