import { randomUUID } from "node:crypto";
import type { Role } from "../../shared/domain/user";
import type { OrganisationKind } from "../../shared/domain/organisation";
import { transaction, type Db } from "./db";

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

// The columns of a UserRecord, from users u joined with their organisation o.
const USER_COLUMNS = [
  "u.id",
  "u.email",
  "u.name",
  "u.password_hash as passwordHash",
  "u.organisation_id as organisationId",
  "o.kind as organisationKind",
  "o.name as organisationName",
  "u.role",
  "u.is_admin as isAdmin",
  "u.disabled_at as disabledAt",
  "u.must_change_password as mustChangePassword",
] as const;

function selectUsers(db: Db) {
  return db.selectFrom("users as u").innerJoin("organisations as o", "o.id", "u.organisation_id").select(USER_COLUMNS);
}

type UserRow = Omit<UserRecord, "organisationKind" | "role" | "isAdmin" | "mustChangePassword"> & { organisationKind: string; role: string; isAdmin: number; mustChangePassword: number };

function toUser(row: UserRow): UserRecord {
  return { ...row, organisationKind: row.organisationKind as OrganisationKind, role: row.role as Role, isAdmin: row.isAdmin === 1, mustChangePassword: row.mustChangePassword === 1 };
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
export async function createUser(db: Db, user: NewUser): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto("users")
    .values({
      id,
      email: user.email.toLowerCase(),
      name: user.name,
      password_hash: user.passwordHash,
      organisation_id: user.organisationId,
      role: user.role,
      is_admin: user.isAdmin ? 1 : 0,
      created_at: Date.now(),
    })
    .execute();
  return id;
}

/** Finds a user by e-mail (case-insensitive). */
export async function findUserByEmail(db: Db, email: string): Promise<UserRecord | undefined> {
  const row = await selectUsers(db).where("u.email", "=", email).executeTakeFirst();
  return row && toUser(row);
}

/** Finds a user by id. */
export async function findUserById(db: Db, id: string): Promise<UserRecord | undefined> {
  const row = await selectUsers(db).where("u.id", "=", id).executeTakeFirst();
  return row && toUser(row);
}

/** Lists all users, disabled ones included, by e-mail. */
export async function listUsers(db: Db): Promise<UserRecord[]> {
  const rows = await selectUsers(db).orderBy("u.email").execute();
  return rows.map(toUser);
}

/** Changes a user's role and admin flag. */
export async function updateUserRights(db: Db, id: string, rights: { role?: Role; isAdmin?: boolean }): Promise<void> {
  const changes = { ...(rights.role ? { role: rights.role } : {}), ...(rights.isAdmin !== undefined ? { is_admin: rights.isAdmin ? 1 : 0 } : {}) };
  if (Object.keys(changes).length === 0) return;
  await db.updateTable("users").set(changes).where("id", "=", id).execute();
}

/** Stores a new password hash. */
export async function updatePasswordHash(db: Db, id: string, passwordHash: string): Promise<void> {
  await db.updateTable("users").set({ password_hash: passwordHash }).where("id", "=", id).execute();
}

/** Disables a user; the row stays because the document history refers to it. */
export async function disableUser(db: Db, id: string): Promise<void> {
  await db.updateTable("users").set({ disabled_at: Date.now() }).where("id", "=", id).execute();
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
export async function findNotificationSettings(db: Db, userId: string): Promise<UserNotificationSettings | undefined> {
  const row = await db.selectFrom("users").select(["question_mails", "reminder_mails"]).where("id", "=", userId).executeTakeFirst();
  return row && { questionMails: row.question_mails === 1, reminderMails: row.reminder_mails === 1 };
}

/**
 * Changes a user's mail settings; a setting left out stays as it is.
 * @returns the settings as stored now, or undefined for an unknown user
 */
export async function updateNotificationSettings(db: Db, userId: string, patch: Partial<UserNotificationSettings>): Promise<UserNotificationSettings | undefined> {
  const changes = {
    ...(patch.questionMails !== undefined ? { question_mails: patch.questionMails ? 1 : 0 } : {}),
    ...(patch.reminderMails !== undefined ? { reminder_mails: patch.reminderMails ? 1 : 0 } : {}),
  };
  return transaction(db, async (trx) => {
    if (Object.keys(changes).length > 0) await trx.updateTable("users").set(changes).where("id", "=", userId).execute();
    return findNotificationSettings(trx, userId);
  });
}

/** A user with their mail settings, for choosing who gets a mail. */
export interface UserWithNotifications extends UserRecord, UserNotificationSettings {}

/** Lists the users who are not disabled, with their mail settings, by e-mail. */
export async function listActiveUsersWithNotifications(db: Db): Promise<UserWithNotifications[]> {
  const rows = await selectUsers(db).select(["u.question_mails as questionMails", "u.reminder_mails as reminderMails"]).where("u.disabled_at", "is", null).orderBy("u.email").execute();
  return rows.map(({ questionMails, reminderMails, ...row }) => ({ ...toUser(row), questionMails: questionMails === 1, reminderMails: reminderMails === 1 }));
}

/**
 * Sets or clears the "must change the password" mark of a user.
 * @param value - true after seeding with a published password, false once the user chose one
 */
export async function setMustChangePassword(db: Db, userId: string, value: boolean): Promise<void> {
  await db
    .updateTable("users")
    .set({ must_change_password: value ? 1 : 0 })
    .where("id", "=", userId)
    .execute();
}

/** Every user's name by id (the version history names authors; disabled users too). */
export async function userNames(db: Db): Promise<Map<string, string>> {
  const rows = await db.selectFrom("users").select(["id", "name"]).execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** Name and organisation of the given users, for reports. */
export async function usersWithOrganisation(db: Db, ids: readonly string[]): Promise<{ id: string; name: string; organisation: string | null }[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom("users as u")
    .leftJoin("organisations as o", "o.id", "u.organisation_id")
    .select(["u.id", "u.name", "o.name as organisation"])
    .where("u.id", "in", [...ids])
    .execute();
}
