/** One step of a Yjs text delta. */
export interface DeltaOp {
  /** Characters kept. */
  retain?: number;
  /** Text inserted. */
  insert?: string | object;
  /** Characters deleted. */
  delete?: number;
}

/**
 * The smallest single replacement turning `before` into `after`: what a keystroke, a paste
 * or a cut in an input did, found by the common prefix and suffix.
 * @returns where, how many characters to delete, and what to insert
 */
export function diffText(before: string, after: string): { index: number; remove: number; insert: string } {
  let prefix = 0;
  while (prefix < before.length && prefix < after.length && before[prefix] === after[prefix]) prefix += 1;
  let suffix = 0;
  while (suffix < before.length - prefix && suffix < after.length - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) {
    suffix += 1;
  }
  return { index: prefix, remove: before.length - prefix - suffix, insert: after.slice(prefix, after.length - suffix) };
}

/**
 * Moves a caret position through someone else's change, so the local user keeps typing
 * where they were instead of at the end of the field.
 * @param position - the caret before the change
 * @param delta - the remote change
 * @returns the caret after the change
 */
export function transformPosition(position: number, delta: DeltaOp[]): number {
  let index = 0;
  let result = position;
  for (const op of delta) {
    if (op.retain !== undefined) {
      index += op.retain;
    } else if (op.insert !== undefined) {
      const length = typeof op.insert === "string" ? op.insert.length : 1;
      // An insert exactly at the caret stays after it: the local user's next key follows their own text.
      if (index < result) result += length;
      index += length;
    } else if (op.delete !== undefined) {
      if (result > index) result = Math.max(index, result - op.delete);
    }
  }
  return result;
}
