import { describe, expect, it } from "vitest";
import { buildSnippet, findTerms, foldOnly, foldText, oneLine, searchTerms } from "./snippet";

/** The marked words of a snippet, as text. */
function marked(snippet: { text: string; marks: [number, number][] }): string[] {
  return snippet.marks.map(([from, to]) => snippet.text.slice(from, to));
}

describe("folding and matching", () => {
  it("ignores case, umlaut dots and accents and reads ß as ss, keeping offsets in the original", () => {
    const { folded, origin } = foldText("Straße über Café");
    expect(folded).toBe("strasse uber cafe");
    // "ss" both point at the ß; the end offset is the original's length.
    expect(origin.slice(4, 6)).toEqual([4, 4]);
    expect(origin.at(-1)).toBe("Straße über Café".length);
  });

  it("finds every word of the query in one field, marked in the original text", () => {
    const text = "Beteiligungsrat der Bewohner*innen einrichten; Straße und Bewohner";
    const ranges = findTerms(text, searchTerms("bewohner STRASSE"));
    expect(ranges?.map(([from, to]) => text.slice(from, to))).toEqual(["Bewohner", "Straße", "Bewohner"]);
  });

  it("finds nothing when one word is missing or the query has no words", () => {
    expect(findTerms("Beteiligungsrat einrichten", searchTerms("Beteiligung Familien"))).toBeNull();
    expect(findTerms("Beteiligungsrat", searchTerms("   "))).toBeNull();
  });

  it("keeps at most eight different words", () => {
    expect(searchTerms("a b c d e f g h i j a")).toEqual(["a", "b", "c", "d", "e", "f", "g", "h"]);
  });

  it("joins overlapping occurrences into one mark", () => {
    expect(findTerms("Sozialraumkonferenz", searchTerms("sozialraum raumkonf"))).toEqual([[0, 14]]);
  });
});

describe("snippets", () => {
  it("shows a short field whole, with the hit marked", () => {
    const text = "Beteiligungsrat der Bewohner*innen einrichten";
    const snippet = buildSnippet(text, findTerms(text, ["bewohner"])!);
    expect(snippet.text).toBe(text);
    expect(marked(snippet)).toEqual(["Bewohner"]);
  });

  it("cuts a long text at word boundaries around the first hit, with … where text was left out", () => {
    const words = Array.from({ length: 80 }, (_, i) => `Wort${i}`);
    words[40] = "Quartiersmanagement";
    const text = words.join(" ");
    const snippet = buildSnippet(text, findTerms(text, searchTerms("quartier"))!);
    expect(snippet.text.startsWith("… ")).toBe(true);
    expect(snippet.text.endsWith(" …")).toBe(true);
    expect(snippet.text.length).toBeLessThan(180);
    // Whole words only: no cut word at either end.
    for (const word of snippet.text.replace(/^… | …$/g, "").split(" ")) expect(words).toContain(word);
    expect(marked(snippet)).toEqual(["Quartier"]);
  });

  it("marks later occurrences that fall into the snippet and leaves out those beyond it", () => {
    const text = `Budget ${"x ".repeat(200)}Budget`;
    const snippet = buildSnippet(text, findTerms(text, ["budget"])!);
    expect(marked(snippet)).toEqual(["Budget"]);
    expect(snippet.text.startsWith("Budget")).toBe(true);
  });

  it("reads line breaks and tabs as single spaces", () => {
    expect(oneLine("  Erste Zeile\n\n\tzweite   Zeile ")).toBe("Erste Zeile zweite Zeile");
  });
});

describe("folding without offsets", () => {
  it("folds exactly as the folding with offsets does", () => {
    for (const text of ["Straße ÜBER Café", "ẞ Ǆ İstanbul 𝒜 ΟΔΟΣ", "plain ascii TEXT 123", ""]) expect(foldOnly(text)).toBe(foldText(text).folded);
  });
});
