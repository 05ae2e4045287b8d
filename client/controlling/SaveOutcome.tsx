import { useTranslation } from "react-i18next";
import type { FiguresSaved } from "../../shared/domain/figures";
import { useKpiText } from "./kpiText";

/** What a successful upload or form entry stored, with its warnings. */
export function SaveOutcome({ saved }: { saved: FiguresSaved }) {
  const { t } = useTranslation();
  const text = useKpiText();
  return (
    <div className="success" role="status" data-testid="save-outcome">
      <p>
        <span aria-hidden="true">✓ </span>
        {t("controlling.saved.summary", { rows: saved.rows, staffRows: saved.staffRows, months: saved.months.join(", ") || "–" })}
      </p>
      {saved.warnings.length > 0 && (
        <>
          <p>{t("controlling.saved.warnings")}</p>
          <ul>
            {saved.warnings.map((warning, index) => (
              <li key={index}>
                {warning.line !== undefined && t("controlling.saved.line", { line: warning.line })} {warning.column && `${warning.column}: `}
                {text.issue(warning)}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
