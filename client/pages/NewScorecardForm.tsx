import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { ProviderSummary } from "../../shared/domain/scorecard";
import { api, readJson } from "../lib/api";
import { navigate } from "../routes";

/** Creates a scorecard for a provider or the conference, from the starter template or empty. */
export function NewScorecardForm() {
  const { t } = useTranslation();
  const [providers, setProviders] = useState<ProviderSummary[]>([]);
  const [title, setTitle] = useState("");
  const [providerId, setProviderId] = useState("");
  const [template, setTemplate] = useState<"starter" | "empty">("starter");
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    readJson(api.scorecards.providers.$get(), "Leistungserbringer laden").then(setProviders, () => setProviders([]));
  }, []);

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const created = await readJson(api.scorecards.$post({ json: { title, providerId: providerId === "" ? null : providerId, template } }), "Scorecard anlegen");
      navigate(`/scorecards/${created.id}`);
    } catch (caught) {
      setError((caught as Error).message);
    }
  }

  return (
    <details className="new-scorecard">
      <summary>{t("create.open")}</summary>
      <form onSubmit={(event) => void handleSubmit(event)}>
        <label>
          {t("create.title")}
          <input required value={title} onChange={(event) => setTitle(event.target.value)} placeholder={t("create.titlePlaceholder")} />
        </label>
        <label>
          {t("create.for")}
          <select value={providerId} onChange={(event) => setProviderId(event.target.value)}>
            <option value="">{t("list.conference")}</option>
            {providers.map((provider) => (
              <option key={provider.id} value={provider.id}>
                {provider.name}
              </option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>{t("create.template")}</legend>
          <label>
            <input type="radio" name="template" checked={template === "starter"} onChange={() => setTemplate("starter")} />
            {t("create.starter")}
          </label>
          <label>
            <input type="radio" name="template" checked={template === "empty"} onChange={() => setTemplate("empty")} />
            {t("create.empty")}
          </label>
        </fieldset>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit">{t("create.submit")}</button>
      </form>
    </details>
  );
}
