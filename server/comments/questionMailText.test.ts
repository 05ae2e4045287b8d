import { describe, expect, it } from "vitest";
import { MAX_QUOTED_TEXT, composeQuestionMail, shorten, threadLink, type QuestionMailFacts } from "./questionMailText";

const facts: QuestionMailFacts = {
  kind: "question",
  scorecardTitle: "BSC Beispiel e.V.",
  recipientName: "Sabine Sozialamt",
  recipientAsked: false,
  writer: { name: "Anton Anbieter-A", organisationName: "Beispiel e.V." },
  about: { kind: "measure", title: "Beteiligung stärken" },
  question: { authorName: "Anton Anbieter-A", text: "Wie ist der Stand?\nUnd wer macht es?" },
  link: "https://steuerrad.test/scorecards/sc-1?thread=c-1",
  accountLink: "https://steuerrad.test/account",
};

describe("composeQuestionMail", () => {
  it("names the scorecard, the writer, the measure, quotes the question, links the thread and says how to turn the mails off", () => {
    const { subject, text } = composeQuestionMail(facts);
    expect(subject).toBe("Neue Frage zur Scorecard „BSC Beispiel e.V.“");
    expect(text).toContain("Guten Tag Sabine Sozialamt,");
    expect(text).toContain("Anton Anbieter-A (Beispiel e.V.) hat in der Scorecard „BSC Beispiel e.V.“ eine Frage zur Maßnahme „Beteiligung stärken“ gestellt:");
    expect(text).toContain("    Wie ist der Stand?\n    Und wer macht es?");
    expect(text).toContain("\nhttps://steuerrad.test/scorecards/sc-1?thread=c-1\n");
    expect(text).toContain("auf Ihrer Konto-Seite abschalten: https://steuerrad.test/account");
  });

  it("says 'Antwort auf Ihre Frage' to the one who asked, and quotes question and answer", () => {
    const answer = { ...facts, kind: "answer" as const, recipientAsked: true, writer: { name: "Sabine Sozialamt", organisationName: "Sozialamt" }, answer: { text: "Läuft." } };
    const { subject, text } = composeQuestionMail({ ...answer, recipientName: "Anton Anbieter-A" });
    expect(subject).toBe("Antwort auf Ihre Frage zur Scorecard „BSC Beispiel e.V.“");
    expect(text).toContain("auf Ihre Frage zur Maßnahme „Beteiligung stärken“ geantwortet.");
    expect(text).toMatch(/Frage:\n {4}Wie ist der Stand\?\n {4}Und wer macht es\?\n\nAntwort:\n {4}Läuft\./);
    const other = composeQuestionMail({ ...answer, recipientAsked: false, recipientName: "Gerd Gast-A" });
    expect(other.subject).toBe("Neue Antwort auf eine Frage zur Scorecard „BSC Beispiel e.V.“");
    expect(other.text).toContain("auf die Frage von Anton Anbieter-A zur Maßnahme");
  });

  it("names a passage by its quote and a removed measure as removed", () => {
    expect(composeQuestionMail({ ...facts, about: { kind: "text", quote: "Die Auslastung\nsinkt." } }).text).toContain("eine Frage zur Textstelle „Die Auslastung sinkt.“ gestellt");
    expect(composeQuestionMail({ ...facts, about: { kind: "measure", title: null } }).text).toContain("zu einer inzwischen entfernten Maßnahme");
  });

  it("shortens a long question", () => {
    const { text } = composeQuestionMail({ ...facts, question: { authorName: "A", text: "Wort ".repeat(500) } });
    const quote = text.split("\n").find((line) => line.startsWith("    "))!;
    expect(quote.length).toBeLessThanOrEqual(MAX_QUOTED_TEXT + 4);
    expect(quote.endsWith("…")).toBe(true);
  });
});

describe("shorten and threadLink", () => {
  it("cuts at a word and keeps short texts", () => {
    expect(shorten("Wie ist der Stand der Dinge?", 12)).toBe("Wie ist der …");
    expect(shorten(" kurz ", 12)).toBe("kurz");
  });

  it("links the scorecard with the thread as query parameter", () => {
    expect(threadLink("https://steuerrad.test/", "sc-1", "c-1")).toBe("https://steuerrad.test/scorecards/sc-1?thread=c-1");
  });
});
