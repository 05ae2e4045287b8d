import type { TFunction } from "i18next";
import type { SearchHit } from "../../shared/domain/search";
import { findKpi } from "../../shared/document/kpiCatalogue";
import { paths } from "../routes";

/**
 * Where a hit's link leads: the measure, the block of text, the comment thread (opened in
 * the comments panel, as the question mails do), or the scorecard itself.
 * @param hit - the hit
 */
export function hitHref(hit: Pick<SearchHit, "scorecardId" | "target">): string {
  const { target } = hit;
  switch (target.kind) {
    case "measure":
      return paths.measure(hit.scorecardId, target.measureId);
    case "block":
      return paths.block(hit.scorecardId, target.index);
    case "thread":
      return paths.thread(hit.scorecardId, target.threadId);
    default:
      return paths.scorecard(hit.scorecardId);
  }
}

/** "Ziel „…“" or "Perspektive „…“": the closest place a hit stands under, or null. */
function underOf(hit: SearchHit, t: TFunction): string | null {
  if (hit.goal) return `${t("search.place.goal")} „${hit.goal}“`;
  if (hit.perspective) return `${t("search.place.perspective")} „${hit.perspective}“`;
  return null;
}

/**
 * What a hit's link says, besides its kind: the measure and field, the heading, the KPI
 * block, or the comment's author, each with the place it stands under, e.g.
 * "Maßnahme „Beteiligungsrat einrichten“ · Beschreibung · unter Ziel „Zusammenarbeiten“".
 * @param hit - the hit
 * @param t - the translation function
 * @param language - the UI's language, for the KPI's name
 */
export function hitPlace(hit: SearchHit, t: TFunction, language: string): string {
  const under = underOf(hit, t);
  const parts: string[] = [];
  switch (hit.kind) {
    case "title":
      parts.push(t("search.place.scorecard"));
      break;
    case "measure":
      // The kind ("Maßnahme") stands before the link already.
      parts.push(hit.measureTitle?.trim() ? `„${hit.measureTitle}“` : t("search.place.measureUntitled"));
      if (hit.field && hit.field !== "title") parts.push(t(`search.fields.${hit.field}`));
      if (under) parts.push(t("search.place.under", { place: under }));
      break;
    case "text":
      if (hit.headingLevel === 2) parts.push(t("search.place.perspective"));
      else if (hit.headingLevel === 3) parts.push(t("search.place.goal"));
      if (hit.kpiBlock) {
        const kpi = findKpi(hit.kpiBlock.kpi);
        parts.push(t("search.place.kpi", { kpi: kpi ? kpi[language === "en" ? "en" : "de"] : hit.kpiBlock.kpi, period: hit.kpiBlock.period }));
      }
      if (under) parts.push(t("search.place.under", { place: under }));
      if (parts.length === 0) parts.push(t("search.place.document"));
      break;
    case "comment":
      parts.push(hit.measureTitle ? t("search.place.question", { title: hit.measureTitle }) : t("search.place.comment"));
      if (hit.comment) parts.push(hit.comment.reply ? t("search.place.reply", { author: hit.comment.author }) : t("search.place.by", { author: hit.comment.author }));
      if (hit.comment?.resolved) parts.push(t("search.place.resolved"));
      break;
  }
  return parts.join(" · ");
}

/** The pieces of a snippet, each marked or not, for rendering with `<mark>`. */
export function snippetParts(snippet: SearchHit["snippet"]): { text: string; marked: boolean }[] {
  const parts: { text: string; marked: boolean }[] = [];
  let at = 0;
  for (const [from, to] of snippet.marks) {
    if (from > at) parts.push({ text: snippet.text.slice(at, from), marked: false });
    parts.push({ text: snippet.text.slice(from, to), marked: true });
    at = to;
  }
  if (at < snippet.text.length) parts.push({ text: snippet.text.slice(at), marked: false });
  return parts;
}
