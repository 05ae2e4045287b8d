import { describe, expect, it } from "vitest";
import { questionMailRecipients, type QuestionMailCandidate } from "./questionRecipients";

function user(id: string, organisationId: string, overrides: Partial<QuestionMailCandidate> = {}): QuestionMailCandidate {
  return { id, organisationId, organisationKind: organisationId === "funder" ? "funder" : "provider", role: "editor", disabledAt: null, questionMails: true, ...overrides };
}

const sabine = user("sabine", "funder");
const fritz = user("fritz", "funder", { role: "viewer" });
const anton = user("anton", "provA");
const gerd = user("gerd", "provA", { role: "viewer" });
const berta = user("berta", "provB");
const everyone = [sabine, fritz, anton, gerd, berta];
const providerA = { providerId: "provA" };
const conference = { providerId: null };

const ids = (users: QuestionMailCandidate[]) => users.map((u) => u.id);

describe("questionMailRecipients", () => {
  it("tells the funder's editors and viewers of a provider's question, not the provider's own users", () => {
    expect(ids(questionMailRecipients(anton, providerA, everyone))).toEqual(["sabine", "fritz"]);
  });

  it("tells the provider's editors and viewers of the funder's answer, not other providers", () => {
    expect(ids(questionMailRecipients(sabine, providerA, everyone))).toEqual(["anton", "gerd"]);
  });

  it("tells a viewer's question to the other side too, since viewers comment", () => {
    expect(ids(questionMailRecipients(gerd, providerA, everyone))).toEqual(["sabine", "fritz"]);
  });

  it("tells every provider of a funder's question on the conference scorecard", () => {
    expect(ids(questionMailRecipients(sabine, conference, everyone))).toEqual(["anton", "gerd", "berta"]);
  });

  it("tells only the funder of a provider's question on the conference scorecard, as other providers are the same side", () => {
    expect(ids(questionMailRecipients(berta, conference, everyone))).toEqual(["sabine", "fritz"]);
  });

  it("leaves out users who turned the mails off and disabled users", () => {
    const candidates = [user("sabine", "funder", { questionMails: false }), user("fritz", "funder", { disabledAt: 1 }), user("frieda", "funder")];
    expect(ids(questionMailRecipients(anton, providerA, candidates))).toEqual(["frieda"]);
  });

  it("never tells the writer, even when listed on the other side", () => {
    expect(ids(questionMailRecipients({ id: "sabine", organisationKind: "provider" }, providerA, [sabine, fritz]))).toEqual(["fritz"]);
  });

  it("tells nobody when the other side cannot see the scorecard", () => {
    expect(questionMailRecipients(sabine, { providerId: "provC" }, everyone)).toEqual([]);
  });
});
