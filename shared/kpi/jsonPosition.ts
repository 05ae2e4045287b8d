/**
 * Finds where in a JSON text a value sits, so agreement errors can name a line like
 * CSV errors do. Runs only on text that `JSON.parse` accepted, so it can be lenient.
 */
import { jsonTexts, type JsonExpected } from "./messages";

/** A 1-based line and column in a text. */
export interface TextPosition {
  /** 1-based line. */
  line: number;
  /** 1-based column (UTF-16 code units). */
  column: number;
}

type PathKey = string | number;

/**
 * Converts a character offset into line and column.
 *
 * @param text - the whole text
 * @param offset - 0-based character offset
 * @returns the 1-based position
 */
export function positionAt(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === "\n") {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Locates the value at a path (e.g. `["offers", 0, "places"]`) in valid JSON text. When
 * the path does not exist (a missing key), returns the deepest ancestor that does.
 *
 * @param text - JSON text accepted by `JSON.parse`
 * @param path - object keys and array indices
 * @returns the position of the value, or of its nearest existing ancestor
 */
export function locateJsonPath(text: string, path: readonly PathKey[]): TextPosition {
  let index = skipSpace(text, 0);
  let found = index;
  for (const key of path) {
    const next = findChild(text, index, key);
    if (next === null) break;
    index = next;
    found = next;
  }
  return positionAt(text, found);
}

function skipSpace(text: string, index: number): number {
  while (index < text.length && /\s/.test(text[index] ?? "")) index++;
  return index;
}

/** Returns the offset just after the JSON string starting at `index`. */
function skipString(text: string, index: number): number {
  index++;
  while (index < text.length && text[index] !== '"') index += text[index] === "\\" ? 2 : 1;
  return index + 1;
}

/** Returns the offset just after the JSON value starting at `index`. */
function skipValue(text: string, index: number): number {
  const first = text[index];
  if (first === '"') return skipString(text, index);
  if (first === "{" || first === "[") {
    let depth = 0;
    while (index < text.length) {
      const c = text[index];
      if (c === '"') {
        index = skipString(text, index);
        continue;
      }
      if (c === "{" || c === "[") depth++;
      if (c === "}" || c === "]") depth--;
      index++;
      if (depth === 0) return index;
    }
    return index;
  }
  while (index < text.length && !/[\s,}\]]/.test(text[index] ?? "")) index++;
  return index;
}

/** Offset of the child value `key` of the container at `index`, or null. */
function findChild(text: string, index: number, key: PathKey): number | null {
  const open = text[index];
  if (open !== "{" && open !== "[") return null;
  let position = skipSpace(text, index + 1);
  let count = 0;
  while (position < text.length && text[position] !== "}" && text[position] !== "]") {
    let name: PathKey = count;
    if (open === "{") {
      const end = skipString(text, position);
      name = JSON.parse(text.slice(position, end)) as string;
      position = skipSpace(text, end);
      position = skipSpace(text, position + 1); // past the colon
    }
    if (name === key) return position;
    position = skipSpace(text, skipValue(text, position));
    if (text[position] === ",") position = skipSpace(text, position + 1);
    count++;
  }
  return null;
}

/** A JSON syntax error: where and what. */
export interface JsonSyntaxError extends TextPosition {
  /** What was found, e.g. `unexpected "}", expected a value`. */
  message: string;
  /** The same in German, e.g. `unerwartetes „}“, erwartet ein Wert`. */
  messageDe: string;
}

/** Unwinds the recursive scan at the first error. */
class SyntaxStop {
  constructor(readonly found: JsonSyntaxError) {}
}

/**
 * Finds the first syntax error of a JSON text with its line and column; `JSON.parse`
 * messages of Node 20 do not always name a position.
 *
 * @param text - the text that `JSON.parse` rejected
 * @returns the first error, or null if the text is valid JSON
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  let i = 0;
  const fail = (what: JsonExpected, close?: string): never => {
    const found = jsonTexts.syntax(i < text.length ? (text[i] as string) : null, what, close);
    throw new SyntaxStop({ ...positionAt(text, i), message: found.en, messageDe: found.de });
  };
  const space = () => {
    while (i < text.length && " \t\n\r".includes(text[i] ?? "x")) i++;
  };
  const string = () => {
    if (text[i] !== '"') fail("string");
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) fail("closingQuote");
      if (text[i] === "\\") {
        i++;
        if (text[i] === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) i += 4;
        else if (!'"\\/bfnrt'.includes(text[i] ?? "x")) fail("escape");
      }
      i++;
    }
    if (i >= text.length) fail("closingQuote");
    i++;
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === "{" || c === "[") {
      const close = c === "{" ? "}" : "]";
      i++;
      space();
      if (text[i] === close) {
        i++;
        return;
      }
      for (;;) {
        if (c === "{") {
          space();
          string();
          space();
          if (text[i] !== ":") fail("colon");
          i++;
        }
        value();
        space();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === close) {
          i++;
          return;
        }
        fail("commaOrClose", close);
      }
    }
    if (c === '"') return string();
    const literal = /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (!literal) fail("value");
    i += literal?.[0].length ?? 0;
  };
  try {
    value();
    space();
    if (i < text.length) fail("end");
    return null;
  } catch (error) {
    if (error instanceof SyntaxStop) return error.found;
    throw error;
  }
}

/**
 * Reads a path written as `offers[0].groups[2].needGroup` back into keys.
 *
 * @param path - a dotted path as produced by `formatJsonPath`
 * @returns the keys and indices; empty for `(root)`
 */
export function parseJsonPath(path: string): (string | number)[] {
  if (path === "(root)" || path === "") return [];
  const keys: (string | number)[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) keys.push(match[2] !== undefined ? Number(match[2]) : (match[1] ?? ""));
  return keys;
}
