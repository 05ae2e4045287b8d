import * as Y from "yjs";
import { getSchema } from "@tiptap/core";
import { updateYFragment, yXmlFragmentToProseMirrorRootNode } from "@tiptap/y-tiptap";
import { DOCUMENT_FIELD, documentExtensions } from "../../shared/document/schema";
import { measuresMap } from "../../shared/document/measures";

const schema = getSchema(documentExtensions());

/**
 * Makes the live document read like an older version, as ordinary changes on top of
 * today's state: history is never rewritten, and the compare of "before restore" with
 * "after restore" shows exactly what the restore changed. Unchanged paragraphs and
 * measure fields are left alone, so a restore is as small as the difference.
 * Call inside one transaction on the live document.
 * @param live - the live document (through its room)
 * @param version - a document built from the version's state
 */
export function restoreInto(live: Y.Doc, version: Y.Doc): void {
  // Computed before anything is written, so a schema problem changes nothing.
  const target = yXmlFragmentToProseMirrorRootNode(version.getXmlFragment(DOCUMENT_FIELD), schema);
  updateYFragment(live, live.getXmlFragment(DOCUMENT_FIELD), target, { mapping: new Map(), isOMark: new Map() });

  const liveMeasures = measuresMap(live);
  for (const [id, older] of measuresMap(version)) {
    const current = liveMeasures.get(id);
    if (!current) {
      liveMeasures.set(id, older.clone());
      continue;
    }
    for (const [key, value] of older) restoreEntry(current, key, value);
  }
  // Measures created after the version keep their data: their blocks are gone from the
  // document, and the data stays readable in the history.
}

function restoreEntry(current: Y.Map<unknown>, key: string, older: unknown): void {
  const now = current.get(key);
  if (older instanceof Y.Text && now instanceof Y.Text) {
    replaceText(now, older.toString());
  } else if (older instanceof Y.AbstractType) {
    if (!(now instanceof Y.AbstractType) || JSON.stringify(now.toJSON()) !== JSON.stringify(older.toJSON())) {
      current.set(key, (older as Y.Map<unknown> | Y.Array<unknown> | Y.XmlFragment).clone());
    }
  } else if (JSON.stringify(now) !== JSON.stringify(older)) {
    current.set(key, older);
  }
}

/** Replaces only the differing middle of a text, so unchanged characters keep their authors. */
function replaceText(text: Y.Text, value: string): void {
  const old = text.toString();
  if (old === value) return;
  let start = 0;
  while (start < old.length && start < value.length && old[start] === value[start]) start += 1;
  let end = 0;
  while (end < old.length - start && end < value.length - start && old[old.length - 1 - end] === value[value.length - 1 - end]) end += 1;
  text.delete(start, old.length - start - end);
  text.insert(start, value.slice(start, value.length - end));
}
