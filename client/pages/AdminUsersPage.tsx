import { useEffect, useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { Organisation } from "../../shared/domain/organisation";
import type { InferResponseType } from "hono/client";
import type { Me, Role } from "../../shared/domain/user";
import { api, ApiError, readJson } from "../lib/api";
import "../account.css";

/** Props of the user administration page. */
interface AdminUsersPageProps {
  /** The logged-in user; only admins see the page. */
  me: Me;
}

/** A message about the last change, shown above the table. */
interface Outcome {
  /** The text, already in the UI's language. */
  text: string;
  /** Whether it reports a failure. */
  failed: boolean;
}

/** A user as the admin's list gets them, with the failed logins of the last 24 hours. */
type AdminUser = InferResponseType<typeof api.admin.users.$get>[number];

const ROLES: readonly Role[] = ["editor", "viewer"];

/** Shortest initial password the server accepts (`NewUserSchema`). */
const MIN_PASSWORD_LENGTH = 10;

/** Admins: every user with role, admin flag and state; change rights, remove, create. */
export function AdminUsersPage({ me }: AdminUsersPageProps) {
  const { t } = useTranslation();
  if (!me.isAdmin) {
    return (
      <div className="account">
        <h1>{t("account.admin.title")}</h1>
        <p className="notice">{t("account.admin.onlyAdmins")}</p>
      </div>
    );
  }
  return <UserAdministration me={me} />;
}

function UserAdministration({ me }: AdminUsersPageProps) {
  const { t } = useTranslation();
  const [users, setUsers] = useState<AdminUser[] | null>(null);
  const [organisations, setOrganisations] = useState<Organisation[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());

  useEffect(() => {
    readJson(api.admin.users.$get(), "Benutzer laden").then(setUsers, (caught: unknown) => setLoadError(errorText(caught, t)));
    readJson(api.admin.users.organisations.$get(), "Organisationen laden").then(setOrganisations, (caught: unknown) => setLoadError(errorText(caught, t)));
  }, [t]);

  function replaceUser(user: AdminUser) {
    setUsers((current) => current?.map((each) => (each.id === user.id ? user : each)) ?? null);
  }

  /** Runs one change of one user: shows it at once, then the server's answer, or restores the row on failure. */
  async function change(user: AdminUser, optimistic: AdminUser, request: () => Promise<AdminUser>, success: (saved: AdminUser) => string) {
    setPending((current) => new Set(current).add(user.id));
    setOutcome(null);
    replaceUser(optimistic);
    try {
      const saved = await request();
      replaceUser(saved);
      setOutcome({ text: success(saved), failed: false });
    } catch (caught) {
      replaceUser(user);
      setOutcome({ text: `${user.name}: ${errorText(caught, t)}`, failed: true });
    } finally {
      setPending((current) => {
        const next = new Set(current);
        next.delete(user.id);
        return next;
      });
    }
  }

  function handleRole(user: AdminUser, role: Role) {
    void change(
      user,
      { ...user, role },
      () => readJson(api.admin.users[":id"].$patch({ param: { id: user.id }, json: { role } }), "Rolle ändern"),
      (saved) => t("account.admin.roleSaved", { name: saved.name, role: t(`account.roles.${saved.role}`) }),
    );
  }

  function handleAdmin(user: AdminUser, isAdmin: boolean) {
    void change(
      user,
      { ...user, isAdmin },
      () => readJson(api.admin.users[":id"].$patch({ param: { id: user.id }, json: { isAdmin } }), "Administrationsrecht ändern"),
      (saved) => t(saved.isAdmin ? "account.admin.adminGranted" : "account.admin.adminRevoked", { name: saved.name }),
    );
  }

  function handleRemove(user: AdminUser) {
    if (!window.confirm(t("account.admin.confirmRemove", { name: user.name, email: user.email }))) return;
    void change(
      user,
      user,
      () => readJson(api.admin.users[":id"].$delete({ param: { id: user.id } }), "Benutzer entfernen"),
      (saved) => t("account.admin.removedDone", { name: saved.name }),
    );
  }

  return (
    <div className="account admin-users">
      <h1>{t("account.admin.title")}</h1>
      {loadError && (
        <p className="error" role="alert">
          {loadError}
        </p>
      )}
      <div aria-live="polite" className="admin-outcome">
        {outcome && <p className={outcome.failed ? "error" : "success"}>{outcome.text}</p>}
      </div>
      {users === null ? (
        !loadError && <p>{t("account.admin.loading")}</p>
      ) : (
        <div className="table-scroll">
          <table className="users-table">
            <caption>{t("account.admin.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("account.admin.columns.name")}</th>
                <th scope="col">{t("account.admin.columns.email")}</th>
                <th scope="col">{t("account.admin.columns.organisation")}</th>
                <th scope="col">{t("account.admin.columns.role")}</th>
                <th scope="col">{t("account.admin.columns.admin")}</th>
                <th scope="col">{t("account.admin.columns.state")}</th>
                <th scope="col">{t("account.admin.columns.failures")}</th>
                <th scope="col">{t("account.admin.columns.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((user) => {
                const self = user.id === me.id;
                const locked = user.disabled || pending.has(user.id);
                return (
                  <tr key={user.id} data-email={user.email} data-disabled={user.disabled} aria-busy={pending.has(user.id)}>
                    <th scope="row">
                      {user.name} {self && <span className="muted">{t("account.admin.you")}</span>}
                    </th>
                    <td>{user.email}</td>
                    <td>{user.organisation.name}</td>
                    <td>
                      <select aria-label={t("account.admin.roleOf", { name: user.name })} value={user.role} disabled={locked} onChange={(event) => handleRole(user, event.target.value as Role)}>
                        {ROLES.map((role) => (
                          <option key={role} value={role}>
                            {t(`account.roles.${role}`)}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={t("account.admin.adminOf", { name: user.name })}
                        checked={user.isAdmin}
                        // Taking away one's own admin right could leave nobody to manage users.
                        disabled={locked || self}
                        onChange={(event) => handleAdmin(user, event.target.checked)}
                      />
                    </td>
                    <td className={user.disabled ? "state-removed" : "state-active"}>{user.disabled ? t("account.admin.removed") : t("account.admin.active")}</td>
                    <td data-login-failures={user.recentLoginFailures}>{t("account.admin.failures", { count: user.recentLoginFailures })}</td>
                    <td>
                      {!user.disabled && (
                        <button type="button" disabled={self || locked} title={self ? t("account.admin.cannotRemoveSelf") : undefined} onClick={() => handleRemove(user)}>
                          {t("account.admin.remove")}
                          <span className="visually-hidden"> {user.name}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <NewUserForm organisations={organisations} onCreated={(user) => setUsers((current) => [...(current ?? []), user])} />
    </div>
  );
}

/** Props of the form that creates a user. */
interface NewUserFormProps {
  /** The organisations a user can belong to. */
  organisations: Organisation[];
  /** Called with the user the server created. */
  onCreated(user: AdminUser): void;
}

/** E-mail, name, initial password, organisation, role and admin flag of a new user. */
function NewUserForm({ organisations, onCreated }: NewUserFormProps) {
  const { t } = useTranslation();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [organisationId, setOrganisationId] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const [isAdmin, setIsAdmin] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const organisationFieldId = useId();
  const roleFieldId = useId();

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    setCreated(null);
    if (password.length < MIN_PASSWORD_LENGTH) return setError(t("account.admin.create.tooShort"));
    if (organisationId === "") return setError(t("account.admin.create.noOrganisation"));
    setError(null);
    setBusy(true);
    try {
      const user = await readJson(api.admin.users.$post({ json: { email, name, password, organisationId, role, isAdmin } }), "Benutzer anlegen");
      onCreated(user);
      setCreated(t("account.admin.create.created", { name: user.name, email: user.email }));
      setEmail("");
      setName("");
      setPassword("");
      setIsAdmin(false);
    } catch (caught) {
      setError(caught instanceof ApiError && caught.code === "conflict" ? t("account.admin.create.errors.conflict") : errorText(caught, t));
    } finally {
      setBusy(false);
    }
  }

  const kinds = ["funder", "provider"] as const;
  return (
    <section className="account-card" aria-labelledby="new-user-title">
      <h2 id="new-user-title">{t("account.admin.create.title")}</h2>
      <form className="account-form" onSubmit={(event) => void handleSubmit(event)} aria-describedby={error ? "new-user-error" : undefined}>
        <label>
          {t("account.admin.create.email")}
          <input type="email" name="email" autoComplete="off" required value={email} onChange={(event) => setEmail(event.target.value)} />
        </label>
        <label>
          {t("account.admin.create.name")}
          <input name="name" autoComplete="off" required value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <label>
          {t("account.admin.create.password")}
          <input
            type="password"
            name="password"
            autoComplete="new-password"
            required
            aria-describedby="new-user-password-hint"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        <p id="new-user-password-hint" className="muted">
          {t("account.admin.create.passwordHint")}
        </p>
        {/* Labels with htmlFor: a select wrapped in its label would add its chosen option to its name. */}
        <div className="field">
          <label htmlFor={organisationFieldId}>{t("account.admin.create.organisation")}</label>
          <select id={organisationFieldId} required value={organisationId} onChange={(event) => setOrganisationId(event.target.value)}>
            <option value="">{t("account.admin.create.choose")}</option>
            {kinds.map((kind) => (
              <optgroup key={kind} label={t(`account.kinds.${kind}`)}>
                {organisations
                  .filter((organisation) => organisation.kind === kind)
                  .map((organisation) => (
                    <option key={organisation.id} value={organisation.id}>
                      {organisation.name}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={roleFieldId}>{t("account.admin.create.role")}</label>
          <select id={roleFieldId} value={role} onChange={(event) => setRole(event.target.value as Role)}>
            {ROLES.map((each) => (
              <option key={each} value={each}>
                {t(`account.roles.${each}`)}
              </option>
            ))}
          </select>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={isAdmin} onChange={(event) => setIsAdmin(event.target.checked)} />
          {t("account.admin.create.isAdmin")}
        </label>
        {error && (
          <p id="new-user-error" className="error" role="alert">
            {error}
          </p>
        )}
        {created && (
          <p className="success" role="status">
            {created}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? t("account.admin.create.busy") : t("account.admin.create.submit")}
        </button>
      </form>
    </section>
  );
}

/**
 * A failed request as text in the UI's language where the code is known, else the server's message.
 * @param caught - what the request threw
 * @param t - the translation function
 */
function errorText(caught: unknown, t: (key: string) => string): string {
  if (caught instanceof ApiError && caught.status === 0) return t("account.errors.offline");
  if (caught instanceof ApiError && caught.code === "too_many_requests") return t("account.errors.too_many_requests");
  return (caught as Error).message;
}
