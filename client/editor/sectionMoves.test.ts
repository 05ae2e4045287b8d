import { describe, expect, it } from "vitest";
import { getSchema } from "@tiptap/core";
import type { Node as PMNode } from "@tiptap/pm/model";
import { Transform } from "@tiptap/pm/transform";
import { documentExtensions, type DocumentJson } from "../../shared/document/schema";
import { documentContentEnd, findSection, insertSection, moveSection, planSectionMove, removeSection } from "./sectionMoves";

const schema = getSchema(documentExtensions());
const h = (level: number, text: string): DocumentJson => ({ type: "heading", attrs: { level }, content: [{ type: "text", text }] });
const p = (text: string): DocumentJson => ({ type: "paragraph", content: [{ type: "text", text }] });
const m = (id: string): DocumentJson => ({ type: "measure", attrs: { measureId: id } });

function build(content: DocumentJson[]): PMNode {
  return schema.nodeFromJSON({ type: "doc", content });
}

/** Each top-level node as a short label: "h2:Finanzen", "p:Intro", "m:m-1". */
function labels(doc: PMNode): string[] {
  const result: string[] = [];
  doc.forEach((node) => {
    if (node.type.name === "heading") result.push(`h${node.attrs.level}:${node.textContent}`);
    else if (node.type.name === "measure") result.push(`m:${node.attrs.measureId}`);
    else result.push(`p:${node.textContent}`);
  });
  return result;
}

// 0 h1, 1 p, 2 h2 Finanzen, 3 p, 4 h3 Budget, 5 m-1, 6 h3 Kosten, 7 m-2, 8 h2 Personal, 9 h3 Gewinnen, 10 m-3
const scorecard = () => build([h(1, "BSC"), p("Intro"), h(2, "Finanzen"), p("Über Finanzen"), h(3, "Budget"), m("m-1"), h(3, "Kosten"), m("m-2"), h(2, "Personal"), h(3, "Gewinnen"), m("m-3")]);

describe("findSection", () => {
  it("extends a perspective's section over its goals and measures up to the next perspective", () => {
    const section = findSection(scorecard(), 2);
    expect(section).toMatchObject({ index: 2, endIndex: 8, level: 2 });
  });

  it("ends a goal's section at the next goal", () => {
    expect(findSection(scorecard(), 4)).toMatchObject({ index: 4, endIndex: 6, level: 3 });
  });

  it("ends the last goal of a perspective at the next perspective", () => {
    expect(findSection(scorecard(), 6)).toMatchObject({ index: 6, endIndex: 8, level: 3 });
  });

  it("leaves the empty paragraph that ends the document (the editor's trailing node) out of the last section", () => {
    const doc = build([h(2, "Finanzen"), m("m-1"), h(2, "Personal"), m("m-2"), { type: "paragraph" }]);
    expect(findSection(doc, 2)).toMatchObject({ endIndex: 4, to: doc.content.size - 2 });
  });

  it("returns null when the index is not a heading", () => {
    expect(findSection(scorecard(), 5)).toBeNull();
    expect(findSection(scorecard(), 99)).toBeNull();
  });
});

describe("moveSection", () => {
  it("moving a perspective down swaps the whole sections, goals and measures included", () => {
    const tr = new Transform(scorecard());
    const newIndex = moveSection(tr, 2, "down");
    expect(labels(tr.doc)).toEqual(["h1:BSC", "p:Intro", "h2:Personal", "h3:Gewinnen", "m:m-3", "h2:Finanzen", "p:Über Finanzen", "h3:Budget", "m:m-1", "h3:Kosten", "m:m-2"]);
    expect(newIndex).toBe(5);
    expect(tr.doc.child(newIndex!).textContent).toBe("Finanzen");
  });

  it("moving a perspective up puts it before the previous perspective, leaving the intro above both", () => {
    const tr = new Transform(scorecard());
    const newIndex = moveSection(tr, 8, "up");
    expect(labels(tr.doc).slice(0, 5)).toEqual(["h1:BSC", "p:Intro", "h2:Personal", "h3:Gewinnen", "m:m-3"]);
    expect(newIndex).toBe(2);
    expect(tr.doc.childCount).toBe(11);
  });

  it("moving the first perspective up is a no-op", () => {
    const doc = scorecard();
    const tr = new Transform(doc);
    expect(planSectionMove(doc, 2, "up")).toBeNull();
    expect(moveSection(tr, 2, "up")).toBeNull();
    expect(tr.steps).toHaveLength(0);
    expect(tr.doc.eq(doc)).toBe(true);
  });

  it("moving the last perspective down is a no-op", () => {
    expect(planSectionMove(scorecard(), 8, "down")).toBeNull();
  });

  it("moving a goal down swaps it with the next goal but keeps the perspective's own text above", () => {
    const tr = new Transform(scorecard());
    moveSection(tr, 4, "down");
    expect(labels(tr.doc).slice(2, 8)).toEqual(["h2:Finanzen", "p:Über Finanzen", "h3:Kosten", "m:m-2", "h3:Budget", "m:m-1"]);
  });

  it("does not move a goal out of its perspective: the last goal cannot move down, the first cannot move up", () => {
    const doc = scorecard();
    expect(planSectionMove(doc, 6, "down")).toBeNull();
    expect(planSectionMove(doc, 9, "up")).toBeNull();
    expect(planSectionMove(doc, 4, "up")).toBeNull();
  });

  it("keeps the trailing empty paragraph at the end when the last perspective moves up or another moves below it", () => {
    const withTrailing = () => build([h(2, "Finanzen"), m("m-1"), h(2, "Personal"), m("m-2"), { type: "paragraph" }]);
    const up = new Transform(withTrailing());
    moveSection(up, 2, "up");
    expect(labels(up.doc)).toEqual(["h2:Personal", "m:m-2", "h2:Finanzen", "m:m-1", "p:"]);
    const down = new Transform(withTrailing());
    moveSection(down, 0, "down");
    expect(labels(down.doc)).toEqual(["h2:Personal", "m:m-2", "h2:Finanzen", "m:m-1", "p:"]);
  });

  it("moves the same content that was there, in one cut and one insert", () => {
    const doc = scorecard();
    const tr = new Transform(doc);
    moveSection(tr, 2, "down");
    expect(tr.steps).toHaveLength(2);
    expect(tr.doc.content.size).toBe(doc.content.size);
  });
});

describe("removeSection", () => {
  it("removing a goal removes its measures' nodes but not the next goal", () => {
    const tr = new Transform(scorecard());
    expect(removeSection(tr, 4)).toBe(true);
    expect(labels(tr.doc).slice(2)).toEqual(["h2:Finanzen", "p:Über Finanzen", "h3:Kosten", "m:m-2", "h2:Personal", "h3:Gewinnen", "m:m-3"]);
  });

  it("removing a perspective removes its goals and measures up to the next perspective", () => {
    const tr = new Transform(scorecard());
    removeSection(tr, 2);
    expect(labels(tr.doc)).toEqual(["h1:BSC", "p:Intro", "h2:Personal", "h3:Gewinnen", "m:m-3"]);
  });

  it("leaves one empty paragraph when the removed section was the whole document", () => {
    const tr = new Transform(build([h(2, "Allein"), m("m-9")]));
    removeSection(tr, 0);
    expect(tr.doc.childCount).toBe(1);
    expect(tr.doc.child(0).type.name).toBe("paragraph");
  });

  it("does nothing when the index is not a heading", () => {
    const tr = new Transform(scorecard());
    expect(removeSection(tr, 5)).toBe(false);
    expect(tr.steps).toHaveLength(0);
  });
});

describe("insertSection", () => {
  it("adding a goal at the end of a perspective's section puts it after the perspective's last goal and its measures", () => {
    const doc = scorecard();
    const tr = new Transform(doc);
    const pos = insertSection(tr, findSection(doc, 2)!.to, 3, "Neues Ziel");
    expect(labels(tr.doc).slice(6, 11)).toEqual(["h3:Kosten", "m:m-2", "h3:Neues Ziel", "p:", "h2:Personal"]);
    expect(tr.doc.textBetween(pos + 1, pos + 1 + "Neues Ziel".length)).toBe("Neues Ziel");
  });

  it("adding a perspective at the document's end appends a level-2 heading and an empty paragraph", () => {
    const doc = scorecard();
    const tr = new Transform(doc);
    insertSection(tr, doc.content.size, 2, "Neue Perspektive");
    expect(labels(tr.doc).slice(-3)).toEqual(["m:m-3", "h2:Neue Perspektive", "p:"]);
  });

  it("adding a perspective to a document ending in an empty paragraph puts it before that paragraph", () => {
    const doc = build([h(2, "Finanzen"), p("Text"), { type: "paragraph" }]);
    const tr = new Transform(doc);
    insertSection(tr, documentContentEnd(doc), 2, "Neue Perspektive");
    expect(labels(tr.doc)).toEqual(["h2:Finanzen", "p:Text", "h2:Neue Perspektive", "p:", "p:"]);
  });
});
