/**
 * The measures of a reconciliation decision: which measures of the provider's scorecards
 * can offset a shortfall, checking the ones a decision names, and writing the link into
 * the measures once the decision is confirmed (a server-made document change).
 */
import type * as Y from "yjs";
import { readMeasure, setMeasureSettlement } from "../../shared/document/measures";
import { readOutline } from "../../shared/document/outline";
import { yDocToDocumentJson } from "../../shared/document/schema";
import { type SettlementMeasure, type SettlementMeasureChoice, type SettlementMeasureInput } from "../../shared/domain/settlement";
import { spanLabel } from "../../shared/domain/settlementRules";
import type { Logger } from "../log";
import { badRequest } from "../errors";
import type { Db } from "../persistence/db";
import { listScorecards, type ScorecardRecord } from "../persistence/scorecards";

/** What this module needs of the server. */
export interface SettlementMeasureDeps {
  /** The database. */
  db: Db;
  /** Documents: read a copy, or change one on the server's side ([SYNC10]). */
  collab: { readDocument(scorecardId: string): Promise<Y.Doc>; change(scorecardId: string, userId: string | null, change: (doc: Y.Doc) => void): Promise<void> };
  /** Log. */
  logger: Logger;
}

/** A measure the decision may name. */
export type MeasureChoice = SettlementMeasureChoice;

/** The provider's scorecards (not deleted). */
export async function providerScorecards(db: Db, providerId: string): Promise<ScorecardRecord[]> {
  return (await listScorecards(db)).filter((scorecard) => scorecard.providerId === providerId);
}

/** Reads a scorecard's document copy, hands it to `use` and destroys it. */
async function withDocument<T>(deps: SettlementMeasureDeps, scorecardId: string, use: (doc: Y.Doc) => T): Promise<T> {
  const doc = await deps.collab.readDocument(scorecardId);
  try {
    return use(doc);
  } finally {
    doc.destroy();
  }
}

/** The measures placed in a document, in document order. */
function placedMeasures(doc: Y.Doc) {
  return readOutline(yDocToDocumentJson(doc)).placements.flatMap((placement) => {
    const measure = readMeasure(doc, placement.measureId);
    return measure ? [{ placement, measure }] : [];
  });
}

/**
 * Every measure of the provider's scorecards, for picking the offset's measures.
 * @param deps - database and documents
 * @param providerId - the provider
 */
export async function measureChoices(deps: SettlementMeasureDeps, providerId: string): Promise<MeasureChoice[]> {
  const choices: MeasureChoice[] = [];
  for (const scorecard of await providerScorecards(deps.db, providerId)) {
    const inCard = await withDocument(deps, scorecard.id, (doc) =>
      placedMeasures(doc).map(({ placement, measure }) => ({
        scorecardId: scorecard.id,
        scorecardTitle: scorecard.title,
        measureId: measure.id,
        title: measure.title,
        perspective: placement.perspective,
        goal: placement.goal,
        settlementId: measure.settlement?.settlementId ?? null,
      })),
    );
    choices.push(...inCard);
  }
  return choices;
}

/**
 * Checks the measures a decision names against the provider's scorecards and takes their
 * titles from the documents (never from the client).
 * @param deps - database and documents
 * @param providerId - the provider
 * @param inputs - the named measures with their values
 * @param taken - measures already credited by other decisions that still count, key `scorecardId/measureId` → span
 * @returns the measures with titles
 * @throws AppError 400 naming the measure (`measures.N.…`) that is not a measure of the provider's BSC or is credited already
 */
export async function resolveMeasures(deps: SettlementMeasureDeps, providerId: string, inputs: readonly SettlementMeasureInput[], taken: ReadonlyMap<string, string>): Promise<SettlementMeasure[]> {
  if (inputs.length === 0) return [];
  const scorecards = new Map((await providerScorecards(deps.db, providerId)).map((scorecard) => [scorecard.id, scorecard]));
  const titles = new Map<string, Map<string, string>>();
  const measures: SettlementMeasure[] = [];
  for (const [index, input] of inputs.entries()) {
    const field = `measures.${index}`;
    if (!scorecards.has(input.scorecardId)) throw badRequest(`${field}.scorecardId: Die Maßnahme muss in einer Scorecard dieses Leistungserbringers stehen.`);
    let inCard = titles.get(input.scorecardId);
    if (!inCard) {
      inCard = await withDocument(deps, input.scorecardId, (doc) => new Map(placedMeasures(doc).map(({ measure }) => [measure.id, measure.title])));
      titles.set(input.scorecardId, inCard);
    }
    const title = inCard.get(input.measureId);
    if (title === undefined) throw badRequest(`${field}.measureId: Diese Maßnahme gibt es in der Scorecard „${scorecards.get(input.scorecardId)!.title}“ nicht (mehr).`);
    const span = taken.get(`${input.scorecardId}/${input.measureId}`);
    if (span !== undefined) throw badRequest(`${field}.measureId: Die Maßnahme „${title}“ gleicht bereits im Jahresabgleich ${span} aus.`);
    measures.push({ scorecardId: input.scorecardId, measureId: input.measureId, title: title.trim() || "(ohne Titel)", valueCents: input.valueCents });
  }
  return measures;
}

/** What a link write needs of a confirmed decision. */
export interface LinkedDecision {
  /** Id. */
  id: string;
  /** Provider. */
  providerId: string;
  /** Span. */
  fromYear: number;
  /** Span. */
  toYear: number;
  /** Its measures. */
  measures: SettlementMeasure[];
}

/**
 * Writes the link of a confirmed decision into its measures, and removes the link of the
 * decision it corrects from measures the correction no longer names. Each scorecard
 * changes in one server-made transaction attributed to the confirming user. A measure
 * deleted meanwhile is skipped: the decision itself keeps the measure's title and value.
 * Failures are logged, not thrown: the decision is confirmed and stays the record.
 * @param deps - documents, log
 * @param decision - the confirmed decision
 * @param replaced - the decision it corrects, if any
 * @param userId - the confirming user
 */
export async function writeMeasureLinks(deps: SettlementMeasureDeps, decision: LinkedDecision, replaced: LinkedDecision | null, userId: string): Promise<void> {
  const byCard = new Map<string, { set: SettlementMeasure[]; clear: string[] }>();
  const entry = (scorecardId: string) => byCard.get(scorecardId) ?? byCard.set(scorecardId, { set: [], clear: [] }).get(scorecardId)!;
  for (const measure of decision.measures) entry(measure.scorecardId).set.push(measure);
  const kept = new Set(decision.measures.map((measure) => `${measure.scorecardId}/${measure.measureId}`));
  for (const measure of replaced?.measures ?? []) if (!kept.has(`${measure.scorecardId}/${measure.measureId}`)) entry(measure.scorecardId).clear.push(measure.measureId);
  const span = spanLabel(decision.fromYear, decision.toYear);
  for (const [scorecardId, { set, clear }] of byCard) {
    try {
      await deps.collab.change(scorecardId, userId, (doc) => {
        for (const measureId of clear) {
          // Only the replaced decision's own link goes; a later one is left alone.
          if (readMeasure(doc, measureId)?.settlement?.settlementId === replaced?.id) setMeasureSettlement(doc, measureId, null);
        }
        for (const measure of set) {
          const link = { settlementId: decision.id, settlementValueCents: measure.valueCents, settlementSpan: span, settlementProviderId: decision.providerId };
          if (!setMeasureSettlement(doc, measure.measureId, link)) deps.logger.log("warn", "settlement measure gone", { settlementId: decision.id, scorecardId, measureId: measure.measureId });
        }
      });
    } catch (error) {
      deps.logger.log("error", "settlement measure links not written", { settlementId: decision.id, scorecardId, userId, error: (error as Error).message });
    }
  }
}
