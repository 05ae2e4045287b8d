import { lazy, Suspense, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Me } from "../shared/domain/user";
import { loadSession, logOut } from "./state/session";
import { navigate, useRoute } from "./routes";
import { setLanguage, type Language } from "./i18n";
import { LoginPage } from "./pages/LoginPage";
import { ScorecardListPage } from "./pages/ScorecardListPage";
import { ScorecardPage } from "./pages/ScorecardPage";

// Loaded on first visit, so the charting library and forms stay out of the editor's bundle.
const ControllingPage = lazy(() => import("./pages/ControllingPage").then((m) => ({ default: m.ControllingPage })));
const AccountPage = lazy(() => import("./pages/AccountPage").then((m) => ({ default: m.AccountPage })));
const AdminUsersPage = lazy(() => import("./pages/AdminUsersPage").then((m) => ({ default: m.AdminUsersPage })));
const VersionsPage = lazy(() => import("./versions/VersionsPage").then((m) => ({ default: m.VersionsPage })));
const VersionViewPage = lazy(() => import("./versions/VersionViewPage").then((m) => ({ default: m.VersionViewPage })));
const ComparePage = lazy(() => import("./versions/ComparePage").then((m) => ({ default: m.ComparePage })));
const TalksPage = lazy(() => import("./talks/TalksPage").then((m) => ({ default: m.TalksPage })));
const MeetingPage = lazy(() => import("./talks/MeetingPage").then((m) => ({ default: m.MeetingPage })));

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

  const navigation = [
    { path: "/", label: "nav.scorecards", pages: ["list", "scorecard", "versions", "version", "compare"] },
    { path: "/talks", label: "talks.nav", pages: ["talks", "meeting"] },
    { path: "/controlling", label: "nav.controlling", pages: ["controlling"] },
    ...(me.isAdmin ? [{ path: "/admin/users", label: "nav.adminUsers", pages: ["adminUsers"] }] : []),
  ];

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
          {navigation.map((item) => (
            <a
              key={item.path}
              href={item.path}
              aria-current={item.pages.includes(route.page) ? "page" : undefined}
              onClick={(event) => {
                event.preventDefault();
                navigate(item.path);
              }}
            >
              {t(item.label)}
            </a>
          ))}
        </nav>
        <a
          className="who"
          href="/account"
          aria-current={route.page === "account" ? "page" : undefined}
          onClick={(event) => {
            event.preventDefault();
            navigate("/account");
          }}
        >
          {t("nav.loggedInAs", { name: me.name, organisation: me.organisation.name })}
        </a>
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
        <Suspense fallback={<p>{t("editor.loading")}</p>}>
          {route.page === "scorecard" ? (
            <ScorecardPage key={route.id} scorecardId={route.id} me={me} />
          ) : route.page === "versions" ? (
            <VersionsPage key={route.id} scorecardId={route.id} />
          ) : route.page === "version" ? (
            <VersionViewPage key={`${route.id}/${route.versionId}`} scorecardId={route.id} versionId={route.versionId} />
          ) : route.page === "compare" ? (
            <ComparePage key={`${route.id}/${route.from}/${route.to}`} scorecardId={route.id} from={route.from} to={route.to} />
          ) : route.page === "talks" ? (
            <TalksPage key={route.scorecard ?? "all"} me={me} scorecardFilter={route.scorecard} />
          ) : route.page === "meeting" ? (
            <MeetingPage key={route.talkId} talkId={route.talkId} me={me} />
          ) : route.page === "controlling" ? (
            <ControllingPage me={me} />
          ) : route.page === "account" ? (
            <AccountPage me={me} />
          ) : route.page === "adminUsers" ? (
            <AdminUsersPage me={me} />
          ) : (
            <ScorecardListPage me={me} />
          )}
        </Suspense>
      </main>
    </>
  );
}
