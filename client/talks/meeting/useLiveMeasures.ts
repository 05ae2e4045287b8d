import { useEffect, useState } from "react";
import type * as Y from "yjs";
import { readMeasure, type Measure } from "../../../shared/document/measures";
import { readOutline } from "../../../shared/document/outline";
import { yDocToDocumentJson } from "../../../shared/document/schema";

/** A measure of the live document with where it stands. */
export interface LiveMeasure {
  /** The measure's data. */
  measure: Measure;
  /** Perspective title, or null. */
  perspective: string | null;
  /** Goal title, or null. */
  goal: string | null;
}

/**
 * The measures placed in a document, in document order, each once (a pasted duplicate
 * id is listed at its first place); measures without data are left out.
 * @param doc - the scorecard's Y.Doc
 */
export function liveMeasures(doc: Y.Doc): LiveMeasure[] {
  const seen = new Set<string>();
  const result: LiveMeasure[] = [];
  for (const placement of readOutline(yDocToDocumentJson(doc)).placements) {
    if (seen.has(placement.measureId)) continue;
    seen.add(placement.measureId);
    const measure = readMeasure(doc, placement.measureId);
    if (measure) result.push({ measure, perspective: placement.perspective, goal: placement.goal });
  }
  return result;
}

/**
 * The document's measures, kept up to date with every change of the shared document
 * (at most once per animation frame, since typing changes it on every key).
 * @param doc - the scorecard's Y.Doc
 */
export function useLiveMeasures(doc: Y.Doc): LiveMeasure[] {
  const [measures, setMeasures] = useState(() => liveMeasures(doc));

  useEffect(() => {
    let frame = 0;
    const handleUpdate = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        setMeasures(liveMeasures(doc));
      });
    };
    setMeasures(liveMeasures(doc));
    doc.on("update", handleUpdate);
    return () => {
      doc.off("update", handleUpdate);
      if (frame) cancelAnimationFrame(frame);
    };
  }, [doc]);

  return measures;
}
