import { useTranslation } from "react-i18next";

/** Props of {@link EnumOptions}. */
interface EnumOptionsProps {
  /** The values, e.g. a zod enum's `options`. */
  values: readonly string[];
  /** i18n key prefix; each label is `${prefix}.${value}`. */
  prefix: string;
}

/** The `<option>`s of a select over an enum, each labelled from the texts. */
export function EnumOptions({ values, prefix }: EnumOptionsProps) {
  const { t } = useTranslation();
  return (
    <>
      {values.map((value) => (
        <option key={value} value={value}>
          {t(`${prefix}.${value}`)}
        </option>
      ))}
    </>
  );
}
