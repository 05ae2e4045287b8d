import type { TFunction } from "i18next";
import type { Topic, TopicEvent, TopicTalkRef } from "../../shared/domain/topics";
import { formatBerlinDay, formatDay } from "../talks/talkFormat";

/**
 * A topic's status in words: "offen", "eingeplant für das Gespräch am 11.06.2026", "erledigt", "verworfen".
 * @param topic - the topic
 * @param t - the translation function
 */
export function topicStatusLabel(topic: Pick<Topic, "status" | "plannedTalk">, t: TFunction): string {
  if (topic.status !== "planned") return t(`topics.status.${topic.status}`);
  if (!topic.plannedTalk) return t("topics.status.open");
  const date = formatDay(topic.plannedTalk.localDate);
  if (topic.plannedTalk.state === "cancelled" || topic.plannedTalk.state === "closed") return t("topics.status.plannedGone", { date });
  return topic.plannedTalk.state === "running" ? t("topics.status.plannedRunning", { date }) : t("topics.status.planned", { date });
}

/**
 * A talk as a choice to plan a topic into, e.g. "11.06.2026, 10:00 Uhr" (short, for the narrow panel); a running one says so.
 * @param talk - the talk
 * @param t - the translation function
 */
export function talkChoiceLabel(talk: TopicTalkRef, t: TFunction): string {
  const label = t("topics.item.talkChoice", { date: formatDay(talk.localDate), time: talk.localTime });
  return talk.state === "running" ? `${label} ${t("topics.item.running")}` : label;
}

/**
 * One history entry in words, without who and when.
 * @param event - the entry
 * @param t - the translation function
 */
export function historyText(event: TopicEvent, t: TFunction): string {
  const date = event.talk ? formatDay(event.talk.localDate) : "";
  const reason = event.detail.reason ? ` – ${t("topics.history.reason", { reason: event.detail.reason })}` : "";
  switch (event.kind) {
    case "raised":
      return event.talk ? t("topics.history.raisedInTalk", { date }) : t("topics.history.raised");
    case "edited":
      return t("topics.history.edited");
    case "planned":
      return t("topics.history.planned", { date: event.detail.talkDate ? formatDay(event.detail.talkDate) : date });
    case "unplanned":
      return t("topics.history.unplanned") + reason;
    case "discussed":
      return t("topics.history.discussed", { date, text: event.detail.text ?? "" });
    case "status":
      return t(`topics.history.status_${event.status === "done" ? "done" : event.status === "dropped" ? "dropped" : "open"}`) + reason;
    case "carried":
      return event.detail.talkDate ? t("topics.history.carried", { date: formatDay(event.detail.talkDate) }) : t("topics.history.carriedOpen");
    case "promoted":
      return t(event.detail.promoted?.kind === "goal" ? "topics.history.promoted_goal" : "topics.history.promoted_measure");
    default:
      return "";
  }
}

/**
 * Who did it and when, e.g. "Sabine Sozialamt, 05.03.2026"; "automatisch" for the server.
 * @param event - the entry
 * @param t - the translation function
 */
export function historyByline(event: TopicEvent, t: TFunction): string {
  return `${event.by?.name ?? t("topics.history.auto")}, ${formatBerlinDay(event.at)}`;
}
