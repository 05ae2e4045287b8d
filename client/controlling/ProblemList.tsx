import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

/** Props of {@link ProblemList}. */
interface ProblemListProps {
  /** One `<li>` per problem found in the form before sending. */
  children: ReactNode;
}

/** The problems a form found before sending, saying that nothing was stored. */
export function ProblemList({ children }: ProblemListProps) {
  const { t } = useTranslation();
  return (
    <div className="error" role="alert">
      <p>
        <strong>{t("controlling.issues.nothingStored")}</strong> {t("controlling.entry.fixProblems")}
      </p>
      <ul>{children}</ul>
    </div>
  );
}
