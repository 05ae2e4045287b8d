/**
 * The KPI engine of Steuerrad: pure TypeScript (no Node APIs), shared by the KPI command,
 * the server recalculation and the client preview. The rules are in `SPEC.md`.
 *
 * @example
 * const agreement = parseBudgetAgreementText(json, "agreement-2025.json");
 * const figures = parseFiguresCsv(csv, "figures-2025.csv");
 * const staff = parseStaffCsv(staffCsv, "staff-2025.csv");
 * if (agreement.ok && figures.ok && staff.ok) {
 *   evaluateKpis({ agreements: [agreement.value], figures: figures.value, staff: staff.value, period: "2025-Q2" });
 *   // The year-end reconciliation of one to five budget years:
 *   evaluateReconciliation({ agreements: [agreement.value], figures: figures.value, staff: staff.value, span: "2025" });
 * }
 */
export * from "./aggregate";
export * from "./disclosure";
export * from "./agreement";
export * from "./budget";
export * from "./corridor";
export * from "./dataset";
export * from "./errors";
export * from "./evaluate";
export * from "./exact";
export * from "./figures";
export * from "./formulas";
export * from "./messages";
export type { MonthFacts } from "./monthFacts";
export * from "./periods";
export * from "./reconcile";
export * from "./result";
export * from "./staff";
export * from "./trend";
export { looksLikePersonalData, readCsvTable, type CsvColumnSpec, type CsvRecord, type CsvTable } from "./csv";
export { findJsonSyntaxError, locateJsonPath, parseJsonPath, positionAt, type JsonSyntaxError, type TextPosition } from "./jsonPosition";
