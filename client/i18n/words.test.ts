import { describe, expect, it } from "vitest";
import { de } from "./de";
import { SIDE_LABELS } from "../../server/exports/labels";
import { SIDE_NAMES } from "../../server/exports/talkOfVersion";
import { disclosureTexts } from "../../shared/kpi/messages";

/**
 * Issue 17, "Words": one name per thing across UI, mails and exports. The funder is the
 * Leistungsträger, the provider the Leistungserbringer; optional fields say "(optional)".
 * "Kostenträger" stays only where it names who pays for a person (the figures column and
 * the external share), which is a different thing, so it is checked where it means the funder.
 */

/** Every string of a nested text object, with its dotted key. */
function texts(value: unknown, path = ""): Array<[string, string]> {
  if (typeof value === "string") return [[path, value]];
  if (typeof value === "function") return [];
  if (value && typeof value === "object") return Object.entries(value).flatMap(([key, inner]) => texts(inner, path ? `${path}.${key}` : key));
  return [];
}

/** The old words, each with why it is wrong. */
const OLD_WORDS: Array<[RegExp, string]> = [
  [/Leistungsanbieter/i, "Leistungserbringer"],
  // "Anbieter", "Anbietern", "Anbieters", "Anbieteranteil" as a word of its own, not inside another word.
  [/(^|[^\p{L}])Anbieter/u, "Leistungserbringer"],
  [/freiwillig/i, "(optional)"],
];

function oldWordsIn(entries: Array<[string, string]>): string[] {
  return entries.flatMap(([key, text]) => OLD_WORDS.filter(([pattern]) => pattern.test(text)).map(([, instead]) => `${key}: "${text}" (say ${instead})`));
}

describe("one name per thing in the German texts", () => {
  it("the German UI says Leistungserbringer and (optional), never Anbieter, Leistungsanbieter or (freiwillig)", () => {
    const all = texts(de);
    expect(all.length).toBeGreaterThan(100);
    expect(oldWordsIn(all)).toEqual([]);
  });

  it("names the two sides Leistungsträger and Leistungserbringer wherever the UI names them", () => {
    const sides = { funder: "Leistungsträger", provider: "Leistungserbringer" };
    expect(de.account.kinds).toEqual(sides);
    expect(de.talks.sides).toMatchObject(sides);
    expect(de.structure.side).toMatchObject(sides);
    expect(de.settlement.decision.sides).toEqual(sides);
  });

  it("the talk's place placeholder names the provider's premises", () => {
    expect(de.talks.schedule.placePlaceholder).toMatch(/Räume des Leistungserbringers/);
  });

  it("the exports and mails name the sides the same way", () => {
    expect(SIDE_LABELS).toMatchObject({ funder: "Leistungsträger", provider: "Leistungserbringer" });
    expect(SIDE_NAMES).toMatchObject({ funder: "Leistungsträger", provider: "Leistungserbringer" });
  });

  it("the conference's disclosure reasons say Leistungserbringer", () => {
    const german = Object.entries(disclosureTexts).map(([key, text]): [string, string] => [key, (text as (...args: unknown[]) => { de: string })(3, 2, 3).de]);
    expect(oldWordsIn(german)).toEqual([]);
  });
});
