/**
 * Calls of the talks API (`/api/talks…`): planning, circulating, running and closing
 * steering talks and sessions of the conference, and the mail log; contract in
 * shared/domain/talks.ts.
 */
import { hc } from "hono/client";
import type { TFunction } from "i18next";
import type { AgreementInput, Approval, EditedTalk, MailSummary, NewTalkDraft, ScheduledTalk, TalkEdit, TalkList, TalkSummary, TalkCandidate } from "../../shared/domain/talks";
import type { AgreementMeasure } from "../../shared/domain/talkMeeting";
import type { talkRoutes } from "../../server/http/routes/talks";
import { ApiError, readJson } from "../lib/api";
import { ControllingError, lockQuarter } from "../controlling/controllingApi";

// Typed from the server's routes like `api` in lib/api.ts; mounted at /api/talks.
const talks = hc<ReturnType<typeof talkRoutes>>("/api/talks");

/**
 * Lists the talks the user may see.
 * @throws ApiError
 */
export function loadTalks(): Promise<TalkList> {
  return readJson<TalkList>(talks.index.$get());
}

/**
 * The people who could be invited to a talk about a scorecard: everyone who can open it.
 * @throws ApiError
 */
export function loadCandidates(scorecardId: string): Promise<TalkCandidate[]> {
  return readJson<TalkCandidate[]>(talks.candidates.$get({ query: { scorecardId } }));
}

/**
 * Loads one talk.
 * @param id - the talk
 * @throws ApiError (404 when the user may not see it)
 */
export function loadTalk(id: string): Promise<TalkSummary> {
  return readJson<TalkSummary>(talks[":id"].$get({ param: { id } }));
}

/**
 * Schedules a talk, or a quarterly series of talks.
 * @param draft - scorecard, start, place, participants, agenda, working group, reporting deadline, series
 * @returns the (first) talk with warnings (short notice) and every talk planned
 * @throws ApiError (400 naming the field, 403 for viewers)
 */
export function scheduleTalk(draft: NewTalkDraft): Promise<ScheduledTalk> {
  return readJson<ScheduledTalk>(talks.index.$post({ json: draft }));
}

/**
 * Reschedules or edits a talk.
 * @param id - the talk
 * @param edit - only the fields to change
 * @throws ApiError
 */
export function editTalk(id: string, edit: TalkEdit): Promise<EditedTalk> {
  return readJson<EditedTalk>(talks[":id"].$patch({ param: { id }, json: edit }));
}

/**
 * Cancels a talk that has not started.
 * @throws ApiError (409 once started)
 */
export function cancelTalk(id: string): Promise<TalkSummary> {
  return readJson<TalkSummary>(talks[":id"].cancel.$post({ param: { id } }));
}

/**
 * Circulates the scorecard now, by hand.
 * @throws ApiError (409 when already sent, 502 when the mail failed and will be retried)
 */
export function circulateTalk(id: string): Promise<TalkSummary> {
  return readJson<TalkSummary>(talks[":id"].circulate.$post({ param: { id } }));
}

/**
 * Starts the talk (takes the version at its beginning).
 * @throws ApiError
 */
export function startTalk(id: string): Promise<TalkSummary> {
  return readJson<TalkSummary>(talks[":id"].start.$post({ param: { id } }));
}

/**
 * Records the approval of the previous minutes; `approval.revision` names the recorded
 * decision it corrects.
 * @throws ApiError (409 when the talk is not running, it is the first, or another decision was recorded)
 */
export function approveMinutes(id: string, approval: Approval): Promise<TalkSummary> {
  return readJson<TalkSummary>(talks[":id"].approval.$post({ param: { id }, json: approval }));
}

/**
 * Records whether a participant is present.
 * @param email - the participant's address, which identifies them in the talk
 * @throws ApiError
 */
export function setPresence(id: string, email: string, present: boolean): Promise<TalkSummary> {
  return readJson<TalkSummary>(talks[":id"].presence.$put({ param: { id }, json: { email, present } }));
}

/**
 * Moves everyone in the talk to an agenda item.
 * @param index - the item, 0 for the first
 * @throws ApiError (409 once the talk is over)
 */
export function moveAgendaItem(id: string, index: number): Promise<TalkSummary> {
  return readJson<TalkSummary>(talks[":id"]["agenda-item"].$put({ param: { id }, json: { index } }));
}

/**
 * Records an agreement.
 * @throws ApiError (409 when the talk is not running)
 */
export function addAgreement(id: string, agreement: AgreementInput): Promise<TalkSummary> {
  return readJson<TalkSummary>(talks[":id"].agreements.$post({ param: { id }, json: agreement }));
}

/**
 * Turns an agreement into a measure under a goal of the scorecard.
 * @param placement - the goal and the responsible side
 * @returns the new measure's id and the talk
 * @throws ApiError (409 when it already became one, or the goal is gone)
 */
export function agreementToMeasure(id: string, agreementId: string, placement: AgreementMeasure): Promise<{ measureId: string; talk: TalkSummary }> {
  return readJson<{ measureId: string; talk: TalkSummary }>(talks[":id"].agreements[":agreementId"].measure.$post({ param: { id, agreementId }, json: placement }));
}

/**
 * Closes the talk: minutes version, quarter lock, minutes mail.
 * @throws ApiError
 */
export function closeTalk(id: string): Promise<TalkSummary> {
  return readJson<TalkSummary>(talks[":id"].close.$post({ param: { id } }));
}

/**
 * Locks the quarter a closed talk discussed (funder editors), through the same locks API
 * as the locks panel under Controlling, then reads the talk again. A quarter someone else
 * locked meanwhile counts as done.
 * @param talk - a closed talk of a provider's scorecard, with its quarter lock
 * @returns the talk as it is now
 * @throws ApiError (403 for anyone but funder editors)
 */
export async function lockTalkQuarter(talk: TalkSummary): Promise<TalkSummary> {
  const providerId = talk.scorecard.providerId;
  if (!providerId || !talk.quarterLock) return talk;
  try {
    // The reason closing the talk would have given, so both kinds of lock read alike.
    await lockQuarter(providerId, talk.quarterLock.quarter, `Steuerungsgespräch am ${talk.localDate}`);
  } catch (caught) {
    if (!(caught instanceof ControllingError)) throw caught;
    if (caught.status !== 409) throw new ApiError(caught.status, caught.message, caught.code);
  }
  return loadTalk(talk.id);
}

/**
 * The mail log of the talks the user may see, newest first.
 * @param talkId - only this talk's mails
 * @throws ApiError
 */
export async function loadMails(talkId?: string): Promise<MailSummary[]> {
  const answer = await readJson<{ mails: MailSummary[] }>(talks.mails.$get({ query: talkId ? { talkId } : {} }));
  return answer.mails;
}

/**
 * An API failure as a sentence in the UI's language.
 * @param caught - what the call threw
 * @param t - the translation function
 */
export function talkErrorText(caught: unknown, t: TFunction): string {
  if (caught instanceof ApiError) {
    if (caught.status === 0) return t("talks.errors.offline");
    if (caught.status === 404) return t("talks.errors.notFound");
    if (caught.status === 403) return t("talks.errors.forbidden", { message: caught.message });
    if (caught.status === 409) return t("talks.errors.conflict", { message: caught.message });
  }
  return t("talks.errors.generic", { message: caught instanceof Error ? caught.message : String(caught) });
}
