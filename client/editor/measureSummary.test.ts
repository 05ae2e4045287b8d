import { describe, expect, it } from "vitest";
import { formatGermanDate, lastStatusLine, localToday, shorten } from "./measureSummary";

describe("the compact measure line's words", () => {
  it("writes dates the German way and leaves anything else alone", () => {
    expect(formatGermanDate("2020-01-15")).toBe("15.01.2020");
    expect(formatGermanDate("2020-1-5")).toBe("2020-1-5");
    expect(localToday(new Date(2026, 2, 4, 23, 59))).toBe("2026-03-04");
  });

  it("takes the status line of the latest talk, and of one day the one written last", () => {
    expect(lastStatusLine([])).toBeNull();
    const lines = [
      { id: "a", talkDate: "2026-03-10", text: "März" },
      { id: "b", talkDate: "2025-12-01", text: "Dezember" },
      { id: "c", talkDate: "2026-03-10", text: "März, Nachtrag" },
    ];
    expect(lastStatusLine(lines)?.id).toBe("c");
  });

  it("shortens a long status line at a word with an ellipsis and keeps a short one whole", () => {
    expect(shorten("  Erste   Sitzung\nam Montag ")).toBe("Erste Sitzung am Montag");
    const long = "Der Beirat hat sich konstituiert und eine Geschäftsordnung beschlossen";
    const short = shorten(long, 40);
    expect(short.endsWith(" …")).toBe(true);
    expect(long.startsWith(short.slice(0, -2))).toBe(true);
    expect(short.length).toBeLessThanOrEqual(42);
    // No space late enough: cut inside the word rather than lose most of the line.
    expect(shorten("Leistungsberechtigtenvertretungsgeschäftsordnung", 20)).toBe("Leistungsberechtigte …");
  });
});
