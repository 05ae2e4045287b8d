import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { MAX_SPAN_YEARS, type ReconcileAnswer, type SettlementDecision } from "../../shared/domain/settlement";
import { proposalOf, spanLabel } from "../../shared/domain/settlementRules";
import { DecisionView } from "./settlement/DecisionView";
import { ReconcileChart } from "./settlement/ReconcileChart";
import { ReconcileTable, SettlementSummary } from "./settlement/ReconcileTable";
import { fetchReconcile, fetchSettlements, proposeSettlement } from "./settlement/settlementApi";
import { newDraft } from "./settlement/settlementDraft";
import { SettlementForm } from "./settlement/SettlementForm";
import "./settlement/settlement.css";

/** Props of {@link ReconciliationTab}. */
interface ReconciliationTabProps {
  /** The provider. */
  providerId: string;
  /** Years to choose the span's last year from (those with agreements, and around now). */
  years: number[];
  /** The year chosen on the controlling page, the span's last year at first. */
  defaultYear: number;
}

/** How often a page looks again while a proposal waits for a confirmation, in ms. */
const WAITING_REFRESH_MS = 5000;

/** `?settlement=` of a link from a measure block: the decision to show. */
function linkedSettlement(): string | null {
  return new URLSearchParams(location.search).get("settlement");
}

/** The live decisions of exactly this span first (confirmed before proposals), then the others. */
function arrange(decisions: SettlementDecision[], fromYear: number, toYear: number) {
  const live = decisions.filter((d) => d.supersededBy === null);
  const exact = live.filter((d) => d.fromYear === fromYear && d.toYear === toYear).sort((a, b) => (a.state === b.state ? 0 : a.state === "confirmed" ? -1 : 1));
  const overlapping = live.filter((d) => !exact.includes(d));
  const earlier = decisions.filter((d) => d.supersededBy !== null);
  return { exact, overlapping, earlier };
}

/**
 * The year-end reconciliation of a provider (Jahresabgleich): choose a span of one to five
 * budget years, read budget against delivered value and staff per year and together, the
 * tolerance, the outcome and the proposed amount (with a chart and "vorläufig" while a month
 * is missing), then decide, confirm per side, and correct.
 */
export function ReconciliationTab({ providerId, years, defaultYear }: ReconciliationTabProps) {
  const { t } = useTranslation();
  const id = useId();
  const [toYear, setToYear] = useState(defaultYear);
  const [length, setLength] = useState(1);
  const [answer, setAnswer] = useState<ReconcileAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  // Only the answer of the request started last is shown, so a slow older answer never hides a newer one.
  const lastRequest = useRef(0);
  const fromYear = toYear - length + 1;
  const span = spanLabel(fromYear, toYear);
  const waiting = answer?.decisions.some((d) => d.supersededBy === null && d.state === "proposed" && d.fromYear === fromYear && d.toYear === toYear) ?? false;

  // A link from a measure block names a decision: show its span.
  useEffect(() => {
    const wanted = linkedSettlement();
    if (!wanted) return;
    fetchSettlements(providerId).then(
      (list) => {
        const decision = list.find((d) => d.id === wanted);
        if (!decision) return;
        setToYear(decision.toYear);
        setLength(decision.toYear - decision.fromYear + 1);
      },
      () => undefined,
    );
  }, [providerId]);

  useEffect(() => {
    let cancelled = false;
    const request = ++lastRequest.current;
    setError(null);
    setAnswer(null);
    fetchReconcile(providerId, fromYear, toYear).then(
      (loaded) => !cancelled && request === lastRequest.current && setAnswer(loaded),
      (caught: Error) => !cancelled && request === lastRequest.current && setError(caught.message),
    );
    return () => {
      cancelled = true;
    };
  }, [providerId, fromYear, toYear, reloadKey]);

  // While a proposal of this span waits for a confirmation, look again every few seconds and
  // when the page is shown again, so each side sees the other's confirmation or change (in
  // the talk, both sit in the same room) without reloading. Open forms keep what was typed.
  useEffect(() => {
    if (!waiting) return;
    let cancelled = false;
    const refresh = () => {
      if (document.hidden) return;
      const request = ++lastRequest.current;
      fetchReconcile(providerId, fromYear, toYear).then(
        (loaded) => !cancelled && request === lastRequest.current && setAnswer(loaded),
        () => undefined,
      );
    };
    const timer = window.setInterval(refresh, WAITING_REFRESH_MS);
    document.addEventListener("visibilitychange", refresh);
    return () => {
      cancelled = true;
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", refresh);
    };
  }, [waiting, providerId, fromYear, toYear]);

  const handleChanged = () => setReloadKey((key) => key + 1);
  const choices = Array.from(new Set([...years, defaultYear, toYear])).sort((a, b) => a - b);

  return (
    <div className="reconciliation" data-span={span}>
      <fieldset className="period-picker reconcile-span">
        <legend>{t("settlement.span.legend")}</legend>
        <label htmlFor={`${id}-to`}>{t("settlement.span.to")}</label>
        <select id={`${id}-to`} value={toYear} onChange={(event) => setToYear(Number(event.target.value))}>
          {choices.map((year) => (
            <option key={year} value={year}>
              {year}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-length`}>{t("settlement.span.length")}</label>
        <select id={`${id}-length`} value={length} onChange={(event) => setLength(Number(event.target.value))}>
          {Array.from({ length: MAX_SPAN_YEARS }, (_, index) => index + 1).map((count) => (
            <option key={count} value={count}>
              {t("settlement.span.years", { count })}
            </option>
          ))}
        </select>
        <span className="period-text" aria-live="polite">
          {span}
        </span>
      </fieldset>
      <h2>
        {t("settlement.title", { span })}
        {answer?.result.settlement.provisional && (
          <span className="provisional-badge heading-badge" data-testid="provisional-badge">
            {" "}
            <span aria-hidden="true">⚠ </span>
            {t("settlement.provisional")}
          </span>
        )}
      </h2>
      <p className="muted">{t("settlement.intro")}</p>
      {error ? (
        <p className="error" role="alert">
          {t("settlement.error", { message: error })}
        </p>
      ) : !answer ? (
        <p>{t("settlement.loading")}</p>
      ) : (
        <ReconciliationBody
          answer={answer}
          providerId={providerId}
          onChanged={handleChanged}
          onShowSpan={(from, to) => {
            setToYear(to);
            setLength(to - from + 1);
          }}
        />
      )}
    </div>
  );
}

/** Props of {@link ReconciliationBody}. */
interface ReconciliationBodyProps {
  /** What the server answered for the span. */
  answer: ReconcileAnswer;
  /** The provider. */
  providerId: string;
  /** Called after anything was saved. */
  onChanged(): void;
  /** Shows another span. */
  onShowSpan(fromYear: number, toYear: number): void;
}

function ReconciliationBody({ answer, providerId, onChanged, onShowSpan }: ReconciliationBodyProps) {
  const { t } = useTranslation();
  const { result } = answer;
  const span = spanLabel(answer.fromYear, answer.toYear);
  const proposalCents = proposalOf(result);
  const missing = result.years.flatMap((year) => year.unreportedMonths);
  const { exact, overlapping, earlier } = arrange(answer.decisions, answer.fromYear, answer.toYear);
  const free = exact.length === 0 && overlapping.length === 0;

  return (
    <>
      {missing.length > 0 && (
        <p className="notice" role="status" data-testid="provisional-months">
          <span aria-hidden="true">⚠ </span>
          {t("settlement.provisionalMonths", { months: missing.join(", ") })}
        </p>
      )}
      <ReconcileTable result={result} span={span} />
      <div className="reconcile-overview">
        <SettlementSummary result={result} proposalCents={proposalCents} />
        <ReconcileChart years={result.years} />
      </div>
      <section className="settlement-decisions" aria-label={t("settlement.decision.title")}>
        <h2>{t("settlement.decision.title")}</h2>
        {exact.map((decision) => (
          <DecisionView
            key={decision.id}
            providerId={providerId}
            decision={decision}
            side={answer.side}
            proposalCents={proposalCents}
            deviationNowCents={result.cumulative.deviationCents}
            measures={answer.measures}
            correctionPending={answer.decisions.some((d) => d.supersedes === decision.id)}
            onChanged={onChanged}
          />
        ))}
        {overlapping.map((decision) => (
          <p key={decision.id} className="notice">
            {t("settlement.decision.overlapping", { span: spanLabel(decision.fromYear, decision.toYear) })}{" "}
            <button type="button" onClick={() => onShowSpan(decision.fromYear, decision.toYear)}>
              {t("settlement.decision.showSpan", { span: spanLabel(decision.fromYear, decision.toYear) })}
            </button>
          </p>
        ))}
        {free && !answer.side && <p>{t("settlement.decision.noneReadOnly")}</p>}
        {free && answer.side && (
          <SettlementForm
            key={`${answer.fromYear}-${answer.toYear}-${proposalCents}`}
            mode="propose"
            proposalCents={proposalCents}
            initial={newDraft(proposalCents)}
            measures={answer.measures}
            ownDecisionIds={[]}
            onSubmit={async (parts) => {
              await proposeSettlement(providerId, { ...parts, fromYear: answer.fromYear, toYear: answer.toYear });
              onChanged();
            }}
          />
        )}
        {earlier.length > 0 && (
          <details className="settlement-history">
            <summary>{t("settlement.decision.history", { count: earlier.length })}</summary>
            {earlier.map((decision) => (
              <DecisionView
                key={decision.id}
                providerId={providerId}
                decision={decision}
                side={null}
                proposalCents={proposalCents}
                deviationNowCents={result.cumulative.deviationCents}
                measures={answer.measures}
                onChanged={onChanged}
              />
            ))}
          </details>
        )}
      </section>
    </>
  );
}
