/**
 * Gathers what an export shows: the document and KPI values of the current state or of a
 * stored version, the title-page data and the file name. A version is exported exactly as
 * it was frozen (its own Yjs state and the KPI values stored with it), never as the
 * document or the figures are today.
 */
import * as Y from "yjs";
import type { KpiSnapshot } from "../../shared/domain/kpiSnapshot";
import type { VersionKind } from "../../shared/domain/versions";
import { readMeasure } from "../../shared/document/measures";
import { kpiBlocksOf } from "../../shared/document/redKpis";
import { yDocToDocumentJson } from "../../shared/document/schema";
import type { Db } from "../persistence/db";
import type { ScorecardRecord } from "../persistence/scorecards";
import { findVersion } from "../persistence/versions";
import { notFound } from "../errors";
import { readThreads } from "../../shared/document/comments";
import { buildExportModel, type ExportMeta, type ExportModel, type ExportSection, type ExportSections } from "./exportModel";
import { exportFileName, exportLabel } from "./fileName";
import { startStateTitle } from "../../shared/domain/meetingWords";
import { berlinDateTime, formatBerlinDateTime } from "./labels";
import { talkOfVersion } from "./talkOfVersion";
import { listSettlementsOfTalk } from "../persistence/settlements";
import { settlementSection } from "./settlementSection";
import { agreementsSection, talkOpeningSection, type TalkSectionSource } from "./talkSections";
import { topicSection } from "./topicSection";
import { topicMinutesOfTalk } from "../topics/topicMinutes";

/** What exports need from the server. */
export interface ExportDeps {
  /** The database (versions, talks). */
  db: Db;
  /** Reads a copy of a scorecard's current document. */
  collab: { readDocument(scorecardId: string): Promise<Y.Doc> };
  /** The KPI values a scorecard's blocks show for these periods now (wired to `kpiPublisher.snapshotFor`). */
  currentKpis(scorecardId: string, periods: string[]): Promise<KpiSnapshot>;
  /** The clock, for "Aktueller Stand vom …" (tests pin it). */
  now?: () => number;
}

/** An export ready to be written. */
export interface ExportSource {
  /** What the file shows. */
  model: ExportModel;
  /** The file name for an extension ("docx", "pdf"). */
  fileName(ext: string): string;
}

/** How a version is named on the title page. */
const KIND_TITLES: Record<VersionKind, string> = {
  circulation: "Vorabversand",
  talk: "Stand zu Beginn des Steuerungsgesprächs",
  minutes: "Protokoll",
  named: "Version",
  auto: "Automatisch gespeicherte Version",
  restore: "Wiederhergestellte Version",
};

/**
 * The sections a talk's minutes carry after the scorecard, in this order; each gives null
 * when it has nothing to record.
 *
 * The Themenspeicher comes last: the topics the talk touched and those still open at its
 * close, from the talk's own topic history, which no later change rewrites.
 */
const MINUTES_SECTIONS_AFTER: ((source: TalkSectionSource, deps: ExportDeps) => Promise<ExportSection | null>)[] = [
  async (source) => agreementsSection(source),
  async (source, deps) => settlementSection(await listSettlementsOfTalk(deps.db, source.talk.id)),
  async (source, deps) => topicSection(await topicMinutesOfTalk(deps.db, source.talk.id)),
];

/** A talk's sections around the version's document; none for a version taken outside a talk. */
async function talkSectionsOf(deps: ExportDeps, source: TalkSectionSource | null): Promise<ExportSections> {
  if (!source) return {};
  const after: ExportSection[] = [];
  if (source.kind === "minutes") {
    for (const section of MINUTES_SECTIONS_AFTER) {
      const written = await section(source, deps);
      if (written) after.push(written);
    }
  }
  return { before: [talkOpeningSection(source)], after };
}

async function modelOf(
  doc: Y.Doc,
  kpisFor: (periods: string[]) => Promise<KpiSnapshot>,
  meta: ExportMeta,
  sectionsOf: (doc: Y.Doc) => Promise<ExportSections> = async () => ({}),
): Promise<ExportModel> {
  try {
    const json = yDocToDocumentJson(doc);
    const periods = Array.from(new Set(kpiBlocksOf(json).map((block) => block.period)));
    const kpis = await kpisFor(periods);
    return buildExportModel(json, (id) => readMeasure(doc, id), kpis, meta, await sectionsOf(doc));
  } finally {
    doc.destroy();
  }
}

/**
 * Loads the current state or a version of a scorecard for export.
 * @param deps - database, documents, current KPI values
 * @param scorecard - the scorecard (access already checked)
 * @param versionId - a version of this scorecard, or null for the current state
 * @returns the export model and its file name
 * @throws AppError 404 when the version does not exist or belongs to another scorecard
 */
export async function loadExportSource(deps: ExportDeps, scorecard: ScorecardRecord, versionId: number | null): Promise<ExportSource> {
  const base = { providerName: scorecard.providerName, scorecardTitle: scorecard.title };
  if (versionId === null) {
    const now = (deps.now ?? Date.now)();
    const model = await modelOf(await deps.collab.readDocument(scorecard.id), (periods) => deps.currentKpis(scorecard.id, periods), {
      ...base,
      versionLabel: `Aktueller Stand vom ${formatBerlinDateTime(now)}`,
    });
    return { model, fileName: (ext) => exportFileName(scorecard.providerName, berlinDateTime(now).date, exportLabel("current"), ext) };
  }
  const version = await findVersion(deps.db, scorecard.id, versionId);
  if (!version) throw notFound("Version");
  const talk = await talkOfVersion(deps.db, version.id, version.kind);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, version.state);
  // A session's start is named after the session, not a steering talk.
  const title = version.kind === "named" ? `„${version.name}“` : version.kind === "talk" && talk ? startStateTitle(talk.words.kind) : KIND_TITLES[version.kind];
  // A version taken for a talk is filed under the talk's date, the date everyone refers to.
  const date = berlinDateTime(talk?.startsAt ?? version.createdAt).date;
  const meta = {
    ...base,
    talkDate: talk ? berlinDateTime(talk.startsAt).date : null,
    talkHeading: talk?.words.heading,
    versionLabel: `${title} – Version ${version.number} vom ${formatBerlinDateTime(version.createdAt)}`,
    participants: talk?.participants ?? [],
  };
  // The talk's record is read from the version itself: its measures and its comment threads as frozen.
  const model = await modelOf(
    doc,
    async () => JSON.parse(version.kpisJson) as KpiSnapshot,
    meta,
    (frozen) => talkSectionsOf(deps, talk && { talk, kind: version.kind, measureTitle: (id) => readMeasure(frozen, id)?.title ?? null, threads: readThreads(frozen) }),
  );
  return { model, fileName: (ext) => exportFileName(scorecard.providerName, date, exportLabel(version.kind, version.number, talk?.words.kind), ext) };
}
