import { useEffect, useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { FiguresOfYear, FiguresSaved } from "../../shared/domain/figures";
import type { BudgetAgreement } from "../../shared/kpi/agreement";
import type { FunderKind } from "../../shared/kpi/figures";
import { ApiError } from "../lib/api";
import { saveMonth } from "./controllingApi";
import { cellKey, formFromRows, rowsFromForm, sameRows, type CellInput, type FormProblem, type MonthForm } from "./monthEntry";
import { SaveOutcome } from "./SaveOutcome";
import { SocialSpaceRows } from "./SocialSpaceRows";
import { FailureNotice } from "./FailureNotice";
import { ProblemList } from "./ProblemList";

/** Props of {@link MonthEntryForm}. */
interface MonthEntryFormProps {
  /** The provider. */
  providerId: string;
  /** The year. */
  year: number;
  /** The year's agreement, whose offers are listed. */
  agreement: BudgetAgreement;
  /** The stored figures of the year, to fill the form and know reported and locked months. */
  figures: FiguresOfYear;
  /** Called after the month was stored. */
  onSaved(): void;
}

const GROUPS = [1, 2, 3, 4, 5];
const KINDS: FunderKind[] = ["local", "external"];

/** Form entry of one month: cases and occupancy days per offer × need group × funder kind, +S rows and staff. */
export function MonthEntryForm({ providerId, year, agreement, figures, onSaved }: MonthEntryFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const [month, setMonth] = useState(`${year}-01`);
  const status = figures.months.find((m) => m.month === month);
  const [form, setForm] = useState<MonthForm>(() => formFromRows(figures.rows, null, month));
  const [reason, setReason] = useState("");
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const [saved, setSaved] = useState<FiguresSaved | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const offers = agreement.offers.map((offer) => offer.name);

  useEffect(() => {
    if (!month.startsWith(`${year}-`)) setMonth(`${year}-01`);
  }, [year, month]);

  useEffect(() => {
    const staff = figures.staff.find((row) => row.month === month)?.staffFte ?? null;
    setForm(formFromRows(figures.rows, staff, month));
    setProblems([]);
  }, [figures, month]);

  const kindWord = (kind: FunderKind) => t(`controlling.entry.${kind}`);
  const describe = (offer: string, group: number, kind: FunderKind, socialIndex?: number) =>
    socialIndex === undefined ? t("controlling.entry.cellName", { offer, group, kind: kindWord(kind) }) : t("controlling.entry.socialRowN", { n: socialIndex });
  const setCell = (key: string, change: Partial<CellInput>) =>
    setForm((current) => ({ ...current, cells: { ...current.cells, [key]: { ...(current.cells[key] ?? { cases: "", days: "" }), ...change } } }));
  const reasonNeeded = status?.reported === true || status?.staffReported === true;

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    setSaved(null);
    setFailure(null);
    const built = rowsFromForm(form, month, describe);
    setProblems(built.problems);
    if (built.problems.length > 0) return;
    // Unchanged figures are not sent again, so changing only the staff is no correction of them.
    const rows = built.rows.length > 0 && sameRows(built.rows, figures.rows, month) ? [] : built.rows;
    const stored = figures.staff.find((row) => row.month === month)?.staffFte ?? null;
    const staffFte = built.staffFte !== null && built.staffFte === stored ? null : built.staffFte;
    if (rows.length === 0 && staffFte === null) {
      setProblems([{ where: "", problem: "nothingChanged" }]);
      return;
    }
    setBusy(true);
    try {
      setSaved(await saveMonth(providerId, month, { rows, staffFte, ...(reason.trim() !== "" ? { reason: reason.trim() } : {}) }));
      setReason("");
      onSaved();
    } catch (caught) {
      setFailure(caught instanceof ApiError ? caught : new ApiError(0, (caught as Error).message, "unknown"));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby={`${id}-title`} className="controlling-form month-entry">
      <h3 id={`${id}-title`}>{t("controlling.entry.title")}</h3>
      <form onSubmit={(event) => void handleSubmit(event)} aria-busy={busy}>
        <label htmlFor={`${id}-month`}>{t("controlling.entry.month")}</label>
        <select id={`${id}-month`} value={month} onChange={(event) => setMonth(event.target.value)}>
          {figures.months.map((m) => (
            <option key={m.month} value={m.month}>
              {m.month} · {t(m.reported ? "controlling.figures.reported" : "controlling.figures.notReported")}
              {m.locked ? ` · ${t("controlling.figures.locked")}` : ""}
            </option>
          ))}
        </select>
        {status?.locked && <p className="notice">{t("controlling.entry.lockedMonth", { month })}</p>}
        <fieldset disabled={status?.locked === true || busy}>
          <legend className="visually-hidden">{t("controlling.entry.values", { month })}</legend>
          {agreement.offers.map((offer) => (
            <table key={offer.name} className="controlling-table entry-grid">
              <caption>{t("controlling.entry.offerCaption", { offer: offer.name, month })}</caption>
              <thead>
                <tr>
                  <th scope="col" rowSpan={2}>
                    {t("controlling.entry.group")}
                  </th>
                  {KINDS.map((kind) => (
                    <th key={kind} scope="colgroup" colSpan={2}>
                      {kindWord(kind)}
                    </th>
                  ))}
                </tr>
                <tr>
                  {KINDS.map((kind) => [
                    <th key={`${kind}-c`} scope="col">
                      {t("controlling.entry.cases")}
                    </th>,
                    <th key={`${kind}-d`} scope="col">
                      {t("controlling.entry.days")}
                    </th>,
                  ])}
                </tr>
              </thead>
              <tbody>
                {GROUPS.map((group) => (
                  <tr key={group}>
                    <th scope="row">{t("controlling.breakdown.groupN", { group })}</th>
                    {KINDS.map((kind) => {
                      const key = cellKey(offer.name, group, kind);
                      const cell = form.cells[key] ?? { cases: "", days: "" };
                      const name = describe(offer.name, group, kind);
                      return [
                        <td key={`${kind}-c`}>
                          <input
                            aria-label={`${name}: ${t("controlling.entry.cases")}`}
                            inputMode="numeric"
                            size={5}
                            value={cell.cases}
                            onChange={(event) => setCell(key, { cases: event.target.value })}
                          />
                        </td>,
                        <td key={`${kind}-d`}>
                          <input
                            aria-label={`${name}: ${t("controlling.entry.days")}`}
                            inputMode="numeric"
                            size={6}
                            value={cell.days}
                            onChange={(event) => setCell(key, { days: event.target.value })}
                          />
                        </td>,
                      ];
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
          <SocialSpaceRows offers={offers} rows={form.social} onChange={(social) => setForm((current) => ({ ...current, social }))} />
          <label htmlFor={`${id}-staff`}>{t("controlling.entry.staff")}</label>
          <input
            id={`${id}-staff`}
            inputMode="decimal"
            size={8}
            value={form.staff}
            aria-describedby={`${id}-staff-hint`}
            onChange={(event) => setForm((current) => ({ ...current, staff: event.target.value }))}
          />
          <p id={`${id}-staff-hint`} className="field-hint">
            {t("controlling.entry.staffHint")}
          </p>
          <label htmlFor={`${id}-reason`}>
            {t("controlling.upload.reason")}
            {reasonNeeded && <span className="required"> ({t("controlling.required")})</span>}
          </label>
          <textarea
            id={`${id}-reason`}
            rows={2}
            value={reason}
            required={reasonNeeded}
            minLength={reasonNeeded ? 3 : undefined}
            aria-describedby={`${id}-reason-hint`}
            onChange={(event) => setReason(event.target.value)}
          />
          <p id={`${id}-reason-hint`} className={reasonNeeded ? "field-hint needed" : "field-hint"}>
            {reasonNeeded ? t("controlling.entry.reasonNeeded", { month }) : t("controlling.entry.reasonHint")}
          </p>
          <button type="submit">{busy ? t("controlling.upload.busy") : t("controlling.entry.submit", { month })}</button>
        </fieldset>
      </form>
      <div aria-live="polite">
        {problems.length > 0 && (
          <ProblemList>
            {problems.map((problem, index) => (
              <li key={index}>
                {problem.where === "" ? (problem.problem === "staff" ? `${t("controlling.entry.staff")}: ` : "") : `${problem.where}: `}
                {t(`controlling.entry.problems.${problem.problem}`)}
              </li>
            ))}
          </ProblemList>
        )}
        {saved && <SaveOutcome saved={saved} />}
        <FailureNotice failure={failure} codeTexts="controlling.upload.errors" />
      </div>
    </section>
  );
}
