import type * as Y from "yjs";
import type { NextTalkInfo, ScorecardListInfo } from "../../shared/domain/overview";
import { commentsMap } from "../../shared/document/comments";
import { measuresMap, readMeasure, type Measure } from "../../shared/document/measures";
import { kpiBlocksOf, unansweredRedKpis, type KpiBlockRef } from "../../shared/document/redKpis";
import { yDocToDocumentJson } from "../../shared/document/schema";
import type { AppDeps } from "../appDeps";
import { scorecardAccess, type Principal } from "../auth/permissions";
import type { Db } from "../persistence/db";
import { findJob } from "../persistence/jobs";
import { listScorecards } from "../persistence/scorecards";
import { listTalks, type TalkRow } from "../persistence/talks";
import { createDocumentDigests } from "../search/documentDigests";
import { epochToBerlinLocal } from "../talks/berlinTime";
import { CIRCULATE_JOB } from "../talks/talkDelivery";
import { circulationDueAt, circulationStatus } from "../talks/talkTimes";

/** Talk states that still lie ahead (or are under way). */
const OPEN_TALK_STATES = new Set(["scheduled", "circulated", "running"]);

/**
 * When a talk's circulation is due: ten days before, or its job's earlier time for a talk
 * planned at short notice (circulated at once), as the talks list says it.
 */
async function circulationDueOf(db: Db, talk: TalkRow): Promise<number> {
  const regular = circulationDueAt(talk.startsAt);
  const job = talk.state === "scheduled" ? await findJob(db, CIRCULATE_JOB, talk.id) : undefined;
  return job && job.state === "pending" && job.dueAt < regular ? job.dueAt : regular;
}

async function nextTalkInfo(db: Db, talk: TalkRow, now: number): Promise<NextTalkInfo> {
  const local = epochToBerlinLocal(talk.startsAt);
  const dueAt = await circulationDueOf(db, talk);
  return {
    id: talk.id,
    startsAt: new Date(talk.startsAt).toISOString(),
    localDate: local.date,
    localTime: local.time,
    state: talk.state,
    circulationDueAt: new Date(dueAt).toISOString(),
    circulation: circulationStatus({ ...talk, circulationDueAt: dueAt }, now),
  };
}

/** What the list needs from a scorecard's document. */
interface ListFacts {
  /** Comment threads not marked done. */
  openQuestions: number;
  /** The KPI blocks. */
  blocks: KpiBlockRef[];
  /** Every measure of the document, as far as the red-KPI rule reads it. */
  measures: Pick<Measure, "linkedKpis" | "status">[];
}

function listFactsOf(doc: Y.Doc): ListFacts {
  let openQuestions = 0;
  for (const thread of commentsMap(doc).values()) if (thread.get("resolved") !== true) openQuestions++;
  // Every measure of the map, as the editor's red-KPI panel takes them, so list and editor agree.
  const measures = Array.from(measuresMap(doc).keys()).flatMap((id) => {
    const measure = readMeasure(doc, id);
    return measure ? [{ linkedKpis: measure.linkedKpis, status: measure.status }] : [];
  });
  return { openQuestions, blocks: kpiBlocksOf(yDocToDocumentJson(doc)), measures };
}

/**
 * "Red needs an answer", counted as the editor's red-KPI panel counts it: the same rule
 * (shared/document/redKpis.ts) on the same inputs (the periods of the KPI blocks, the KPI
 * values the server pushes, which the KPI publisher keeps until figures change).
 */
async function unansweredRedOf(deps: Pick<AppDeps, "currentKpis">, scorecardId: string, facts: ListFacts): Promise<number> {
  if (facts.blocks.length === 0) return 0;
  const periods = Array.from(new Set(facts.blocks.map((block) => block.period)));
  return unansweredRedKpis(facts.blocks, facts.measures, (await deps.currentKpis(scorecardId, periods)).periods).length;
}

/** What the scorecard list shows beside each scorecard. */
export interface ScorecardListInfoSource {
  /**
   * The next talk with its circulation, the open questions and the unanswered red KPIs of
   * each scorecard the user may open.
   * @param user - who asks
   * @param now - ms since the epoch
   * @returns one entry per scorecard, in list order
   */
  info(user: Principal, now: number): Promise<ScorecardListInfo[]>;
}

/**
 * Creates the list's information source: one call for the whole list; the talks come in
 * one query, each document is read once and kept until it changes
 * (server/search/documentDigests.ts), the KPI values come from the publisher's cache.
 * @param deps - database, update store, documents, KPI values
 * @example (await createScorecardListInfo(deps).info(user, Date.now()))[0].openQuestions
 */
export function createScorecardListInfo(deps: Pick<AppDeps, "db" | "store" | "collab" | "currentKpis">): ScorecardListInfoSource {
  const facts = createDocumentDigests(deps, listFactsOf);
  return {
    async info(user, now) {
      const all = await listScorecards(deps.db);
      const scorecards = all.filter((scorecard) => scorecardAccess(user, scorecard) !== null);
      const nextTalks = new Map<string, TalkRow>();
      // Soonest first, so the first open talk of a scorecard is its next one.
      for (const talk of await listTalks(deps.db)) {
        if (OPEN_TALK_STATES.has(talk.state) && !nextTalks.has(talk.scorecardId)) nextTalks.set(talk.scorecardId, talk);
      }
      const documents = await facts.of(scorecards, all);
      return Promise.all(
        scorecards.map(async (scorecard, index) => {
          const talk = nextTalks.get(scorecard.id);
          return {
            scorecardId: scorecard.id,
            nextTalk: talk ? await nextTalkInfo(deps.db, talk, now) : null,
            openQuestions: documents[index].openQuestions,
            unansweredRedKpis: await unansweredRedOf(deps, scorecard.id, documents[index]),
          };
        }),
      );
    },
  };
}
