import { useTranslation } from "react-i18next";
import type { FunderKind } from "../../shared/kpi/figures";
import type { SocialSpaceInput } from "./monthEntry";

/** Props of {@link SocialSpaceRows}. */
interface SocialSpaceRowsProps {
  /** The agreement's offers. */
  offers: string[];
  /** The +S rows. */
  rows: SocialSpaceInput[];
  /** Called with the changed rows. */
  onChange(rows: SocialSpaceInput[]): void;
}

const GROUPS = [1, 2, 3, 4, 5];

/** The +S rows of a month: persons whose need group was lowered, each with its prior group. */
export function SocialSpaceRows({ offers, rows, onChange }: SocialSpaceRowsProps) {
  const { t } = useTranslation();
  const update = (key: number, change: Partial<SocialSpaceInput>) => onChange(rows.map((row) => (row.key === key ? { ...row, ...change } : row)));
  const nextKey = rows.reduce((max, row) => Math.max(max, row.key), -1) + 1;

  return (
    <fieldset className="social-space-rows">
      <legend>{t("controlling.entry.socialSpace")}</legend>
      <p className="muted">{t("controlling.entry.socialSpaceHint")}</p>
      {rows.length > 0 && (
        <table className="controlling-table">
          <caption>{t("controlling.entry.socialSpaceCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("controlling.entry.row")}</th>
              <th scope="col">{t("controlling.entry.offer")}</th>
              <th scope="col">{t("controlling.entry.funderKind")}</th>
              <th scope="col">{t("controlling.entry.group")}</th>
              <th scope="col">{t("controlling.entry.priorGroup")}</th>
              <th scope="col">{t("controlling.entry.cases")}</th>
              <th scope="col">{t("controlling.entry.days")}</th>
              <th scope="col">{t("controlling.entry.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => {
              const name = t("controlling.entry.socialRowN", { n: index + 1 });
              return (
                <tr key={row.key}>
                  <th scope="row">{name}</th>
                  <td>
                    <select aria-label={`${name}: ${t("controlling.entry.offer")}`} value={row.offer} onChange={(event) => update(row.key, { offer: event.target.value })}>
                      {offers.map((offer) => (
                        <option key={offer}>{offer}</option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <select aria-label={`${name}: ${t("controlling.entry.funderKind")}`} value={row.kind} onChange={(event) => update(row.key, { kind: event.target.value as FunderKind })}>
                      <option value="local">{t("controlling.entry.local")}</option>
                      <option value="external">{t("controlling.entry.external")}</option>
                    </select>
                  </td>
                  <td>
                    <select
                      aria-label={`${name}: ${t("controlling.entry.group")}`}
                      value={row.group}
                      onChange={(event) => {
                        const group = Number(event.target.value);
                        update(row.key, { group, prior: Math.max(row.prior, group + 1) });
                      }}
                    >
                      {GROUPS.slice(0, 4).map((group) => (
                        <option key={group} value={group}>
                          {group}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <select aria-label={`${name}: ${t("controlling.entry.priorGroup")}`} value={row.prior} onChange={(event) => update(row.key, { prior: Number(event.target.value) })}>
                      {GROUPS.filter((group) => group > row.group).map((group) => (
                        <option key={group} value={group}>
                          {group}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input
                      aria-label={`${name}: ${t("controlling.entry.cases")}`}
                      inputMode="numeric"
                      size={5}
                      value={row.cases}
                      onChange={(event) => update(row.key, { cases: event.target.value })}
                    />
                  </td>
                  <td>
                    <input aria-label={`${name}: ${t("controlling.entry.days")}`} inputMode="numeric" size={6} value={row.days} onChange={(event) => update(row.key, { days: event.target.value })} />
                  </td>
                  <td>
                    <button type="button" onClick={() => onChange(rows.filter((other) => other.key !== row.key))}>
                      {t("controlling.entry.removeRow")}
                      <span className="visually-hidden"> {name}</span>
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <button type="button" disabled={offers.length === 0} onClick={() => onChange([...rows, { key: nextKey, offer: offers[0] ?? "", kind: "local", group: 1, prior: 2, cases: "", days: "" }])}>
        {t("controlling.entry.addSocialRow")}
      </button>
    </fieldset>
  );
}
