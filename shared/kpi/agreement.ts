/**
 * The budget agreement ([KPI-R13]): one JSON document per provider and budget year.
 */
import { z } from "zod";
import { issueOf, type KpiIssue, type ParseResult } from "./errors";
import { findJsonSyntaxError, locateJsonPath } from "./jsonPosition";
import { agreementTexts, jsonTexts, type KpiText } from "./messages";

/** The five need groups (Hilfebedarfsgruppen) of the H.M.B.-W method. */
export const NEED_GROUPS = [1, 2, 3, 4, 5] as const;

/** A need group, 1–5. */
export type NeedGroup = (typeof NEED_GROUPS)[number];

/** The rule of each checked key, from which both its schema and its messages are made. */
type FieldRule = { kind: "whole"; min: number; max?: number } | { kind: "nonNegative" } | { kind: "text" } | { kind: "list" } | { kind: "boolean" } | { kind: "month" } | { kind: "basis" };

const FIELD_RULES: Record<string, FieldRule> = {
  provider: { kind: "text" },
  year: { kind: "whole", min: 1, max: 9999 },
  baseYear: { kind: "whole", min: 1, max: 9999 },
  greenPct: { kind: "nonNegative" },
  amberPct: { kind: "nonNegative" },
  creditSocialSpaceAtPriorGroup: { kind: "boolean" },
  budgetedStaffFte: { kind: "nonNegative" },
  startMonth: { kind: "month" },
  settlementThresholdPct: { kind: "nonNegative" },
  settlementBasis: { kind: "basis" },
  offers: { kind: "list" },
  name: { kind: "text" },
  places: { kind: "whole", min: 0 },
  groups: { kind: "list" },
  needGroup: { kind: "whole", min: 1, max: 5 },
  budgetedCases: { kind: "nonNegative" },
  dailyFeeCents: { kind: "whole", min: 0 },
};

/** The schema library's issue as far as a message needs it. */
interface SchemaIssue {
  /** What kind of rule failed, e.g. `invalid_type`, `too_small`, `invalid_format`. */
  code?: string;
  /** The value found; undefined when the key is missing. */
  input?: unknown;
}

/**
 * The text of a broken rule of a key, in both languages. The schema's own messages (for
 * callers of the schema itself) are its English; {@link parseBudgetAgreement} takes both.
 */
function fieldText(field: string, issue: SchemaIssue): KpiText {
  const rule = FIELD_RULES[field];
  switch (rule?.kind) {
    case "whole":
      return agreementTexts.wholeNumber(field, rule.max === undefined ? `≥ ${rule.min}` : `${rule.min}–${rule.max}`, issue.input);
    case "nonNegative":
      return agreementTexts.nonNegative(field, issue.input);
    case "text":
      return issue.code === "too_small" ? agreementTexts.emptyText(field) : agreementTexts.notText(field, issue.input);
    case "list":
      return issue.code === "too_small" && field === "offers" ? agreementTexts.noOffers() : agreementTexts.notList(field, issue.input);
    case "boolean":
      return agreementTexts.notBoolean(field, issue.input);
    case "month":
      return agreementTexts.notMonth(field, issue.input, issue.code === "invalid_format");
    case "basis":
      return agreementTexts.notBasis(field, issue.input);
    default:
      return agreementTexts.invalid(`${field} is invalid`);
  }
}

/** The schema's error option: the key's message in English. */
function messageOf(field: string) {
  return { error: (issue: SchemaIssue) => fieldText(field, issue).en };
}

function wholeNumber(field: "year" | "baseYear" | "places" | "needGroup" | "dailyFeeCents") {
  const rule = FIELD_RULES[field] as Extract<FieldRule, { kind: "whole" }>;
  const schema = z.number(messageOf(field)).int(messageOf(field)).min(rule.min, messageOf(field));
  return rule.max === undefined ? schema : schema.max(rule.max, messageOf(field));
}

function nonNegative(field: "greenPct" | "amberPct" | "budgetedStaffFte" | "settlementThresholdPct" | "budgetedCases") {
  return z.number(messageOf(field)).min(0, messageOf(field));
}

/** A refinement's issue: English as the schema's message, both languages in `params`. */
function customIssue(path: PropertyKey[], text: KpiText) {
  return { code: "custom" as const, path, message: text.en, params: { text } };
}

/** How an under-run beyond the tolerance is settled at the year-end reconciliation. */
export const SETTLEMENT_BASES = ["beyondTolerance", "whole"] as const;

/** `beyondTolerance`: only the part of a shortfall beyond the tolerance; `whole`: all of it once the tolerance is exceeded. */
export type SettlementBasis = (typeof SETTLEMENT_BASES)[number];

const START_MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Budget of one need group within a service offer. */
export const GroupBudgetSchema = z.object({
  /** Need group 1–5. */
  needGroup: wholeNumber("needGroup"),
  /** Budgeted cases (Mengengerüst); may be fractional as a yearly mean. */
  budgetedCases: nonNegative("budgetedCases"),
  /** Agreed fee per day in euro cents. */
  dailyFeeCents: wholeNumber("dailyFeeCents"),
});

/** Budget of one need group within a service offer. */
export type GroupBudget = z.infer<typeof GroupBudgetSchema>;

/** A service offer (Leistungsangebot) with its capacity and its five need-group budgets. */
export const ServiceOfferBudgetSchema = z.object({
  /** Name as used in the figures' `serviceOffer` column. */
  name: z.string(messageOf("name")).trim().min(1, messageOf("name")),
  /** Capacity in places. */
  places: wholeNumber("places"),
  /** Exactly one entry per need group 1–5. */
  groups: z.array(GroupBudgetSchema, messageOf("groups")),
});

/** A service offer with its capacity and its five need-group budgets. */
export type ServiceOfferBudget = z.infer<typeof ServiceOfferBudgetSchema>;

/** The budget agreement of one provider for one budget (= calendar) year. */
export const BudgetAgreementSchema = z
  .object({
    /** Provider name, informational. */
    provider: z.string(messageOf("provider")).min(1, messageOf("provider")),
    /** Budget year; a period uses the agreement of its own year. */
    year: wholeNumber("year"),
    /** Year whose case numbers the budget was computed from; informational only. */
    baseYear: wholeNumber("baseYear").optional(),
    /** Corridor: |deviation| ≤ greenPct is green. */
    greenPct: nonNegative("greenPct").default(5),
    /** Corridor: |deviation| ≤ amberPct is amber, above is red. */
    amberPct: nonNegative("amberPct").default(10),
    /** Value +S days at the fee of their prior (higher) need group. */
    creditSocialSpaceAtPriorGroup: z.boolean(messageOf("creditSocialSpaceAtPriorGroup")).default(true),
    /** Staff budgeted for local persons, in full-time equivalents. */
    budgetedStaffFte: nonNegative("budgetedStaffFte"),
    /**
     * First budget month `YYYY-MM` inside `year` ([KPI-S1]); absent means January. Kept
     * absent rather than defaulted, so the stored agreement says what was agreed.
     */
    startMonth: z.string(messageOf("startMonth")).regex(START_MONTH, messageOf("startMonth")).optional(),
    /**
     * Tolerance of the year-end reconciliation in % of the budget ([KPI-J3]); absent means
     * `greenPct`, so it follows a later change of the corridor.
     */
    settlementThresholdPct: nonNegative("settlementThresholdPct").optional(),
    /** What an under-run beyond the tolerance repays ([KPI-J4]); absent means `beyondTolerance`. */
    settlementBasis: z.enum(SETTLEMENT_BASES, messageOf("settlementBasis")).optional(),
    /** The service offers; names unique. */
    offers: z.array(ServiceOfferBudgetSchema, messageOf("offers")).min(1, messageOf("offers")),
  })
  .superRefine((agreement, ctx) => {
    // A malformed month has its own issue already; only a well-formed one is checked against the year.
    const start = agreement.startMonth;
    if (start !== undefined && START_MONTH.test(start) && !start.startsWith(`${String(agreement.year).padStart(4, "0")}-`)) {
      ctx.addIssue(customIssue(["startMonth"], agreementTexts.startOutsideYear(start, agreement.year)));
    }
    if (agreement.greenPct > agreement.amberPct) {
      ctx.addIssue(customIssue(["greenPct"], agreementTexts.greenAboveAmber(agreement.greenPct, agreement.amberPct)));
    }
    const names = new Map<string, number>();
    agreement.offers.forEach((offer, offerIndex) => {
      const first = names.get(offer.name);
      if (first !== undefined) {
        ctx.addIssue(customIssue(["offers", offerIndex, "name"], agreementTexts.duplicateOffer(offer.name, first)));
      } else names.set(offer.name, offerIndex);
      const seen = new Set<number>();
      offer.groups.forEach((group, groupIndex) => {
        if (seen.has(group.needGroup)) {
          ctx.addIssue(customIssue(["offers", offerIndex, "groups", groupIndex, "needGroup"], agreementTexts.duplicateGroup(group.needGroup, offer.name)));
        }
        seen.add(group.needGroup);
      });
      const missing = NEED_GROUPS.filter((g) => !seen.has(g));
      if (missing.length > 0) {
        ctx.addIssue(customIssue(["offers", offerIndex, "groups"], agreementTexts.missingGroups(offer.name, missing)));
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
function unknownKeyWarnings(value: unknown): { path: PropertyKey[]; text: KpiText }[] {
  const warnings: { path: PropertyKey[]; text: KpiText }[] = [];
  const check = (object: unknown, known: ReadonlySet<string>, path: PropertyKey[]) => {
    if (typeof object !== "object" || object === null || Array.isArray(object)) return;
    for (const key of Object.keys(object)) {
      if (!known.has(key)) warnings.push({ path: [...path, key], text: agreementTexts.unknownKey(key) });
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

/** Both languages of a schema issue: a refinement's own text, else its key's rule. */
function issueText(issue: z.core.$ZodIssue): KpiText {
  if (issue.code === "custom") {
    const text = (issue.params as { text?: KpiText } | undefined)?.text;
    if (text) return text;
  }
  if (issue.path.length === 0) return issue.code === "invalid_type" ? agreementTexts.notAnObject(issue.input) : agreementTexts.invalid(issue.message);
  const field = issue.path[issue.path.length - 1];
  return typeof field === "string" && field in FIELD_RULES ? fieldText(field, issue) : agreementTexts.invalid(issue.message);
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
  const toIssue = (path: PropertyKey[], message: KpiText): KpiIssue => {
    const issue = issueOf(message, { column: formatJsonPath(path) });
    if (file !== undefined) issue.file = file;
    if (text !== undefined) {
      const keys = path.filter((k): k is string | number => typeof k !== "symbol");
      issue.line = locateJsonPath(text, keys).line;
    }
    return issue;
  };
  // With the input in each issue, the German is made from the same rule and value as the English.
  const result = BudgetAgreementSchema.safeParse(value, { reportInput: true });
  if (!result.success) {
    return { ok: false, errors: result.error.issues.map((issue) => toIssue(issue.path, issueText(issue))) };
  }
  const warnings = unknownKeyWarnings(value).map((w) => toIssue(w.path, w.text));
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
    const parserMessage = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ");
    const reason = found ? { en: found.message, de: found.messageDe } : { en: parserMessage, de: parserMessage };
    const issue = issueOf(jsonTexts.notJson(reason));
    if (file !== undefined) issue.file = file;
    if (found) {
      issue.line = found.line;
      issue.column = String(found.column);
    }
    return { ok: false, errors: [issue] };
  }
  return parseBudgetAgreement(value, file, source);
}
