/**
 * Administration without the web UI, e.g. for a production start without demo data
 * (`SEED_DEMO=false`):
 *
 * ```
 * npm run admin -- create-organisation --name NAME --kind funder|provider
 * npm run admin -- create-user --email E --name N --organisation "NAME or ID" --role editor|viewer [--admin] [--password P]
 * npm run admin -- reset-password --email E [--password P]
 * npm run admin -- list-users
 * ```
 *
 * Works on the configured database (DATABASE_URL, DATABASE_FILE, or DATA_DIR/steuerrad.sqlite; `--db`
 * overrides), also while the server runs. Without `--password` a strong random password
 * is generated and printed once. Passwords follow the API's rule (at least 10
 * characters) and are hashed with argon2id like the server's. `reset-password` ends all
 * sessions of the user: at once for HTTP, within a minute for open collaboration connections.
 *
 * Exit codes: 0 done, 1 refused (duplicate e-mail or name, unknown user or organisation), 2 bad usage.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { loadConfig } from "../config";
import { closeDatabase, isPostgresUrl, openDatabase, transaction, type Db } from "../persistence/db";
import { createOrganisation, findOrganisation, listOrganisations } from "../persistence/organisations";
import { createUser, findUserByEmail, listUsers, updatePasswordHash } from "../persistence/users";
import { hashPassword } from "../auth/passwords";
import { invalidateUserSessions } from "../auth/sessions";
import { NewUserSchema } from "../../shared/domain/user";
import { NewOrganisationSchema } from "../../shared/domain/organisation";
import { EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, isEntryPoint, parseFlags, processOutput, runAsMain, userPath, type CliOutput, type Flags } from "./cli";

/** Usage text. */
export const ADMIN_USAGE = [
  "usage: npm run admin -- COMMAND [--db FILE] …",
  "  create-organisation --name NAME --kind funder|provider",
  "  create-user --email E --name N --organisation NAME_OR_ID --role editor|viewer [--admin] [--password P]",
  "  reset-password --email E [--password P]",
  "  list-users",
].join("\n");

/** The API's rule for new passwords. */
const PasswordSchema = NewUserSchema.shape.password;

/** A refusal with exit code 1 (as opposed to bad usage). */
class Refused extends Error {}
/** Bad usage with exit code 2. */
class Usage extends Error {}

/** A strong random password: 144 bits, 24 URL-safe characters. */
export function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}

function issuesOf(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "value"}: ${issue.message}`).join("; ");
}

function str(flags: Flags, name: string): string | undefined {
  const value = flags[name];
  return typeof value === "string" ? value : undefined;
}

function required(flags: Flags, name: string): string {
  const value = str(flags, name);
  if (value === undefined) throw new Usage(`--${name} is required`);
  return value;
}

function choosePassword(flags: Flags, out: CliOutput): { password: string; generated: boolean } {
  const given = str(flags, "password");
  if (given === undefined) return { password: generatePassword(), generated: true };
  const parsed = PasswordSchema.safeParse(given);
  if (!parsed.success) throw new Usage(`password: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  out.stderr("admin: note: a password given on the command line may stay in the shell history\n");
  return { password: given, generated: false };
}

async function handleCreateOrganisation(db: Db, flags: Flags, out: CliOutput): Promise<void> {
  const parsed = NewOrganisationSchema.safeParse({ name: required(flags, "name"), kind: required(flags, "kind") });
  if (!parsed.success) throw new Usage(issuesOf(parsed.error));
  if ((await listOrganisations(db)).some((o) => o.name === parsed.data.name)) throw new Refused(`an organisation named "${parsed.data.name}" exists already`);
  const organisation = await createOrganisation(db, parsed.data.name, parsed.data.kind);
  out.stdout(`created organisation ${organisation.name} (${organisation.kind}), id ${organisation.id}\n`);
}

async function handleCreateUser(db: Db, flags: Flags, out: CliOutput): Promise<void> {
  const reference = required(flags, "organisation");
  const email = required(flags, "email");
  const name = required(flags, "name");
  const role = required(flags, "role");
  const { password, generated } = choosePassword(flags, out);
  const matches = (await listOrganisations(db)).filter((o) => o.name === reference);
  const organisation = (await findOrganisation(db, reference)) ?? (matches.length === 1 ? matches[0] : undefined);
  if (!organisation) throw new Refused(`organisation: no organisation with the name or id "${reference}" (create it with create-organisation)`);
  const parsed = NewUserSchema.safeParse({ email, name, password, organisationId: organisation.id, role, isAdmin: flags.admin === true });
  if (!parsed.success) throw new Usage(issuesOf(parsed.error));
  if (await findUserByEmail(db, parsed.data.email)) throw new Refused(`email: ${parsed.data.email} is already in use`);
  const passwordHash = await hashPassword(parsed.data.password);
  await createUser(db, { ...parsed.data, passwordHash });
  out.stdout(
    `created user ${parsed.data.email} (${parsed.data.role}${parsed.data.isAdmin ? ", admin" : ""}) in ${organisation.name}\n` +
      (generated ? `password: ${password}\n(shown only now; pass it on securely)\n` : ""),
  );
}

async function handleResetPassword(db: Db, flags: Flags, out: CliOutput): Promise<void> {
  const email = required(flags, "email").trim().toLowerCase();
  const { password, generated } = choosePassword(flags, out);
  const user = await findUserByEmail(db, email);
  if (!user) throw new Refused(`email: no user ${email}`);
  const passwordHash = await hashPassword(password);
  const ended = await transaction(db, async (trx) => {
    await updatePasswordHash(trx, user.id, passwordHash);
    return invalidateUserSessions(trx, user.id);
  });
  out.stdout(
    `new password set for ${user.email}; ended ${ended.length} session(s)\n` +
      (generated ? `password: ${password}\n(shown only now; pass it on securely)\n` : "") +
      (user.disabledAt !== null ? "note: this user is removed and still cannot log in\n" : ""),
  );
}

async function handleListUsers(db: Db, out: CliOutput): Promise<void> {
  const users = await listUsers(db);
  if (users.length === 0) {
    out.stdout("no users\n");
    return;
  }
  for (const user of users) {
    const flags = [user.role, user.isAdmin ? "admin" : "", user.disabledAt !== null ? "removed" : ""].filter(Boolean).join(", ");
    out.stdout(`${user.email.padEnd(30)} ${user.name.padEnd(24)} ${user.organisationName.padEnd(24)} ${flags}\n`);
  }
}

const COMMANDS: Record<string, { valued: string[]; switches: string[] }> = {
  "create-organisation": { valued: ["db", "name", "kind"], switches: [] },
  "create-user": { valued: ["db", "email", "name", "organisation", "role", "password"], switches: ["admin"] },
  "reset-password": { valued: ["db", "email", "password"], switches: [] },
  "list-users": { valued: ["db"], switches: [] },
};

/**
 * Runs an admin command in-process.
 * @param argv - arguments after the script name: the command, then its flags
 * @param env - the environment (DATABASE_FILE, DATA_DIR)
 * @param out - standard output and error
 * @returns the exit code: 0 done, 1 refused, 2 bad usage
 */
export async function runAdmin(argv: readonly string[], env: Record<string, string | undefined> = process.env, out: CliOutput = processOutput): Promise<number> {
  const usageError = (message: string) => {
    out.stderr(`admin: ${message}\n${ADMIN_USAGE}\n`);
    return EXIT_USAGE;
  };
  const args = argv[0] === "--" ? argv.slice(1) : [...argv];
  const command = args[0];
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    (command === undefined ? out.stderr : out.stdout)(`${ADMIN_USAGE}\n`);
    return command === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const spec = COMMANDS[command];
  if (!spec) return usageError(`unknown command "${command}"`);
  const parsed = parseFlags(args.slice(1), spec.valued, spec.switches);
  if (parsed === "help") {
    out.stdout(`${ADMIN_USAGE}\n`);
    return EXIT_OK;
  }
  if ("error" in parsed) return usageError(parsed.error);
  const { flags } = parsed;
  let file: string;
  try {
    if (typeof flags.db === "string") file = isPostgresUrl(flags.db) ? flags.db : userPath(flags.db, env);
    else {
      const config = loadConfig(env);
      file = config.databaseUrl ?? config.databaseFile;
    }
  } catch (error) {
    return usageError((error as Error).message);
  }
  if (file === ":memory:") return usageError("an in-memory database would be lost at once");

  // Opening migrates an empty or older database, but never seeds the demo.
  const db = await openDatabase(file);
  try {
    if (command === "create-organisation") await handleCreateOrganisation(db, flags, out);
    else if (command === "create-user") await handleCreateUser(db, flags, out);
    else if (command === "reset-password") await handleResetPassword(db, flags, out);
    else await handleListUsers(db, out);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof Usage) return usageError(error.message);
    if (error instanceof Refused) {
      out.stderr(`admin: refused: ${error.message}\n`);
      return EXIT_PROBLEM;
    }
    throw error;
  } finally {
    await closeDatabase(db);
  }
}

if (isEntryPoint(import.meta.url)) runAsMain("admin", () => runAdmin(process.argv.slice(2)));
