import { z } from "zod";
import { OrganisationKindSchema, type Organisation } from "../../../shared/domain/organisation";
import { AccessSchema, type ProviderSummary, type ScorecardSummary } from "../../../shared/domain/scorecard";
import { RoleSchema, type Me, type UserSummary } from "../../../shared/domain/user";
import type { NotificationSettings } from "../../../shared/domain/notifications";
import { VersionKindSchema, type PersonRef, type VersionSummary } from "../../../shared/domain/versions";

// Answer schemas for the API description only: the routes build their answers from the
// shared TypeScript types, which stay the source of truth for `hc<AppType>`. Each schema
// `satisfies` its type, so a field renamed there breaks the build here instead of the document
// silently drifting.

/** One problem of a figures, staff or agreement input (`InputIssuesError`). */
const InputIssueSchema = z.object({
  /** File name as the user named it. */
  file: z.string().optional(),
  /** 1-based line in the file. */
  line: z.number().int().optional(),
  /** Column or JSON path. */
  column: z.string().optional(),
  /** The problem in English. */
  message: z.string(),
  /** The problem in German, for the interface. */
  messageDe: z.string(),
});

/** Every error answer of the API: `{ error: { code, message } }` (see `app.onError`). */
export const ErrorAnswerSchema = z
  .object({
    error: z.object({
      /** Stable machine-readable code, e.g. `bad_request`, `not_found`, `password_change_required`. */
      code: z.string(),
      /** German message, safe to show; for a 400 of the validation it names the field (`"email: …"`). */
      message: z.string(),
      /** Only for `invalid_input`: every problem found in uploaded figures or an agreement. */
      issues: z.array(InputIssueSchema).optional(),
    }),
  })
  .meta({ description: "Fehlerantwort" });

/** `{ ok: true }`. */
export const OkSchema = z.object({ ok: z.literal(true) });

/** The logged-in user (`GET /api/me`). */
export const MeSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  isAdmin: z.boolean(),
  colour: z.string(),
  organisation: z.object({ id: z.string(), name: z.string(), kind: OrganisationKindSchema }),
  mustChangePassword: z.boolean().optional(),
}) satisfies z.ZodType<Me>;

/** The start-up probe (`GET /api/session`). */
export const SessionProbeSchema = z.object({ me: MeSchema.nullable() });

/** A user in the admin's list. */
export const AdminUserSummarySchema = MeSchema.extend({
  disabled: z.boolean(),
  recentLoginFailures: z.number().int(),
}) satisfies z.ZodType<UserSummary & { recentLoginFailures: number }>;

/** An organisation. */
export const OrganisationSchema = z.object({ id: z.string(), name: z.string(), kind: OrganisationKindSchema }) satisfies z.ZodType<Organisation>;

/** The optional mails of a user. */
export const NotificationSettingsSchema = z.object({ questionMails: z.boolean(), reminderMails: z.boolean() }) satisfies z.ZodType<NotificationSettings>;

/** A scorecard in the list. */
export const ScorecardSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  provider: z.string().nullable(),
  access: AccessSchema,
}) satisfies z.ZodType<ScorecardSummary>;

/** A provider (id and name). */
export const ProviderSummarySchema = z.object({ id: z.string(), name: z.string() }) satisfies z.ZodType<ProviderSummary>;

const PersonRefSchema = z.object({ id: z.string().nullable(), name: z.string(), colour: z.string() }) satisfies z.ZodType<PersonRef>;

/** A version without its content. */
export const VersionSummarySchema = z.object({
  id: z.number().int(),
  number: z.number().int(),
  kind: VersionKindSchema,
  name: z.string(),
  createdBy: PersonRefSchema.nullable(),
  createdAt: z.string(),
  authors: z.array(PersonRefSchema),
  upToSeq: z.number().int(),
  hash: z.string(),
}) satisfies z.ZodType<VersionSummary>;

/** `GET /api/scorecards/:id/versions`. */
export const VersionListSchema = z.object({ versions: z.array(VersionSummarySchema), canEdit: z.boolean() });

/** `DELETE /api/scorecards/:id`. */
export const DeletedScorecardSchema = z.object({ deleted: z.string(), purgeAfter: z.string() });

/** `GET /api/health`. */
export const HealthSchema = z.object({
  status: z.enum(["ok", "degraded"]),
  database: z.enum(["ok", "unavailable"]),
  engine: z.enum(["sqlite", "postgresql"]),
  node: z.string().describe("Node.js-Version des Prozesses, z. B. 24.22.3"),
  collaboration: z.record(z.string(), z.unknown()),
});

/** `GET /api/health/ready`. */
export const ReadySchema = z.union([z.object({ ready: z.literal(true) }), z.object({ ready: z.literal(false), reason: z.string() })]);
