/**
 * Zip files written byte by byte for the tests of the unpacked-size guard: they can state
 * sizes that are false, which no zip library writes. Only tests import this module.
 */
import { constants, deflateRawSync } from "node:zlib";

/** One entry of {@link buildZip}. */
export interface TestZipEntry {
  /** Path inside the zip. */
  name: string;
  /** The bytes as stored in the file: deflated (method 8) or as they are (method 0). */
  data: Uint8Array;
  /** What the entry really unpacks to; the directory states it unless `claimed` says otherwise. */
  size: number;
  /** Compression method; 8 (deflate) when absent. */
  method?: number;
  /** Uncompressed size the central directory states, when it should lie. */
  claimed?: number;
  /** Uncompressed size the local header (or the data descriptor) states, when it should differ. */
  localClaimed?: number;
  /** General purpose flags, e.g. 1 for an encrypted entry. */
  flags?: number;
  /** Sizes in a data descriptor after the data (flag 8), the local header giving zeros. */
  descriptor?: boolean;
  /** Sizes and offset in ZIP64 extra fields, the 32-bit fields marked 0xFFFFFFFF. */
  zip64?: boolean;
  /** Marks the sizes as ZIP64 but leaves out the extra field. */
  zip64WithoutField?: boolean;
  /** Index of an earlier entry whose local header and data this directory entry reuses. */
  sameDataAs?: number;
}

/** Options of {@link buildZip}. */
export interface TestZipOptions {
  /** Entry count the end record states; the real count when absent. */
  count?: number;
  /** Writes the ZIP64 end record and locator, the end record's fields marked. */
  zip64End?: boolean;
  /** Bytes put in front of the whole zip, shifting every real offset. */
  prefix?: Uint8Array;
}

/**
 * Deflated zeros, made by repeating one flushed 1 MiB block: fast and small even for
 * hundreds of MB, which `deflateRawSync(Buffer.alloc(size))` would first allocate.
 * @param size - unpacked size in bytes, a multiple of 1 MiB
 * @returns raw deflate data
 */
export function deflatedZeros(size: number): Uint8Array {
  const block = deflateRawSync(Buffer.alloc(1024 * 1024), { finishFlush: constants.Z_FULL_FLUSH });
  const final = deflateRawSync(Buffer.alloc(0));
  return Buffer.concat([...Array.from({ length: size / (1024 * 1024) }, () => block), final]);
}

/**
 * A deflated entry of the given content.
 * @param name - path inside the zip
 * @param content - what it unpacks to
 * @returns the entry for {@link buildZip}
 */
export function deflatedEntry(name: string, content: Uint8Array | string): TestZipEntry {
  const bytes = typeof content === "string" ? Buffer.from(content) : content;
  return { name, data: deflateRawSync(bytes), size: bytes.length };
}

/**
 * Writes a zip file with local headers, central directory and end record as given.
 * @param entries - the entries, in file order
 * @param options - count, ZIP64 end record, prefix
 * @returns the zip file
 */
export function buildZip(entries: TestZipEntry[], options: TestZipOptions = {}): Uint8Array {
  const prefix = Buffer.from(options.prefix ?? new Uint8Array());
  const locals: Buffer[] = [];
  const offsets: number[] = [];
  let offset = 0;
  for (const entry of entries) {
    if (entry.sameDataAs !== undefined) {
      offsets.push(offsets[entry.sameDataAs]!);
      continue;
    }
    const name = Buffer.from(entry.name);
    const header = Buffer.alloc(30);
    const localSize = entry.localClaimed ?? entry.claimed ?? entry.size;
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE((entry.flags ?? 0) | (entry.descriptor ? 8 : 0), 6);
    header.writeUInt16LE(entry.method ?? 8, 8);
    header.writeUInt32LE(entry.descriptor ? 0 : entry.data.length, 18);
    header.writeUInt32LE(entry.descriptor ? 0 : localSize, 22);
    header.writeUInt16LE(name.length, 26);
    const descriptor = Buffer.alloc(entry.descriptor ? 16 : 0);
    if (entry.descriptor) {
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(entry.data.length, 8);
      descriptor.writeUInt32LE(localSize, 12);
    }
    offsets.push(offset);
    locals.push(header, name, Buffer.from(entry.data), descriptor);
    offset += header.length + name.length + entry.data.length + descriptor.length;
  }
  const directoryStart = offset;
  const central: Buffer[] = [];
  entries.forEach((entry, index) => {
    const source = entry.sameDataAs !== undefined ? entries[entry.sameDataAs]! : entry;
    const name = Buffer.from(source.name);
    const header = Buffer.alloc(46);
    const claimed = entry.claimed ?? source.claimed ?? source.size;
    const wide = entry.zip64 || entry.zip64WithoutField;
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE((source.flags ?? 0) | (source.descriptor ? 8 : 0), 8);
    header.writeUInt16LE(source.method ?? 8, 10);
    header.writeUInt32LE(wide ? 0xffffffff : source.data.length, 20);
    header.writeUInt32LE(wide ? 0xffffffff : claimed, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(wide ? 0xffffffff : offsets[index]!, 42);
    const extra = Buffer.alloc(entry.zip64 ? 28 : 0);
    if (entry.zip64) {
      extra.writeUInt16LE(1, 0);
      extra.writeUInt16LE(24, 2);
      extra.writeBigUInt64LE(BigInt(claimed), 4);
      extra.writeBigUInt64LE(BigInt(source.data.length), 12);
      extra.writeBigUInt64LE(BigInt(offsets[index]!), 20);
    }
    header.writeUInt16LE(extra.length, 30);
    central.push(header, name, extra);
  });
  const directorySize = central.reduce((sum, part) => sum + part.length, 0);
  const count = options.count ?? entries.length;
  const tail: Buffer[] = [];
  if (options.zip64End) {
    const record = Buffer.alloc(56);
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(44n, 4);
    record.writeBigUInt64LE(BigInt(count), 24);
    record.writeBigUInt64LE(BigInt(count), 32);
    record.writeBigUInt64LE(BigInt(directorySize), 40);
    record.writeBigUInt64LE(BigInt(directoryStart), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(directoryStart + directorySize), 8);
    locator.writeUInt32LE(1, 16);
    tail.push(record, locator);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(options.zip64End ? 0xffff : count, 8);
  end.writeUInt16LE(options.zip64End ? 0xffff : count, 10);
  end.writeUInt32LE(options.zip64End ? 0xffffffff : directorySize, 12);
  end.writeUInt32LE(options.zip64End ? 0xffffffff : directoryStart, 16);
  return new Uint8Array(Buffer.concat([prefix, ...locals, ...central, ...tail, end]));
}
