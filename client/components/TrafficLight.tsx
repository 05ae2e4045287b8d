import { useTranslation } from "react-i18next";
import "../structure.css";

/** A traffic light's value; `null` and "none" both mean that none is set. */
export type TrafficLightValue = "green" | "amber" | "red" | "none" | null;

/** Props of {@link TrafficLight}. */
interface TrafficLightProps {
  /** The light to show. */
  light: TrafficLightValue;
  /**
   * How the word is shown: "visible" beside the icon, "hidden" for screen readers only,
   * "none" when the words stand elsewhere (the icon is then decorative).
   */
  word?: "visible" | "hidden" | "none";
  /** Whether the word is said as "Ampel: rot" rather than "rot" (for places without a column heading). */
  named?: boolean;
}

/**
 * The one icon language of traffic lights, used in the measure line and card, the measure
 * overview and the KPI block: green is a circle with a tick, amber a triangle with "!",
 * red a square with a cross, none an empty circle. Shape and word carry the meaning, the
 * colour only repeats it; inline SVG, so no machine needs an emoji or symbol font.
 */
export function TrafficLight({ light, word = "visible", named = false }: TrafficLightProps) {
  const { t } = useTranslation();
  const value = light ?? "none";
  const text = t(`structure.trafficLight.${value}`);
  // Mouse users get the word as a tooltip where it is not on screen.
  const tooltip = word === "hidden" ? (named ? `${t("structure.line.trafficLight")}: ${text}` : text) : undefined;
  return (
    <span className={`traffic-light traffic-light--${value}`} data-light={value} title={tooltip}>
      <TrafficLightIcon light={value} />
      {word !== "none" && (
        <span className={word === "hidden" ? "visually-hidden" : "traffic-light__word"}>
          {named && <span className="visually-hidden">{t("structure.line.trafficLight")}: </span>}
          {text}
        </span>
      )}
    </span>
  );
}

/** The icon alone, always hidden from screen readers: its word is said beside it. */
export function TrafficLightIcon({ light }: { light: Exclude<TrafficLightValue, null> }) {
  return (
    <svg className="traffic-light__icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      {light === "green" && (
        <>
          <circle cx="8" cy="8" r="7.5" fill="#2e7d32" />
          <path d="M4.4 8.3l2.4 2.4 4.8-5" fill="none" stroke="#fff" strokeWidth="1.9" strokeLinecap="round" strokeLinejoin="round" />
        </>
      )}
      {light === "amber" && (
        <>
          <path d="M8 0.8l7.4 13.6H0.6z" fill="#a15c00" strokeLinejoin="round" />
          <path d="M8 5.2v4.6" stroke="#fff" strokeWidth="1.9" strokeLinecap="round" />
          <circle cx="8" cy="12.1" r="1.05" fill="#fff" />
        </>
      )}
      {light === "red" && (
        <>
          <rect x="0.8" y="0.8" width="14.4" height="14.4" rx="2" fill="#b3261e" />
          <path d="M5 5l6 6M11 5l-6 6" stroke="#fff" strokeWidth="1.9" strokeLinecap="round" />
        </>
      )}
      {light === "none" && (
        <>
          <circle cx="8" cy="8" r="6.8" fill="#fff" stroke="#5f6875" strokeWidth="1.4" />
          <path d="M5.2 8h5.6" stroke="#5f6875" strokeWidth="1.6" strokeLinecap="round" />
        </>
      )}
    </svg>
  );
}
