import { describe, expect, it } from "vitest";
import {
  closeOutcome,
  NewTopicSchema,
  topicActionRefusal,
  topicAgendaTitle,
  TopicDiscussionSchema,
  TopicEditSchema,
  TopicPromoteSchema,
  topicStatusText,
  type TopicAction,
  type TopicStatus,
} from "./topics";

/** The 400 message the API would send for a body (see server/http/validation.ts). */
function message(schema: { safeParse(value: unknown): { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } }, body: unknown): string {
  const result = schema.safeParse(body);
  return result.success ? "" : result.error!.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
}

describe("topic bodies", () => {
  it("names the field in German first when a title is empty, too long or holds control characters", () => {
    expect(message(NewTopicSchema, { title: "  " })).toBe("title: Titel: darf nicht leer sein");
    expect(message(NewTopicSchema, { title: "x".repeat(201) })).toBe("title: Titel: höchstens 200 Zeichen");
    expect(message(NewTopicSchema, { title: "Risiko\u202Eund Planung" })).toBe("title: Titel: enthält unzulässige Steuerzeichen (z. B. NUL oder Richtungsumkehr)");
    expect(message(NewTopicSchema, {})).toBe("title: Titel: fehlt");
  });

  it("keeps line breaks in a note and a status line, but refuses NUL there", () => {
    expect(NewTopicSchema.parse({ title: "Versorgungsverpflichtung", note: "Zeile 1\nZeile 2" })).toEqual({ title: "Versorgungsverpflichtung", note: "Zeile 1\nZeile 2" });
    expect(message(NewTopicSchema, { title: "A", note: "a\u0000b" })).toBe("note: Notiz: enthält unzulässige Steuerzeichen (z. B. NUL oder Richtungsumkehr)");
    expect(message(TopicDiscussionSchema, { talkId: "t", text: "" })).toBe("text: Status im Protokoll: darf nicht leer sein");
  });

  it("asks an edit for the revision it was made on and for something to change", () => {
    expect(message(TopicEditSchema, { title: "Neu" })).toBe("revision: Stand: muss eine Zahl sein");
    expect(message(TopicEditSchema, { revision: 2 })).toBe("title: Titel oder Notiz: mindestens eines angeben");
  });

  it("knows a measure or a goal as what a topic becomes, in German", () => {
    expect(message(TopicPromoteSchema, { kind: "task" })).toBe("kind: Art: Maßnahme (measure) oder Ziel (goal)");
    expect(TopicPromoteSchema.parse({ kind: "measure", goal: { index: 4, title: "Zusammenarbeiten" }, responsibleSide: "funder" }).goal?.title).toBe("Zusammenarbeiten");
  });
});

describe("topicActionRefusal", () => {
  const allowed = (action: TopicAction, status: TopicStatus, promoted: unknown = null) => topicActionRefusal(action, { status, promoted }) === null;

  it("plans and discusses open and planned topics, never settled ones (they are reopened first)", () => {
    for (const action of ["plan", "discuss"] as const) {
      expect(allowed(action, "open")).toBe(true);
      expect(allowed(action, "planned")).toBe(true);
      expect(allowed(action, "done")).toBe(false);
      expect(allowed(action, "dropped")).toBe(false);
    }
    expect(topicActionRefusal("plan", { status: "done", promoted: null })).toBe("Das Thema ist erledigt. Öffnen Sie es zuerst wieder.");
  });

  it("takes only a planned topic off an agenda", () => {
    expect(allowed("unplan", "planned")).toBe(true);
    expect(topicActionRefusal("unplan", { status: "open", promoted: null })).toBe("Das Thema ist in kein Gespräch eingeplant.");
  });

  it("settles open or planned topics, does not turn a done topic into a dropped one, and reopens settled ones unless they were promoted", () => {
    expect(allowed("done", "open")).toBe(true);
    expect(allowed("dropped", "planned")).toBe(true);
    expect(allowed("dropped", "done")).toBe(false);
    expect(allowed("open", "dropped")).toBe(true);
    expect(allowed("open", "done", "measure")).toBe(false);
  });

  it("promotes a topic once, and not a dropped one", () => {
    expect(allowed("promote", "open")).toBe(true);
    expect(allowed("promote", "done")).toBe(true);
    expect(allowed("promote", "dropped")).toBe(false);
    expect(topicActionRefusal("promote", { status: "done", promoted: "goal" })).toBe("Aus dem Thema wurde bereits ein Ziel oder eine Maßnahme.");
  });
});

describe("closeOutcome", () => {
  it("carries a topic planned into the closing talk, and an open one discussed there", () => {
    expect(closeOutcome({ status: "planned", plannedTalkId: "t-1" }, "t-1", true, false)).toBe("carry");
    expect(closeOutcome({ status: "open", plannedTalkId: null }, "t-1", true, true)).toBe("carry");
  });

  it("lists what is still open or planned elsewhere, and what was settled in the talk; forgets what was settled before", () => {
    expect(closeOutcome({ status: "planned", plannedTalkId: "t-2" }, "t-1", true, true)).toBe("list");
    expect(closeOutcome({ status: "open", plannedTalkId: null }, "t-1", false, false)).toBe("list");
    expect(closeOutcome({ status: "done", plannedTalkId: "t-1" }, "t-1", true, true)).toBe("list");
    expect(closeOutcome({ status: "dropped", plannedTalkId: null }, "t-1", false, false)).toBe("none");
  });
});

describe("topic words", () => {
  it("says the status in German, naming the talk's date, or the session's for the conference", () => {
    expect(topicStatusText("open")).toBe("offen");
    expect(topicStatusText("done")).toBe("erledigt");
    expect(topicStatusText("dropped")).toBe("verworfen");
    expect(topicStatusText("planned", "2026-06-11")).toBe("eingeplant für das Gespräch am 11.06.2026");
    expect(topicStatusText("planned", "2026-06-11", true)).toBe("eingeplant für die Sitzung am 11.06.2026");
    expect(topicAgendaTitle("Versorgungsverpflichtung")).toBe("Themenspeicher: Versorgungsverpflichtung");
  });
});
