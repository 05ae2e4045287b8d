import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

const PRINT_DATE = new Intl.DateTimeFormat("de-DE", { day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit" });

/**
 * "Stand: <date>" under the scorecard's title, shown only on paper (see print.css), so
 * printed minutes say when they were taken from the living document.
 */
export function PrintHeader() {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    // The page may have been open for hours before someone prints it.
    const handleBeforePrint = () => setNow(new Date());
    window.addEventListener("beforeprint", handleBeforePrint);
    return () => window.removeEventListener("beforeprint", handleBeforePrint);
  }, []);
  return <p className="print-only print-header">{t("structure.print.asOf", { date: PRINT_DATE.format(now) })}</p>;
}
