import { quoteEn, quoteDe, found, where, type KpiText, type RowRef } from "./bilingual";

/**
 * The engine's texts about its input files, in English and German: the CSV reader, the
 * figures and staff files, agreement JSON and the checks across files ([KPI-R11] …
 * [KPI-R15]).
 */

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
  provider: "Leistungserbringer (provider)",
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
