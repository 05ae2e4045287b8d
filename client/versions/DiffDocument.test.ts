import { beforeAll, describe, expect, it } from "vitest";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import type { DiffMark, DiffNode } from "../../shared/domain/versions";
import { de } from "../i18n/de";
import { DiffDocument, hasChanges } from "./DiffDocument";
import { formatMeasureValue } from "./format";

beforeAll(async () => {
  await i18next.use(initReactI18next).init({ resources: { de: { translation: de } }, lng: "de", interpolation: { escapeValue: false } });
});

const SABINE = { id: "u1", name: "Sabine Sozialamt", colour: "#1f77b4" };
const added: DiffMark = { kind: "added", attribution: { by: SABINE, at: "2026-03-05T13:07:00.000Z" } };
const removed: DiffMark = { kind: "removed", attribution: null };

function render(document: DiffNode, titles: Record<string, string> = {}): string {
  return renderToStaticMarkup(createElement(DiffDocument, { document, measureTitles: new Map(Object.entries(titles)) }));
}

describe("DiffDocument", () => {
  it("puts inserted text in <ins> with the person's name as title and as hidden text", () => {
    const html = render({
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [
            { type: "text", text: "Alt " },
            { type: "text", text: "neu", diff: added },
          ],
        },
      ],
    });
    expect(html).toMatch(/<ins class="diff-added" title="Eingefügt von Sabine Sozialamt, [^"]+" style="--person:#1f77b4"/);
    expect(html).toContain('<span class="visually-hidden">[Eingefügt von Sabine Sozialamt, ');
    expect(html).toContain("neu");
  });

  it("marks a removed block with a border and names an unknown author plainly", () => {
    const html = render({ type: "doc", content: [{ type: "paragraph", diff: removed, content: [{ type: "text", text: "weg" }] }] });
    expect(html).toContain('<p class="diff-block diff-removed" title="Gelöscht"');
    expect(html).toContain("[Gelöscht:]");
  });

  it("passes a row's mark down to its cells, so the table stays valid HTML", () => {
    const html = render({
      type: "doc",
      content: [{ type: "table", content: [{ type: "tableRow", diff: added, content: [{ type: "tableCell", content: [{ type: "paragraph", content: [{ type: "text", text: "Zelle" }] }] }] }] }],
    });
    expect(html).toMatch(/<tr class="diff-block diff-added"[^>]*><td class="diff-block diff-added"[^>]*><span class="visually-hidden">/);
  });

  it("shows a measure as a box with its title from the compare, and never makes a script link clickable", () => {
    const html = render(
      {
        type: "doc",
        content: [
          { type: "measure", attrs: { measureId: "m1" } },
          { type: "paragraph", content: [{ type: "text", text: "klick", marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }] }] },
        ],
      },
      { m1: "Beteiligung stärken" },
    );
    expect(html).toContain('<span class="diff-box-kind">Maßnahme</span><span class="diff-box-title">Beteiligung stärken</span>');
    expect(html).not.toContain("javascript:");
  });

  it("tells whether anything changed", () => {
    expect(hasChanges({ type: "doc", content: [{ type: "paragraph" }] })).toBe(false);
    expect(hasChanges({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "x", diff: added }] }] })).toBe(true);
  });
});

describe("formatMeasureValue", () => {
  it("translates choices, formats dates in German and names empty and missing values", () => {
    const t = i18next.t.bind(i18next);
    expect(formatMeasureValue("status", "in_progress", t, "de")).toBe("in Arbeit");
    expect(formatMeasureValue("dueDate", "2026-03-05", t, "de")).toBe("5.3.2026");
    expect(formatMeasureValue("title", "", t, "de")).toBe("(leer)");
    expect(formatMeasureValue("title", null, t, "de")).toBe("(nicht vorhanden)");
  });
});
