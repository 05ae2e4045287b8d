import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { AgreementVersion } from "../../shared/domain/figures";
import type { Me } from "../../shared/domain/user";
import type { BudgetAgreement } from "../../shared/kpi/agreement";
import { draftFromAgreement, emptyDraft } from "./agreementDraft";
import { AgreementForm } from "./AgreementForm";
import { ApiError } from "../lib/api";
import { canEditAgreements, fetchAgreementHistory, saveAgreement } from "./controllingApi";
import { formatCents, formatNumber, monthInWords } from "./format";
import { FailureNotice } from "./FailureNotice";
import { GroupTableHead } from "./GroupTableHead";
import { NextAgreementDraft } from "./NextAgreementDraft";
import { ReasonField, reasonMissing } from "./ReasonField";

/** Props of {@link AgreementTab}. */
interface AgreementTabProps {
  /** The logged-in user; funder editors may change the agreement. */
  me: Me;
  /** The provider. */
  providerId: string;
  /** The provider's name, for a new agreement. */
  providerName: string;
  /** The year. */
  year: number;
  /** The provider's agreements, one per year. */
  agreements: AgreementVersion[];
  /** Changes when stored data changed, to load again. */
  reloadKey: number;
  /** Called after a new version was stored. */
  onSaved(): void;
}

/** The budget agreement of a year: form or read-only view, JSON upload and the version history. */
export function AgreementTab({ me, providerId, providerName, year, agreements, reloadKey, onSaved }: AgreementTabProps) {
  const { t } = useTranslation();
  const [history, setHistory] = useState<AgreementVersion[] | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const current = agreements.find((a) => a.year === year) ?? null;
  const template = current ?? [...agreements].filter((a) => a.year < year).sort((a, b) => b.year - a.year)[0] ?? null;
  const editable = canEditAgreements(me);
  const reasonId = useId();
  // One reason for both ways of changing the agreement (file or form), so nobody fills the other one.
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | null>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);

  /** The reason to save with, or null after saying (and focusing) that it is missing. */
  function checkReason(): string | null {
    if (!reasonMissing(reason)) {
      setReasonError(null);
      return reason.trim();
    }
    setReasonError(t("controlling.agreement.reasonMissing"));
    reasonRef.current?.focus();
    return null;
  }

  function handleStored(version: number) {
    setNotice(t("controlling.agreement.savedVersion", { version, year }));
    setReason("");
    onSaved();
  }

  useEffect(() => {
    let cancelled = false;
    setHistory(null);
    if (!current) {
      setHistory([]);
      return;
    }
    fetchAgreementHistory(providerId, year).then(
      (versions) => !cancelled && setHistory(versions),
      () => !cancelled && setHistory([]),
    );
    return () => {
      cancelled = true;
    };
  }, [providerId, year, current, reloadKey]);

  async function handleSave(agreement: BudgetAgreement, checked: string) {
    const saved = await saveAgreement(providerId, year, { reason: checked, agreement });
    handleStored(saved.version);
  }

  return (
    <div className="agreement-tab">
      <h2>{t("controlling.agreement.title", { year })}</h2>
      {notice && (
        <p className="success" role="status">
          <span aria-hidden="true">✓ </span>
          {notice}
        </p>
      )}
      {!current && <p className="notice">{t("controlling.agreement.none", { year })}</p>}
      {current && <AgreementView version={current} />}
      {current && <NextAgreementDraft key={`${providerId}-${year}`} me={me} providerId={providerId} current={current} onSaved={onSaved} />}
      {editable && (
        <>
          <div className="controlling-form agreement-reason">
            <ReasonField
              id={reasonId}
              inputRef={reasonRef}
              label={t("controlling.agreement.reason")}
              hint={t("controlling.agreement.reasonFor", { year })}
              value={reason}
              onChange={(value) => {
                setReason(value);
                if (reasonError && !reasonMissing(value)) setReasonError(null);
              }}
              error={reasonError}
            />
          </div>
          <AgreementFileUpload
            year={year}
            checkReason={checkReason}
            onUpload={async (text, fileName, checked) => {
              const saved = await saveAgreement(providerId, year, { reason: checked, agreementText: text, fileName });
              handleStored(saved.version);
            }}
          />
          {!current && template && <p className="muted">{t("controlling.agreement.templateFrom", { year: template.year })}</p>}
          <AgreementForm
            key={`${year}-${current?.version ?? 0}`}
            year={year}
            initial={template ? draftFromAgreement(template.agreement) : emptyDraft(providerName.replace(/\s*\(Demo\)$/, ""))}
            checkReason={checkReason}
            onSave={handleSave}
          />
        </>
      )}
      <VersionHistory year={year} history={history} />
    </div>
  );
}

/** The stored agreement, read-only. */
function AgreementView({ version }: { version: AgreementVersion }) {
  const { t, i18n } = useTranslation();
  const a = version.agreement;
  const yesNo = a.creditSocialSpaceAtPriorGroup ? t("controlling.yes") : t("controlling.no");
  return (
    <section className="agreement-view" aria-label={t("controlling.agreement.current", { version: version.version })} data-testid="agreement-view">
      <p>{t("controlling.agreement.current", { version: version.version })}</p>
      <dl className="agreement-facts">
        <dt>{t("controlling.agreement.fields.provider")}</dt>
        <dd>{a.provider}</dd>
        <dt>{t("controlling.agreement.fields.baseYear")}</dt>
        <dd>{a.baseYear ?? "–"}</dd>
        <dt>{t("controlling.agreement.fields.budgetedStaffFte")}</dt>
        <dd>{formatNumber(a.budgetedStaffFte, { decimals: 2 })}</dd>
        <dt>{t("controlling.agreement.corridor")}</dt>
        <dd>{t("controlling.agreement.corridorText", { green: formatNumber(a.greenPct, { decimals: 1 }), amber: formatNumber(a.amberPct, { decimals: 1 }) })}</dd>
        <dt>{t("controlling.agreement.fields.creditSocialSpaceAtPriorGroup")}</dt>
        <dd>{yesNo}</dd>
        <dt>{t("controlling.agreement.fields.startMonth")}</dt>
        <dd>{t("controlling.agreement.startText", { month: monthInWords(a.year, a.startMonth ? Number(a.startMonth.slice(5, 7)) : 1, i18n.language) })}</dd>
        <dt>{t("controlling.agreement.fields.settlementThresholdPct")}</dt>
        <dd>
          {t("controlling.agreement.settlementText", {
            pct: formatNumber(a.settlementThresholdPct ?? a.greenPct, { decimals: 1 }),
            basis: t(`controlling.agreement.settlementBases.${a.settlementBasis ?? "beyondTolerance"}`),
          })}
        </dd>
      </dl>
      {a.offers.map((offer) => (
        <table key={offer.name} className="controlling-table">
          <caption>{t("controlling.agreement.offerCaption", { name: offer.name, places: offer.places })}</caption>
          <GroupTableHead />
          <tbody>
            {offer.groups.map((group) => (
              <tr key={group.needGroup}>
                <th scope="row">{t("controlling.breakdown.groupN", { group: group.needGroup })}</th>
                <td className="number">{formatNumber(group.budgetedCases, { decimals: Number.isInteger(group.budgetedCases) ? 0 : 2 })}</td>
                <td className="number">{formatCents(group.dailyFeeCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </section>
  );
}

/** Props of {@link AgreementFileUpload}. */
interface AgreementFileUploadProps {
  /** The year chosen above; a file of another year is refused before sending. */
  year: number;
  /** The reason typed in the tab's one reason field, or null after it said that it is missing. */
  checkReason(): string | null;
  /** Stores the file with the reason; throws ApiError when refused. */
  onUpload(text: string, fileName: string, reason: string): Promise<void>;
}

/** Upload of the agreement as a JSON file, with the tab's reason; errors name the file's lines. */
function AgreementFileUpload({ year, checkReason, onUpload }: AgreementFileUploadProps) {
  const { t } = useTranslation();
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [inputKey, setInputKey] = useState(0);

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    setFailure(null);
    const text = await file.text();
    const fileYear = (() => {
      try {
        return (JSON.parse(text) as { year?: unknown }).year;
      } catch {
        return undefined;
      }
    })();
    if (typeof fileYear === "number" && fileYear !== year) {
      setFailure(new ApiError(0, t("controlling.agreement.wrongYear", { fileYear, year }), "wrong_year"));
      return;
    }
    const reason = checkReason();
    if (reason === null) return;
    setBusy(true);
    try {
      await onUpload(text, file.name, reason);
      setFile(null);
      setInputKey((key) => key + 1);
    } catch (caught) {
      setFailure(caught instanceof ApiError ? caught : new ApiError(0, (caught as Error).message, "unknown"));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby={`${id}-title`} className="controlling-form">
      <h3 id={`${id}-title`}>{t("controlling.agreement.uploadTitle")}</h3>
      <form onSubmit={(event) => void handleSubmit(event)} aria-busy={busy} noValidate>
        <label htmlFor={`${id}-file`}>{t("controlling.agreement.file")}</label>
        <input key={inputKey} id={`${id}-file`} type="file" accept=".json,application/json" onChange={(event) => setFile(event.target.files?.[0] ?? null)} />
        <p className="field-hint">{t("controlling.agreement.usesReason")}</p>
        <button type="submit" disabled={busy || !file}>
          {t("controlling.agreement.upload")}
        </button>
      </form>
      <div aria-live="polite">
        <FailureNotice failure={failure} />
      </div>
    </section>
  );
}

/** Every version of the year's agreement: who, when, why. */
function VersionHistory({ year, history }: { year: number; history: AgreementVersion[] | null }) {
  const { t, i18n } = useTranslation();
  if (!history) return <p>{t("controlling.loading")}</p>;
  return (
    <section aria-labelledby="agreement-history">
      <h3 id="agreement-history">{t("controlling.agreement.historyTitle")}</h3>
      {history.length === 0 ? (
        <p>{t("controlling.agreement.historyEmpty")}</p>
      ) : (
        <table className="controlling-table" data-testid="agreement-history">
          <caption>{t("controlling.agreement.historyCaption", { year })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("controlling.agreement.version")}</th>
              <th scope="col">{t("controlling.history.when")}</th>
              <th scope="col">{t("controlling.history.who")}</th>
              <th scope="col">{t("controlling.history.reason")}</th>
            </tr>
          </thead>
          <tbody>
            {[...history]
              .sort((a, b) => b.version - a.version)
              .map((version) => (
                <tr key={version.version}>
                  <th scope="row">{version.version}</th>
                  <td>{new Date(version.createdAt).toLocaleString(i18n.language)}</td>
                  <td>{version.createdBy}</td>
                  <td>{version.reason}</td>
                </tr>
              ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
