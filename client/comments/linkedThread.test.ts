import { describe, expect, it } from "vitest";
import { linkedThreadId } from "./linkedThread";

describe("linkedThreadId", () => {
  it("reads the thread a question mail links to", () => {
    expect(linkedThreadId("?thread=c-0f1e2d3c-aaaa-4bbb-8ccc-123456789abc")).toBe("c-0f1e2d3c-aaaa-4bbb-8ccc-123456789abc");
    expect(linkedThreadId("?x=1&thread=c-1")).toBe("c-1");
  });

  it("ignores a missing or malformed parameter, so no selector is built from it", () => {
    expect(linkedThreadId("")).toBeNull();
    expect(linkedThreadId("?thread=")).toBeNull();
    expect(linkedThreadId('?thread=c-1"]')).toBeNull();
  });
});
