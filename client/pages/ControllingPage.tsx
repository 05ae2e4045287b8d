import { useEffect, useId, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { AgreementVersion } from "../../shared/domain/figures";
import type { Me } from "../../shared/domain/user";
import { AgreementTab } from "../controlling/AgreementTab";
import { CompareTab } from "../controlling/CompareTab";
import { fetchAgreements, fetchProviders, type ProviderRef } from "../controlling/controllingApi";
import { DashboardTab } from "../controlling/DashboardTab";
import { FiguresTab } from "../controlling/FiguresTab";
import { defaultPeriod, periodText, type PeriodChoice } from "../controlling/period";
import { PeriodPicker } from "../controlling/PeriodPicker";
import { ReconciliationTab } from "../controlling/ReconciliationTab";
import { Tabs, type TabSpec } from "../controlling/Tabs";
import "../controlling.css";

/** Props of the controlling page. */
interface ControllingPageProps {
  /** The logged-in user: funder users pick a provider and may compare all; provider users see their own. */
  me: Me;
}

type TabId = "dashboard" | "compare" | "figures" | "agreement" | "reconciliation";
const TAB_IDS: TabId[] = ["dashboard", "compare", "figures", "agreement", "reconciliation"];

/** Reads `?provider=` and `?tab=` so a view can be linked and survives a reload. */
function readQuery(): { provider: string | null; tab: TabId | null } {
  const query = new URLSearchParams(location.search);
  const tab = query.get("tab");
  return { provider: query.get("provider"), tab: TAB_IDS.includes(tab as TabId) ? (tab as TabId) : null };
}

function writeQuery(provider: string | null, tab: TabId): void {
  const query = new URLSearchParams(location.search);
  if (provider) query.set("provider", provider);
  query.set("tab", tab);
  history.replaceState(history.state, "", `${location.pathname}?${query.toString()}`);
}

/**
 * Quantitative controlling of a provider (`/controlling`): KPI dashboard with five-year
 * charts, the funder's comparison of all providers, figures (upload, form, locks,
 * history), the budget agreement with its versions, and the year-end reconciliation.
 */
export function ControllingPage({ me }: ControllingPageProps) {
  const { t } = useTranslation();
  const id = useId();
  const isFunder = me.organisation.kind === "funder";
  const [providers, setProviders] = useState<ProviderRef[] | null>(null);
  const [providerId, setProviderId] = useState<string | null>(() => readQuery().provider);
  const [tab, setTab] = useState<TabId>(() => {
    const wanted = readQuery().tab;
    return wanted === "compare" && !isFunder ? "dashboard" : (wanted ?? "dashboard");
  });
  const [agreements, setAgreements] = useState<AgreementVersion[] | null>(null);
  const [choice, setChoice] = useState<PeriodChoice | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    fetchProviders().then(
      (list) => {
        setProviders(list);
        setProviderId((current) => (current && list.some((p) => p.id === current) ? current : ((list.find((p) => p.id === me.organisation.id) ?? list[0])?.id ?? null)));
      },
      (caught: Error) => setError(caught.message),
    );
  }, [me.organisation.id]);

  // A new provider starts empty; a reload after a save keeps the tabs (and their messages) mounted.
  useEffect(() => setAgreements(null), [providerId]);

  useEffect(() => {
    if (!providerId) return;
    let cancelled = false;
    fetchAgreements(providerId).then(
      (list) => {
        if (cancelled) return;
        setAgreements(list);
        setChoice(
          (current) =>
            current ??
            defaultPeriod(
              list.map((a) => a.year),
              new Date(),
            ),
        );
      },
      (caught: Error) => !cancelled && setError(caught.message),
    );
    return () => {
      cancelled = true;
    };
  }, [providerId, reloadKey]);

  useEffect(() => writeQuery(providerId, tab), [providerId, tab]);

  const years = useMemo(() => {
    const current = new Date().getFullYear();
    const set = new Set<number>([...(agreements ?? []).map((a) => a.year), ...Array.from({ length: 7 }, (_, i) => current - 5 + i)]);
    if (choice) set.add(choice.year);
    return [...set].sort((a, b) => a - b);
  }, [agreements, choice]);

  if (error) return <p role="alert">{t("controlling.error", { message: error })}</p>;
  if (!providers) return <p>{t("controlling.loading")}</p>;
  if (providers.length === 0 || !providerId) return <p>{t("controlling.provider.none")}</p>;

  const provider = providers.find((p) => p.id === providerId) ?? providers[0];
  const tabs: TabSpec<TabId>[] = TAB_IDS.filter((tabId) => tabId !== "compare" || isFunder).map((tabId) => ({
    id: tabId,
    label: tabId === "reconciliation" ? t("settlement.tab") : t(`controlling.tabs.${tabId}`),
  }));
  const handleSaved = () => setReloadKey((key) => key + 1);
  const agreement = choice ? (agreements?.find((a) => a.year === choice.year) ?? null) : null;

  return (
    <section className="controlling" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{t("controlling.title")}</h1>
      <div className="controlling-bar">
        {isFunder && providers.length > 1 ? (
          <div className="field">
            <label htmlFor={`${id}-provider`}>{t("controlling.provider.label")}</label>
            <select id={`${id}-provider`} value={provider.id} onChange={(event) => setProviderId(event.target.value)} disabled={tab === "compare"}>
              {providers.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <p className="controlling-provider">
            {t("controlling.provider.label")}: <strong>{provider.name}</strong>
          </p>
        )}
        {choice && tab !== "reconciliation" && <PeriodPicker value={choice} years={years} onChange={setChoice} />}
      </div>
      {tab !== "dashboard" && tab !== "compare" && tab !== "reconciliation" && <p className="muted">{t("controlling.period.yearOnly", { year: choice?.year ?? "" })}</p>}
      <Tabs<TabId> label={t("controlling.tabs.label")} tabs={tabs} selected={tab} onSelect={setTab}>
        {!agreements || !choice ? (
          <p>{t("controlling.loading")}</p>
        ) : tab === "dashboard" ? (
          <DashboardTab providerId={provider.id} choice={choice} agreements={agreements} reloadKey={reloadKey} />
        ) : tab === "compare" ? (
          <CompareTab providers={providers} period={periodText(choice)} reloadKey={reloadKey} />
        ) : tab === "reconciliation" ? (
          <ReconciliationTab key={provider.id} providerId={provider.id} years={years} defaultYear={choice.year} />
        ) : tab === "figures" ? (
          <FiguresTab me={me} providerId={provider.id} year={choice.year} agreement={agreement} reloadKey={reloadKey} onSaved={handleSaved} />
        ) : (
          <AgreementTab me={me} providerId={provider.id} providerName={provider.name} year={choice.year} agreements={agreements} reloadKey={reloadKey} onSaved={handleSaved} />
        )}
      </Tabs>
    </section>
  );
}
