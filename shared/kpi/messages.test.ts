import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseBudgetAgreement, parseBudgetAgreementText } from "./agreement";
import { PeriodBeforeBudgetStartError } from "./errors";
import { evaluateKpis } from "./evaluate";
import { parseFiguresCsv } from "./figures";
import {
  agreementTexts,
  csvTexts,
  datasetTexts,
  disclosureTexts,
  errorTexts,
  evaluationTexts,
  figuresTexts,
  jsonTexts,
  nextAgreementTexts,
  periodTexts,
  reconcileTexts,
  staffTexts,
  type KpiText,
} from "./messages";
import { draftNextAgreement } from "./nextAgreement";
import { evaluateReconciliation } from "./reconcile";
import { buildAgreement, buildStaff, marchRows } from "./testSupport";

const HEADER = "month,serviceOffer,needGroup,funderKind,socialSpace,priorNeedGroup,cases,occupancyDays";
const ROW = { month: "2025-03", serviceOffer: "A", needGroup: 2, funderKind: "local", socialSpace: true, priorNeedGroup: 4 };
const HELLO: KpiText = { en: "hello", de: "hallo" };

/**
 * Every message function of every catalogue, called with typical arguments. A catalogue
 * entry missing here fails the coverage test, so a new message cannot skip the check.
 */
const SAMPLES: Record<string, Record<string, () => KpiText>> = {
  csvTexts: {
    unreadable: () => csvTexts.unreadable("Quoted field unterminated", "MissingQuotes"),
    emptyFile: () => csvTexts.emptyFile("month,staffFte"),
    personalData: () => csvTexts.personalData("Vorname"),
    repeatedColumn: () => csvTexts.repeatedColumn("Fälle", "cases", "Fälle", "cases"),
    missingColumn: () => csvTexts.missingColumn("priorNeedGroup", ["HBG vorher"]),
    tooManyCells: () => csvTexts.tooManyCells(9, 8),
  },
  figuresTexts: {
    wholeNumber: () => figuresTexts.wholeNumber("cases", "≥ 0", "x"),
    month: () => figuresTexts.month("2025-13"),
    monthFormat: () => figuresTexts.monthFormat("03/2025"),
    emptyOffer: () => figuresTexts.emptyOffer(),
    funderKind: () => figuresTexts.funderKind("county"),
    socialSpace: () => figuresTexts.socialSpace("2"),
    priorMissing: () => figuresTexts.priorMissing(),
    priorNotHigher: () => figuresTexts.priorNotHigher(2, 3),
    priorNotEmpty: () => figuresTexts.priorNotEmpty("4"),
    repeatedRow: () => figuresTexts.repeatedRow(ROW, { line: 2, row: 1 }),
    occupancyWarning: () => figuresTexts.occupancyWarning(40, 1, 28),
  },
  staffTexts: {
    repeatedMonth: () => staffTexts.repeatedMonth("2025-03", { row: 2 }),
    staffFte: () => staffTexts.staffFte("22,4", 10000),
  },
  jsonTexts: {
    syntax: () => jsonTexts.syntax("}", "value"),
    notJson: () => jsonTexts.notJson(HELLO),
  },
  agreementTexts: {
    wholeNumber: () => agreementTexts.wholeNumber("places", "≥ 0", -1),
    nonNegative: () => agreementTexts.nonNegative("greenPct", undefined),
    notText: () => agreementTexts.notText("provider", 3),
    notList: () => agreementTexts.notList("offers", {}),
    notBoolean: () => agreementTexts.notBoolean("creditSocialSpaceAtPriorGroup", "ja"),
    notMonth: () => agreementTexts.notMonth("startMonth", "2025-13", true),
    notBasis: () => agreementTexts.notBasis("settlementBasis", "all"),
    emptyText: () => agreementTexts.emptyText("name"),
    noOffers: () => agreementTexts.noOffers(),
    notAnObject: () => agreementTexts.notAnObject("text"),
    invalid: () => agreementTexts.invalid("Invalid input"),
    startOutsideYear: () => agreementTexts.startOutsideYear("2026-04", 2025),
    greenAboveAmber: () => agreementTexts.greenAboveAmber(12, 10),
    duplicateOffer: () => agreementTexts.duplicateOffer("Haus A", 0),
    duplicateGroup: () => agreementTexts.duplicateGroup(3, "Haus A"),
    missingGroups: () => agreementTexts.missingGroups("Haus A", [5]),
    unknownKey: () => agreementTexts.unknownKey("greenPcts"),
  },
  datasetTexts: {
    secondAgreement: () => datasetTexts.secondAgreement(2025, { position: 1 }),
    offerNotInAgreement: () => datasetTexts.offerNotInAgreement("Haus B", 2025, ["Haus A"]),
    atRow: () => datasetTexts.atRow(HELLO, 3),
  },
  periodTexts: {
    badPeriod: () => periodTexts.badPeriod("2025-Q5", "noQuarter"),
    noAgreement: () => periodTexts.noAgreement(2026, "2026-Q1"),
    beforeBudgetStart: () => periodTexts.beforeBudgetStart("2025-Q1", "2025-07"),
  },
  evaluationTexts: {
    noFigures: () => evaluationTexts.noFigures("2025-Q3", ["2025-07", "2025-08", "2025-09"], false),
    lastMonthNotReported: () => evaluationTexts.lastMonthNotReported("2025-08", "2025-YTD-08"),
    zeroBase: () => evaluationTexts.zeroBase("proRataBudget"),
    noBudgetedCases: () => evaluationTexts.noBudgetedCases(),
    noLocalDays: () => evaluationTexts.noLocalDays(),
    noCapacity: () => evaluationTexts.noCapacity(),
    noDaysForExternalShare: () => evaluationTexts.noDaysForExternalShare(),
    noStaffRow: () => evaluationTexts.noStaffRow(),
    noDaysForStaff: () => evaluationTexts.noDaysForStaff(),
    noLocalCasesAtEnd: () => evaluationTexts.noLocalCasesAtEnd(),
    fewTrendYears: () => evaluationTexts.fewTrendYears(2021, 2025, [2025]),
  },
  reconcileTexts: {
    badSpan: () => reconcileTexts.badSpan("25"),
    backwards: () => reconcileTexts.backwards("2025-2023"),
    tooLong: () => reconcileTexts.tooLong("2019-2025", 7, 5),
    noAgreement: () => reconcileTexts.noAgreement(2024, "2024-2025"),
    noBudgetMonthReported: () => reconcileTexts.noBudgetMonthReported(2025),
    noStaffMean: () => reconcileTexts.noStaffMean(2024, "2024-2025"),
  },
  disclosureTexts: {
    fewContributors: () => disclosureTexts.fewContributors(3),
    smallCount: () => disclosureTexts.smallCount(5),
    complement: () => disclosureTexts.complement(),
    unsafeMonth: () => disclosureTexts.unsafeMonth(3, ["2025-02"]),
    derived: () => disclosureTexts.derived(),
    notShared: () => disclosureTexts.notShared(),
    notReported: () => disclosureTexts.notReported(),
    noBudget: () => disclosureTexts.noBudget(),
    fewProviders: () => disclosureTexts.fewProviders(2025, 2, 3),
  },
  nextAgreementTexts: {
    keptCurrent: () => nextAgreementTexts.keptCurrent("Haus A", 2021, 2025),
    singleYear: () => nextAgreementTexts.singleYear("Haus A", 2025),
    trend: () => nextAgreementTexts.trend([2023, 2024, 2025], 2026, false),
  },
  errorTexts: {
    invalidInput: () => errorTexts.invalidInput(),
    andMore: () => errorTexts.andMore(2),
  },
};

const CATALOGUES: Record<string, object> = {
  csvTexts,
  figuresTexts,
  staffTexts,
  jsonTexts,
  agreementTexts,
  datasetTexts,
  periodTexts,
  evaluationTexts,
  reconcileTexts,
  disclosureTexts,
  nextAgreementTexts,
  errorTexts,
};

describe("engine messages", () => {
  it("samples every message function of every catalogue", () => {
    for (const [name, catalogue] of Object.entries(CATALOGUES)) expect(Object.keys(SAMPLES[name] ?? {}).sort(), name).toEqual(Object.keys(catalogue).sort());
  });

  it("every message function says something in English and in German, and not the same", () => {
    for (const [name, samples] of Object.entries(SAMPLES)) {
      for (const [kind, sample] of Object.entries(samples)) {
        const text = sample();
        const where = `${name}.${kind}`;
        expect(text.en.trim(), where).not.toBe("");
        expect(text.de.trim(), where).not.toBe("");
        expect(text.de, where).not.toBe(text.en);
        for (const language of [text.en, text.de]) expect(language, where).not.toMatch(/undefined|\[object|NaN/);
      }
    }
  });

  it("[KPI11] the trend with figures of one year says why in German", () => {
    const result = evaluateKpis({ agreements: [buildAgreement()], figures: marchRows(), staff: [buildStaff("2025-03", 4)], period: "2025-03" });
    expect(result.trend).toBeNull();
    expect(result.trendReason).toBe("figures for fewer than two years in 2021-2025 (years with figures: 2025); a trend needs at least two");
    expect(result.trendReasonDe).toBe("Zahlen für weniger als zwei Jahre in 2021–2025 (Jahre mit Zahlen: 2025); ein Trend braucht mindestens zwei");
    expect(result.reasonsDe.trend).toBe(result.trendReasonDe);
  });

  it("[KPI-R8] every English reason has its German under the same key, whatever is reported", () => {
    const months = ["2025-01", "2025-02", "2025-03"];
    fc.assert(
      fc.property(fc.subarray(months), fc.subarray(months), fc.constantFrom("2025-01", "2025-03", "2025-Q1", "2025-Q2", "2025"), (reported, staffed, period) => {
        const result = evaluateKpis({ agreements: [buildAgreement()], figures: reported.flatMap((m) => marchRows(m)), staff: staffed.map((m) => buildStaff(m, 3.5)), period });
        expect(Object.keys(result.reasonsDe).sort()).toEqual(Object.keys(result.reasons).sort());
        for (const [key, reason] of Object.entries(result.reasonsDe)) expect(reason, key).not.toBe(result.reasons[key]);
      }),
    );
  });

  it("[KPI-R3] a month not reported is named in German", () => {
    const result = evaluateKpis({ agreements: [buildAgreement()], figures: [...marchRows("2025-07")], staff: [], period: "2025-YTD-08" });
    expect(result.reasonsDe.casesAtEnd).toBe("Monat 2025-08, der letzte Monat von 2025-YTD-08, ist nicht gemeldet");
    expect(result.reasonsDe.staffFteLocal).toBe("für keinen Monat des Zeitraums ist Personal (VK) gemeldet");
  });

  it("[KPI-R11] a bad cell reads in German as the UI names the column", () => {
    const result = parseFiguresCsv(`${HEADER}\n2025-01,A,1,local,0,,x,60\n`, "f.csv");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({ line: 2, column: "cases", message: 'cases must be a whole number ≥ 0, got "x"', messageDe: "Fälle: muss eine ganze Zahl ≥ 0 sein, gefunden „x“" });
  });

  it("[KPI-R13] agreement errors read in German, for schema rules, refinements and syntax", () => {
    const missing = parseBudgetAgreement({ ...buildAgreement(), offers: [{ name: "A", places: 10, groups: [] }] });
    expect(!missing.ok && missing.errors[0]?.messageDe).toBe("Leistungsangebot „A“ muss jede Hilfebedarfsgruppe 1–5 einmal nennen; es fehlt 1, 2, 3, 4, 5");
    const notObject = parseBudgetAgreement("2025");
    expect(!notObject.ok && notObject.errors[0]).toMatchObject({ column: "(root)", messageDe: 'die Vereinbarung muss ein JSON-Objekt sein, gefunden "2025"' });
    const syntax = parseBudgetAgreementText('{"year": 2025,', "a.json");
    expect(!syntax.ok && syntax.errors[0]?.messageDe).toBe("kein gültiges JSON: unerwartetes Ende des Textes, erwartet eine Zeichenkette");
  });

  it("[KPI-S4] a period before the budget start says so in German too", () => {
    const error = new PeriodBeforeBudgetStartError("2025-Q1", "2025-07");
    expect(error.message).toBe("period: period 2025-Q1 lies before the budget start 2025-07");
    expect(error.messageDe).toBe("period: der Zeitraum 2025-Q1 liegt vor dem Budgetbeginn 2025-07");
  });

  it("[KPI-J6] the reconciliation gives German reasons beside the English ones", () => {
    const result = evaluateReconciliation({ agreements: [buildAgreement()], figures: marchRows(), staff: [], span: "2025" });
    expect(Object.keys(result.reasonsDe).sort()).toEqual(Object.keys(result.reasons).sort());
    expect(result.reasonsDe["2025.staffFteLocal"]).toBe("für keinen Monat des Zeitraums ist Personal (VK) gemeldet");
    expect(result.reasonsDe["cumulative.staffFteLocalMean"]).toBe("kein Personal für örtliche Fälle in 2025, daher kein Mittel über 2025");
  });

  it("[KPI-N4] each cell of the next agreement's draft says in German why", () => {
    const draft = draftNextAgreement({ current: buildAgreement(), figures: marchRows() });
    expect(draft.cells[0]).toMatchObject({ source: "singleYear", reasonDe: "Zahlen für „A“ nur aus einem Jahr (2025); ein Trend braucht mindestens zwei, daher gilt das Mittel dieses Jahres" });
  });
});
