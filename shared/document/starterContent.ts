import type { DocumentJson } from "./schema";

/** The four default perspectives of a scorecard (domain.md, "Scorecard structure"). */
export const DEFAULT_PERSPECTIVES = ["Leistungsberechtigte & Wirkung", "Finanzen & Budget", "Prozesse, Kooperation & Sozialraum", "Mitarbeitende & Lernen"] as const;

/**
 * The cross-provider goals named by the providers' conference, by perspective index.
 */
export const CONFERENCE_GOALS: readonly (readonly string[])[] = [
  ["Leistungsberechtigte aktivieren und beteiligen"],
  ["Ressourcen im Blick behalten und abstimmen", "Doppelstrukturen vermeiden"],
  [
    "Zusammenarbeiten",
    "Versorgungslücken finden und benennen",
    "Gemeinsame Orte und Austauschkanäle schaffen, nutzbar für alle – auch für die Leistungsberechtigten",
    "Das Sozialraumkonzept in der Praxis kritisch weiterentwickeln",
  ],
  ["Lobbyarbeit und Personalgewinnung"],
];

function heading(level: number, text: string): DocumentJson {
  return { type: "heading", attrs: { level }, content: [{ type: "text", text }] };
}

function paragraph(text: string): DocumentJson {
  // ProseMirror forbids empty text nodes: an empty paragraph has no content.
  return text === "" ? { type: "paragraph" } : { type: "paragraph", content: [{ type: "text", text }] };
}

/** How a new scorecard starts. */
export type ScorecardTemplate = "starter" | "empty";

/**
 * The content of an empty scorecard: only its title and one empty paragraph.
 * @param title - the scorecard's title
 */
export function emptyContent(title: string): DocumentJson {
  return { type: "doc", content: [heading(1, title), paragraph("")] };
}

/**
 * The first content of a new scorecard: its title, the four perspectives and, for the
 * conference scorecard, the cross-provider goals. Only the server writes it, once, when
 * the scorecard is created; clients never seed documents (that duplicates content).
 * @param title - the scorecard's title
 * @param withConferenceGoals - whether to add the conference's starter goals
 * @param forConference - the conference's own scorecard, whose minutes are those of its sessions
 * @returns the document as ProseMirror JSON
 */
export function starterContent(title: string, withConferenceGoals: boolean, forConference = false): DocumentJson {
  const content: DocumentJson[] = [
    heading(1, title),
    paragraph(
      forConference ? "Diese Balanced Scorecard ist zugleich das Protokoll der Sitzungen der Sozialraumkonferenz." : "Diese Balanced Scorecard ist zugleich das Protokoll der Steuerungsgespräche.",
    ),
  ];
  DEFAULT_PERSPECTIVES.forEach((perspective, index) => {
    content.push(heading(2, perspective));
    const goals = withConferenceGoals ? CONFERENCE_GOALS[index] : [];
    if (goals.length === 0) content.push(paragraph("Ziele und Maßnahmen folgen."));
    for (const goal of goals) content.push(heading(3, goal), paragraph(""));
  });
  return { type: "doc", content };
}
