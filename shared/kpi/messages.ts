/**
 * Every text the KPI engine produces — reasons for a missing value, warnings, input errors —
 * in English and German, one function per kind of message. The English goes where it always
 * went (`message`, `reasons`, `trendReason`: the KPI command prints it); the German beside it
 * (`messageDe`, `reasonsDe`, `trendReasonDe`) for the German UI and the exported documents.
 * Keeping both languages of a message in one function keeps them saying the same thing.
 *
 * German terms follow the UI: Belegungstage, Leistungsangebot, Hilfebedarfsgruppe (HBG),
 * Fälle, Kostenträger örtlich/auswärtig, Sozialraum (+S), VK, Mengengerüst, Budgetbeginn,
 * Zeitraum, Periodenende.
 */

/** One engine text in both languages of the product. */
export interface KpiText {
  /** English, the KPI command's language: kept in `message`, `reasons`, `trendReason`. */
  en: string;
  /** German, the UI's first language: kept in `messageDe`, `reasonsDe`, `trendReasonDe`. */
  de: string;
}

/** A value quoted the English way, "x", and the German way, „x“. */
const quoteEn = (text: string) => `"${text}"`;
const quoteDe = (text: string) => `„${text}“`;

/** English "got …" / German "gefunden …" after a rule, quoted like the cell was written, or not. */
function found(value: string, quoted: boolean): KpiText {
  return quoted ? { en: `got ${quoteEn(value)}`, de: `gefunden ${quoteDe(value)}` } : { en: `got ${value}`, de: `gefunden ${value}` };
}

/** Where an earlier row is: its file line, or its position among rows without a file. */
export interface RowRef {
  /** 1-based file line, when the row came from a file. */
  line?: number | undefined;
  /** 1-based position, for rows without a line (forms, the database). */
  row: number;
}

function where(ref: RowRef): KpiText {
  return ref.line !== undefined ? { en: `line ${ref.line}`, de: `Zeile ${ref.line}` } : { en: `row ${ref.row}`, de: `Datensatz ${ref.row}` };
}

/** The figures columns a message can name: English as in the file format, German as the UI says. */
export type FigureField = "needGroup" | "priorNeedGroup" | "cases" | "occupancyDays";
const FIGURE_FIELD: Record<FigureField, KpiText> = {
  needGroup: { en: "need group", de: "HBG" },
  priorNeedGroup: { en: "prior need group", de: "HBG vorher" },
  cases: { en: "cases", de: "Fälle" },
  occupancyDays: { en: "occupancyDays", de: "Belegungstage" },
};

/** Texts of the CSV reader shared by the figures and staff files ([KPI-R11], [KPI-R12], [KPI-R15]). */
export const csvTexts = {
  /** A record papaparse could not read; its codes for quoting problems are put in German. */
  unreadable: (detail: string, code?: string): KpiText => ({
    en: `unreadable CSV: ${detail}`,
    de: `CSV nicht lesbar: ${code === "MissingQuotes" ? "ein Anführungszeichen wird nicht geschlossen" : code === "InvalidQuotes" ? "ein Anführungszeichen steht an falscher Stelle" : detail}`,
  }),
  /** No header at all. */
  emptyFile: (header: string): KpiText => ({ en: `file is empty; expected the header ${header}`, de: `die Datei ist leer; erwartet wird die Kopfzeile ${header}` }),
  /** A column that holds personal data of the people served. */
  personalData: (column: string): KpiText => ({
    en: `column ${quoteEn(column)} looks like personal data of the people served; figures must be aggregates, remove the column`,
    de: `Spalte ${quoteDe(column)} sieht nach personenbezogenen Daten der Leistungsberechtigten aus; Zahlen werden nur zusammengefasst gemeldet, bitte die Spalte entfernen`,
  }),
  /** A second column for the same field. */
  repeatedColumn: (column: string, key: string, germanName: string, existing: string): KpiText => ({
    en: `column ${quoteEn(column)} names ${key} again (already column ${quoteEn(existing)})`,
    de: `Spalte ${quoteDe(column)} nennt ${germanName} ein zweites Mal (schon in Spalte ${quoteDe(existing)})`,
  }),
  /** A column the file lacks, with the spellings that would do. */
  missingColumn: (key: string, aliases: readonly string[]): KpiText => ({
    en: `missing column ${key}${aliases.length > 0 ? ` (or ${aliases.map(quoteEn).join(", ")})` : ""}`,
    de: `Spalte ${key} fehlt${aliases.length > 0 ? ` (oder ${aliases.map(quoteDe).join(", ")})` : ""}`,
  }),
  /** More cells than headers, usually a decimal comma. */
  tooManyCells: (cells: number, headerCells: number): KpiText => ({
    en: `the line has ${cells} cells but the header only ${headerCells}; write decimals with "." (not ",") and quote texts containing commas`,
    de: `die Zeile hat ${cells} Zellen, die Kopfzeile nur ${headerCells}; Dezimalzahlen mit „.“ (nicht „,“) schreiben und Texte mit Komma in Anführungszeichen setzen`,
  }),
};

/** Texts of the figures file and of figures rows from forms and the database ([KPI-R11], [KPI-R14]). */
export const figuresTexts = {
  /** A count or need group that is not a whole number in range; `quoted` when the cell's text is shown. */
  wholeNumber: (field: FigureField, range: "1–5" | "≥ 0", value: string, quoted = true): KpiText => {
    const got = found(value, quoted);
    return { en: `${FIGURE_FIELD[field].en} must be a whole number ${range}, ${got.en}`, de: `${FIGURE_FIELD[field].de}: muss eine ganze Zahl ${range} sein, ${got.de}` };
  },
  /** A month that does not exist. */
  month: (value: string): KpiText => ({ en: `month must be an existing month YYYY-MM, got ${quoteEn(value)}`, de: `Monat: muss ein existierender Monat JJJJ-MM sein, gefunden ${quoteDe(value)}` }),
  /** A month that is not written YYYY-MM (rows from forms or the database). */
  monthFormat: (value: string): KpiText => ({ en: `month must be YYYY-MM, got ${quoteEn(value)}`, de: `Monat: muss JJJJ-MM sein, gefunden ${quoteDe(value)}` }),
  /** An empty service offer. */
  emptyOffer: (): KpiText => ({ en: "serviceOffer must not be empty", de: "Leistungsangebot: darf nicht leer sein" }),
  /** An unknown funder kind; `quoted` when the cell's text is shown. */
  funderKind: (value: string, quoted = true): KpiText => {
    const got = found(value, quoted);
    return quoted
      ? { en: `funderKind must be local or external (lokal/örtlich/auswärtig), ${got.en}`, de: `Kostenträger: muss örtlich (lokal) oder auswärtig sein, ${got.de}` }
      : { en: `funderKind must be local or external, ${got.en}`, de: `Kostenträger: muss örtlich (local) oder auswärtig (external) sein, ${got.de}` };
  },
  /** A +S marker other than 0 or 1. */
  socialSpace: (value: string): KpiText => ({ en: `socialSpace must be 0 or 1, got ${quoteEn(value)}`, de: `Sozialraum (+S): muss 0 oder 1 sein, gefunden ${quoteDe(value)}` }),
  /** A +S row without its prior group. */
  priorMissing: (): KpiText => ({
    en: "a +S row (socialSpace 1) needs priorNeedGroup, the need group before the lowering",
    de: "HBG vorher: eine +S-Zeile (Sozialraum 1) braucht die Hilfebedarfsgruppe vor der Absenkung",
  }),
  /** A +S row whose prior group is not higher than its group. */
  priorNotHigher: (prior: number | null, group: number): KpiText => ({
    en: `priorNeedGroup (${prior ?? "empty"}) must be higher than needGroup (${group}) on a +S row`,
    de: `HBG vorher (${prior ?? "leer"}) muss auf einer +S-Zeile höher sein als die HBG (${group})`,
  }),
  /** A prior group on a row without +S; the cell's text when known. */
  priorNotEmpty: (value?: string): KpiText => ({
    en: `priorNeedGroup must be empty unless socialSpace is 1${value === undefined ? "" : `, got ${quoteEn(value)}`}`,
    de: `HBG vorher: muss leer sein, wenn Sozialraum (+S) nicht 1 ist${value === undefined ? "" : `, gefunden ${quoteDe(value)}`}`,
  }),
  /** A repeated key month × offer × group × funder kind × +S × prior group. */
  repeatedRow: (row: { month: string; serviceOffer: string; needGroup: number; funderKind: string; socialSpace: boolean; priorNeedGroup: number | null }, first: RowRef): KpiText => {
    const space = row.socialSpace ? 1 : 0;
    const kind = row.funderKind === "local" ? "örtlich" : row.funderKind === "external" ? "auswärtig" : row.funderKind;
    const priorEn = row.priorNeedGroup !== null ? ` × prior ${row.priorNeedGroup}` : "";
    const priorDe = row.priorNeedGroup !== null ? ` × HBG vorher ${row.priorNeedGroup}` : "";
    return {
      en: `repeated row ${row.month} × ${quoteEn(row.serviceOffer)} × group ${row.needGroup} × ${row.funderKind} × +S ${space}${priorEn}, already on ${where(first).en}; rows are neither summed nor overwritten`,
      de: `doppelte Zeile ${row.month} × ${quoteDe(row.serviceOffer)} × HBG ${row.needGroup} × ${kind} × +S ${space}${priorDe}, schon in ${where(first).de}; Zeilen werden weder addiert noch überschrieben`,
    };
  },
  /** More occupancy days than the cases could have had: a warning only. */
  occupancyWarning: (days: number, cases: number, daysInMonth: number): KpiText => ({
    en: `${days} occupancy days exceed ${cases} cases × ${daysInMonth} days; fine if people left during the month`,
    de: `${days} Belegungstage übersteigen ${cases} Fälle × ${daysInMonth} Tage; in Ordnung, wenn Personen im Laufe des Monats ausgezogen sind`,
  }),
};

/** Texts of the staff file ([KPI-R12]). */
export const staffTexts = {
  /** A second staff row of a month. */
  repeatedMonth: (month: string, first: RowRef): KpiText => ({
    en: `month ${month} already has a staff row (${where(first).en}); one row per month`,
    de: `Monat ${month} hat schon eine Personalzeile (${where(first).de}); eine Zeile je Monat`,
  }),
  /** A staff FTE that is no decimal with "." or implausibly large. */
  staffFte: (value: string, max: number): KpiText => ({
    en: `staffFte must be a decimal number from 0 to ${max} with "." as decimal point, got ${quoteEn(value)}`,
    de: `VK: muss eine Dezimalzahl von 0 bis ${max} mit „.“ als Dezimaltrennzeichen sein, gefunden ${quoteDe(value)}`,
  }),
};

/** What the JSON scanner expected where it stopped. */
export type JsonExpected = "string" | "closingQuote" | "escape" | "colon" | "commaOrClose" | "value" | "end";

/** Texts of agreement JSON that does not parse. */
export const jsonTexts = {
  /** The first syntax error: what was found (null at the end of the text) and what was expected. */
  syntax: (foundChar: string | null, expected: JsonExpected, close = "}"): KpiText => {
    const wanted: Record<JsonExpected, KpiText> = {
      string: { en: "a string", de: "eine Zeichenkette" },
      closingQuote: { en: "a closing quote", de: "ein schließendes Anführungszeichen" },
      escape: { en: "an escape sequence", de: "eine Escape-Sequenz" },
      colon: { en: '":"', de: "„:“" },
      commaOrClose: { en: `"," or "${close}"`, de: `„,“ oder „${close}“` },
      value: { en: "a value", de: "ein Wert" },
      end: { en: "the end of the text", de: "das Ende des Textes" },
    };
    const at = foundChar === null ? { en: "unexpected end of text", de: "unerwartetes Ende des Textes" } : { en: `unexpected ${JSON.stringify(foundChar)}`, de: `unerwartetes ${quoteDe(foundChar)}` };
    return { en: `${at.en}, expected ${wanted[expected].en}`, de: `${at.de}, erwartet ${wanted[expected].de}` };
  },
  /** The file is not JSON, with the syntax error. */
  notJson: (reason: KpiText): KpiText => ({ en: `not valid JSON: ${reason.en}`, de: `kein gültiges JSON: ${reason.de}` }),
};

/** German names of the agreement's JSON keys, as the agreement form labels them. */
const AGREEMENT_FIELD_DE: Record<string, string> = {
  provider: "Anbieter (provider)",
  year: "Jahr (year)",
  baseYear: "Basisjahr (baseYear)",
  greenPct: "Korridor grün (greenPct)",
  amberPct: "Korridor gelb (amberPct)",
  creditSocialSpaceAtPriorGroup: "+S-Bewertung mit früherer Gruppe (creditSocialSpaceAtPriorGroup)",
  budgetedStaffFte: "Budgetiertes Personal in VK (budgetedStaffFte)",
  startMonth: "Budgetbeginn (startMonth)",
  settlementThresholdPct: "Toleranz für den Jahresabgleich (settlementThresholdPct)",
  settlementBasis: "Ausgleich (settlementBasis)",
  offers: "Leistungsangebote (offers)",
  name: "Name des Leistungsangebots (name)",
  places: "Plätze (places)",
  groups: "Hilfebedarfsgruppen (groups)",
  needGroup: "Hilfebedarfsgruppe (HBG, needGroup)",
  budgetedCases: "Mengengerüst (budgetedCases)",
  dailyFeeCents: "Tagessatz in Cent (dailyFeeCents)",
};

/** An agreement rule broken by a JSON value: the key, the rule in both languages, the value found. */
function fieldRule(field: string, rule: KpiText, input: unknown): KpiText {
  const got = input === undefined ? { en: "it is missing", de: "fehlt aber" } : { en: `got ${JSON.stringify(input)}`, de: `gefunden ${JSON.stringify(input)}` };
  return { en: `${field} must be ${rule.en}, ${got.en}`, de: `${AGREEMENT_FIELD_DE[field] ?? field}: muss ${rule.de} sein, ${got.de}` };
}

/** Texts of the budget agreement ([KPI-R13], [KPI-S1]). */
export const agreementTexts = {
  /** Not a whole number in range. */
  wholeNumber: (field: string, range: string, input: unknown): KpiText => fieldRule(field, { en: `a whole number ${range}`, de: `eine ganze Zahl ${range}` }, input),
  /** Not a number ≥ 0. */
  nonNegative: (field: string, input: unknown): KpiText => fieldRule(field, { en: "a number ≥ 0", de: "eine Zahl ≥ 0" }, input),
  /** Not a text. */
  notText: (field: string, input: unknown): KpiText => fieldRule(field, { en: "a text", de: "ein Text" }, input),
  /** Not a list. */
  notList: (field: string, input: unknown): KpiText => fieldRule(field, { en: "a list", de: "eine Liste" }, input),
  /** Not true or false. */
  notBoolean: (field: string, input: unknown): KpiText => fieldRule(field, { en: "true or false", de: "true oder false" }, input),
  /** Not a text "YYYY-MM"; `range` when it is a text naming no month 01–12. */
  notMonth: (field: string, input: unknown, range = false): KpiText =>
    fieldRule(field, range ? { en: 'a month "YYYY-MM" (01–12)', de: "ein Monat „JJJJ-MM“ (01–12)" } : { en: 'a month "YYYY-MM"', de: "ein Monat „JJJJ-MM“" }, input),
  /** Not one of the settlement bases. */
  notBasis: (field: string, input: unknown): KpiText => fieldRule(field, { en: '"beyondTolerance" or "whole"', de: "„beyondTolerance“ oder „whole“" }, input),
  /** An empty text. */
  emptyText: (field: string): KpiText => ({ en: `${field} must not be empty`, de: `${AGREEMENT_FIELD_DE[field] ?? field}: darf nicht leer sein` }),
  /** No service offer at all. */
  noOffers: (): KpiText => ({ en: "offers must list at least one service offer", de: "Leistungsangebote (offers): mindestens ein Leistungsangebot angeben" }),
  /** The document is not a JSON object. */
  notAnObject: (input: unknown): KpiText => ({
    en: `the agreement must be a JSON object, got ${JSON.stringify(input) ?? "nothing"}`,
    de: `die Vereinbarung muss ein JSON-Objekt sein, gefunden ${JSON.stringify(input) ?? "nichts"}`,
  }),
  /** Any other schema problem, in the schema library's English words. */
  invalid: (message: string): KpiText => ({ en: message, de: `ungültiger Wert: ${message}` }),
  /** A budget start outside the agreement's year. */
  startOutsideYear: (start: string, year: number): KpiText => ({
    en: `startMonth (${start}) must be a month of the agreement's year ${year}`,
    de: `Budgetbeginn (${start}) muss ein Monat des Vereinbarungsjahres ${year} sein`,
  }),
  /** A green corridor wider than the amber one. */
  greenAboveAmber: (green: number, amber: number): KpiText => ({
    en: `greenPct (${green}) must not be above amberPct (${amber})`,
    de: `Korridor grün (${green}) darf nicht über Korridor gelb (${amber}) liegen`,
  }),
  /** An offer name used twice. */
  duplicateOffer: (name: string, first: number): KpiText => ({
    en: `offer name ${quoteEn(name)} is used twice (also offers[${first}])`,
    de: `Leistungsangebot ${quoteDe(name)} kommt zweimal vor (auch offers[${first}])`,
  }),
  /** A need group listed twice in one offer. */
  duplicateGroup: (group: number, offer: string): KpiText => ({
    en: `need group ${group} is listed twice in offer ${quoteEn(offer)}`,
    de: `Hilfebedarfsgruppe ${group} steht zweimal im Leistungsangebot ${quoteDe(offer)}`,
  }),
  /** Need groups an offer lacks. */
  missingGroups: (offer: string, missing: readonly number[]): KpiText => ({
    en: `offer ${quoteEn(offer)} must list every need group 1–5 once; missing ${missing.join(", ")}`,
    de: `Leistungsangebot ${quoteDe(offer)} muss jede Hilfebedarfsgruppe 1–5 einmal nennen; es fehlt ${missing.join(", ")}`,
  }),
  /** An unknown key, ignored: a warning. */
  unknownKey: (key: string): KpiText => ({ en: `unknown key ${quoteEn(key)} is ignored`, de: `unbekannter Schlüssel ${quoteDe(key)} wird ignoriert` }),
};

/** Texts of the checks across files ([KPI-R14]). */
export const datasetTexts = {
  /** A second agreement for a year; the other one by file name or position. */
  secondAgreement: (year: number, other: { file?: string | undefined; position: number }): KpiText => ({
    en: `a second agreement for ${year} (also ${other.file ?? `agreement ${other.position}`}); one agreement per year`,
    de: `eine zweite Vereinbarung für ${year} (auch ${other.file ?? `Vereinbarung ${other.position}`}); eine Vereinbarung je Jahr`,
  }),
  /** A figures row naming an offer its year's agreement lacks. */
  offerNotInAgreement: (offer: string, year: number, offers: readonly string[]): KpiText => ({
    en: `service offer ${quoteEn(offer)} is not in the ${year} agreement (offers: ${offers.map(quoteEn).join(", ")})`,
    de: `Leistungsangebot ${quoteDe(offer)} fehlt in der Vereinbarung ${year} (Leistungsangebote: ${offers.map(quoteDe).join(", ")})`,
  }),
  /** A message about a row without a file line, naming its position. */
  atRow: (text: KpiText, row: number): KpiText => ({ en: `${text.en} (row ${row})`, de: `${text.de} (Datensatz ${row})` }),
};

/** What is wrong with a period text. */
export type PeriodProblem = "noMonth" | "noQuarter" | "noYear" | "notPeriod";

/** Texts about periods ([KPI-R10], [KPI-S4]). */
export const periodTexts = {
  /** A period text of none of the four forms. */
  badPeriod: (text: string, why: PeriodProblem): KpiText => {
    const reason: Record<PeriodProblem, KpiText> = {
      noMonth: { en: "names no month 01–12", de: "nennt keinen Monat 01–12" },
      noQuarter: { en: "names no quarter Q1–Q4", de: "nennt kein Quartal Q1–Q4" },
      noYear: { en: "names no year", de: "nennt kein Jahr" },
      notPeriod: { en: "is not a period", de: "ist kein Zeitraum" },
    };
    return {
      en: `period ${quoteEn(text)} ${reason[why].en}; use YYYY, YYYY-MM, YYYY-Qn or YYYY-YTD-MM`,
      de: `Zeitraum ${quoteDe(text)} ${reason[why].de}; bitte JJJJ, JJJJ-MM, JJJJ-Qn oder JJJJ-YTD-MM angeben`,
    };
  },
  /** A period whose year has no agreement. */
  noAgreement: (year: number, period: string): KpiText => ({
    en: `no budget agreement for ${year} was supplied; period ${period} needs the agreement of its year`,
    de: `keine Budgetvereinbarung für ${year} vorhanden; der Zeitraum ${period} braucht die Vereinbarung seines Jahres`,
  }),
  /** A period wholly before the budget start. */
  beforeBudgetStart: (period: string, start: string): KpiText => ({
    en: `period ${period} lies before the budget start ${start}`,
    de: `der Zeitraum ${period} liegt vor dem Budgetbeginn ${start}`,
  }),
};

/** What a percentage deviation is taken of, named when it is 0. */
export type DeviationBase = "budgetedOccupancyDays" | "proRataBudget" | "budgetedStaffFte" | "budget" | "spanBudget" | "meanBudgetedStaffFte";

/** Reasons of the KPIs of one period ([KPI-R2] … [KPI-R9]). */
export const evaluationTexts = {
  /** No (budget) month of the period is reported. */
  noFigures: (period: string, missing: readonly string[], budgetMonths: boolean): KpiText => ({
    en: `no ${budgetMonths ? "budget month" : "month"} of ${period} is reported (missing: ${missing.join(", ")})`,
    de: `für ${period} ist kein ${budgetMonths ? "Budgetmonat" : "Monat"} gemeldet (es fehlen: ${missing.join(", ")})`,
  }),
  /** The period's last month is not reported, so nothing is known at period end. */
  lastMonthNotReported: (month: string, period: string): KpiText => ({
    en: `${month}, the last month of ${period}, is not reported`,
    de: `Monat ${month}, der letzte Monat von ${period}, ist nicht gemeldet`,
  }),
  /** The deviation's base is 0. */
  zeroBase: (base: DeviationBase): KpiText => {
    const names: Record<DeviationBase, KpiText> = {
      budgetedOccupancyDays: { en: "the budgeted occupancy days", de: "Budgetierte Belegungstage" },
      proRataBudget: { en: "the pro-rata budget", de: "Anteiliges Budget" },
      budgetedStaffFte: { en: "budgetedStaffFte", de: "Budgetiertes Personal (VK)" },
      budget: { en: "the budget", de: "Budget" },
      spanBudget: { en: "the budget of the span", de: "Budget des Abgleichszeitraums" },
      meanBudgetedStaffFte: { en: "the mean budgetedStaffFte", de: "Mittleres budgetiertes Personal (VK)" },
    };
    return { en: `${names[base].en} is 0, so there is no deviation in percent`, de: `${names[base].de}: 0, daher keine Abweichung in Prozent` };
  },
  /** No budgeted cases, so no budgeted average need group. */
  noBudgetedCases: (): KpiText => ({ en: "no cases are budgeted", de: "kein Mengengerüst vereinbart (0 budgetierte Fälle)" }),
  /** No local occupancy days, so no actual average need group. */
  noLocalDays: (): KpiText => ({ en: "no local occupancy days in the period", de: "keine Belegungstage örtlicher Fälle im Zeitraum" }),
  /** No places, so no utilisation. */
  noCapacity: (): KpiText => ({ en: "there are no places (capacity 0), so no utilisation", de: "keine Plätze vereinbart (Kapazität 0), daher keine Auslastung" }),
  /** No occupancy days, so no external share. */
  noDaysForExternalShare: (): KpiText => ({ en: "no occupancy days in the period, so no external share", de: "keine Belegungstage im Zeitraum, daher kein Anteil auswärtiger Kostenträger" }),
  /** No staff row in the period. */
  noStaffRow: (): KpiText => ({ en: "no staff row for any month of the period", de: "für keinen Monat des Zeitraums ist Personal (VK) gemeldet" }),
  /** No occupancy days, so the local staff is unknown. */
  noDaysForStaff: (): KpiText => ({
    en: "no occupancy days in the period, so the external share and the local staff are unknown",
    de: "keine Belegungstage im Zeitraum, daher sind der Anteil auswärtiger Kostenträger und das Personal für örtliche Fälle unbekannt",
  }),
  /** No local cases at period end. */
  noLocalCasesAtEnd: (): KpiText => ({ en: "no local cases at period end", de: "keine örtlichen Fälle am Periodenende" }),
  /** [KPI-R9] Fewer than two years with figures in the trend window. */
  fewTrendYears: (from: number, to: number, years: readonly number[]): KpiText => ({
    en: `figures for fewer than two years in ${from}-${to} (years with figures: ${years.length > 0 ? years.join(", ") : "none"}); a trend needs at least two`,
    de: `Zahlen für weniger als zwei Jahre in ${from}–${to} (Jahre mit Zahlen: ${years.length > 0 ? years.join(", ") : "keine"}); ein Trend braucht mindestens zwei`,
  }),
};

/** Texts of the year-end reconciliation ([KPI-J1] … [KPI-J6]). */
export const reconcileTexts = {
  /** A span not written YYYY or YYYY-YYYY. */
  badSpan: (text: string): KpiText => ({ en: `reconciliation span ${quoteEn(text)} is not YYYY or YYYY-YYYY`, de: `Abgleichszeitraum ${quoteDe(text)} ist nicht JJJJ oder JJJJ-JJJJ` }),
  /** A span whose first year is after its last. */
  backwards: (span: string): KpiText => ({
    en: `reconciliation span ${span} runs backwards; write the earlier year first`,
    de: `der Abgleichszeitraum ${span} läuft rückwärts; bitte das frühere Jahr zuerst nennen`,
  }),
  /** A span of more years than are reconciled together. */
  tooLong: (span: string, years: number, max: number): KpiText => ({
    en: `reconciliation span ${span} covers ${years} years; at most ${max} are reconciled together`,
    de: `der Abgleichszeitraum ${span} umfasst ${years} Jahre; höchstens ${max} werden zusammen abgeglichen`,
  }),
  /** A year of the span without agreement. */
  noAgreement: (year: number, span: string): KpiText => ({
    en: `no budget agreement for ${year} was supplied; reconciliation ${span} needs the agreement of every year`,
    de: `keine Budgetvereinbarung für ${year} vorhanden; der Jahresabgleich ${span} braucht die Vereinbarung jedes Jahres`,
  }),
  /** No budget month of a year is reported. */
  noBudgetMonthReported: (year: number): KpiText => ({ en: `no budget month of ${year} is reported`, de: `kein Budgetmonat von ${year} ist gemeldet` }),
  /** A year without local staff, so no mean over the span. */
  noStaffMean: (year: number, span: string): KpiText => ({
    en: `no staff for local persons in ${year}, so no mean over ${span}`,
    de: `kein Personal für örtliche Fälle in ${year}, daher kein Mittel über ${span}`,
  }),
};

/** Texts of the conference's disclosure control ([KPI-D1] … [KPI-D6]). */
export const disclosureTexts = {
  /** [KPI-D1] Fewer than `min` providers contribute. */
  fewContributors: (min: number): KpiText => ({
    en: `Fewer than ${min} providers contribute to this sum; the conference sees sums only from ${min} providers on.`,
    de: `Weniger als ${min} Anbieter tragen zu dieser Summe bei; die Konferenz sieht Summen erst ab ${min} Anbietern.`,
  }),
  /** [KPI-D2] A count of persons below `min`. */
  smallCount: (min: number): KpiText => ({
    en: `Fewer than ${min} persons (< ${min}) or a provider's part below ${min}; not shown in shared views.`,
    de: `Weniger als ${min} Personen (< ${min}) oder ein Anbieteranteil unter ${min}; in geteilten Ansichten nicht gezeigt.`,
  }),
  /** [KPI-D4] Hidden to protect another hidden cell. */
  complement: (): KpiText => ({
    en: "Hidden so that a hidden number cannot be worked out from the sum and the other values.",
    de: "Verborgen, damit eine verborgene Zahl nicht aus der Summe und den übrigen Werten errechnet werden kann.",
  }),
  /** [KPI-D3] A month of the period has too few contributors; the months when known. */
  unsafeMonth: (min: number, months: readonly string[] = []): KpiText => {
    const named = months.length > 0 ? ` (${months.join(", ")})` : "";
    return {
      en: `In a month of the period fewer than ${min} providers contribute; that month could otherwise be worked out from other periods${named}.`,
      de: `In einem Monat des Zeitraums tragen weniger als ${min} Anbieter bei; dieser Monat ließe sich sonst aus anderen Zeiträumen errechnen${named}.`,
    };
  },
  /** [KPI-D6] Computed from a hidden sum. */
  derived: (): KpiText => ({ en: "Computed from a hidden sum, so hidden.", de: "Aus einer verborgenen Summe berechnet, daher verborgen." }),
  /** [KPI-D6] A figure that only makes sense per provider. */
  notShared: (): KpiText => ({ en: "Visible per provider only: the conference sees sums only.", de: "Nur je Anbieter sichtbar: die Konferenz sieht nur Summen." }),
  /** Not every provider reported the period. */
  notReported: (): KpiText => ({ en: "Not every provider has reported figures for this period.", de: "Nicht alle Anbieter haben Zahlen für diesen Zeitraum gemeldet." }),
  /** A zero budget sum, so no deviation. */
  noBudget: (): KpiText => ({ en: "No budget for this period, so no deviation.", de: "Kein Budget für diesen Zeitraum, daher keine Abweichung." }),
  /** [KPI-D1] Too few providers with an agreement: the conference sees nothing. */
  fewProviders: (year: number, count: number, min: number): KpiText => ({
    en: `Only ${count} providers have a budget agreement for ${year}; the conference sees sums only from ${min} providers on.`,
    de: `Für ${year} haben erst ${count} Anbieter eine Budgetvereinbarung; die Konferenz sieht Summen erst ab ${min} Anbietern.`,
  }),
};

/** Why a cell of the next agreement's draft has its number ([KPI-N4]). */
export const nextAgreementTexts = {
  /** No figures of the offer in the window: the current value is kept. */
  keptCurrent: (offer: string, from: number, year: number): KpiText => ({
    en: `no figures of ${quoteEn(offer)} in ${from}-${year}; the budgeted cases of the ${year} agreement are kept`,
    de: `keine Zahlen für ${quoteDe(offer)} in ${from}–${year}; das Mengengerüst der Vereinbarung ${year} bleibt`,
  }),
  /** Figures of one year only: its mean is taken. */
  singleYear: (offer: string, year: number): KpiText => ({
    en: `figures of ${quoteEn(offer)} for one year only (${year}); a trend needs at least two, so that year's mean is taken`,
    de: `Zahlen für ${quoteDe(offer)} nur aus einem Jahr (${year}); ein Trend braucht mindestens zwei, daher gilt das Mittel dieses Jahres`,
  }),
  /** The trend line at the next year; `clamped` when it fell below 0. */
  trend: (years: readonly number[], next: number, clamped: boolean): KpiText =>
    clamped
      ? { en: `the least-squares line through ${years.join(", ")} falls below 0 at ${next}; 0 is taken`, de: `die Ausgleichsgerade durch ${years.join(", ")} fällt ${next} unter 0; 0 wird genommen` }
      : { en: `the least-squares line through ${years.join(", ")}, at ${next}`, de: `die Ausgleichsgerade durch ${years.join(", ")}, im Jahr ${next}` },
};

/** Texts of the input error as a whole. */
export const errorTexts = {
  /** An input error without any issue. */
  invalidInput: (): KpiText => ({ en: "invalid KPI input", de: "ungültige Eingaben für die Kennzahlen" }),
  /** How many more issues follow the first. */
  andMore: (count: number): KpiText => ({ en: ` (and ${count} more)`, de: ` (und ${count} weitere)` }),
};
