/**
 * The one place where the UI picks the language of the KPI engine's texts: the engine gives
 * every reason, warning and input error in English (`reasons`, `message`, …) and German
 * (`reasonsDe`, `messageDe`, …); the German UI shows the German, the English UI the English.
 * Results stored before the German existed (KPI values of older versions) have only the
 * English, which is then shown in both.
 */
import { useTranslation } from "react-i18next";

/** A result's reasons as the UI reads them; `reasonsDe` and `trendReasonDe` may be missing in stored results. */
export interface ReasonsOf {
  /** English reasons by key. */
  reasons: Record<string, string>;
  /** German reasons by the same keys. */
  reasonsDe?: Record<string, string> | undefined;
  /** English reason for the missing trend. */
  trendReason?: string | null | undefined;
  /** German reason for the missing trend. */
  trendReasonDe?: string | null | undefined;
}

/** An engine message in both languages; `messageDe` may be missing in answers of an older server. */
export interface MessageOf {
  /** English. */
  message: string;
  /** German. */
  messageDe?: string | undefined;
}

/** Why a period has no KPI values, in both languages; `errorDe` may be missing in stored snapshots. */
export interface ErrorOf {
  /** English, or null when there is a result. */
  error: string | null;
  /** German. */
  errorDe?: string | null | undefined;
}

/**
 * @param language - i18next's language, e.g. `de` or `en`
 * @returns true unless the UI speaks English: German is the product's first language and i18n's fallback
 */
export function speaksGerman(language: string): boolean {
  return !language.startsWith("en");
}

/**
 * The reason a KPI has no value, in the UI's language.
 *
 * @param result - a provider's or the conference's result
 * @param key - the KPI's key, e.g. `staffFteLocal` or `corridor.staff`
 * @param language - i18next's language
 * @returns the reason, or undefined when the result gives none
 * @example
 * kpiReason(result, "trend", "de") // "Zahlen für weniger als zwei Jahre in 2021–2025 …"
 */
export function kpiReason(result: ReasonsOf, key: string, language: string): string | undefined {
  return (speaksGerman(language) ? result.reasonsDe?.[key] : undefined) ?? result.reasons[key];
}

/**
 * Why a result has no five-year trend, in the UI's language.
 *
 * @param result - the result
 * @param language - i18next's language
 * @returns the reason, or null when there is a trend (or no reason)
 */
export function trendReason(result: ReasonsOf, language: string): string | null {
  const german = speaksGerman(language) ? (result.trendReasonDe ?? result.reasonsDe?.trend) : undefined;
  return german ?? result.trendReason ?? result.reasons.trend ?? null;
}

/**
 * An issue or warning of an upload, form or agreement, in the UI's language.
 *
 * @param issue - the engine's or the server's issue
 * @param language - i18next's language
 * @returns the message
 */
export function issueMessage(issue: MessageOf, language: string): string {
  return (speaksGerman(language) ? issue.messageDe : undefined) ?? issue.message;
}

/**
 * Why a KPI block's period has no values, in the UI's language.
 *
 * @param entry - the period's entry of a KPI snapshot
 * @param language - i18next's language
 * @returns the reason, or null
 */
export function periodError(entry: ErrorOf, language: string): string | null {
  return (speaksGerman(language) ? entry.errorDe : undefined) ?? entry.error;
}

/**
 * The functions above, bound to the UI's current language.
 *
 * @returns `reason(result, key)`, `trend(result)`, `issue(issue)`, `error(entry)`
 * @example
 * const text = useKpiText();
 * <span>{text.reason(result, "casesAtEnd")}</span>
 */
export function useKpiText() {
  const { i18n } = useTranslation();
  const language = i18n.language;
  return {
    reason: (result: ReasonsOf, key: string) => kpiReason(result, key, language),
    trend: (result: ReasonsOf) => trendReason(result, language),
    issue: (issue: MessageOf) => issueMessage(issue, language),
    error: (entry: ErrorOf) => periodError(entry, language),
  };
}
