import { useTranslation } from "react-i18next";
import type { NextAgreementDraftAnswer } from "../../shared/domain/figures";
import type { BudgetAgreement } from "../../shared/kpi/agreement";
import type { NextAgreementCell } from "../../shared/kpi/nextAgreement";
import type { AgreementDraft, GroupDraft, OfferDraft } from "./agreementDraft";
import { centsToEuroInput, decimalToInput, formatCents, formatNumber, parseDecimal } from "./format";

/** Props of {@link NextAgreementOffers}. */
interface NextAgreementOffersProps {
  /** The draft from the server: history and source per cell. */
  answer: NextAgreementDraftAnswer;
  /** The current agreement (year Y), shown beside each number. */
  current: BudgetAgreement;
  /** The draft as typed. */
  draft: AgreementDraft;
  /** Called with the changed draft on every keystroke. */
  onChange(draft: AgreementDraft): void;
}

/** The cell's source in words: trend with its slope, 0 for a falling line, one year's mean, or the current value. */
function useSourceText() {
  const { t } = useTranslation();
  return (cell: NextAgreementCell, answer: NextAgreementDraftAnswer): string => {
    if (cell.source === "trend") {
      if (cell.clampedAtZero) return t("controlling.nextAgreement.sources.clamped");
      return t("controlling.nextAgreement.sources.trend", { slope: formatNumber(cell.slope ?? 0, { decimals: 2, signed: true }), years: cell.history.length });
    }
    if (cell.source === "singleYear") return t("controlling.nextAgreement.sources.singleYear", { year: cell.history[0]?.year ?? "" });
    return t("controlling.nextAgreement.sources.currentAgreement", { from: answer.window[0], to: answer.window[1], year: answer.basedOnYear });
  };
}

/**
 * Staff, corridor, places, budgeted cases and fees of the draft, each editable, beside the
 * current agreement and, per offer × need group, the mean local cases of each year of the
 * window and where the draft's number came from.
 */
export function NextAgreementOffers({ answer, current, draft, onChange }: NextAgreementOffersProps) {
  const { t } = useTranslation();
  const sourceText = useSourceText();
  const years = Array.from({ length: answer.window[1] - answer.window[0] + 1 }, (_, i) => answer.window[0] + i);
  const set = (change: Partial<AgreementDraft>) => onChange({ ...draft, ...change });
  const setOffer = (key: number, change: Partial<OfferDraft>) => set({ offers: draft.offers.map((o) => (o.key === key ? { ...o, ...change } : o)) });
  const setGroup = (offer: OfferDraft, index: number, change: Partial<GroupDraft>) => setOffer(offer.key, { groups: offer.groups.map((g, i) => (i === index ? { ...g, ...change } : g)) });
  const was = (value: string) => t("controlling.nextAgreement.currentValue", { year: answer.basedOnYear, value });

  const setting = (name: "budgetedStaffFte" | "greenPct" | "amberPct", label: string, currentValue: number) => (
    <div className="field">
      <label htmlFor={`next-${name}`}>{t("controlling.nextAgreement.forYear", { label, year: answer.year })}</label>
      <input id={`next-${name}`} inputMode="decimal" size={6} value={draft[name]} aria-describedby={`next-${name}-was`} onChange={(event) => set({ [name]: event.target.value })} />
      <span id={`next-${name}-was`} className="field-hint">
        {was(formatNumber(currentValue, { decimals: Number.isInteger(currentValue) ? 0 : 2 }))}
      </span>
    </div>
  );

  return (
    <>
      <fieldset className="next-settings">
        <legend>{t("controlling.nextAgreement.settings")}</legend>
        <div className="field-row">
          {setting("budgetedStaffFte", t("controlling.agreement.fields.budgetedStaffFte"), current.budgetedStaffFte)}
          {setting("greenPct", t("controlling.agreement.fields.greenPct"), current.greenPct)}
          {setting("amberPct", t("controlling.agreement.fields.amberPct"), current.amberPct)}
        </div>
      </fieldset>
      {draft.offers.map((offer, index) => {
        const before = current.offers.find((o) => o.name === offer.name) ?? current.offers[index];
        return (
          <fieldset key={offer.key} className="next-offer" data-testid={`next-offer-${index}`}>
            <legend>{offer.name}</legend>
            <div className="field">
              <label htmlFor={`next-o${offer.key}-places`}>{t("controlling.nextAgreement.placesOf", { name: offer.name, year: answer.year })}</label>
              <input
                id={`next-o${offer.key}-places`}
                inputMode="numeric"
                size={5}
                value={offer.places}
                aria-describedby={`next-o${offer.key}-places-was`}
                onChange={(event) => setOffer(offer.key, { places: event.target.value })}
              />
              <span id={`next-o${offer.key}-places-was`} className="field-hint">
                {was(String(before?.places ?? "–"))}
              </span>
            </div>
            <div className="table-scroll">
              <table className="controlling-table next-table">
                <caption>{t("controlling.nextAgreement.casesCaption", { name: offer.name, from: answer.window[0], to: answer.window[1] })}</caption>
                <thead>
                  <tr>
                    <th scope="col" rowSpan={2}>
                      {t("controlling.entry.group")}
                    </th>
                    <th scope="colgroup" colSpan={years.length}>
                      {t("controlling.nextAgreement.history")}
                    </th>
                    <th scope="colgroup" colSpan={3}>
                      {t("controlling.agreement.fields.budgetedCases")}
                    </th>
                    <th scope="colgroup" colSpan={2}>
                      {t("controlling.agreement.fields.dailyFee")}
                    </th>
                  </tr>
                  <tr>
                    {years.map((year) => (
                      <th scope="col" key={year} className="number">
                        {year}
                      </th>
                    ))}
                    <th scope="col">{answer.basedOnYear}</th>
                    <th scope="col">{answer.year}</th>
                    <th scope="col">{t("controlling.nextAgreement.source")}</th>
                    <th scope="col">{answer.basedOnYear}</th>
                    <th scope="col">{answer.year}</th>
                  </tr>
                </thead>
                <tbody>
                  {offer.groups.map((group, g) => {
                    const needGroup = g + 1;
                    const cell = answer.cells.find((c) => c.offer === offer.name && c.needGroup === needGroup);
                    const previous = before?.groups.find((x) => x.needGroup === needGroup);
                    const name = t("controlling.nextAgreement.cellName", { name: offer.name, group: needGroup });
                    const typed = parseDecimal(group.cases);
                    const changed = cell !== undefined && typed !== null && typed !== cell.budgetedCases;
                    return (
                      <tr key={needGroup} data-group={needGroup}>
                        <th scope="row">{t("controlling.breakdown.groupN", { group: needGroup })}</th>
                        {years.map((year) => {
                          const point = cell?.history.find((p) => p.year === year);
                          return (
                            <td key={year} className="number history">
                              {point ? (
                                formatNumber(point.avgCases, { decimals: 2 })
                              ) : (
                                <>
                                  <span aria-hidden="true">–</span>
                                  <span className="visually-hidden">{t("controlling.nextAgreement.noFigures")}</span>
                                </>
                              )}
                            </td>
                          );
                        })}
                        <td className="number">{previous ? formatNumber(previous.budgetedCases, { decimals: Number.isInteger(previous.budgetedCases) ? 0 : 2 }) : "–"}</td>
                        <td>
                          <input
                            aria-label={`${name}: ${t("controlling.nextAgreement.budgetedCasesOf", { year: answer.year })}`}
                            inputMode="decimal"
                            size={6}
                            value={group.cases}
                            onChange={(event) => setGroup(offer, g, { cases: event.target.value })}
                          />
                        </td>
                        <td className="source">
                          {cell ? sourceText(cell, answer) : "–"}
                          {changed && <span className="changed">{t("controlling.nextAgreement.changed", { value: decimalToInput(cell.budgetedCases) })}</span>}
                        </td>
                        <td className="number">{previous ? formatCents(previous.dailyFeeCents) : "–"}</td>
                        <td>
                          <input
                            aria-label={`${name}: ${t("controlling.nextAgreement.feeOf", { year: answer.year })}`}
                            inputMode="decimal"
                            size={8}
                            value={group.fee}
                            placeholder={previous ? centsToEuroInput(previous.dailyFeeCents) : "98,50"}
                            onChange={(event) => setGroup(offer, g, { fee: event.target.value })}
                          />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </fieldset>
        );
      })}
    </>
  );
}
