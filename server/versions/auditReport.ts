import { MEASURE_FIELD_LABELS_DE } from "../../shared/document/measureValues";
import Papa from "papaparse";
import { revealForbiddenCharacters } from "../../shared/domain/text";
import type { Db } from "../persistence/db";
import type { DocUpdateStore } from "../persistence/docUpdates";
import { listAuditEvents, type AuditEvent } from "../persistence/auditEvents";
import { usersWithOrganisation } from "../persistence/users";
import { listVersionsCreatedBetween } from "../persistence/versions";
import { changesInPeriod, type ChangeRow, type ChangeWhat } from "./historyReplay";
import { groupRuns, type ChangeRun, type RunMember } from "./changeRuns";
import { reportValue } from "./reportValues";

/** The report's columns, in German like the people who read it. */
export const AUDIT_REPORT_HEADER = ["Zeit", "Person", "Organisation", "Art", "Was", "Folgenummer"] as const;

export { MERGE_WINDOW_MS } from "./changeRuns";

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

/**
 * Writes the audit report of a scorecard for a period as CSV for Excel (";" separated,
 * UTF-8 with BOM, Berlin times): every document change, version and audit event, by
 * whom and from which organisation. Consecutive changes of one person to one thing (the
 * document text, one field of a measure) within five minutes of the first form one row,
 * from the value before to the value after, so a typed title is one line even while
 * others edit elsewhere (see changeRuns.ts). Control and bidi override characters are
 * written as `[U+XXXX]`, and a cell starting like a formula (= + - @) gets a leading
 * apostrophe.
 * @param db - the database
 * @param store - the update store
 * @param scorecardId - the scorecard
 * @param fromMs - start of the period, inclusive, ms since the epoch
 * @param toMs - end of the period, exclusive
 * @returns the CSV text, starting with a BOM
 */
export async function auditReportCsv(db: Db, store: DocUpdateStore, scorecardId: string, fromMs: number, toMs: number): Promise<string> {
  const rows: ReportRow[] = [
    ...changeRows(await changesInPeriod(db, store, scorecardId, fromMs, toMs)),
    ...(await versionsInPeriod(db, scorecardId, fromMs, toMs)),
    ...(await listAuditEvents(db, scorecardId, fromMs, toMs)).map(eventRow),
  ];
  rows.sort((a, b) => a.createdAt - b.createdAt || a.rank - b.rank);
  const people = await peopleOf(db, rows);
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

/** One thing one stored update changed: the unit that runs are made of. */
interface ChangeItem extends RunMember {
  /** The thing: "text", "comment", "none" (nothing readable), or a measure and field. */
  key: string;
  /** What changed; for a measure, exactly one field. */
  what: ChangeWhat | null;
}

/** Splits each update into the things it changed, so each thing groups on its own. */
function changeItems(changes: readonly ChangeRow[]): ChangeItem[] {
  return changes.flatMap(({ seq, userId, createdAt, what }) => {
    if (what.length === 0) return [{ seq, userId, createdAt, key: "none", what: null }];
    return what.flatMap((part): ChangeItem[] =>
      part.kind === "measure"
        ? part.changes.map((change) => ({ seq, userId, createdAt, key: `measure:${part.measureId}:${change.field}`, what: { ...part, changes: [change] } }))
        : [{ seq, userId, createdAt, key: part.kind, what: part }],
    );
  });
}

/**
 * The report rows of the period's changes: runs per person and thing; runs that cover the
 * same updates (a measure created with its place in the text) share one row.
 */
function changeRows(changes: readonly ChangeRow[]): ReportRow[] {
  const createdMeasure = (item: ChangeItem) => item.what?.kind === "measure" && item.what.changes[0].before === null;
  const rows = new Map<string, ChangeRun<ChangeItem>[]>();
  for (const run of groupRuns(changeItems(changes), (item) => item.key, { standsAlone: createdMeasure })) {
    const rowKey = `${run.first.userId ?? ""}:${run.first.seq}:${run.last.seq}`;
    const row = rows.get(rowKey);
    if (row) row.push(run);
    else rows.set(rowKey, [run]);
  }
  return [...rows.values()].map((runs) => {
    const { first, last } = runs[0];
    const parts = runs.map((run) => run.last.what).filter((what): what is ChangeWhat => what !== null);
    const kinds = new Set(parts.map((part) => ({ text: "Text", comment: "Kommentar", measure: "Maßnahme" })[part.kind]));
    return {
      createdAt: first.createdAt,
      rank: 0,
      userId: first.userId,
      art: kinds.size > 0 ? [...kinds].join(", ") : "Sonstiges",
      was: parts.length > 0 ? describeParts(runs) : "ohne sichtbare Änderung",
      folgenummer: last.seq === first.seq ? String(first.seq) : `${first.seq}–${last.seq}`,
    };
  });
}

/** "Dokumenttext; Maßnahme „T“: Titel: (leer) → T; Status: geplant → erledigt". */
function describeParts(runs: readonly ChangeRun<ChangeItem>[]): string {
  const described: string[] = [];
  let measureId: string | null = null;
  for (const { first, last } of runs) {
    const what = last.what;
    if (what === null) continue;
    if (what.kind !== "measure") {
      measureId = null;
      described.push(what.kind === "text" ? "Dokumenttext" : "Kommentar oder Frage");
      continue;
    }
    const before = (first.what as typeof what).changes[0].before;
    const { field, after } = what.changes[0];
    const change =
      before === null ? `${MEASURE_FIELD_LABELS_DE[field]}: ${reportValue(field, after)}` : `${MEASURE_FIELD_LABELS_DE[field]}: ${reportValue(field, before)} → ${reportValue(field, after)}`;
    // The measure is named once before its fields; its title as of the end of the run.
    if (what.measureId === measureId) described[described.length - 1] += `; ${change}`;
    else {
      const name = what.measureTitle === "" ? "Maßnahme ohne Titel" : `Maßnahme „${what.measureTitle}“`;
      described.push(`${name}${before === null ? " angelegt" : ""}: ${change}`);
    }
    measureId = what.measureId;
  }
  return described.join("; ");
}

async function versionsInPeriod(db: Db, scorecardId: string, fromMs: number, toMs: number): Promise<ReportRow[]> {
  const versions = await listVersionsCreatedBetween(db, scorecardId, fromMs, toMs);
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

/** Name and organisation of every user id of the rows, looked up at once; null is the system. */
async function peopleOf(db: Db, rows: readonly ReportRow[]): Promise<(userId: string | null) => { name: string; organisation: string }> {
  const ids = [...new Set(rows.map((row) => row.userId).filter((id): id is string => id !== null))];
  const found = await usersWithOrganisation(db, ids);
  const known = new Map(found.map((row) => [row.id, { name: row.name, organisation: row.organisation ?? "" }]));
  return (userId) => {
    if (userId === null) return { name: "System", organisation: "" };
    // Events carry no foreign key: a user id without a row is still shown, as its id.
    return known.get(userId) ?? { name: userId, organisation: "" };
  };
}
