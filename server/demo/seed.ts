import { lockKey, transaction, type Db } from "../persistence/db";
import type { DocUpdateStore } from "../persistence/docUpdates";
import { createOrganisation, hasOrganisations } from "../persistence/organisations";
import { createUser, setMustChangePassword } from "../persistence/users";
import { hashPassword } from "../auth/passwords";
import { createScorecard } from "../scorecards/scorecardCreator";

/** The demo's funder name, as the README names it. */
export const DEMO_FUNDER = "Sozialamt Bremerhaven (Demo)";

/** The demo users: e-mail, name, organisation key, role, admin. */
export const DEMO_USERS = [
  { email: "sozialamt@demo.test", name: "Sabine Sozialamt", org: "funder", role: "editor", isAdmin: false },
  { email: "anbieter-a@demo.test", name: "Anton Anbieter-A", org: "providerA", role: "editor", isAdmin: false },
  { email: "anbieter-b@demo.test", name: "Berta Anbieter-B", org: "providerB", role: "editor", isAdmin: false },
  { email: "gast-a@demo.test", name: "Gerd Gast-A", org: "providerA", role: "viewer", isAdmin: false },
  { email: "admin@demo.test", name: "Ada Admin", org: "funder", role: "viewer", isAdmin: true },
] as const;

/** How the demo is seeded. */
export interface SeedOptions {
  /** Mark every demo user so the first login leads only to the password change (PostgreSQL, production). */
  mustChangePassword?: boolean;
}

/**
 * Fills an empty database with the demo: the funder, two providers, one scorecard per
 * provider, the shared conference scorecard with the starter goals, and five users.
 * Does nothing when the database already holds organisations.
 * @param password - the password of every demo user
 * @param options - whether the users must change it at first login
 * @returns true when the demo was created
 */
export async function seedDemo(db: Db, store: DocUpdateStore, password: string, options: SeedOptions = {}): Promise<boolean> {
  if (await hasOrganisations(db)) return false;
  // Hashed before the transaction, which awaits nothing but the database.
  const passwordHash = await hashPassword(password);
  await transaction(db, async (trx) => {
    // Processes starting together on an empty PostgreSQL database seed it once.
    await lockKey(trx, "demo-seed");
    if (await hasOrganisations(trx)) return;
    const orgs = {
      funder: await createOrganisation(trx, DEMO_FUNDER, "funder"),
      providerA: await createOrganisation(trx, "Beispiel e.V. (Demo)", "provider"),
      providerB: await createOrganisation(trx, "Weser-Wohnverbund gGmbH (Demo)", "provider"),
    };
    await createScorecard(trx, store, {
      title: "BSC Sozialraumkonferenz (gemeinsam)",
      providerId: null,
      template: "starter",
    });
    for (const provider of [orgs.providerA, orgs.providerB]) {
      await createScorecard(trx, store, { title: `BSC ${provider.name}`, providerId: provider.id, template: "starter" });
    }
    for (const user of DEMO_USERS) {
      const id = await createUser(trx, { ...user, organisationId: orgs[user.org].id, passwordHash });
      if (options.mustChangePassword) await setMustChangePassword(trx, id, true);
    }
  });
  return true;
}
