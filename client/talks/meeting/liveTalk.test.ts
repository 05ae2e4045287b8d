import { describe, expect, it } from "vitest";
import type { TalkSummary } from "../../../shared/domain/talks";
import { newerTalk } from "./liveTalk";

const talk = (revision: number, state: TalkSummary["state"] = "running") => ({ id: "t-1", revision, state }) as TalkSummary;

describe("the talk the meeting page shows", () => {
  it("takes an answer of the same or a higher revision, and never lets an older one undo a newer state", () => {
    expect(newerTalk(null, talk(3))).toEqual(talk(3));
    expect(newerTalk(talk(3, "running"), talk(4, "closed")).state).toBe("closed");
    expect(newerTalk(talk(4, "closed"), talk(3, "running")).state).toBe("closed");
    // The same revision may bring what is not counted (the minutes mail went out).
    expect(newerTalk(talk(4), talk(4, "closed")).state).toBe("closed");
  });
});
