/**
 * A steering talk of the demo, played through the talk service on the story's clock:
 * planned a few weeks ahead, circulated ten days before, started, previous minutes approved,
 * attendance, agreements that become measures, the next date planned, closed with minutes.
 */
import { NewTalkSchema, type Approval, type ParticipantInput } from "../../shared/domain/talks";
import { goalChoices } from "../../shared/document/goalPlacement";
import type { MeasureFields, ResponsibleSide } from "../../shared/document/measures";
import { yDocToDocumentJson } from "../../shared/document/schema";
import type { UserRecord } from "../persistence/users";
import { circulationDueAt } from "../talks/talkTimes";
import { editAt, type DemoContext } from "./demoContext";
import { updateMeasure } from "./demoDocument";
import type { DemoTalkDates } from "./demoTimeline";

const MINUTE_MS = 60 * 1000;

/** Something agreed in the talk that becomes a measure. */
export interface DemoAgreement {
  /** What was agreed (becomes the measure's title). */
  text: string;
  /** Who takes care of it. */
  owner: string;
  /** By when, `YYYY-MM-DD`. */
  dueDate: string;
  /** The goal the measure goes under. */
  goal: string;
  /** The responsible side. */
  side: ResponsibleSide;
  /** Fields set on the new measure right after (status, traffic light, linked KPIs …). */
  then?: Partial<MeasureFields>;
}

/** How a talk of the story goes. */
export interface DemoTalkScript {
  /** The scorecard discussed. */
  scorecardId: string;
  /** When. */
  dates: DemoTalkDates;
  /** Where. */
  place: string;
  /** Who is invited (users by id, guests by e-mail). */
  participants: ParticipantInput[];
  /** When it was planned (the story's moment); unused when `talkId` names a talk planned before. */
  plannedAt: number;
  /** A talk planned earlier (at the end of the previous one), instead of planning it now. */
  talkId?: string | null;
  /** Who plans, circulates, starts and closes it (the funder's editor, so the quarter is locked). */
  chair: UserRecord;
  /** The approval of the previous minutes; left out for a scorecard's first talk. */
  approval?: Approval;
  /** Edits before the circulation (run with the clock a few days before it). */
  prepare?(): Promise<void>;
  /** Edits during the talk (run with the clock in the talk). */
  meeting?(talkId: string): Promise<void>;
  /** Agreements, each becoming a measure. */
  agreements?: DemoAgreement[];
  /** The next talk, planned at the end of this one (`YYYY-MM-DDTHH:mm` and place). */
  next?: { startsAt: string; place: string };
  /** E-mails of the invited who did not come. */
  absent?: string[];
}

/** What a played talk left behind. */
export interface PlayedTalk {
  /** The talk. */
  talkId: string;
  /** The measures its agreements became, in the order of the script. */
  measureIds: string[];
  /** The next talk, when the script planned one. */
  nextTalkId: string | null;
}

/** The goal reference (index and title) the talk service expects, from the live document. */
async function goalRef(ctx: DemoContext, scorecardId: string, title: string): Promise<{ index: number; title: string }> {
  const doc = await ctx.collab.readDocument(scorecardId);
  try {
    const goal = goalChoices(yDocToDocumentJson(doc)).find((choice) => choice.title === title);
    if (!goal) throw new Error(`goal "${title}" is not in the scorecard`);
    return { index: goal.index, title: goal.title };
  } finally {
    doc.destroy();
  }
}

/**
 * Plays a talk from planning to minutes on the story's clock.
 * @param ctx - the demo context
 * @param script - how it goes
 * @returns the talk, the measures its agreements became and the next talk
 */
export async function playTalk(ctx: DemoContext, script: DemoTalkScript): Promise<PlayedTalk> {
  const { talks } = ctx;
  const { chair, dates } = script;
  ctx.setNow(script.plannedAt);
  const input = NewTalkSchema.parse({ scorecardId: script.scorecardId, startsAt: dates.startsAt, place: script.place, participants: script.participants });
  const talkId = script.talkId ?? (await talks.schedule(chair, input)).id;

  const circulationAt = circulationDueAt(dates.at) + 7 * 60 * MINUTE_MS;
  ctx.setNow(circulationAt - 3 * 24 * 60 * MINUTE_MS);
  await script.prepare?.();
  ctx.setNow(circulationAt);
  await talks.circulate(chair, talkId);

  ctx.setNow(dates.at + 2 * MINUTE_MS);
  const started = await talks.start(chair, talkId);
  for (const person of started.participants) {
    await talks.setPresence(chair, talkId, { email: person.email, present: !(script.absent ?? []).includes(person.email) });
  }
  if (script.approval) {
    ctx.setNow(dates.at + 5 * MINUTE_MS);
    await talks.approve(chair, talkId, script.approval);
  }
  ctx.setNow(dates.at + 30 * MINUTE_MS);
  await script.meeting?.(talkId);

  const measureIds: string[] = [];
  for (const [index, agreement] of (script.agreements ?? []).entries()) {
    ctx.setNow(dates.at + (80 + index * 5) * MINUTE_MS);
    const recorded = await talks.addAgreement(chair, talkId, { text: agreement.text, owner: agreement.owner, dueDate: agreement.dueDate });
    const agreementId = recorded.agreements.find((a) => a.text === agreement.text && a.measureId === null)!.id;
    const placement = { goal: await goalRef(ctx, script.scorecardId, agreement.goal), responsibleSide: agreement.side };
    const { measureId } = await talks.agreementToMeasure(chair, talkId, agreementId, placement);
    if (agreement.then) await editAt(ctx, script.scorecardId, chair, ctx.now() + MINUTE_MS, (doc) => updateMeasure(doc, measureId, agreement.then!));
    measureIds.push(measureId);
  }

  let nextTalkId: string | null = null;
  if (script.next) {
    ctx.setNow(dates.at + 105 * MINUTE_MS);
    const next = NewTalkSchema.parse({ scorecardId: script.scorecardId, startsAt: script.next.startsAt, place: script.next.place, participants: script.participants });
    nextTalkId = (await talks.schedule(chair, next)).id;
  }
  ctx.setNow(dates.at + 118 * MINUTE_MS);
  await talks.close(chair, talkId);
  return { talkId, measureIds, nextTalkId };
}
