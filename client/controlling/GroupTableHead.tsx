import { useTranslation } from "react-i18next";

/** The column heads of an offer's need-group table (group, budgeted cases, daily fee), in the form and in the read-only view. */
export function GroupTableHead() {
  const { t } = useTranslation();
  return (
    <thead>
      <tr>
        <th scope="col">{t("controlling.entry.group")}</th>
        <th scope="col">{t("controlling.agreement.fields.budgetedCases")}</th>
        <th scope="col">{t("controlling.agreement.fields.dailyFee")}</th>
      </tr>
    </thead>
  );
}
