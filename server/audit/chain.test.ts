import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { chainHash, hashHex, sameHash } from "./chain";

describe("chainHash", () => {
  it("hashes the previous hash and each field with its type tag and length", () => {
    // The stored chains depend on this exact layout; it must never change.
    const expected = createHash("sha256")
      .update(Buffer.concat([Buffer.alloc(32), Buffer.from([2, 0, 0, 0, 1]), Buffer.from("a"), Buffer.from([0]), Buffer.from([1, 0, 0, 0, 2]), Buffer.from("42"), Buffer.from([3, 0, 0, 0, 2, 7, 8])]))
      .digest("hex");
    expect(hashHex(chainHash(null, ["a", null, 42, new Uint8Array([7, 8])]))).toBe(expected);
  });

  it("tells apart records whose fields only split differently, and depends on the predecessor", () => {
    expect(sameHash(chainHash(null, ["ab", "c"]), chainHash(null, ["a", "bc"]))).toBe(false);
    expect(sameHash(chainHash(null, ["1"]), chainHash(null, [1]))).toBe(false);
    const first = chainHash(null, ["x"]);
    expect(sameHash(chainHash(first, ["y"]), chainHash(null, ["y"]))).toBe(false);
    expect(sameHash(chainHash(first, ["y"]), chainHash(first, ["y"]))).toBe(true);
  });
});
