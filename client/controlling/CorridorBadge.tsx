import { useTranslation } from "react-i18next";
import type { CorridorEntry } from "../../shared/kpi/corridor";
import { TrafficLightIcon } from "../components/TrafficLight";
import { describeCorridor } from "./format";
import "../controlling.css";

/** Props of {@link CorridorBadge}. */
interface CorridorBadgeProps {
  /** Colour and direction, or null when the deviation has no value. */
  entry: CorridorEntry | null;
  /** Why there is no corridor, shown when `entry` is null. */
  reason?: string;
}

/**
 * The corridor state of a deviation as icon plus words ("Warnbereich · ▲ über Budget"), with
 * the traffic lights' one icon language (TrafficLight.tsx); the colour only repeats the words.
 */
export function CorridorBadge({ entry, reason }: CorridorBadgeProps) {
  const { t } = useTranslation();
  if (!entry) {
    return (
      <span className="corridor corridor-none" data-corridor="none">
        <span aria-hidden="true">–</span> {t("controlling.corridor.none")}
        {reason && <span className="corridor-reason">: {reason}</span>}
      </span>
    );
  }
  const described = describeCorridor(entry);
  return (
    <span className={`corridor corridor-${entry.colour}`} data-corridor={entry.colour} data-direction={entry.direction}>
      <span className="corridor-part">
        <span className="corridor-icon" aria-hidden="true">
          <TrafficLightIcon light={entry.colour} />
        </span>{" "}
        {t(described.colourKey)}
        <span className="corridor-sep" aria-hidden="true">
          {" ·"}
        </span>
        <span className="visually-hidden">,</span>
      </span>{" "}
      <span className="corridor-part">
        <span aria-hidden="true">{described.directionIcon}</span> {t(described.directionKey)}
      </span>
    </span>
  );
}
