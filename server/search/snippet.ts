import type { SearchSnippet } from "../../shared/domain/search";

/** Most words of a search text that count; more would only slow each field down. */
const MAX_TERMS = 8;

/** Characters of context shown before and after the first hit. */
const BEFORE = 50;
const AFTER = 110;

/** Most marked words in one snippet. */
const MAX_MARKS = 20;

/** A text folded for matching, with each folded character's offset in the original. */
export interface FoldedText {
  /** Lower case, without accents, ß as ss. */
  folded: string;
  /** `origin[i]` is the offset in the original text of folded character i; one entry more for the end. */
  origin: number[];
}

/** Folded forms of the non-ASCII characters met so far: folding one character is slow, texts repeat them. */
const foldedChars = new Map<string, string>();

function foldChar(char: string): string {
  const code = char.charCodeAt(0);
  // ASCII needs only lower case; it is nearly all of the text.
  if (char.length === 1 && code < 128) return code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : char;
  let folded = foldedChars.get(char);
  if (folded === undefined) {
    folded = char === "ß" || char === "ẞ" ? "ss" : char.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "");
    if (foldedChars.size < 10_000) foldedChars.set(char, folded);
  }
  return folded;
}

/**
 * Folds a text for matching the way a German reader expects: case, accents and umlaut dots
 * do not matter ("uber" finds "Über") and ß equals ss ("Strasse" finds "Straße"). Folding
 * may change the length (ß → ss), so every folded character remembers where it came from,
 * and a match can be marked in the original.
 * @param text - the original text
 */
export function foldText(text: string): FoldedText {
  let folded = "";
  const origin: number[] = [];
  let offset = 0;
  for (const char of text) {
    const base = foldChar(char);
    for (let i = 0; i < base.length; i++) origin.push(offset);
    folded += base;
    offset += char.length;
  }
  origin.push(offset);
  return { folded, origin };
}

/**
 * The folded text alone (see {@link foldText}), to keep beside a text and test queries
 * against it quickly; the offsets are computed only for the few texts that match.
 * @param text - the original text
 */
export function foldOnly(text: string): string {
  // Regular expressions run natively: about ten times faster than a loop over the characters.
  return text.replace(/[A-Z]+|[^\x00-\x7F]/gu, (part) => (part.charCodeAt(0) < 128 ? part.toLowerCase() : foldChar(part)));
}

/**
 * Whether every term occurs in a folded text.
 * @param folded - from {@link foldOnly}
 * @param terms - from {@link searchTerms}
 */
export function containsAll(folded: string, terms: readonly string[]): boolean {
  return terms.length > 0 && terms.every((term) => folded.includes(term));
}

/**
 * The words of a search text, folded, without repeats, at most eight.
 * @param query - what the user typed
 */
export function searchTerms(query: string): string[] {
  const terms = query
    .split(/\s+/)
    .map((word) => foldText(word).folded)
    .filter((word) => word.length > 0);
  return Array.from(new Set(terms)).slice(0, MAX_TERMS);
}

/** Collapses runs of whitespace (line breaks, tabs) into one space, so a snippet reads as one line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/**
 * Where the terms occur in a text, when all of them do.
 * @param text - one field's text, on one line (see {@link oneLine})
 * @param terms - folded terms from {@link searchTerms}
 * @returns the occurrences as [start, end) offsets into `text`, sorted; null when a term is missing
 */
export function findTerms(text: string, terms: readonly string[]): [number, number][] | null {
  if (terms.length === 0) return null;
  const { folded, origin } = foldText(text);
  const ranges: [number, number][] = [];
  for (const term of terms) {
    let at = folded.indexOf(term);
    if (at < 0) return null;
    while (at >= 0 && ranges.length < MAX_MARKS * 2) {
      ranges.push([origin[at], origin[at + term.length]]);
      at = folded.indexOf(term, at + term.length);
    }
  }
  return mergeRanges(ranges);
}

/** Sorts ranges and joins those that overlap or touch. */
function mergeRanges(ranges: [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const [start, end] of sorted) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

/**
 * The piece of a field around its first hit: about 50 characters before and 110 after, cut
 * at word boundaries with "…" where text was left out, the found words marked.
 * @param text - the field's text, on one line
 * @param ranges - the occurrences from {@link findTerms}, sorted
 * @example buildSnippet("Beteiligungsrat der Bewohner*innen einrichten", [[20, 28]])
 *   // { text: "Beteiligungsrat der Bewohner*innen einrichten", marks: [[20, 28]] }
 */
export function buildSnippet(text: string, ranges: readonly [number, number][]): SearchSnippet {
  const first = ranges[0] ?? [0, 0];
  let start = Math.max(0, first[0] - BEFORE);
  let end = Math.min(text.length, Math.max(first[1], first[0] + AFTER));
  // Whole words only: move a cut into a word to the next space (never past the hit).
  if (start > 0) {
    const space = text.indexOf(" ", start);
    start = space >= 0 && space < first[0] ? space + 1 : start;
  }
  if (end < text.length) {
    const space = text.lastIndexOf(" ", end);
    end = space > first[1] ? space : end;
  }
  const prefix = start > 0 ? "… " : "";
  const suffix = end < text.length ? " …" : "";
  const marks: [number, number][] = [];
  for (const [from, to] of ranges) {
    if (to <= start || from >= end || marks.length >= MAX_MARKS) continue;
    marks.push([Math.max(from, start) - start + prefix.length, Math.min(to, end) - start + prefix.length]);
  }
  return { text: `${prefix}${text.slice(start, end)}${suffix}`, marks };
}
