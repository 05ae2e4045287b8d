import { THREAD_LINK_PARAMETER } from "../../shared/domain/notifications";

/** Longest quote of a question or answer in a mail; the rest is in Steuerrad. */
export const MAX_QUOTED_TEXT = 600;

/** What a thread is about, as the mail names it. */
export type QuestionSubject =
  | {
      /** About a measure. */
      kind: "measure";
      /** Its title now; null when the measure was removed, "" when it has none. */
      title: string | null;
    }
  | {
      /** About a passage. */
      kind: "text";
      /** The passage's text when the question was asked. */
      quote: string;
    };

/** What a question mail tells one recipient. */
export interface QuestionMailFacts {
  /** A new question, or an answer in an existing thread. */
  kind: "question" | "answer";
  /** The scorecard's title. */
  scorecardTitle: string;
  /** The recipient's name, for the greeting. */
  recipientName: string;
  /** Whether the recipient asked the question being answered ("Ihre Frage"). */
  recipientAsked: boolean;
  /** Who asked or answered now. */
  writer: { name: string; organisationName: string };
  /** What the thread is about. */
  about: QuestionSubject;
  /** The thread's first comment: the question. */
  question: { authorName: string; text: string };
  /** The answer, for `kind: "answer"`. */
  answer?: { text: string };
  /** Where the thread opens in Steuerrad. */
  link: string;
  /** The account page, where these mails are turned off. */
  accountLink: string;
}

/**
 * Cuts a text to `max` characters at a word boundary where one is near, with "…".
 * @example shorten("Wie ist der Stand der Dinge?", 12) // "Wie ist der …"
 */
export function shorten(text: string, max: number): string {
  const trimmed = text.trim();
  if (trimmed.length <= max) return trimmed;
  const cut = trimmed.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()} …`;
}

/** A text quoted as an indented block, each line in its place, at most {@link MAX_QUOTED_TEXT} characters. */
function quoted(text: string): string[] {
  return shorten(text, MAX_QUOTED_TEXT)
    .split(/\r?\n/)
    .map((line) => `    ${line}`.trimEnd());
}

function aboutWords(about: QuestionSubject): string {
  if (about.kind === "text") return `zur Textstelle „${shorten(about.quote.replace(/\s+/g, " "), 160)}“`;
  if (about.title === null) return "zu einer inzwischen entfernten Maßnahme";
  return about.title.trim() ? `zur Maßnahme „${shorten(about.title, 160)}“` : "zu einer Maßnahme ohne Titel";
}

/**
 * Link to a scorecard that opens one of its threads.
 * @param publicUrl - the app's public address
 * @example threadLink("https://steuerrad.example", "sc-1", "c-1") // "https://steuerrad.example/scorecards/sc-1?thread=c-1"
 */
export function threadLink(publicUrl: string, scorecardId: string, threadId: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/scorecards/${encodeURIComponent(scorecardId)}?${THREAD_LINK_PARAMETER}=${encodeURIComponent(threadId)}`;
}

/**
 * Link to the account page, where a user turns the mails off.
 * @param publicUrl - the app's public address
 */
export function accountLink(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/account`;
}

/**
 * Subject and plain-text body of the mail telling one person of the other side about a
 * question or an answer, in German.
 * @param facts - the thread, who wrote, the links
 * @returns subject and text
 */
export function composeQuestionMail(facts: QuestionMailFacts): { subject: string; text: string } {
  const title = shorten(facts.scorecardTitle, 120);
  const writer = `${facts.writer.name} (${facts.writer.organisationName})`;
  const about = aboutWords(facts.about);
  let subject: string;
  let body: string[];
  if (facts.kind === "question") {
    subject = `Neue Frage zur Scorecard „${title}“`;
    body = [`${writer} hat in der Scorecard „${title}“ eine Frage ${about} gestellt:`, "", ...quoted(facts.question.text)];
  } else {
    subject = facts.recipientAsked ? `Antwort auf Ihre Frage zur Scorecard „${title}“` : `Neue Antwort auf eine Frage zur Scorecard „${title}“`;
    const asked = facts.recipientAsked ? `Ihre Frage ${about}` : `die Frage von ${facts.question.authorName} ${about}`;
    body = [`${writer} hat in der Scorecard „${title}“ auf ${asked} geantwortet.`, "", "Frage:", ...quoted(facts.question.text), "", "Antwort:", ...quoted(facts.answer?.text ?? "")];
  }
  const text = [
    `Guten Tag ${facts.recipientName},`,
    "",
    ...body,
    "",
    "Zum Lesen und Antworten öffnen Sie die Frage in Steuerrad (nach Anmeldung):",
    facts.link,
    "",
    "Sie erhalten diese Nachricht, weil Sie Zugriff auf diese Scorecard haben.",
    `Diese E-Mails zu Fragen und Antworten können Sie auf Ihrer Konto-Seite abschalten: ${facts.accountLink}`,
    "",
    "Diese Nachricht wurde von Steuerrad verschickt.",
  ].join("\n");
  return { subject, text };
}
