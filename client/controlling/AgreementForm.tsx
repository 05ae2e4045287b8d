import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { agreementFromDraft, emptyOffer, type AgreementDraft, type DraftProblem, type GroupDraft, type OfferDraft } from "./agreementDraft";
import { ApiError } from "../lib/api";
import { SETTLEMENT_BASES, type BudgetAgreement } from "../../shared/kpi/agreement";
import { FailureNotice } from "./FailureNotice";
import { ProblemList } from "./ProblemList";
import { GroupTableHead } from "./GroupTableHead";

/** Props of {@link AgreementForm}. */
interface AgreementFormProps {
  /** The budget year. */
  year: number;
  /** The form's starting state. */
  initial: AgreementDraft;
  /** The reason typed in the tab's one reason field, or null after it said that it is missing. */
  checkReason(): string | null;
  /** Stores the agreement with the reason; throws ApiError when refused. */
  onSave(agreement: BudgetAgreement, reason: string): Promise<void>;
}

/** Month numbers as the form keeps them, "01"–"12". */
const MONTHS = Array.from({ length: 12 }, (_, index) => String(index + 1).padStart(2, "0"));

/**
 * The agreement form of a year (funder editors): offers, places, cases and fees per need
 * group, staff, corridor, budget start and the settings of the year-end reconciliation.
 */
export function AgreementForm({ year, initial, checkReason, onSave }: AgreementFormProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState<AgreementDraft>(initial);
  const [problems, setProblems] = useState<DraftProblem[]>([]);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (change: Partial<AgreementDraft>) => setDraft((current) => ({ ...current, ...change }));
  const setOffer = (key: number, change: Partial<OfferDraft>) => setDraft((current) => ({ ...current, offers: current.offers.map((o) => (o.key === key ? { ...o, ...change } : o)) }));
  const setGroup = (offer: OfferDraft, index: number, change: Partial<GroupDraft>) => setOffer(offer.key, { groups: offer.groups.map((g, i) => (i === index ? { ...g, ...change } : g)) });
  const nextKey = draft.offers.reduce((max, offer) => Math.max(max, offer.key), -1) + 1;

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    const built = agreementFromDraft(draft, year);
    setProblems(built.problems);
    if (!built.agreement) return;
    const reason = checkReason();
    if (reason === null) return;
    setBusy(true);
    try {
      await onSave(built.agreement, reason);
    } catch (caught) {
      setFailure(caught instanceof ApiError ? caught : new ApiError(0, (caught as Error).message, "unknown"));
    } finally {
      setBusy(false);
    }
  }

  const field = (name: keyof AgreementDraft, label: string, hint?: string) => (
    <div className="field">
      <label htmlFor={`${id}-${name}`}>{label}</label>
      <input
        id={`${id}-${name}`}
        value={String(draft[name])}
        inputMode={name === "provider" ? undefined : "decimal"}
        aria-describedby={hint ? `${id}-${name}-hint` : undefined}
        onChange={(event) => set({ [name]: event.target.value })}
      />
      {hint && (
        <span id={`${id}-${name}-hint`} className="field-hint">
          {hint}
        </span>
      )}
    </div>
  );

  return (
    <section aria-labelledby={`${id}-title`} className="controlling-form agreement-form">
      <h3 id={`${id}-title`}>{t("controlling.agreement.formTitle", { year })}</h3>
      <form onSubmit={(event) => void handleSubmit(event)} aria-busy={busy} noValidate>
        <div className="field-row">
          {field("provider", t("controlling.agreement.fields.provider"))}
          {field("baseYear", t("controlling.agreement.fields.baseYear"), t("controlling.agreement.baseYearHint"))}
          {field("budgetedStaffFte", t("controlling.agreement.fields.budgetedStaffFte"))}
          {field("greenPct", t("controlling.agreement.fields.greenPct"))}
          {field("amberPct", t("controlling.agreement.fields.amberPct"))}
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={draft.creditSocialSpaceAtPriorGroup} onChange={(event) => set({ creditSocialSpaceAtPriorGroup: event.target.checked })} />
          {t("controlling.agreement.fields.creditSocialSpaceAtPriorGroup")}
        </label>
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${id}-startMonth`}>{t("controlling.agreement.fields.startMonth")}</label>
            <select id={`${id}-startMonth`} value={draft.startMonth} aria-describedby={`${id}-startMonth-hint`} onChange={(event) => set({ startMonth: event.target.value })}>
              {MONTHS.map((month) => (
                <option key={month} value={month}>
                  {new Date(year, Number(month) - 1, 1).toLocaleString(i18n.language, { month: "long", year: "numeric" })}
                </option>
              ))}
            </select>
            <span id={`${id}-startMonth-hint`} className="field-hint">
              {t("controlling.agreement.startMonthHint")}
            </span>
          </div>
          {field("settlementThresholdPct", t("controlling.agreement.fields.settlementThresholdPct"), t("controlling.agreement.settlementThresholdHint"))}
        </div>
        <fieldset className="settlement-basis">
          <legend>{t("controlling.agreement.fields.settlementBasis")}</legend>
          {SETTLEMENT_BASES.map((basis) => (
            <label key={basis} className="checkbox">
              <input type="radio" name={`${id}-settlementBasis`} value={basis} checked={draft.settlementBasis === basis} onChange={() => set({ settlementBasis: basis })} />
              {t(`controlling.agreement.settlementBases.${basis}`)}
            </label>
          ))}
        </fieldset>
        {draft.offers.map((offer, index) => (
          <fieldset key={offer.key} className="offer-draft">
            <legend>{t("controlling.agreement.offerN", { n: index + 1, name: offer.name })}</legend>
            <div className="field-row">
              <div className="field">
                <label htmlFor={`${id}-o${offer.key}-name`}>{t("controlling.agreement.fields.offerName")}</label>
                <input id={`${id}-o${offer.key}-name`} value={offer.name} onChange={(event) => setOffer(offer.key, { name: event.target.value })} />
              </div>
              <div className="field">
                <label htmlFor={`${id}-o${offer.key}-places`}>{t("controlling.agreement.fields.places")}</label>
                <input id={`${id}-o${offer.key}-places`} inputMode="numeric" size={5} value={offer.places} onChange={(event) => setOffer(offer.key, { places: event.target.value })} />
              </div>
            </div>
            <table className="controlling-table">
              <caption>{t("controlling.agreement.groupsCaption", { name: offer.name || t("controlling.agreement.offerN", { n: index + 1, name: "" }) })}</caption>
              <GroupTableHead />
              <tbody>
                {offer.groups.map((group, g) => {
                  const name = t("controlling.agreement.groupOf", { group: g + 1, n: index + 1 });
                  return (
                    <tr key={g}>
                      <th scope="row">{t("controlling.breakdown.groupN", { group: g + 1 })}</th>
                      <td>
                        <input
                          aria-label={`${name}: ${t("controlling.agreement.fields.budgetedCases")}`}
                          inputMode="decimal"
                          size={6}
                          value={group.cases}
                          onChange={(event) => setGroup(offer, g, { cases: event.target.value })}
                        />
                      </td>
                      <td>
                        <input
                          aria-label={`${name}: ${t("controlling.agreement.fields.dailyFee")}`}
                          inputMode="decimal"
                          size={9}
                          value={group.fee}
                          placeholder="98,50"
                          onChange={(event) => setGroup(offer, g, { fee: event.target.value })}
                        />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {draft.offers.length > 1 && (
              <button type="button" onClick={() => set({ offers: draft.offers.filter((o) => o.key !== offer.key) })}>
                {t("controlling.agreement.removeOffer", { n: index + 1 })}
              </button>
            )}
          </fieldset>
        ))}
        <button type="button" onClick={() => set({ offers: [...draft.offers, emptyOffer(nextKey)] })}>
          {t("controlling.agreement.addOffer")}
        </button>
        <p className="field-hint">{t("controlling.agreement.usesReason")}</p>
        <button type="submit" disabled={busy}>
          {t("controlling.agreement.save", { year })}
        </button>
      </form>
      <div aria-live="polite">
        {problems.length > 0 && (
          <ProblemList>
            {problems.map((problem, index) => (
              <li key={index}>
                {problem.offer !== undefined && `${t("controlling.agreement.offerN", { n: problem.offer, name: "" })} `}
                {problem.group !== undefined && `${t("controlling.breakdown.groupN", { group: problem.group })} `}
                {t(`controlling.agreement.problems.${problem.field}`)}
              </li>
            ))}
          </ProblemList>
        )}
        <FailureNotice failure={failure} />
      </div>
    </section>
  );
}
