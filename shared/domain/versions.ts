import { z } from "zod";
import type { KpiSnapshot } from "./kpiSnapshot";
import type { Measure } from "../document/measures";
import { multiLineText, singleLineText } from "./text";

/**
 * Why a version was taken: the circulation ten days before a talk, the start of a talk,
 * the minutes after it, a user's own "save version", the automatic hourly or end-of-
 * session one, or a restore of an older version.
 */
export const VersionKindSchema = z.enum(["circulation", "talk", "minutes", "named", "auto", "restore"]);
export type VersionKind = z.infer<typeof VersionKindSchema>;

/** A person as shown beside a change: name and caret colour. */
export interface PersonRef {
  /** User id, or null for changes the server made by itself (the initial content). */
  id: string | null;
  /** Display name ("System" for the server). */
  name: string;
  /** Colour, the same as the person's caret. */
  colour: string;
}

/** A version in the list (without its content). */
export interface VersionSummary {
  /** Id, unique across all scorecards. */
  id: number;
  /** 1, 2, … per scorecard. */
  number: number;
  /** Why it was taken. */
  kind: VersionKind;
  /** Its name ("Vorabversand 2026-03-05", a user's own name, "Automatisch"). */
  name: string;
  /** Who took it; null for versions the server took by itself. */
  createdBy: PersonRef | null;
  /** ISO time. */
  createdAt: string;
  /** Who changed the document since the previous version. */
  authors: PersonRef[];
  /** The last stored update it contains (sequence number). */
  upToSeq: number;
  /** Hex SHA-256 of the version record in the scorecard's version chain. */
  hash: string;
}

/** A version with its content: `GET /api/scorecards/:id/versions/:versionId`. */
export interface VersionContent extends VersionSummary {
  /** The Yjs state of the whole document as of the version, base64 (for the read-only editor). */
  state: string;
  /** The KPI values shown at that moment. */
  kpis: KpiSnapshot;
}

/** Body of `POST /api/scorecards/:id/versions`: a user's own named version. */
export const NewVersionSchema = z.object({
  /** A name the user chooses. */
  name: z.string().trim().min(1, "name must not be empty").max(200).check(singleLineText("Name der Version")),
});
export type NewVersion = z.infer<typeof NewVersionSchema>;

/** Body of `POST /api/scorecards/:id/versions/:versionId/restore`. */
export const RestoreVersionSchema = z.object({
  /** Why the version is restored; recorded in the audit trail. */
  reason: z.string().trim().max(500).check(multiLineText("Begründung")).default(""),
});

/** Who made a change and when. */
export interface Attribution {
  /** The person. */
  by: PersonRef;
  /** ISO time of the stored update. */
  at: string;
}

/** Text with its change marks in a compared document. */
export interface DiffMark {
  /** "added" between the two versions, or "removed". */
  kind: "added" | "removed";
  /** Who and when; null when the log does not tell (content older than the base version). */
  attribution: Attribution | null;
}

/**
 * A node of the compared document: ProseMirror JSON (type, attrs, content, text, marks)
 * where a node or a run of text that was added or removed between the two versions
 * carries `diff`. Removed content stays in place, so it reads like tracked changes.
 */
export interface DiffNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: DiffNode[];
  text?: string;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
  diff?: DiffMark;
}

/** The measure fields a compare or a history lists, in the order the UI shows them. */
export const MEASURE_HISTORY_FIELDS = [
  "title",
  "description",
  "responsibleSide",
  "responsiblePerson",
  "startDate",
  "dueDate",
  "status",
  "trafficLight",
  "horizon",
  "linkedKpis",
  "statusLines",
] as const;
export type MeasureHistoryField = (typeof MEASURE_HISTORY_FIELDS)[number];

/** One field of one measure that differs between two versions. */
export interface MeasureFieldChange {
  /** The measure's id. */
  measureId: string;
  /** The measure's title (in the newer version, or the older one if it is gone). */
  measureTitle: string;
  /** The field. */
  field: MeasureHistoryField;
  /** The value before, as readable text ("" when empty, null when the measure did not exist). */
  before: string | null;
  /** The value after, as readable text (null when the measure's data is gone). */
  after: string | null;
  /** Everyone who changed the field in between, with their latest time, latest last. */
  changedBy: Attribution[];
}

/** `GET /api/scorecards/:id/compare?from=…&to=…` (`to` may be `current`). */
export interface VersionComparison {
  /** The older side. */
  from: VersionSummary;
  /** The newer side; null when compared with the current state. */
  to: VersionSummary | null;
  /** Last update the newer side contains. */
  toSeq: number;
  /** The document with insertions and deletions marked. */
  document: DiffNode;
  /** Changed measure fields. */
  measures: MeasureFieldChange[];
  /** Everyone who changed something in between. */
  people: PersonRef[];
}

/** One change of one field: `GET /api/scorecards/:id/measures/:measureId/history`. */
export interface MeasureHistoryEntry {
  /** The field. */
  field: MeasureHistoryField;
  /** Value before ("" when empty, null when the measure was just created). */
  before: string | null;
  /** Value after. */
  after: string;
  /** Who and when. */
  by: PersonRef;
  /** ISO time. */
  at: string;
  /** Sequence number of the stored update. */
  seq: number;
}

/** A measure's history. */
export interface MeasureHistory {
  /** The measure as it is now. */
  measure: Measure | null;
  /** Every change, oldest first. */
  entries: MeasureHistoryEntry[];
}

/** Result of checking the hash chains. */
export interface IntegrityReport {
  /** True when every record verified. */
  ok: boolean;
  /** Records checked, by chain. */
  checked: { updates: number; versions: number; events: number; checkpoints: number };
  /** The first problem found, naming the record; null when ok. */
  problem: string | null;
  /** Hex hash of the newest update (the chain head), to note down outside the system. */
  head: string | null;
  /** ISO time of the check. */
  checkedAt: string;
}
