import type { KpiSnapshot, PeriodKpis } from "../../shared/domain/kpiSnapshot";
import type { KpiStore } from "../editor/kpiStore";

/**
 * A KPI store that never talks to the server: it answers from one frozen snapshot, as a
 * version recorded it, so the KPI blocks of an old version show the values of its time.
 * @param snapshot - the version's KPI snapshot
 * @param missing - the reason shown for a period the snapshot does not hold
 * @returns a store for the read-only editor's KPI blocks
 * @example
 * const kpis = createStaticKpiStore(version.kpis, t("versions.view.kpiNotRecorded"));
 * KpiBlock.configure({ kpis });
 */
export function createStaticKpiStore(snapshot: KpiSnapshot, missing: string): KpiStore {
  const absent: PeriodKpis = { result: null, error: missing };
  return {
    watch(period, listener) {
      listener(snapshot.periods[period] ?? absent, snapshot);
      return () => undefined;
    },
    latest: () => snapshot,
    onChange: () => () => undefined,
    destroy: () => undefined,
  };
}
