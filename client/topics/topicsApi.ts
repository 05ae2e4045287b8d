/**
 * Calls of the Themenspeicher API (`/api/scorecards/:id/topics…`); contract in
 * shared/domain/topics.ts. Request and response types come from the routes via `api`.
 */
import type { TFunction } from "i18next";
import type { TopicStatusTarget } from "../../shared/domain/topics";
import { api, ApiError, readJson, type RequestJson } from "../lib/api";

const topics = api.scorecards[":id"].topics;
const topic = topics[":topicId"];
const at = (id: string, topicId: string) => ({ param: { id, topicId } });

/**
 * The scorecard's topics, the talks they can be planned into, and whether the user may change them.
 * @throws ApiError (404 when the user may not see the scorecard)
 */
export function loadTopics(scorecardId: string) {
  return readJson(topics.$get({ param: { id: scorecardId } }), "Themen laden");
}

/**
 * Raises a topic.
 * @throws ApiError (400 naming the field, 403 for viewers)
 */
export function raiseTopic(scorecardId: string, input: RequestJson<typeof topics.$post>) {
  return readJson(topics.$post({ param: { id: scorecardId }, json: input }), "Thema anlegen");
}

/**
 * Changes title or note of the topic as it was shown (`revision`).
 * @throws ApiError (409 when someone changed it meanwhile)
 */
export function editTopic(scorecardId: string, topicId: string, edit: RequestJson<typeof topic.$patch>) {
  return readJson(topic.$patch({ ...at(scorecardId, topicId), json: edit }), "Thema ändern");
}

/** Puts the topic on a talk's agenda. @throws ApiError */
export function planTopic(scorecardId: string, topicId: string, talkId: string) {
  return readJson(topic.plan.$post({ ...at(scorecardId, topicId), json: { talkId } }), "Thema einplanen");
}

/** Takes the topic off the agenda. @throws ApiError */
export function unplanTopic(scorecardId: string, topicId: string) {
  return readJson(topic.unplan.$post(at(scorecardId, topicId)), "Thema von der Tagesordnung nehmen");
}

/** Settles the topic or opens it again. @throws ApiError */
export function setTopicStatus(scorecardId: string, topicId: string, status: TopicStatusTarget) {
  return readJson(topic.status.$post({ ...at(scorecardId, topicId), json: { status } }), "Themenstatus ändern");
}

/** Records the topic's status line in the running talk. @throws ApiError (409 when the talk does not run) */
export function discussTopic(scorecardId: string, topicId: string, input: RequestJson<typeof topic.discussion.$post>) {
  return readJson(topic.discussion.$post({ ...at(scorecardId, topicId), json: input }), "Thema im Gespräch festhalten");
}

/** Makes the topic a measure or a goal. @throws ApiError (409 when promoted already or the goal is gone) */
export function promoteTopic(scorecardId: string, topicId: string, input: RequestJson<typeof topic.promote.$post>) {
  return readJson(topic.promote.$post({ ...at(scorecardId, topicId), json: input }), "Thema übernehmen");
}

/**
 * An API error in the UI's language.
 * @param caught - what was thrown
 * @param t - the translation function
 */
export function topicErrorText(caught: unknown, t: TFunction): string {
  if (caught instanceof ApiError) {
    if (caught.status === 0) return t("topics.errors.offline");
    if (caught.status === 404) return t("topics.errors.notFound");
    if (caught.status === 403) return t("topics.errors.forbidden", { message: caught.message });
    if (caught.status === 409) return t("topics.errors.conflict", { message: caught.message });
  }
  return t("topics.errors.generic", { message: caught instanceof Error ? caught.message : String(caught) });
}
