import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Me } from "../shared/domain/user";
import { loadSession, logOut } from "./state/session";
import { navigate, useRoute } from "./routes";
import { setLanguage, type Language } from "./i18n";
import { LoginPage } from "./pages/LoginPage";
import { ScorecardListPage } from "./pages/ScorecardListPage";
import { ScorecardPage } from "./pages/ScorecardPage";
import { ControllingPage } from "./pages/ControllingPage";

/** The app shell: login when logged out, otherwise header plus the routed page. */
export function App() {
  const { t, i18n } = useTranslation();
  const route = useRoute();
  const [me, setMe] = useState<Me | null | undefined>(undefined);

  useEffect(() => {
    void loadSession().then((session) => setMe(session.me));
  }, []);

  if (me === undefined) return <p className="page-message">{t("editor.loading")}</p>;
  if (me === null) return <LoginPage onLoggedIn={setMe} />;

  async function handleLogout() {
    await logOut();
    setMe(null);
    navigate("/");
  }

  return (
    <>
      <a className="skip-link" href="#main">
        {t("app.skipToContent")}
      </a>
      <header className="app-header">
        <a
          className="brand"
          href="/"
          onClick={(event) => {
            event.preventDefault();
            navigate("/");
          }}
        >
          {t("app.name")}
        </a>
        <nav className="main-nav" aria-label={t("nav.main")}>
          {(["/", "/controlling"] as const).map((path) => (
            <a
              key={path}
              href={path}
              aria-current={(path === "/controlling") === (route.page === "controlling") ? "page" : undefined}
              onClick={(event) => {
                event.preventDefault();
                navigate(path);
              }}
            >
              {path === "/" ? t("nav.scorecards") : t("nav.controlling")}
            </a>
          ))}
        </nav>
        <span className="who">{t("nav.loggedInAs", { name: me.name, organisation: me.organisation.name })}</span>
        <label className="language">
          <span className="visually-hidden">{t("nav.language")}</span>
          <select value={i18n.language} onChange={(event) => setLanguage(event.target.value as Language)}>
            <option value="de">Deutsch</option>
            <option value="en">English</option>
          </select>
        </label>
        <button type="button" onClick={() => void handleLogout()}>
          {t("nav.logout")}
        </button>
      </header>
      <main id="main">
        {route.page === "scorecard" ? (
          <ScorecardPage key={route.id} scorecardId={route.id} me={me} />
        ) : route.page === "controlling" ? (
          <ControllingPage me={me} />
        ) : (
          <ScorecardListPage me={me} />
        )}
      </main>
    </>
  );
}
