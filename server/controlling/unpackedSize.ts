/**
 * The unpacked-size guard for zip-based uploads (an Excel .xlsx; a .docx or .odt alike):
 * before a library unpacks an upload, every entry is inflated here once, counting the bytes
 * it really yields and keeping none of them. A file whose zip directory understates its
 * content (a "zip bomb": 1.3 KB claimed, 400 MB inside) is refused while the memory used
 * stays at one inflate window, whatever the file claims.
 *
 * The entries are read as JSZip (inside exceljs) reads them: listed by the central
 * directory, each one's data behind its local header, as long as the central directory
 * says. Whatever another reader could see differently (the sizes in a local header or a data
 * descriptor, where the directory lies, ZIP64 records) has to agree, or the file is refused.
 */
import { createInflateRaw } from "node:zlib";

/** What an uploaded zip may unpack to in total; a real figures workbook is well under 1 MB. */
export const MAX_UNPACKED_BYTES = 50 * 1024 * 1024;

/** Most entries an uploaded zip may have; a workbook has a few dozen. */
export const MAX_ZIP_ENTRIES = 10_000;

/**
 * Why a zip was refused: `not_zip` (no zip directory at its end: not a zip, or cut off),
 * `too_large` (unpacks to more than the limit), `damaged` (inconsistent, truncated, or its
 * directory misstates what an entry unpacks to), `unsupported` (encrypted, an unknown
 * compression method, split archives, too many entries).
 */
export type UnpackedSizeProblem = "not_zip" | "too_large" | "damaged" | "unsupported";

/** The outcome of {@link checkUnpackedSize}. */
export type UnpackedSizeCheck =
  | {
      ok: true;
      /** What all entries really unpack to, in bytes. */
      bytes: number;
      /** Number of entries. */
      entries: number;
    }
  | {
      ok: false;
      /** The kind of problem, for the caller's message. */
      problem: UnpackedSizeProblem;
      /** What exactly is wrong, in German, to follow e.g. "Die Datei ist beschädigt: ": `der Eintrag „xl/styles.xml“ bricht vorzeitig ab`. */
      detail: string;
      /** The same in English, to follow e.g. "The file is damaged: ": `entry "xl/styles.xml" ends early`. */
      detailEn: string;
    };

/** Limits of {@link checkUnpackedSize}. */
export interface UnpackedSizeLimits {
  /** Largest total of unpacked bytes; {@link MAX_UNPACKED_BYTES} when absent. */
  maxBytes?: number;
  /** Most entries; {@link MAX_ZIP_ENTRIES} when absent. */
  maxEntries?: number;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_DIRECTORY = 0x06054b50;
const ZIP64_END_OF_DIRECTORY = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
const DATA_DESCRIPTOR = 0x08074b50;
const ZIP64_EXTRA = 0x0001;
/** A 32-bit size or offset of this value stands for one in the ZIP64 extra field. */
const ZIP64_MARK = 0xffffffff;
const STORED = 0;
const DEFLATED = 8;
const FLAG_ENCRYPTED = 0x0001;
const FLAG_DATA_DESCRIPTOR = 0x0008;

/** Thrown inside the guard and turned into its result, so each check is one line; German first, English second. */
class ZipRefusal extends Error {
  constructor(
    readonly problem: UnpackedSizeProblem,
    detail: string,
    readonly detailEn: string,
  ) {
    super(detail);
  }
}

const damaged = (detail: string, detailEn: string) => new ZipRefusal("damaged", detail, detailEn);
const truncated = () => damaged("sie ist unvollständig (abgeschnitten)", "it is incomplete (cut off)");
const multiPart = () => new ZipRefusal("unsupported", "sie ist ein mehrteiliges Archiv", "it is a multi-part archive");

/** Little-endian reads that refuse to run past the end of the file. */
class Bytes {
  readonly view: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  private check(at: number, size: number): void {
    if (at < 0 || at + size > this.bytes.length) throw truncated();
  }
  u16(at: number): number {
    this.check(at, 2);
    return this.view.getUint16(at, true);
  }
  u32(at: number): number {
    this.check(at, 4);
    return this.view.getUint32(at, true);
  }
  u64(at: number): number {
    this.check(at, 8);
    const value = this.view.getBigUint64(at, true);
    // Nothing this large fits in an upload; JSZip would misread it, so it must not pass.
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw damaged("eine ZIP64-Größenangabe ist unmöglich groß", "a ZIP64 size is impossibly large");
    return Number(value);
  }
  /** Where the signature last occurs at or before `from`, as JSZip searches; -1 if nowhere. */
  lastIndexOf(signature: number, from: number, stop = 0): number {
    for (let at = Math.min(from, this.bytes.length - 4); at >= stop; at--) if (this.view.getUint32(at, true) === signature) return at;
    return -1;
  }
}

/** One entry as JSZip will unpack it. */
interface Entry {
  /** Name, for messages. */
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Where its compressed data starts. */
  dataStart: number;
}

const utf8 = new TextDecoder("utf-8");

/** An entry's name for a message: printable and short, since the file chooses it. */
function nameOf(bytes: Uint8Array): string {
  const text = utf8.decode(bytes).replace(/[\u0000-\u001f\u007f]/g, "?");
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

const formatNumber = (value: number, language: "de" | "en" = "de") => value.toLocaleString(language === "de" ? "de-DE" : "en-GB");

/** A size for a message: whole MB from 1 MB on, else bytes; German unless `en` is asked for. */
function formatSize(bytes: number, language: "de" | "en" = "de"): string {
  return bytes >= 1048576 ? `${formatNumber(Math.round(bytes / 1048576), language)} MB` : `${formatNumber(bytes, language)} ${language === "de" ? "Bytes" : "bytes"}`;
}

/** The fields of the ZIP64 extra field (id 1), read in their fixed order for the values marked 0xFFFFFFFF. */
function applyZip64(file: Bytes, extraStart: number, extraLength: number, values: number[], name: string): number[] {
  let field = -1;
  let fieldLength = 0;
  // The loop condition is JSZip's (`index + 4 < end`), so both see the same fields.
  for (let at = extraStart; at + 4 < extraStart + extraLength;) {
    const id = file.u16(at);
    const length = file.u16(at + 2);
    if (at + 4 + length > extraStart + extraLength) throw damaged(`ein Zusatzfeld des Eintrags „${name}“ ragt über seinen Kopf hinaus`, `an extra field of entry "${name}" runs past its header`);
    if (id === ZIP64_EXTRA) {
      // JSZip keeps the last of several; a second one can only serve to mislead.
      if (field >= 0) throw damaged(`der Eintrag „${name}“ hat zwei ZIP64-Felder`, `entry "${name}" has two ZIP64 fields`);
      field = at + 4;
      fieldLength = length;
    }
    at += 4 + length;
  }
  let next = 0;
  return values.map((value) => {
    if (value !== ZIP64_MARK) return value;
    if (field < 0 || next + 8 > fieldLength) throw damaged(`dem Eintrag „${name}“ fehlen Größenangaben (ZIP64)`, `entry "${name}" lacks sizes (ZIP64)`);
    next += 8;
    return file.u64(field + next - 8);
  });
}

/** The central directory's position and size, checked against the end records. */
function findDirectory(file: Bytes, maxEntries: number): { start: number; end: number; count: number } {
  // JSZip takes the last end record in the file; it must lie where a zip comment allows.
  const end = file.lastIndexOf(END_OF_DIRECTORY, file.bytes.length - 4, Math.max(0, file.bytes.length - 22 - 0xffff));
  if (end < 0) throw new ZipRefusal("not_zip", "sie ist keine ZIP-Datei oder unvollständig", "it is not a ZIP file, or incomplete");
  const disk = file.u16(end + 4);
  const directoryDisk = file.u16(end + 6);
  let entriesHere = file.u16(end + 8);
  let count = file.u16(end + 10);
  let size = file.u32(end + 12);
  let start = file.u32(end + 16);
  let directoryEnd = end;
  if ([disk, directoryDisk, entriesHere, count].includes(0xffff) || size === ZIP64_MARK || start === ZIP64_MARK) {
    // JSZip takes the last locator in the file, which must be the one just before the end record.
    const locator = file.lastIndexOf(ZIP64_LOCATOR, file.bytes.length - 4, Math.max(0, end - 20));
    if (locator !== end - 20) throw damaged("ihr ZIP64-Verzeichnis ist nicht auffindbar", "its ZIP64 directory cannot be found");
    if (file.u32(locator + 4) !== 0 || file.u32(locator + 16) > 1) throw multiPart();
    const record = file.u64(locator + 8);
    if (file.u32(record) !== ZIP64_END_OF_DIRECTORY) throw damaged("ihr ZIP64-Verzeichnis ist nicht auffindbar", "its ZIP64 directory cannot be found");
    if (record + 12 + file.u64(record + 4) !== locator) throw damaged("ihr ZIP64-Verzeichnis hat eine falsche Länge", "its ZIP64 directory has a wrong length");
    if (file.u32(record + 16) !== 0 || file.u32(record + 20) !== 0) throw multiPart();
    entriesHere = file.u64(record + 24);
    count = file.u64(record + 32);
    size = file.u64(record + 40);
    start = file.u64(record + 48);
    directoryEnd = record;
  } else if (disk !== 0 || directoryDisk !== 0) {
    throw multiPart();
  }
  if (entriesHere !== count) throw multiPart();
  // Data before the directory shifts JSZip's offsets ("extra bytes"); only an exact fit reads alike.
  if (start + size !== directoryEnd) throw damaged("ihr Inhaltsverzeichnis liegt nicht dort, wo sie es angibt", "its directory is not where it says");
  if (count > maxEntries) throw new ZipRefusal("unsupported", `sie hat mehr als ${formatNumber(maxEntries)} Einträge`, `it has more than ${formatNumber(maxEntries, "en")} entries`);
  return { start, end: directoryEnd, count };
}

/** The sizes a data descriptor after the data states: with or without signature, 32 or 64 bit. */
function descriptorAgrees(file: Bytes, at: number, entry: Entry): boolean {
  const starts = at + 4 <= file.bytes.length && file.u32(at) === DATA_DESCRIPTOR ? [at + 4, at] : [at];
  return starts.some((start) =>
    [false, true].some((wide) => {
      if (start + (wide ? 20 : 12) > file.bytes.length) return false;
      // Read without the range check of u64: a layout that does not fit simply does not agree.
      const size = (offset: number) => (wide ? file.view.getBigUint64(offset, true) : BigInt(file.view.getUint32(offset, true)));
      const uncompressedAt = wide ? start + 12 : start + 8;
      return file.u32(start) === entry.crc && size(start + 4) === BigInt(entry.compressedSize) && size(uncompressedAt) === BigInt(entry.uncompressedSize);
    }),
  );
}

/** Reads one central directory entry and its local header; checks that both tell the same. */
function readEntry(file: Bytes, at: number, directoryEnd: number): { entry: Entry; next: number } {
  if (at + 46 > directoryEnd || file.u32(at) !== CENTRAL_HEADER) throw damaged("ihr Inhaltsverzeichnis ist unvollständig", "its directory is incomplete");
  const flags = file.u16(at + 8);
  const method = file.u16(at + 10);
  const crc = file.u32(at + 16);
  const nameLength = file.u16(at + 28);
  const extraLength = file.u16(at + 30);
  const next = at + 46 + nameLength + extraLength + file.u16(at + 32);
  if (next > directoryEnd) throw damaged("ihr Inhaltsverzeichnis ist unvollständig", "its directory is incomplete");
  const name = nameOf(file.bytes.subarray(at + 46, at + 46 + nameLength));
  const [uncompressedSize, compressedSize, localOffset] = applyZip64(file, at + 46 + nameLength, extraLength, [file.u32(at + 24), file.u32(at + 20), file.u32(at + 42)], name);
  if (flags & FLAG_ENCRYPTED) throw new ZipRefusal("unsupported", `der Eintrag „${name}“ ist verschlüsselt`, `entry "${name}" is encrypted`);
  if (method !== STORED && method !== DEFLATED)
    throw new ZipRefusal(
      "unsupported",
      `der Eintrag „${name}“ ist mit einem nicht unterstützten Verfahren (${method}) komprimiert`,
      `entry "${name}" is compressed with an unsupported method (${method})`,
    );

  if (file.u32(localOffset) !== LOCAL_HEADER) throw damaged(`der Eintrag „${name}“ fehlt an der angegebenen Stelle`, `entry "${name}" is missing where the directory says`);
  const localFlags = file.u16(localOffset + 6);
  const localNameLength = file.u16(localOffset + 26);
  const localExtraLength = file.u16(localOffset + 28);
  const dataStart = localOffset + 30 + localNameLength + localExtraLength;
  const entry: Entry = { name, method, crc, compressedSize, uncompressedSize, dataStart };
  if (dataStart + compressedSize > file.bytes.length) throw truncated();
  if (file.u16(localOffset + 8) !== method || localFlags & FLAG_ENCRYPTED)
    throw damaged(`Kopf und Inhaltsverzeichnis widersprechen sich beim Eintrag „${name}“`, `header and directory disagree on entry "${name}"`);
  if (localFlags & FLAG_DATA_DESCRIPTOR) {
    // The sizes follow the data; a streaming reader would trust them.
    if (!descriptorAgrees(file, dataStart + compressedSize, entry)) throw damaged(`die Größenangaben des Eintrags „${name}“ widersprechen sich`, `the sizes of entry "${name}" disagree`);
  } else {
    const [localUncompressed, localCompressed] = applyZip64(file, localOffset + 30 + localNameLength, localExtraLength, [file.u32(localOffset + 22), file.u32(localOffset + 18)], name);
    if (localUncompressed !== uncompressedSize || localCompressed !== compressedSize)
      throw damaged(`die Größenangaben des Eintrags „${name}“ widersprechen sich`, `the sizes of entry "${name}" disagree`);
  }
  return { entry, next };
}

/**
 * Inflates raw deflate data and counts its output without keeping it.
 * @returns the number of bytes, `over` once more than `limit` came out (inflating stops
 *   there), `truncated` when the data ends before the deflate stream does, `invalid` otherwise
 */
function inflatedLength(data: Uint8Array, limit: number): Promise<number | "over" | "truncated" | "invalid"> {
  return new Promise((resolve) => {
    const inflater = createInflateRaw({ chunkSize: 64 * 1024 });
    let length = 0;
    let settled = false;
    const settle = (outcome: number | "over" | "truncated" | "invalid") => {
      if (settled) return;
      settled = true;
      inflater.destroy();
      resolve(outcome);
    };
    inflater.on("data", (chunk: Buffer) => {
      length += chunk.length;
      if (length > limit) settle("over");
    });
    inflater.on("end", () => settle(length));
    inflater.on("error", (error: NodeJS.ErrnoException) => settle(error.code === "Z_BUF_ERROR" ? "truncated" : "invalid"));
    inflater.end(data);
  });
}

/**
 * Counts what a zip file (an .xlsx, .docx, …) really unpacks to by inflating every entry
 * without keeping the output, and refuses it when that exceeds the limit or differs from
 * what its directory states. Call it before any zip library sees the bytes: the memory it
 * uses does not depend on what the file claims.
 *
 * @param bytes - the uploaded file
 * @param limits - `maxBytes` (default {@link MAX_UNPACKED_BYTES}) and `maxEntries` (default {@link MAX_ZIP_ENTRIES})
 * @returns the real unpacked size, or the problem with a detail for the user in German (and `detailEn` in English)
 * @example
 * const checked = await checkUnpackedSize(bytes);
 * if (!checked.ok && checked.problem === "damaged") return fail(`Die Excel-Datei ist beschädigt: ${checked.detail}.`);
 */
export async function checkUnpackedSize(bytes: Uint8Array, limits: UnpackedSizeLimits = {}): Promise<UnpackedSizeCheck> {
  const maxBytes = limits.maxBytes ?? MAX_UNPACKED_BYTES;
  const tooLarge = { ok: false, problem: "too_large", detail: `sie ist entpackt größer als ${formatSize(maxBytes)}`, detailEn: `it unpacks to more than ${formatSize(maxBytes, "en")}` } as const;
  try {
    const file = new Bytes(bytes);
    const directory = findDirectory(file, limits.maxEntries ?? MAX_ZIP_ENTRIES);
    const entries: Entry[] = [];
    let at = directory.start;
    for (let index = 0; index < directory.count; index++) {
      const read = readEntry(file, at, directory.end);
      entries.push(read.entry);
      at = read.next;
    }
    // JSZip reads central headers for as long as they follow each other, whatever the count says.
    if (at !== directory.end) throw damaged("ihr Inhaltsverzeichnis hat nicht so viele Einträge, wie sie angibt", "its directory has fewer entries than it says");

    // Every entry must yield exactly what it claims (below), so the claimed total bounds the real one.
    const claimed = entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
    if (claimed > maxBytes) return tooLarge;
    for (const entry of entries) {
      const data = bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
      // Inflating stops one byte past the claim: beyond it, the file is lying anyway.
      // Some writers store an empty file as deflated with no data at all; JSZip reads it as empty.
      const real = entry.method === STORED || data.length === 0 ? data.length : await inflatedLength(data, entry.uncompressedSize);
      const claim = { de: formatSize(entry.uncompressedSize), en: formatSize(entry.uncompressedSize, "en") };
      if (real === "over") throw damaged(`der Eintrag „${entry.name}“ ist entpackt größer als die angegebenen ${claim.de}`, `entry "${entry.name}" unpacks to more than the stated ${claim.en}`);
      if (real === "truncated") throw damaged(`der Eintrag „${entry.name}“ bricht vorzeitig ab`, `entry "${entry.name}" ends early`);
      if (real === "invalid") throw damaged(`der Eintrag „${entry.name}“ enthält keine gültigen komprimierten Daten`, `entry "${entry.name}" holds no valid compressed data`);
      if (real !== entry.uncompressedSize) {
        throw damaged(
          `der Eintrag „${entry.name}“ ergibt entpackt ${formatSize(real)} statt der angegebenen ${claim.de}`,
          `entry "${entry.name}" unpacks to ${formatSize(real, "en")} instead of the stated ${claim.en}`,
        );
      }
    }
    return { ok: true, bytes: claimed, entries: entries.length };
  } catch (error) {
    if (error instanceof ZipRefusal) return { ok: false, problem: error.problem, detail: error.message, detailEn: error.detailEn };
    throw error;
  }
}
