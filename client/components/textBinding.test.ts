import { describe, expect, it } from "vitest";
import { diffText, transformPosition } from "./textBinding";

describe("diffText", () => {
  it("finds a typed character, a deletion and a replaced selection", () => {
    expect(diffText("Hello World", "HelloX World")).toEqual({ index: 5, remove: 0, insert: "X" });
    expect(diffText("Hello World", "Hello Wrld")).toEqual({ index: 7, remove: 1, insert: "" });
    expect(diffText("Hello World", "Hello there")).toEqual({ index: 6, remove: 5, insert: "there" });
    expect(diffText("aaa", "aaaa")).toEqual({ index: 3, remove: 0, insert: "a" });
  });
});

describe("transformPosition", () => {
  it("keeps the caret in place when someone appends after it", () => {
    expect(transformPosition(5, [{ retain: 11 }, { insert: "!" }])).toBe(5);
  });

  it("shifts the caret by text inserted or deleted before it", () => {
    expect(transformPosition(5, [{ insert: "Ja, " }])).toBe(9);
    expect(transformPosition(5, [{ retain: 1 }, { delete: 2 }])).toBe(3);
  });

  it("puts the caret at the start of a deletion that swallowed it", () => {
    expect(transformPosition(5, [{ retain: 3 }, { delete: 4 }])).toBe(3);
  });
});
