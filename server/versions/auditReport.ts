import { MEASURE_FIELD_LABELS_DE } from "../../shared/document/measureValues";
import Papa from "papaparse";
import type { MeasureHistoryField } from "../../shared/domain/versions";
import { revealForbiddenCharacters } from "../../shared/domain/text";
import type { Db } from "../persistence/db";
import type { DocUpdateStore } from "../persistence/docUpdates";
import { listAuditEvents, type AuditEvent } from "../persistence/auditEvents";
import { changesInPeriod, type ChangeRow, type ChangeWhat } from "./historyReplay";

/** The report's columns, in German like the people who read it. */
export const AUDIT_REPORT_HEADER = ["Zeit", "Person", "Organisation", "Art", "Was", "Folgenummer"] as const;

/** Updates by one person with the same effect within this time form one row (typing). */
export const MERGE_WINDOW_MS = 5 * 60 * 1000;


const BERLIN_TIME = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Europe/Berlin",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

/** One report row before it is written. */
interface ReportRow {
  createdAt: number;
  /** Orders rows of the same millisecond: updates before the version that contains them. */
  rank: number;
  userId: string | null;
  art: string;
  was: string;
  folgenummer: string;
}

/** Consecutive updates merged into one row. */
interface ChangeRun {
  first: ChangeRow;
  lastSeq: number;
}

/**
 * Writes the audit report of a scorecard for a period as CSV for Excel (";" separated,
 * UTF-8 with BOM, Berlin times): every document change, version and audit event, by
 * whom and from which organisation. Consecutive updates by one person with the same
 * effect within five minutes of the first form one row, so typing a sentence is one line.
 * Control and bidi override characters are written as `[U+XXXX]`, and a cell starting
 * like a formula (= + - @) gets a leading apostrophe.
 * @param db - the database
 * @param store - the update store
 * @param scorecardId - the scorecard
 * @param fromMs - start of the period, inclusive, ms since the epoch
 * @param toMs - end of the period, exclusive
 * @returns the CSV text, starting with a BOM
 */
export function auditReportCsv(db: Db, store: DocUpdateStore, scorecardId: string, fromMs: number, toMs: number): string {
  const rows: ReportRow[] = [
    ...mergeRuns(changesInPeriod(db, store, scorecardId, fromMs, toMs)).map(changeRow),
    ...versionsInPeriod(db, scorecardId, fromMs, toMs),
    ...listAuditEvents(db, scorecardId, fromMs, toMs).map(eventRow),
  ];
  rows.sort((a, b) => a.createdAt - b.createdAt || a.rank - b.rank);
  const people = createPersonLookup(db);
  const data = rows.map((row) => {
    const person = people(row.userId);
    // Names, titles and reasons may hold control or bidi override characters (measure
    // titles are typed into the shared document, older rows predate the API's check):
    // written visibly, so no cell hides or reorders text and every row is one line.
    return [formatBerlinTime(row.createdAt), person.name, person.organisation, row.art, row.was, row.folgenummer].map((cell) => revealForbiddenCharacters(cell, "none"));
  });
  // escapeFormulae: a title typed as "=HYPERLINK(…)" must stay text in Excel.
  const csv = Papa.unparse({ fields: [...AUDIT_REPORT_HEADER], data }, { delimiter: ";", newline: "\r\n", escapeFormulae: true });
  return `\ufeff${csv}`;
}

/**
 * A time as Excel reads it, in Europe/Berlin: "2026-03-05 14:03:12".
 * @param ms - ms since the epoch
 */
export function formatBerlinTime(ms: number): string {
  return BERLIN_TIME.format(new Date(ms));
}

/**
 * Merges consecutive updates by the same person with identical effects, each within
 * `MERGE_WINDOW_MS` of the run's first update.
 * @param changes - the period's updates, oldest first
 */
function mergeRuns(changes: ChangeRow[]): ChangeRun[] {
  const runs: ChangeRun[] = [];
  let key = "";
  for (const change of changes) {
    const changeKey = JSON.stringify(change.what);
    const current = runs[runs.length - 1];
    if (current && current.first.userId === change.userId && key === changeKey && change.createdAt - current.first.createdAt <= MERGE_WINDOW_MS) {
      current.lastSeq = change.seq;
    } else {
      runs.push({ first: change, lastSeq: change.seq });
      key = changeKey;
    }
  }
  return runs;
}

function changeRow(run: ChangeRun): ReportRow {
  const { what } = run.first;
  const kinds = new Set(what.map((part) => ({ text: "Text", comment: "Kommentar", measure: "Maßnahme" })[part.kind]));
  return {
    createdAt: run.first.createdAt,
    rank: 0,
    userId: run.first.userId,
    art: kinds.size > 0 ? [...kinds].join(", ") : "Sonstiges",
    was: what.length > 0 ? what.map(describeWhat).join("; ") : "ohne sichtbare Änderung",
    folgenummer: run.lastSeq === run.first.seq ? String(run.first.seq) : `${run.first.seq}–${run.lastSeq}`,
  };
}

function describeWhat(what: ChangeWhat): string {
  if (what.kind === "text") return "Dokumenttext";
  if (what.kind === "comment") return "Kommentar oder Frage";
  return `Maßnahme „${what.measureTitle}“: ${what.fields.map((field) => MEASURE_FIELD_LABELS_DE[field]).join(", ")}`;
}

function versionsInPeriod(db: Db, scorecardId: string, fromMs: number, toMs: number): ReportRow[] {
  const versions = db
    .prepare(
      `SELECT number, name, kind, created_by AS createdBy, created_at AS createdAt FROM versions
       WHERE scorecard_id = ? AND created_at >= ? AND created_at < ? ORDER BY number`,
    )
    .all(scorecardId, fromMs, toMs) as { number: number; name: string; kind: string; createdBy: string | null; createdAt: number }[];
  return versions.map((version) => ({
    createdAt: version.createdAt,
    rank: 1,
    userId: version.createdBy,
    art: "Version",
    was: `${version.number} ${version.name} (${version.kind})`,
    folgenummer: "",
  }));
}

function eventRow(event: AuditEvent): ReportRow {
  const details = Object.entries(event.detail)
    .filter(([, value]) => value !== null && value !== undefined && value !== "")
    .map(([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`);
  return {
    createdAt: event.createdAt,
    rank: 2,
    userId: event.userId,
    art: "Ereignis",
    was: details.length > 0 ? `${event.kind} (${details.join(", ")})` : event.kind,
    folgenummer: "",
  };
}

/** Name and organisation of a user id, looked up once; null is the system. */
function createPersonLookup(db: Db): (userId: string | null) => { name: string; organisation: string } {
  const query = db.prepare("SELECT u.name AS name, o.name AS organisation FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id WHERE u.id = ?");
  const cache = new Map<string, { name: string; organisation: string }>();
  return (userId) => {
    if (userId === null) return { name: "System", organisation: "" };
    let person = cache.get(userId);
    if (!person) {
      const row = query.get(userId) as { name: string; organisation: string | null } | undefined;
      // Events carry no foreign key: a user id without a row is still shown, as its id.
      person = { name: row?.name ?? userId, organisation: row?.organisation ?? "" };
      cache.set(userId, person);
    }
    return person;
  };
}
