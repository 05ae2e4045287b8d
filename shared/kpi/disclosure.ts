/**
 * Disclosure control for figures shared beyond one provider and the funder (the shared
 * scorecard of the providers' conference). The rules are [KPI-D1] … [KPI-D6] in SPEC.md.
 *
 * The attacker in mind is a provider's editor: it knows its own figures, may assume that
 * another provider reported zeros, and may ask for every period of a year. Each rule here
 * decides on the providers' parts of one sum only, so every period that contains the same
 * sum (2025-Q1, 2025-03 and 2025-YTD-03 all end in March) hides the same cells.
 */
import { disclosureTexts } from "./messages";

/** Counts of persons below this are never shown in shared views ("< 5"). */
export const MIN_DISCLOSED_COUNT = 5;

/**
 * A sum is shown only when at least this many providers contribute a non-zero part: a
 * provider that subtracts its own part then learns no more than a sum over two others.
 */
export const MIN_CONTRIBUTORS = 3;

/**
 * Why a shared cell is hidden: each value is the text in English (`en`, the result's
 * `reasons`) and German (`de`, its `reasonsDe`). A verdict is one of these very objects, so
 * verdicts compare with `===`.
 */
export const DisclosureReason = {
  fewContributors: disclosureTexts.fewContributors(MIN_CONTRIBUTORS),
  smallCount: disclosureTexts.smallCount(MIN_DISCLOSED_COUNT),
  complement: disclosureTexts.complement(),
  unsafeMonth: disclosureTexts.unsafeMonth(MIN_CONTRIBUTORS),
  derived: disclosureTexts.derived(),
  notShared: disclosureTexts.notShared(),
  notReported: disclosureTexts.notReported(),
} as const;

/** A reason from {@link DisclosureReason}, or null when the cell may be shown. */
export type DisclosureVerdict = (typeof DisclosureReason)[keyof typeof DisclosureReason] | null;

/**
 * [KPI-D1] How many providers contribute to a sum: those whose part is not zero.
 * @param parts - each provider's part (null = nothing reported, which contributes nothing)
 * @returns the number of non-zero parts
 * @example contributorCount([120, 0, 35]) // 2
 */
export function contributorCount(parts: readonly (number | null)[]): number {
  return parts.filter((part) => part !== null && part !== 0).length;
}

function total(parts: readonly (number | null)[]): number {
  return parts.reduce<number>((sum, part) => sum + (part ?? 0), 0);
}

/**
 * [KPI-D1] Whether a sum of money or days may be shown: it is zero (no provider has
 * anything, so nothing about anyone is told), or at least three providers contribute.
 * @param parts - each provider's part
 * @returns null when it may be shown, else the reason
 * @example sumVerdict([120, 0, 35]) // DisclosureReason.fewContributors
 */
export function sumVerdict(parts: readonly (number | null)[]): DisclosureVerdict {
  const count = contributorCount(parts);
  return count === 0 || count >= MIN_CONTRIBUTORS ? null : DisclosureReason.fewContributors;
}

/**
 * [KPI-D2] Whether a count of persons may be shown: it follows [KPI-D1], and a non-zero
 * count also needs a total of at least five with every non-zero part at least five (a part
 * of 1–4 would be the total minus what the others know of themselves).
 * @param parts - each provider's count
 * @returns null when it may be shown, else the reason
 * @example countVerdict([40, 3, 12]) // DisclosureReason.smallCount
 */
export function countVerdict(parts: readonly (number | null)[]): DisclosureVerdict {
  const sum = total(parts);
  if (sum === 0) return null;
  if (sum < MIN_DISCLOSED_COUNT || parts.some((part) => part !== null && part > 0 && part < MIN_DISCLOSED_COUNT)) {
    return DisclosureReason.smallCount;
  }
  return sumVerdict(parts);
}

/**
 * [KPI-D3] Whether a sum over the months of a period (days, service value, value freed)
 * may be shown: every month of the period must pass [KPI-D1] on its own, because the
 * difference of two periods that differ by one month (YTD-03 − YTD-02, a quarter − two
 * months) is that month's sum; then the period's sum passes [KPI-D1] too.
 * @param monthParts - per month of the period, each provider's part in that month
 * @returns null when it may be shown, else the reason
 * @example flowVerdict([[31, 28, 30], [31, 0, 0]]) // DisclosureReason.unsafeMonth
 */
export function flowVerdict(monthParts: readonly (readonly (number | null)[])[]): DisclosureVerdict {
  if (monthParts.some((parts) => sumVerdict(parts) !== null)) return DisclosureReason.unsafeMonth;
  const periodParts = monthParts.length === 0 ? [] : monthParts[0].map((_, provider) => total(monthParts.map((parts) => parts[provider])));
  return sumVerdict(periodParts);
}

/** Which cells of a table `total = Σ cells` stay hidden, and why. */
export interface TableVerdict {
  /** Per cell, null when shown, else the reason. */
  cells: DisclosureVerdict[];
  /** For the total, null when shown, else the reason. */
  total: DisclosureVerdict;
}

/**
 * Whether the hidden cells of a table may stand as their sum (the total minus the shown
 * cells): that sum passes [KPI-D2], and for every provider at least two hidden cells have a
 * non-zero part of another provider, so that subtracting its own parts leaves no hidden
 * cell on its own.
 */
function hiddenSumHolds(cellParts: readonly (readonly (number | null)[])[], hidden: readonly boolean[], providerCount: number): boolean {
  const parts = Array.from({ length: providerCount }, (_, provider) => cellParts.reduce<number>((sum, cell, i) => (hidden[i] ? sum + (cell[provider] ?? 0) : sum), 0));
  if (countVerdict(parts) !== null) return false;
  for (let provider = 0; provider < providerCount; provider++) {
    const withOthers = cellParts.filter((cell, i) => hidden[i] && cell.some((part, other) => other !== provider && part !== null && part !== 0));
    if (withOthers.length < 2) return false;
  }
  return true;
}

/**
 * [KPI-D4] Count cells that add up to a shown total (need groups 1–5 and the cases at
 * period end, the budgeted cases likewise), with complementary suppression: when a cell is
 * hidden, the total minus the shown cells is the sum of the hidden ones, so that sum must
 * itself pass [KPI-D2], and no provider may be left, after subtracting its own parts, with
 * one hidden cell alone. Further cells are hidden, smallest first, until both hold; when no
 * choice does, the total is hidden instead (a hidden total leaves no equation between the
 * cells).
 * @param cellParts - per cell, each provider's count
 * @param totalParts - each provider's total (the sum of its cell parts)
 * @returns the verdict for every cell and for the total
 * @example protectCountTable([[40, 30, 20], [30, 20, 10], [3, 0, 0]], [73, 50, 30]).cells // [null, DisclosureReason.complement, DisclosureReason.smallCount]
 */
export function protectCountTable(cellParts: readonly (readonly (number | null)[])[], totalParts: readonly (number | null)[]): TableVerdict {
  const primary = cellParts.map((parts) => countVerdict(parts));
  const totalVerdict = countVerdict(totalParts);
  if (totalVerdict !== null || primary.every((verdict) => verdict === null)) return { cells: primary, total: totalVerdict };
  const hidden = primary.map((verdict) => verdict !== null);
  const candidates = cellParts
    .map((parts, cell) => ({ cell, value: total(parts) }))
    .filter(({ cell, value }) => !hidden[cell] && value !== 0)
    .sort((a, b) => a.value - b.value || a.cell - b.cell);
  const cells: DisclosureVerdict[] = [...primary];
  if (hiddenSumHolds(cellParts, hidden, totalParts.length)) return { cells, total: null };
  for (const { cell } of candidates) {
    hidden[cell] = true;
    cells[cell] = DisclosureReason.complement;
    if (hiddenSumHolds(cellParts, hidden, totalParts.length)) return { cells, total: null };
  }
  return { cells: primary, total: DisclosureReason.complement };
}
