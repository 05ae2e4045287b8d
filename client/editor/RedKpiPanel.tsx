import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Editor } from "@tiptap/react";
import type * as Y from "yjs";
import { measuresMap, readMeasure } from "../../shared/document/measures";
import { kpiBlocksOf, unansweredRedKpis, type UnansweredRedKpi } from "../../shared/document/redKpis";
import type { KpiStore } from "./kpiStore";
import { RedKpiList } from "../components/RedKpiList";

/** Props of the red-KPI panel. */
interface RedKpiPanelProps {
  /** The scorecard editor. */
  editor: Editor;
  /** The scorecard document (measures). */
  doc: Y.Doc;
  /** The server's KPI values. */
  kpis: KpiStore;
}

function compute(editor: Editor, doc: Y.Doc, kpis: KpiStore): UnansweredRedKpi[] {
  const measures = Array.from(measuresMap(doc).keys()).flatMap((id) => readMeasure(doc, id) ?? []);
  return unansweredRedKpis(kpiBlocksOf(editor.getJSON()), measures, kpis.latest()?.periods ?? {});
}

/**
 * "Red needs an answer": lists every red KPI of the periods this scorecard shows that
 * no open measure is linked to and no KPI block explains, with a button that creates a
 * measure linked to it. Empty when all is answered.
 */
export function RedKpiPanel({ editor, doc, kpis }: RedKpiPanelProps) {
  const { t } = useTranslation();
  const [red, setRed] = useState<UnansweredRedKpi[]>(() => compute(editor, doc, kpis));

  useEffect(() => {
    const refresh = () => setRed(compute(editor, doc, kpis));
    const map = measuresMap(doc);
    editor.on("update", refresh);
    map.observeDeep(refresh);
    const stop = kpis.onChange(refresh);
    refresh();
    return () => {
      editor.off("update", refresh);
      map.unobserveDeep(refresh);
      stop();
    };
  }, [editor, doc, kpis]);

  return (
    <RedKpiList
      entries={red}
      headingId="red-kpis-title"
      testId="red-kpis"
      action={(entry, name) =>
        editor.isEditable && (
          <button type="button" onClick={() => editor.chain().focus("end").insertMeasure({ title: t("redKpis.measureTitle", { kpi: name }), linkedKpis: [entry.kpi] }).run()}>
            {t("redKpis.createMeasure")}
          </button>
        )
      }
    />
  );
}
