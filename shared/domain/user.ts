import { z } from "zod";
import type { OrganisationKind } from "./organisation";
import { singleLineText } from "./text";

/** A user's role inside their organisation: editors write, viewers only read. */
export const RoleSchema = z.enum(["editor", "viewer"]);
export type Role = z.infer<typeof RoleSchema>;

/** What the server tells a client about the logged-in user (`GET /api/me`). */
export interface Me {
  /** User id. */
  id: string;
  /** Login e-mail. */
  email: string;
  /** Display name, shown at the caret and in the presence list. */
  name: string;
  /** Role within the organisation. */
  role: Role;
  /** Whether the user may manage users. */
  isAdmin: boolean;
  /** Caret and presence colour, assigned by the server so it is stable per user. */
  colour: string;
  /** The user's organisation. */
  organisation: { id: string; name: string; kind: OrganisationKind };
  /** A demo user who must replace the published password first (every other API call answers 403 until then). */
  mustChangePassword?: boolean;
}

/** Login request body. */
export const LoginSchema = z.object({
  /** Login e-mail. */
  email: z.string().trim().toLowerCase().email().max(320),
  /** Plain password, only ever hashed on the server. */
  password: z.string().min(1).max(1024),
});
export type Login = z.infer<typeof LoginSchema>;

/** Password change request body. */
export const PasswordChangeSchema = z.object({
  /** The current password, to prove it is really the user. */
  currentPassword: z.string().min(1).max(1024),
  /** The new password; at least 10 characters. */
  newPassword: z.string().min(10, "must have at least 10 characters").max(1024),
});

/** Admin: create a user. */
export const NewUserSchema = z.object({
  /** Login e-mail. */
  email: z.string().trim().toLowerCase().email().max(320),
  /** Display name. */
  name: z.string().trim().min(1).max(200).check(singleLineText("Name")),
  /** Initial password; at least 10 characters. */
  password: z.string().min(10, "must have at least 10 characters").max(1024),
  /** The user's organisation. */
  organisationId: z.string().min(1),
  /** Editor or viewer. */
  role: RoleSchema,
  /** May manage users. */
  isAdmin: z.boolean().default(false),
});

/** Admin: change a user's rights. */
export const UserRightsSchema = z
  .object({
    /** New role. */
    role: RoleSchema.optional(),
    /** New admin flag. */
    isAdmin: z.boolean().optional(),
  })
  .refine((value) => value.role !== undefined || value.isAdmin !== undefined, "name role or isAdmin");

/** A user as an admin sees it. */
export interface UserSummary extends Me {
  /** Whether the user was removed. */
  disabled: boolean;
}
