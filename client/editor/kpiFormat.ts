import type { KpiDefinition } from "../../shared/document/kpiCatalogue";
import { formatCents, formatNumber, formatPercent, UNIT_SPACE } from "../controlling/format";

/**
 * Formats a KPI value by its unit, the German way (rounded half away from zero).
 * @param value - the unrounded value
 * @param unit - the catalogue's unit
 * @param signed - show "+" before positive values (deviations)
 */
export function formatKpiValue(value: number, unit: KpiDefinition["unit"], signed = false): string {
  switch (unit) {
    case "percent":
      return formatPercent(value, signed);
    case "cents":
      return formatCents(value, signed);
    case "days":
      return `${formatNumber(value, { signed })}${UNIT_SPACE}Tage`;
    case "count":
      return formatNumber(value, { signed });
    case "fte":
      return `${formatNumber(value, { decimals: 2, signed })}${UNIT_SPACE}VK`;
    case "group":
      return formatNumber(value, { decimals: 2, signed });
  }
}

/** The periods before a period, for a small trend: 3 quarters, 5 months or 4 years back. */
export function previousPeriods(period: string): string[] {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (quarter) {
    const index = Number(quarter[1]) * 4 + Number(quarter[2]) - 1;
    return [3, 2, 1].map((back) => `${Math.floor((index - back) / 4)}-Q${((index - back) % 4) + 1}`);
  }
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  if (month) {
    const index = Number(month[1]) * 12 + Number(month[2]) - 1;
    return [5, 4, 3, 2, 1].map((back) => `${Math.floor((index - back) / 12)}-${String(((index - back) % 12) + 1).padStart(2, "0")}`);
  }
  const year = /^(\d{4})$/.exec(period);
  if (year) return [4, 3, 2, 1].map((back) => String(Number(year[1]) - back));
  return [];
}
