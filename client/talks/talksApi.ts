/**
 * Calls of the talks API (`/api/talks…`): planning, circulating, running and closing
 * steering talks and sessions of the conference, and the mail log; contract in
 * shared/domain/talks.ts. Request and response types come from the routes via `api`.
 */
import type { TFunction } from "i18next";
import type { TalkSummary } from "../../shared/domain/talks";
import { api, ApiError, readJson, type RequestJson } from "../lib/api";
import { lockQuarter } from "../controlling/controllingApi";

const talks = api.talks;
const talk = talks[":id"];

/**
 * Lists the talks the user may see.
 * @throws ApiError
 */
export function loadTalks() {
  return readJson(talks.$get(), "Gespräche laden");
}

/**
 * The people who could be invited to a talk about a scorecard: everyone who can open it.
 * @throws ApiError
 */
export function loadCandidates(scorecardId: string) {
  return readJson(talks.candidates.$get({ query: { scorecardId } }), "Teilnehmende laden");
}

/**
 * Loads one talk.
 * @param id - the talk
 * @throws ApiError (404 when the user may not see it)
 */
export function loadTalk(id: string) {
  return readJson(talk.$get({ param: { id } }), "Gespräch laden");
}

/**
 * Schedules a talk, or a quarterly series of talks.
 * @param draft - scorecard, start, place, participants, agenda, working group, reporting deadline, series
 * @returns the (first) talk with warnings (short notice) and every talk planned
 * @throws ApiError (400 naming the field, 403 for viewers)
 */
export function scheduleTalk(draft: RequestJson<typeof talks.$post>) {
  return readJson(talks.$post({ json: draft }), "Gespräch planen");
}

/**
 * Reschedules or edits a talk.
 * @param id - the talk
 * @param edit - only the fields to change
 * @throws ApiError
 */
export function editTalk(id: string, edit: RequestJson<typeof talk.$patch>) {
  return readJson(talk.$patch({ param: { id }, json: edit }), "Gespräch ändern");
}

/**
 * Cancels a talk that has not started.
 * @throws ApiError (409 once started)
 */
export function cancelTalk(id: string) {
  return readJson(talk.cancel.$post({ param: { id } }), "Gespräch absagen");
}

/**
 * Circulates the scorecard now, by hand.
 * @throws ApiError (409 when already sent, 502 when the mail failed and will be retried)
 */
export function circulateTalk(id: string) {
  return readJson(talk.circulate.$post({ param: { id } }), "Scorecard versenden");
}

/**
 * Starts the talk (takes the version at its beginning).
 * @throws ApiError
 */
export function startTalk(id: string) {
  return readJson(talk.start.$post({ param: { id } }), "Gespräch beginnen");
}

/**
 * Records the approval of the previous minutes; `approval.revision` names the recorded
 * decision it corrects.
 * @throws ApiError (409 when the talk is not running, it is the first, or another decision was recorded)
 */
export function approveMinutes(id: string, approval: RequestJson<typeof talk.approval.$post>) {
  return readJson(talk.approval.$post({ param: { id }, json: approval }), "Protokollgenehmigung speichern");
}

/**
 * Records whether a participant is present.
 * @param email - the participant's address, which identifies them in the talk
 * @throws ApiError
 */
export function setPresence(id: string, email: string, present: boolean) {
  return readJson(talk.presence.$put({ param: { id }, json: { email, present } }), "Anwesenheit speichern");
}

/**
 * Moves everyone in the talk to an agenda item.
 * @param index - the item, 0 for the first
 * @throws ApiError (409 once the talk is over)
 */
export function moveAgendaItem(id: string, index: number) {
  return readJson(talk["agenda-item"].$put({ param: { id }, json: { index } }), "Tagesordnungspunkt wechseln");
}

/**
 * Records an agreement.
 * @throws ApiError (409 when the talk is not running)
 */
export function addAgreement(id: string, agreement: RequestJson<typeof talk.agreements.$post>) {
  return readJson(talk.agreements.$post({ param: { id }, json: agreement }), "Vereinbarung speichern");
}

/**
 * Turns an agreement into a measure under a goal of the scorecard.
 * @param placement - the goal and the responsible side
 * @returns the new measure's id and the talk
 * @throws ApiError (409 when it already became one, or the goal is gone)
 */
export function agreementToMeasure(id: string, agreementId: string, placement: RequestJson<(typeof talk.agreements)[":agreementId"]["measure"]["$post"]>) {
  return readJson(talk.agreements[":agreementId"].measure.$post({ param: { id, agreementId }, json: placement }), "Vereinbarung als Maßnahme anlegen");
}

/**
 * Closes the talk: minutes version, quarter lock, minutes mail.
 * @throws ApiError
 */
export function closeTalk(id: string) {
  return readJson(talk.close.$post({ param: { id } }), "Gespräch abschließen");
}

/**
 * Locks the quarter a closed talk discussed (funder editors), through the same locks API
 * as the locks panel under Controlling, then reads the talk again. A quarter someone else
 * locked meanwhile counts as done.
 * @param closed - a closed talk of a provider's scorecard, with its quarter lock
 * @returns the talk as it is now
 * @throws ApiError (403 for anyone but funder editors)
 */
export async function lockTalkQuarter(closed: TalkSummary): Promise<TalkSummary> {
  const providerId = closed.scorecard.providerId;
  if (!providerId || !closed.quarterLock) return closed;
  try {
    // The reason closing the talk would have given, so both kinds of lock read alike.
    await lockQuarter(providerId, closed.quarterLock.quarter, `Steuerungsgespräch am ${closed.localDate}`);
  } catch (caught) {
    if (!(caught instanceof ApiError && caught.status === 409)) throw caught;
  }
  return loadTalk(closed.id);
}

/**
 * The mail log of the talks the user may see, newest first.
 * @param talkId - only this talk's mails
 * @throws ApiError
 */
export async function loadMails(talkId?: string) {
  const answer = await readJson(talks.mails.$get({ query: talkId ? { talkId } : {} }), "Mail-Protokoll laden");
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
