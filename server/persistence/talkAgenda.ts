/**
 * The agenda items of planned Themenspeicher topics (server/topics/), on the talk store's
 * rows: each change also counts the talk's revision, so everyone in the talk reads it again
 * ([SYNC25]).
 */
import type { AgendaItem } from "../../shared/domain/talks";
import type { Db } from "./db";
import { OPEN_STATES, selectTalks, toTalk, findTalk, type TalkRow } from "./talks";

/** The talks a topic can be planned into (scheduled, circulated, running) of a scorecard, soonest first. */
export async function listOpenTalksOfScorecard(db: Db, scorecardId: string): Promise<TalkRow[]> {
  const rows = await selectTalks(db)
    .where("t.scorecard_id", "=", scorecardId)
    .where("t.state", "in", [...OPEN_STATES])
    .orderBy("t.starts_at")
    .orderBy("t.id")
    .execute();
  return rows.map(toTalk);
}

/**
 * The scorecard's next talk that has not started (scheduled or circulated), soonest first,
 * other than `exceptTalkId`: where the open topics of a closed talk go next.
 */
export async function nextUnstartedTalk(db: Db, scorecardId: string, exceptTalkId: string): Promise<TalkRow | undefined> {
  const row = await selectTalks(db)
    .where("t.scorecard_id", "=", scorecardId)
    .where("t.id", "<>", exceptTalkId)
    .where("t.state", "in", ["scheduled", "circulated"])
    .orderBy("t.starts_at")
    .orderBy("t.id")
    .limit(1)
    .executeTakeFirst();
  return row && toTalk(row);
}

/** The largest agenda a talk may have (as `AgendaSchema` allows). */
const MAX_AGENDA_ITEMS = 30;

async function writeAgenda(db: Db, talk: TalkRow, agenda: AgendaItem[], agendaItem: number, now: number): Promise<boolean> {
  const result = await db
    .updateTable("talks")
    .set((eb) => ({ agenda_json: JSON.stringify(agenda), agenda_item: agendaItem, revision: eb("revision", "+", 1), updated_at: now }))
    .where("id", "=", talk.id)
    .where("state", "in", [...OPEN_STATES])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Puts a topic's item on a talk's agenda while the talk is open. Before a talk starts it goes
 * before a closing "Nächster Termin" (a session's closing "Verschiedenes"); in a running talk at the end, so the item everyone is
 * at stays where it is. Call inside a transaction.
 * @returns "added"; "present" when the topic has an item already; "full" at 30 items; "closed" when the talk is not open
 */
export async function addTopicAgendaItem(db: Db, talkId: string, item: AgendaItem & { topicId: string }, now: number): Promise<"added" | "present" | "full" | "closed"> {
  const talk = await findTalk(db, talkId);
  if (!talk || !OPEN_STATES.includes(talk.state)) return "closed";
  if (talk.agenda.some((existing) => existing.topicId === item.topicId)) return "present";
  if (talk.agenda.length >= MAX_AGENDA_ITEMS) return "full";
  const last = talk.agenda.at(-1);
  const beforeLast = talk.state !== "running" && last !== undefined && !last.topicId && /^(nächster termin|verschiedenes)/i.test(last.title.trim());
  const agenda = beforeLast ? [...talk.agenda.slice(0, -1), item, last] : [...talk.agenda, item];
  return (await writeAgenda(db, talk, agenda, talk.agendaItem, now)) ? "added" : "closed";
}

/**
 * Takes a topic's item off a talk's agenda while the talk is open; the item everyone is at
 * stays the same item. Call inside a transaction.
 * @returns false when the talk is not open or has no item of the topic
 */
export async function removeTopicAgendaItem(db: Db, talkId: string, topicId: string, now: number): Promise<boolean> {
  const talk = await findTalk(db, talkId);
  if (!talk || !OPEN_STATES.includes(talk.state)) return false;
  const index = talk.agenda.findIndex((item) => item.topicId === topicId);
  // The last item stays: a talk always has an agenda.
  if (index < 0 || talk.agenda.length === 1) return false;
  const agenda = talk.agenda.filter((_, i) => i !== index);
  const current = talk.agendaItem > index ? talk.agendaItem - 1 : Math.min(talk.agendaItem, agenda.length - 1);
  return writeAgenda(db, talk, agenda, current, now);
}

/**
 * Renames a topic's item on a talk's agenda (the topic's title changed) while the talk is open.
 * @returns false when the talk is not open or has no item of the topic
 */
export async function renameTopicAgendaItem(db: Db, talkId: string, topicId: string, title: string, now: number): Promise<boolean> {
  const talk = await findTalk(db, talkId);
  if (!talk || !OPEN_STATES.includes(talk.state)) return false;
  if (!talk.agenda.some((item) => item.topicId === topicId)) return false;
  const agenda = talk.agenda.map((item) => (item.topicId === topicId ? { ...item, title } : item));
  return writeAgenda(db, talk, agenda, talk.agendaItem, now);
}
