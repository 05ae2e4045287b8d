import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Editor } from "@tiptap/react";
import type * as Y from "yjs";
import { defaultGoal, goalChoices, goalOfNode, type GoalChoice } from "../../shared/document/goalPlacement";
import { measuresMap, readMeasure } from "../../shared/document/measures";
import { kpiBlocksOf, unansweredRedKpis, type UnansweredRedKpi } from "../../shared/document/redKpis";
import type { DocumentJson } from "../../shared/document/schema";
import type { KpiStore } from "./kpiStore";
import { RedKpiList } from "../components/RedKpiList";
import { MeasurePlacementForm, type MeasurePlacement } from "../components/MeasurePlacementForm";
import { insertMeasureUnderGoal } from "./measureMoves";
import { openMeasure } from "./measureOpenState";

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

const keyOf = (entry: UnansweredRedKpi) => `${entry.kpi}|${entry.period}`;

/** The goal choice offered for a red KPI's measure: the goal of its KPI block, else the first. */
interface Offer {
  /** The red KPI, `kpi|period`. */
  key: string;
  /** The goals when the offer was made. */
  goals: GoalChoice[];
  /** The goal offered first. */
  goal: GoalChoice | null;
}

function offerFor(entry: UnansweredRedKpi, json: DocumentJson): Offer {
  const block = goalOfNode(json, (node) => node.type === "kpiBlock" && node.attrs?.kpi === entry.kpi && node.attrs?.period === entry.period);
  return { key: keyOf(entry), goals: goalChoices(json), goal: defaultGoal(json, block) };
}

/**
 * "Red needs an answer": lists every red KPI of the periods this scorecard shows that
 * no open measure is linked to and no KPI block explains, with a button that creates a
 * measure linked to it, under the goal and with the responsible side the user picks
 * (offered: the goal of the KPI's block, and the provider).
 */
export function RedKpiPanel({ editor, doc, kpis }: RedKpiPanelProps) {
  const { t } = useTranslation();
  const [red, setRed] = useState<UnansweredRedKpi[]>(() => compute(editor, doc, kpis));
  const [offer, setOffer] = useState<Offer | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);

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

  function handleCreate(entry: UnansweredRedKpi, name: string, placement: MeasurePlacement) {
    const id = insertMeasureUnderGoal(editor, doc, placement.goal?.index ?? null, {
      title: t("redKpis.measureTitle", { kpi: name }),
      linkedKpis: [entry.kpi],
      responsibleSide: placement.responsibleSide,
    });
    setOffer(null);
    setOutcome(placement.goal ? t("structure.placement.added", { goal: placement.goal.label }) : t("structure.placement.addedAtEnd"));
    // Opened at its title, as a measure inserted from the toolbar is: the next step is naming it.
    openMeasure(doc, id, "field");
  }

  return (
    <>
      <RedKpiList
        entries={red}
        headingId="red-kpis-title"
        testId="red-kpis"
        action={(entry, name) =>
          editor.isEditable &&
          (offer?.key === keyOf(entry) ? (
            <MeasurePlacementForm goals={offer.goals} defaultGoal={offer.goal} defaultSide="provider" onSubmit={(placement) => handleCreate(entry, name, placement)} onCancel={() => setOffer(null)} />
          ) : (
            <button type="button" onClick={() => setOffer(offerFor(entry, editor.getJSON() as DocumentJson))}>
              {t("redKpis.createMeasure")}
            </button>
          ))
        }
      />
      <p className="success-text" role="status">
        {outcome}
      </p>
    </>
  );
}
