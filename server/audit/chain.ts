import { hash } from "node:crypto";

/** A value that takes part in a record's hash. */
export type ChainField = string | number | null | Uint8Array;

/**
 * The hash of one record in a hash chain: SHA-256 over the previous record's hash and
 * the record's fields. Each field is written with a type tag and its length, so no two
 * different records (say "ab","c" and "a","bc") ever hash the same input.
 * @param previous - the previous record's hash, or null for the first record of a chain
 * @param fields - the record's content, in a fixed order
 * @returns the 32-byte hash
 */
export function chainHash(previous: Uint8Array | null, fields: readonly ChainField[]): Uint8Array {
  // One buffer and one-shot digest per record: many small `update` calls, or a Hash object per
  // record (createHash), cost more than the hashing itself (1.3 against 1.8–3.2 µs here).
  const encoded = fields.map((field) => (field === null ? null : typeof field === "number" || typeof field === "string" ? Buffer.from(String(field), "utf8") : field));
  let length = 32;
  for (const bytes of encoded) length += bytes === null ? 1 : 5 + bytes.byteLength;
  const input = Buffer.allocUnsafe(length);
  input.set(previous ?? GENESIS, 0);
  let offset = 32;
  fields.forEach((field, i) => {
    const bytes = encoded[i];
    input[offset++] = field === null ? TAG_NULL : typeof field === "number" ? TAG_NUMBER : typeof field === "string" ? TAG_STRING : TAG_BYTES;
    if (bytes === null) return;
    input.writeUInt32BE(bytes.byteLength, offset);
    input.set(bytes, offset + 4);
    offset += 4 + bytes.byteLength;
  });
  return new Uint8Array(hash("sha256", input, "buffer"));
}

/** Whether two hashes are equal (null only equals null). */
export function sameHash(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === null || b === null) return a === b;
  return Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
}

/** A hash as lower-case hex, for messages and the UI. */
export function hashHex(hash: Uint8Array | null): string | null {
  return hash ? Buffer.from(hash).toString("hex") : null;
}

const GENESIS = new Uint8Array(32);
const TAG_NULL = 0;
const TAG_NUMBER = 1;
const TAG_STRING = 2;
const TAG_BYTES = 3;
