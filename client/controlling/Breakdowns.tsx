import { useTranslation } from "react-i18next";
import type { KpiResult } from "../../shared/kpi/result";
import { formatCents, formatNumber, formatPercent } from "./format";
import { useKpiText } from "./kpiText";

const GROUPS = ["1", "2", "3", "4", "5"] as const;

/** Props of {@link Breakdowns}. */
interface BreakdownsProps {
  /** The KPIs of the period. */
  result: KpiResult;
}

/** Utilisation by offer, cases by need group against the budget, and the social-space (+S) figures. */
export function Breakdowns({ result }: BreakdownsProps) {
  const { t } = useTranslation();
  const text = useKpiText();
  const reason = (key: string) => text.reason(result, key) ?? t("controlling.dashboard.noValue");
  const offers = Object.entries(result.utilisationByOfferPct ?? {});
  const count = (value: number) => formatNumber(value, { decimals: Number.isInteger(value) ? 0 : 1 });

  return (
    <div className="breakdowns">
      <section aria-labelledby="breakdown-offers">
        <h3 id="breakdown-offers">{t("controlling.breakdown.byOffer")}</h3>
        <table className="controlling-table">
          <caption>{t("controlling.breakdown.byOfferCaption", { period: result.period })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("controlling.breakdown.offer")}</th>
              <th scope="col">{t("controlling.breakdown.utilisation")}</th>
            </tr>
          </thead>
          <tbody>
            {offers.map(([offer, pct]) => (
              <tr key={offer}>
                <th scope="row">{offer}</th>
                <td className="number">{pct === null ? t("controlling.breakdown.noPlaces") : formatPercent(pct)}</td>
              </tr>
            ))}
            <tr className="total">
              <th scope="row">{t("controlling.breakdown.total")}</th>
              <td className="number">{result.utilisationPct === null ? reason("utilisationPct") : formatPercent(result.utilisationPct)}</td>
            </tr>
          </tbody>
        </table>
      </section>

      <section aria-labelledby="breakdown-groups">
        <h3 id="breakdown-groups">{t("controlling.breakdown.byGroup")}</h3>
        {result.casesByGroup === null && <p className="kpi-reason">{reason("casesByGroup")}</p>}
        <table className="controlling-table">
          <caption>{t("controlling.breakdown.byGroupCaption", { period: result.period })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("controlling.breakdown.group")}</th>
              <th scope="col">{t("controlling.breakdown.cases")}</th>
              <th scope="col">{t("controlling.breakdown.budgeted")}</th>
              <th scope="col">{t("controlling.breakdown.difference")}</th>
            </tr>
          </thead>
          <tbody>
            {GROUPS.map((group) => {
              const actual = result.casesByGroup?.[group] ?? null;
              const budget = result.budgetedCasesByGroup?.[group] ?? 0;
              return (
                <tr key={group}>
                  <th scope="row">{t("controlling.breakdown.groupN", { group })}</th>
                  <td className="number">{actual === null ? "–" : count(actual)}</td>
                  <td className="number">{count(budget)}</td>
                  <td className="number">{actual === null ? "–" : formatNumber(actual - budget, { decimals: Number.isInteger(actual - budget) ? 0 : 1, signed: true })}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="breakdown-social">
        <h3 id="breakdown-social">{t("controlling.breakdown.socialSpace")}</h3>
        <dl className="social-space" data-testid="social-space">
          <dt>{t("controlling.breakdown.socialSpaceCases")}</dt>
          <dd>{result.socialSpaceCases === null ? reason("socialSpaceCases") : count(result.socialSpaceCases)}</dd>
          <dt>{t("controlling.breakdown.socialSpaceShare")}</dt>
          <dd>{result.socialSpaceSharePct === null ? reason("socialSpaceSharePct") : formatPercent(result.socialSpaceSharePct)}</dd>
          <dt>{t("controlling.breakdown.socialSpaceValueFreed")}</dt>
          <dd>{result.socialSpaceValueFreedCents === null ? reason("socialSpaceValueFreedCents") : formatCents(result.socialSpaceValueFreedCents)}</dd>
        </dl>
      </section>
    </div>
  );
}
