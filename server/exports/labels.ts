/**
 * German words of the exported documents: measure choices, corridor states and dates.
 * Exports are read outside the app (printed, mailed, filed with the contract), so every
 * code is written out as a word.
 */
import type { Horizon, MeasureStatus, ResponsibleSide, TrafficLight } from "../../shared/document/measures";
import type { CorridorColour, CorridorDirection } from "../../shared/kpi/corridor";

/** Shown instead of a provider for the shared scorecard of the providers' conference. */
export const CONFERENCE_NAME = "Sozialraumkonferenz";

/** Status of a measure. */
export const STATUS_LABELS: Record<MeasureStatus, string> = {
  planned: "geplant",
  in_progress: "in Arbeit",
  done: "erledigt",
  postponed: "verschoben",
  dropped: "verworfen",
};

/** The participants' traffic light. */
export const TRAFFIC_LIGHT_LABELS: Record<TrafficLight, string> = { green: "grün", amber: "gelb", red: "rot" };

/** Time horizon of a measure. */
export const HORIZON_LABELS: Record<Horizon, string> = {
  short: "kurzfristig (< 1 Jahr)",
  medium: "mittelfristig (1–3 Jahre)",
  long: "langfristig (> 3 Jahre)",
};

/** Who is responsible for a measure. */
export const SIDE_LABELS: Record<ResponsibleSide, string> = { provider: "Leistungserbringer", funder: "Leistungsträger", both: "beide" };

/** Colour of a KPI corridor; the same words as the traffic light, so a reader sees one scale. */
export const CORRIDOR_COLOUR_LABELS: Record<CorridorColour, string> = { green: "grün", amber: "gelb", red: "rot" };

/** Direction of a deviation: above and below budget lead to different talks, so it is always named. */
export const CORRIDOR_DIRECTION_LABELS: Record<CorridorDirection, string> = {
  above: "über Budget",
  below: "unter Budget",
  on: "genau im Budget",
};

/**
 * Writes an ISO date the German way.
 * @param isoDate - YYYY-MM-DD (anything else is returned unchanged)
 * @returns e.g. "05.03.2026"
 */
export function formatGermanDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  return match ? `${match[3]}.${match[2]}.${match[1]}` : isoDate;
}

const BERLIN_PARTS = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/Berlin",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/**
 * The calendar day and time of an instant in Europe/Berlin, where the talks take place
 * (the server may run in UTC).
 * @param ms - milliseconds since the epoch
 * @returns `{ date: "YYYY-MM-DD", time: "HH:MM" }`
 */
export function berlinDateTime(ms: number): { date: string; time: string } {
  const parts = Object.fromEntries(BERLIN_PARTS.formatToParts(ms).map((part) => [part.type, part.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/**
 * An instant as German date and time in Europe/Berlin.
 * @param ms - milliseconds since the epoch
 * @returns e.g. "05.03.2026, 14:30 Uhr"
 */
export function formatBerlinDateTime(ms: number): string {
  const { date, time } = berlinDateTime(ms);
  return `${formatGermanDate(date)}, ${time} Uhr`;
}
