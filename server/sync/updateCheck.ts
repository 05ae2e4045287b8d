import * as Y from "yjs";
import { getSchema } from "@tiptap/core";
import type { NodeType, Schema } from "@tiptap/pm/model";
import { DOCUMENT_FIELD, descriptionExtensions, documentExtensions } from "../../shared/document/schema";
import { Limits } from "../../shared/limits";
import { MEASURES_MAP, MeasureFieldsSchema, TEXT_FIELDS } from "../../shared/document/measures";

/** Any shared type of a document, as Yjs types them (`Item.parent`, `Doc.share`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Yjs's own typing, invariant in its event type
type SharedType = Y.AbstractType<any>;

/**
 * Checks what a client's update did to a scorecard document, right after it was applied
 * and before anything of it is stored or relayed ([SYNC15]). Yjs accepts any well-formed
 * update, but a crafted or mutated one can put things into the document that no editor
 * can show: an unknown node, text directly in the document, a mark that does not exist,
 * a measure field of the wrong kind. Every editor that loads such a document either fails
 * or "repairs" it by deleting, each in its own way, so copies drift apart.
 *
 * Only what the transaction changed is looked at (new content in full), so the cost grows
 * with the change, not with the document. The checks are limited to what no honest editor
 * produces, even when concurrent edits merge: a paragraph can end up empty by a merge, but
 * a node type never changes its parent.
 */

/** The ProseMirror schemas of the document and of a measure's description. */
interface Schemas {
  document: Schema;
  description: Schema;
}

let schemas: Schemas | null = null;

function getSchemas(): Schemas {
  schemas ??= { document: getSchema(documentExtensions()), description: getSchema(descriptionExtensions()) };
  return schemas;
}

/** Keys a measure's map may hold, and what kind of value each is. */
const MEASURE_KEYS: Record<string, "text" | "value" | "description" | "statusLines"> = {
  ...Object.fromEntries(Object.keys(MeasureFieldsSchema.shape).map((key) => [key, "value" as const])),
  ...Object.fromEntries(TEXT_FIELDS.map((key) => [key, "text" as const])),
  description: "description",
  statusLines: "statusLines",
};

const STATUS_LINE_KEYS = new Set(["id", "talkDate", "text"]);

/** Link targets an editor may open; anything else (javascript:, data:) is refused. */
const SAFE_HREF = /^(https?:\/\/|mailto:)/i;

/** How much content may wait for its predecessors, per document: one message's worth. */
export const MAX_PENDING_BYTES = Limits.maxMessageBytes;

/** The refusal of an update whose own content would wait beyond MAX_PENDING_BYTES. */
export const TOO_MUCH_WAITING = "leaves too much content waiting for content the document does not have";

function pendingBytes(doc: Y.Doc): number {
  return (doc.store.pendingStructs?.update.byteLength ?? 0) + (doc.store.pendingDs?.byteLength ?? 0);
}

/** What a type is, seen from the document's roots. */
type Place =
  | { kind: "prose"; schema: Schema; nodeType: NodeType }
  | { kind: "proseText"; schema: Schema }
  | { kind: "measures" }
  | { kind: "measure" }
  | { kind: "statusLines" }
  | { kind: "statusLine" }
  | { kind: "plainText" }
  | { kind: "unchecked" };

/**
 * Describes the first problem of a transaction from a client, or returns null.
 * @param transaction - the transaction that applied the client's update
 * @returns a short description naming what is wrong, for the log and the close reason
 */
export function findUpdateProblem(transaction: Y.Transaction): string | null {
  // Content whose predecessors have not arrived waits in the server's memory. That is
  // normal for a moment (an editor back online may send a new change before the changes it
  // made offline), but it must not grow without end.
  if (pendingBytes(transaction.doc) > MAX_PENDING_BYTES) return TOO_MUCH_WAITING;
  const check = new Check(transaction);
  for (const [type, keys] of transaction.changed) {
    const place = check.placeOf(type);
    if (place.kind !== "unchecked") check.type(type, place, keys);
    if (check.problem) return check.problem;
  }
  return null;
}

/** One transaction's check; stops at the first problem. */
class Check {
  problem: string | null = null;
  private readonly roots = new Map<SharedType, string>();

  constructor(private readonly transaction: Y.Transaction) {
    for (const [name, type] of transaction.doc.share) this.roots.set(type, name);
  }

  /** Where a changed type sits: found by walking up to its root. */
  placeOf(type: SharedType): Place {
    const path: SharedType[] = [];
    let current: SharedType = type;
    while (current._item) {
      path.unshift(current);
      const parent = current._item.parent;
      if (!(parent instanceof Y.AbstractType)) return { kind: "unchecked" };
      current = parent;
    }
    const root = this.roots.get(current);
    const { document, description } = getSchemas();
    if (root === DOCUMENT_FIELD) return proseAt(document, path);
    if (root !== MEASURES_MAP) return { kind: "unchecked" };
    // measures › measure › (statusLines › line | title… | description › prose…)
    if (path.length === 0) return { kind: "measures" };
    if (path.length === 1) return { kind: "measure" };
    const key = path[1]._item!.parentSub;
    if (key === "statusLines") return path.length === 2 ? { kind: "statusLines" } : { kind: "statusLine" };
    if (key === "description") return proseAt(description, path.slice(2));
    return { kind: "plainText" };
  }

  /**
   * Checks a type's changed content.
   * @param keys - the changed keys of a map-like type (null stands for its children)
   * @param keys - omitted for a type that is new: everything in it is checked
   */
  type(type: SharedType, place: Place, keys?: Set<string | null>): void {
    switch (place.kind) {
      case "prose":
        this.proseChildren(type, place.schema, place.nodeType);
        this.attributes(type, place, keys);
        return;
      case "proseText":
        return this.textContent(type, place.schema);
      case "measures":
        return this.entries(type, keys, (key, item) => (isType(item, Y.Map) ? this.newType(item, { kind: "measure" }) : this.fail(`measure ${key} is not a map`)));
      case "measure":
        return this.entries(type, keys, (key, item) => this.measureField(key, item));
      case "statusLines":
        for (const item of children(type)) {
          if (!isType(item, Y.Map)) return this.fail("a status line is not a map");
          this.newType(item, { kind: "statusLine" });
        }
        return;
      case "statusLine":
        return this.entries(type, keys, (key, item) => {
          if (!STATUS_LINE_KEYS.has(key)) return this.fail(`a status line has an unknown field "${key}"`);
          if (typeof lastValue(item) !== "string") this.fail(`a status line's ${key} is not text`);
        });
      case "plainText":
        for (const item of children(type))
          if (item.content instanceof Y.ContentType || item.content instanceof Y.ContentEmbed) return this.fail("a measure's text field holds something other than text");
        return;
      case "unchecked":
        return;
    }
  }

  private proseChildren(type: SharedType, schema: Schema, nodeType: NodeType): void {
    const allowed = allowedChildren(nodeType);
    for (const item of children(type)) {
      if (isType(item, Y.XmlElement)) {
        const child = item.content.type;
        const childType = schema.nodes[child.nodeName];
        if (!childType || childType.isText) return this.fail(`unknown node "${child.nodeName}"`);
        if (!allowed.has(childType.name)) return this.fail(`node "${childType.name}" inside "${nodeType.name}"`);
        this.newType(item, { kind: "prose", schema, nodeType: childType });
      } else if (isType(item, Y.XmlText)) {
        if (!allowed.has("text")) return this.fail(`text directly inside "${nodeType.name}"`);
        this.newType(item, { kind: "proseText", schema });
      } else {
        return this.fail(`${contentName(item)} inside "${nodeType.name}"`);
      }
      if (this.problem) return;
    }
  }

  private attributes(type: SharedType, place: Place & { kind: "prose" }, keys?: Set<string | null>): void {
    const isRoot = type instanceof Y.XmlFragment && !(type instanceof Y.XmlElement);
    this.entries(type, keys, (key, item) => {
      if (isRoot) return this.fail(`attribute "${key}" on the document itself`);
      if (!(item.content instanceof Y.ContentAny)) this.fail(`attribute "${key}" of "${place.nodeType.name}" holds ${contentName(item)}`);
    });
  }

  private textContent(type: SharedType, schema: Schema): void {
    for (let item = type._start; item; item = item.right) {
      if (item.deleted) continue;
      const content = item.content;
      if (content instanceof Y.ContentString) continue;
      if (content instanceof Y.ContentFormat) {
        if (content.value === null) continue; // the end of a mark
        const mark = schema.marks[content.key];
        if (!mark) return this.fail(`unknown mark "${content.key}"`);
        const href = (content.value as { href?: unknown }).href;
        if (mark.name === "link" && (typeof href !== "string" || !SAFE_HREF.test(href))) return this.fail("a link to something other than a web or mail address");
        continue;
      }
      return this.fail(`${contentName(item)} inside text`);
    }
  }

  private measureField(key: string, item: Y.Item): void {
    const kind = MEASURE_KEYS[key];
    if (!kind) return this.fail(`a measure has an unknown field "${key}"`);
    if (kind === "text") {
      if (!isType(item, Y.Text)) return this.fail(`a measure's ${key} is not shared text`);
      return this.newType(item, { kind: "plainText" });
    }
    if (kind === "description") {
      if (!isType(item, Y.XmlFragment) || item.content.type instanceof Y.XmlElement) return this.fail("a measure's description is not a fragment");
      const { description } = getSchemas();
      return this.newType(item, { kind: "prose", schema: description, nodeType: description.topNodeType });
    }
    if (kind === "statusLines") {
      if (!isType(item, Y.Array)) return this.fail("a measure's status lines are not a list");
      return this.newType(item, { kind: "statusLines" });
    }
    const parsed = MeasureFieldsSchema.shape[key as keyof typeof MeasureFieldsSchema.shape].safeParse(lastValue(item));
    if (!parsed.success) this.fail(`a measure's ${key} is invalid: ${parsed.error.issues[0]?.message ?? "wrong value"}`);
  }

  /** Checks a child type in full when it came with this transaction (older ones were checked when they came). */
  private newType(item: Y.Item & { content: Y.ContentType }, place: Place): void {
    if (item.id.clock >= (this.transaction.beforeState.get(item.id.client) ?? 0)) this.type(item.content.type, place);
  }

  /** Visits the live entries of a map-like type: the changed keys, or all for a new type. */
  private entries(type: SharedType, keys: Set<string | null> | undefined, visit: (key: string, item: Y.Item) => void): void {
    const names = keys ? Array.from(keys).filter((key): key is string => key !== null) : Array.from(type._map.keys());
    for (const name of names) {
      const item = type._map.get(name);
      if (!item || item.deleted) continue;
      visit(name, item);
      if (this.problem) return;
    }
    if (keys?.has(null) && type instanceof Y.Map) {
      // A map has no children: content in its list part is invisible to every editor.
      if (children(type).length > 0) this.fail("a map with list content");
    }
  }

  private fail(problem: string): void {
    this.problem ??= problem;
  }
}

/** The place of a type below a ProseMirror root, from the node names on its path. */
function proseAt(schema: Schema, path: SharedType[]): Place {
  const last = path[path.length - 1];
  if (last instanceof Y.XmlText) return { kind: "proseText", schema };
  if (!last) return { kind: "prose", schema, nodeType: schema.topNodeType };
  if (!(last instanceof Y.XmlElement)) return { kind: "unchecked" };
  const nodeType = schema.nodes[last.nodeName];
  // An unknown node was refused when it came; below one, nothing is shown anyway.
  return nodeType ? { kind: "prose", schema, nodeType } : { kind: "unchecked" };
}

const allowedCache = new WeakMap<NodeType, Set<string>>();

/** Every node type that may appear anywhere in a node type's content. */
function allowedChildren(nodeType: NodeType): Set<string> {
  let allowed = allowedCache.get(nodeType);
  if (allowed) return allowed;
  allowed = new Set();
  const seen = new Set([nodeType.contentMatch]);
  const queue = [nodeType.contentMatch];
  while (queue.length > 0) {
    const match = queue.pop()!;
    for (let i = 0; i < match.edgeCount; i++) {
      const { type, next } = match.edge(i);
      allowed.add(type.name);
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  allowedCache.set(nodeType, allowed);
  return allowed;
}

/** The live items of a type's list part. */
function children(type: SharedType): Y.Item[] {
  const items: Y.Item[] = [];
  for (let item = type._start; item; item = item.right) if (!item.deleted) items.push(item);
  return items;
}

function isType<T extends SharedType>(item: Y.Item, kind: abstract new (...args: never[]) => T): item is Y.Item & { content: Y.ContentType & { type: T } } {
  return item.content instanceof Y.ContentType && item.content.type instanceof kind;
}

/** A map entry's value (the last of the values its item holds). */
function lastValue(item: Y.Item): unknown {
  if (!(item.content instanceof Y.ContentAny)) return undefined;
  const values = item.content.getContent();
  return values[values.length - 1];
}

function contentName(item: Y.Item): string {
  if (item.content instanceof Y.ContentType) return `a ${item.content.type.constructor.name.replace(/^_?Y/, "")}`;
  return item.content.constructor.name.replace(/^Content/, "").toLowerCase() + " content";
}
