/**
 * Calls of the Themenspeicher API (`/api/scorecards/:id/topics…`); contract in
 * shared/domain/topics.ts.
 */
import { hc } from "hono/client";
import type { TFunction } from "i18next";
import type { NewTopic, Topic, TopicDiscussion, TopicEdit, TopicList, TopicPromote, TopicStatusTarget } from "../../shared/domain/topics";
import type { TopicRoutes } from "../../server/http/routes/topics";
import { ApiError, readJson } from "../lib/api";

// Typed from the server's routes like `api` in lib/api.ts; mounted at /api/scorecards.
const scorecards = hc<TopicRoutes>("/api/scorecards");
const topic = (id: string, topicId: string) => ({ param: { id, topicId } });

/**
 * The scorecard's topics, the talks they can be planned into, and whether the user may change them.
 * @throws ApiError (404 when the user may not see the scorecard)
 */
export function loadTopics(scorecardId: string): Promise<TopicList> {
  return readJson<TopicList>(scorecards[":id"].topics.$get({ param: { id: scorecardId } }));
}

/**
 * Raises a topic.
 * @throws ApiError (400 naming the field, 403 for viewers)
 */
export function raiseTopic(scorecardId: string, input: NewTopic): Promise<Topic> {
  return readJson<Topic>(scorecards[":id"].topics.$post({ param: { id: scorecardId }, json: input }));
}

/**
 * Changes title or note of the topic as it was shown (`revision`).
 * @throws ApiError (409 when someone changed it meanwhile)
 */
export function editTopic(scorecardId: string, topicId: string, edit: TopicEdit): Promise<Topic> {
  return readJson<Topic>(scorecards[":id"].topics[":topicId"].$patch({ ...topic(scorecardId, topicId), json: edit }));
}

/** Puts the topic on a talk's agenda. @throws ApiError */
export function planTopic(scorecardId: string, topicId: string, talkId: string): Promise<Topic> {
  return readJson<Topic>(scorecards[":id"].topics[":topicId"].plan.$post({ ...topic(scorecardId, topicId), json: { talkId } }));
}

/** Takes the topic off the agenda. @throws ApiError */
export function unplanTopic(scorecardId: string, topicId: string): Promise<Topic> {
  return readJson<Topic>(scorecards[":id"].topics[":topicId"].unplan.$post(topic(scorecardId, topicId)));
}

/** Settles the topic or opens it again. @throws ApiError */
export function setTopicStatus(scorecardId: string, topicId: string, status: TopicStatusTarget): Promise<Topic> {
  return readJson<Topic>(scorecards[":id"].topics[":topicId"].status.$post({ ...topic(scorecardId, topicId), json: { status } }));
}

/** Records the topic's status line in the running talk. @throws ApiError (409 when the talk does not run) */
export function discussTopic(scorecardId: string, topicId: string, input: TopicDiscussion): Promise<Topic> {
  return readJson<Topic>(scorecards[":id"].topics[":topicId"].discussion.$post({ ...topic(scorecardId, topicId), json: input }));
}

/** Makes the topic a measure or a goal. @throws ApiError (409 when promoted already or the goal is gone) */
export function promoteTopic(scorecardId: string, topicId: string, input: TopicPromote): Promise<{ topic: Topic; measureId: string | null; goal: string | null }> {
  return readJson(scorecards[":id"].topics[":topicId"].promote.$post({ ...topic(scorecardId, topicId), json: input }));
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
