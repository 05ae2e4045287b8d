import { lockKey, type Db } from "../persistence/db";
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
  if (hasOrganisations(db)) return false;
  const passwordHash = await hashPassword(password);
  db.transaction(() => {
    // Processes starting together on an empty PostgreSQL database seed it once.
    lockKey(db, "demo-seed");
    if (hasOrganisations(db)) return;
    const orgs = {
      funder: createOrganisation(db, DEMO_FUNDER, "funder"),
      providerA: createOrganisation(db, "Beispiel e.V. (Demo)", "provider"),
      providerB: createOrganisation(db, "Weser-Wohnverbund gGmbH (Demo)", "provider"),
    };
    createScorecard(db, store, {
      title: "BSC Sozialraumkonferenz (gemeinsam)",
      providerId: null,
      template: "starter",
    });
    for (const provider of [orgs.providerA, orgs.providerB]) {
      createScorecard(db, store, { title: `BSC ${provider.name}`, providerId: provider.id, template: "starter" });
    }
    for (const user of DEMO_USERS) {
      const id = createUser(db, { ...user, organisationId: orgs[user.org].id, passwordHash });
      if (options.mustChangePassword) setMustChangePassword(db, id, true);
    }
  })();
  return true;
}
