import { useTranslation } from "react-i18next";
import type { BudgetAgreement } from "../../shared/kpi/agreement";
import { budgetEffect, type BudgetEffect } from "../../shared/kpi/nextAgreement";
import { formatCents, formatNumber, formatPercent } from "./format";

/** Props of {@link NextBudgetEffect}. */
interface NextBudgetEffectProps {
  /** The current agreement (year Y). */
  current: BudgetAgreement;
  /** The draft for Y + 1 as typed, or null while a field is invalid. */
  next: BudgetAgreement | null;
  /** The draft's year. */
  nextYear: number;
}

/** The first instalment of the budget months (months before a budget start are 0). */
function regularInstalment(effect: BudgetEffect): number {
  return effect.monthlyInstalmentsCents.find((cents) => cents > 0) ?? 0;
}

/** Difference in % of the current value, or null when the current value is 0. */
function differencePct(next: number, current: number): number | null {
  return current === 0 ? null : ((next - current) * 100) / current;
}

/**
 * The budget effect of the draft beside the current agreement, kept in view above the
 * numbers and recomputed on every keystroke with the shared engine: annual budget, monthly instalments, budgeted average
 * need group and budgeted cases, with the difference to the current year ([KPI-N7]).
 */
export function NextBudgetEffect({ current, next, nextYear }: NextBudgetEffectProps) {
  const { t } = useTranslation();
  const before = budgetEffect(current);
  const after = next ? budgetEffect(next) : null;
  const columns: { key: string; label: string; before: number | null; after: number | null; format(value: number, signed?: boolean): string; pct?: boolean }[] = [
    { key: "annual", label: t("controlling.nextAgreement.effect.annual"), before: before.annualBudgetCents, after: after?.annualBudgetCents ?? null, format: (v, s) => formatCents(v, s), pct: true },
    {
      key: "instalment",
      label: t("controlling.nextAgreement.effect.instalment"),
      before: regularInstalment(before),
      after: after ? regularInstalment(after) : null,
      format: (v, s) => formatCents(v, s),
    },
    {
      key: "december",
      label: t("controlling.nextAgreement.effect.december"),
      before: before.monthlyInstalmentsCents[11] ?? 0,
      after: after?.monthlyInstalmentsCents[11] ?? null,
      format: (v, s) => formatCents(v, s),
    },
    {
      key: "avgNeedGroup",
      label: t("controlling.nextAgreement.effect.avgNeedGroup"),
      before: before.avgNeedGroupBudgeted,
      after: after?.avgNeedGroupBudgeted ?? null,
      format: (v, s) => formatNumber(v, { decimals: 2, signed: s }),
    },
    {
      key: "cases",
      label: t("controlling.nextAgreement.effect.cases"),
      before: before.budgetedCases,
      after: after?.budgetedCases ?? null,
      format: (v, s) => formatNumber(v, { decimals: 2, signed: s }),
    },
  ];
  const annualDifference = after ? after.annualBudgetCents - before.annualBudgetCents : null;
  const show = (value: number | null, format: (value: number) => string) => (value === null ? "–" : format(value));

  return (
    <section className="next-effect" aria-labelledby="next-effect-title" data-testid="next-effect">
      <h4 id="next-effect-title">{t("controlling.nextAgreement.effect.title")}</h4>
      <p aria-live="polite" className="next-effect-summary" data-testid="next-effect-summary">
        {after && annualDifference !== null
          ? t("controlling.nextAgreement.effect.summary", { year: nextYear, budget: formatCents(after.annualBudgetCents), difference: formatCents(annualDifference, true), current: current.year })
          : t("controlling.nextAgreement.effect.invalid")}
      </p>
      <div className="table-scroll">
        <table className="controlling-table">
          <caption className="visually-hidden">{t("controlling.nextAgreement.effect.caption", { current: current.year, next: nextYear })}</caption>
          <thead>
            <tr>
              <td />
              {columns.map((column) => (
                <th scope="col" key={column.key}>
                  {column.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">{t("controlling.nextAgreement.effect.agreementOf", { year: current.year })}</th>
              {columns.map((column) => (
                <td key={column.key} className="number">
                  {show(column.before, column.format)}
                </td>
              ))}
            </tr>
            <tr>
              <th scope="row">{t("controlling.nextAgreement.effect.draftOf", { year: nextYear })}</th>
              {columns.map((column) => (
                <td key={column.key} className="number" data-testid={`next-effect-${column.key}-draft`}>
                  {show(column.after, column.format)}
                </td>
              ))}
            </tr>
            <tr>
              <th scope="row">{t("controlling.nextAgreement.effect.difference")}</th>
              {columns.map((column) => {
                const difference = column.after !== null && column.before !== null ? column.after - column.before : null;
                const pct = column.pct && column.after !== null && column.before !== null ? differencePct(column.after, column.before) : null;
                return (
                  <td key={column.key} className="number" data-testid={`next-effect-${column.key}-difference`}>
                    {show(difference, (value) => column.format(value, true))}
                    {pct !== null && ` (${formatPercent(pct, true)})`}
                  </td>
                );
              })}
            </tr>
          </tbody>
        </table>
      </div>
    </section>
  );
}
