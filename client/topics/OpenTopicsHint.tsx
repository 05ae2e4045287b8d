import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { paths } from "../routes";
import { RouteLink } from "../versions/RouteLink";
import { loadTopics } from "./topicsApi";

/** Props of {@link OpenTopicsHint}. */
interface OpenTopicsHintProps {
  /** The scorecard a talk is (to be) scheduled for. */
  scorecardId: string;
}

/**
 * For the talks page: how many topics of the scorecard's Themenspeicher are open, with a
 * link to the scorecard where they are planned into a talk (scheduling adds none by itself).
 * Shows nothing while loading, without open topics, or when the backlog cannot be read.
 */
export function OpenTopicsHint({ scorecardId }: OpenTopicsHintProps) {
  const { t } = useTranslation();
  const [count, setCount] = useState(0);

  useEffect(() => {
    let current = true;
    loadTopics(scorecardId).then(
      (list) => current && setCount(list.topics.filter((topic) => topic.status === "open").length),
      () => current && setCount(0),
    );
    return () => {
      current = false;
    };
  }, [scorecardId]);

  if (count === 0) return null;
  return (
    <p className="hint open-topics-hint">
      <RouteLink href={paths.scorecard(scorecardId)}>{t("topics.talksHint.open", { count })}</RouteLink>
    </p>
  );
}
