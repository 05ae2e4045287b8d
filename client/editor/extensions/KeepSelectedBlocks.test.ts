import { describe, expect, it } from "vitest";
import { getSchema } from "@tiptap/core";
import { EditorState, NodeSelection, TextSelection } from "@tiptap/pm/state";
import { documentExtensions } from "../../../shared/document/schema";
import { typeAfterSelectedBlock } from "./KeepSelectedBlocks";

const schema = getSchema(documentExtensions());
const doc = schema.nodeFromJSON({
  type: "doc",
  content: [
    { type: "heading", attrs: { level: 3 }, content: [{ type: "text", text: "Ziel" }] },
    { type: "measure", attrs: { measureId: "m1" } },
    { type: "paragraph", content: [{ type: "text", text: "Satz" }] },
  ],
});
// The heading spans 0..6, the measure 6..7.
const MEASURE_AT = 6;

describe("typeAfterSelectedBlock", () => {
  it("keeps a selected measure and writes the text into a new paragraph after it", () => {
    const state = EditorState.create({ doc, selection: NodeSelection.create(doc, MEASURE_AT) });
    const tr = typeAfterSelectedBlock(state, "/");
    expect(tr).not.toBeNull();
    const next = state.apply(tr!);
    expect(next.doc.child(1).type.name).toBe("measure");
    expect(next.doc.child(1).attrs.measureId).toBe("m1");
    expect(next.doc.child(2).textContent).toBe("/");
    expect(next.doc.child(3).textContent).toBe("Satz");
    expect(next.selection).toBeInstanceOf(TextSelection);
    expect(next.selection.$from.parent).toBe(next.doc.child(2));
    expect(next.selection.$from.parentOffset).toBe(1);
  });

  it("leaves typing in text alone", () => {
    const state = EditorState.create({ doc, selection: TextSelection.create(doc, 2) });
    expect(typeAfterSelectedBlock(state, "x")).toBeNull();
  });
});
