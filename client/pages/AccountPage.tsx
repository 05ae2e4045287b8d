import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { Me } from "../../shared/domain/user";
import type { NotificationSettings } from "../../shared/domain/notifications";
import { api, ApiError, readJson } from "../lib/api";
import "../account.css";
import type { TFunction } from "i18next";

/** Props of the account page. */
interface AccountPageProps {
  /** The logged-in user. */
  me: Me;
}

/** Shortest new password the server accepts (`PasswordChangeSchema`). */
const MIN_PASSWORD_LENGTH = 10;

/** The logged-in user's own account: who they are, which optional mails they get, and a password change form. */
export function AccountPage({ me }: AccountPageProps) {
  const { t } = useTranslation();
  return (
    <div className="account">
      <h1>{t("account.title")}</h1>
      <section className="account-card" aria-labelledby="account-who">
        <h2 id="account-who">{t("account.who.title")}</h2>
        <dl className="account-facts">
          <dt>{t("account.who.name")}</dt>
          <dd>{me.name}</dd>
          <dt>{t("account.who.email")}</dt>
          <dd>{me.email}</dd>
          <dt>{t("account.who.organisation")}</dt>
          <dd>
            {me.organisation.name} <span className="muted">({t(`account.kinds.${me.organisation.kind}`)})</span>
          </dd>
          <dt>{t("account.who.role")}</dt>
          <dd>
            {t(`account.roles.${me.role}`)}
            {me.isAdmin && <>; {t("account.who.admin")}</>}
          </dd>
        </dl>
      </section>
      <NotificationSettingsForm />
      <PasswordChangeForm />
    </div>
  );
}

/** The optional mails, each a checkbox saved as soon as it is ticked. */
const NOTIFICATION_KEYS: readonly (keyof NotificationSettings)[] = ["questionMails", "reminderMails"];

/** The user's e-mail notifications: questions and answers of the other side, reminders of the reporting deadline. */
function NotificationSettingsForm() {
  const { t } = useTranslation();
  const [settings, setSettings] = useState<NotificationSettings | null>(null);
  const [pending, setPending] = useState<{ key: keyof NotificationSettings; value: boolean } | null>(null);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    let live = true;
    readJson(api.me.notifications.$get(), "Benachrichtigungen laden").then(
      (loaded) => live && setSettings(loaded),
      async (caught: unknown) => live && setOutcome({ ok: false, text: await describeSettingsError(caught, t) }),
    );
    return () => {
      live = false;
    };
  }, [t]);

  async function handleChange(key: keyof NotificationSettings, value: boolean) {
    setPending({ key, value });
    setOutcome(null);
    try {
      const saved = await readJson(api.me.notifications.$patch({ json: { [key]: value } }), "Benachrichtigungen speichern");
      setSettings(saved);
      setOutcome({ ok: true, text: t(saved[key] ? "account.notifications.on" : "account.notifications.off", { what: t(`account.notifications.${key}`) }) });
    } catch (caught) {
      setOutcome({ ok: false, text: await describeSettingsError(caught, t) });
    } finally {
      setPending(null);
    }
  }

  return (
    <section className="account-card" aria-labelledby="notifications-title">
      <h2 id="notifications-title">{t("account.notifications.title")}</h2>
      {/* Wider than the password form: the labels are sentences. */}
      <div className="account-form" style={{ maxWidth: "42rem" }}>
        <p className="muted">{t("account.notifications.intro")}</p>
        {settings === null && outcome === null && <p>{t("account.notifications.loading")}</p>}
        {settings &&
          NOTIFICATION_KEYS.map((key) => (
            <div key={key} className="field">
              <label className="checkbox">
                <input
                  type="checkbox"
                  name={key}
                  checked={pending?.key === key ? pending.value : settings[key]}
                  disabled={pending !== null}
                  aria-describedby={`${key}-hint`}
                  onChange={(event) => void handleChange(key, event.target.checked)}
                />
                {t(`account.notifications.${key}`)}
              </label>
              <p id={`${key}-hint`} className="muted">
                {t(`account.notifications.${key}Hint`)}
              </p>
            </div>
          ))}
        <p role="status" className={!pending && outcome?.ok ? "success" : undefined}>
          {pending ? t("account.notifications.saving") : outcome?.ok ? outcome.text : ""}
        </p>
        <p className="error" role="alert">
          {outcome && !outcome.ok ? outcome.text : ""}
        </p>
      </div>
    </section>
  );
}

/**
 * Turns a failed load or save of the notification settings into a text in the UI's language.
 * @param caught - what the request threw
 * @param t - the translation function
 */
async function describeSettingsError(caught: unknown, t: TFunction): Promise<string> {
  if (!(caught instanceof ApiError)) return t("account.errors.generic", { message: (caught as Error).message });
  if (caught.status === 0) return t("account.errors.offline");
  if (caught.status === 401) return t("account.errors.sessionEnded");
  return t("account.errors.generic", { message: caught.message });
}

/** Props of the password change form. */
interface PasswordChangeFormProps {
  /** Called once the server accepted the new password. */
  onChanged?: () => void;
}

/**
 * The only page a user sees who must change the password first (demo users seeded on
 * PostgreSQL or in production; the server answers 403 `password_change_required` to all else).
 */
export function ForcedPasswordChange({ onChanged, onLogout }: { onChanged: () => void; onLogout: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="account">
      <h1>{t("account.forced.title")}</h1>
      <p>{t("account.forced.intro")}</p>
      <PasswordChangeForm onChanged={onChanged} />
      <button type="button" onClick={onLogout}>
        {t("account.forced.logout")}
      </button>
    </div>
  );
}

/** Current password, new password twice; ends every other session of the user on success. */
function PasswordChangeForm({ onChanged }: PasswordChangeFormProps) {
  const { t } = useTranslation();
  const [currentPassword, setCurrentPassword] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [error, setError] = useState<{ text: string; field: "current" | "new" | "repeat" | null } | null>(null);
  const [success, setSuccess] = useState(false);
  const [busy, setBusy] = useState(false);

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    setSuccess(false);
    if (newPassword.length < MIN_PASSWORD_LENGTH) return setError({ text: t("account.password.tooShort"), field: "new" });
    if (newPassword !== repeat) return setError({ text: t("account.password.mismatch"), field: "repeat" });
    if (newPassword === currentPassword) return setError({ text: t("account.password.sameAsCurrent"), field: "new" });
    setError(null);
    setBusy(true);
    try {
      await readJson(api.auth.password.$post({ json: { currentPassword, newPassword } }), "Passwort ändern");
      setCurrentPassword("");
      setNewPassword("");
      setRepeat("");
      setSuccess(true);
      onChanged?.();
    } catch (caught) {
      setError(await describePasswordError(caught, t));
    } finally {
      setBusy(false);
    }
  }

  function invalid(field: "current" | "new" | "repeat") {
    return error?.field === field ? { "aria-invalid": true as const, "aria-describedby": "password-error" } : {};
  }

  return (
    <section className="account-card" aria-labelledby="password-title">
      <h2 id="password-title">{t("account.password.title")}</h2>
      <form className="account-form" noValidate onSubmit={(event) => void handleSubmit(event)}>
        <p id="password-hint" className="muted">
          {t("account.password.hint")}
        </p>
        <label>
          {t("account.password.current")}
          <input
            type="password"
            name="currentPassword"
            autoComplete="current-password"
            required
            value={currentPassword}
            onChange={(event) => setCurrentPassword(event.target.value)}
            {...invalid("current")}
          />
        </label>
        <label>
          {t("account.password.new")}
          <input
            type="password"
            name="newPassword"
            autoComplete="new-password"
            required
            aria-describedby="password-hint"
            value={newPassword}
            onChange={(event) => setNewPassword(event.target.value)}
            {...invalid("new")}
          />
        </label>
        <label>
          {t("account.password.repeat")}
          <input type="password" name="repeatPassword" autoComplete="new-password" required value={repeat} onChange={(event) => setRepeat(event.target.value)} {...invalid("repeat")} />
        </label>
        {error && (
          <p id="password-error" className="error" role="alert">
            {error.text}
          </p>
        )}
        {success && (
          <p className="success" role="status">
            {t("account.password.success")}
          </p>
        )}
        <button type="submit" disabled={busy || currentPassword === ""}>
          {busy ? t("account.password.busy") : t("account.password.submit")}
        </button>
      </form>
    </section>
  );
}

/**
 * Turns a failed password change into a text in the UI's language; the server's own message for anything unexpected.
 * @param caught - what the request threw
 * @param t - the translation function
 * @returns the text and the field it is about
 */
async function describePasswordError(caught: unknown, t: (key: string) => string): Promise<{ text: string; field: "current" | null }> {
  if (!(caught instanceof ApiError)) return { text: (caught as Error).message, field: null };
  if (caught.status === 0) return { text: t("account.errors.offline"), field: null };
  if (caught.code === "unauthenticated") {
    // The server answers 401 both for a wrong current password and for an ended session; only the latter fails /me.
    const stillLoggedIn = await api.me.$get().then(
      (answer) => answer.ok,
      () => true,
    );
    if (!stillLoggedIn) return { text: t("account.errors.sessionEnded"), field: null };
    return { text: t("account.password.errors.unauthenticated"), field: "current" };
  }
  if (caught.code === "too_many_requests") return { text: t("account.errors.too_many_requests"), field: null };
  return { text: caught.message, field: null };
}
