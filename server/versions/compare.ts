import * as Y from "yjs";
import type { Attribution, DiffMark, DiffNode, MeasureFieldChange } from "../../shared/domain/versions";
import { MEASURE_HISTORY_FIELDS } from "../../shared/domain/versions";
import { DOCUMENT_FIELD } from "../../shared/document/schema";
import { measuresMap, readMeasure } from "../../shared/document/measures";
import { readableMeasureValue } from "../../shared/document/measureValues";
import type { StoredUpdate } from "../persistence/docUpdates";
import { AttributionIndex, changesOfEntry, isVisible, isVisibleAt, snapshotBoundaries, type ItemChange, type UpdateOrigin } from "./attribution";

/** Turns a stored update's origin into the person and time shown beside a change. */
export type Attribute = (origin: UpdateOrigin) => Attribution;

/** The raw result of a compare, before the route adds version summaries. */
export interface Comparison {
  /** The document with insertions and deletions marked. */
  document: DiffNode;
  /** Changed measure fields. */
  measures: MeasureFieldChange[];
  /** Ids of everyone (null: the system) who changed something in between. */
  userIds: (string | null)[];
}

/**
 * Compares two states of a scorecard: the older one (a version's stored state) and the
 * updates stored after it up to the newer one. Only the updates in between are replayed,
 * into a temporary document that keeps deleted content (garbage collection off), so the
 * live document never has to keep its whole history in memory. Every insertion and
 * deletion is attributed to the stored update that made it.
 * @param olderState - `Y.encodeStateAsUpdate` of the older side
 * @param between - the stored updates after the older side up to the newer one, oldest first
 * @param attribute - names the person of an update
 */
export function compareStates(olderState: Uint8Array, between: StoredUpdate[], attribute: Attribute): Comparison {
  const doc = new Y.Doc({ gc: false });
  Y.applyUpdate(doc, olderState);
  const before = Y.snapshot(doc);
  const index = new AttributionIndex();
  doc.transact(() => {
    for (const update of between) {
      index.add(update);
      Y.applyUpdate(doc, update.data);
    }
  });
  const after = Y.snapshot(doc);
  const userIds = new Set<string | null>();
  const mark = (kind: "added" | "removed", origin: UpdateOrigin | null): DiffMark => {
    if (origin) userIds.add(origin.userId);
    return { kind, attribution: origin ? attribute(origin) : null };
  };

  const walker = new DiffWalker(before, after, index, mark);
  const document: DiffNode = { type: "doc", content: walker.children(doc.getXmlFragment(DOCUMENT_FIELD), "both") };

  const olderDoc = new Y.Doc();
  Y.applyUpdate(olderDoc, olderState);
  const measures = compareMeasures(
    olderDoc,
    doc,
    before,
    after,
    index,
    (change) => {
      if (change.origin) userIds.add(change.origin.userId);
    },
    attribute,
  );
  olderDoc.destroy();
  doc.destroy();
  return { document, measures, userIds: Array.from(userIds) };
}

type Side = "both" | "before" | "after";

/** Renders the fragment as ProseMirror JSON with the changes between two snapshots marked. */
class DiffWalker {
  constructor(
    private readonly before: Y.Snapshot,
    private readonly after: Y.Snapshot,
    private readonly index: AttributionIndex,
    private readonly mark: (kind: "added" | "removed", origin: UpdateOrigin | null) => DiffMark,
  ) {}

  /** The children of an element or fragment as they appear on one side or in the diff. */
  children(parent: Y.XmlFragment | Y.XmlElement, side: Side): DiffNode[] {
    const nodes: DiffNode[] = [];
    for (let item = parent._start; item; item = item.right) {
      if (!(item.content instanceof Y.ContentType)) continue;
      const wasThere = isVisible(item, this.before);
      const isThere = isVisible(item, this.after);
      // Inside an added or removed node only its own side counts.
      const visible = side === "before" ? wasThere : side === "after" ? isThere : wasThere || isThere;
      if (!visible) continue;
      const type = item.content.type;
      let childSide: Side = side;
      let diff: DiffMark | undefined;
      if (side === "both" && !wasThere) {
        childSide = "after";
        diff = this.mark("added", this.index.insertedBy(item.id));
      } else if (side === "both" && !isThere) {
        childSide = "before";
        diff = this.mark("removed", this.index.deletedBy(item.id));
      }
      if (type instanceof Y.XmlText) {
        const texts = this.text(type, childSide);
        if (diff) for (const text of texts) text.diff ??= diff;
        nodes.push(...texts);
      } else if (type instanceof Y.XmlElement) {
        const snapshot = childSide === "before" ? this.before : this.after;
        const node: DiffNode = { type: type.nodeName, attrs: type.getAttributes(snapshot) as Record<string, unknown> };
        const content = this.children(type, childSide);
        if (content.length > 0) node.content = content;
        if (diff) node.diff = diff;
        nodes.push(node);
      }
    }
    return nodes;
  }

  /**
   * The runs of a text with their formatting and changes. Yjs's own `toDelta` with
   * snapshots splits the document's items for every call, which costs a pass over the
   * whole history per paragraph; here each item is cut into pieces only where a snapshot
   * or the inserting or deleting update changes inside it.
   */
  private text(text: Y.XmlText, side: Side): DiffNode[] {
    const nodes: DiffNode[] = [];
    const formatting = new Map<string, unknown>();
    const formatSnapshot = side === "before" ? this.before : this.after;
    for (let item = text._start; item; item = item.right) {
      const content = item.content;
      if (content instanceof Y.ContentFormat) {
        if (isVisible(item, formatSnapshot)) {
          if (content.value === null) formatting.delete(content.key);
          else formatting.set(content.key, content.value);
        }
        continue;
      }
      if (!(content instanceof Y.ContentString)) continue;
      const { client, clock } = item.id;
      const cuts = [clock, clock + item.length];
      if (item.length > 1) {
        snapshotBoundaries(this.before, client, clock, clock + item.length, cuts);
        snapshotBoundaries(this.after, client, clock, clock + item.length, cuts);
        this.index.boundaries(client, clock, clock + item.length, cuts);
        cuts.sort((a, b) => a - b);
      }
      for (let i = 0; i + 1 < cuts.length; i++) {
        const from = cuts[i];
        const to = cuts[i + 1];
        if (from === to) continue;
        const wasThere = isVisibleAt(client, from, this.before);
        const isThere = isVisibleAt(client, from, this.after);
        const visible = side === "before" ? wasThere : side === "after" ? isThere : wasThere || isThere;
        if (!visible) continue;
        const node: DiffNode = { type: "text", text: content.str.slice(from - clock, to - clock) };
        if (side === "both" && !wasThere) node.diff = this.mark("added", this.index.insertedBy(Y.createID(client, from)));
        else if (side === "both" && !isThere) node.diff = this.mark("removed", this.index.deletedBy(Y.createID(client, from)));
        const marks = Array.from(formatting, ([type, attrs]) => (attrs && typeof attrs === "object" && Object.keys(attrs).length > 0 ? { type, attrs: attrs as Record<string, unknown> } : { type }));
        if (marks.length > 0) node.marks = marks;
        const previous = nodes[nodes.length - 1];
        if (previous && sameFormatting(previous, node)) appendRun(previous, node);
        else nodes.push(node);
      }
    }
    return nodes;
  }
}

// Yjs splits text at every item, and typing stores a change per letter; runs with the
// same marks and the same person's change read as one, dated by its latest letter.
function sameFormatting(a: DiffNode, b: DiffNode): boolean {
  return (
    JSON.stringify(a.marks ?? []) === JSON.stringify(b.marks ?? []) &&
    a.diff?.kind === b.diff?.kind &&
    (a.diff?.attribution?.by.id ?? null) === (b.diff?.attribution?.by.id ?? null) &&
    (a.diff?.attribution === null) === (b.diff?.attribution === null)
  );
}

function appendRun(previous: DiffNode, next: DiffNode): void {
  previous.text = `${previous.text ?? ""}${next.text ?? ""}`;
  const later = next.diff?.attribution;
  if (previous.diff?.attribution && later && later.at > previous.diff.attribution.at) previous.diff.attribution = later;
}

/**
 * Lists every measure field whose readable value differs between the two sides, with
 * everyone who changed it in between.
 */
function compareMeasures(
  olderDoc: Y.Doc,
  newerDoc: Y.Doc,
  before: Y.Snapshot,
  after: Y.Snapshot,
  index: AttributionIndex,
  seen: (change: ItemChange) => void,
  attribute: Attribute,
): MeasureFieldChange[] {
  const ids = new Set<string>([...measuresMap(olderDoc).keys(), ...measuresMap(newerDoc).keys()]);
  const changes: MeasureFieldChange[] = [];
  for (const id of ids) {
    const older = readMeasure(olderDoc, id);
    const newer = readMeasure(newerDoc, id);
    const map = measuresMap(newerDoc).get(id);
    for (const field of MEASURE_HISTORY_FIELDS) {
      const valueBefore = older ? readableMeasureValue(older, field) : null;
      const valueAfter = newer ? readableMeasureValue(newer, field) : null;
      if (valueBefore === valueAfter || (older === null && valueAfter === "")) continue;
      const itemChanges = map ? changesOfEntry(map, field, before, after, index) : [];
      itemChanges.forEach(seen);
      changes.push({
        measureId: id,
        measureTitle: newer?.title || older?.title || "",
        field,
        before: valueBefore,
        after: valueAfter,
        changedBy: latestPerPerson(itemChanges, attribute),
      });
    }
  }
  return changes;
}

/** Everyone among the changes, each once with their latest time, latest last. */
function latestPerPerson(changes: ItemChange[], attribute: Attribute): Attribution[] {
  const latest = new Map<string | null, UpdateOrigin>();
  for (const { origin } of changes) {
    if (!origin) continue;
    const known = latest.get(origin.userId);
    if (!known || known.seq < origin.seq) latest.set(origin.userId, origin);
  }
  return Array.from(latest.values())
    .sort((a, b) => a.seq - b.seq)
    .map(attribute);
}
