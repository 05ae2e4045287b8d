import { randomUUID } from "node:crypto";
import {
  topicActionRefusal,
  topicAgendaTitle,
  type NewTopic,
  type Topic,
  type TopicAction,
  type TopicDiscussion,
  type TopicEdit,
  type TopicList,
  type TopicPromote,
  type TopicStatusChange,
} from "../../shared/domain/topics";
import { notFound } from "../errors";
import { transaction, type Db } from "../persistence/db";
import { findTalk, touchTalk, type TalkRow } from "../persistence/talks";
import { addTopicAgendaItem, listOpenTalksOfScorecard, removeTopicAgendaItem, renameTopicAgendaItem } from "../persistence/talkAgenda";
import { countOpenTopics, findTopic, insertTopic, insertTopicEvent, listScorecardTopicEvents, listTopics, topicsRevision, updateTopic, type TopicRow } from "../persistence/topics";
import type { UserRecord } from "../persistence/users";
import type { CollabServer } from "../sync/CollabServer";
import type { Logger } from "../log";
import { epochToBerlinLocal } from "../talks/berlinTime";
import { editableTopics, readableTopics, topicConflict, topicPushes, type TopicScope } from "./topicAccess";
import { createTopicPromoter, type PromotionResult } from "./topicPromotion";
import { talkRef, topicViews } from "./topicViews";
import type { Step, Writer } from "./topicSteps";

/** What the topic service needs. */
export interface TopicServiceDeps {
  /** The database. */
  db: Db;
  /** Changes documents (a topic becomes a goal or measure) and pushes changes to open editors. */
  collab: Pick<CollabServer, "change" | "notify">;
  /** The time, ms since the epoch (tests); default Date.now. */
  clock?: () => number;
  /** Structured log. */
  logger?: Logger;
}

/** The Themenspeicher of each scorecard. Every method checks the user's rights (404 unseen, 403 viewers). */
export interface TopicService {
  /** The scorecard's topics with their histories and the talks they can be planned into. */
  list(user: UserRecord, scorecardId: string): Promise<TopicList>;
  /** Raises a topic; while a talk of the scorecard runs, it counts as raised in that talk. */
  raise(user: UserRecord, scorecardId: string, input: NewTopic): Promise<Topic>;
  /** Changes title or note. @throws AppError 409 when the topic changed since `revision` */
  edit(user: UserRecord, scorecardId: string, topicId: string, input: TopicEdit): Promise<Topic>;
  /** Puts the topic on the agenda of an open talk of the scorecard (off the agenda of the one it was planned into). */
  plan(user: UserRecord, scorecardId: string, topicId: string, talkId: string): Promise<Topic>;
  /** Takes the topic off the agenda it is planned into; it is open again. */
  unplan(user: UserRecord, scorecardId: string, topicId: string): Promise<Topic>;
  /** Settles the topic (erledigt, verworfen) or opens it again. */
  setStatus(user: UserRecord, scorecardId: string, topicId: string, change: TopicStatusChange): Promise<Topic>;
  /** Records the topic's status line in a running talk, optionally with its outcome. */
  discuss(user: UserRecord, scorecardId: string, topicId: string, input: TopicDiscussion): Promise<Topic>;
  /** Makes the topic a measure under a goal, or a goal under a perspective; it is done then. */
  promote(user: UserRecord, scorecardId: string, topicId: string, input: TopicPromote): Promise<PromotionResult & { topic: Topic }>;
}

/** Thrown inside a transaction when the topic changed between reading and writing; the step is tried again. */
const RETRY = Symbol("retry");

/**
 * Creates the topic service.
 * @example
 * const topics = createTopicService({ db, collab, logger });
 * await topics.raise(user, scorecardId, { title: "Versorgungsverpflichtung", note: "" });
 */
export function createTopicService(deps: TopicServiceDeps): TopicService {
  const { db } = deps;
  const clock = deps.clock ?? Date.now;
  const push = topicPushes(db, deps.collab, deps.logger);

  async function view(scope: TopicScope, topicId: string): Promise<Topic> {
    const row = await findTopic(db, topicId);
    if (!row || row.scorecardId !== scope.scorecard.id) throw notFound("Thema");
    const events = (await listScorecardTopicEvents(db, scope.scorecard.id)).filter((e) => e.topicId === topicId);
    return (await topicViews(db, [row], events))[0];
  }

  function refuse(action: TopicAction, topic: TopicRow): void {
    const refusal = topicActionRefusal(action, { status: topic.status, promoted: topic.promotedKind });
    if (refusal) throw topicConflict(refusal);
  }

  /** The open talk of this scorecard a topic is planned into, if any. */
  async function plannedTalk(trx: Db, topic: TopicRow): Promise<TalkRow | undefined> {
    if (topic.status !== "planned" || !topic.plannedTalkId) return undefined;
    const talk = await findTalk(trx, topic.plannedTalkId);
    return talk && ["scheduled", "circulated", "running"].includes(talk.state) ? talk : undefined;
  }

  /**
   * Runs a step on the topic in one transaction, again when someone else changed it
   * meanwhile, then pushes the change. The step gets the transaction and uses nothing else.
   */
  async function change(user: UserRecord, scope: TopicScope, topicId: string, step: Step): Promise<Topic> {
    const talks = new Set<string>();
    for (let attempt = 0; ; attempt++) {
      talks.clear();
      try {
        await transaction(db, async (trx) => {
          const topic = await findTopic(trx, topicId);
          if (!topic || topic.scorecardId !== scope.scorecard.id) throw notFound("Thema");
          const now = clock();
          let current = topic;
          await step(topic, {
            trx,
            async topic(fields) {
              if (!(await updateTopic(trx, topic.id, topic.revision, fields, now))) throw RETRY;
              current = { ...current, ...fields };
            },
            async event(event) {
              await insertTopicEvent(trx, { ...event, detail: { title: current.title, ...event.detail }, topicId: topic.id, userId: user.id, at: now });
            },
            talk(talkId) {
              talks.add(talkId);
            },
          });
        });
        break;
      } catch (error) {
        if (error !== RETRY) throw error;
        if (attempt >= 2) throw topicConflict("Das Thema wurde gerade gleichzeitig geändert. Bitte prüfen Sie es und versuchen Sie es erneut.");
      }
    }
    await push.topics(scope.scorecard.id);
    for (const talkId of talks) await push.talk(talkId);
    return view(scope, topicId);
  }

  /** Takes a topic off the agenda of a talk that has not run yet (in a running talk the item stays). */
  async function leaveAgenda(topic: TopicRow, write: Writer, reason: string, statusAfter: TopicRow["status"]): Promise<void> {
    const talk = await plannedTalk(write.trx, topic);
    if (!talk) return;
    const date = epochToBerlinLocal(talk.startsAt).date;
    if (talk.state === "running") {
      await touchTalk(write.trx, talk.id, clock());
    } else {
      await removeTopicAgendaItem(write.trx, talk.id, topic.id, clock());
      await write.event({ kind: "unplanned", talkId: talk.id, status: statusAfter, detail: { talkDate: date, ...(reason ? { reason } : {}) } });
    }
    write.talk(talk.id);
  }

  /** Takes a planned topic off its talk's agenda (also in a running talk); it is open again. */
  async function unplanStep(topic: TopicRow, write: Writer, reason: string | null): Promise<void> {
    const talk = topic.plannedTalkId ? await findTalk(write.trx, topic.plannedTalkId) : undefined;
    if (talk && (await removeTopicAgendaItem(write.trx, talk.id, topic.id, clock()))) write.talk(talk.id);
    await write.topic({ status: "open" });
    const talkDate = talk ? epochToBerlinLocal(talk.startsAt).date : null;
    await write.event({ kind: "unplanned", talkId: talk?.id ?? null, status: "open", detail: { talkDate, ...(reason ? { reason } : {}) } });
  }

  const promoter = createTopicPromoter({ db, collab: deps.collab, clock, logger: deps.logger, push, leaveAgenda, refuse, view });

  return {
    async list(user, scorecardId) {
      const scope = await readableTopics(db, user, scorecardId);
      const id = scope.scorecard.id;
      return {
        topics: await topicViews(db, await listTopics(db, id), await listScorecardTopicEvents(db, id)),
        talks: (await listOpenTalksOfScorecard(db, id)).map(talkRef),
        openCount: await countOpenTopics(db, id),
        canEdit: scope.canEdit,
        revision: await topicsRevision(db, id),
      };
    },

    async raise(user, scorecardId, input) {
      const scope = await editableTopics(db, user, scorecardId);
      const id = randomUUID();
      const running = (await listOpenTalksOfScorecard(db, scope.scorecard.id)).find((talk) => talk.state === "running");
      await transaction(db, async (trx) => {
        await insertTopic(trx, { id, scorecardId: scope.scorecard.id, title: input.title, note: input.note, raisedBy: user.id, raisedAt: clock() });
        await insertTopicEvent(trx, { topicId: id, kind: "raised", talkId: running?.id ?? null, status: "open", detail: { title: input.title, note: input.note }, userId: user.id, at: clock() });
      });
      await push.topics(scope.scorecard.id);
      if (running) await push.talk(running.id);
      return view(scope, id);
    },

    async edit(user, scorecardId, topicId, input) {
      const scope = await editableTopics(db, user, scorecardId);
      return change(user, scope, topicId, async (topic, write) => {
        if (topic.revision !== input.revision) {
          throw topicConflict(`Das Thema wurde inzwischen geändert (jetzt „${topic.title}“). Bitte prüfen Sie den neuen Stand und ändern Sie ihn dann.`);
        }
        const title = input.title ?? topic.title;
        const note = input.note ?? topic.note;
        if (title === topic.title && note === topic.note) return;
        await write.topic({ title, note });
        const before = { ...(title !== topic.title ? { title: topic.title } : {}), ...(note !== topic.note ? { note: topic.note } : {}) };
        await write.event({ kind: "edited", talkId: null, status: topic.status, detail: { before } });
        const talk = await plannedTalk(write.trx, topic);
        if (talk) {
          if (title === topic.title || !(await renameTopicAgendaItem(write.trx, talk.id, topic.id, topicAgendaTitle(title), clock()))) await touchTalk(write.trx, talk.id, clock());
          write.talk(talk.id);
        }
      });
    },

    async plan(user, scorecardId, topicId, talkId) {
      const scope = await editableTopics(db, user, scorecardId);
      return change(user, scope, topicId, async (topic, write) => {
        const talk = await findTalk(write.trx, talkId);
        if (!talk || talk.scorecardId !== scope.scorecard.id) throw notFound("Gespräch");
        if (!["scheduled", "circulated", "running"].includes(talk.state)) throw topicConflict("In ein beendetes oder abgesagtes Gespräch wird kein Thema mehr eingeplant.");
        refuse("plan", topic);
        if (topic.status === "planned" && topic.plannedTalkId === talk.id) return;
        await leaveAgenda(topic, write, "in ein anderes Gespräch eingeplant", "planned");
        const added = await addTopicAgendaItem(write.trx, talk.id, { title: topicAgendaTitle(topic.title), topicId: topic.id }, clock());
        if (added === "full") throw topicConflict("Die Tagesordnung dieses Gesprächs hat bereits 30 Punkte.");
        if (added === "closed") throw topicConflict("In ein beendetes oder abgesagtes Gespräch wird kein Thema mehr eingeplant.");
        await write.topic({ status: "planned", plannedTalkId: talk.id });
        await write.event({ kind: "planned", talkId: talk.id, status: "planned", detail: { talkDate: epochToBerlinLocal(talk.startsAt).date } });
        write.talk(talk.id);
      });
    },

    async unplan(user, scorecardId, topicId) {
      const scope = await editableTopics(db, user, scorecardId);
      return change(user, scope, topicId, async (topic, write) => {
        refuse("unplan", topic);
        await unplanStep(topic, write, null);
      });
    },

    async setStatus(user, scorecardId, topicId, input) {
      const scope = await editableTopics(db, user, scorecardId);
      return change(user, scope, topicId, async (topic, write) => {
        if (input.status === topic.status) return;
        // "Open" for a planned topic means off the agenda.
        if (input.status === "open" && topic.status === "planned") return unplanStep(topic, write, input.note ?? null);
        refuse(input.status, topic);
        const running = (await plannedTalk(write.trx, topic))?.state === "running" ? topic.plannedTalkId : null;
        await leaveAgenda(topic, write, input.note ?? "", input.status);
        await write.topic({ status: input.status });
        await write.event({ kind: "status", talkId: running, status: input.status, detail: { from: topic.status, ...(input.note ? { reason: input.note } : {}) } });
      });
    },

    async discuss(user, scorecardId, topicId, input) {
      const scope = await editableTopics(db, user, scorecardId);
      return change(user, scope, topicId, async (topic, write) => {
        const talk = await findTalk(write.trx, input.talkId);
        if (!talk || talk.scorecardId !== scope.scorecard.id) throw notFound("Gespräch");
        refuse("discuss", topic);
        if (!(await touchTalk(write.trx, talk.id, clock(), ["running"]))) throw topicConflict("Das Gespräch läuft nicht (erst starten).");
        // "Weiter offen" keeps the topic as it is: planned or discussed here, it moves on at the close.
        const status = input.status === "done" || input.status === "dropped" ? input.status : topic.status;
        if (status !== topic.status) await write.topic({ status });
        else await write.topic({});
        await write.event({ kind: "discussed", talkId: talk.id, status, detail: { text: input.text, from: topic.status } });
        write.talk(talk.id);
      });
    },

    async promote(user, scorecardId, topicId, input) {
      return promoter.promote(user, await editableTopics(db, user, scorecardId), topicId, input, change);
    },
  };
}
