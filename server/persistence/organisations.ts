import { randomUUID } from "node:crypto";
import type { Organisation, OrganisationKind } from "../../shared/domain/organisation";
import type { Db } from "./db";

/**
 * Creates an organisation.
 * @param db - the database
 * @param name - unique display name
 * @param kind - funder or provider
 * @returns the new organisation
 */
export async function createOrganisation(db: Db, name: string, kind: OrganisationKind): Promise<Organisation> {
  const organisation = { id: randomUUID(), name, kind };
  await db
    .insertInto("organisations")
    .values({ ...organisation, created_at: Date.now() })
    .execute();
  return organisation;
}

/**
 * Finds an organisation by id.
 * @returns the organisation, or undefined
 */
export async function findOrganisation(db: Db, id: string): Promise<Organisation | undefined> {
  const row = await db.selectFrom("organisations").select(["id", "name", "kind"]).where("id", "=", id).executeTakeFirst();
  return row && toOrganisation(row);
}

/** Whether the database holds any organisation yet (an empty database gets the demo). */
export async function hasOrganisations(db: Db): Promise<boolean> {
  const row = await db.selectFrom("organisations").select("id").limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Lists the provider organisations by name. */
export async function listProviders(db: Db): Promise<Organisation[]> {
  const rows = await db.selectFrom("organisations").select(["id", "name", "kind"]).where("kind", "=", "provider").orderBy("name").execute();
  return rows.map(toOrganisation);
}

/** Lists every organisation, the funder first, then by name. */
export async function listOrganisations(db: Db): Promise<Organisation[]> {
  const rows = await db
    .selectFrom("organisations")
    .select(["id", "name", "kind"])
    // false (the funder) sorts before true on both engines (SQLite: 0 before 1).
    .orderBy((eb) => eb("kind", "=", "provider"))
    .orderBy("name")
    .execute();
  return rows.map(toOrganisation);
}

function toOrganisation(row: { id: string; name: string; kind: string }): Organisation {
  return { id: row.id, name: row.name, kind: row.kind as OrganisationKind };
}
