import { lazy, Suspense, useEffect, useRef, useState, type MouseEvent } from "react";
import { flushSync } from "react-dom";
import { useTranslation } from "react-i18next";
import type { ScorecardSummary } from "../shared/domain/scorecard";
import type { Me } from "../shared/domain/user";
import { clearDevice, waitForOpenCopies } from "./state/deviceCleanup";
import { loadCached } from "./state/offlineCache";
import { loadSession, logOut, watchSessionEnd } from "./state/session";
import { unsyncedScorecardIds } from "./state/unsyncedChanges";
import { Dialog } from "./versions/Dialog";
import { navigate, useRoute } from "./routes";
import { registerServiceWorkerWhenIdle } from "./serviceWorker";
import { setLanguage, type Language } from "./i18n";
import { LoginPage } from "./pages/LoginPage";
import { HeaderSearch } from "./search/HeaderSearch";

// Every page is loaded on its first visit: the login page needs none of them, and the
// editor (Tiptap, ProseMirror, Yjs: most of the app's weight) stays out of the first load.
const ScorecardListPage = lazy(() => import("./pages/ScorecardListPage").then((m) => ({ default: m.ScorecardListPage })));
const ScorecardPage = lazy(() => import("./pages/ScorecardPage").then((m) => ({ default: m.ScorecardPage })));
const ControllingPage = lazy(() => import("./pages/ControllingPage").then((m) => ({ default: m.ControllingPage })));
const AccountPage = lazy(() => import("./pages/AccountPage").then((m) => ({ default: m.AccountPage })));
const ForcedPasswordChange = lazy(() => import("./pages/AccountPage").then((m) => ({ default: m.ForcedPasswordChange })));
const AdminUsersPage = lazy(() => import("./pages/AdminUsersPage").then((m) => ({ default: m.AdminUsersPage })));
const VersionsPage = lazy(() => import("./versions/VersionsPage").then((m) => ({ default: m.VersionsPage })));
const VersionViewPage = lazy(() => import("./versions/VersionViewPage").then((m) => ({ default: m.VersionViewPage })));
const ComparePage = lazy(() => import("./versions/ComparePage").then((m) => ({ default: m.ComparePage })));
const TalksPage = lazy(() => import("./talks/TalksPage").then((m) => ({ default: m.TalksPage })));
const MeetingPage = lazy(() => import("./talks/MeetingPage").then((m) => ({ default: m.MeetingPage })));
const SearchPage = lazy(() => import("./search/SearchPage").then((m) => ({ default: m.SearchPage })));
const MeasureOverviewPage = lazy(() => import("./overview/MeasureOverviewPage").then((m) => ({ default: m.MeasureOverviewPage })));
const ScorecardAnchor = lazy(() => import("./search/ScorecardAnchor").then((m) => ({ default: m.ScorecardAnchor })));

/** How long a logout waits for changes the server is about to confirm before it warns about them. */
const SAVE_WAIT_MS = 3_000;

/** What the login page says after a logout or an ended session. */
interface Farewell {
  /** Why the user left. */
  reason: "loggedOut" | "sessionEnded";
  /** Whether the server already ended the session (else the next start tells it). */
  serverTold: boolean;
  /** Whether some offline copy waits for another window to close it. */
  pending: boolean;
  /** Whether the browser refused to delete some offline copy. */
  failed: boolean;
}

/** The app shell: login when logged out, otherwise header plus the routed page. */
export function App() {
  const { t, i18n } = useTranslation();
  const route = useRoute();
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [leaving, setLeaving] = useState(false);
  const [farewell, setFarewell] = useState<Farewell | null>(null);
  const [unsynced, setUnsynced] = useState<string[] | null>(null);
  const leavingNow = useRef(false);
  const userId = me?.id ?? null;

  useEffect(() => {
    void loadSession().then((session) => setMe(session.me));
  }, []);

  // The server's word that the session or the user is gone clears the device at once ([SYNC24]).
  useEffect(() => {
    if (!userId) return;
    return watchSessionEnd(userId, () => void leave(userId, "sessionEnded"));
  }, [userId]);

  /**
   * Leaves: the pages (and with them the open scorecards) go first, then the user's data
   * leaves the device, and only then the login page shows.
   */
  async function leave(id: string, reason: Farewell["reason"]): Promise<void> {
    // A logout ends the session, which may look like the session ending: one leave at a time.
    if (leavingNow.current) return;
    leavingNow.current = true;
    flushSync(() => {
      setUnsynced(null);
      setLeaving(true);
    });
    let outcome: Farewell = { reason, serverTold: false, pending: false, failed: true };
    try {
      const { cleanup, serverTold } = reason === "loggedOut" ? await logOut(id) : { cleanup: await clearDevice(id), serverTold: true };
      outcome = { reason, serverTold, pending: cleanup.pending.length > 0, failed: cleanup.failed.length > 0 };
    } finally {
      setFarewell(outcome);
      setMe(null);
      setLeaving(false);
      leavingNow.current = false;
      navigate("/");
    }
  }

  if (me === undefined) return <p className="page-message">{t("editor.loading")}</p>;
  if (leaving) {
    return (
      <p className="page-message" role="status">
        {t("device.leaving")}
      </p>
    );
  }
  if (me === null) {
    return (
      <>
        {farewell && <FarewellNotice farewell={farewell} />}
        <LoginPage
          onLoggedIn={(user) => {
            setFarewell(null);
            setMe(user);
          }}
        />
        <PageShown />
      </>
    );
  }

  // A demo user with the published password may only change it (the server refuses the rest).
  if (me.mustChangePassword) {
    return (
      <main id="main">
        <Suspense fallback={<p>{t("editor.loading")}</p>}>
          <ForcedPasswordChange onChanged={() => setMe({ ...me, mustChangePassword: false })} onLogout={() => void leave(me.id, "loggedOut")} />
        </Suspense>
      </main>
    );
  }

  const navigation = [
    { path: "/", label: "nav.scorecards", pages: ["list", "scorecard", "versions", "version", "compare"] },
    { path: "/talks", label: "talks.nav", pages: ["talks", "meeting"] },
    { path: "/controlling", label: "nav.controlling", pages: ["controlling"] },
    // The overview across all providers is the funder's (server: 403 for providers).
    ...(me.organisation.kind === "funder" ? [{ path: "/measures", label: "overview.nav", pages: ["measureOverview"] }] : []),
    ...(me.isAdmin ? [{ path: "/admin/users", label: "nav.adminUsers", pages: ["adminUsers"] }] : []),
  ];

  async function handleLogout(user: Me) {
    if (navigator.onLine) await waitForOpenCopies(user.id, SAVE_WAIT_MS);
    const ids = unsyncedScorecardIds(user.id);
    if (ids.length > 0) setUnsynced(ids);
    else await leave(user.id, "loggedOut");
  }

  return (
    <>
      <a className="skip-link" href="#main" onClick={handleSkipToContent}>
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
        <HeaderSearch query={route.page === "search" ? route.query : ""} />
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
        <button type="button" onClick={() => void handleLogout(me)}>
          {t("nav.logout")}
        </button>
      </header>
      {unsynced && <LogoutWarning scorecardIds={unsynced} onStay={() => setUnsynced(null)} onLeave={() => void leave(me.id, "loggedOut")} />}
      <main id="main">
        <Suspense fallback={<p>{t("editor.loading")}</p>}>
          {route.page === "scorecard" ? (
            <>
              <ScorecardPage key={route.id} scorecardId={route.id} me={me} />
              <ScorecardAnchor scorecardId={route.id} />
            </>
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
          ) : route.page === "search" ? (
            <SearchPage key={route.query} query={route.query} />
          ) : route.page === "measureOverview" ? (
            <MeasureOverviewPage />
          ) : route.page === "adminUsers" ? (
            <AdminUsersPage me={me} />
          ) : (
            <ScorecardListPage me={me} />
          )}
          <PageShown />
        </Suspense>
      </main>
    </>
  );
}

/**
 * "Zum Inhalt springen": past the header and past a page's own navigation (the scorecard's
 * outline) to where its content starts, marked `data-skip-target`; into its text when that
 * can be typed in, so the caret is where the work is. Pages without a mark get `<main>`.
 */
function handleSkipToContent(event: MouseEvent<HTMLAnchorElement>): void {
  const target = document.querySelector<HTMLElement>("main [data-skip-target]") ?? document.getElementById("main");
  if (!target) return;
  event.preventDefault();
  const text = target.querySelector<HTMLElement>("[contenteditable='true']");
  if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
  (text ?? target).focus();
  target.scrollIntoView({ block: "start" });
}

/**
 * Registers the service worker once a page is on screen: inside the Suspense boundary it
 * mounts only after the page's chunk has arrived, so the worker's precaching never competes
 * with the chunk the user is waiting for.
 */
function PageShown() {
  useEffect(() => registerServiceWorkerWhenIdle(), []);
  return null;
}

/** Props of {@link LogoutWarning}. */
interface LogoutWarningProps {
  /** The scorecards with changes not yet on the server. */
  scorecardIds: string[];
  /** Keeps the user logged in. */
  onStay(): void;
  /** Logs out and deletes the changes with everything else. */
  onLeave(): void;
}

/** Asks before a logout deletes changes the server has not stored yet. */
function LogoutWarning({ scorecardIds, onStay, onLeave }: LogoutWarningProps) {
  const { t } = useTranslation();
  const titles = new Map((loadCached<ScorecardSummary[]>("scorecards") ?? []).map((s) => [s.id, s.title]));
  return (
    <Dialog title={t("device.warning.title")} onClose={onStay}>
      <div style={{ display: "grid", gap: "0.6rem" }}>
        <p>{t("device.warning.intro")}</p>
        <ul style={{ margin: 0 }}>
          {scorecardIds.map((id) => (
            <li key={id}>{titles.get(id) ?? t("device.warning.unknownScorecard", { id })}</li>
          ))}
        </ul>
        <p>
          <strong>{t("device.warning.consequence")}</strong>
        </p>
        <p>{t("device.warning.advice")}</p>
      </div>
      <div className="dialog-buttons">
        <button type="button" className="primary" onClick={onStay} data-autofocus>
          {t("device.warning.stay")}
        </button>
        <button type="button" onClick={onLeave}>
          {t("device.warning.confirm")}
        </button>
      </div>
    </Dialog>
  );
}

/** Props of {@link FarewellNotice}. */
interface FarewellNoticeProps {
  /** How the user left. */
  farewell: Farewell;
}

/** Says on the login page that the user's data left the device, and what is still open. */
function FarewellNotice({ farewell }: FarewellNoticeProps) {
  const { t } = useTranslation();
  return (
    // Aligned with the login page's column, which follows.
    <section aria-label={t("device.noticeLabel")} style={{ maxWidth: "24rem", margin: "2rem auto -3rem", padding: "0 1.2rem" }}>
      <div className="notice" role="status" style={{ display: "grid", gap: "0.5rem" }}>
        <p style={{ margin: 0 }}>{t(farewell.reason === "loggedOut" ? "device.loggedOut" : "device.sessionEnded")}</p>
        {!farewell.serverTold && <p style={{ margin: 0 }}>{t("device.serverLater")}</p>}
        {farewell.pending && <p style={{ margin: 0 }}>{t("device.pending")}</p>}
        {farewell.failed && <p style={{ margin: 0 }}>{t("device.failed")}</p>}
      </div>
    </section>
  );
}
