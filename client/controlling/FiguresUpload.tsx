import { useId, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { FiguresSaved, MonthStatus } from "../../shared/domain/figures";
import { ApiError } from "../lib/api";
import { uploadFigures } from "./controllingApi";
import { SaveOutcome } from "./SaveOutcome";
import { FailureNotice } from "./FailureNotice";

/** Props of {@link FiguresUpload}. */
interface FiguresUploadProps {
  /** The provider. */
  providerId: string;
  /** The shown year's months, to warn when a file replaces reported months. */
  months: MonthStatus[];
  /** Called after the file was stored. */
  onSaved(): void;
}

const MONTH_IN_CSV = /(?:^|[,;"\t])\s*(\d{4}-(?:0[1-9]|1[0-2]))\s*(?=[,;"\t\r]|$)/gm;

/**
 * The months a CSV text names, for the hint that a reason is needed. Excel files cannot be
 * read here; for them the server's `reason_required` answer makes the reason required.
 */
function monthsInCsv(text: string): Set<string> {
  return new Set(Array.from(text.matchAll(MONTH_IN_CSV), (match) => match[1]));
}

/** Upload of a CSV or Excel file of figures or staff; the whole file is stored or nothing. */
export function FiguresUpload({ providerId, months, onSaved }: FiguresUploadProps) {
  const { t } = useTranslation();
  const id = useId();
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const [subject, setSubject] = useState<"figures" | "staff">("figures");
  const [file, setFile] = useState<File | null>(null);
  const [fileMonths, setFileMonths] = useState<Set<string>>(new Set());
  const [reason, setReason] = useState("");
  const [serverWantsReason, setServerWantsReason] = useState(false);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<FiguresSaved | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [inputKey, setInputKey] = useState(0);

  const reported = months.filter((m) => (subject === "figures" ? m.reported : m.staffReported)).map((m) => m.month);
  const replaced = reported.filter((month) => fileMonths.has(month));
  const reasonRequired = serverWantsReason || replaced.length > 0;
  const reasonTooShort = reasonRequired && reason.trim().length < 3;

  async function handleFile(chosen: File | null) {
    setFile(chosen);
    setSaved(null);
    setFailure(null);
    setServerWantsReason(false);
    setFileMonths(chosen && /\.csv$/i.test(chosen.name) ? monthsInCsv(await chosen.text()) : new Set());
  }

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    if (reasonTooShort) {
      reasonRef.current?.focus();
      return;
    }
    setBusy(true);
    setSaved(null);
    setFailure(null);
    try {
      setSaved(await uploadFigures(providerId, file, subject, reason));
      setFile(null);
      setFileMonths(new Set());
      setReason("");
      setServerWantsReason(false);
      setInputKey((key) => key + 1);
      onSaved();
    } catch (caught) {
      const error = caught instanceof ApiError ? caught : new ApiError(0, (caught as Error).message, "unknown");
      setFailure(error);
      if (error.code === "reason_required") {
        setServerWantsReason(true);
        reasonRef.current?.focus();
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby={`${id}-title`} className="controlling-form">
      <h3 id={`${id}-title`}>{t("controlling.upload.title")}</h3>
      <p className="muted">{t("controlling.upload.intro")}</p>
      <form onSubmit={(event) => void handleSubmit(event)} aria-busy={busy}>
        <fieldset>
          <legend>{t("controlling.upload.subject")}</legend>
          <label>
            <input type="radio" name={`${id}-subject`} checked={subject === "figures"} onChange={() => setSubject("figures")} />
            {t("controlling.upload.subjectFigures")}
          </label>
          <label>
            <input type="radio" name={`${id}-subject`} checked={subject === "staff"} onChange={() => setSubject("staff")} />
            {t("controlling.upload.subjectStaff")}
          </label>
        </fieldset>
        <label htmlFor={`${id}-file`}>{t("controlling.upload.file")}</label>
        <input
          key={inputKey}
          id={`${id}-file`}
          type="file"
          required
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(event) => void handleFile(event.target.files?.[0] ?? null)}
        />
        <label htmlFor={`${id}-reason`}>
          {t("controlling.upload.reason")}
          {reasonRequired && <span className="required"> ({t("controlling.required")})</span>}
        </label>
        <textarea
          id={`${id}-reason`}
          ref={reasonRef}
          rows={2}
          value={reason}
          required={reasonRequired}
          aria-invalid={serverWantsReason && reasonTooShort ? true : undefined}
          aria-describedby={`${id}-reason-hint`}
          onChange={(event) => setReason(event.target.value)}
        />
        <p id={`${id}-reason-hint`} className={reasonRequired ? "field-hint needed" : "field-hint"}>
          {replaced.length > 0
            ? t("controlling.upload.reasonNeededFor", { months: replaced.join(", ") })
            : serverWantsReason
              ? t("controlling.upload.reasonNeededServer")
              : t("controlling.upload.reasonHint")}
        </p>
        <button type="submit" disabled={busy || !file}>
          {busy ? t("controlling.upload.busy") : t("controlling.upload.submit")}
        </button>
      </form>
      <div aria-live="polite">
        {saved && <SaveOutcome saved={saved} />}
        <FailureNotice failure={failure} codeTexts="controlling.upload.errors" />
      </div>
    </section>
  );
}
