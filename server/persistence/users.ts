import { randomUUID } from "node:crypto";
import type { Role } from "../../shared/domain/user";
import type { OrganisationKind } from "../../shared/domain/organisation";
import { cachedStatement, type Db } from "./db";

/** A user row joined with the kind of their organisation, as the server uses it. */
export interface UserRecord {
  /** User id. */
  id: string;
  /** Login e-mail. */
  email: string;
  /** Display name. */
  name: string;
  /** argon2id hash. */
  passwordHash: string;
  /** The user's organisation. */
  organisationId: string;
  /** Funder or provider, from the organisation. */
  organisationKind: OrganisationKind;
  /** Organisation name. */
  organisationName: string;
  /** Editor or viewer. */
  role: Role;
  /** May manage users. */
  isAdmin: boolean;
  /** Set when the user was removed; such a user can no longer log in. */
  disabledAt: number | null;
  /** A seeded demo user whose published password must be replaced before anything else. */
  mustChangePassword: boolean;
}

const SELECT_USER = `
  SELECT u.id, u.email, u.name, u.password_hash AS passwordHash, u.organisation_id AS organisationId,
         o.kind AS organisationKind, o.name AS organisationName, u.role, u.is_admin AS isAdmin,
         u.disabled_at AS disabledAt, u.must_change_password AS mustChangePassword
  FROM users u JOIN organisations o ON o.id = u.organisation_id`;

function toUser(row: unknown): UserRecord | undefined {
  if (!row) return undefined;
  const user = row as Omit<UserRecord, "isAdmin" | "mustChangePassword"> & { isAdmin: number; mustChangePassword: number };
  return { ...user, isAdmin: user.isAdmin === 1, mustChangePassword: user.mustChangePassword === 1 };
}

/** Fields for a new user. */
export interface NewUser {
  /** Login e-mail, unique regardless of case. */
  email: string;
  /** Display name. */
  name: string;
  /** argon2id hash of the password. */
  passwordHash: string;
  /** The user's organisation. */
  organisationId: string;
  /** Editor or viewer. */
  role: Role;
  /** May manage users. */
  isAdmin?: boolean;
}

/**
 * Creates a user.
 * @returns the new user's id
 */
export function createUser(db: Db, user: NewUser): string {
  const id = randomUUID();
  db.prepare(
    `INSERT INTO users (id, email, name, password_hash, organisation_id, role, is_admin, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, user.email.toLowerCase(), user.name, user.passwordHash, user.organisationId, user.role, user.isAdmin ? 1 : 0, Date.now());
  return id;
}

/** Finds a user by e-mail (case-insensitive). */
export function findUserByEmail(db: Db, email: string): UserRecord | undefined {
  return toUser(db.prepare(`${SELECT_USER} WHERE u.email = ?`).get(email));
}

/** Finds a user by id. */
export function findUserById(db: Db, id: string): UserRecord | undefined {
  return toUser(cachedStatement(db, `${SELECT_USER} WHERE u.id = ?`).get(id));
}

/** Lists all users, disabled ones included, by e-mail. */
export function listUsers(db: Db): UserRecord[] {
  return db
    .prepare(`${SELECT_USER} ORDER BY u.email`)
    .all()
    .map((row) => toUser(row)!);
}

/** Changes a user's role and admin flag. */
export function updateUserRights(db: Db, id: string, rights: { role?: Role; isAdmin?: boolean }): void {
  if (rights.role) db.prepare("UPDATE users SET role = ? WHERE id = ?").run(rights.role, id);
  if (rights.isAdmin !== undefined) db.prepare("UPDATE users SET is_admin = ? WHERE id = ?").run(rights.isAdmin ? 1 : 0, id);
}

/** Stores a new password hash. */
export function updatePasswordHash(db: Db, id: string, passwordHash: string): void {
  db.prepare("UPDATE users SET password_hash = ? WHERE id = ?").run(passwordHash, id);
}

/** Disables a user; the row stays because the document history refers to it. */
export function disableUser(db: Db, id: string): void {
  db.prepare("UPDATE users SET disabled_at = ? WHERE id = ?").run(Date.now(), id);
}

/** Which optional mails a user receives (`users.question_mails`, `users.reminder_mails`). */
export interface UserNotificationSettings {
  /** Mails about questions and answers of the other side. */
  questionMails: boolean;
  /** Reminders of a reporting deadline. */
  reminderMails: boolean;
}

/**
 * Reads a user's mail settings.
 * @returns the settings, or undefined for an unknown user
 */
export function findNotificationSettings(db: Db, userId: string): UserNotificationSettings | undefined {
  const row = db.prepare("SELECT question_mails AS questionMails, reminder_mails AS reminderMails FROM users WHERE id = ?").get(userId) as { questionMails: number; reminderMails: number } | undefined;
  return row && { questionMails: row.questionMails === 1, reminderMails: row.reminderMails === 1 };
}

/**
 * Changes a user's mail settings; a setting left out stays as it is.
 * @returns the settings as stored now, or undefined for an unknown user
 */
export function updateNotificationSettings(db: Db, userId: string, patch: Partial<UserNotificationSettings>): UserNotificationSettings | undefined {
  return db.transaction(() => {
    if (patch.questionMails !== undefined) db.prepare("UPDATE users SET question_mails = ? WHERE id = ?").run(patch.questionMails ? 1 : 0, userId);
    if (patch.reminderMails !== undefined) db.prepare("UPDATE users SET reminder_mails = ? WHERE id = ?").run(patch.reminderMails ? 1 : 0, userId);
    return findNotificationSettings(db, userId);
  })();
}

/** A user with their mail settings, for choosing who gets a mail. */
export interface UserWithNotifications extends UserRecord, UserNotificationSettings {}

/** Lists the users who are not disabled, with their mail settings, by e-mail. */
export function listActiveUsersWithNotifications(db: Db): UserWithNotifications[] {
  const rows = db
    .prepare(
      `SELECT u.id, u.email, u.name, u.password_hash AS passwordHash, u.organisation_id AS organisationId,
              o.kind AS organisationKind, o.name AS organisationName, u.role, u.is_admin AS isAdmin,
              u.disabled_at AS disabledAt, u.question_mails AS questionMails, u.reminder_mails AS reminderMails
       FROM users u JOIN organisations o ON o.id = u.organisation_id
       WHERE u.disabled_at IS NULL ORDER BY u.email`,
    )
    .all() as { questionMails: number; reminderMails: number }[];
  return rows.map((row) => ({ ...toUser(row)!, questionMails: row.questionMails === 1, reminderMails: row.reminderMails === 1 }));
}

/**
 * Sets or clears the "must change the password" mark of a user.
 * @param value - true after seeding with a published password, false once the user chose one
 */
export function setMustChangePassword(db: Db, userId: string, value: boolean): void {
  db.prepare("UPDATE users SET must_change_password = ? WHERE id = ?").run(value ? 1 : 0, userId);
}
