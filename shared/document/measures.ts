import { z } from "zod";
import * as Y from "yjs";
import { isPlausibleDate } from "../domain/plausibleDate";

/**
 * Measures live outside the ProseMirror tree, in the top-level map `measures` keyed by
 * measure id; the document holds only a `measure` node naming the id. So moving a
 * measure (delete + insert of the node) never touches its data, and concurrent edits of
 * its fields merge per field instead of being lost with a deleted node.
 */
export const MEASURES_MAP = "measures";

/** Progress of a measure. */
export const MeasureStatusSchema = z.enum(["planned", "in_progress", "done", "postponed", "dropped"]);
export type MeasureStatus = z.infer<typeof MeasureStatusSchema>;

/** The participants' traffic light. */
export const TrafficLightSchema = z.enum(["green", "amber", "red"]);
export type TrafficLight = z.infer<typeof TrafficLightSchema>;

/** Time horizon: short < 1 year, medium 1–3 years, long > 3 years. */
export const HorizonSchema = z.enum(["short", "medium", "long"]);
export type Horizon = z.infer<typeof HorizonSchema>;

/** Who is responsible. */
export const ResponsibleSideSchema = z.enum(["provider", "funder", "both"]);
export type ResponsibleSide = z.infer<typeof ResponsibleSideSchema>;

const IsoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD");

/** The scalar fields of a measure, each merged on its own (last writer wins per field). */
export const MeasureFieldsSchema = z.object({
  /** Short title. */
  title: z.string().max(500),
  /** Provider, funder or both. */
  responsibleSide: ResponsibleSideSchema,
  /** The responsible person, free text. */
  responsiblePerson: z.string().max(200),
  /** Start date, or null. */
  startDate: IsoDateSchema.nullable(),
  /** Due date, or null. */
  dueDate: IsoDateSchema.nullable(),
  /** Progress. */
  status: MeasureStatusSchema,
  /** Traffic light, or null before the participants set one. */
  trafficLight: TrafficLightSchema.nullable(),
  /** Time horizon. */
  horizon: HorizonSchema,
  /** Keys of linked KPIs (see kpiCatalogue.ts). */
  linkedKpis: z.array(z.string().max(100)).max(50),
});
export type MeasureFields = z.infer<typeof MeasureFieldsSchema>;
export type MeasureField = keyof MeasureFields;

/** One talk's status line: what was reported and agreed about the measure. */
export interface StatusLine {
  /** Stable id of the line. */
  id: string;
  /** Date of the steering talk, YYYY-MM-DD. */
  talkDate: string;
  /** What was reported and agreed. */
  text: string;
}

/**
 * A measure's link to the confirmed year-end reconciliation decision (Jahresabgleich) that
 * offsets part of a shortfall by it, valued in euros. Kept as plain values in the measure's
 * map, written only by the server when the decision is confirmed: a client update that
 * touches them is refused like any unknown field ([SYNC15]), and a pasted copy does not
 * carry them. Documents without them open unchanged.
 */
export const MeasureSettlementSchema = z.object({
  /** The decision. */
  settlementId: z.string().min(1).max(100),
  /** The measure's value credited in the decision, cents. */
  settlementValueCents: z.number().int().min(0),
  /** The decision's budget years, "2025" or "2023–2025". */
  settlementSpan: z.string().min(1).max(20),
  /** The provider, for the link to the decision. */
  settlementProviderId: z.string().min(1).max(100),
});
export type MeasureSettlement = z.infer<typeof MeasureSettlementSchema>;

/** The map keys of {@link MeasureSettlement}. */
export const SETTLEMENT_KEYS = Object.keys(MeasureSettlementSchema.shape) as (keyof MeasureSettlement)[];

/** A measure as plain data (description as plain text), for the overview, exports and the server. */
export interface Measure extends MeasureFields {
  /** Stable id; survives moves, a pasted copy gets a new one. */
  id: string;
  /** The description's plain text. */
  description: string;
  /** Status lines, oldest first. */
  statusLines: StatusLine[];
  /** Set when a confirmed reconciliation decision offsets part of a shortfall by this measure. */
  settlement?: MeasureSettlement;
}

/**
 * Fields kept as shared text (Y.Text), so two people typing in them at once merge
 * character by character; the other fields are single values, last writer wins.
 */
export const TEXT_FIELDS = ["title", "responsiblePerson"] as const;
export type MeasureTextField = (typeof TEXT_FIELDS)[number];

function isTextField(field: string): field is MeasureTextField {
  return (TEXT_FIELDS as readonly string[]).includes(field);
}

/** A field's plain value, whether stored as Y.Text or (older documents) as a string. */
function plainValue(value: unknown): unknown {
  return value instanceof Y.Text ? value.toString() : value;
}

/** Field values of a new measure. */
export function defaultMeasureFields(): MeasureFields {
  return {
    title: "",
    responsibleSide: "provider",
    responsiblePerson: "",
    startDate: null,
    dueDate: null,
    status: "planned",
    trafficLight: null,
    horizon: "short",
    linkedKpis: [],
  };
}

/** A new random measure id. */
export function newMeasureId(): string {
  return `m-${crypto.randomUUID()}`;
}

/** The map of all measures of a document. */
export function measuresMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>(MEASURES_MAP);
}

/**
 * Creates a measure's data (the caller inserts the `measure` node naming the id).
 * @param doc - the scorecard document
 * @param id - the new measure's id
 * @param fields - initial fields; defaults for the rest
 * @returns the measure's map
 */
export function createMeasure(doc: Y.Doc, id: string, fields: Partial<MeasureFields> = {}): Y.Map<unknown> {
  const values = MeasureFieldsSchema.parse({ ...defaultMeasureFields(), ...fields });
  const measure = new Y.Map<unknown>();
  doc.transact(() => {
    measuresMap(doc).set(id, measure);
    for (const [key, value] of Object.entries(values)) measure.set(key, isTextField(key) ? new Y.Text(value as string) : value);
    // One empty paragraph from the start, so two people who begin typing at once type
    // into the same paragraph instead of each creating their own.
    const description = new Y.XmlFragment();
    description.insert(0, [new Y.XmlElement("paragraph")]);
    measure.set("description", description);
    measure.set("statusLines", new Y.Array<Y.Map<string>>());
  });
  return measure;
}

/**
 * Sets one field after validating it.
 * @throws ZodError naming the field when the value is invalid
 */
export function setMeasureField<K extends MeasureField>(doc: Y.Doc, id: string, field: K, value: MeasureFields[K]): void {
  const measure = measuresMap(doc).get(id);
  if (!measure) throw new Error(`measure ${id} does not exist`);
  const parsed = MeasureFieldsSchema.shape[field].parse(value);
  const current = measure.get(field);
  if (isTextField(field) && current instanceof Y.Text) {
    doc.transact(() => {
      current.delete(0, current.length);
      current.insert(0, parsed as string);
    });
  } else {
    measure.set(field, isTextField(field) ? new Y.Text(parsed as string) : parsed);
  }
}

/**
 * The shared text of a text field, for an input bound to it; null when the measure does
 * not exist or the field is stored as a plain string by an older document.
 */
export function measureText(doc: Y.Doc, id: string, field: MeasureTextField): Y.Text | null {
  const value = measuresMap(doc).get(id)?.get(field);
  return value instanceof Y.Text ? value : null;
}

/**
 * Appends a talk's status line.
 * @returns the new line's id
 */
export function addStatusLine(doc: Y.Doc, id: string, line: Omit<StatusLine, "id">): string {
  const measure = measuresMap(doc).get(id);
  if (!measure) throw new Error(`measure ${id} does not exist`);
  IsoDateSchema.parse(line.talkDate);
  const lineId = `s-${crypto.randomUUID()}`;
  const entry = new Y.Map<string>();
  doc.transact(() => {
    entry.set("id", lineId);
    entry.set("talkDate", line.talkDate);
    entry.set("text", line.text);
    (measure.get("statusLines") as Y.Array<Y.Map<string>>).push([entry]);
  });
  return lineId;
}

/** The measure's description fragment, edited by its own small rich-text editor. */
export function measureDescription(doc: Y.Doc, id: string): Y.XmlFragment | null {
  return (measuresMap(doc).get(id)?.get("description") as Y.XmlFragment | undefined) ?? null;
}

/** The measure's status lines array. */
export function measureStatusLines(doc: Y.Doc, id: string): Y.Array<Y.Map<string>> | null {
  return (measuresMap(doc).get(id)?.get("statusLines") as Y.Array<Y.Map<string>> | undefined) ?? null;
}

function fragmentText(fragment: Y.XmlFragment | undefined): string {
  if (!fragment) return "";
  const parts: string[] = [];
  const visit = (node: Y.XmlElement | Y.XmlText | Y.XmlFragment) => {
    if (node instanceof Y.XmlText) parts.push(node.toString().replace(/<[^>]+>/g, ""));
    else node.toArray().forEach((child) => visit(child as Y.XmlElement | Y.XmlText));
    if (node instanceof Y.XmlElement && node.nodeName === "paragraph") parts.push("\n");
  };
  visit(fragment);
  return parts.join("").trim();
}

/**
 * Reads a measure as plain data; unknown or malformed field values fall back to the
 * defaults, so a document written by an older or buggy client still opens.
 * @returns the measure, or null when there is no data for the id
 */
export function readMeasure(doc: Y.Doc, id: string): Measure | null {
  const measure = measuresMap(doc).get(id);
  if (!measure) return null;
  const defaults = defaultMeasureFields();
  const fields = {} as Record<MeasureField, unknown>;
  for (const key of Object.keys(defaults) as MeasureField[]) {
    const parsed = MeasureFieldsSchema.shape[key].safeParse(plainValue(measure.get(key)));
    fields[key] = parsed.success ? parsed.data : defaults[key];
  }
  const lines = (measure.get("statusLines") as Y.Array<Y.Map<string>> | undefined)?.toArray() ?? [];
  const settlement = readMeasureSettlement(doc, id);
  return {
    ...(fields as MeasureFields),
    id,
    description: fragmentText(measure.get("description") as Y.XmlFragment | undefined),
    statusLines: lines.map((line) => ({ id: line.get("id") ?? "", talkDate: line.get("talkDate") ?? "", text: line.get("text") ?? "" })),
    ...(settlement ? { settlement } : {}),
  };
}

/**
 * Reads a measure's link to a reconciliation decision.
 * @returns the link, or null when the measure has none (or a malformed one)
 */
export function readMeasureSettlement(doc: Y.Doc, id: string): MeasureSettlement | null {
  const measure = measuresMap(doc).get(id);
  if (!measure || measure.get("settlementId") === undefined) return null;
  const parsed = MeasureSettlementSchema.safeParse(Object.fromEntries(SETTLEMENT_KEYS.map((key) => [key, measure.get(key)])));
  return parsed.success ? parsed.data : null;
}

/**
 * Sets or removes a measure's link to a reconciliation decision, in one transaction. Only
 * the server calls this (a server-made change); clients cannot write these keys.
 * @param doc - the scorecard document
 * @param id - the measure
 * @param link - the link, or null to remove it
 * @returns false when the document has no such measure
 */
export function setMeasureSettlement(doc: Y.Doc, id: string, link: MeasureSettlement | null): boolean {
  const measure = measuresMap(doc).get(id);
  if (!measure) return false;
  const values = link === null ? null : MeasureSettlementSchema.parse(link);
  doc.transact(() => {
    for (const key of SETTLEMENT_KEYS) {
      if (values === null) measure.delete(key);
      else measure.set(key, values[key]);
    }
  });
  return true;
}

/**
 * Copies a measure's data under a new id (for a pasted copy of a measure node).
 * @param doc - the scorecard document
 * @param fromId - the original
 * @param toId - the copy's id
 */
export function copyMeasure(doc: Y.Doc, fromId: string, toId: string): void {
  const original = readMeasure(doc, fromId);
  // A copy is a new measure: the reconciliation decision credits the original, not the copy.
  const { id: _id, description: _description, statusLines, settlement: _settlement, ...fields } = original ?? { ...defaultMeasureFields(), id: "", description: "", statusLines: [] };
  doc.transact(() => {
    createMeasure(doc, toId, fields);
    const source = measureDescription(doc, fromId);
    const target = measureDescription(doc, toId)!;
    if (source && source.length > 0) {
      target.delete(0, target.length);
      target.insert(
        0,
        source.toArray().map((node) => (node as Y.XmlElement | Y.XmlText).clone()),
      );
    }
    for (const line of statusLines) addStatusLine(doc, toId, { talkDate: line.talkDate, text: line.text });
  });
}

/**
 * Warnings about a measure that the editor cannot prevent, shown beside it (never
 * silently corrected): a start or due date outside 1990–2100 (`startDateOutOfRange`,
 * `dueDateOutOfRange`; the date pickers refuse them, but any client can write the shared
 * document), and a due date before the start date (`dueBeforeStart`).
 * @returns the warnings' codes (the client shows them in its language), empty when all is well
 */
export function measureWarnings(measure: Pick<Measure, "startDate" | "dueDate">): string[] {
  const warnings: string[] = [];
  if (measure.startDate && !isPlausibleDate(measure.startDate)) warnings.push("startDateOutOfRange");
  if (measure.dueDate && !isPlausibleDate(measure.dueDate)) warnings.push("dueDateOutOfRange");
  if (measure.startDate && measure.dueDate && measure.dueDate < measure.startDate) {
    warnings.push("dueBeforeStart");
  }
  return warnings;
}

/**
 * Whether a measure is overdue: due before `today` and neither done nor dropped.
 * @param today - YYYY-MM-DD
 */
export function isOverdue(measure: Pick<Measure, "dueDate" | "status">, today: string): boolean {
  return measure.dueDate !== null && measure.dueDate < today && measure.status !== "done" && measure.status !== "dropped";
}
