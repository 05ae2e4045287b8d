import { describe, expect, it } from "vitest";
import { z } from "zod";
import { NewOrganisationSchema } from "./organisation";
import { NewScorecardSchema } from "./scorecard";
import { AgendaItemSchema, AgreementSchema, ApprovalSchema, NewTalkSchema, ParticipantInputSchema, TalkEditSchema } from "./talks";
import { forbiddenCharactersMessage, hasForbiddenCharacters, multiLineText, revealForbiddenCharacters, singleLineText } from "./text";
import { NewUserSchema } from "./user";
import { NewVersionSchema, RestoreVersionSchema } from "./versions";

const NUL = "\u0000";
const RLO = "\u202E";

describe("hasForbiddenCharacters", () => {
  it("finds C0 controls, DEL, C1 controls, line separators and bidi embeddings, overrides and isolates in a single line", () => {
    const forbidden = [
      NUL,
      "\u0007",
      "\t",
      "\n",
      "\r",
      "\u001F",
      "\u007F",
      "\u0085",
      "\u009F",
      "\u2028",
      "\u2029",
      "\u202A",
      "\u202B",
      "\u202C",
      "\u202D",
      RLO,
      "\u2066",
      "\u2067",
      "\u2068",
      "\u2069",
    ];
    for (const char of forbidden) expect(hasForbiddenCharacters(`Treff${char}punkt`), `U+${char.codePointAt(0)!.toString(16)}`).toBe(true);
  });

  it("accepts German text, other scripts and the bidi marks LRM, RLM and ALM, which cannot reorder letters", () => {
    for (const text of ["Überblick über das Leistungsgeschehen – 2026", "Weser-Wohnverbund gGmbH (Demo)", "محمد\u200F (Demo)", "a\u200Eb\u061C", "€ § „Zitat“ 😀"]) {
      expect(hasForbiddenCharacters(text), text).toBe(false);
    }
  });

  it("allows tab and line breaks in a multi-line text, but nothing else", () => {
    expect(hasForbiddenCharacters("Zeile 1\r\nZeile 2\n\tEingerückt", true)).toBe(false);
    expect(hasForbiddenCharacters(`Zeile 1\n${NUL}`, true)).toBe(true);
    expect(hasForbiddenCharacters(`Zeile 1\n${RLO}fdp.exe`, true)).toBe(true);
    expect(hasForbiddenCharacters("\u000B\u000C\u0085\u2028", true)).toBe(true);
  });
});

describe("singleLineText and multiLineText", () => {
  it("refuse with a German message naming the field", () => {
    const schema = z.string().trim().min(1).max(200).check(singleLineText("Titel"));
    const result = schema.safeParse(`BSC${NUL}2027`);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.message)).toEqual(["Titel: enthält unzulässige Steuerzeichen (z. B. NUL oder Richtungsumkehr)"]);
    expect(forbiddenCharactersMessage("Ort")).toBe("Ort: enthält unzulässige Steuerzeichen (z. B. NUL oder Richtungsumkehr)");
    expect(schema.parse("  BSC 2027  ")).toBe("BSC 2027");
    const text = z.string().check(multiLineText("Vereinbarung"));
    expect(text.safeParse("a\nb").success).toBe(true);
    expect(text.safeParse(`a${RLO}b`).error?.issues[0].message).toBe("Vereinbarung: enthält unzulässige Steuerzeichen (z. B. NUL oder Richtungsumkehr)");
  });

  it("guard every user-entered name, title, place and reason of the API", () => {
    const refused: [string, z.ZodType, unknown, string][] = [
      ["scorecard title", NewScorecardSchema, { title: `BSC${RLO}`, providerId: null, template: "empty" }, "Titel"],
      ["user name", NewUserSchema, { email: "a@b.test", name: `Anna${NUL}`, password: "0123456789", organisationId: "o", role: "editor" }, "Name"],
      ["organisation name", NewOrganisationSchema, { name: `Verein\u2066e.V.`, kind: "provider" }, "Name der Organisation"],
      ["version name", NewVersionSchema, { name: `Stand${RLO}` }, "Name der Version"],
      ["restore reason", RestoreVersionSchema, { reason: `Fehler${NUL}` }, "Begründung"],
      ["talk place", NewTalkSchema, { scorecardId: "s", startsAt: "2026-04-09T10:00", place: `Haus${NUL}A`, participants: [{ userId: "u" }] }, "Ort"],
      ["talk place (edit)", TalkEditSchema, { place: `Haus${RLO}A` }, "Ort"],
      ["agenda item", AgendaItemSchema, { title: `Punkt\n2` }, "Tagesordnungspunkt"],
      ["guest name", ParticipantInputSchema, { email: "g@x.test", name: `Gast${RLO}`, side: "other" }, "Name"],
      ["agreement text", AgreementSchema, { text: `Wir${NUL}`, owner: "Träger" }, "Vereinbarung"],
      ["agreement owner", AgreementSchema, { text: "Wir", owner: `Träger${RLO}` }, "Zuständig"],
      ["approval note", ApprovalSchema, { decision: "amended", note: `Punkt 2${NUL}` }, "Anmerkung"],
    ];
    for (const [what, schema, value, label] of refused) {
      const result = schema.safeParse(value);
      expect(result.success, what).toBe(false);
      expect(
        result.error!.issues.map((issue) => issue.message),
        what,
      ).toContain(forbiddenCharactersMessage(label));
    }
    expect(AgreementSchema.safeParse({ text: "Erstens\nZweitens", owner: "Träger" }).success).toBe(true);
    expect(ApprovalSchema.safeParse({ decision: "amended", note: "Punkt 2\ngeändert" }).success).toBe(true);
  });
});

describe("revealForbiddenCharacters", () => {
  it("writes each forbidden character as a visible [U+XXXX]", () => {
    expect(revealForbiddenCharacters(`Treff${RLO}gnikcuf${NUL}!`, "none")).toBe("Treff[U+202E]gnikcuf[U+0000]!");
    expect(revealForbiddenCharacters("a\tb\nc\u0085\u2067", "none")).toBe("a[U+0009]b[U+000A]c[U+0085][U+2067]");
    expect(revealForbiddenCharacters("Überblick – „gut“ \u200F", "none")).toBe("Überblick – „gut“ \u200F");
  });

  it("keeps tab and line breaks when asked, for document text", () => {
    expect(revealForbiddenCharacters(`a\tb\r\nc${RLO}`, "lineBreaks")).toBe("a\tb\r\nc[U+202E]");
  });
});
