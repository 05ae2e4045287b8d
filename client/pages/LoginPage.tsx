import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { Me } from "../../shared/domain/user";
import { ApiError } from "../lib/api";
import { logIn } from "../state/session";

/** Props of the login page. */
interface LoginPageProps {
  /** Called with the user after a successful login. */
  onLoggedIn(me: Me): void;
}

/** E-mail and password form. */
export function LoginPage({ onLoggedIn }: LoginPageProps) {
  const { t, i18n } = useTranslation();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onLoggedIn(await logIn(email, password));
    } catch (caught) {
      const code = caught instanceof ApiError ? (caught.status === 0 ? "offline" : caught.code) : "";
      if (code === "too_many_requests" && i18n.language === "de") {
        // The server's German message names the wait (it grows with every further failure).
        setError((caught as Error).message);
      } else {
        // The server's message is German; known codes get the UI's language.
        setError(["offline", "unauthenticated", "too_many_requests"].includes(code) ? t(`login.errors.${code}`) : (caught as Error).message);
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <main id="main" className="login">
      <h1>{t("app.name")}</h1>
      <p>{t("app.tagline")}</p>
      <form onSubmit={(event) => void handleSubmit(event)} aria-describedby={error ? "login-error" : undefined}>
        <h2>{t("login.title")}</h2>
        <label>
          {t("login.email")}
          <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          {t("login.password")}
          <input type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error && (
          <p id="login-error" className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? t("login.busy") : t("login.submit")}
        </button>
      </form>
    </main>
  );
}
