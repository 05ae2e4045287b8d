import { describe, expect, it } from "vitest";
import { controllingDe, controllingEn } from "../i18n/controlling";
import { centsToEuroInput, describeCorridor, formatCents, formatNumber, formatPercent, parseDecimal, parseEuroToCents } from "./format";

/** Looks a key such as `controlling.corridor.amber` up in the German texts. */
function german(key: string): string {
  return key
    .replace(/^controlling\./, "")
    .split(".")
    .reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], controllingDe) as string;
}

const NBSP = "\u00a0";

describe("formatPercent", () => {
  it("rounds half away from zero to one decimal with a German comma", () => {
    expect(formatPercent(2.25)).toBe(`2,3${NBSP}%`);
    expect(formatPercent(-2.25)).toBe(`−2,3${NBSP}%`);
    expect(formatPercent(2.24)).toBe(`2,2${NBSP}%`);
    expect(formatPercent(0.05)).toBe(`0,1${NBSP}%`);
  });

  it("rounds the decimal people see, not the binary fraction below it (1.15 → 1,2)", () => {
    expect(formatPercent(1.15)).toBe(`1,2${NBSP}%`);
    expect(formatPercent(-1.15)).toBe(`−1,2${NBSP}%`);
    expect(formatPercent(5.000000000000004)).toBe(`5,0${NBSP}%`);
  });

  it("shows the unrounded example values of the KPI command", () => {
    expect(formatPercent(5.929742827576515)).toBe(`5,9${NBSP}%`);
    expect(formatPercent(-2.6604973973395025, true)).toBe(`−2,7${NBSP}%`);
    expect(formatPercent(93.76717032967034)).toBe(`93,8${NBSP}%`);
  });

  it("puts a plus before positive deviations when signed, and no sign on zero", () => {
    expect(formatPercent(5.93, true)).toBe(`+5,9${NBSP}%`);
    expect(formatPercent(0, true)).toBe(`0,0${NBSP}%`);
    expect(formatPercent(-0.04, true)).toBe(`0,0${NBSP}%`);
  });

  it("groups thousands with a dot", () => {
    expect(formatPercent(12345.67)).toBe(`12.345,7${NBSP}%`);
  });
});

describe("formatCents", () => {
  it("writes integer cents as euro exactly, German style", () => {
    expect(formatCents(9850)).toBe(`98,50${NBSP}€`);
    expect(formatCents(193260200)).toBe(`1.932.602,00${NBSP}€`);
    expect(formatCents(5)).toBe(`0,05${NBSP}€`);
    expect(formatCents(0)).toBe(`0,00${NBSP}€`);
  });

  it("writes negative amounts with a minus sign and positive ones with + when signed", () => {
    expect(formatCents(-974570)).toBe(`−9.745,70${NBSP}€`);
    expect(formatCents(616370, true)).toBe(`+6.163,70${NBSP}€`);
  });

  it("stays exact for large amounts", () => {
    expect(formatCents(9007199254740991)).toBe(`90.071.992.547.409,91${NBSP}€`);
  });
});

describe("formatNumber", () => {
  it("rounds to the asked decimals, half away from zero", () => {
    expect(formatNumber(22.77489470792895, { decimals: 2 })).toBe("22,77");
    expect(formatNumber(2.5)).toBe("3");
    expect(formatNumber(-2.5)).toBe("−3");
    expect(formatNumber(5049)).toBe("5.049");
    expect(formatNumber(1.005, { decimals: 2 })).toBe("1,01");
  });

  it("handles numbers JavaScript writes in exponent form", () => {
    expect(formatNumber(1e21)).toBe("1.000.000.000.000.000.000.000");
    expect(formatNumber(1.5e-7, { decimals: 1 })).toBe("0,0");
  });

  it("writes a dash for non-finite values instead of NaN", () => {
    expect(formatNumber(Number.NaN)).toBe("–");
    expect(formatCents(Number.POSITIVE_INFINITY)).toBe("–");
  });
});

describe("parseEuroToCents", () => {
  it("parses German euro input to whole cents exactly", () => {
    expect(parseEuroToCents("98,50")).toBe(9850);
    expect(parseEuroToCents("98,5")).toBe(9850);
    expect(parseEuroToCents("98")).toBe(9800);
    expect(parseEuroToCents("0,29")).toBe(29);
    expect(parseEuroToCents(",07")).toBe(7);
    expect(parseEuroToCents("1.234,56")).toBe(123456);
    expect(parseEuroToCents("1234,56")).toBe(123456);
    expect(parseEuroToCents(" 243,50 € ")).toBe(24350);
  });

  it("never goes through a float: amounts whose float times 100 is off still give exact cents", () => {
    // 1.005 * 100 = 100.49999999999999 and 4.35 * 100 = 434.99999999999994 in floating point.
    expect(parseEuroToCents("4,35")).toBe(435);
    expect(parseEuroToCents("0,57")).toBe(57);
    expect(parseEuroToCents("1,15")).toBe(115);
  });

  it("accepts a decimal point with one or two digits when there is no comma", () => {
    expect(parseEuroToCents("98.50")).toBe(9850);
    expect(parseEuroToCents("1.234")).toBe(123400);
  });

  it("rejects more than two decimals, negatives, bad grouping and text", () => {
    for (const bad of ["98,505", "-1", "1.23.4", "12,34,5", "abc", "", "1,2.3", "1.2345"]) expect(parseEuroToCents(bad)).toBeNull();
  });
});

describe("parseDecimal and centsToEuroInput", () => {
  it("reads German decimals", () => {
    expect(parseDecimal("21,5")).toBe(21.5);
    expect(parseDecimal("12.5")).toBe(12.5);
    expect(parseDecimal("x")).toBeNull();
    expect(parseDecimal("")).toBeNull();
  });

  it("writes cents for an input field and reads them back unchanged", () => {
    for (const cents of [0, 7, 9850, 24350, 123456]) expect(parseEuroToCents(centsToEuroInput(cents))).toBe(cents);
    expect(centsToEuroInput(9850)).toBe("98,50");
  });
});

describe("describeCorridor", () => {
  it("gives each colour its own word and icon, so colour is never the only signal", () => {
    const words = (["green", "amber", "red"] as const).map((colour) => german(describeCorridor({ colour, direction: "above" }).colourKey));
    expect(words).toEqual(["im Korridor", "Warnbereich", "außerhalb des Korridors"]);
    const icons = (["green", "amber", "red"] as const).map((colour) => describeCorridor({ colour, direction: "below" }).icon);
    expect(new Set(icons).size).toBe(3);
  });

  it("says the direction in words: über Budget, unter Budget, genau im Budget", () => {
    expect(german(describeCorridor({ colour: "amber", direction: "above" }).directionKey)).toBe("über Budget");
    expect(german(describeCorridor({ colour: "green", direction: "below" }).directionKey)).toBe("unter Budget");
    expect(german(describeCorridor({ colour: "green", direction: "on" }).directionKey)).toBe("genau im Budget");
    const arrows = (["above", "below", "on"] as const).map((direction) => describeCorridor({ colour: "red", direction }).directionIcon);
    expect(new Set(arrows).size).toBe(3);
  });
});

describe("controlling texts", () => {
  it("has the same keys in German and English", () => {
    const keys = (node: unknown, prefix = ""): string[] => (typeof node === "object" && node !== null ? Object.entries(node).flatMap(([key, value]) => keys(value, `${prefix}${key}.`)) : [prefix]);
    expect(keys(controllingEn).sort()).toEqual(keys(controllingDe).sort());
  });
});
