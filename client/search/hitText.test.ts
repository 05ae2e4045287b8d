import { describe, expect, it } from "vitest";
import type { TFunction } from "i18next";
import type { SearchHit } from "../../shared/domain/search";
import { de } from "../i18n/de";
import { hitHref, hitPlace, snippetParts } from "./hitText";

/** The German texts with their {{placeholders}} filled, as i18next does. */
const t = ((key: string, values: Record<string, unknown> = {}) => {
  const text = key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], de) as string;
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name]));
}) as unknown as TFunction;

function hit(fields: Partial<SearchHit>): SearchHit {
  return {
    scorecardId: "sc1",
    scorecardTitle: "BSC",
    provider: null,
    kind: "measure",
    perspective: "Finanzen & Budget",
    goal: "Ressourcen im Blick behalten",
    measureTitle: "Beteiligungsrat einrichten",
    field: "title",
    headingLevel: null,
    kpiBlock: null,
    comment: null,
    snippet: { text: "", marks: [] },
    target: { kind: "measure", measureId: "m-1" },
    ...fields,
  };
}

describe("search hits", () => {
  it("link to the measure, the block, the thread or the scorecard", () => {
    expect(hitHref(hit({}))).toBe("/scorecards/sc1#measure-m-1");
    expect(hitHref(hit({ target: { kind: "block", index: 4 } }))).toBe("/scorecards/sc1#block-4");
    expect(hitHref(hit({ target: { kind: "thread", threadId: "c-1" } }))).toBe("/scorecards/sc1?thread=c-1");
    expect(hitHref(hit({ target: { kind: "scorecard" } }))).toBe("/scorecards/sc1");
  });

  it("say in German where they stand", () => {
    expect(hitPlace(hit({ field: "description" }), t, "de")).toBe("„Beteiligungsrat einrichten“ · Beschreibung · unter Ziel „Ressourcen im Blick behalten“");
    expect(hitPlace(hit({ kind: "text", headingLevel: 3, goal: null, measureTitle: null }), t, "de")).toBe("Ziel · unter Perspektive „Finanzen & Budget“");
    expect(hitPlace(hit({ kind: "text", kpiBlock: { kpi: "valueDeviationPct", period: "2025-Q2" }, measureTitle: null }), t, "de")).toBe(
      "Erläuterung zur Kennzahl Abweichung Leistungswert vom Budget (2025-Q2) · unter Ziel „Ressourcen im Blick behalten“",
    );
    expect(hitPlace(hit({ kind: "comment", comment: { author: "Gerd Gast-A", resolved: true, reply: true } }), t, "de")).toBe(
      "Frage zu „Beteiligungsrat einrichten“ · Antwort von Gerd Gast-A · erledigt",
    );
    expect(hitPlace(hit({ kind: "title" }), t, "de")).toBe("Scorecard öffnen");
  });

  it("split a snippet into marked and unmarked pieces", () => {
    expect(
      snippetParts({
        text: "… der Bewohner*innen und Bewohner",
        marks: [
          [6, 14],
          [25, 33],
        ],
      }),
    ).toEqual([
      { text: "… der ", marked: false },
      { text: "Bewohner", marked: true },
      { text: "*innen und ", marked: false },
      { text: "Bewohner", marked: true },
    ]);
  });
});
