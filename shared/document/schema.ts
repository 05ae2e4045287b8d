import { getSchema, type AnyExtension } from "@tiptap/core";
import StarterKit from "@tiptap/starter-kit";
import { TableKit } from "@tiptap/extension-table";
import { prosemirrorJSONToYDoc, yDocToProsemirrorJSON } from "@tiptap/y-tiptap";
import * as Y from "yjs";
import { KpiBlockNode, MeasureNode } from "./nodes";

/**
 * Version of the document schema. Raise it whenever a node or attribute changes in a way
 * an older editor would mangle; the server then asks older editors to reload.
 * 1: text, headings, lists. 2: tables, measure and KPI blocks, measures map. A version-1
 * document is a valid version-2 document, so old scorecards open unchanged.
 */
export const DOCUMENT_SCHEMA_VERSION = 2;

/** Name of the Yjs XML fragment that holds the ProseMirror document. */
export const DOCUMENT_FIELD = "default";

/** A ProseMirror document as JSON. */
export interface DocumentJson {
  /** Node type name. */
  type: string;
  /** Node attributes. */
  attrs?: Record<string, unknown>;
  /** Child nodes. */
  content?: DocumentJson[];
  /** Text of a text node. */
  text?: string;
  /** Marks of a text node. */
  marks?: { type: string; attrs?: Record<string, unknown> }[];
}

/** Client versions of the block nodes (same schema, plus views and commands). */
export interface BlockNodeOverrides {
  /** Replaces the plain `measure` node. */
  measure?: AnyExtension;
  /** Replaces the plain `kpiBlock` node. */
  kpiBlock?: AnyExtension;
}

/**
 * The Tiptap extensions that define the document's nodes and marks. The editor adds
 * collaboration on top and its own views of the block nodes; the server uses the plain
 * list to read and write documents, so both always agree on the schema.
 * @param overrides - the editor's versions of the block nodes
 */
export function documentExtensions(overrides: BlockNodeOverrides = {}): AnyExtension[] {
  // Collaboration brings its own undo manager; StarterKit's history would fight it.
  return [StarterKit.configure({ undoRedo: false }), TableKit.configure({ table: { resizable: false } }), overrides.measure ?? MeasureNode, overrides.kpiBlock ?? KpiBlockNode];
}

/**
 * The extensions of a measure's description, a small rich-text editor of its own: text,
 * lists and emphasis, no headings or rules (the description sits below a goal heading).
 */
export function descriptionExtensions(): AnyExtension[] {
  return [StarterKit.configure({ undoRedo: false, heading: false, horizontalRule: false, codeBlock: false })];
}

/**
 * Builds a Yjs update holding the given document, for the server to seed a new scorecard.
 * @param json - the document as ProseMirror JSON
 * @returns a Yjs update that creates the document in an empty Y.Doc
 */
export function documentJsonToUpdate(json: DocumentJson): Uint8Array {
  const doc = prosemirrorJSONToYDoc(getSchema(documentExtensions()), json, DOCUMENT_FIELD);
  return Y.encodeStateAsUpdate(doc);
}

/**
 * Reads the ProseMirror JSON out of a Y.Doc.
 * @param doc - a scorecard's Y.Doc
 * @returns the document as JSON
 */
export function yDocToDocumentJson(doc: Y.Doc): DocumentJson {
  return yDocToProsemirrorJSON(doc, DOCUMENT_FIELD) as DocumentJson;
}
