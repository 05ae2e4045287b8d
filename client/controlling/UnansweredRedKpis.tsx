import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { unansweredRedKpis, type UnansweredRedKpi } from "../../shared/document/redKpis";
import type { KpiResult } from "../../shared/kpi/result";
import { api, readJson } from "../lib/api";
import { navigate } from "../routes";
import { RedKpiList } from "../components/RedKpiList";

/** Props of the dashboard's red-KPI list. */
interface UnansweredRedKpisProps {
  /** The provider's name, to find its scorecard. */
  provider: string;
  /** The dashboard's period. */
  period: string;
  /** The provider's KPIs of that period. */
  result: KpiResult;
}

/**
 * "Red needs an answer" on the dashboard: the red KPIs of the chosen period that no open
 * measure of the provider's scorecard is linked to and no KPI block there explains.
 */
export function UnansweredRedKpis({ provider, period, result }: UnansweredRedKpisProps) {
  const { t } = useTranslation();
  const [state, setState] = useState<{ red: UnansweredRedKpi[]; scorecardId: string | null } | null>(null);

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const scorecards = await readJson(api.scorecards.$get(), "Scorecards laden");
      const scorecard = scorecards.find((s) => s.provider === provider) ?? null;
      const { measures, kpiBlocks: blocks } = scorecard
        ? await readJson(api.scorecards[":id"].measures.$get({ param: { id: scorecard.id } }), "Maßnahmen der Scorecard laden")
        : { measures: [], kpiBlocks: [] };
      // The dashboard's period counts as shown, so its red KPIs are checked too.
      const red = unansweredRedKpis([...blocks, { kpi: "", period, note: "" }], measures, { [period]: { result, error: null } });
      if (!cancelled) setState({ red: red.filter((entry) => entry.period === period), scorecardId: scorecard?.id ?? null });
    })().catch(() => !cancelled && setState({ red: [], scorecardId: null }));
    return () => {
      cancelled = true;
    };
  }, [provider, period, result]);

  if (!state) return null;
  const scorecardId = state.scorecardId;
  return (
    <RedKpiList
      entries={state.red}
      headingId="dashboard-red-title"
      testId="dashboard-red-kpis"
      footer={
        scorecardId && (
          <a
            href={`/scorecards/${scorecardId}`}
            onClick={(event) => {
              event.preventDefault();
              navigate(`/scorecards/${scorecardId}`);
            }}
          >
            {t("redKpis.openScorecard")}
          </a>
        )
      }
    />
  );
}
