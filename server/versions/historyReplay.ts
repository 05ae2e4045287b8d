import * as Y from "yjs";
import { MEASURE_HISTORY_FIELDS, type MeasureHistoryField } from "../../shared/domain/versions";
import { DOCUMENT_FIELD } from "../../shared/document/schema";
import { COMMENTS_MAP } from "../../shared/document/comments";
import { measuresMap, readMeasure } from "../../shared/document/measures";
import { readableMeasureValue } from "../../shared/document/measureValues";
import type { Db } from "../persistence/db";
import { seqRangeBetween, type DocUpdateStore, type StoredUpdate } from "../persistence/docUpdates";

/**
 * Replays a scorecard's stored updates one by one and tells, per update, what it
 * changed. The document's own transaction bookkeeping (`changed`,
 * `changedParentTypes`) names the touched measures, so only those are read again; a
 * keystroke in the document text costs one `applyUpdate` and no measure read.
 */

/** One change of one measure field, before the route names the person. */
export interface RawHistoryEntry {
  /** The field. */
  field: MeasureHistoryField;
  /** Readable value before; null when the measure was created by this update. */
  before: string | null;
  /** Readable value after ("" when the measure's data was removed). */
  after: string;
  /** Who stored the update; null for the system. */
  userId: string | null;
  /** When it was stored, ms since the epoch. */
  createdAt: number;
  /** The stored update's sequence number. */
  seq: number;
}

/** What one stored update touched: the document text, comments, or fields of one measure. */
export type ChangeWhat =
  | { kind: "text" }
  | { kind: "comment" }
  | {
      kind: "measure";
      /** The measure's id. */
      measureId: string;
      /** Its title after the update (before, when its data was removed). */
      measureTitle: string;
      /** The changed fields, in the order the UI shows them, with their readable values. */
      changes: FieldChange[];
    };

/** One field of a measure as one update changed it. */
export interface FieldChange {
  /** The field. */
  field: MeasureHistoryField;
  /** Readable value before; null when the measure was created by this update. */
  before: string | null;
  /** Readable value after ("" when the measure's data was removed). */
  after: string;
}

/** One stored update of an audit period and what it changed. */
export interface ChangeRow {
  /** Sequence number. */
  seq: number;
  /** Who stored it; null for the system. */
  userId: string | null;
  /** When, ms since the epoch. */
  createdAt: number;
  /** The text first, then the measures by id; empty when nothing readable changed. */
  what: ChangeWhat[];
}

type Readable = Record<MeasureHistoryField, string>;

/** Any shared type, as Yjs keys its transaction bookkeeping. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type SharedType = Y.AbstractType<Y.YEvent<any>>;

/** What one update did to one measure. */
interface MeasureEffect {
  measureId: string;
  before: Readable | null;
  after: Readable | null;
  /** Fields whose readable value differs (a missing measure counts as all empty). */
  changed: MeasureHistoryField[];
  /** Fields whose shared types the update touched, even without a readable difference. */
  touched: MeasureHistoryField[];
}

/** What one update did. */
interface UpdateEffect {
  /** Whether the document text (the ProseMirror fragment) changed. */
  text: boolean;
  /** Whether a comment thread or reply was added or resolved. */
  comment: boolean;
  /** The tracked measures it touched, by id. */
  measures: MeasureEffect[];
}

/** Seq numbers per `history` query, so a long history is never loaded at once. */
const SEQ_WINDOW = 10_000;

/**
 * Lists every change of a measure's fields since the scorecard was created, oldest
 * first; the update that created the measure yields one entry (before null) per
 * non-empty field.
 * @param store - the update store
 * @param scorecardId - the scorecard
 * @param measureId - the measure
 * @param upToSeq - last update to look at (default: all)
 * @returns the entries
 */
export async function measureHistory(store: DocUpdateStore, scorecardId: string, measureId: string, upToSeq?: number): Promise<{ entries: RawHistoryEntry[] }> {
  const last = Math.min(upToSeq ?? Number.MAX_SAFE_INTEGER, (await store.head(scorecardId))?.seq ?? 0);
  const doc = new Y.Doc();
  const replayer = createReplayer(doc, (id) => id === measureId);
  const entries: RawHistoryEntry[] = [];
  try {
    for await (const update of storedUpdates(store, scorecardId, 0, last)) {
      for (const effect of replayer.apply(update.data).measures) {
        for (const field of effect.changed) {
          entries.push({
            field,
            before: effect.before ? effect.before[field] : null,
            after: effect.after ? effect.after[field] : "",
            userId: update.userId,
            createdAt: update.createdAt,
            seq: update.seq,
          });
        }
      }
    }
  } finally {
    replayer.stop();
    doc.destroy();
  }
  return { entries };
}

/**
 * Lists the updates stored in a period with what each changed, for the audit report.
 * Replay starts from the state before the period's first update (from the nearest
 * checkpoint), so an old scorecard does not replay its whole history.
 * @param db - the database (to find the period's first and last update)
 * @param store - the update store
 * @param scorecardId - the scorecard
 * @param fromMs - start of the period, inclusive, ms since the epoch
 * @param toMs - end of the period, exclusive
 * @returns one row per stored update in the period, oldest first
 */
export async function changesInPeriod(db: Db, store: DocUpdateStore, scorecardId: string, fromMs: number, toMs: number): Promise<ChangeRow[]> {
  const bounds = await seqRangeBetween(db, scorecardId, fromMs, toMs);
  if (!bounds) return [];
  const { first, last } = bounds;

  const doc = new Y.Doc();
  const start = await store.loadUpTo(scorecardId, first - 1);
  // The starting state is applied before the replayer listens: it is not part of the period.
  doc.transact(() => {
    if (start.checkpoint) Y.applyUpdate(doc, start.checkpoint);
    for (const update of start.updates) Y.applyUpdate(doc, update);
  });
  const replayer = createReplayer(doc, () => true);
  const rows: ChangeRow[] = [];
  try {
    for await (const update of storedUpdates(store, scorecardId, first - 1, last)) {
      const effect = replayer.apply(update.data);
      // A clock set back can put an update inside the seq range but outside the period.
      if (update.createdAt < fromMs || update.createdAt >= toMs) continue;
      rows.push({ seq: update.seq, userId: update.userId, createdAt: update.createdAt, what: whatChanged(effect) });
    }
  } finally {
    replayer.stop();
    doc.destroy();
  }
  return rows;
}

/** Turns an update's effect into the report's terms. */
function whatChanged(effect: UpdateEffect): ChangeWhat[] {
  const what: ChangeWhat[] = effect.text ? [{ kind: "text" }] : [];
  if (effect.comment) what.push({ kind: "comment" });
  const measures = [...effect.measures].sort((a, b) => (a.measureId < b.measureId ? -1 : a.measureId > b.measureId ? 1 : 0));
  for (const measure of measures) {
    // A rewrite to the same value (or a formatting change) is still a change on record.
    const fields = measure.changed.length > 0 ? measure.changed : measure.touched;
    if (fields.length === 0) continue;
    const title = (measure.after ?? measure.before)?.title ?? "";
    const changes = fields.map((field) => ({ field, before: measure.before ? measure.before[field] : null, after: measure.after ? measure.after[field] : "" }));
    what.push({ kind: "measure", measureId: measure.measureId, measureTitle: title, changes });
  }
  return what;
}

/** The stored updates `afterSeq < seq <= upToSeq`, fetched in windows of seq numbers. */
async function* storedUpdates(store: DocUpdateStore, scorecardId: string, afterSeq: number, upToSeq: number): AsyncGenerator<StoredUpdate> {
  for (let from = afterSeq; from < upToSeq; from += SEQ_WINDOW) {
    yield* await store.history(scorecardId, from, Math.min(from + SEQ_WINDOW, upToSeq));
  }
}

/** Applies updates to a document one at a time and reports what each did. */
interface Replayer {
  /** Applies one update in its own transaction. */
  apply(update: Uint8Array): UpdateEffect;
  /** Stops listening to the document. */
  stop(): void;
}

/**
 * Starts replaying onto a document in its current state.
 * @param doc - the document, already holding the state before the first update to replay
 * @param isTracked - which measures to report (each touched one is read after every update)
 */
function createReplayer(doc: Y.Doc, isTracked: (measureId: string) => boolean): Replayer {
  const measures = measuresMap(doc);
  const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
  // Readable values after the last update, so "before" never needs a second document.
  const known = new Map<string, Readable | null>();
  for (const id of measures.keys()) if (isTracked(id)) known.set(id, readableMeasure(doc, id));

  const comments = doc.getMap(COMMENTS_MAP);
  let text = false;
  let comment = false;
  const touched = new Map<string, Set<string>>();
  const handleTransaction = (transaction: Y.Transaction) => {
    if (transaction.changedParentTypes.has(fragment as unknown as SharedType)) text = true;
    if (transaction.changedParentTypes.has(comments as unknown as SharedType)) comment = true;
    collectTouched(transaction, measures, touched);
  };
  doc.on("afterTransaction", handleTransaction);

  return {
    apply(update) {
      text = false;
      comment = false;
      touched.clear();
      Y.applyUpdate(doc, update);
      const effects: MeasureEffect[] = [];
      for (const [measureId, fields] of touched) {
        if (!isTracked(measureId)) continue;
        const before = known.get(measureId) ?? null;
        const after = readableMeasure(doc, measureId);
        known.set(measureId, after);
        effects.push({
          measureId,
          before,
          after,
          changed: MEASURE_HISTORY_FIELDS.filter((field) => (before?.[field] ?? "") !== (after?.[field] ?? "")),
          touched: MEASURE_HISTORY_FIELDS.filter((field) => fields.has(field)),
        });
      }
      return { text, comment, measures: effects };
    },
    stop() {
      doc.off("afterTransaction", handleTransaction);
    },
  };
}

/**
 * Adds the measures (and their fields) a transaction touched to `touched`. `changed`
 * names the types whose own entries changed, `changedParentTypes` every surviving type
 * with a change at any depth below it; a measure is a child of the measures map, a
 * field a child of the measure (or a key of it, for the single-value fields).
 */
function collectTouched(transaction: Y.Transaction, measures: Y.Map<Y.Map<unknown>>, touched: Map<string, Set<string>>): void {
  const fieldsOf = (measureId: string) => {
    let fields = touched.get(measureId);
    if (!fields) {
      fields = new Set();
      touched.set(measureId, fields);
    }
    return fields;
  };
  const root = measures as unknown as SharedType;
  const note = (type: SharedType, keys: Iterable<string | null>) => {
    if (type === root) {
      // A measure created, replaced or removed: all its fields may differ.
      for (const key of keys) if (key !== null) MEASURE_HISTORY_FIELDS.forEach((field) => fieldsOf(key).add(field));
      return;
    }
    const item = type._item;
    if (item?.parent === root && item.parentSub !== null) {
      const fields = fieldsOf(item.parentSub);
      for (const key of keys) if (key !== null) fields.add(key);
      return;
    }
    const measureItem = (item?.parent as SharedType | null | undefined)?._item;
    if (item && measureItem?.parent === root && measureItem.parentSub !== null && item.parentSub !== null) {
      fieldsOf(measureItem.parentSub).add(item.parentSub);
    }
  };
  for (const [type, keys] of transaction.changed) note(type, keys);
  for (const type of transaction.changedParentTypes.keys()) note(type, []);
}

/** A measure's fields as readable text, or null when it has no data. */
function readableMeasure(doc: Y.Doc, measureId: string): Readable | null {
  const measure = readMeasure(doc, measureId);
  if (!measure) return null;
  const values = {} as Readable;
  for (const field of MEASURE_HISTORY_FIELDS) values[field] = readableMeasureValue(measure, field);
  return values;
}
