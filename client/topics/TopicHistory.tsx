import { useTranslation } from "react-i18next";
import type { TopicEvent } from "../../shared/domain/topics";
import { historyByline, historyText } from "./topicWords";

/** Props of {@link TopicHistory}. */
interface TopicHistoryProps {
  /** The topic's history, oldest first. */
  history: TopicEvent[];
}

/** A topic's history, folded away: what happened, who (or "automatisch") and when; newest first. */
export function TopicHistory({ history }: TopicHistoryProps) {
  const { t } = useTranslation();
  if (history.length === 0) return null;
  return (
    <details className="topic-history">
      <summary>{t("topics.history.title", { count: history.length })}</summary>
      <ol reversed>
        {[...history].reverse().map((event) => (
          <li key={event.id} data-kind={event.kind}>
            <span className="topic-history-what">{historyText(event, t)}</span> <span className="hint">({historyByline(event, t)})</span>
          </li>
        ))}
      </ol>
    </details>
  );
}
