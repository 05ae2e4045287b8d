import { describe, expect, it } from "vitest";
import { groupMeasureHistory, groupRuns, MERGE_WINDOW_MS } from "./changeRuns";
import type { RawHistoryEntry } from "./historyReplay";

const T0 = Date.parse("2026-03-05T13:00:00Z");

/** A change of `key` by `userId`, `offsetMs` after T0, with the next sequence number. */
function changes(list: [userId: string, key: string, offsetMs: number][]) {
  return list.map(([userId, key, offsetMs], index) => ({ userId, key, createdAt: T0 + offsetMs, seq: index + 1 }));
}

/** Each run as "user key first–last". */
function describeRuns(list: [string, string, number][]): string[] {
  return groupRuns(changes(list), (change) => change.key).map((run) => `${run.first.userId} ${run.key} ${run.first.seq}–${run.last.seq}`);
}

describe("groupRuns", () => {
  it("keeps one person's run on one thing together while others change other things in between", () => {
    expect(
      describeRuns([
        ["anna", "m-1:title", 0],
        ["bernd", "m-2:title", 100],
        ["anna", "m-1:title", 200],
        ["bernd", "text", 300],
        ["anna", "m-1:title", 400],
      ]),
    ).toEqual(["anna m-1:title 1–5", "bernd m-2:title 2–2", "bernd text 4–4"]);
  });

  it("ends a run when another person changes the same thing", () => {
    expect(
      describeRuns([
        ["anna", "m-1:title", 0],
        ["bernd", "m-1:title", 100],
        ["anna", "m-1:title", 200],
      ]),
    ).toEqual(["anna m-1:title 1–1", "bernd m-1:title 2–2", "anna m-1:title 3–3"]);
  });

  it("measures the five minutes from the run's first change, not from the previous one", () => {
    expect(
      describeRuns([
        ["anna", "m-1:title", 0],
        ["anna", "m-1:title", 4 * 60_000],
        ["anna", "m-1:title", MERGE_WINDOW_MS],
        ["anna", "m-1:title", MERGE_WINDOW_MS + 1],
      ]),
    ).toEqual(["anna m-1:title 1–3", "anna m-1:title 4–4"]);
  });

  it("keeps different things of one person apart", () => {
    expect(
      describeRuns([
        ["anna", "m-1:title", 0],
        ["anna", "m-1:status", 100],
        ["anna", "m-1:title", 200],
      ]),
    ).toEqual(["anna m-1:title 1–3", "anna m-1:status 2–2"]);
  });

  it("lets a change that stands alone neither join nor be joined", () => {
    const runs = groupRuns(
      changes([
        ["anna", "x", 0],
        ["anna", "x", 1],
        ["anna", "x", 2],
      ]),
      (change) => change.key,
      { standsAlone: (change) => change.seq === 2 },
    );
    expect(runs.map((run) => [run.first.seq, run.last.seq])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
  });
});

describe("groupMeasureHistory", () => {
  function entry(field: RawHistoryEntry["field"], before: string | null, after: string, userId: string, seq: number, offsetMs = seq * 1000): RawHistoryEntry {
    return { field, before, after, userId, createdAt: T0 + offsetMs, seq };
  }

  it("turns keystrokes into one entry from the first value before to the last value after, at the run's start", () => {
    const typed = [..."Treff"].map((_, index) => entry("title", "Treff".slice(0, index), "Treff".slice(0, index + 1), "anna", index + 2));
    const grouped = groupMeasureHistory([entry("status", null, "planned", "anna", 1), ...typed, entry("status", "planned", "done", "bernd", 7)]);
    expect(grouped.map((e) => [e.field, e.before, e.after, e.userId, e.seq, e.createdAt - T0])).toEqual([
      ["status", null, "planned", "anna", 1, 1000],
      ["title", "", "Treff", "anna", 2, 2000],
      ["status", "planned", "done", "bernd", 7, 7000],
    ]);
  });

  it("keeps the creation of a measure apart from the same person's next change of the field", () => {
    const grouped = groupMeasureHistory([entry("status", null, "planned", "anna", 1), entry("status", "planned", "done", "anna", 2)]);
    expect(grouped.map((e) => [e.before, e.after])).toEqual([
      [null, "planned"],
      ["planned", "done"],
    ]);
  });
});
