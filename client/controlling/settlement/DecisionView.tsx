import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { type SettlementDecision, type SettlementMeasureChoice, type SettlementSide } from "../../../shared/domain/settlement";
import { spanLabel } from "../../../shared/domain/settlementRules";
import { navigate, paths } from "../../routes";
import { formatCents } from "../format";
import { ReconcileTable } from "./ReconcileTable";
import { changeSettlement, confirmSettlement, correctSettlement } from "./settlementApi";
import { draftOf } from "./settlementDraft";
import { SettlementForm } from "./SettlementForm";

const SIDES: SettlementSide[] = ["funder", "provider"];

/** Props of {@link DecisionView}. */
interface DecisionViewProps {
  /** The provider. */
  providerId: string;
  /** The decision. */
  decision: SettlementDecision;
  /** The reader's side; null reads only. */
  side: SettlementSide | null;
  /** The amount the numbers propose now. */
  proposalCents: number;
  /** The cumulative deviation now, for "figures changed since". */
  deviationNowCents: number;
  /** The measures of the provider's scorecards (to change or correct). */
  measures: SettlementMeasureChoice[];
  /** Whether a correction of this decision is proposed already (then it is changed, not started again). */
  correctionPending?: boolean;
  /** Called after anything was saved. */
  onChanged(): void;
}

/** A time in the UI's language. */
function useTime() {
  const { i18n } = useTranslation();
  return (iso: string) => new Date(iso).toLocaleString(i18n.language === "en" ? "en-GB" : "de-DE", { dateStyle: "medium", timeStyle: "short" });
}

/**
 * A talk's date and time as it was planned, in Europe/Berlin (as the talks page and the
 * minutes show it), whatever the reader's own time zone.
 * @param iso - the talk's start
 * @param language - the UI's language
 */
function berlinTalkTime(iso: string, language: string): { date: string; time: string } {
  const locale = language === "en" ? "en-GB" : "de-DE";
  const at = new Date(iso);
  return {
    date: at.toLocaleDateString(locale, { timeZone: "Europe/Berlin", day: "2-digit", month: "2-digit", year: "numeric" }),
    time: at.toLocaleTimeString(locale, { timeZone: "Europe/Berlin", hour: "2-digit", minute: "2-digit" }),
  };
}

/**
 * One decision: its parts and measures (linked to their scorecard), who confirmed it and
 * when, whether the figures changed since; for editors "Bestätigen", "Ändern" on a
 * proposal and "Korrigieren" on a confirmed decision. A confirmed decision is read-only.
 */
export function DecisionView({ providerId, decision, side, proposalCents, deviationNowCents, measures, correctionPending = false, onChanged }: DecisionViewProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const time = useTime();
  const [editing, setEditing] = useState<"change" | "correct" | null>(null);
  // The revision the change started from: a change made meanwhile by the other side is refused, not overwritten.
  const [editedRevision, setEditedRevision] = useState(decision.revision);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const confirmed = decision.state === "confirmed";
  const span = spanLabel(decision.fromYear, decision.toYear);
  const titles = new Map(measures.map((m) => [`${m.scorecardId}/${m.measureId}`, m.scorecardTitle]));
  const missingThen = decision.basedOn.result.years.flatMap((year) => year.unreportedMonths);
  const startEditing = (mode: "change" | "correct") => {
    setEditedRevision(decision.revision);
    setEditing(mode);
  };

  async function handleConfirm() {
    setError(null);
    setBusy(true);
    try {
      await confirmSettlement(providerId, decision.id, decision.revision);
      onChanged();
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const parts: [string, number][] = [
    [t("settlement.decision.repay"), decision.repayCents],
    [t("settlement.decision.offset"), decision.offsetCents],
    [t("settlement.decision.carry"), decision.carryCents],
  ];

  return (
    <article
      className={`settlement-decision state-${decision.state}${decision.supersededBy ? " superseded" : ""}`}
      aria-labelledby={`${id}-title`}
      data-testid="settlement-decision"
      data-state={decision.state}
      data-settlement-id={decision.id}
    >
      <h3 id={`${id}-title`}>
        <span aria-hidden="true">{confirmed ? "✔ " : "✎ "}</span>
        {confirmed ? t("settlement.decision.confirmed", { time: time(decision.confirmedAt!) }) : t("settlement.decision.proposed", { revision: decision.revision })}
      </h3>
      {decision.supersedes && (
        <p className="field-hint">
          {t("settlement.decision.correctionOf")}
          {decision.correctionReason && `: ${decision.correctionReason}`}
        </p>
      )}
      {decision.supersededBy && <p className="notice">{t("settlement.decision.supersededBy")}</p>}
      {decision.basedOn.result.settlement.provisional && (
        <p className="notice" data-testid="decision-provisional">
          <span aria-hidden="true">⚠ </span>
          {t(confirmed ? "settlement.decision.provisionalConfirmed" : "settlement.decision.provisionalProposed", { months: missingThen.join(", ") })}
        </p>
      )}
      {decision.figuresChanged && (
        <p className="notice figures-changed" role="status" data-testid="figures-changed">
          <span aria-hidden="true">⚠ </span>
          <strong>{confirmed ? t("settlement.decision.figuresChanged") : t("settlement.decision.figuresChangedProposal")}</strong>
          {confirmed && (
            <>
              {" "}
              {t("settlement.decision.figuresChangedHint", {
                then: formatCents(decision.basedOn.result.cumulative.deviationCents, true),
                now: formatCents(deviationNowCents, true),
              })}
            </>
          )}
        </p>
      )}
      <table className="controlling-table settlement-parts">
        <caption className="visually-hidden">{t("settlement.decision.title")}</caption>
        <tbody>
          {parts.map(([label, cents]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td className="number">{formatCents(cents)}</td>
            </tr>
          ))}
          <tr className="total">
            <th scope="row">{t("settlement.decision.total")}</th>
            <td className="number">
              {formatCents(decision.repayCents + decision.offsetCents + decision.carryCents)} ({t("settlement.decision.proposal")} {formatCents(decision.proposalCents)})
            </td>
          </tr>
        </tbody>
      </table>
      {decision.measures.length > 0 && (
        <>
          <h4>{t("settlement.decision.measures")}</h4>
          <ul className="settlement-measure-list">
            {decision.measures.map((measure) => {
              const scorecard = titles.get(`${measure.scorecardId}/${measure.measureId}`) ?? "BSC";
              return (
                <li key={`${measure.scorecardId}/${measure.measureId}`}>
                  <a
                    href={paths.scorecard(measure.scorecardId)}
                    title={t("settlement.decision.openMeasure", { title: measure.title, scorecard })}
                    onClick={(event) => {
                      event.preventDefault();
                      navigate(paths.scorecard(measure.scorecardId));
                    }}
                  >
                    {measure.title}
                  </a>
                  : {formatCents(measure.valueCents)}
                </li>
              );
            })}
          </ul>
        </>
      )}
      {decision.reason && (
        <p>
          <strong>{t("settlement.decision.reason")}:</strong> {decision.reason}
        </p>
      )}
      <dl className="settlement-confirmations" data-testid="settlement-confirmations">
        {SIDES.map((s) => {
          const confirmation = decision.confirmations[s];
          return (
            <div key={s}>
              <dt>{t("settlement.decision.confirmation", { side: t(`settlement.decision.sides.${s}`) })}</dt>
              <dd data-side={s} data-confirmed={confirmation ? "true" : "false"}>
                {confirmation ? (
                  <>
                    <span aria-hidden="true">✔ </span>
                    {t("settlement.decision.confirmedBy", { name: confirmation.name, time: time(confirmation.at) })}
                  </>
                ) : (
                  <>
                    <span aria-hidden="true">○ </span>
                    {t("settlement.decision.notYet")}
                  </>
                )}
              </dd>
            </div>
          );
        })}
      </dl>
      {decision.talk && (
        <p className="field-hint">
          <a
            href={paths.meeting(decision.talk.id)}
            onClick={(event) => {
              event.preventDefault();
              navigate(paths.meeting(decision.talk!.id));
            }}
          >
            {t("settlement.decision.talk", berlinTalkTime(decision.talk.startsAt, i18n.language))}
          </a>
        </p>
      )}
      <p className="field-hint">
        {t("settlement.decision.proposedBy", { name: decision.createdBy.name, time: time(decision.createdAt) })}
        {decision.updatedAt !== decision.createdAt && ` · ${t("settlement.decision.changedBy", { name: decision.updatedBy.name, time: time(decision.updatedAt) })}`}
      </p>
      <details className="settlement-based-on">
        <summary>{t("settlement.decision.basedOn", { time: time(decision.basedOn.computedAt) })}</summary>
        <ReconcileTable result={decision.basedOn.result} span={span} />
      </details>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {side && !editing && (
        <div className="inline-form settlement-actions">
          {!confirmed && decision.confirmations[side] === null && (
            <button type="button" className="primary" disabled={busy} onClick={() => void handleConfirm()}>
              {t("settlement.decision.confirm", { side: t(`settlement.decision.sides.${side}`) })}
            </button>
          )}
          {!confirmed && decision.confirmations[side] !== null && <p className="field-hint">{t("settlement.decision.confirmed_hint")}</p>}
          {!confirmed && (
            <button type="button" onClick={() => startEditing("change")}>
              {t("settlement.decision.change")}
            </button>
          )}
          {confirmed && !decision.supersededBy && !correctionPending && (
            <button type="button" onClick={() => startEditing("correct")}>
              {t("settlement.decision.correct")}
            </button>
          )}
        </div>
      )}
      {editing && (
        <SettlementForm
          mode={editing}
          proposalCents={proposalCents}
          initial={draftOf(decision)}
          measures={measures}
          ownDecisionIds={[decision.id, ...(decision.supersedes ? [decision.supersedes] : [])]}
          onCancel={() => setEditing(null)}
          onSubmit={async (body, correctionReason) => {
            if (editing === "change") await changeSettlement(providerId, decision.id, body, editedRevision);
            else await correctSettlement(providerId, decision.id, { ...body, correctionReason });
            setEditing(null);
            onChanged();
          }}
        />
      )}
    </article>
  );
}
