import { describe, expect, it } from "vitest";
import { getSchema } from "@tiptap/core";
import { EditorState, TextSelection } from "@tiptap/pm/state";
import { documentExtensions } from "../../../shared/document/schema";
import { blockInsertRange } from "./insertBlock";

const schema = getSchema(documentExtensions());
const doc = schema.nodeFromJSON({
  type: "doc",
  content: [{ type: "heading", attrs: { level: 1 }, content: [{ type: "text", text: "Titel" }] }, { type: "paragraph" }, { type: "paragraph", content: [{ type: "text", text: "Satz" }] }],
});

function at(pos: number) {
  return EditorState.create({ doc, selection: TextSelection.create(doc, pos) });
}

describe("blockInsertRange", () => {
  it("inserts after a heading instead of splitting it", () => {
    // Cursor inside "Titel" (positions 1..6); the heading ends at 7.
    expect(blockInsertRange(at(3))).toEqual({ from: 7, to: 7 });
  });

  it("replaces an empty paragraph at the cursor", () => {
    expect(blockInsertRange(at(8))).toEqual({ from: 7, to: 9 });
  });

  it("inserts after the paragraph holding the cursor", () => {
    expect(blockInsertRange(at(11))).toEqual({ from: 15, to: 15 });
  });
});
