/**
 * Export files: a loaded export written as Word or PDF, with its name and content type.
 * Used by the download route and by the talk mails, which attach both files of the
 * circulation and the minutes.
 */
import { findScorecard } from "../persistence/scorecards";
import { notFound } from "../errors";
import type { ExportModel } from "./exportModel";
import { loadExportSource, type ExportDeps, type ExportSource } from "./exportSource";

/** A written export. */
export interface ExportFile {
  /** File name, e.g. `BSC_Beispiel-e-V_2026-03-05_Vorabversand.pdf`. */
  name: string;
  /** The file's bytes. */
  content: Buffer;
  /** MIME type. */
  contentType: string;
}

/**
 * The formats: how each is written and what it is. The writers' libraries are loaded on the
 * first export; they are large, and a process serving editors alone never needs them.
 */
export const EXPORT_FORMATS = {
  docx: {
    write: async (model: ExportModel) => (await import("./docx")).exportDocx(model),
    contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  },
  pdf: { write: async (model: ExportModel) => (await import("./pdf")).exportPdf(model), contentType: "application/pdf" },
} satisfies Record<string, { write: (model: ExportModel) => Promise<Buffer>; contentType: string }>;

/** "docx" or "pdf". */
export type ExportFormat = keyof typeof EXPORT_FORMATS;

/**
 * Writes a loaded export in one format.
 * @param source - from `loadExportSource`
 * @param format - "docx" or "pdf"
 */
export async function writeExport(source: ExportSource, format: ExportFormat): Promise<ExportFile> {
  const { write, contentType } = EXPORT_FORMATS[format];
  return { name: source.fileName(format), content: await write(source.model), contentType };
}

/**
 * Creates the function that turns a version into its Word and PDF files, for the talk
 * mails (`exportVersion` of the talk service).
 * @param deps - database, documents, current KPI values
 * @returns `(scorecardId, versionId) => [docx, pdf]`
 * @throws AppError 404 (from the returned function) when the scorecard or version does not exist
 * @example
 * const exportVersion = createVersionExporter({ db, collab, currentKpis });
 * const [docx, pdf] = await exportVersion(scorecardId, circulationVersionId);
 */
export function createVersionExporter(deps: ExportDeps): (scorecardId: string, versionId: number) => Promise<ExportFile[]> {
  return async (scorecardId, versionId) => {
    const scorecard = await findScorecard(deps.db, scorecardId);
    if (!scorecard) throw notFound("Scorecard");
    const source = await loadExportSource(deps, scorecard, versionId);
    return [await writeExport(source, "docx"), await writeExport(source, "pdf")];
  };
}
