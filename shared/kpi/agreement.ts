/**
 * The budget agreement ([KPI-R13]): one JSON document per provider and budget year.
 */
import { z } from "zod";
import type { KpiIssue, ParseResult } from "./errors";
import { findJsonSyntaxError, locateJsonPath } from "./jsonPosition";

/** The five need groups (Hilfebedarfsgruppen) of the H.M.B.-W method. */
export const NEED_GROUPS = [1, 2, 3, 4, 5] as const;

/** A need group, 1–5. */
export type NeedGroup = (typeof NEED_GROUPS)[number];

function got(input: unknown): string {
  return input === undefined ? "it is missing" : `got ${JSON.stringify(input)}`;
}

function wholeNumber(what: string, min: number, max?: number) {
  const range = max === undefined ? `≥ ${min}` : `${min}–${max}`;
  const message = (issue: { input?: unknown }) => `${what} must be a whole number ${range}, ${got(issue.input)}`;
  const schema = z.number({ error: message }).int({ error: message }).min(min, { error: message });
  return max === undefined ? schema : schema.max(max, { error: message });
}

function nonNegative(what: string) {
  const message = (issue: { input?: unknown }) => `${what} must be a number ≥ 0, ${got(issue.input)}`;
  return z.number({ error: message }).min(0, { error: message });
}

/** How an under-run beyond the tolerance is settled at the year-end reconciliation. */
export const SETTLEMENT_BASES = ["beyondTolerance", "whole"] as const;

/** `beyondTolerance`: only the part of a shortfall beyond the tolerance; `whole`: all of it once the tolerance is exceeded. */
export type SettlementBasis = (typeof SETTLEMENT_BASES)[number];

const START_MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Budget of one need group within a service offer. */
export const GroupBudgetSchema = z.object({
  /** Need group 1–5. */
  needGroup: wholeNumber("needGroup", 1, 5),
  /** Budgeted cases (Mengengerüst); may be fractional as a yearly mean. */
  budgetedCases: nonNegative("budgetedCases"),
  /** Agreed fee per day in euro cents. */
  dailyFeeCents: wholeNumber("dailyFeeCents", 0),
});

/** Budget of one need group within a service offer. */
export type GroupBudget = z.infer<typeof GroupBudgetSchema>;

/** A service offer (Leistungsangebot) with its capacity and its five need-group budgets. */
export const ServiceOfferBudgetSchema = z.object({
  /** Name as used in the figures' `serviceOffer` column. */
  name: z.string({ error: (i) => `name must be a text, ${got(i.input)}` }).trim().min(1, { error: "name must not be empty" }),
  /** Capacity in places. */
  places: wholeNumber("places", 0),
  /** Exactly one entry per need group 1–5. */
  groups: z.array(GroupBudgetSchema, { error: (i) => `groups must be a list, ${got(i.input)}` }),
});

/** A service offer with its capacity and its five need-group budgets. */
export type ServiceOfferBudget = z.infer<typeof ServiceOfferBudgetSchema>;

/** The budget agreement of one provider for one budget (= calendar) year. */
export const BudgetAgreementSchema = z
  .object({
    /** Provider name, informational. */
    provider: z.string({ error: (i) => `provider must be a text, ${got(i.input)}` }).min(1, { error: "provider must not be empty" }),
    /** Budget year; a period uses the agreement of its own year. */
    year: wholeNumber("year", 1, 9999),
    /** Year whose case numbers the budget was computed from; informational only. */
    baseYear: wholeNumber("baseYear", 1, 9999).optional(),
    /** Corridor: |deviation| ≤ greenPct is green. */
    greenPct: nonNegative("greenPct").default(5),
    /** Corridor: |deviation| ≤ amberPct is amber, above is red. */
    amberPct: nonNegative("amberPct").default(10),
    /** Value +S days at the fee of their prior (higher) need group. */
    creditSocialSpaceAtPriorGroup: z
      .boolean({ error: (i) => `creditSocialSpaceAtPriorGroup must be true or false, ${got(i.input)}` })
      .default(true),
    /** Staff budgeted for local persons, in full-time equivalents. */
    budgetedStaffFte: nonNegative("budgetedStaffFte"),
    /**
     * First budget month `YYYY-MM` inside `year` ([KPI-S1]); absent means January. Kept
     * absent rather than defaulted, so the stored agreement says what was agreed.
     */
    startMonth: z
      .string({ error: (i) => `startMonth must be a month "YYYY-MM", ${got(i.input)}` })
      .regex(START_MONTH, { error: (i) => `startMonth must be a month "YYYY-MM" (01–12), ${got(i.input)}` })
      .optional(),
    /**
     * Tolerance of the year-end reconciliation in % of the budget ([KPI-J3]); absent means
     * `greenPct`, so it follows a later change of the corridor.
     */
    settlementThresholdPct: nonNegative("settlementThresholdPct").optional(),
    /** What an under-run beyond the tolerance repays ([KPI-J4]); absent means `beyondTolerance`. */
    settlementBasis: z
      .enum(SETTLEMENT_BASES, { error: (i) => `settlementBasis must be "beyondTolerance" or "whole", ${got(i.input)}` })
      .optional(),
    /** The service offers; names unique. */
    offers: z
      .array(ServiceOfferBudgetSchema, { error: (i) => `offers must be a list, ${got(i.input)}` })
      .min(1, { error: "offers must list at least one service offer" }),
  })
  .superRefine((agreement, ctx) => {
    // A malformed month has its own issue already; only a well-formed one is checked against the year.
    const start = agreement.startMonth;
    if (start !== undefined && START_MONTH.test(start) && !start.startsWith(`${String(agreement.year).padStart(4, "0")}-`)) {
      ctx.addIssue({
        code: "custom",
        path: ["startMonth"],
        message: `startMonth (${agreement.startMonth}) must be a month of the agreement's year ${agreement.year}`,
      });
    }
    if (agreement.greenPct > agreement.amberPct) {
      ctx.addIssue({
        code: "custom",
        path: ["greenPct"],
        message: `greenPct (${agreement.greenPct}) must not be above amberPct (${agreement.amberPct})`,
      });
    }
    const names = new Map<string, number>();
    agreement.offers.forEach((offer, offerIndex) => {
      const first = names.get(offer.name);
      if (first !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["offers", offerIndex, "name"],
          message: `offer name "${offer.name}" is used twice (also offers[${first}])`,
        });
      } else names.set(offer.name, offerIndex);
      const seen = new Set<number>();
      offer.groups.forEach((group, groupIndex) => {
        if (seen.has(group.needGroup)) {
          ctx.addIssue({
            code: "custom",
            path: ["offers", offerIndex, "groups", groupIndex, "needGroup"],
            message: `need group ${group.needGroup} is listed twice in offer "${offer.name}"`,
          });
        }
        seen.add(group.needGroup);
      });
      const missing = NEED_GROUPS.filter((g) => !seen.has(g));
      if (missing.length > 0) {
        ctx.addIssue({
          code: "custom",
          path: ["offers", offerIndex, "groups"],
          message: `offer "${offer.name}" must list every need group 1–5 once; missing ${missing.join(", ")}`,
        });
      }
    });
  });

/** The budget agreement of one provider for one budget year (defaults applied). */
export type BudgetAgreement = z.infer<typeof BudgetAgreementSchema>;

/**
 * [KPI-S1] The first budget month of an agreement's year.
 *
 * @param agreement - a validated agreement
 * @returns 1–12; 1 (January) when the agreement names no `startMonth`
 * @example
 * budgetStartMonth({ year: 2025, startMonth: "2025-07" }) // 7
 */
export function budgetStartMonth(agreement: Pick<BudgetAgreement, "startMonth">): number {
  return agreement.startMonth === undefined ? 1 : Number(agreement.startMonth.slice(5, 7));
}

/**
 * [KPI-J3] The reconciliation's tolerance in % of the budget.
 *
 * @param agreement - a validated agreement
 * @returns `settlementThresholdPct`, or `greenPct` when the agreement names none
 */
export function settlementThresholdPctOf(agreement: Pick<BudgetAgreement, "settlementThresholdPct" | "greenPct">): number {
  return agreement.settlementThresholdPct ?? agreement.greenPct;
}

/**
 * [KPI-J4] What an under-run beyond the tolerance repays.
 *
 * @param agreement - a validated agreement
 * @returns `settlementBasis`, or `beyondTolerance` when the agreement names none
 */
export function settlementBasisOf(agreement: Pick<BudgetAgreement, "settlementBasis">): SettlementBasis {
  return agreement.settlementBasis ?? "beyondTolerance";
}

/**
 * Formats a zod path the way a reader writes it: `offers[0].groups[2].needGroup`.
 *
 * @param path - keys and indices
 * @returns the dotted path, or `(root)` for the document itself
 */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const key of path) text += typeof key === "number" ? `[${key}]` : `${text === "" ? "" : "."}${String(key)}`;
  return text === "" ? "(root)" : text;
}

const KNOWN_KEYS: Record<string, ReadonlySet<string>> = {
  agreement: new Set(Object.keys(BudgetAgreementSchema.shape)),
  offer: new Set(Object.keys(ServiceOfferBudgetSchema.shape)),
  group: new Set(Object.keys(GroupBudgetSchema.shape)),
};

/** Unknown keys are ignored but reported, since a misspelt `greenPct` would silently use the default. */
function unknownKeyWarnings(value: unknown): { path: PropertyKey[]; message: string }[] {
  const warnings: { path: PropertyKey[]; message: string }[] = [];
  const check = (object: unknown, known: ReadonlySet<string>, path: PropertyKey[]) => {
    if (typeof object !== "object" || object === null || Array.isArray(object)) return;
    for (const key of Object.keys(object)) {
      if (!known.has(key)) warnings.push({ path: [...path, key], message: `unknown key "${key}" is ignored` });
    }
  };
  check(value, KNOWN_KEYS.agreement, []);
  const offers = (value as { offers?: unknown })?.offers;
  if (Array.isArray(offers)) {
    offers.forEach((offer, i) => {
      check(offer, KNOWN_KEYS.offer, ["offers", i]);
      const groups = (offer as { groups?: unknown })?.groups;
      if (Array.isArray(groups)) groups.forEach((g, j) => check(g, KNOWN_KEYS.group, ["offers", i, "groups", j]));
    });
  }
  return warnings;
}

/**
 * Validates an already-parsed agreement (e.g. from an HTTP body).
 *
 * @param value - the JSON value
 * @param file - file name for the issues, if any
 * @param text - the JSON source, if any, so issues can name a line
 * @returns the agreement with defaults applied, or every issue with its JSON path as `column`
 * @example
 * const result = parseBudgetAgreement(body);
 * if (!result.ok) return c.json({ errors: result.errors }, 400);
 */
export function parseBudgetAgreement(value: unknown, file?: string, text?: string): ParseResult<BudgetAgreement> {
  const toIssue = (path: PropertyKey[], message: string): KpiIssue => {
    const issue: KpiIssue = { message, column: formatJsonPath(path) };
    if (file !== undefined) issue.file = file;
    if (text !== undefined) {
      const keys = path.filter((k): k is string | number => typeof k !== "symbol");
      issue.line = locateJsonPath(text, keys).line;
    }
    return issue;
  };
  const result = BudgetAgreementSchema.safeParse(value);
  if (!result.success) {
    return { ok: false, errors: result.error.issues.map((issue) => toIssue(issue.path, issue.message)) };
  }
  const warnings = unknownKeyWarnings(value).map((w) => toIssue(w.path, w.message));
  return { ok: true, value: result.data, warnings };
}

/**
 * Parses and validates agreement JSON text, naming lines for syntax and schema errors.
 *
 * @param text - the file content (a UTF-8 BOM is fine)
 * @param file - file name for the issues, if any
 * @returns the agreement, or every issue found
 */
export function parseBudgetAgreementText(text: string, file?: string): ParseResult<BudgetAgreement> {
  const source = text.replace(/^\uFEFF/, "");
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    const found = findJsonSyntaxError(source);
    const reason = found?.message ?? (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ");
    const issue: KpiIssue = { message: `not valid JSON: ${reason}` };
    if (file !== undefined) issue.file = file;
    if (found) {
      issue.line = found.line;
      issue.column = String(found.column);
    }
    return { ok: false, errors: [issue] };
  }
  return parseBudgetAgreement(value, file, source);
}
