import { useTranslation } from "react-i18next";
import type { KpiIssue } from "../../shared/kpi/errors";
import { useKpiText } from "./kpiText";

/** Props of {@link IssueTable}. */
interface IssueTableProps {
  /** Every problem the server found. */
  issues: KpiIssue[];
  /** The server's summary message, shown when it sent no single issues. */
  message: string;
}

/**
 * Every problem of a rejected upload or form, with line and column, and the clear
 * statement that nothing of it was stored.
 */
export function IssueTable({ issues, message }: IssueTableProps) {
  const { t } = useTranslation();
  const text = useKpiText();
  return (
    <div className="issues" role="alert">
      <p className="error">
        <strong>{t("controlling.issues.nothingStored")}</strong> {issues.length === 0 && message}
      </p>
      {issues.length > 0 && (
        <table className="controlling-table">
          <caption>{t("controlling.issues.caption", { count: issues.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("controlling.issues.file")}</th>
              <th scope="col">{t("controlling.issues.line")}</th>
              <th scope="col">{t("controlling.issues.column")}</th>
              <th scope="col">{t("controlling.issues.problem")}</th>
            </tr>
          </thead>
          <tbody>
            {issues.map((issue, index) => (
              <tr key={index} data-line={issue.line}>
                <td>{issue.file ?? "–"}</td>
                <td>{issue.line ?? "–"}</td>
                <td>{issue.column ?? "–"}</td>
                <td>{text.issue(issue)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
